"""Reading article folders for the knowledge base: each folder's files, hashed and parsed."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath
from typing import TypeVar

import attrs

from p2skb.batch import Failure, markdown_files, named_by_locale
from p2skb.errors import P2SKBError, display_path
from p2skb.files import tree_files
from p2skb.kb.entries import Entry, entries
from p2skb.parsing import parse_bytes, read_article

__all__ = [
    "ArticleGroup",
    "Contents",
    "ParseJob",
    "article_groups",
    "content_hash",
    "group_entries",
    "parse_job",
    "readable_groups",
    "tree_groups",
]

T = TypeVar("T")


Contents = list[tuple[Path, bytes]]
"""The files of one article folder with their bytes."""


@attrs.frozen
class ArticleGroup:
    """One article folder: its source and translations."""

    folder: str
    files: tuple[Path, ...]


def content_hash(contents: Contents) -> str:
    """What a rebuild compares to tell whether a folder changed: its files' names and bytes."""
    digest = hashlib.sha256()
    for path, data in contents:
        digest.update(os.fsencode(path.name) + b"\0" + data + b"\0")
    return digest.hexdigest()


def article_groups(paths: Iterable[str | Path]) -> tuple[list[ArticleGroup], list[str]]:
    """The articles under the paths given, in order, and the entries refused there.

    An article folder's ``<locale>.md`` files (``ja-jp.md``) are one article; any
    other file is an article of its own, named by its path (a service folder of
    a docs tree holds many articles).  Refused entries: see
    :func:`~p2skb.batch.markdown_files`.

    Raises:
        UsageError: a path is neither a file nor a directory.

    """
    groups: dict[str, list[Path]] = {}
    refused: list[str] = []
    for found in markdown_files(paths):
        if isinstance(found, Failure):
            refused.append(found.message)
        elif named_by_locale(found):
            groups.setdefault(display_path(found.parent), []).append(found)
        else:
            groups.setdefault(display_path(found.with_suffix("")), []).append(found)
    found_groups = [
        ArticleGroup(name, tuple(sorted(set(files)))) for name, files in sorted(groups.items())
    ]
    return found_groups, refused


def tree_groups(
    source_root: str | Path, translation_roots: Iterable[str | Path]
) -> tuple[list[ArticleGroup], list[str]]:
    """The articles of parallel trees: each source with its translations at the same path.

    Named by their path under the roots (``vpn-gateway/troubleshoot``); the source
    comes first.  A translation without a source is left out and named among the
    refused entries.
    """
    sources, refused = tree_files(source_root)
    by_path: dict[PurePath, list[Path]] = {
        source.relative_to(source_root): [source] for source in sources
    }
    problems = [str(entry) for entry in refused]
    for root in translation_roots:
        files, refused_here = tree_files(root)
        problems += (str(entry) for entry in refused_here)
        for file in files:
            relative = file.relative_to(root)
            if relative in by_path:
                by_path[relative].append(file)
            else:
                problems.append(f"{display_path(file)}: a translation without a source")
    groups = [
        ArticleGroup(PurePath(relative).with_suffix("").as_posix(), tuple(files))
        for relative, files in sorted(by_path.items())
    ]
    return groups, problems


def readable_groups(
    groups: Iterable[ArticleGroup], failures: list[str]
) -> Iterator[tuple[ArticleGroup, Contents, bool]]:
    """Each article with the bytes of its files, read once for the hash and the parse.

    A file that cannot be read is named in ``failures``; the article comes with
    the others' bytes, and whether they are all its files.
    """
    for group in groups:
        contents = []
        for path in group.files:
            data = _readable(functools.partial(read_article, path), failures)
            if data is not None:
                contents.append((path, data))
        if contents:
            yield group, contents, len(contents) == len(group.files)


def group_entries(
    group: ArticleGroup,
    contents: Contents,
    source_locale: str,
    failures: list[str],
    *,
    complete: bool = True,
) -> list[Entry] | None:
    """The article's entries, its ``source_locale`` file the source.

    A file that cannot be parsed is named in ``failures``, and the entries are
    made of the others.  ``None`` when no source is left: the source locale's
    file is not among those parsed while one was not read (``complete`` false)
    or parsed; without a source-locale file at all, the first file is the source.
    """
    articles = []
    for path, data in contents:
        parse = functools.partial(parse_bytes, data, path=str(path))
        article = _readable(parse, failures)
        if article is None:
            complete = False
        else:
            articles.append(article)
    chosen = next((article for article in articles if article.locale == source_locale), None)
    if chosen is None:
        if not complete or not articles:
            return None
        chosen = articles[0]
    return entries(group.folder, chosen, [article for article in articles if article is not chosen])


@attrs.frozen
class ParseJob:
    """One article's files to parse into entries (in a worker: the job pickles)."""

    group: ArticleGroup
    contents: Contents
    source_locale: str
    complete: bool = True
    """Whether ``contents`` holds every file of the group (see :func:`group_entries`)."""


def parse_job(job: ParseJob) -> tuple[str, list[Entry] | None, list[str]]:
    """The article's entries, and why a file could not be parsed (see :func:`group_entries`)."""
    failures: list[str] = []
    found = group_entries(
        job.group, job.contents, job.source_locale, failures, complete=job.complete
    )
    return job.group.folder, found, failures


def _readable(read: Callable[[], T], failures: list[str]) -> T | None:
    """``read()``, or ``None`` with its error's one line added to ``failures``."""
    try:
        return read()
    except P2SKBError as error:
        failures.append(str(error))
        return None
