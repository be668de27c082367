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
        (b"---\n- a\n- b\n---\n", ":2: front matter is a YAML list"),
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
    assert "nope.md: No such file or directory" in capsys.readouterr().err


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
    assert "FILE" in capsys.readouterr().err
