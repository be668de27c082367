r"""The literal text of a section: what its invariants are found in, and what checks search.

One definition, read from the finished model: the parser computes
``Section.invariants`` from it, and the checks search and locate values in it
(through :mod:`p2skb.analysis`), so a value the source's invariants hold is
always found in the source's literal text.

Literal text is inline content with raw inline HTML as written (so
``C:\\Users\\<UserName>\\AppData`` stays one path although ``<UserName>`` parses
as a tag), an image's alt text and an inline include's title as text, a code
span as a space (code spans are searched on their own), and a line break as a
newline; plus the text of code, HTML, raw and unknown-extension blocks, alt
texts and include titles.  Nested blocks count: a list item's, an alert's, a
tab's, a zone's text is its section's.  Subsections do not.
"""

from __future__ import annotations

import attrs

from p2skb.model import (
    Block,
    Code,
    CodeKind,
    ExtensionBlock,
    HtmlBlock,
    HtmlInline,
    Image,
    Include,
    IncludeInline,
    Inline,
    InlineCode,
    LineBreak,
    Link,
    RawBlock,
    Section,
    Text,
)
from p2skb.text import INLINE_CONTAINERS, block_runs, plain_text, walk_blocks

__all__ = ["LiteralText", "literal_run", "literal_text", "section_literal_text"]


@attrs.frozen
class LiteralText:
    """The literal text of one section, in pieces that each know their first line."""

    pieces: tuple[tuple[int, str], ...]
    """(first line, text): runs of inline content and the text of blocks, in document
    order; a newline inside a piece is a line break of the source."""
    code_spans: tuple[tuple[int, str], ...]
    """(line, text) of each code span, in document order."""
    targets: tuple[str, ...]
    """Link and image targets as written, in document order."""

    def texts(self) -> list[str]:
        """Every piece's text and every code span's: what invariants are searched in."""
        return [text for _, text in self.pieces] + [text for _, text in self.code_spans]

    def first_line(self, value: str, *, folded: bool = False) -> int | None:
        """The first line holding ``value``, or ``None`` when it is not there.

        One search per piece and code span, for its first occurrence: not every
        occurrence, so a value written thousands of times in a long paragraph costs
        one pass over the text.
        """
        wanted = value.casefold() if folded else value
        first: int | None = None
        for start, text in (*self.pieces, *self.code_spans):
            if first is not None and start >= first:
                continue  # cannot hold an earlier line
            searched = text.casefold() if folded else text
            at = searched.find(wanted)
            if at != -1:
                line = start + searched.count("\n", 0, at)
                first = line if first is None else min(first, line)
        return first


def section_literal_text(section: Section) -> LiteralText:
    """The literal text of a section's title and own blocks (nested ones included)."""
    return literal_text(section.title, section.span.start_line, section.blocks)


def literal_text(title: tuple[Inline, ...], line: int, blocks: tuple[Block, ...]) -> LiteralText:
    """The literal text of a heading's ``title`` on ``line`` and the ``blocks`` under it."""
    collector = _Collector()
    collector.run(title, line)
    for block in walk_blocks(blocks):
        collector.block(block)
    return LiteralText(tuple(collector.pieces), tuple(collector.codes), tuple(collector.targets))


def literal_run(content: tuple[Inline, ...]) -> str:
    """The literal text of one run of inline content (a newline at each line break)."""
    return _Collector().run_text(content, 1)


@attrs.define
class _Collector:
    pieces: list[tuple[int, str]] = attrs.Factory(list)
    codes: list[tuple[int, str]] = attrs.Factory(list)
    targets: list[str] = attrs.Factory(list)

    def run(self, content: tuple[Inline, ...], line: int) -> None:
        self.pieces.append((line, self.run_text(content, line)))

    def run_text(self, content: tuple[Inline, ...], line: int) -> str:
        if len(content) == 1 and type(content[0]) is Text:  # the common case
            return content[0].text
        parts: list[str] = []
        self._inline(content, line, parts)
        return "".join(parts)

    def _inline(self, content: tuple[Inline, ...], line: int, parts: list[str]) -> int:
        for item in content:
            if type(item) is Text:  # the most frequent item: the cheapest test first
                parts.append(item.text)
            elif isinstance(item, LineBreak):
                parts.append("\n")
                line += 1
            elif isinstance(item, InlineCode):
                parts.append(" ")
                self.codes.append((line, item.text))
            elif isinstance(item, HtmlInline):
                parts.append(item.html)
            elif isinstance(item, Image):
                parts.append(item.alt)
                self.targets.append(item.source)
            elif isinstance(item, IncludeInline):
                parts.append(plain_text(item.title))
            elif isinstance(item, INLINE_CONTAINERS):
                if isinstance(item, Link):
                    self.targets.append(item.target)
                line = self._inline(item.children, line, parts)
        return line

    def block(self, block: Block) -> None:
        line = block.span.start_line
        for _, run_line, content in block_runs(block):  # paragraphs, cells, tab titles, alt text
            self.run(content, run_line)
        if isinstance(block, Include):
            self.run(block.title, line)
        elif isinstance(block, Code):
            self.pieces.append((line + (block.kind is CodeKind.FENCED), block.text))
        elif isinstance(block, HtmlBlock):
            self.pieces.append((line, block.html))
        elif isinstance(block, RawBlock | ExtensionBlock):
            self.pieces.append((line, block.text))
