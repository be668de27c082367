"""Converters for Microsoft Learn extension blocks (tokens from :mod:`p2skb.mdext`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from p2skb.mdext.code_reference import CodeReferenceMeta
from p2skb.mdext.image import ImageMeta
from p2skb.mdext.include import IncludeMeta
from p2skb.mdext.layout import LayoutMeta
from p2skb.mdext.quotes import DivMeta, VideoMeta
from p2skb.mdext.tabs import TabGroupMeta, TabMeta
from p2skb.mdext.unknown import ExtensionMeta
from p2skb.model import (
    Block,
    CodeReference,
    Column,
    DiagnosticKind,
    Div,
    ExtensionBlock,
    ImageBlock,
    Include,
    Row,
    Span,
    Tab,
    TabGroup,
    Video,
)
from p2skb.parsing.flow import container_blocks
from p2skb.parsing.inline import inlines, optional, stripped, text_run
from p2skb.parsing.walk import meta

if TYPE_CHECKING:
    from markdown_it.token import Token

    from p2skb.parsing.walk import Converter, Walk

__all__ = ["CONVERTERS"]


def _unclosed(walk: Walk, opener: Token, closed: bool, end_line: str) -> None:  # noqa: FBT001 -- the token's flag
    """A diagnostic when a container's end line (``:::image-end:::``, ...) is missing."""
    if not closed:
        message = f"{opener.content} has no {end_line}; it ends with its container"
        walk.report(DiagnosticKind.UNCLOSED_EXTENSION, message, walk.span(opener))


def _required(walk: Walk, token: Token, value: object, problem: str) -> None:
    """A diagnostic when an extension lacks what it cannot work without."""
    if not value:
        walk.report(DiagnosticKind.INCOMPLETE_EXTENSION, problem, walk.span(token))


def _include(walk: Walk, token: Token) -> Block:
    found = meta(token, IncludeMeta)
    target = found["target"]
    _required(walk, token, target, "the include has no target")
    block = Include(target, text_run(found["title"]), walk.span(token))
    if target:
        walk.includes.append((block, len(walk.diagnostics)))
    return block


def _image(walk: Walk, token: Token) -> Block:
    found = meta(token, ImageMeta)
    attributes = found["attributes"]
    description: list[Block] = []
    if token.type == "learn_image_open":
        _unclosed(walk, token, found.get("closed", True), ":::image-end:::")
        description = container_blocks(walk, "learn_image_close")
        description = walk.too_deep(token, description)
    _required(walk, token, attributes.get("source"), ":::image has no source")
    return ImageBlock(
        kind=attributes.get("type", "content"),
        source=attributes.get("source", ""),
        alt_text=text_run(attributes.get("alt-text", "")),
        lightbox=attributes.get("lightbox"),
        border=attributes.get("border"),
        link=attributes.get("link"),
        loc_scope=attributes.get("loc-scope"),
        description=tuple(description),
        span=walk.span(token),
    )


def _tab_group(walk: Walk, opener: Token) -> Block:
    tabs: list[Tab] = []
    while walk.tokens.peek_type() == "tab_open":
        heading = walk.tokens.take()
        title = stripped(inlines(walk.tokens.take().children))
        blocks = container_blocks(walk, "tab_close")
        start = walk.span(heading).start_line
        end = max(start, blocks[-1].span.end_line if blocks else start)
        tab = meta(heading, TabMeta)
        tabs.append(Tab(tab["id"], title, tuple(tab["anchors"]), tuple(blocks), Span(start, end)))
    walk.tokens.skip()  # tab_group_close
    return TabGroup(tuple(tabs), meta(opener, TabGroupMeta)["closed"], walk.span(opener))


def _div(walk: Walk, opener: Token) -> Block:
    blocks = walk.too_deep(opener, container_blocks(walk, "div_close"))
    return Div(meta(opener, DivMeta)["class"], tuple(blocks), walk.span(opener))


def _video(walk: Walk, token: Token) -> Block:
    return Video(meta(token, VideoMeta)["url"], walk.span(token))


def _row(walk: Walk, opener: Token) -> Block:
    _unclosed(walk, opener, meta(opener, LayoutMeta)["closed"], ":::row-end:::")
    columns: list[Column] = []
    stray: list[Block] = []
    while (kind := walk.tokens.peek_type()) is not None and kind != "row_close":
        token = walk.tokens.take()
        if kind == "column_open":
            columns.append(_column(walk, token))
        else:
            stray.append(walk.block(token))
    walk.tokens.skip()  # row_close
    if not columns:
        stray = walk.too_deep(opener, stray)
    if stray:
        span = Span(stray[0].span.start_line, stray[-1].span.end_line)
        message = "content in a :::row::: outside its columns; kept as a column of its own"
        walk.report(DiagnosticKind.CONTENT_OUTSIDE_COLUMN, message, span)
        columns.append(Column(None, tuple(stray), span))
        columns.sort(key=lambda column: column.span.start_line)
    return Row(tuple(columns), walk.span(opener))


def _column(walk: Walk, opener: Token) -> Column:
    layout = meta(opener, LayoutMeta)
    _unclosed(walk, opener, layout["closed"], ":::column-end:::")
    blocks = walk.too_deep(opener, container_blocks(walk, "column_close"))
    return Column(optional(layout["span"]), tuple(blocks), walk.span(opener))


def _lone_column(walk: Walk, opener: Token) -> Block:
    column = _column(walk, opener)
    message = "a :::column::: outside a :::row:::; kept as a row of its own"
    walk.report(DiagnosticKind.COLUMN_OUTSIDE_ROW, message, column.span)
    return Row((column,), column.span)


def _code_reference(walk: Walk, token: Token) -> Block:
    found = meta(token, CodeReferenceMeta)
    _required(walk, token, found["source"], "the code reference has no source")
    return CodeReference(
        syntax=found["syntax"],
        language=found["language"],
        source=found["source"],
        name=optional(found["name"]),
        range=optional(found["range"]),
        highlight=optional(found["highlight"]),
        id=optional(found["id"]),
        title=text_run(found["title"]),
        span=walk.span(token),
    )


def _extension(walk: Walk, token: Token) -> Block:
    span = walk.span(token)
    name = meta(token, ExtensionMeta)["name"]
    walk.report(
        DiagnosticKind.UNKNOWN_EXTENSION, f"unknown extension {name!r}; kept as raw text", span
    )
    return ExtensionBlock(name, walk.source(span), span)


CONVERTERS: Mapping[str, Converter] = {
    "include": _include,
    "learn_image": _image,
    "learn_image_open": _image,
    "tab_group_open": _tab_group,
    "div_open": _div,
    "video": _video,
    "row_open": _row,
    "column_open": _lone_column,
    "code_reference": _code_reference,
    "extension": _extension,
}
"""The converter of each token type a Learn extension plugin makes."""
