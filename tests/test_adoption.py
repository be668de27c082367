"""Adopting p2skb (issue 17): selection, the API's surprises, configuration, suppressions."""

from __future__ import annotations

import pytest

import p2skb
from p2skb.checks import checks, resolve


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
