"""The one configured markdown-it parser every stage shares.

markdown-it-py's ``gfm-like2`` preset: CommonMark plus pipe tables,
strikethrough, task lists and ``> [!NOTE]`` alerts, plus the Microsoft
Learn extensions of :mod:`p2skb.mdext` (includes, ``:::image``, tabs, ...).
Linkify is off: a bare URL stays text (it is still found as an invariant), and it would need another
dependency.  Link targets are kept as written: markdown-it would otherwise
percent-encode them, and drift checks compare targets across locales.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["markdown_parser"]


@functools.cache
def markdown_parser(max_nesting: int = 20, *, extensions: bool = True) -> MarkdownIt:
    """Return the shared parser (built once, on first use; markdown-it parsers are reusable).

    ``max_nesting`` bounds how deep blocks and inline markup nest (markdown-it's
    own default is 20); content deeper than that is not tokenized.  Without
    ``extensions`` it is markdown-it-py's preset alone: the floor the
    benchmarks measure p2skb against.
    """
    from markdown_it import MarkdownIt  # noqa: PLC0415 -- importing p2skb does not load it

    class DocsMarkdownIt(MarkdownIt):
        """markdown-it that keeps link targets and autolink text exactly as written."""

        def normalizeLink(self, url: str) -> str:  # noqa: N802 -- markdown-it's method name
            return url

        def normalizeLinkText(self, link: str) -> str:  # noqa: N802 -- markdown-it's method name
            return link

    from p2skb.mdext import PLUGINS  # noqa: PLC0415

    options = {"linkify": False, "maxNesting": max_nesting}
    parser = DocsMarkdownIt("gfm-like2", options).disable("linkify")
    for plugin in PLUGINS if extensions else ():
        parser.use(plugin)
    return parser
