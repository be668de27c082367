"""A pull request's file system: symlinks out, FIFOs, devices, odd names, output targets."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import p2skb
from p2skb.files import read_regular, tree_files, writable_target
from tests.conftest import SEED_DIR
from tests.test_cli import run

PLANTED = "P2SKB_PLANTED_TEXT_0123"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """An article folder with one good pair and every kind of entry that must not be read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# {PLANTED}\n\n{PLANTED}\n", encoding="utf-8")
    root = tmp_path / "corpus"
    article = root / "a"
    article.mkdir(parents=True)
    shutil.copy(SEED_DIR / "ja-jp.md", article / "en-us.md")
    shutil.copy(SEED_DIR / "zh-tw.md", article / "zh-tw.md")
    (article / "ja-jp.md").symlink_to(outside / "secret.md")
    (article / "ko-kr.md").symlink_to("/proc/self/environ")
    (article / "de-de.md").symlink_to(article / "missing.md")
    (article / "fr-fr.md").symlink_to("fr-fr.md")
    os.mkfifo(article / "it-it.md")
    (article / "es-es.md").mkdir()
    (root / "b").symlink_to(outside)
    (article / "pt-br.md").symlink_to(article / "zh-tw.md")  # inside the tree: read
    return root


REFUSED = {
    "a/ja-jp.md": "a symlink to outside the tree",
    "a/ko-kr.md": "a symlink to outside the tree",
    "a/de-de.md": "a broken symlink",
    "a/fr-fr.md": "a symlink loop",
    "a/it-it.md": "a FIFO, not a regular file",
    "a/es-es.md": "a directory named *.md",
    "b": "a symlink to outside the tree",
}


def test_tree_files_lists_what_is_inside_and_names_the_rest(planted: Path) -> None:
    files, refused = tree_files(planted)
    assert [path.relative_to(planted).as_posix() for path in files] == [
        "a/en-us.md",
        "a/pt-br.md",
        "a/zh-tw.md",
    ]
    assert {
        Path(entry.path).relative_to(planted).as_posix(): entry.reason for entry in refused
    } == REFUSED


@pytest.mark.parametrize("command", ["parse", "lint", "drift"])
def test_corpus_mode_reads_nothing_outside_and_reports_each_refusal(
    planted: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out = run(
        command, str(planted), "--jobs", "1", *(["--format", "json"] * (command != "parse"))
    )
    err = capsys.readouterr().err
    assert code == 2
    assert PLANTED not in out + err
    assert "PATH=" not in out + err  # /proc/self/environ
    assert "Traceback" not in err
    lines = err.splitlines()
    for name, reason in REFUSED.items():
        assert sum(f"{planted / name}: {reason}; not read" in line for line in lines) == 1
    if command == "parse":
        assert len(json.loads(out)) == 3  # every readable article is still there
    else:
        assert json.loads(out)["findings"]


def test_the_report_shows_nothing_from_outside_and_names_each_refusal(
    planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    code, _ = run("report", str(planted), "--jobs", "1", "-o", str(site))
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    lines = err.splitlines()
    for name, reason in REFUSED.items():
        assert sum(f"{planted / name}: {reason}; not read" in line for line in lines) == 1
    pages = sorted(site.rglob("*.html"))
    # pt-br.md, a symlink to zh-tw.md, says zh-tw too: two translations into one locale
    assert [page.relative_to(site).as_posix() for page in pages] == [
        "articles/a.zh-tw-2.html",
        "articles/a.zh-tw.html",
        "index.html",
    ]
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="articles/a.zh-tw.html"' in overview
    assert 'href="articles/a.zh-tw-2.html"' in overview
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert PLANTED not in text
        assert "PATH=" not in text


def test_parallel_trees_read_nothing_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.md").write_text(f"# {PLANTED}\n", encoding="utf-8")
    for root, name in (("en", "ja-jp.md"), ("ja", "zh-tw.md")):
        (tmp_path / root).mkdir()
        shutil.copy(SEED_DIR / name, tmp_path / root / "good.md")
    (tmp_path / "en" / "leak.md").write_text("# Leak\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "ja" / "leak.md").symlink_to(tmp_path / "secret.md")
    code, out = run(
        "drift",
        "--source-root",
        str(tmp_path / "en"),
        "--translation-root",
        str(tmp_path / "ja"),
        "--jobs",
        "1",
    )
    err = capsys.readouterr().err
    assert code == 2
    assert PLANTED not in out + err
    assert f"{tmp_path / 'ja' / 'leak.md'}: a symlink to outside the tree; not read" in err
    assert "good.md" in out


def test_a_fifo_or_device_given_directly_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(p2skb.ReadError, match="not a regular file"):
            p2skb.parse_file(path)


def test_a_proc_file_is_read_no_further_than_the_limit() -> None:
    with pytest.raises(p2skb.LimitError, match="over the limit of 16"):
        read_regular("/proc/self/maps", max_bytes=16)


def test_a_file_name_that_is_not_utf8_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.md")
    shutil.copy(SEED_DIR / "zh-tw.md", folder / name)
    (folder / os.fsdecode(b"bad\xff.md")).write_bytes(b"# x\n\n\xff\n")
    for command in ("parse", "lint"):
        code, out = run(command, str(folder), "--jobs", "1")
        err = capsys.readouterr().err
        assert code == 2
        assert "bad\\xff.md:3:1: not UTF-8" in err
        out.encode("utf-8")  # no lone surrogates: the output is valid UTF-8
    code, out = run("parse", str(folder / name))
    assert json.loads(out)["path"].endswith("caf\\xe9.md")
    code, out = run("lint", str(folder / name), "--fail-on", "never")
    assert "caf\\xe9.md (zh-tw)" in out


def _lint_writing_baseline(target: Path) -> tuple[int, str]:
    return run("lint", str(SEED_DIR / "zh-tw.md"), "--write-baseline", str(target))


def test_a_baseline_is_never_written_over_a_file_that_is_not_regular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo, folder = tmp_path / "fifo", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    for target, kind in ((fifo, "a FIFO"), (folder, "a directory")):
        code, out = _lint_writing_baseline(target)
        err = capsys.readouterr().err
        assert code == 2
        assert out == ""  # refused before any work
        assert err == f"p2skb: {target}: {kind}, not a regular file: not replaced\n"
    assert fifo.is_fifo()
    assert folder.is_dir()


def test_a_baseline_is_written_through_a_symlink_to_a_regular_file(tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("{}", encoding="utf-8")
    link.symlink_to(real)
    code, _ = _lint_writing_baseline(link)
    assert code == 0  # the baseline was written: the run passes
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["findings"]


def test_a_missing_or_read_only_directory_is_one_line_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _lint_writing_baseline(tmp_path / "missing" / "b.json")
    assert (code, out) == (2, "")
    assert capsys.readouterr().err.startswith(f"p2skb: {tmp_path / 'missing' / 'b.json'}: cannot")
    if os.geteuid() != 0:  # root writes into read-only directories
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, out = _lint_writing_baseline(locked / "b.json")
        assert (code, out) == (2, "")
        assert "is not writable" in capsys.readouterr().err


def test_dev_null_is_never_a_target_to_replace() -> None:
    with pytest.raises(p2skb.WriteError, match="a character device, not a regular file"):
        writable_target("/dev/null")
    assert Path("/dev/null").is_char_device()


def test_a_fifo_named_on_the_command_line_is_named_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "x.md")
    code, _ = run("lint", str(tmp_path / "x.md"), "--jobs", "1")
    assert code == 2
    assert capsys.readouterr().err == (
        f"p2skb: {tmp_path / 'x.md'}: a FIFO, not a regular file; not read\n"
    )
