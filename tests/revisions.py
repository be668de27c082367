"""Git repositories of real en-us revisions, built for the revision-aware drift tests.

``../shared/corpus-history/<article>/en-us@YYYY-MM-DD.md`` holds older and newer
en-us revisions of some corpus articles (the date is the revision's ``ms.date``);
``tests/fixtures/corpus-history`` holds excerpts of them, carved like the corpus
excerpts, for a clone without ``../shared``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import attrs

from tests.conftest import CORPUS, FIXTURES, SHARED_CORPUS

SHARED_HISTORY = SHARED_CORPUS.parent / "corpus-history"
HISTORY = SHARED_HISTORY if CORPUS == SHARED_CORPUS else FIXTURES / "corpus-history"
"""The revisions that go with :data:`~tests.conftest.CORPUS` (whole files, or excerpts)."""

_MS_DATE = re.compile(r"^ms\.date:\s*(\d\d)/(\d\d)/(\d{4})\s*$", re.MULTILINE)
_REVISION = re.compile(r"en-us@(\d{4}-\d\d-\d\d)\.md")


def git(repository: Path, *arguments: str, date: str = "2021-01-01T12:00:00") -> str:
    """Run git in ``repository`` as a fixed author at ``date``; its output, stripped."""
    environment = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.com",
    }
    done = subprocess.run(
        ["git", "-C", str(repository), *arguments],  # noqa: S607 -- git from PATH
        capture_output=True,
        check=True,
        env=environment,
        text=True,
    )
    return done.stdout.strip()


def ms_date(text: str) -> dt.date:
    """The ``ms.date`` of an en-us article's text."""
    match = _MS_DATE.search(text)
    assert match is not None, "an en-us revision without ms.date"
    month, day, year = map(int, match.groups())
    return dt.date(year, month, day)


@attrs.frozen
class SourceRepository:
    """A repository of article folders: each ``en-us.md`` with its history, translations beside."""

    root: Path
    commits: dict[tuple[str, dt.date], str]
    """The commit of each (article, ms.date) revision."""

    def source(self, article: str) -> Path:
        """The article's en-us file (the newest revision)."""
        return self.root / article / "en-us.md"

    def translation(self, article: str, locale: str) -> Path:
        """A translation of the article, beside its source."""
        return self.root / article / f"{locale}.md"


def source_repository(
    root: Path, *, corpus: Path = CORPUS, history: Path = HISTORY
) -> SourceRepository:
    """Copy ``corpus`` to ``root`` as a git repository whose en-us files have real histories.

    Every en-us revision of an article (those in ``history`` and the corpus's
    ``en-us.md``) is committed to ``<article>/en-us.md`` in ``ms.date`` order, at
    noon of its ``ms.date``, all articles in one timeline; the translations are
    copied beside them and left untracked.
    """
    shutil.copytree(corpus, root)
    git(root, "init", "-q")
    revisions: list[tuple[dt.date, str, str]] = []
    for source in sorted(corpus.glob("*/en-us.md")):
        article = source.parent.name
        texts = [source.read_text(encoding="utf-8")]
        texts += (path.read_text(encoding="utf-8") for path in sorted(history.glob(f"{article}/*")))
        revisions += ((ms_date(text), article, text) for text in texts)
    commits: dict[tuple[str, dt.date], str] = {}
    for when, article, text in sorted(revisions):
        (root / article / "en-us.md").write_text(text, encoding="utf-8")
        git(root, "add", f"{article}/en-us.md")
        stamp = f"{when.isoformat()}T12:00:00"
        git(root, "commit", "-qm", f"{article} {when}", date=stamp)
        commits[article, when] = git(root, "rev-parse", "HEAD")
    return SourceRepository(root, commits)


def revision_text(article: str, when: dt.date, *, corpus: Path = CORPUS) -> str:
    """The text of one en-us revision of ``article`` (the corpus's, or one in the history)."""
    source = corpus / article / "en-us.md"
    text = source.read_text(encoding="utf-8")
    if ms_date(text) == when:
        return text
    for path in (HISTORY / article).glob("*.md"):
        match = _REVISION.fullmatch(path.name)
        if match and dt.date.fromisoformat(match.group(1)) == when:
            return path.read_text(encoding="utf-8")
    raise LookupError(f"no revision of {article} at {when}")
