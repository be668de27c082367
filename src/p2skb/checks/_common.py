"""Small helpers the check families share."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from p2skb.checks.registry import Issue
from p2skb.wording import differing_parts, shorten

if TYPE_CHECKING:
    from p2skb.analysis import PairView
    from p2skb.block_alignment import Run

# Emphasis markers left as text: what CommonMark did not open or close.
LITERAL_EMPHASIS = re.compile(r"\*\*+|__+")

__all__ = [
    "LITERAL_EMPHASIS",
    "differences",
    "pair_up",
    "paired_blocks",
    "run_differences",
]

T = TypeVar("T")


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

    def place(index: int, line: int, was: str) -> int:
        if index >= PLACED_LIMIT:
            return pair.line_for(line)
        if missing_line is not None:
            return missing_line(was)
        return _where(pair, was, line, located=(source, translation), normalise=normalise)

    placed = [(place(index, line, was), (line, was)) for index, (line, was) in enumerate(missing)]
    yield from _issues(noun, (changed, placed, added), normalise, detail_prefix)


def run_differences(
    noun: str,
    pair: PairView,
    values: Callable[[Run], list[tuple[int, str]]],
    normalise: Callable[[str], str],
    *,
    in_source: Callable[[str], bool] = lambda _: False,
) -> Iterator[Issue]:
    """Issues for values of paired runs (paragraphs, cells, items, titles) that differ.

    Each run's values are compared with its counterpart's (see
    :mod:`p2skb.block_alignment`); a value left over in one run and the same value
    left over in another run of the section moved within the section, and is not
    a difference.  What is left is reported on its run: changed where both runs
    have values left, missing on the translation run, added where it is.  A run
    without a counterpart is a structural difference (block-sequence, list-length,
    table-shape, tab-mismatch report it): what it alone holds or lacks is not
    reported again, unless an alike value on the other side makes it a change, or
    its block was reshaped (a paragraph that became a table still holds its links).
    A value the source has elsewhere (``in_source``, such as in a code block) is
    not reported as added.
    """
    located = [
        (values(was) if was else [], values(now) if now else [], now)
        for was, now in pair.blocks.runs
    ]
    if all(
        [normalise(value) for _, value in was] == [normalise(value) for _, value in now]
        for was, now, _ in located
    ):
        return  # the common case: every run kept its values
    flat = (
        [value for was, _, _ in located for value in was],
        [value for _, now, _ in located for value in now],
    )
    left = _left_over([(was, now) for was, now, _ in located], normalise)
    changed: list[tuple[tuple[int, str], tuple[int, str]]] = []
    placed: list[tuple[int, tuple[int, str]]] = []
    added: list[tuple[int, str]] = []
    structural: set[int] = set()  # ids of what runs without a counterpart lost or gained
    searched = 0  # missing values placed by a search of the text (bounded: PLACED_LIMIT)
    following = pair.translation.section.span.end_line
    for run_index in reversed(range(len(left))):
        was, now = left[run_index]
        run = located[run_index][2]
        source_run = pair.blocks.runs[run_index][0]
        alone = (run is None or source_run is None) and run_index not in pair.blocks.reshaped
        changed.extend(zip(was, now, strict=False))
        for missing in was[len(now) :]:
            if alone or searched >= PLACED_LIMIT:
                line = run.line if run else following  # not reported, or past the limit
            elif run is None:  # the source's run has no counterpart
                searched += 1
                line = _where(pair, missing[1], missing[0], located=flat, normalise=normalise)
            else:  # a code span made plain text is still there: point at it in the run
                searched += 1
                literal = pair.translation.literal.first_line(missing[1])
                line = literal if literal and run.line <= literal < following else run.line
            placed.append((line, missing))
            if alone:
                structural.add(id(placed[-1]))
        for extra in now[len(was) :]:
            added.append(extra)
            if alone:
                structural.add(id(extra))
        if run is not None:
            following = run.line
    placed, added = _alike(placed, added, changed)
    yield from _issues(
        noun,
        (
            sorted(changed, key=lambda change: change[1][0]),
            sorted(value for value in placed if id(value) not in structural),
            sorted(
                value for value in added if id(value) not in structural and not in_source(value[1])
            ),
        ),
        normalise,
    )


def _left_over(
    located: list[tuple[list[tuple[int, str]], list[tuple[int, str]]]],
    normalise: Callable[[str], str],
) -> list[tuple[list[tuple[int, str]], list[tuple[int, str]]]]:
    """Per pair of runs, the values one has and the other lacks, less those that moved.

    What one run lost and another gained moved within the section: both are dropped.
    """
    left = [
        (_unmatched(was, now, normalise), _unmatched(now, was, normalise)) for was, now in located
    ]
    gained: dict[str, list[tuple[int, int]]] = {}
    for run_index, (_, now) in enumerate(left):
        for value_index, (_, value) in enumerate(now):
            gained.setdefault(normalise(value), []).append((run_index, value_index))
    moved: set[tuple[int, int, int]] = set()  # (side, run, value)
    for run_index, (was, _) in enumerate(left):
        for value_index, (_, value) in enumerate(was):
            candidates = gained.get(normalise(value))
            if candidates:
                moved.add((0, run_index, value_index))
                moved.add((1, *candidates.pop(0)))
    return [
        (
            [value for index, value in enumerate(was) if (0, run_index, index) not in moved],
            [value for index, value in enumerate(now) if (1, run_index, index) not in moved],
        )
        for run_index, (was, now) in enumerate(left)
    ]


_ALIKE = 0.6
"""How alike (difflib's ratio) a value missing from one run and a value added in another
must be to be one changed value (``ikev2auth4.png`` / ``ikev2auth4.jpg``)."""

_ALIKE_LIMIT = 64
"""Past this many values missing or added in a section, none are paired by likeness."""


def _alike(
    missing: list[tuple[int, tuple[int, str]]],
    added: list[tuple[int, str]],
    changed: list[tuple[tuple[int, str], tuple[int, str]]],
) -> tuple[list[tuple[int, tuple[int, str]]], list[tuple[int, str]]]:
    """Pair values missing from one run with alike values added in another, as changes.

    Returns what is still missing and added; the pairs go to ``changed``.
    """
    if not (missing and added) or max(len(missing), len(added)) > _ALIKE_LIMIT:
        return missing, added
    still_missing, taken = [], set()
    for where, (source_line, was) in sorted(missing):
        matcher = difflib.SequenceMatcher(b=was, autojunk=False)
        for index, (line, now) in enumerate(added):
            matcher.set_seq1(now)
            if index not in taken and matcher.quick_ratio() >= _ALIKE and matcher.ratio() >= _ALIKE:
                taken.add(index)
                changed.append(((source_line, was), (line, now)))
                break
        else:
            still_missing.append((where, (source_line, was)))
    return still_missing, [value for index, value in enumerate(added) if index not in taken]


_Found = tuple[
    list[tuple[tuple[int, str], tuple[int, str]]],
    list[tuple[int, tuple[int, str]]],
    list[tuple[int, str]],
]
"""Values changed (source, translation), missing (where it belongs, source) and added."""


PLACED_LIMIT = 200
"""Past this many missing values in one section, each is placed by its source line's share
of the section rather than searched for: a search per value costs time quadratic in
their number on hostile input."""


def _issues(
    noun: str, found: _Found, normalise: Callable[[str], str], detail_prefix: str = ""
) -> Iterator[Issue]:
    """The issues for values changed, missing (with where they belong) and added."""
    changed, missing, added = found
    for (source_line, was), (line, now) in changed:
        shown_now, shown_was = differing_parts(now, was)
        yield Issue(
            f"{noun} {shown_now} here, {shown_was} in the source",
            line,
            source_line,
            detail=f"{detail_prefix}{normalise(was)}>{normalise(now)}",
        )
    for line, (source_line, was) in missing:
        yield Issue(
            f"{noun} {shorten(was)} of the source is missing",
            line,
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
    located: tuple[list[tuple[int, str]], list[tuple[int, str]]],
    normalise: Callable[[str], str],
) -> int:
    """The translation line of a value missing there (see :func:`differences`).

    The first line whose literal text holds it (a code span made plain text);
    else the line of the next source value the translation has, before which it
    belongs; else where the source's line falls in the translation section.
    ``located`` holds the values compared, source's and translation's.
    """
    line = pair.translation.literal.first_line(value)
    if line is not None:
        return line
    source, translation = located
    lines_of: dict[str, int] = {}
    for translation_line, now in translation:
        lines_of.setdefault(normalise(now), translation_line)
    following = (
        lines_of[normalise(was)]
        for was_line, was in source
        if was_line > source_line and normalise(was) in lines_of
    )
    return next(following, None) or pair.line_for(source_line)
