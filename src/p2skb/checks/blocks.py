"""Block checks: the kinds, lengths and shapes of an aligned section's own blocks."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from p2skb.analysis import PairView
from p2skb.checks._common import paired_blocks, shorten
from p2skb.checks.registry import Issue, section_pair_check
from p2skb.model import Alert, Block, Code, CodeKind, HtmlBlock, ListBlock, Severity, Table
from p2skb.text import child_blocks

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
    source, translation = pair.source.section, pair.translation.section
    yield from _compare(source.blocks, translation.blocks, translation.span.end_line)


_DIFF_LIMIT = 400
"""Past this many differing blocks in one section, the difference is reported whole: a
sequence diff costs time quadratic in their number."""


def _opcodes(source: list[str], translation: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Difflib's opcodes for two kind sequences, in linear time when they are long.

    The common start and end are equal; only the middle is diffed, and a middle
    longer than :data:`_DIFF_LIMIT` is one replacement.
    """
    if source == translation:
        return [("equal", 0, len(source), 0, len(translation))] if source else []
    head = 0
    while head < min(len(source), len(translation)) and source[head] == translation[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(source), len(translation)) - head
        and source[-1 - tail] == translation[-1 - tail]
    ):
        tail += 1
    middle = (head, len(source) - tail, head, len(translation) - tail)
    if max(middle[1] - middle[0], middle[3] - middle[2]) > _DIFF_LIMIT:
        inner = [("replace", *middle)]
    else:
        matcher = difflib.SequenceMatcher(
            a=source[middle[0] : middle[1]], b=translation[middle[2] : middle[3]], autojunk=False
        )
        inner = [
            (operation, a + head, b + head, c + head, d + head)
            for operation, a, b, c, d in matcher.get_opcodes()
        ]
    ends = [("equal", 0, head, 0, head)] if head else []
    ends_after = [("equal", middle[1], len(source), middle[3], len(translation))] if tail else []
    return [*ends, *inner, *ends_after]


def _content(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks but HTML comments (``<!-- Update_Description: … -->``): notes, not content."""
    return tuple(block for block in blocks if not _is_comment(block))


def _is_comment(block: Block) -> bool:
    if not isinstance(block, HtmlBlock):
        return False
    html = block.html.strip()
    return html.startswith("<!--") and html.endswith("-->") and "-->" not in html[4:-3]


def _compare(
    source: tuple[Block, ...], translation: tuple[Block, ...], fallback_line: int
) -> Iterator[Issue]:
    source, translation = _content(source), _content(translation)
    kinds = ([block.TYPE for block in source], [block.TYPE for block in translation])
    for operation, a_start, a_end, b_start, b_end in _opcodes(*kinds):
        if operation == "equal":
            for old, new in zip(source[a_start:a_end], translation[b_start:b_end], strict=True):
                for inner_old, inner_new in zip(child_blocks(old), child_blocks(new), strict=False):
                    yield from _compare(inner_old, inner_new, new.span.start_line)
            continue
        was, now = list(source[a_start:a_end]), list(translation[b_start:b_end])
        if now:
            line = now[0].span.start_line
        else:
            line = translation[b_start - 1].span.end_line if b_start else fallback_line
        yield Issue(
            f"{_describe(now)} here where the source has {_describe(was)}",
            line,
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
