"""Read-only views of model content: plain text, literal text, walks with line numbers.

Every stage that needs the text of inline content or a walk over nested blocks
uses these, so "what is the text of a paragraph" has one answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

from p2skb.htmltags import is_html_markup
from p2skb.model import (
    Alert,
    Article,
    Block,
    Div,
    Emphasis,
    Heading,
    HtmlInline,
    Image,
    ImageBlock,
    IncludeInline,
    Inline,
    InlineCode,
    LineBreak,
    Link,
    ListBlock,
    Moniker,
    Paragraph,
    Quote,
    Row,
    Section,
    Strikethrough,
    Strong,
    TabGroup,
    Table,
    Text,
    Zone,
)

__all__ = [
    "CONTROL_CHARACTERS",
    "INLINE_CONTAINERS",
    "article_blocks",
    "block_runs",
    "child_blocks",
    "inline_runs",
    "located_inlines",
    "plain_text",
    "slug_text",
    "translatable_runs",
    "walk_blocks",
    "walk_sections",
]

INLINE_CONTAINERS = (Emphasis, Strong, Strikethrough, Link)
"""The inline classes that hold other inline items."""

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls but tab and newline, and DEL (carriage returns are gone once lines are split)."""


def plain_text(content: tuple[Inline, ...]) -> str:
    """The text of inline content as rendered: no markup, raw HTML left out."""
    if len(content) == 1 and type(content[0]) is Text:  # most headings and cells
        return content[0].text
    return "".join(_plain_parts(content))


def _plain_parts(content: tuple[Inline, ...]) -> Iterator[str]:
    for item in content:
        if isinstance(item, Text | InlineCode):
            yield item.text
        elif isinstance(item, LineBreak):
            yield "\n" if item.hard else " "
        elif isinstance(item, Image):
            yield item.alt
        elif isinstance(item, IncludeInline):
            yield from _plain_parts(item.title)
        elif isinstance(item, INLINE_CONTAINERS):
            yield from _plain_parts(item.children)


def slug_text(content: tuple[Inline, ...]) -> str:
    """Rendered text plus tag-shaped text that is not HTML: what DocFX slugs a heading from."""
    return "".join(
        item.html
        if isinstance(item, HtmlInline) and not is_html_markup(item.html)
        else plain_text((item,))
        for item in content
    )


def located_inlines(content: tuple[Inline, ...], line: int) -> list[tuple[int, Inline]]:
    """Every inline item (depth first) with its 1-based line, given the content's first line."""
    located: list[tuple[int, Inline]] = []
    _locate(content, line, located)
    return located


def _locate(content: tuple[Inline, ...], line: int, located: list[tuple[int, Inline]]) -> int:
    for item in content:
        located.append((line, item))
        if isinstance(item, LineBreak):
            line += 1
        elif isinstance(item, INLINE_CONTAINERS):
            line = _locate(item.children, line, located)
    return line


def walk_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    """Every section, depth first, in document order."""
    for section in sections:
        yield section
        yield from walk_sections(section.sections)


def article_blocks(article: Article) -> Iterator[Block]:
    """Every block of an article (intro and all sections, nested blocks too), in order."""
    yield from walk_blocks(article.intro)
    for section in walk_sections(article.sections):
        yield from walk_blocks(section.blocks)


def child_blocks(block: Block) -> list[tuple[Block, ...]]:
    """The runs of blocks directly inside ``block``: per list item, tab, column, or its own.

    An include's resolved content is another file's, with that file's lines: it
    is not a child here (walk ``Include.resolved`` for it).
    """
    runs = _CHILD_RUNS.get(type(block))  # one lookup: most blocks hold no blocks
    return runs(block) if runs is not None else []


def _own_blocks(block: Alert | Quote | Zone | Moniker | Div) -> list[tuple[Block, ...]]:
    return [block.blocks]


def _description(block: ImageBlock) -> list[tuple[Block, ...]]:
    return [block.description] if block.description else []


def _item_blocks(block: ListBlock) -> list[tuple[Block, ...]]:
    return [item.blocks for item in block.items]


def _tab_blocks(block: TabGroup) -> list[tuple[Block, ...]]:
    return [tab.blocks for tab in block.tabs]


def _column_blocks(block: Row) -> list[tuple[Block, ...]]:
    return [column.blocks for column in block.columns]


_CHILD_RUNS: dict[type, Callable[[Any], list[tuple[Block, ...]]]] = {
    ListBlock: _item_blocks,
    Alert: _own_blocks,
    Quote: _own_blocks,
    Zone: _own_blocks,
    Moniker: _own_blocks,
    Div: _own_blocks,
    TabGroup: _tab_blocks,
    Row: _column_blocks,
    ImageBlock: _description,
}
"""The containers among the block classes, and how to get their runs of blocks."""


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, including those inside lists, alerts, tabs, zones, ...

    With a stack of iterators rather than nested generators: a block deep in
    lists and tabs is not passed up through a generator per level.
    """
    stack: list[Iterator[Block]] = [iter(blocks)]
    while stack:
        for block in stack[-1]:
            yield block
            runs = _CHILD_RUNS.get(type(block))
            if runs is not None:
                children = runs(block)
                if children:
                    stack.append(itertools.chain.from_iterable(children))
                    break  # the children first; this level resumes after them
        else:
            stack.pop()


def translatable_runs(
    blocks: tuple[Block, ...],
) -> Iterator[tuple[str, int, tuple[Inline, ...]]]:
    """Every run of translatable inline content in ``blocks``: (what, first line, content).

    ``what`` is ``paragraph``, ``heading`` (in a container), ``header cell``,
    ``table cell``, ``tab title`` or ``alt text`` (include titles are not
    translatable: readers never see them).
    """
    for block in walk_blocks(blocks):
        yield from block_runs(block)


def block_runs(block: Block) -> Iterator[tuple[str, int, tuple[Inline, ...]]]:
    """The runs of translatable inline content one block holds itself (not its children's)."""
    if isinstance(block, Paragraph):
        yield "paragraph", block.span.start_line, block.content
    elif isinstance(block, Heading):
        yield "heading", block.span.start_line, block.title
    elif isinstance(block, Table):
        for cell in block.header.cells:
            yield "header cell", block.header.span.start_line, cell.content
        for row in block.rows:
            for cell in row.cells:
                yield "table cell", row.span.start_line, cell.content
    elif isinstance(block, TabGroup):
        for tab in block.tabs:
            yield "tab title", tab.span.start_line, tab.title
    elif isinstance(block, ImageBlock):
        yield "alt text", block.span.start_line, block.alt_text


def inline_runs(blocks: tuple[Block, ...]) -> Iterator[tuple[int, tuple[Inline, ...]]]:
    """Every run of translatable inline content in ``blocks`` with its first line."""
    for _, line, content in translatable_runs(blocks):
        yield line, content
