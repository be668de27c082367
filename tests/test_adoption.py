"""Adopting p2skb (issue 17): selection, the API's surprises, configuration, suppressions."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import p2skb
from p2skb.batch import Progress
from p2skb.checks import checks, resolve
from p2skb.report.sarif import DOCS_URI, help_uri
from tests.conftest import ROOT, SEED_DIR, SEED_SOURCE
from tests.revisions import git
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
    code, out = run("lint", str(empty))  # a folder without articles: nothing was linted
    assert code == 2
    assert capsys.readouterr().err == f"p2skb: {empty}: no *.md file here: nothing to check\n"
    assert "No findings" not in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_is_erased_before_each_result() -> None:
    terminal = _Terminal()
    progress = Progress(2, label="articles", stream=terminal)
    progress.advance()
    progress.clear()  # what stream() does before the report of a result is written
    progress.advance()
    progress.close()
    assert terminal.getvalue().count("\r\x1b[K") == 2
    assert terminal.getvalue().endswith("\r\x1b[K")  # nothing left for the next output
    quiet = _Terminal()
    Progress(2, label="articles", stream=quiet, quiet=True).advance()
    assert quiet.getvalue() == ""


def test_colour_follows_no_color_and_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    zh = str(SEED_DIR / "zh-tw.md")
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured = run("lint", zh, "--select", "broken-emphasis")
    assert "\x1b[33mwarning" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain = run("lint", zh, "--select", "broken-emphasis")
    assert "\x1b[" not in plain


def test_statistics_exit_zero_quiet_and_plurals(tmp_path: Path) -> None:
    zh = str(SEED_DIR / "zh-tw.md")
    code, out = run("lint", zh, "--select", "P2S5", "--statistics")
    lines = out.splitlines()
    assert code == 1  # malformed-table is an error
    assert any(line.split()[1:] == ["P2S501", "malformed-table"] for line in lines)
    assert not any(" error " in line for line in lines[:-1])  # counts, not findings
    assert run("lint", zh, "--select", "P2S5", "--exit-zero")[0] == 0
    _, quiet = run("lint", zh, "--select", "P2S5", "--quiet")
    assert "findings:" not in quiet
    one = tmp_path / "one.md"
    one.write_text("# T\n\n| a | b |\n|---|\n| 1 | 2 |\n", encoding="utf-8")
    assert run("lint", str(one), "--select", "malformed-table")[1].endswith(
        "1 finding: 1 error, 0 warnings, 0 info\n"
    )


def test_a_usage_error_shows_the_commands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("drift", str(SEED_DIR / "ja-jp.md"))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("usage: p2skb drift")
    assert "p2skb drift: error: give a SOURCE file and TRANSLATION files" in err


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """An en-us tree and a zh-tw tree with the same relative path, as two repositories."""
    (tmp_path / "en" / "articles" / "vpn").mkdir(parents=True)
    (tmp_path / "zh" / "articles" / "vpn").mkdir(parents=True)
    shutil.copy(SEED_DIR / "ja-jp.md", tmp_path / "en" / "articles" / "vpn" / "x.md")
    shutil.copy(SEED_DIR / "zh-tw.md", tmp_path / "zh" / "articles" / "vpn" / "x.md")
    return tmp_path


def test_configuration_in_pyproject_sets_roots_selection_severities_and_ignores(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (docs / "zh" / "pyproject.toml").write_text(
        "[project]\nname = 'docs'\n\n"
        "[tool.p2skb]\n"
        'source-root = "../en/articles"\ntranslation-root = "articles"\n'
        'select = ["P2S5", "inline"]\nignore = "html-swallowed"\nfail-on = "never"\n\n'
        '[tool.p2skb.severity]\nbroken-emphasis = "info"\n\n'
        '[tool.p2skb.per-path-ignores]\n"articles/vpn/*.md" = ["P2S303"]\n\n'
        '[tool.p2skb.per-locale-ignores]\nzh-tw = ["placeholder"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(docs / "zh" / "articles")  # found from a folder below, as ruff does
    code, out = run("drift", "--format", "json")
    assert code == 0  # fail-on never
    findings = json.loads(out)["findings"]
    codes = {f["code"] for f in findings}
    assert codes <= {code for code in checks() if code.startswith(("P2S5", "P2S3"))}
    assert not codes & {"P2S305", "P2S303", "P2S306"}  # ignored, per path, per locale
    assert {f["severity"] for f in findings if f["code"] == "P2S502"} == {"info"}
    code, out = run("drift", "--format", "json", "--isolated", "--fail-on", "never",
                    "--source-root", str(docs / "en" / "articles"),
                    "--translation-root", str(docs / "zh" / "articles"))  # fmt: skip
    assert {"P2S303", "P2S201"} <= {f["code"] for f in json.loads(out)["findings"]}


def test_a_tree_per_locale_is_checked_in_one_run(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--translation-root`` repeats (and the config takes a list): every tree is checked."""
    ja = docs / "ja" / "articles" / "vpn"
    ja.mkdir(parents=True)
    shutil.copy(SEED_DIR / "ja-jp.md", ja / "x.md")
    shutil.copy(SEED_DIR / "ja-jp.md", ja / "extra.md")  # no source: an orphan
    (docs / "en" / "articles" / "vpn" / "y.md").write_text("# Y\n", encoding="utf-8")
    arguments = ("drift", "--isolated", "--format", "json", "--fail-on", "never")
    roots = ("--source-root", str(docs / "en" / "articles"),
             "--translation-root", str(docs / "zh" / "articles"),
             "--translation-root", str(docs / "ja" / "articles"))  # fmt: skip
    _, out = run(*arguments, *roots)
    report = json.loads(out)
    checked = {Path(ref["path"]).relative_to(docs).as_posix() for ref in report["translations"]}
    assert {"zh/articles/vpn/x.md", "ja/articles/vpn/x.md"} <= checked
    missing = sorted(f["message"] for f in report["findings"] if f["code"] == "P2S108")
    assert missing == [
        f"no translation at {docs / 'ja' / 'articles' / 'vpn' / 'y.md'}",
        f"no translation at {docs / 'zh' / 'articles' / 'vpn' / 'y.md'}",
    ]
    orphans = [f["translation"]["path"] for f in report["findings"] if f["code"] == "P2S107"]
    assert orphans == [str(ja / "extra.md")]
    (docs / ".p2skb.toml").write_text(
        'source-root = "en/articles"\ntranslation-root = ["zh/articles", "ja/articles"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(docs)
    _, configured = run("drift", "--format", "json", "--fail-on", "never")
    assert json.loads(configured)["translations"] == report["translations"]


def test_a_p2skb_toml_and_config_errors(
    docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / ".p2skb.toml").write_text(
        'source-root = "en/articles"\ntranslation-root = "zh/articles"\nselect = ["P2S501"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(docs)
    code, out = run("drift", "--format", "json")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"P2S501"}
    assert code == 1  # malformed-table is an error
    wrong = docs / "wrong.toml"
    wrong.write_text('select = ["P2S501"]\nfial-on = "error"\n', encoding="utf-8")
    assert run("lint", str(SEED_DIR / "zh-tw.md"), "--config", str(wrong))[0] == 2
    assert "unknown key 'fial-on'" in capsys.readouterr().err
    wrong.write_text('select = ["P2S999"]\n', encoding="utf-8")
    assert run("lint", str(SEED_DIR / "zh-tw.md"), "--config", str(wrong))[0] == 2
    err = capsys.readouterr().err
    assert f"p2skb: {wrong}: select: unknown check 'P2S999'" in err
    wrong.write_text("[severity]\nbroken-emphasis = 'fatal'\n", encoding="utf-8")
    assert run("lint", str(SEED_DIR / "zh-tw.md"), "--config", str(wrong))[0] == 2
    assert "must be one of error, warning, info, not 'fatal'" in capsys.readouterr().err


def test_a_baseline_travels_across_working_directories(
    docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Written from the localized repository, read from its parent with absolute roots."""
    monkeypatch.chdir(docs / "zh")
    roots = ("--source-root", "../en/articles", "--translation-root", "articles")
    code, _ = run("drift", *roots, "--write-baseline", ".p2skb-baseline.json")
    assert code == 0
    written = json.loads((docs / "zh" / ".p2skb-baseline.json").read_text(encoding="utf-8"))
    assert {entry["path"] for entry in written["findings"]} == {"articles/vpn/x.md"}
    capsys.readouterr()
    monkeypatch.chdir(docs)
    code, out = run(
        "drift", "--source-root", str(docs / "en" / "articles"),
        "--translation-root", "zh/articles", "--baseline", "zh/.p2skb-baseline.json",
    )  # fmt: skip
    assert code == 0
    assert out.startswith("No findings")
    entries = len({(entry["path"], entry["fingerprint"]) for entry in written["findings"]})
    assert f"{entries} of {entries} matched" in capsys.readouterr().err
    # a finding fixed since: its entry is stale, and said so
    (docs / "zh" / "articles" / "vpn" / "x.md").write_text(
        (SEED_DIR / "ja-jp.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    run("drift", "--source-root", "en/articles", "--translation-root", "zh/articles",
        "--baseline", "zh/.p2skb-baseline.json")  # fmt: skip
    assert "stale (fixed, or changed):" in capsys.readouterr().err


def test_a_baseline_of_version_1_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"version": 1, "findings": []}', encoding="utf-8")
    assert run("lint", str(SEED_DIR / "zh-tw.md"), "--baseline", str(old))[0] == 2
    assert "write it again with --write-baseline" in capsys.readouterr().err


def _lint_codes(path: Path, select: str) -> list[tuple[str, int]]:
    report = p2skb.lint(p2skb.parse_file(path), select=select)
    return [(f.code, f.translation.line) for f in report.findings]


def test_inline_suppressions_on_a_real_translation(tmp_path: Path) -> None:
    """The seed's zh-tw: a malformed table and many visible ``**``, silenced in turn."""
    lines = (SEED_DIR / "zh-tw.md").read_text(encoding="utf-8").split("\n")
    copy = tmp_path / "zh-tw.md"
    found = _lint_codes(SEED_DIR / "zh-tw.md", "P2S501,P2S502,P2S506")
    table = next(line for code, line in found if code == "P2S501")
    emphasis = [line for code, line in found if code == "P2S502"]
    assert len(emphasis) > 3
    # the next line: the table is silenced, nothing else is
    copy.write_text(
        "\n".join(
            [*lines[: table - 1], "<!-- p2skb-disable-next-line P2S501 -->", *lines[table - 1 :]]
        ),
        encoding="utf-8",
    )
    after = _lint_codes(copy, "P2S501,P2S502,P2S506")
    assert [code for code, _ in after].count("P2S501") == found.count(("P2S501", table)) - 1
    assert [code for code, _ in after].count("P2S502") == len(emphasis)
    assert "P2S506" not in [code for code, _ in after]
    # a range by name: the visible ** between the comments, and not after
    first, last = emphasis[0], emphasis[2]
    ranged = [
        *lines[: first - 1], "<!-- p2skb-disable broken-emphasis -->", *lines[first - 1 : last],
        "<!-- p2skb-enable -->", *lines[last:],
    ]  # fmt: skip
    copy.write_text("\n".join(ranged), encoding="utf-8")
    left = [line for code, line in _lint_codes(copy, "P2S502") if code == "P2S502"]
    assert len(left) == len([line for line in emphasis if line > last])
    # the whole file, and a comment that silences nothing is reported at its line
    body = lines.index("---", 1) + 1  # after the front matter
    comments = ["<!-- p2skb-disable-file P2S502 -->", "<!-- p2skb-disable-file P2S707 -->"]
    copy.write_text("\n".join([*lines[:body], *comments, *lines[body:]]), encoding="utf-8")
    assert _lint_codes(copy, "P2S502,P2S506,P2S707") == [("P2S506", body + 2)]


def test_only_the_files_given_or_changed_are_checked(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two repositories laid out as azure-docs and a localized copy."""
    for name in ("y.md", "z.md"):
        shutil.copy(SEED_DIR / "ja-jp.md", docs / "en" / "articles" / "vpn" / name)
        shutil.copy(SEED_DIR / "zh-tw.md", docs / "zh" / "articles" / "vpn" / name)
    for repository in ("en", "zh"):
        git(docs / repository, "init", "-q")
        git(docs / repository, "add", ".")
        git(docs / repository, "commit", "-qm", "articles")
    roots = ["--source-root", str(docs / "en" / "articles"),
             "--translation-root", str(docs / "zh" / "articles"), "--format", "json"]  # fmt: skip

    def checked(out: str) -> list[str]:
        return sorted(Path(t["path"]).name for t in json.loads(out)["translations"])

    # the files pre-commit passes
    _, out = run("drift", *roots, str(docs / "zh" / "articles" / "vpn" / "y.md"))
    assert checked(out) == ["y.md"]
    # what changed since a commit: a translation edited, a source edited
    assert run("drift", *roots, "--changed-since", "HEAD")[0] == 0
    assert "no article changed since HEAD" in capsys.readouterr().err
    translation = docs / "zh" / "articles" / "vpn" / "x.md"
    translation.write_text(translation.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    source = docs / "en" / "articles" / "vpn" / "z.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out = run("drift", *roots, "--changed-since", "HEAD")
    assert checked(out) == ["x.md", "z.md"]
    assert code == 1  # the seed's zh-tw has errors


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_hooks_run_on_a_changed_file(docs: Path, tmp_path: Path) -> None:
    """The real pre-commit runs this checkout's hooks in a localized repository."""
    localized = docs / "zh"
    (localized / "pyproject.toml").write_text(
        '[tool.p2skb]\nsource-root = "../en/articles"\ntranslation-root = "articles"\n'
        'select = ["P2S501", "P2S306"]\n',
        encoding="utf-8",
    )
    git(localized, "init", "-q")
    git(localized, "add", ".")
    git(localized, "commit", "-qm", "articles")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    for hook, expected in (("p2skb-drift", "P2S306 placeholder"), ("p2skb-lint", "P2S501")):
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook,
             "--files", "articles/vpn/x.md"],
            cwd=localized, capture_output=True, text=True, check=False, env=environment,
        )  # fmt: skip
        assert done.returncode == 1, done.stdout + done.stderr
        assert re.search(rf"articles/vpn/x\.md:\d+:1: {expected}", done.stdout), done.stdout


@pytest.mark.parametrize("report", ["", "health"])
def test_the_actions_drift_step_runs_locally(docs: Path, tmp_path: Path, report: str) -> None:
    """The script of action.yml's drift step, run as the runner runs it (with a report too)."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [step for step in action["runs"]["steps"] if step.get("id") == "drift"]
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "SOURCE_ROOT": str(docs / "en" / "articles"),
        "TRANSLATION_ROOT": str(docs / "zh" / "articles"),
        "SOURCE_REPO": "",
        "ARGS": "--select P2S3,P2S5 --isolated",
        "REPORT": report,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],  # noqa: S607 -- bash from PATH, as the runner's
        cwd=tmp_path, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # the step records p2skb's exit code
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"
    assert re.search(r"^::error file=.*x\.md,line=\d+,title=P2S", done.stdout, re.MULTILINE)
    table = summary.read_text(encoding="utf-8")
    assert "| zh-tw | 1 |" in table
    assert "GitHub shows 10 annotations of each kind per step" in table
    sarif = json.loads((tmp_path / "p2skb.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
    site = tmp_path / "health" / "index.html"
    assert site.is_file() == bool(report)
    if report:
        assert re.search(r'<td class="cell defects" data-locale="zh-tw"', site.read_text("utf-8"))


def test_concise_and_annotation_lines_parse_with_the_matchers() -> None:
    matcher = json.loads((ROOT / ".github" / "p2skb-problem-matcher.json").read_text())
    pattern = re.compile(matcher["problemMatcher"][0]["pattern"][0]["regexp"])
    zh = str(SEED_DIR / "zh-tw.md")
    _, concise = run("lint", zh, "--format", "concise")
    lines = concise.splitlines()
    assert lines
    for line in lines:
        match = pattern.fullmatch(line)
        assert match is not None, line
        assert (match.group(1), match.group(3)) == (zh, "1")
    _, annotations = run("lint", zh, "--format", "github")
    command = re.compile(r"::(error|warning|notice) file=([^,]+),line=(\d+),title=([^:]+)::(.+)")
    assert all(command.fullmatch(line) for line in annotations.splitlines())


def test_every_check_has_a_documentation_page_that_sarif_links_to(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("check_pages", ROOT / "docs" / "check_pages.py")
    assert spec is not None
    assert spec.loader is not None
    pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pages)
    written = {path.stem: path for path in pages.write(tmp_path)}
    assert len(written) == len(checks())
    for code, check in checks().items():
        uri = help_uri(check)
        assert uri.startswith(DOCS_URI)
        page = written[uri.removeprefix(f"{DOCS_URI}checks/").removesuffix(".html")]
        text = page.read_text(encoding="utf-8")
        assert f"<!-- p2skb-disable-next-line {code} -->" in text
        assert check.doc.splitlines()[0] in text
        assert "How to fix it" in text
        assert "The finding" in text or "under the" in text  # an example run, or a layout
