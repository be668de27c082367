"""Adopting p2skb (issue 17): selection, the API's surprises, configuration, suppressions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import p2skb
from p2skb.checks import checks, resolve
from tests.conftest import SEED_DIR, SEED_SOURCE
from tests.test_cli import run


def test_checks_are_selected_by_code_name_prefix_family_and_all() -> None:
    every = frozenset(checks())
    assert resolve(["P2S301", "block-sequence"]) == {"P2S301", "P2S201"}
    assert resolve(["P2S7"]) == {code for code in every if code.startswith("P2S7")}
    assert resolve(["p2s30"]) == {code for code in every if code.startswith("P2S30")}
    assert resolve(["language"]) == {"P2S601", "P2S602"}
    assert resolve(["ALL"]) == every
    assert resolve("structure, P2S201") == resolve(["structure", "P2S201"])  # one string


@pytest.mark.parametrize("selector", ["P2S9", "P2S3x", "nonsense", "P2S"])
def test_an_unknown_selector_is_a_usage_error_naming_it(selector: str) -> None:
    if selector == "P2S":  # every code starts so: a prefix of all of them
        assert resolve([selector]) == frozenset(checks())
        return
    with pytest.raises(p2skb.UsageError, match=repr(selector)):
        resolve([selector])


def test_a_lone_string_selects_what_it_names() -> None:
    article = p2skb.parse("---\nms.translationtype: MT\n---\n# T\n", path="ja-jp.md")
    assert [f.code for f in p2skb.lint(article).findings] == ["P2S402"]
    assert p2skb.lint(article, ignore="machine-translated").findings == ()
    assert [f.code for f in p2skb.diff(article, article, select="metadata").findings] == ["P2S402"]


def test_diff_of_paths_says_what_it_takes() -> None:
    with pytest.raises(TypeError, match=r"source is a str, not a p2skb\.Article"):
        p2skb.diff("en-us.md", "ja-jp.md")  # type: ignore[arg-type]


def test_the_facade_lists_only_its_names() -> None:
    names = dir(p2skb)
    assert {"parse", "parse_file", "diff", "lint", "Article", "Cause", "Severity"} <= set(names)
    assert not {"annotations", "importlib", "TYPE_CHECKING", "errors"} & set(names)
    assert p2skb.Severity.ERROR > p2skb.Severity.WARNING


def test_a_run_that_checks_nothing_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped root or --source-locale exits 2 with a message, never "No findings"."""
    source_root = tmp_path / "en" / "articles"
    source_root.mkdir(parents=True)
    shutil.copy(SEED_SOURCE, source_root / "x.md")
    empty = tmp_path / "ja" / "articels"  # mistyped, empty
    empty.mkdir(parents=True)
    code, out = run("drift", "--source-root", str(source_root), "--translation-root", str(empty))
    assert code == 2
    assert "no file under --translation-root" in capsys.readouterr().err
    assert "No findings" not in out
    code, _ = run("drift", str(SEED_DIR.parent), "--source-locale", "en-uk")
    assert code == 2
    assert "is --source-locale right?" in capsys.readouterr().err
