"""The knowledge base against bad files, killed and concurrent builds, and odd queries."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import p2skb
from p2skb import kb
from tests.conftest import SEED_DIR
from tests.test_cli import run


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """The seed pair in one article folder (every clone has it)."""
    folder = tmp_path / "articles" / "seed"
    folder.mkdir(parents=True)
    for name in ("ja-jp.md", "zh-tw.md"):
        shutil.copy(SEED_DIR / name, folder / name)
    return tmp_path / "articles"


@pytest.fixture
def built(seed: Path, tmp_path: Path) -> Path:
    database = tmp_path / "kb.sqlite"
    kb.build([seed], database, source_locale="ja-jp")
    return database


def _older_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t(x)")


def _bit_flipped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(100, len(data), 97):  # past the header: pages and their records
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


DAMAGE = {
    "random": lambda path: path.write_bytes(os.urandom(8192)),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:3000]),
    "bit-flipped": _bit_flipped,
    "empty": lambda path: path.write_bytes(b""),
    "foreign JSON": lambda path: path.write_text('{"a": 1}\n', encoding="utf-8"),
    "foreign SQLite": _foreign_sqlite,
    "older schema": _older_schema,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_foreign_knowledge_base_is_one_line_never_a_traceback(
    built: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    DAMAGE[damage](built)
    for query in ("798", "証明書", "certificate"):
        code, out = run("kb", "search", query, "--kb", str(built))
        err = capsys.readouterr().err
        assert (code, out) == (2, ""), err
        assert err.startswith(f"p2skb: {built}: ")
        assert len(err.splitlines()) == 1


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_build_never_overwrites_a_foreign_file_without_force(
    built: Path, seed: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    DAMAGE[damage](built)
    before = built.read_bytes()
    arguments = ("kb", "build", str(seed), "-o", str(built), "--source-locale", "ja-jp")
    code, _ = run(*arguments)
    err = capsys.readouterr().err
    if damage in {"empty", "older schema"}:  # nothing to lose; ours to rebuild
        assert code == 0, err
    else:
        assert code == 2
        assert "--force" in err
        assert built.read_bytes() == before
        code, _ = run(*arguments, "--force")
        assert code == 0
    with kb.open(built) as base:
        assert base.search("798")


def test_a_killed_builds_leftovers_are_removed_by_the_next(built: Path, seed: Path) -> None:
    leftovers = [
        built.parent / f".kb.sqlite.dead{n}.tmp{end}" for n, end in enumerate(("", "-journal"))
    ]
    for path in leftovers:
        path.write_bytes(b"x" * 1000)
    kb.build([seed], built, source_locale="ja-jp")
    assert not any(path.exists() for path in leftovers)


def test_concurrent_builds_of_one_output_take_turns(seed: Path, tmp_path: Path) -> None:
    database = tmp_path / "turns.sqlite"
    results: list[kb.BuildResult] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(kb.build([seed], database, source_locale="ja-jp"))
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The second saw the first's result: without turns both would have built the folder.
    assert sorted((result.built, result.kept) for result in results) == [(0, 1), (1, 0)]


def test_a_directory_named_like_an_article_does_not_abort_a_build(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed / "seed" / "x.md").mkdir()
    code, out = run("kb", "build", str(seed), "-o", str(tmp_path / "kb.sqlite"))
    assert code == 2
    assert "1 article built" in out
    assert f"{seed / 'seed' / 'x.md'}: a directory named *.md; not read" in capsys.readouterr().err


@pytest.mark.parametrize("query", ["a\x00b", "\x00", os.fsdecode(b"caf\xe9")])
def test_a_query_that_is_not_text_is_a_usage_error(built: Path, query: str) -> None:
    with kb.open(built) as base, pytest.raises(p2skb.UsageError):
        base.search(query)


def test_a_non_utf8_argument_is_one_line(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("kb", "search", os.fsdecode(b"caf\xe9"), "--kb", str(built))
    assert code == 2
    assert "caf\\xe9" in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["-1", "0", "x"])
def test_a_limit_below_one_is_refused(built: Path, limit: str) -> None:
    with pytest.raises(SystemExit) as exited:
        run("kb", "search", "798", "--kb", str(built), "--limit", limit)
    assert exited.value.code == 2
    with kb.open(built) as base, pytest.raises(p2skb.UsageError, match="1 or more"):
        base.search("798", limit=int(limit) if limit != "x" else 0)
