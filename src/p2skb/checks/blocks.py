"""Block checks: the kinds, lengths and shapes of an aligned section's own blocks."""

from __future__ import annotations

from collections.abc import Iterator

from p2skb.analysis import PairView
from p2skb.checks._common import paired_blocks, shorten
from p2skb.checks.registry import Issue, section_pair_check
from p2skb.model import Alert, Block, Code, CodeKind, ListBlock, Severity, Table

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
    or damage.
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
        if was != now:
            offset = next(
                (i for i, (a, b) in enumerate(zip(was, now, strict=False)) if a != b),
                min(len(was), len(now)),
            )
            fence_line = 1 if translation.kind is CodeKind.FENCED else 0
            code_line = translation.span.start_line + fence_line + offset
            yield Issue(
                f"code differs: {shorten(now[offset] if offset < len(now) else '')} here, "
                f"{shorten(was[offset] if offset < len(was) else '')} in the source",
                min(code_line, translation.span.end_line),
                source.span.start_line,
                detail="text:" + "\n".join(was),
            )


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
