"""Row and column layouts.

``:::row:::`` ``:::column span="2":::`` … ``:::column-end:::`` … ``:::row-end:::``.

Tokens: ``row_open``/``row_close`` around ``column_open``/``column_close``
(``meta["span"]`` as written, or ``None``), each ``meta["closed"]`` telling
whether its end line was there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from p2skb.mdext._lines import LineRule, add_line_rule, attributes, container

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

__all__ = ["LayoutMeta", "layout_plugin"]


class LayoutMeta(TypedDict):
    """The ``meta`` of a ``row_open`` or ``column_open`` token."""

    span: str | None
    closed: bool


_ROW = re.compile(r":::\s*row\s*:::", re.IGNORECASE)
_ROW_END = re.compile(r":::\s*row-end\s*:::", re.IGNORECASE)
_COLUMN = re.compile(r":::\s*column(?P<attributes>\s[^:]*)?\s*:::", re.IGNORECASE)
_COLUMN_END = re.compile(r":::\s*column-end\s*:::", re.IGNORECASE)


def _rule(name: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> LineRule:
    def rule(state: StateBlock, start: int, text: str, silent: bool) -> bool:  # noqa: FBT001 -- as markdown-it's rules
        match = opener.fullmatch(text)
        if match is None:
            return False
        if not silent:
            found = attributes(match.groupdict().get("attributes") or "")
            container(state, start, closer, name, {"span": found.get("span")})
        return True

    return rule


def layout_plugin(md: MarkdownIt) -> None:
    """Parse rows and columns."""
    add_line_rule(md, _rule("row", _ROW, _ROW_END))
    add_line_rule(md, _rule("column", _COLUMN, _COLUMN_END))
