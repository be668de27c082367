"""Small helpers the check families share."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from p2skb.checks.registry import Issue
from p2skb.model import (
    Block,
    ConditionKind,
    HtmlInline,
    Inline,
    InlineCode,
    Moniker,
    Section,
    Text,
    Zone,
)
from p2skb.text import inline_runs, located_inlines, walk_blocks

if TYPE_CHECKING:
    from p2skb.alignment import SectionPair

CONDITION_BLOCKS: dict[ConditionKind, type[Zone] | type[Moniker]] = {
    ConditionKind.ZONE: Zone,
    ConditionKind.MONIKER: Moniker,
}
"""The block that holds a section's part of each kind of condition."""

# Emphasis markers left as text: what CommonMark did not open or close.
LITERAL_EMPHASIS = re.compile(r"\*\*+|__+")

__all__ = [
    "CONDITION_BLOCKS",
    "LITERAL_EMPHASIS",
    "all_blocks",
    "content_classes",
    "differences",
    "forget_views",
    "line_of",
    "literal_lines",
    "located_inlines_of",
    "located_section_inlines",
    "own_blocks_of",
    "pair_up",
    "paired_blocks",
    "per_object",
    "run_lines",
    "shorten",
]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


def shorten(value: str, width: int = 60) -> str:
    """``value`` on one line, cut to ``width`` characters with an ellipsis, quoted."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def _runs(section: Section) -> Iterator[tuple[int, tuple[Inline, ...]]]:
    yield section.span.start_line, section.title
    yield from inline_runs(section.blocks)


_VIEW_CACHES: list[dict[int, Any]] = []


def per_object(function: Callable[[K], V]) -> Callable[[K], V]:
    """Cache ``function``'s result per argument object, for views several checks share.

    Keyed by identity: hashing a section or an article would hash its whole
    subtree.  An entry keeps its argument alive, so the id cannot be reused
    while cached.  The runner empties every such cache after each run
    (:func:`forget_views`), so nothing outlives the diff that needed it.
    """
    cache: dict[int, tuple[K, V]] = {}
    _VIEW_CACHES.append(cache)

    @functools.wraps(function)
    def cached(argument: K) -> V:
        hit = cache.get(id(argument))
        if hit is not None and hit[0] is argument:
            return hit[1]
        value = function(argument)
        cache[id(argument)] = (argument, value)
        return value

    return cached


def forget_views() -> None:
    """Empty the caches of :func:`per_object` views (the runner calls it after each run)."""
    for cache in _VIEW_CACHES:
        cache.clear()


@per_object
def located_section_inlines(section: Section) -> tuple[tuple[int, Inline], ...]:
    """Every inline item of a section's title and own blocks, with its line."""
    return tuple(item for line, run in _runs(section) for item in located_inlines(run, line))


def located_inlines_of(section: Section, *kinds: type[Inline]) -> list[tuple[int, Any]]:
    """The section's located inline items of these classes, in document order."""
    grouped = _inlines_by_class(section)
    found = [entry for kind in kinds for entry in grouped.get(kind, ())]
    if len(kinds) > 1:
        found.sort(key=lambda entry: entry[0])  # back into document order
    return [located for _, located in found]


@per_object
def _inlines_by_class(section: Section) -> dict[type, list[tuple[int, tuple[int, Inline]]]]:
    """The section's located inline items grouped by class, each with its position."""
    grouped: dict[type, list[tuple[int, tuple[int, Inline]]]] = {}
    for position, located in enumerate(located_section_inlines(section)):
        grouped.setdefault(type(located[1]), []).append((position, located))
    return grouped


def paired_blocks(pair: SectionPair, kind: type[T]) -> list[tuple[T, T]]:
    """Blocks of one kind in both sections, paired in order when their counts agree.

    When the counts differ, block-sequence reports that, and pairing would compare
    the wrong blocks.
    """
    source, translation = own_blocks_of(pair.source, kind), own_blocks_of(pair.translation, kind)
    return list(zip(source, translation, strict=True)) if len(source) == len(translation) else []


def own_blocks_of(section: Section, kind: type[T]) -> Sequence[T]:
    """The section's own blocks of one kind, nested ones included, in document order."""
    return _blocks_by_class(section).get(kind, ())


@per_object
def _blocks_by_class(section: Section) -> dict[type, Sequence[Any]]:
    """The section's own blocks grouped by class (block classes are never subclassed)."""
    grouped: dict[type, list[Any]] = {}
    for block in all_blocks(section):
        grouped.setdefault(type(block), []).append(block)
    return {kind: tuple(blocks) for kind, blocks in grouped.items()}


@per_object
def content_classes(section: Section) -> frozenset[type]:
    """The classes of the section's own blocks and inline items, with its zone or moniker.

    What :attr:`~p2skb.checks.registry.Check.reads` is tested against; a section
    shown for a zone or moniker holds a ``Zone`` or ``Moniker``.
    """
    shown = {CONDITION_BLOCKS[condition.kind] for condition in section.shown_for}
    return frozenset(_blocks_by_class(section)).union(_inlines_by_class(section), shown)


@per_object
def all_blocks(section: Section) -> tuple[Block, ...]:
    """The section's own blocks, nested ones included, in document order (walked once)."""
    return tuple(walk_blocks(section.blocks))


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
    pair: SectionPair,
    source: list[tuple[int, str]],
    translation: list[tuple[int, str]],
    normalise: Callable[[str], str],
    *,
    detail_prefix: str = "",
    missing_line: Callable[[str], int] | None = None,
) -> Iterator[Issue]:
    """Issues for located values that differ: changed, missing, or not in the source.

    A missing value is reported on ``missing_line(value)``, by default the
    translation's heading.
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
            missing_line(was) if missing_line else pair.translation.span.start_line,
            source_line,
            detail=f"{detail_prefix}-{normalise(was)}",
        )
    for line, now in added:
        detail = f"{detail_prefix}+{normalise(now)}"
        yield Issue(f"{noun} {shorten(now)} is not in the source", line, detail=detail)


def literal_lines(section: Section) -> list[tuple[int, str]]:
    """The section's title and own inline text as (line, literal text) per source line.

    Text, raw inline HTML and code spans are kept as written, so a value an
    invariant or a check found can be located on its line.
    """
    lines: dict[int, list[str]] = {}
    for start, run in _runs(section):
        for line, text in run_lines(run, start, with_code=True):  # cells on a line stay apart
            lines.setdefault(line, []).append(text)
    return [(line, " ".join(parts)) for line, parts in sorted(lines.items())]


def run_lines(content: tuple[Inline, ...], start: int, *, with_code: bool) -> list[tuple[int, str]]:
    """Inline content as (line, literal text) per source line.

    Text and raw HTML as written, code spans too when ``with_code``; a line
    with none of these is an empty string.
    """
    lines: dict[int, list[str]] = {}
    for line, item in located_inlines(content, start):
        parts = lines.setdefault(line, [])
        if isinstance(item, Text) or (with_code and isinstance(item, InlineCode)):
            parts.append(item.text)
        elif isinstance(item, HtmlInline):
            parts.append(item.html)
    return [(line, "".join(parts)) for line, parts in sorted(lines.items())]


def line_of(section: Section, value: str) -> int:
    """The first line of the section whose literal text contains ``value`` (else the heading)."""
    return next(
        (line for line, text in literal_lines(section) if value in text), section.span.start_line
    )
