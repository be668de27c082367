"""Nothing escapes: no shell or eval near article content; output files stay where named."""

from __future__ import annotations

import re
from pathlib import Path

from p2skb import kb
from p2skb.baseline import write_baseline
from p2skb.drift import diff
from p2skb.parsing import parse_file
from tests.conftest import ROOT, SEED_DIR

DANGEROUS = re.compile(r"\beval\(|\bexec\(|os\.system|shell=True|\.format\(")
PROCESSES = re.compile(r"\bsubprocess\b")
GIT_ONLY = {"src/p2skb/history.py"}
"""The one module that starts processes: git, with argument lists (never a shell)."""


def test_the_library_has_no_shell_eval_or_format_string_on_input() -> None:
    lines = [
        (path.relative_to(ROOT).as_posix(), number, line)
        for path in sorted((ROOT / "src" / "p2skb").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
    ]
    assert [f"{path}:{number}" for path, number, line in lines if DANGEROUS.search(line)] == []
    starting = {path for path, _, line in lines if PROCESSES.search(line)}
    assert starting <= GIT_ONLY


def test_a_baseline_is_written_where_named_and_nowhere_else(tmp_path: Path) -> None:
    report = diff(parse_file(SEED_DIR / "ja-jp.md"), parse_file(SEED_DIR / "zh-tw.md"))
    target = tmp_path / "out" / "baseline.json"
    target.parent.mkdir()
    write_baseline(report.findings, target)
    assert sorted(path.name for path in target.parent.iterdir()) == ["baseline.json"]


def test_a_knowledge_base_build_writes_only_its_output(tmp_path: Path) -> None:
    output = tmp_path / "kb" / "kb.sqlite"
    output.parent.mkdir()
    kb.build([SEED_DIR], output, source_locale="ja-jp")
    kb.write_jsonl([SEED_DIR], output.with_suffix(".jsonl"), source_locale="ja-jp")
    assert sorted(path.name for path in output.parent.iterdir()) == [
        ".kb.jsonl.lock",  # the build locks, kept so a waiting build never races a removal
        ".kb.sqlite.lock",
        "kb.jsonl",
        "kb.sqlite",
    ]


def test_outputs_get_the_permissions_of_a_new_file_not_of_a_temporary_one(tmp_path: Path) -> None:
    import os  # noqa: PLC0415 -- only this test reads the umask

    umask = os.umask(0)
    os.umask(umask)
    output = tmp_path / "kb.sqlite"
    kb.build([SEED_DIR], output, source_locale="ja-jp")
    assert output.stat().st_mode & 0o777 == 0o666 & ~umask
    output.chmod(0o640)
    kb.build([SEED_DIR], output, source_locale="ja-jp")  # a rebuild keeps the file's mode
    assert output.stat().st_mode & 0o777 == 0o640
