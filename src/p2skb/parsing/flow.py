"""Where blocks go: a container's list, or the zone or moniker open in it.

Zones (``::: zone pivot="…"``) and monikers (``::: moniker range="…"``) are
marker lines, not containers: markdown-it sees a marker token, then the blocks
the zone holds, then the end marker.  A :class:`Flow` gathers the blocks of one
container (a section, a list item, a tab, ...) and sends them into the innermost
zone open in it.  A heading cuts the open zones: the old section's part ends,
and the new section goes on in a continuation (``continued``) and is *shown
for* the zones' conditions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from p2skb.mdext.conditions import MonikerMeta, ZoneMeta
from p2skb.model import (
    Block,
    Condition,
    ConditionKind,
    DiagnosticKind,
    ExtensionBlock,
    Moniker,
    Span,
    Zone,
)
from p2skb.parsing.headings import read_heading
from p2skb.parsing.walk import meta

if TYPE_CHECKING:
    from markdown_it.token import Token

    from p2skb.parsing.walk import Walk

__all__ = ["MARKERS", "Flow", "container_blocks"]

MARKERS = {
    "zone_start": ConditionKind.ZONE,
    "zone_end": ConditionKind.ZONE,
    "moniker_start": ConditionKind.MONIKER,
    "moniker_end": ConditionKind.MONIKER,
}
"""The marker token types, and the kind of condition each opens or closes."""


@attrs.define
class _OpenPart:
    """The part of a zone or moniker being filled in the current container (or section)."""

    shell: Zone | Moniker
    """The zone or moniker as its marker line opened it, without content yet."""
    opened: int
    """The line of that marker."""
    start_line: int | None
    """The marker's line; ``None`` for a continuation after a heading cut the zone."""
    blocks: list[Block] = attrs.Factory(list)

    def freeze(self, end_line: int | None) -> Block | None:
        """The zone or moniker block of this part (``None`` for an empty continuation)."""
        if self.start_line is None and not self.blocks:
            return None
        spans = [block.span for block in self.blocks]
        start = self.start_line if self.start_line is not None else spans[0].start_line
        end = end_line if end_line is not None else max([start, *(span.end_line for span in spans)])
        return attrs.evolve(
            self.shell,
            blocks=tuple(self.blocks),
            span=Span(start, end),
            continued=self.start_line is None,
        )


def _shell(marker: Token, span: Span) -> Zone | Moniker:
    """The zone or moniker a start marker opens, without content."""
    if MARKERS[marker.type] is ConditionKind.ZONE:
        zone = meta(marker, ZoneMeta)
        return Zone(tuple(zone["pivots"]), zone["target"] or None, (), span)
    return Moniker(meta(marker, MonikerMeta)["range"], (), span)


@attrs.define
class Flow:
    """Where the blocks of one container go: its list, or the innermost zone open in it."""

    blocks: list[Block]
    open: list[_OpenPart] = attrs.Factory(list)

    def add(self, block: Block) -> None:
        """Add a block where it belongs."""
        (self.open[-1].blocks if self.open else self.blocks).append(block)

    def marker(self, walk: Walk, token: Token) -> None:
        """Open or close a zone or moniker part at its marker line."""
        kind, line = MARKERS[token.type], walk.span(token).start_line
        here = Span(line, line)
        if token.type.endswith("_start"):
            if walk.open_conditions >= walk.max_nesting:
                message = (
                    f"zones and monikers nested deeper than {walk.max_nesting}; kept as raw text"
                )
                walk.report(DiagnosticKind.NESTING_LIMIT, message, here)
                self.add(ExtensionBlock(kind, walk.source(here), here))
                return
            walk.open_conditions += 1
            self.open.append(_OpenPart(_shell(token, here), line, line))
            return
        position = next(
            (
                i
                for i in range(len(self.open) - 1, -1, -1)
                if self.open[i].shell.condition.kind is kind
            ),
            None,
        )
        if position is None:
            message = f"::: {kind}-end without an open {kind} here; kept as raw text"
            walk.report(DiagnosticKind.UNMATCHED_EXTENSION, message, here)
            self.add(ExtensionBlock(f"{kind}-end", walk.source(here), here))
            return
        while len(self.open) > position + 1:
            self._close(walk, None, f"closed by the {kind}-end on line {line}")
        self._close(walk, line, None)

    def _close(self, walk: Walk, end_line: int | None, unclosed: str | None) -> None:
        part = self.open.pop()
        walk.open_conditions -= 1
        if unclosed is not None:
            kind = part.shell.condition.kind
            message = f"the {kind} opened here has no {kind}-end; {unclosed}"
            walk.report(DiagnosticKind.UNCLOSED_EXTENSION, message, Span(part.opened, part.opened))
        block = part.freeze(end_line)
        if block is not None:
            self.add(block)

    def cut(self, walk: Walk, blocks: list[Block]) -> tuple[Condition, ...]:
        """At a heading: end the open parts in the old section, go on in ``blocks``.

        Returns the conditions the new section is shown for.
        """
        parts = list(self.open)
        if parts:
            while self.open:
                self._close(walk, None, None)
            self.open = [_OpenPart(p.shell, p.opened, None) for p in parts]
            walk.open_conditions += len(parts)
        self.blocks = blocks
        return tuple(part.shell.condition for part in parts)

    def finish(self, walk: Walk) -> None:
        """End a container: a zone still open in it was never closed."""
        while self.open:
            self._close(walk, None, "it ends with its container")


def container_blocks(walk: Walk, closer: str) -> list[Block]:
    """The blocks up to the token of type ``closer``, moving past it.

    A heading here does not start a section: it is a :class:`~p2skb.model.Heading` block.
    """
    blocks: list[Block] = []
    flow = Flow(blocks)
    tokens = walk.tokens
    while (kind := tokens.peek_type()) is not None and kind != closer:
        token = tokens.take()
        if kind in MARKERS:
            flow.marker(walk, token)
        elif kind == "heading_open":
            flow.add(read_heading(walk, token, tokens.take()))
            tokens.skip()  # heading_close
        else:
            flow.add(walk.block(token))
    flow.finish(walk)
    tokens.skip()
    return blocks
