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

import os
import re
import sys
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path, PurePath
from typing import TextIO, TypeVar

import attrs

from p2skb.checks import CorpusContext
from p2skb.drift import diff, lint, merge_reports, selected_checks
from p2skb.errors import P2SKBError, UsageError
from p2skb.export import to_json
from p2skb.files import tree_files
from p2skb.findings import corpus_findings
from p2skb.history import Base, SourceHistory
from p2skb.model import Article, ArticleRef, DriftReport, FrontMatter
from p2skb.parsing import DEFAULT_LIMITS, IncludeResolver, Limits, parse_file, read_front_matter
from p2skb.parsing.article import resolve_locale

__all__ = [
    "Diffed",
    "DriftJob",
    "Failure",
    "Progress",
    "Reading",
    "diff_job",
    "diffed",
    "folder_jobs",
    "lint_job",
    "markdown_files",
    "named_by_locale",
    "parse_job",
    "run",
    "tree_jobs",
    "with_bases",
]

_LOCALE_FILE = re.compile(r"[a-z]{2,3}-[a-z0-9]{2,4}\.md", re.IGNORECASE)


def named_by_locale(path: str | PurePath) -> bool:
    """Whether a file is named as an article folder's members are: ``ja-jp.md``."""
    return _LOCALE_FILE.fullmatch(PurePath(path).name) is not None


T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen
class Failure:
    """A job whose input, or part of it, could not be read."""

    message: str
    """The error's message: one line per file that could not be read."""
    partial: object = None
    """What the job made of the rest of its input, if anything: a drift job whose
    source was read and some of whose translations were not still reports on the
    others (a :class:`~p2skb.DriftReport`, or what the job function returns)."""


@attrs.frozen
class Diffed:
    """What a pair job made of its files (see :func:`diffed`)."""

    source: Article
    pairs: tuple[tuple[Article, DriftReport], ...]
    """Each translation that could be read, with its report."""
    unread: tuple[str, ...] = ()
    """The one-line message of each translation (or its base) that could not be read."""

    def outcome(self, report: R) -> R | Failure:
        """``report`` (made of the pairs), or a :class:`Failure` holding it if some were unread."""
        if not self.unread:
            return report
        return Failure("\n".join(self.unread), partial=report if self.pairs else None)


@attrs.frozen
class Reading:
    """How a job reads its files: the limits, and the include root when includes are resolved."""

    limits: Limits = DEFAULT_LIMITS
    include_root: str | None = None
    """Resolve includes under this directory (see :func:`~p2skb.parse_file`)."""

    def reader(self) -> Callable[[str, str | None], Article]:
        """What a job parses its files with (path, locale): one include resolver for them.

        A job owns its resolver, so an include shared by a source and its translations
        is read once per job, and nothing outlives the job (no cache lives in the process).
        """
        limits = self.limits
        resolver = IncludeResolver(self.include_root) if self.include_root is not None else None

        def read(path: str, locale: str | None) -> Article:
            return parse_file(path, locale=locale, limits=limits, include_root=resolver)

        return read


@attrs.frozen
class DriftJob:
    """One source and its translations, with the check selection to run."""

    source: str
    translations: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    locale: str | None = None
    reading: Reading = Reading()
    bases: tuple[Base | None, ...] = ()
    """The base revision of each translation (``None`` where none was found); empty when
    bases were not looked for."""
    alone: str | None = None
    """For a file without a counterpart, where the counterpart would be; ``None`` for a
    pair.  A source without a translation has no ``translations``; a translation
    without a source is the one of ``translations`` (``source`` is ``alone``).  The
    job reports ``missing-translation`` or ``orphan-translation``."""


def with_bases(
    jobs: Iterable[DriftJob | Failure], history: SourceHistory
) -> Iterator[DriftJob | Failure]:
    """Each job with the base revision of each of its translations, found in ``history``.

    Looked up here, in the process that reads the jobs, through the history's one
    ``git cat-file`` process, so workers (processes, or machines) need no git
    and a run starts no process per file.  Lazy: only the jobs in flight hold
    their bases' text.  A translation whose front matter cannot be read gets no
    base (its job reports why).

    Raises:
        HistoryError: a source is not in the history's repository.

    """
    for job in jobs:
        if isinstance(job, Failure):
            yield job
            continue
        bases: list[Base | None] = []
        for path in job.translations:
            try:
                front_matter = read_front_matter(path, limits=job.reading.limits)
            except P2SKBError:
                bases.append(None)
            else:
                bases.append(history.base(job.source, front_matter))
        yield attrs.evolve(job, bases=tuple(bases))


def markdown_files(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """The files given, and every ``*.md`` under the directories given, in sorted order.

    Under a directory only regular files inside it are listed (see
    :func:`~p2skb.files.tree_files`); each entry refused there (a symlink out of
    the tree, a FIFO, a directory named ``x.md``, ...) comes as a :class:`Failure`
    after the files, and is never opened.

    Raises:
        UsageError: a path is neither a file nor a directory.

    """
    for path in map(Path, paths):
        if path.is_dir():
            files, refused = tree_files(path)
            yield from files
            yield from (Failure(str(entry)) for entry in refused)
        elif os.path.lexists(path):  # a FIFO or a broken link: the reader says which
            yield path
        else:
            raise UsageError("no such file or directory", path=str(path))


def folder_jobs(
    folders: Iterable[str | Path],
    *,
    source_locale: str = "en-us",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Iterator[DriftJob | Failure]:
    """A job per article folder under ``folders``: its ``<source_locale>.md`` against the rest.

    Every folder at or below a folder given that holds the source is an article
    folder; in a folder of ``<locale>.md`` files without the source, each is an
    ``orphan-translation`` (other folders are not article folders).  Only regular files inside
    the folder given are read; each entry refused comes as a :class:`Failure`
    after the jobs (see :func:`~p2skb.files.tree_files`).
    """
    source_name = f"{source_locale}.md"
    for folder in map(Path, folders):
        files, refused = tree_files(folder)
        by_folder: dict[Path, list[Path]] = {}
        for file in files:
            by_folder.setdefault(file.parent, []).append(file)
        for article, members in sorted(by_folder.items()):
            source = article / source_name
            translations = tuple(str(file) for file in members if file.name != source_name)
            if source in members and translations:
                yield DriftJob(str(source), translations, (*select,), (*ignore,))
            elif translations and any(map(named_by_locale, translations)):
                for orphan in translations:  # an article folder without its source
                    yield DriftJob(
                        str(source), (orphan,), (*select,), (*ignore,), alone=str(source)
                    )
        yield from (Failure(str(entry)) for entry in refused)


def tree_jobs(
    source_root: str | Path,
    translation_roots: str | Path | Sequence[str | Path],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    locale: str | None = None,
    only: Collection[PurePath] | None = None,
) -> Iterator[DriftJob | Failure]:
    """A job per ``*.md`` under ``source_root`` with its translations under ``translation_roots``.

    The translation roots (one, or several: a tree per locale) hold the source's
    relative paths.  A source with counterparts (the same relative path under a
    translation root) is one job with them all; a source missing under a root,
    and a translation without a source, are jobs that report it
    (``missing-translation``, ``orphan-translation``, see :attr:`DriftJob.alone`).
    The translation's locale comes from its front matter or ``locale``.  With
    ``only`` (paths relative to the roots: the files a commit changed), only those
    are checked, a source with its translations.
    Only regular files inside each root are read; each entry refused under
    any root comes as a :class:`Failure` after the jobs.
    """
    roots = (
        [translation_roots] if isinstance(translation_roots, str | Path) else [*translation_roots]
    )
    sources, refused = tree_files(source_root)
    translated: list[dict[PurePath, Path]] = []
    for root in roots:
        files, refused_here = tree_files(root)
        refused += refused_here
        found = {PurePath(file.relative_to(root)): file for file in files}
        if only is not None:
            found = {relative: file for relative, file in found.items() if relative in only}
        translated.append(found)
    chosen = ((*select,), (*ignore,), locale)
    for source in sources:
        relative = PurePath(source.relative_to(source_root))
        if only is not None and relative not in only:
            continue
        counterparts: list[str] = []
        missing: list[str] = []
        for root, found in zip(roots, translated, strict=True):
            counterpart = found.pop(relative, None)
            if counterpart is None:
                missing.append(str(Path(root) / relative))
            else:
                counterparts.append(str(counterpart))
        if counterparts:
            yield DriftJob(str(source), tuple(counterparts), *chosen)
        for where in missing:
            yield DriftJob(str(source), (), *chosen, alone=where)
    for found in translated:
        for relative, orphan in sorted(found.items()):
            where = str(Path(source_root) / relative)
            yield DriftJob(where, (str(orphan),), *chosen, alone=where)
    for entry in refused:
        yield Failure(str(entry))


def diff_job(job: DriftJob) -> DriftReport | Failure:
    """Run one drift job (in a worker process): parse, diff each translation, merge."""
    if job.alone is not None:
        return _alone(job)
    try:
        done = diffed(job)
    except P2SKBError as error:
        return Failure(str(error))
    return done.outcome(merge_reports([report for _, report in done.pairs]))


def diffed(job: DriftJob) -> Diffed:
    """A pair job's source, and each of its translations with its report.

    What :func:`diff_job` merges; the parsed articles serve what else a worker
    makes of them (the pages of ``p2skb report``).  A translation that cannot be
    read (or whose base revision cannot) is named in :attr:`Diffed.unread`, and
    the others are still diffed.

    Raises:
        P2SKBError: the source cannot be read.

    """
    read = job.reading.reader()
    source = read(job.source, None)
    pairs = []
    unread = []
    bases: dict[tuple[str, str | None], Article] = {}  # translations share their base
    for index, path in enumerate(job.translations):
        found = job.bases[index] if job.bases else None
        try:
            base = None
            if found is not None:
                base = bases.get((found.path, found.revision))
                if base is None:
                    base = found.article(
                        job.source,
                        locale=source.locale,
                        limits=job.reading.limits,
                        include_root=job.reading.include_root,
                    )
                    bases[found.path, found.revision] = base
            translation = read(path, job.locale)
        except P2SKBError as error:
            unread.append(str(error))
            continue
        report = diff(
            source,
            translation,
            base=base,
            base_ref=found.ref if found is not None else None,
            select=job.select,
            ignore=job.ignore,
        )
        pairs.append((translation, report))
    return Diffed(source, tuple(pairs), tuple(unread))


def _alone(job: DriftJob) -> DriftReport:
    """The report of a file without a counterpart (nothing is read but its front matter)."""
    translation = bool(job.translations)
    path = job.translations[0] if translation else job.source
    context = CorpusContext(path, job.alone or "", translation=translation)
    try:
        front_matter = read_front_matter(path, limits=job.reading.limits)
    except P2SKBError:
        front_matter = FrontMatter()  # unreadable: the file's name may still say its locale
    locale = resolve_locale(job.locale if translation else None, front_matter, path)
    findings = corpus_findings(selected_checks(job.select, job.ignore), context, locale)
    return DriftReport(None, (ArticleRef(path, locale, front_matter.title or ""),), tuple(findings))


def lint_job(
    path: str,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    locale: str | None = None,
    reading: Reading = Reading(),
) -> DriftReport | Failure:
    """Lint one file (in a worker process)."""
    try:
        article = reading.reader()(path, locale)
        return lint(article, select=select, ignore=ignore)
    except P2SKBError as error:
        return Failure(str(error))


def parse_job(
    path: str,
    *,
    locale: str | None = None,
    reading: Reading = Reading(),
    indent: int | None = None,
) -> str | Failure:
    """Parse one file to its JSON text (in a worker process), indented by ``indent`` spaces."""
    try:
        return to_json(reading.reader()(path, locale), indent=indent)
    except P2SKBError as error:
        return Failure(str(error))


class Progress:
    """A one-line progress counter on a terminal's stderr (silent when it is not a terminal).

    The line is erased before each result is written (:meth:`clear`), so a report on
    the same terminal never runs into it.
    """

    def __init__(
        self, total: int | None, *, label: str, stream: TextIO | None = None, quiet: bool = False
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() and not quiet
        self.total = total
        self.label = label
        self.done = 0
        self.shown = False

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
            self.shown = True

    def clear(self) -> None:
        """Erase the line, for output to follow (the next :meth:`advance` redraws it)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        """End the progress line: erase it."""
        self.clear()


def run(
    function: Callable[[T], R],
    items: Iterable[T | Failure],
    *,
    executor: Executor | None = None,
    window: int | None = None,
) -> Iterator[R | Failure]:
    """``function`` over ``items``, results in input order, at most ``window`` jobs in flight.

    Without an executor the jobs run here, one after the other.  ``items`` is
    consumed lazily, so a generator over a huge corpus is never held in memory.
    An item that is already a :class:`Failure` (an entry the listing refused)
    comes out in its place, unchanged.
    """
    if executor is None:
        yield from (item if isinstance(item, Failure) else function(item) for item in items)
        return
    limit = window or 4 * (os.cpu_count() or 1)
    pending: deque[Future[R] | Failure] = deque()
    for item in items:
        pending.append(item if isinstance(item, Failure) else executor.submit(function, item))
        while len(pending) >= limit or isinstance(pending[0], Failure):
            done = _first(pending)
            yield done
    while pending:
        done = _first(pending)
        yield done


V = TypeVar("V")


def _first(pending: deque[Future[V] | Failure]) -> V | Failure:
    """The oldest pending result (a Failure is its own result)."""
    first = pending.popleft()
    return first if isinstance(first, Failure) else first.result()
