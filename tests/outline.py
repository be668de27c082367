"""A parsed article as a short indented outline, for the parser's fixture files.

One line per section, block, list item, tab and column: its type, its lines,
and the one thing that tells it apart (a paragraph's text, an alert's kind, a
zone's pivots, ...); then one line per diagnostic.  Written so that a case's
expected outline can be read off its Markdown.
"""

from __future__ import annotations

from p2skb.model import (
    Alert,
    Article,
    Block,
    Code,
    CodeReference,
    Div,
    ExtensionBlock,
    Heading,
    HtmlBlock,
    ImageBlock,
    Include,
    ListBlock,
    Moniker,
    Paragraph,
    Quote,
    RawBlock,
    Row,
    Section,
    Span,
    TabGroup,
    Table,
    Video,
    Zone,
)
from p2skb.text import plain_text

__all__ = ["outline"]


def outline(article: Article) -> str:
    """The outline of ``article`` (see the module docstring), ending in a newline."""
    lines: list[str] = []
    if article.anchor is not None:
        lines.append(f"title {article.title!r}")
    for block in article.intro:
        _block(block, 0, lines)
    for section in article.sections:
        _section(section, 0, lines)
    lines += [f"! {d.kind} {_lines(d.span)}" for d in article.diagnostics]
    return "".join(line + "\n" for line in lines)


def _lines(span: Span) -> str:
    return f"{span.start_line}-{span.end_line}"


def _section(section: Section, depth: int, lines: list[str]) -> None:
    shown = "".join(f" [{c.kind} {c.value}]" for c in section.shown_for)
    lines.append(
        f"{'  ' * depth}section {section.key} h{section.level} {_lines(section.span)}{shown}"
    )
    for block in section.blocks:
        _block(block, depth + 1, lines)
    for child in section.sections:
        _section(child, depth + 1, lines)


def _block(block: Block, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    lines.append(f"{indent}{block.TYPE} {_lines(block.span)}{_detail(block)}")
    for label, span, blocks in _parts(block):
        if label:
            lines.append(f"{indent}  {label} {_lines(span)}")
        for inner in blocks:
            _block(inner, depth + (2 if label else 1), lines)


def _detail(block: Block) -> str:  # noqa: PLR0911 -- one answer per block type
    if isinstance(block, Paragraph):
        return f" {plain_text(block.content)!r}"
    if isinstance(block, Heading):
        return f" h{block.level} {plain_text(block.title)!r}"
    if isinstance(block, Table):
        return f" {len(block.header.cells)}x{len(block.rows)}"
    if isinstance(block, Code):
        return f" {block.kind} {block.info!r}"
    if isinstance(block, Alert):
        return f" {block.kind}"
    if isinstance(block, ListBlock):
        return " ordered" if block.ordered else " bullet"
    if isinstance(block, HtmlBlock | RawBlock | ExtensionBlock):
        return f" {(block.html if isinstance(block, HtmlBlock) else block.text).strip()!r}"
    if isinstance(block, Include | CodeReference | ImageBlock):
        return f" {block.target if isinstance(block, Include) else block.source!r}"
    if isinstance(block, Zone):
        return f" {','.join(block.pivots)}" + (" continued" if block.continued else "")
    if isinstance(block, Moniker):
        return f" {block.range}" + (" continued" if block.continued else "")
    if isinstance(block, Div | Video):
        return f" {block.css_class if isinstance(block, Div) else block.url}"
    return ""


def _parts(block: Block) -> list[tuple[str, Span, tuple[Block, ...]]]:
    """A container's parts: (label, lines, blocks); an empty label for its own blocks."""
    if isinstance(block, ListBlock):
        return [("item", item.span, item.blocks) for item in block.items]
    if isinstance(block, TabGroup):
        return [(f"tab {tab.id}", tab.span, tab.blocks) for tab in block.tabs]
    if isinstance(block, Row):
        return [("column", column.span, column.blocks) for column in block.columns]
    if isinstance(block, Alert | Quote | Zone | Moniker | Div):
        return [("", block.span, block.blocks)]
    if isinstance(block, ImageBlock):
        return [("", block.span, block.description)]
    return []
