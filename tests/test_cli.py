from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from p2skb.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_parse_one_file_prints_one_object(seed_ja: Path) -> None:
    code, out = run("parse", str(seed_ja))
    assert code == 0
    data = json.loads(out)
    assert data["locale"] == "ja-jp"
    assert len(data["sections"]) == 24


def test_parse_jsonl_and_json_array(seed_ja: Path, seed_zh: Path) -> None:
    code, out = run("parse", str(seed_ja), str(seed_zh), "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["locale"] for line in out.splitlines()] == ["ja-jp", "zh-tw"]
    code, out = run("parse", str(seed_ja), str(seed_zh))
    assert [article["locale"] for article in json.loads(out)] == ["ja-jp", "zh-tw"]


def test_locale_option_wins(seed_ja: Path) -> None:
    _, out = run("parse", str(seed_ja), "--locale", "zh-CN")
    assert json.loads(out)["locale"] == "zh-cn"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"---\ntitle: [a\n---\n# x\n", ":3: front matter is not valid YAML"),
        (b"# ok\n\nbad \xff byte\n", ":3:5: not UTF-8: byte 0xff"),
        (
            b"\xff\xfe" + "# x\n".encode("utf-16-le"),
            ":1:1: not UTF-8: the byte order mark says UTF-16 (little-endian)",
        ),
        (
            b"\xfe\xff" + "# x\n".encode("utf-16-be"),
            ":1:1: not UTF-8: the byte order mark says UTF-16 (big-endian)",
        ),
        (
            "\ufeff# x\n".encode("utf-32-le"),
            ":1:1: not UTF-8: the byte order mark says UTF-32 (little-endian)",
        ),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    code, out = run("parse", str(path))
    assert code == 2
    assert out == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"p2skb: {path}")
    assert message in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("parse", str(tmp_path / "nope.md"))
    assert code == 2
    assert "nope.md: no such file or directory" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli(seed_zh: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "p2skb", "parse", str(seed_zh), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["locale"] == "zh-tw"


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse"])
    assert exit_info.value.code == 2
    assert "PATH" in capsys.readouterr().err


SEED_PAIR = ("ja-jp.md", "zh-tw.md")


def seed_paths(seed_ja: Path, seed_zh: Path) -> list[str]:
    return [str(seed_ja), str(seed_zh)]


def test_drift_exits_1_on_errors_and_0_below_fail_on(seed_ja: Path, seed_zh: Path) -> None:
    code, out = run("drift", *seed_paths(seed_ja, seed_zh))
    assert code == 1
    assert "P2S501 malformed-table" in out
    assert run("drift", *seed_paths(seed_ja, seed_zh), "--fail-on", "never")[0] == 0
    code, _ = run("drift", *seed_paths(seed_ja, seed_zh), "--select", "broken-emphasis")
    assert code == 0  # warnings only, below the default --fail-on error
    code, _ = run(
        "drift",
        *seed_paths(seed_ja, seed_zh),
        "--select",
        "broken-emphasis",
        "--fail-on",
        "warning",
    )
    assert code == 1


def test_select_and_ignore_take_codes_and_names(seed_ja: Path, seed_zh: Path) -> None:
    _, out = run(
        "drift", *seed_paths(seed_ja, seed_zh), "--format", "json", "--select", "P2S501,link-target"
    )
    assert {finding["name"] for finding in json.loads(out)["findings"]} == {
        "malformed-table",
        "link-target",
    }
    _, out = run(
        "drift", *seed_paths(seed_ja, seed_zh), "--format", "json", "--ignore", "P2S502,P2S304"
    )
    names = {finding["name"] for finding in json.loads(out)["findings"]}
    assert "broken-emphasis" not in names
    assert "emphasis-lost" not in names
    assert "malformed-table" in names


def test_an_unknown_check_is_a_usage_error(
    seed_ja: Path, seed_zh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("drift", *seed_paths(seed_ja, seed_zh), "--select", "no-such-check")
    assert code == 2
    assert "unknown check 'no-such-check'" in capsys.readouterr().err


def test_a_baseline_silences_known_findings_across_line_shifts(
    tmp_path: Path, seed_ja: Path, seed_zh: Path
) -> None:
    translation = tmp_path / "zh-tw.md"
    translation.write_bytes(seed_zh.read_bytes())
    baseline = tmp_path / "baseline.json"
    code, _ = run("drift", str(seed_ja), str(translation), "--write-baseline", str(baseline))
    assert code == 0  # writing a baseline accepts what it wrote
    assert json.loads(baseline.read_text(encoding="utf-8"))["version"] == 2
    # Shift every line down by two and add one new defect at the end.
    text = translation.read_text(encoding="utf-8").replace("---\n# ", "---\n\n\n# ", 1)
    translation.write_text(text + "\n| a | b |\n|---|---|---|\n", encoding="utf-8")
    code, out = run(
        "drift", str(seed_ja), str(translation), "--baseline", str(baseline), "--format", "json"
    )
    findings = json.loads(out)["findings"]
    assert [(f["name"], f["translation"]["line"]) for f in findings] == [
        ("block-sequence", 385),
        ("malformed-table", 385),
    ]
    assert code == 1


def test_a_broken_baseline_is_a_usage_error(
    tmp_path: Path, seed_ja: Path, seed_zh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[]", encoding="utf-8")
    code, _ = run("drift", *seed_paths(seed_ja, seed_zh), "--baseline", str(baseline))
    assert code == 2
    assert "not a p2skb baseline" in capsys.readouterr().err


def test_lint_runs_the_single_article_checks(seed_zh: Path, seed_ja: Path) -> None:
    code, out = run("lint", str(seed_zh), "--format", "json")
    assert code == 1
    names = {finding["name"] for finding in json.loads(out)["findings"]}
    assert names == {"malformed-table", "broken-emphasis", "machine-translated", "untranslated"}
    assert run("lint", str(seed_ja))[0] == 0


def test_checks_lists_the_catalogue() -> None:
    code, out = run("checks")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["P2S101", "missing-section", "error"]
    _, out = run("checks", "--format", "json")
    catalogue = json.loads(out)
    assert len({row["code"] for row in catalogue}) == len(catalogue) >= 21
    assert all(row["description"] for row in catalogue)


def test_align_prints_the_alignment(seed_ja: Path, seed_zh: Path) -> None:
    code, out = run("align", str(seed_zh), "--source", str(seed_ja))
    assert code == 0
    data = json.loads(out)
    assert [article["locale"] for article in data["articles"]] == ["ja-jp", "zh-tw"]
    assert len(data["rows"]) == 76


def test_sarif_output_from_the_cli(seed_ja: Path, seed_zh: Path) -> None:
    _, out = run("drift", *seed_paths(seed_ja, seed_zh), "--format", "sarif")
    assert json.loads(out)["version"] == "2.1.0"
