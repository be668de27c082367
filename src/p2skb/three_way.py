"""Three-way drift: what a translation's base revision changes in its drift.

With the base (the source revision the translation was made from), the pair
checks compare the base with the translation; this module gives their findings
their causes, and drops the differences from the base that the current source
explains (see :func:`explained_away`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from p2skb.alignment import SectionPair, SectionPairs, intro_section, match_sections
from p2skb.checks import Check, PairContext, RevisionContext, Scope
from p2skb.checks.metadata import other_revision
from p2skb.findings import SectionAt, of_scope, pair_findings
from p2skb.model import BaseRef, BaseWay, Cause, Finding
from p2skb.source_diff import SourceChanges

__all__ = ["explained_away", "pair_causes"]


def pair_causes(revision: RevisionContext, base: BaseRef | None) -> Callable[[Check[Any]], Cause]:
    """The cause of each pair check's findings.

    Without a base: ``revision-unknown`` when the dates say the translation was
    made from another revision, else ``translation``.  With one: ``translation``;
    but a base known only by its ``ms.date`` may be one of several revisions that
    share the date, and once the source has changed since, sections the
    translation adds or lacks against it (outline checks) may come from a revision
    in between: ``revision-unknown`` (translators rarely add or drop sections).
    """
    if base is None:
        other = other_revision(revision.source, revision.translation)
        unknown = Cause.REVISION_UNKNOWN if other else Cause.TRANSLATION
        return lambda _: unknown
    changes = SourceChanges.of(revision)
    dated = base.way is BaseWay.MS_DATE and changes is not None and changes.changed_any()

    def cause(check: Check[Any]) -> Cause:
        outline = check.scope is Scope.ARTICLE_PAIR and check.family == "structure"
        return Cause.REVISION_UNKNOWN if dated and outline else Cause.TRANSLATION

    return cause


def explained_away(
    findings: list[Finding], checks_to_run: Iterable[Check[Any]], revision: RevisionContext
) -> list[Finding]:
    """The base's pair findings, less those where the translation agrees with the source.

    Where the source changed a section since the base, a difference from the base
    that the current source does not show (the translation already says what the
    source now says: made from a later revision with the same ``ms.date``, or
    updated since) is no translation defect.  Only the checks that found such
    differences are run again, on those sections against the current source.
    """
    changes = SourceChanges.of(revision)
    if changes is None:
        return findings
    analysis = revision.analysis
    doubtful = [
        finding
        for finding in findings
        if finding.key not in changes.unchanged
        and not (finding.source and changes.kept_at(analysis, finding.key, finding.source.line))
    ]
    if not doubtful:
        return findings
    source, translation = revision.source, revision.translation
    section_at = SectionAt(translation)
    sections = {section_at(finding.translation.line) for finding in doubtful}
    codes = {finding.code for finding in doubtful}
    rechecks = [check for check in checks_to_run if check.code in codes]
    found: list[Finding] = []
    outline_checks = of_scope(rechecks, Scope.ARTICLE_PAIR)
    if outline_checks:  # the outline against the source: only when an outline check found
        matched = match_sections(source, translation)
        outline = PairContext(source, translation, matched, analysis)
        found += pair_findings(outline_checks, outline, _translation_cause)
    found += pair_findings(
        of_scope(rechecks, Scope.SECTION_PAIR),
        PairContext(source, translation, _through_base(revision, changes), analysis),
        _translation_cause,
        sections=sections,
    )
    current = {_identity(finding) for finding in found}
    explained = {id(finding) for finding in doubtful if _identity(finding) not in current}
    return [finding for finding in findings if id(finding) not in explained]


def _identity(finding: Finding) -> tuple[str, int, str]:
    """What two findings on one translation share when they are one difference."""
    return (finding.code, finding.translation.line, finding.message)


def _translation_cause(_: Check[Any]) -> Cause:
    return Cause.TRANSLATION


def _through_base(revision: RevisionContext, changes: SourceChanges) -> SectionPairs:
    """The current source's sections paired with the translation's through the base.

    A translation section is paired with the source section its base section became
    (renamed sections too, which matching by anchor would miss).
    """
    became = changes.became
    translated = revision.translated
    pairs = [
        SectionPair(now, pair.translation, pair.by, pair.position)
        for pair in (translated.pairs if translated else ())
        if (now := became.get(id(pair.source))) is not None
    ]
    intro = translated.intro if translated else None
    if intro is not None:  # the intros are made per pairing: the source's is its own
        intro = SectionPair(intro_section(revision.source), intro.translation, intro.by, -1)
    return SectionPairs(tuple(pairs), (), (), intro)
