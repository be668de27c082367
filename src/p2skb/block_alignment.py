"""Pair the blocks of two aligned sections at every depth, and their runs of inline text.

Sections are aligned by :mod:`p2skb.alignment`; this module goes inside a pair.
Blocks are compared as sequences of kinds (a zone or moniker counts with its
pivot or range), so where the kinds agree the blocks stand for each other, and
the containers among them are paired part by part: list items and table rows
by what they hold that translation keeps (code spans, link targets, numbers),
tabs by id, columns and the rest in order.  Code blocks the kind sequence left
unpaired are paired by their text.  Two sections whose blocks have the same
shape at every depth (most of them) are paired one to one without a sequence
diff.  Runs of blocks whose kind changed while their text stayed (a paragraph
the source wrote as a broken table) are marked *reshaped*: their values are
still compared.

The result answers "which source block is this translation block" for the
block checks, "which source paragraph, cell or item is this run" for the
inline checks (so a value is compared where it is, and reported there), and
"where do the kinds differ" for ``block-sequence``.
"""

from __future__ import annotations

import collections
import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeVar

import attrs

from p2skb.model import (
    Alert,
    Block,
    Code,
    Column,
    Div,
    HtmlBlock,
    Image,
    ImageBlock,
    Inline,
    InlineCode,
    Link,
    ListBlock,
    ListItem,
    Moniker,
    Paragraph,
    Quote,
    Row,
    Section,
    Tab,
    TabGroup,
    Table,
    TableRow,
    Zone,
)
from p2skb.text import (
    block_runs,
    child_blocks,
    located_inlines,
    plain_text,
    translatable_runs,
    walk_blocks,
)

__all__ = [
    "BlockAlignment",
    "KindDifference",
    "Run",
    "RunLookup",
    "SectionParts",
    "align_blocks",
    "opcodes",
]

T = TypeVar("T")

Opcode = tuple[str, int, int, int, int]

DIFF_LIMIT = 400
"""Past this many differing items in one sequence, the difference is taken whole: a
sequence diff costs time quadratic in their number."""

_CODE_CANDIDATES = 64
"""At most this many unpaired code blocks a side are paired by text (the pairing is quadratic)."""

_CONDITIONAL = (Zone, Moniker, TabGroup)
"""Blocks shown for a pivot, range or tab: a change of them is zone-, moniker- or
tab-mismatch's, and what they hold is not reshaped text."""

_CODE_SIMILARITY = 0.6
"""How alike (difflib's ratio of their lines) two code blocks must be to be paired by text."""


class Run:
    """A run of translatable inline content: a title, paragraph, cell, alt text, ..."""

    __slots__ = ("_items", "content", "line")

    def __init__(self, line: int, content: tuple[Inline, ...]) -> None:
        self.line = line
        self.content = content
        self._items: tuple[tuple[int, Inline], ...] | None = None

    @property
    def items(self) -> tuple[tuple[int, Inline], ...]:
        """Every inline item of the run (depth first) with its line, located once."""
        if self._items is None:
            self._items = tuple(located_inlines(self.content, self.line))
        return self._items

    def __repr__(self) -> str:
        return f"Run(line={self.line}, content={self.content!r})"


@attrs.frozen
class KindDifference:
    """Blocks whose kinds differ between source and translation, where they differ."""

    source: tuple[Block, ...]
    translation: tuple[Block, ...]
    line: int
    """The translation line: its first block, or where the source's blocks would be."""


@attrs.frozen
class BlockAlignment:
    """Two sections' blocks paired at every depth (see the module docstring)."""

    pairs: tuple[tuple[Block, Block], ...]
    """(source block, translation block), in the source's document order."""
    runs: tuple[tuple[Run | None, Run | None], ...]
    """(source run, translation run), ``None`` on the side that has no counterpart, in
    document order (a run only the source has comes where it belongs)."""
    differences: tuple[KindDifference, ...]
    reshaped: frozenset[int] = frozenset()
    """Indexes of the runs (without a counterpart) of blocks whose kind changed where
    the other side has text too (a paragraph that became a table): their content is
    still there, in another shape, and is compared as such.  A code block that became
    a paragraph, or text put in or taken out of zones, monikers or tabs, is not
    reshaped text: block-sequence and the zone, moniker and tab checks report it."""

    def pairs_of(self, kind: type[T]) -> list[tuple[T, T]]:
        """The pairs of blocks of one class."""
        return [
            (source, translation)
            for source, translation in self.pairs
            if isinstance(source, kind) and isinstance(translation, kind)
        ]


def opcodes(source: Sequence[object], translation: Sequence[object]) -> list[Opcode]:
    """Difflib's opcodes for two sequences, in linear time when they are long.

    The common start and end are equal; only the middle is diffed, and a middle
    longer than :data:`DIFF_LIMIT` is one replacement.
    """
    if source == translation:
        return [("equal", 0, len(source), 0, len(translation))] if source else []
    shorter = min(len(source), len(translation))
    head = 0
    while head < shorter and source[head] == translation[head]:
        head += 1
    tail = 0
    while tail < shorter - head and source[-1 - tail] == translation[-1 - tail]:
        tail += 1
    middle = (head, len(source) - tail, head, len(translation) - tail)
    if max(middle[1] - middle[0], middle[3] - middle[2]) > DIFF_LIMIT:
        inner: list[Opcode] = [("replace", *middle)]
    else:
        matcher = difflib.SequenceMatcher(
            a=source[middle[0] : middle[1]], b=translation[middle[2] : middle[3]], autojunk=False
        )
        inner = [
            (operation, a + head, b + head, c + head, d + head)
            for operation, a, b, c, d in matcher.get_opcodes()
        ]
    before = [("equal", 0, head, 0, head)] if head else []
    after = [("equal", middle[1], len(source), middle[3], len(translation))] if tail else []
    return [*before, *inner, *after]


def is_comment(block: Block) -> bool:
    """Whether a block is an HTML comment (``<!-- Update_Description: … -->``): not content."""
    if not isinstance(block, HtmlBlock):
        return False
    html = block.html.strip()
    return html.startswith("<!--") and html.endswith("-->") and "-->" not in html[4:-3]


def _kind(block: Block) -> str:
    """What must agree for two blocks to stand for each other."""
    if isinstance(block, Zone):
        return "zone:" + ",".join(block.pivots)
    if isinstance(block, Moniker):
        return "moniker:" + block.range
    return block.TYPE


_KEPT = re.compile(r"\d+|[A-Za-z_][\w.]*[._][\w.]*")


def _signature(content: Iterator[tuple[str, int, tuple[Inline, ...]]]) -> tuple[str, ...]:
    """What a list item or table row holds that translation keeps, in order.

    Code spans, link and image targets, numbers, and dotted or underscored names.
    """
    kept: list[str] = []
    for _, line, run in content:
        for _, item in located_inlines(run, line):
            if isinstance(item, InlineCode):
                kept.append("`" + item.text)
            elif isinstance(item, Link):
                kept.append("(" + item.target)
            elif isinstance(item, Image):
                kept.append("(" + item.source)
        kept.extend(_KEPT.findall(plain_text(run)))
    return tuple(kept)


def _item_signature(item: ListItem) -> tuple[object, ...]:
    kept = _signature(translatable_runs(item.blocks))
    return (tuple(block.TYPE for block in item.blocks), kept) if kept else ()


def _row_signature(row: TableRow) -> tuple[str, ...]:
    return _signature(("table cell", row.span.start_line, cell.content) for cell in row.cells)


class _Aligner:
    """One walk over two sections' blocks, collecting pairs, runs and differences."""

    def __init__(self, known: tuple[RunLookup, RunLookup]) -> None:
        self.known = known
        self.pairs: list[tuple[Block, Block]] = []
        self.runs: list[tuple[Run | None, Run | None]] = []
        self.differences: list[KindDifference] = []
        self.unpaired_code: tuple[list[Code], list[Code]] = ([], [])
        self.reshaped: set[int] = set()

    def blocks(
        self, source: tuple[Block, ...], translation: tuple[Block, ...], fallback_line: int
    ) -> None:
        source = tuple(block for block in source if not is_comment(block))
        translation = tuple(block for block in translation if not is_comment(block))
        kinds = ([_kind(block) for block in source], [_kind(block) for block in translation])
        for operation, a_start, a_end, b_start, b_end in opcodes(*kinds):
            was, now = source[a_start:a_end], translation[b_start:b_end]
            if operation == "equal":
                for old, new in zip(was, now, strict=True):
                    self.block(old, new)
                continue
            if now:
                line = now[0].span.start_line
            else:
                line = translation[b_start - 1].span.end_line if b_start else fallback_line
            self.differences.append(KindDifference(was, now, line))
            first = len(self.runs)
            self.alone(was, now)
            sides = {self.runs[index][0] is None for index in range(first, len(self.runs))}
            conditional = any(isinstance(block, _CONDITIONAL) for block in (*was, *now))
            if len(sides) == 2 and not conditional:  # the same text in another shape
                self.reshaped.update(range(first, len(self.runs)))

    def run(self, side: int, line: int, content: tuple[Inline, ...]) -> Run:
        """The run of ``content`` on one side (0: the source's), the section view's when known."""
        known = self.known[side].get(id(content))
        return known if known is not None else Run(line, content)

    def alone(self, source: tuple[Block, ...], translation: tuple[Block, ...]) -> None:
        """Blocks without a counterpart: their runs stand alone, their code is paired by text."""
        for _, line, content in translatable_runs(source):
            self.runs.append((self.run(0, line, content), None))
        for _, line, content in translatable_runs(translation):
            self.runs.append((None, self.run(1, line, content)))
        for side, blocks in zip(self.unpaired_code, (source, translation), strict=True):
            side.extend(_codes(blocks))

    def block(self, source: Block, translation: Block) -> None:
        self.pairs.append((source, translation))
        if isinstance(source, Table) and isinstance(translation, Table):
            self.table(source, translation)
        else:
            self.own_runs(list(block_runs(source)), list(block_runs(translation)))
        self.children(source, translation)

    def children(self, source: Block, translation: Block) -> None:
        """The parts of two paired blocks of one kind."""
        line = translation.span.start_line
        if isinstance(source, ListBlock) and isinstance(translation, ListBlock):
            self.sequences(
                source.items,
                translation.items,
                _item_signature,
                self.item,
                lambda item, side: self.alone_blocks(item.blocks, side),
            )
        elif isinstance(source, TabGroup) and isinstance(translation, TabGroup):
            self.tabs(source.tabs, translation.tabs)
        elif isinstance(source, Row) and isinstance(translation, Row):
            self.sequences(
                source.columns,
                translation.columns,
                _column_width,
                self.column,
                lambda column, side: self.alone_blocks(column.blocks, side),
            )
        elif isinstance(source, Alert | Quote | Zone | Moniker | Div) and isinstance(
            translation, Alert | Quote | Zone | Moniker | Div
        ):
            self.blocks(source.blocks, translation.blocks, line)
        elif isinstance(source, ImageBlock) and isinstance(translation, ImageBlock):
            self.blocks(source.description, translation.description, line)

    def tabs(self, source: tuple[Tab, ...], translation: tuple[Tab, ...]) -> None:
        """Tabs paired by id (repeated ids in order); the others stand alone."""
        by_id: dict[str, collections.deque[Tab]] = {}
        for tab in translation:
            by_id.setdefault(tab.id, collections.deque()).append(tab)
        for tab in source:
            same_id = by_id.get(tab.id)
            if same_id:
                counterpart = same_id.popleft()
                self.blocks(tab.blocks, counterpart.blocks, counterpart.span.start_line)
            else:
                self.alone(tab.blocks, ())
        for left in by_id.values():
            for tab in left:
                self.alone((), tab.blocks)

    def own_runs(
        self,
        source: list[tuple[str, int, tuple[Inline, ...]]],
        translation: list[tuple[str, int, tuple[Inline, ...]]],
    ) -> None:
        """A paired block's own runs, in order; those past the shorter side stand alone."""
        for index in range(max(len(source), len(translation))):
            was = self.run(0, source[index][1], source[index][2]) if index < len(source) else None
            now = (
                self.run(1, translation[index][1], translation[index][2])
                if index < len(translation)
                else None
            )
            self.runs.append((was, now))

    def table(self, source: Table, translation: Table) -> None:
        def cells(row: TableRow) -> list[tuple[str, int, tuple[Inline, ...]]]:
            return [("table cell", row.span.start_line, cell.content) for cell in row.cells]

        self.own_runs(cells(source.header), cells(translation.header))
        self.sequences(
            source.rows,
            translation.rows,
            _row_signature,
            lambda was, now: self.own_runs(cells(was), cells(now)),
            lambda row, side: self.runs.extend(
                (self.run(0, line, content), None)
                if side == 0
                else (None, self.run(1, line, content))
                for _, line, content in cells(row)
            ),
        )

    def item(self, source: ListItem, translation: ListItem) -> None:
        self.blocks(source.blocks, translation.blocks, translation.span.start_line)

    def column(self, source: Column, translation: Column) -> None:
        self.blocks(source.blocks, translation.blocks, translation.span.start_line)

    def sequences(
        self,
        source: Sequence[T],
        translation: Sequence[T],
        signature: Callable[[T], object],
        pair: Callable[[T, T], None],
        alone: Callable[[T, int], None],
    ) -> None:
        """Pair two sequences of parts by signature; the rest of a changed stretch in order.

        ``alone(part, side)`` takes a part without a counterpart (side 0: the source's).
        """
        if len(source) == len(translation):
            for was, now in zip(source, translation, strict=True):
                pair(was, now)
            return
        keys = ([signature(part) for part in source], [signature(part) for part in translation])
        for side in keys:  # a part that holds nothing kept is told by nothing: no anchor
            side[:] = [key or object() for key in side]
        for _, a_start, a_end, b_start, b_end in opcodes(*keys):
            olds, news = source[a_start:a_end], translation[b_start:b_end]
            for old, new in zip(olds, news, strict=False):
                pair(old, new)
            for old in olds[len(news) :]:
                alone(old, 0)
            for new in news[len(olds) :]:
                alone(new, 1)

    def alone_blocks(self, blocks: tuple[Block, ...], side: int) -> None:
        """Blocks of one side (0: the source) without a counterpart."""
        if side == 0:
            self.alone(blocks, ())
        else:
            self.alone((), blocks)

    def pair_code_by_text(self) -> None:
        """Pair the code blocks left over on both sides by how alike their lines are."""
        sources, translations = (side[:_CODE_CANDIDATES] for side in self.unpaired_code)
        if not (sources and translations):
            return
        lines = [code.text.splitlines() for code in sources]
        taken: set[int] = set()
        for code in translations:
            matcher = difflib.SequenceMatcher(b=code.text.splitlines(), autojunk=False)
            best, best_ratio = None, _CODE_SIMILARITY
            for index, candidate in enumerate(lines):
                if index in taken:
                    continue
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() >= best_ratio and matcher.ratio() >= best_ratio:
                    best, best_ratio = index, matcher.ratio()
            if best is not None:
                taken.add(best)
                self.pairs.append((sources[best], code))


def _column_width(column: Column) -> object:
    return column.width


def _codes(blocks: tuple[Block, ...]) -> Iterator[Code]:
    for block in walk_blocks(blocks):
        if isinstance(block, Code):
            yield block


def _shape(block: Block) -> object:
    """What two blocks must share for their subtrees to pair one to one, in order.

    With as many runs in both sections (checked apart), kinds and child counts
    suffice; a table's cells per row are part of its shape.
    """
    if isinstance(block, Paragraph | Code):  # the most blocks: no parts
        return type(block)
    if isinstance(block, Table):
        return (len(block.header.cells), tuple(len(row.cells) for row in block.rows))
    if isinstance(block, TabGroup):
        return tuple(tab.id for tab in block.tabs)
    if isinstance(block, HtmlBlock) and is_comment(block):
        return "comment"
    return (_kind(block), tuple(len(run) for run in child_blocks(block)))


class SectionParts:
    """A section's own blocks in walk order and its runs in document order (title first).

    Made once per section (:class:`~p2skb.analysis.SectionView` keeps them), so that
    every pair the section is in reuses its runs and their located items.
    """

    __slots__ = ("_lookup", "blocks", "runs")

    def __init__(self, section: Section) -> None:
        self.blocks = tuple(walk_blocks(section.blocks))
        self.runs = (
            Run(section.span.start_line, section.title),
            *(
                Run(line, content)
                for block in self.blocks
                for _, line, content in block_runs(block)
            ),
        )
        self._lookup: dict[int, Run] | None = None

    @property
    def lookup(self) -> dict[int, Run]:
        """The runs by the identity of their content (empty ones left out: one tuple)."""
        if self._lookup is None:
            self._lookup = {id(run.content): run for run in self.runs if run.content}
        return self._lookup


def _zipped(source: SectionParts, translation: SectionParts) -> BlockAlignment | None:
    """The alignment of two sections whose blocks have the same shape at every depth.

    The common case, paired one to one in document order without a sequence diff;
    ``None`` when the shapes differ anywhere (or a comment is present).
    """
    was, now = source.blocks, translation.blocks
    if len(was) != len(now) or len(source.runs) != len(translation.runs):
        return None
    shapes = [_shape(block) for block in was]
    if shapes != [_shape(block) for block in now] or "comment" in shapes:
        return None
    return BlockAlignment(
        tuple(zip(was, now, strict=True)),
        tuple(zip(source.runs, translation.runs, strict=True)),
        (),
    )


RunLookup = Mapping[int, Run]
"""Runs already made for a section, by the identity of their content."""


def align_blocks(
    source: Section,
    translation: Section,
    parts: tuple[SectionParts, SectionParts] | None = None,
) -> BlockAlignment:
    """Pair the own blocks (and runs) of two aligned sections; see the module docstring.

    ``parts`` are the two sections' parts when already made (their runs' items
    located once); they are made here otherwise.
    """
    if parts is None:
        parts = (SectionParts(source), SectionParts(translation))
    zipped = _zipped(*parts)
    if zipped is not None:
        return zipped
    aligner = _Aligner((parts[0].lookup, parts[1].lookup))
    aligner.runs.append((parts[0].runs[0], parts[1].runs[0]))
    aligner.blocks(source.blocks, translation.blocks, translation.span.end_line)
    aligner.pair_code_by_text()
    return BlockAlignment(
        tuple(aligner.pairs),
        tuple(aligner.runs),
        tuple(aligner.differences),
        frozenset(aligner.reshaped),
    )
