"""Small helpers the check families share."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from p2skb.checks.registry import Issue

if TYPE_CHECKING:
    from p2skb.analysis import PairView

# Emphasis markers left as text: what CommonMark did not open or close.
LITERAL_EMPHASIS = re.compile(r"\*\*+|__+")

__all__ = ["LITERAL_EMPHASIS", "differences", "pair_up", "paired_blocks", "shorten"]

T = TypeVar("T")


def shorten(value: str, width: int = 60) -> str:
    """``value`` on one line, cut to ``width`` characters with an ellipsis, quoted."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def paired_blocks(pair: PairView, kind: type[T]) -> list[tuple[T, T]]:
    """Blocks of one kind that stand for each other in the two sections, at any depth.

    See :mod:`p2skb.block_alignment`: where the kinds of blocks differ, block-sequence
    reports that, and those blocks are paired only when they are code alike in text.
    """
    return pair.blocks.pairs_of(kind)


def pair_up(
    source: Sequence[tuple[int, T]],
    translation: Sequence[tuple[int, T]],
    same: Callable[[T], object] = lambda value: value,
) -> tuple[list[tuple[tuple[int, T], tuple[int, T]]], list[tuple[int, T]], list[tuple[int, T]]]:
    """Compare two located multisets: (changed pairs, source-only, translation-only).

    Values equal under ``same`` cancel out; what is left is paired in order as
    changes, and the rest is source-only or translation-only.
    """
    if [same(value) for _, value in source] == [same(value) for _, value in translation]:
        return [], [], []  # the common case: everything kept, in order
    source_only = _unmatched(source, translation, same)
    translation_only = _unmatched(translation, source, same)
    changed = list(zip(source_only, translation_only, strict=False))
    count = len(changed)
    return changed, source_only[count:], translation_only[count:]


def _unmatched(
    values: Sequence[tuple[int, T]],
    others: Sequence[tuple[int, T]],
    same: Callable[[T], object],
) -> list[tuple[int, T]]:
    """The located values that no value of ``others`` cancels (counting repeats)."""
    remaining = Counter(same(value) for _, value in others)
    unmatched = []
    for located in values:
        key = same(located[1])
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            unmatched.append(located)
    return unmatched


def differences(
    noun: str,
    pair: PairView,
    source: list[tuple[int, str]],
    translation: list[tuple[int, str]],
    normalise: Callable[[str], str],
    *,
    detail_prefix: str = "",
    missing_line: Callable[[str], int] | None = None,
) -> Iterator[Issue]:
    """Issues for located values that differ: changed, missing, or not in the source.

    A missing value is reported on ``missing_line(value)``, by default where it
    belongs in the translation (:func:`_where`).
    """
    changed, missing, added = pair_up(source, translation, normalise)
    for (source_line, was), (line, now) in changed:
        yield Issue(
            f"{noun} {shorten(now)} here, {shorten(was)} in the source",
            line,
            source_line,
            detail=f"{detail_prefix}{normalise(was)}>{normalise(now)}",
        )
    for source_line, was in missing:
        yield Issue(
            f"{noun} {shorten(was)} of the source is missing",
            missing_line(was)
            if missing_line
            else _where(
                pair, was, source_line, source=source, translation=translation, normalise=normalise
            ),
            source_line,
            detail=f"{detail_prefix}-{normalise(was)}",
        )
    for line, now in added:
        detail = f"{detail_prefix}+{normalise(now)}"
        yield Issue(f"{noun} {shorten(now)} is not in the source", line, detail=detail)


def _where(
    pair: PairView,
    value: str,
    source_line: int,
    *,
    source: list[tuple[int, str]],
    translation: list[tuple[int, str]],
    normalise: Callable[[str], str],
) -> int:
    """The translation line of a value missing there (see :func:`differences`).

    The first line whose literal text holds it (a code span made plain text);
    else the line of the next source value the translation has, before which it
    belongs; else where the source's line falls in the translation section.
    """
    line = pair.translation.literal.first_line(value)
    if line is not None:
        return line
    lines_of: dict[str, int] = {}
    for translation_line, now in translation:
        lines_of.setdefault(normalise(now), translation_line)
    following = (
        lines_of[normalise(was)]
        for was_line, was in source
        if was_line > source_line and normalise(was) in lines_of
    )
    return next(following, None) or pair.line_for(source_line)
