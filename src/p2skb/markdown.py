"""The one configured markdown-it parser every stage shares.

markdown-it-py's ``gfm-like2`` preset: CommonMark plus pipe tables,
strikethrough, task lists and ``> [!NOTE]`` alerts.  Linkify is off: a bare URL
stays text (it is still found as an invariant), and it would need another
dependency.  Link targets are kept as written: markdown-it would otherwise
percent-encode them, and drift checks compare targets across locales.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt

__all__ = ["markdown_parser"]


def _as_written(url: str) -> str:
    return url


@functools.cache
def markdown_parser() -> MarkdownIt:
    """Return the shared parser (built once; markdown-it parsers are reusable)."""
    parser = MarkdownIt("gfm-like2", {"linkify": False}).disable("linkify")
    parser.normalizeLink = _as_written  # type: ignore[method-assign]
    parser.normalizeLinkText = _as_written  # type: ignore[method-assign]
    return parser
