"""Source changes: what en-us changed since the revision a translation was made from.

These checks report :class:`p2skb.source_diff.SourceChanges` when the
translation's base revision is known (given, or found in the source's git
history): an update the translation has to carry over, on the translation where
it applies — at the translation's counterpart of the base section, or where a
new section belongs.
"""

from __future__ import annotations

from collections.abc import Iterator

from p2skb.alignment import PairedBy
from p2skb.checks.registry import Issue, RevisionContext, source_change_check
from p2skb.model import Article, Severity
from p2skb.source_diff import SourceChanges, content_lines, line_changes
from p2skb.wording import counted, shorten

__all__: list[str] = []

_FAMILY = "metadata"


def _intro_line(article: Article) -> int:
    return article.heading.span.start_line if article.heading else 1


@source_change_check(
    "P2S403",
    "outdated-section",
    Severity.WARNING,
    "The source changed a section since the translation's base revision",
    family=_FAMILY,
)
def outdated_section(context: RevisionContext) -> Iterator[Issue]:
    """The source rewrote part of a section since the revision the translation was made from.

    Compared: the section's title and own content (text with its code, link
    targets and inline HTML; code, HTML and includes), not its markup.  A
    section the source renamed (a new anchor: a removed and an added section
    alike in text, in one place) or moved under another heading is reported
    too.  The
    finding is on the translation's counterpart of the section and shows what
    was removed (``-``) and added (``+``), shortened and capped: the update to
    translate.
    """
    changes = SourceChanges.of(context)
    if changes is None or changes.identical:
        return
    analysis = context.analysis
    for pair in changes.kept:
        base, source = pair.source, pair.translation
        renamed = id(base) in changes.renamed
        moved = pair.by is PairedBy.MOVED and not renamed
        was = analysis.section(base).derived(content_lines)
        now = analysis.section(source).derived(content_lines)
        if was == now and not (moved or renamed):
            continue
        what = "this section" if base.key else "the introduction"
        how = []
        removed, added, diff = line_changes(was, now)
        if diff:
            how.append(f"changed {what} ({counted(removed, 'line')} removed, {added} added)")
        if renamed:
            how.append(f"renamed {'it' if how else what} {source.key!r}")
        elif moved:
            parent = source.key.rpartition("/")[0] or "the top"
            how.append(f"moved {'it' if how else what} under {parent!r}")
        yield Issue(
            f"the source {' and '.join(how)} since the base",
            _intro_line(context.translation) if not base.key else changes.of_base(base),
            source.span.start_line,
            key=base.key,
            detail="\n".join((source.key, *diff)),
            diff=diff,
        )


@source_change_check(
    "P2S404",
    "section-added-in-source",
    Severity.WARNING,
    "The source added a section since the translation's base revision",
    family=_FAMILY,
)
def section_added_in_source(context: RevisionContext) -> Iterator[Issue]:
    """The source has a section the revision the translation was made from did not have.

    Reported where the section belongs in the translation (before the
    counterpart of what follows it in the source), with its first lines: a
    section to translate.
    """
    changes = SourceChanges.of(context)
    if changes is None:
        return
    for section in changes.added:
        lines = context.analysis.section(section).derived(content_lines)
        _, _, diff = line_changes((), lines)
        yield Issue(
            f"the source added section {section.key!r} ({shorten(section.title_text)}) "
            "since the base",
            changes.of_source(section),
            section.span.start_line,
            key=section.key,
            detail=section.key,
            diff=diff,
        )


@source_change_check(
    "P2S405",
    "section-removed-in-source",
    Severity.WARNING,
    "The source removed a section since the translation's base revision",
    family=_FAMILY,
)
def section_removed_in_source(context: RevisionContext) -> Iterator[Issue]:
    """The revision the translation was made from had a section the source no longer has.

    Reported on the translation's counterpart: a section to remove (or to move,
    when the source gave it another anchor).  A section the translation does
    not have either needs nothing and is not reported.
    """
    changes = SourceChanges.of(context)
    if changes is None:
        return
    for section in changes.removed:
        if id(section) not in changes.in_translation:
            continue
        yield Issue(
            f"the source removed section {section.key!r} ({shorten(section.title_text)}) "
            "since the base",
            changes.of_base(section),
            key=section.key,
            detail=section.key,
        )
