"""Corpus mode: find the articles, pair sources with translations, run jobs in parallel.

Two layouts pair a source with its translations:

- **article folders** — one folder per article holding ``<locale>.md`` files
  (``corpus/<article>/en-us.md``, ``ja-jp.md``, ...), the source being the
  ``en-us`` file (or another ``source_locale``);
- **parallel trees** — ``en/articles/x/y.md`` and ``ja/articles/x/y.md``:
  the same relative path under a source root and a translation root.

:func:`run` maps a job over items with any :class:`concurrent.futures.Executor`
and yields the results in input order while keeping only a bounded number of
jobs in flight, so memory stays flat however large the corpus.  The executor
may be a :class:`~concurrent.futures.ProcessPoolExecutor` (what ``--jobs``
uses), or one that spreads work over machines, such as Dask's
``distributed.Client(...).get_executor()`` — job functions and their arguments
only need to pickle.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from p2skb.drift import diff, lint, merge_reports
from p2skb.errors import P2SKBError, UsageError
from p2skb.export import to_json
from p2skb.includes import IncludeResolver
from p2skb.model import Article, DriftReport
from p2skb.parsing import DEFAULT_LIMITS, Limits, parse_file

__all__ = [
    "DriftJob",
    "Failure",
    "Progress",
    "diff_job",
    "folder_jobs",
    "lint_job",
    "markdown_files",
    "parse_job",
    "run",
    "tree_jobs",
]

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen
class Failure:
    """A job whose input could not be read: the error's one-line message."""

    message: str


@attrs.frozen
class DriftJob:
    """One source and its translations, with the check selection to run."""

    source: str
    translations: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    locale: str | None = None
    limits: Limits = DEFAULT_LIMITS
    include_root: str | None = None
    """Resolve includes under this directory (see :func:`~p2skb.parse_file`)."""


@functools.cache
def _resolver(root: str) -> IncludeResolver:
    """One include resolver per root in each process: each included file is read once."""
    return IncludeResolver(root)


def _read(path: str, locale: str | None, limits: Limits, include_root: str | None) -> Article:
    resolver = _resolver(include_root) if include_root is not None else None
    return parse_file(path, locale=locale, limits=limits, include_root=resolver)


def markdown_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files given, and every ``*.md`` under the directories given, in sorted order.

    Raises:
        UsageError: a path is neither a file nor a directory.

    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(file for file in path.rglob("*.md") if file.is_file())
        elif path.is_file():
            yield path
        else:
            raise UsageError("no such file or directory", path=str(path))


def folder_jobs(
    folders: Iterable[str | Path],
    *,
    source_locale: str = "en-us",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Iterator[DriftJob]:
    """A job per article folder under ``folders``: its ``<source_locale>.md`` against the rest.

    A folder given directly counts as an article folder when it holds the source;
    otherwise every folder below it that holds one does.  Folders without a
    source are skipped.
    """
    source_name = f"{source_locale}.md"
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise UsageError("not a directory", path=str(folder))
        candidates = [folder] if (folder / source_name).is_file() else []
        candidates += sorted(
            source.parent for source in folder.rglob(source_name) if source.parent != folder
        )
        for article in candidates:
            translations = sorted(
                str(file)
                for file in article.glob("*.md")
                if file.name != source_name and file.is_file()
            )
            if translations:
                yield DriftJob(
                    str(article / source_name), tuple(translations), (*select,), (*ignore,)
                )


def tree_jobs(
    source_root: str | Path,
    translation_root: str | Path,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    locale: str | None = None,
) -> Iterator[DriftJob]:
    """A job per ``*.md`` under ``source_root`` that has a counterpart under ``translation_root``.

    Files under the source root without a translation are skipped (nothing to
    compare); the translation's locale comes from its front matter or ``locale``.
    """
    sources, translations = Path(source_root), Path(translation_root)
    for root in (sources, translations):
        if not root.is_dir():
            raise UsageError("not a directory", path=str(root))
    for source in sorted(sources.rglob("*.md")):
        counterpart = translations / source.relative_to(sources)
        if counterpart.is_file():
            yield DriftJob(str(source), (str(counterpart),), (*select,), (*ignore,), locale)


def diff_job(job: DriftJob) -> DriftReport | Failure:
    """Run one drift job (in a worker process): parse, diff each translation, merge."""
    try:
        source = _read(job.source, None, job.limits, job.include_root)
        reports = [
            diff(
                source,
                _read(path, job.locale, job.limits, job.include_root),
                select=job.select,
                ignore=job.ignore,
            )
            for path in job.translations
        ]
    except P2SKBError as error:
        return Failure(str(error))
    return merge_reports(reports)


def lint_job(
    path: str,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | None = None,
) -> DriftReport | Failure:
    """Lint one file (in a worker process)."""
    try:
        article = _read(path, locale, limits, include_root)
        return lint(article, select=select, ignore=ignore)
    except P2SKBError as error:
        return Failure(str(error))


def parse_job(
    path: str,
    *,
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | None = None,
) -> str | Failure:
    """Parse one file to its JSON text (in a worker process)."""
    try:
        return to_json(_read(path, locale, limits, include_root))
    except P2SKBError as error:
        return Failure(str(error))


class Progress:
    """A one-line progress counter on a terminal's stderr (silent when it is not a terminal)."""

    def __init__(self, total: int | None, *, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.total = total
        self.label = label
        self.done = 0

    def advance(self) -> None:
        """Count one more finished item and redraw."""
        self.done += 1
        if self.enabled:
            of = f"/{self.total}" if self.total is not None else ""
            width = 30
            filled = width * self.done // self.total if self.total else 0
            bar = f"[{'#' * filled}{'.' * (width - filled)}] " if self.total else ""
            self.stream.write(f"\r{bar}{self.done}{of} {self.label}")
            self.stream.flush()

    def close(self) -> None:
        """End the progress line."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def run(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    executor: Executor | None = None,
    window: int | None = None,
) -> Iterator[R]:
    """``function`` over ``items``, results in input order, at most ``window`` jobs in flight.

    Without an executor the jobs run here, one after the other.  ``items`` is
    consumed lazily, so a generator over a huge corpus is never held in memory.
    """
    if executor is None:
        yield from map(function, items)
        return
    limit = window or 4 * (os.cpu_count() or 1)
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(executor.submit(function, item))
        if len(pending) >= limit:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
