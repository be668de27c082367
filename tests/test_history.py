"""The source history: revisions through renames, and the three ways to a base revision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from p2skb.history import HistoryError, SourceHistory
from p2skb.model import FrontMatter
from tests.revisions import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _article(ms_date: str, body: str) -> str:
    return f"---\ntitle: T\nms.date: {ms_date}\n---\n# T\n\n{body}\n"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """en-us/a.md in three revisions (01/2020, 06/2020 renamed from old.md, 01/2021)."""
    root = tmp_path / "docs"
    (root / "en-us").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "en-us" / "old.md").write_text(_article("01/01/2020", "first"), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2020-01-02T12:00:00")
    git(root, "mv", "en-us/old.md", "en-us/a.md")
    git(root, "commit", "-qm", "rename", date="2020-03-01T12:00:00")
    (root / "en-us" / "a.md").write_text(_article("06/01/2020", "second"), encoding="utf-8")
    git(root, "commit", "-qam", "second", date="2020-06-02T12:00:00")
    (root / "en-us" / "a.md").write_text(_article("01/01/2021", "third"), encoding="utf-8")
    git(root, "commit", "-qam", "third", date="2021-01-02T12:00:00")
    return root


def test_revisions_follow_renames_newest_first(repository: Path) -> None:
    with SourceHistory(repository) as history:
        found = history.revisions(repository / "en-us" / "a.md")
        assert [revision.path for revision in found] == [
            "en-us/a.md",
            "en-us/a.md",
            "en-us/a.md",
            "en-us/old.md",
        ]
        texts = [history.read(revision.blob) for revision in found]
        assert [text.split("\n")[-2] if text else None for text in texts] == [
            "third",
            "second",
            "first",
            "first",
        ]


def test_the_base_by_ms_date_not_later_than_the_handoff(repository: Path) -> None:
    source = repository / "en-us" / "a.md"
    with SourceHistory(repository) as history:
        base = history.base(source, FrontMatter(ms_date="06/01/2020", last_handoff="07/01/2020"))
        assert base is not None
        assert (base.way, base.text.split("\n")[-2]) == ("ms.date", "second")
        # the 01/2020 revision, found through the rename
        old = history.base(source, FrontMatter(ms_date="01/01/2020"))
        assert old is not None
        assert old.text.split("\n")[-2] == "first"
        # handed off before that revision was committed: not it
        early = FrontMatter(ms_date="06/01/2020", last_handoff="05/01/2020")
        assert history.base(source, early) is None


def test_the_base_by_commit_and_by_blob(repository: Path) -> None:
    source = repository / "en-us" / "a.md"
    first = git(repository, "rev-list", "--max-parents=0", "HEAD")
    with SourceHistory(repository) as history:
        # the source's path now; at the first commit the file was old.md: not there
        assert history.base(source, FrontMatter(source_git_commit=first)) is None
        second = history.revisions(source)[1]
        by_commit = history.base(source, FrontMatter(source_git_commit=second.commit))
        assert by_commit is not None
        assert by_commit.way == "ms.sourcegitcommit"
        assert by_commit.text.split("\n")[-2] == "second"
        by_blob = history.base(source, FrontMatter(open_loc_file_hash=second.blob))
        assert by_blob is not None
        assert (by_blob.way, by_blob.revision) == ("ms.openlocfilehash", second.commit)
        # a commit the mirror does not hold falls through to the next way
        missing = FrontMatter(source_git_commit="f" * 40, ms_date="01/01/2021")
        fallback = history.base(source, missing)
        assert fallback is not None
        assert fallback.way == "ms.date"


def test_a_directory_that_is_not_a_repository_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="not a git repository"):
        SourceHistory(tmp_path)


def test_one_reader_process_for_every_read(repository: Path) -> None:
    with SourceHistory(repository) as history:
        for revision in history.revisions(repository / "en-us" / "a.md") * 50:
            assert history.read(revision.blob) is not None
        reader = history._reader
        assert reader is not None
        assert reader.poll() is None  # one process, still serving
    assert history._reader is None
