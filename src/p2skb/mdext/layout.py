"""Row and column layouts.

``:::row:::`` ``:::column span="2":::`` … ``:::column-end:::`` … ``:::row-end:::``.

Tokens: ``row_open``/``row_close`` around ``column_open``/``column_close``
(``meta["span"]`` as written, or ``None``), each ``meta["closed"]`` telling
whether its end line was there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from p2skb.mdext._lines import INTERRUPTS, attributes, container, line_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

__all__ = ["layout_plugin"]

_ROW = re.compile(r":::\s*row\s*:::", re.IGNORECASE)
_ROW_END = re.compile(r":::\s*row-end\s*:::", re.IGNORECASE)
_COLUMN = re.compile(r":::\s*column(?P<attributes>\s[^:]*)?\s*:::", re.IGNORECASE)
_COLUMN_END = re.compile(r":::\s*column-end\s*:::", re.IGNORECASE)


def _rule(
    name: str, opener: re.Pattern[str], closer: re.Pattern[str]
) -> Callable[[StateBlock, int, int, bool], bool]:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:  # noqa: ARG001, FBT001 -- markdown-it's rule signature
        text = line_text(state, start)
        match = opener.fullmatch(text) if text else None
        if match is None:
            return False
        if not silent:
            found = attributes(match.groupdict().get("attributes") or "")
            container(state, start, closer, name, {"span": found.get("span")})
        return True

    return rule


def layout_plugin(md: MarkdownIt) -> None:
    """Parse rows and columns."""
    md.block.ruler.before("paragraph", "row", _rule("row", _ROW, _ROW_END), INTERRUPTS)
    md.block.ruler.before("paragraph", "column", _rule("column", _COLUMN, _COLUMN_END), INTERRUPTS)
