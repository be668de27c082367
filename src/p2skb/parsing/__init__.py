"""Text to :class:`~p2skb.model.Article`: the parse stage, and only that.

The modules, in the order a parse runs them:

- :mod:`~p2skb.parsing.article` — one file's text to its article: line endings,
  front matter, the markdown-it pass, the walk, the includes;
- :mod:`~p2skb.parsing.front_matter` — the YAML front matter;
- :mod:`~p2skb.parsing.walk` — the state of the token walk (a cursor, spans, diagnostics);
- :mod:`~p2skb.parsing.sections` — headings into the section tree;
- :mod:`~p2skb.parsing.flow` — zones and monikers, and the blocks of a container;
- :mod:`~p2skb.parsing.blocks` and :mod:`~p2skb.parsing.learn` — the converters from
  token type to block, CommonMark's and Microsoft Learn's;
- :mod:`~p2skb.parsing.inline` — inline content;
- :mod:`~p2skb.parsing.includes` — reading included files under a root.

What is derived from the finished model (literal text, invariants, views the
checks share) is not the parser's: see :mod:`p2skb.literal` and :mod:`p2skb.analysis`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from p2skb.files import read_regular
from p2skb.model import Article, FrontMatter
from p2skb.parsing.article import build_article, decode_utf8, front_matter_of, normalised
from p2skb.parsing.includes import IncludeResolver
from p2skb.parsing.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "IncludeResolver",
    "Limits",
    "article_lines",
    "parse",
    "parse_bytes",
    "parse_file",
    "read_article",
    "read_front_matter",
]


def parse_file(
    path: str | Path,
    *,
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | Path | IncludeResolver | None = None,
) -> Article:
    """Read and parse one article file.

    The locale is ``locale`` if given, else ``ms.contentlocale``, else a
    locale-shaped file name (``ja-jp.md``), else ``en-us`` when the front matter
    has no ``ms.translationtype``.

    With ``include_root`` (a directory, or an :class:`IncludeResolver` to share
    its cache across calls), every block ``[!INCLUDE]`` is read and parsed into
    ``Include.resolved``; targets outside the root, cycles and unreadable files
    are diagnostics on the article, never reads.

    Raises:
        ReadError: the file is missing or unreadable.
        LimitError: the file is larger than ``limits.max_bytes``.
        DecodeError: the file is not UTF-8 (with line and column of the first bad byte).
        FrontMatterError: the YAML front matter cannot be read.

    """
    data = read_article(path, limits=limits)
    return parse_bytes(
        data, path=str(path), locale=locale, limits=limits, include_root=include_root
    )


def read_article(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of one article file, for :func:`parse_bytes` (what :func:`parse_file` reads).

    Only a regular file is read (a FIFO or device is refused without blocking),
    and never more than ``limits.max_bytes``.

    Raises:
        ReadError: the file is missing, unreadable or not a regular file.
        LimitError: the file is larger than ``limits.max_bytes``.

    """
    return read_regular(path, max_bytes=limits.max_bytes)


def article_lines(data: bytes) -> list[str]:
    """An article file's lines as the parser numbers them (the first is line 1).

    Bytes that are not UTF-8 are replaced, so that any file's lines can be shown.
    """
    return normalised(data.decode("utf-8", "replace")).split("\n")


def read_front_matter(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> FrontMatter:
    """Only the front matter of one article file (what a look-up by metadata needs).

    Raises:
        ReadError: the file is missing, unreadable or not a regular file.
        LimitError: the file is larger than ``limits.max_bytes``.
        DecodeError: the file is not UTF-8.
        FrontMatterError: the YAML front matter cannot be read.

    """
    text = decode_utf8(read_article(path, limits=limits), str(path))
    return front_matter_of(text, path=str(path), limits=limits)


def parse_bytes(
    data: bytes,
    *,
    path: str = "<bytes>",
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | Path | IncludeResolver | None = None,
) -> Article:
    """Decode UTF-8 ``data`` and parse it as :func:`parse` does; ``path`` is only recorded.

    Raises:
        DecodeError: the data is not UTF-8 (with line and column of the first bad byte).
        LimitError: the text is longer than ``limits.max_bytes`` characters.
        FrontMatterError: the YAML front matter cannot be read.

    """
    text = decode_utf8(data, path)
    return parse(text, path=path, locale=locale, limits=limits, include_root=include_root)


def parse(
    text: str,
    *,
    path: str = "<string>",
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | Path | IncludeResolver | None = None,
) -> Article:
    """Parse the text of one article.

    ``path`` is recorded and used for the locale fallback; nothing is read but
    included files when ``include_root`` is given (targets relative to ``path``,
    as :func:`parse_file` resolves them).
    Odd Markdown never raises: it becomes diagnostics on the article.

    Raises:
        TypeError: ``text`` is not a string (a path belongs to :func:`parse_file`).
        LimitError: the text is longer than ``limits.max_bytes`` characters.
        FrontMatterError: the YAML front matter cannot be read.

    """
    if not isinstance(text, str):
        hint = "; to read a file, use p2skb.parse_file(path)" if isinstance(text, Path) else ""
        message = f"parse() takes the article's text, not {type(text).__name__}{hint}"
        raise TypeError(message)
    includes = None
    if include_root is not None:
        resolver = (
            include_root
            if isinstance(include_root, IncludeResolver)
            else IncludeResolver(include_root)
        )
        includes = functools.partial(resolver.for_file, limits=limits)
    return build_article(text, path=path, locale=locale, limits=limits, includes=includes)
