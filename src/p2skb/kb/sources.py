"""Reading article folders for the knowledge base: each folder's files, hashed and parsed."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import attrs

from p2skb.batch import Failure, markdown_files
from p2skb.errors import P2SKBError, display_path
from p2skb.kb.entries import Entry, entries
from p2skb.parsing import parse_bytes, read_article

__all__ = [
    "ArticleGroup",
    "Contents",
    "article_groups",
    "content_hash",
    "group_entries",
    "readable_groups",
]

T = TypeVar("T")


Contents = list[tuple[Path, bytes]]
"""The files of one article folder with their bytes."""


@attrs.frozen
class ArticleGroup:
    """One article folder: its source and translations."""

    folder: str
    files: tuple[Path, ...]

    def read(self) -> Contents:
        """Each file with its bytes, read once for both the content hash and the parse."""
        return [(path, read_article(path)) for path in self.files]


def content_hash(contents: Contents) -> str:
    """What a rebuild compares to tell whether a folder changed: its files' names and bytes."""
    digest = hashlib.sha256()
    for path, data in contents:
        digest.update(os.fsencode(path.name) + b"\0" + data + b"\0")
    return digest.hexdigest()


def article_groups(paths: Iterable[str | Path]) -> tuple[list[ArticleGroup], list[str]]:
    """Article folders (every folder holding ``*.md``) under the paths given, in order.

    Also the entries refused under them (see :func:`~p2skb.batch.markdown_files`).

    Raises:
        UsageError: a path is neither a file nor a directory.

    """
    folders: dict[Path, list[Path]] = {}
    refused: list[str] = []
    for found in markdown_files(paths):
        if isinstance(found, Failure):
            refused.append(found.message)
        else:
            folders.setdefault(found.parent, []).append(found)
    groups = [
        ArticleGroup(display_path(folder), tuple(sorted(set(files))))
        for folder, files in sorted(folders.items())
    ]
    return groups, refused


def readable_groups(
    groups: Iterable[ArticleGroup], failures: list[str]
) -> Iterator[tuple[ArticleGroup, Contents]]:
    """Each folder with its files' bytes.

    A folder with a file that cannot be read is named in ``failures`` and left out.
    """
    for group in groups:
        contents = _readable(group.read, failures)
        if contents is not None:
            yield group, contents


def group_entries(
    group: ArticleGroup, contents: Contents, source_locale: str, failures: list[str]
) -> list[Entry] | None:
    """The folder's entries, its ``source_locale`` file the source.

    ``None``, with the error named in ``failures``, when a file cannot be parsed.
    """
    return _readable(functools.partial(_entries, group, contents, source_locale), failures)


def _entries(group: ArticleGroup, contents: Contents, source_locale: str) -> list[Entry]:
    articles = [parse_bytes(data, path=str(path)) for path, data in contents]
    chosen = next((a for a in articles if a.locale == source_locale), articles[0])
    return entries(group.folder, chosen, [a for a in articles if a is not chosen])


def _readable(read: Callable[[], T], failures: list[str]) -> T | None:
    """``read()``, or ``None`` with its error's one line added to ``failures``."""
    try:
        return read()
    except P2SKBError as error:
        failures.append(str(error))
        return None
