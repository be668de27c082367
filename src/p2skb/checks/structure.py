"""Structure checks: which sections exist, where, at which level, with which role."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from p2skb.alignment import PairedBy, SectionPair
from p2skb.analysis import PairView
from p2skb.checks._common import paired_blocks
from p2skb.checks.registry import (
    CorpusContext,
    Issue,
    PairContext,
    article_pair_check,
    corpus_check,
    section_pair_check,
)
from p2skb.model import Heading, Severity
from p2skb.text import walk_sections
from p2skb.wording import shorten

__all__: list[str] = []

_FAMILY = "structure"


@article_pair_check(
    "P2S101",
    "missing-section",
    Severity.ERROR,
    "A source section has no counterpart in the translation",
    family=_FAMILY,
)
def missing_section(context: PairContext) -> Iterator[Issue]:
    """A section of the source is not in the translation (matched by anchor, slug or role).

    Only the top of a missing subtree is reported; the line is where the section
    would have been in the translation.
    """
    for section, line in context.matched.missing:
        yield Issue(
            f"section {section.key!r} ({shorten(section.title_text)}) is missing",
            line,
            section.span.start_line,
            key=section.key,
            detail=section.key,
        )


@article_pair_check(
    "P2S102",
    "extra-section",
    Severity.WARNING,
    "The translation has a section the source does not have",
    family=_FAMILY,
)
def extra_section(context: PairContext) -> Iterator[Issue]:
    """A section of the translation has no counterpart in the source.

    Often the translation was made from an older source revision, or an anchor
    was changed so the section no longer aligns.
    """
    for section in context.matched.extra:
        yield Issue(
            f"section {section.key!r} ({shorten(section.title_text)}) is not in the source",
            section.span.start_line,
            key=section.key,
            detail=section.key,
        )


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        place = bisect.bisect_left(tails, value)
        if place == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[place] = value
            tail_index[place] = index
        previous[index] = tail_index[place - 1] if place else -1
    kept, index = set(), tail_index[-1] if tail_index else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept


@article_pair_check(
    "P2S103",
    "section-order",
    Severity.WARNING,
    "Aligned sections come in a different order",
    family=_FAMILY,
)
def section_order(context: PairContext) -> Iterator[Issue]:
    """Sibling sections appear in a different order in the translation than in the source.

    Siblings are the translation's: sections that moved under another parent are
    ordered with their new siblings by where they are in the source.  The fewest
    sections that explain the difference are reported as moved.
    """
    order = {
        id(section): index for index, section in enumerate(walk_sections(context.source.sections))
    }
    siblings: dict[str, list[SectionPair]] = {}
    for pair in sorted(context.matched.pairs, key=lambda pair: pair.position):
        siblings.setdefault(pair.translation.key.rpartition("/")[0], []).append(pair)
    for group in siblings.values():
        kept = _longest_increasing([order[id(pair.source)] for pair in group])
        for index, pair in enumerate(group):
            if index not in kept:
                yield Issue(
                    f"section {pair.source.key!r} is out of the source's order",
                    pair.translation.span.start_line,
                    pair.source.span.start_line,
                    key=pair.source.key,
                    detail="moved",
                )


@section_pair_check(
    "P2S104",
    "heading-level",
    Severity.WARNING,
    "An aligned heading has a different level",
    family=_FAMILY,
)
def heading_level(pair: PairView) -> Iterator[Issue]:
    """The translation's heading is at another level (``###`` for ``##``), changing the outline.

    Headings inside tab panels, lists and other containers are compared too, in order
    (when both sections hold as many; block-sequence reports a heading added or dropped).
    """
    source, translation = pair.source.section, pair.translation.section
    headings = [(source.level, translation.level, source.span, translation.span)]
    if pair.by is PairedBy.MOVED:  # section-moved reports the heading with its new place
        headings.clear()
    headings += [
        (was.level, now.level, was.span, now.span) for was, now in paired_blocks(pair, Heading)
    ]
    for was, now, was_span, now_span in headings:
        if was != now:
            yield Issue(
                f"heading level {now} here, {was} in the source",
                now_span.start_line,
                was_span.start_line,
                detail=f"{was}>{now}",
            )


@section_pair_check(
    "P2S105",
    "role-mismatch",
    Severity.ERROR,
    "A troubleshooting role (symptom, cause, solution) differs",
    family=_FAMILY,
)
def role_mismatch(pair: PairView) -> Iterator[Issue]:
    """An aligned section plays another troubleshooting role, or has its role under another anchor.

    Roles come from the anchors (``symptom``, ``cause``/``causes``, ``solution``).
    A cause anchored ``cause`` where the source says ``causes`` aligns by its role,
    but links to ``#causes`` no longer reach it.
    """
    source, translation = pair.source.section, pair.translation.section
    if source.role != translation.role:
        yield Issue(
            f"role {translation.role or 'none'} here, {source.role or 'none'} in the source",
            translation.span.start_line,
            source.span.start_line,
            detail=f"{source.role}>{translation.role}",
        )
    elif pair.by is PairedBy.ROLE:
        yield Issue(
            f"the {source.role} section is anchored {translation.anchor!r} here, "
            f"{source.anchor!r} in the source",
            translation.span.start_line,
            source.span.start_line,
            detail=f"{source.anchor}>{translation.anchor}",
        )


@section_pair_check(
    "P2S106",
    "section-moved",
    Severity.WARNING,
    "A section sits under another parent (or at another level) than in the source",
    family=_FAMILY,
)
def section_moved(pair: PairView) -> Iterator[Issue]:
    """The section is under another heading, or at another level, in the translation.

    Matched across the whole article by an anchor only it has, its content is
    compared as usual; it is reported once here, not as a missing section plus
    an extra one.  Often the translation was made from an older source revision
    that nested the sections otherwise.
    """
    if pair.by is not PairedBy.MOVED:
        return
    source, translation = pair.source.section, pair.translation.section
    was = source.key.rpartition("/")[0] or "the top"
    now = translation.key.rpartition("/")[0] or "the top"
    level = (
        f", heading level {translation.level} (the source's is {source.level})"
        if source.level != translation.level
        else ""
    )
    yield Issue(
        f"section {source.key!r} is under {now!r} here, under {was!r} in the source{level}",
        translation.span.start_line,
        source.span.start_line,
        detail=f"{was}>{now}:{source.level}>{translation.level}",
    )


@corpus_check(
    "P2S107",
    "orphan-translation",
    Severity.WARNING,
    "A translation has no source (corpus mode)",
    family=_FAMILY,
)
def orphan_translation(context: CorpusContext) -> Iterator[Issue]:
    """A translation under the translation root (or in an article folder) has no source.

    The source was renamed, moved or deleted, or the translation is misplaced:
    it is checked against nothing.
    """
    if context.translation:
        yield Issue(f"no source at {context.counterpart}", 1, detail="orphan")


@corpus_check(
    "P2S108",
    "missing-translation",
    Severity.INFO,
    "A source has no translation (corpus mode)",
    family=_FAMILY,
)
def missing_translation(context: CorpusContext) -> Iterator[Issue]:
    """A source under the source root has no translation under the translation root.

    Reported on the source: an article still to translate (parallel trees).
    """
    if not context.translation:
        yield Issue(f"no translation at {context.counterpart}", 1, detail="missing")
