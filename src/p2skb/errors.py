"""Exceptions for input that cannot be read at all.

A readable article with odd Markdown never raises: its defects become
diagnostics (on the model) or findings (from the checks).  These exceptions are
for files that are missing, not UTF-8, or whose front matter is not YAML.
Every one names the file and, where known, the line and column.
"""

from __future__ import annotations

import os

__all__ = [
    "DecodeError",
    "FrontMatterError",
    "LimitError",
    "P2SKBError",
    "ReadError",
    "UsageError",
    "WriteError",
    "display_path",
]


def display_path(path: str | os.PathLike[str]) -> str:
    r"""``path`` as text that can be printed and written to JSON.

    A file name that is not UTF-8 (``caf\xe9.md`` on a Latin-1 file system)
    reaches Python with its bad bytes as lone surrogates, which no UTF-8 output
    can hold: they are shown escaped, as ``caf\xe9.md``.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class P2SKBError(Exception):
    """Base class of every error p2skb raises on purpose.

    Attributes:
        problem: what is wrong, without the location.
        path: the file it concerns, if any.
        line: 1-based line, if known.
        column: 1-based column, if known.

    ``str(error)`` is one line: ``path:line:column: problem``.

    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.problem = problem
        self.path = path if path is None else display_path(path)
        self.line = line
        self.column = column
        super().__init__(self._format())

    def _format(self) -> str:
        where = [str(part) for part in (self.path, self.line, self.column) if part is not None]
        return ":".join([*where, f" {self.problem}"]) if where else self.problem


class ReadError(P2SKBError, OSError):
    """The file does not exist or cannot be read."""


class DecodeError(P2SKBError, ValueError):
    """The file is not valid UTF-8 (line and column of the first bad byte)."""


class FrontMatterError(P2SKBError, ValueError):
    """The YAML front matter is broken: unterminated, not YAML, or not a mapping."""


class LimitError(P2SKBError, ValueError):
    """The input is over a configured limit (:class:`p2skb.Limits`): refused, not processed."""


class WriteError(P2SKBError, OSError):
    """An output file cannot be written there (or is not a regular file to replace)."""


class UsageError(P2SKBError, ValueError):
    """The caller asked for something that does not exist (an unknown check, format, ...)."""
