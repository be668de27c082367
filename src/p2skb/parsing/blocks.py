"""Converters for CommonMark and GFM blocks: paragraphs, lists, tables, code, quotes, alerts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from p2skb.model import (
    Alert,
    AlertKind,
    Block,
    CellAlignment,
    Code,
    CodeKind,
    HtmlBlock,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Table,
    TableCell,
    TableRow,
    ThematicBreak,
)
from p2skb.parsing.flow import container_blocks
from p2skb.parsing.inline import inlines

if TYPE_CHECKING:
    from markdown_it.token import Token

    from p2skb.parsing.walk import Converter, Walk

__all__ = ["CONVERTERS"]


def _paragraph(walk: Walk, opener: Token) -> Block:
    content = inlines(walk.tokens.take().children)
    walk.tokens.skip()  # paragraph_close
    return Paragraph(content, walk.span(opener))


def _list(walk: Walk, opener: Token) -> Block:
    ordered = opener.type == "ordered_list_open"
    start = int(opener.attrGet("start") or 1) if ordered else None
    items: list[ListItem] = []
    while walk.tokens.peek_type() == "list_item_open":
        item = walk.tokens.take()
        blocks = walk.too_deep(item, container_blocks(walk, "list_item_close"))
        checked = item.meta.get("checked") if isinstance(item.meta, dict) else None
        task = checked if isinstance(checked, bool) else None
        items.append(ListItem(tuple(blocks), walk.span(item), task))
    walk.tokens.skip()  # the list's closer
    return ListBlock(ordered, start, tuple(items), walk.span(opener))


def _table(walk: Walk, opener: Token) -> Block:
    rows: list[TableRow] = []
    alignments: list[CellAlignment | None] = []
    cells: list[TableCell] = []
    row_span = walk.span(opener)
    for token in walk.tokens.inside(opener):
        if token.type == "tr_open":
            cells, row_span = [], walk.span(token)
        elif token.type == "th_open":
            alignments.append(_alignment(token))
        elif token.type == "inline":
            cells.append(TableCell(inlines(token.children)))
        elif token.type == "tr_close":
            rows.append(TableRow(tuple(cells), row_span))
    header = rows[0] if rows else TableRow((), row_span)
    return Table(header, tuple(rows[1:]), tuple(alignments), walk.span(opener))


def _alignment(token: Token) -> CellAlignment | None:
    style = str(token.attrGet("style") or "")
    for alignment in CellAlignment:
        if style.endswith(alignment.value):
            return alignment
    return None


def _fence(walk: Walk, token: Token) -> Block:
    return Code(CodeKind.FENCED, token.info.strip(), token.content, walk.span(token))


def _code_block(walk: Walk, token: Token) -> Block:
    return Code(CodeKind.INDENTED, "", token.content, walk.span(token))


def _quote(walk: Walk, opener: Token) -> Block:
    blocks = container_blocks(walk, "blockquote_close")
    return Quote(tuple(walk.too_deep(opener, blocks)), walk.span(opener))


def _alert(walk: Walk, opener: Token) -> Block:
    kind = AlertKind(str(opener.meta.get("kind", "NOTE")).upper())
    if walk.tokens.peek_type() == "alert_title_open":  # a title markdown-it makes up ("Note")
        walk.tokens.skip_block(walk.tokens.take())
    blocks = container_blocks(walk, "alert_close")
    return Alert(kind, tuple(walk.too_deep(opener, blocks)), walk.span(opener))


def _html_block(walk: Walk, token: Token) -> Block:
    return HtmlBlock(token.content, walk.span(token))


def _thematic_break(walk: Walk, token: Token) -> Block:
    return ThematicBreak(walk.span(token))


CONVERTERS: Mapping[str, Converter] = {
    "paragraph_open": _paragraph,
    "bullet_list_open": _list,
    "ordered_list_open": _list,
    "table_open": _table,
    "fence": _fence,
    "code_block": _code_block,
    "blockquote_open": _quote,
    "alert_open": _alert,
    "html_block": _html_block,
    "hr": _thematic_break,
}
"""The converter of each token type that opens a CommonMark or GFM block."""
