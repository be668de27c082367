"""Block checks: the kinds, lengths and shapes of an aligned section's own blocks."""

from __future__ import annotations

from collections.abc import Iterator

from p2skb.analysis import PairView
from p2skb.block_alignment import opcodes
from p2skb.checks._common import paired_blocks
from p2skb.checks.registry import Issue, section_pair_check
from p2skb.model import Alert, Block, Code, CodeKind, ListBlock, Severity, Table
from p2skb.wording import shorten

__all__: list[str] = []

_FAMILY = "blocks"


def _describe(blocks: list[Block]) -> str:
    return ", ".join(block.TYPE for block in blocks) or "nothing"


@section_pair_check(
    "P2S201",
    "block-sequence",
    Severity.ERROR,
    "The kinds of blocks in an aligned section differ",
    family=_FAMILY,
)
def block_sequence(pair: PairView) -> Iterator[Issue]:
    """The section's blocks are not the same kinds in the same order, at any depth.

    For example a table became a paragraph (a broken delimiter row), a list
    became text, or a note was dropped.  Lists, alerts, quotes, tabs, zones and
    other containers are compared part by part, so a difference is reported
    where it is.
    """
    for difference in pair.blocks.differences:
        was, now = list(difference.source), list(difference.translation)
        yield Issue(
            f"{_describe(now)} here where the source has {_describe(was)}",
            difference.line,
            was[0].span.start_line if was else None,
            detail=f"{_describe(was)}>{_describe(now)}",
        )


@section_pair_check(
    "P2S202",
    "list-length",
    Severity.WARNING,
    "An aligned list has a different number of items",
    family=_FAMILY,
    reads=(ListBlock,),
)
def list_length(pair: PairView) -> Iterator[Issue]:
    """A list in the translation has more or fewer items than the source's (a step lost, split)."""
    for source, translation in paired_blocks(pair, ListBlock):
        if len(source.items) != len(translation.items):
            yield Issue(
                f"list of {len(translation.items)} items here, {len(source.items)} in the source",
                translation.span.start_line,
                source.span.start_line,
                detail=f"{len(source.items)}>{len(translation.items)}",
            )


@section_pair_check(
    "P2S203",
    "table-shape",
    Severity.ERROR,
    "An aligned table has different columns or rows",
    family=_FAMILY,
    reads=(Table,),
)
def table_shape(pair: PairView) -> Iterator[Issue]:
    """A table in the translation has another number of columns or rows than the source's."""
    for source, translation in paired_blocks(pair, Table):
        was = (len(source.header.cells), len(source.rows))
        now = (len(translation.header.cells), len(translation.rows))
        if was != now:
            yield Issue(
                f"table of {now[0]} columns x {now[1]} rows here, "
                f"{was[0]} x {was[1]} in the source",
                translation.span.start_line,
                source.span.start_line,
                detail=f"{was}>{now}",
            )


def _normalised(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").split("\n"))


@section_pair_check(
    "P2S204",
    "code-changed",
    Severity.WARNING,
    "An aligned code block differs",
    family=_FAMILY,
    reads=(Code,),
)
def code_changed(pair: PairView) -> Iterator[Issue]:
    """A code block's text or language differs from the source's (trailing spaces aside).

    Code is not translated: a changed sample is either drift from a newer source
    or damage.  Each changed stretch of lines is reported at its line (past
    :data:`_HUNKS` stretches, the block is reported once, at the first).
    """
    for source, translation in paired_blocks(pair, Code):
        if source.info != translation.info:
            yield Issue(
                f"code language {translation.info!r} here, {source.info!r} in the source",
                translation.span.start_line,
                source.span.start_line,
                detail=f"info:{source.info}>{translation.info}",
            )
        was, now = _normalised(source.text).split("\n"), _normalised(translation.text).split("\n")
        if was == now:
            continue
        hunks = [code for code in opcodes(was, now) if code[0] != "equal"]
        first = translation.span.start_line + (1 if translation.kind is CodeKind.FENCED else 0)
        source_first = source.span.start_line + (1 if source.kind is CodeKind.FENCED else 0)
        many = len(hunks) > _HUNKS
        for _, a_start, a_end, b_start, b_end in hunks[:1] if many else hunks:
            old, new = was[a_start:a_end], now[b_start:b_end]
            if old and new:
                what = f"{shorten(new[0])} here, {shorten(old[0])} in the source"
            elif old:
                what = f"{shorten(old[0])} of the source is missing"
            else:
                what = f"{shorten(new[0])} is not in the source"
            also = f" (and {len(hunks) - 1} more changes)" if many else ""
            yield Issue(
                f"code differs: {what}{also}",
                min(first + b_start, translation.span.end_line),
                min(source_first + a_start, source.span.end_line),
                detail="text:" + "\n".join(old) + ">" + "\n".join(new),
            )


_HUNKS = 3
"""Past this many changed stretches of lines, a code block is reported once: rewritten."""


@section_pair_check(
    "P2S205",
    "alert-kind",
    Severity.ERROR,
    "An aligned alert has another kind",
    family=_FAMILY,
    reads=(Alert,),
)
def alert_kind(pair: PairView) -> Iterator[Issue]:
    """A ``> [!NOTE]`` became ``> [!WARNING]`` (or any other kind change)."""
    for source, translation in paired_blocks(pair, Alert):
        if source.kind != translation.kind:
            yield Issue(
                f"alert [!{translation.kind}] here, [!{source.kind}] in the source",
                translation.span.start_line,
                source.span.start_line,
                detail=f"{source.kind}>{translation.kind}",
            )
