"""Three-way drift: what a translation's base revision changes in its drift.

With the base (the source revision the translation was made from), the pair
checks compare the base with the translation; this module gives their findings
their causes, and drops the differences from the base that the current source
explains (see :func:`explained_away`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from p2skb.alignment import SectionPair, SectionPairs, intro_section, match_sections
from p2skb.checks import Check, PairContext, RevisionContext, Scope
from p2skb.checks.metadata import other_revision
from p2skb.findings import SectionAt, of_scope, pair_findings
from p2skb.literal import section_literal_text
from p2skb.model import BaseRef, BaseWay, Cause, Code, Finding, Section
from p2skb.source_diff import SourceChanges
from p2skb.text import walk_blocks, walk_sections

__all__ = ["doubted", "explained_away", "pair_causes"]

DOUBTFUL = 0.5
"""The share of a base's sections (the intro counted) a translation may differ from before a
base found by ``ms.date`` is doubted.  On the corpus, translations differ from the revision
they were made from in 5-24% of its sections, and from an earlier revision with the same
``ms.date`` (the one the history holds) in 71-86%."""


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


def doubted(base: BaseRef, revision: RevisionContext, findings: Iterable[Finding]) -> bool:
    """Whether a base found by ``ms.date`` is doubtful (see :data:`DOUBTFUL`).

    The translation, compared with it, has pair findings in more than that share
    of its sections, and the source has changed since (else the base is the source, and
    what differs from it is the translator's).  Several revisions can share an
    ``ms.date``; a history that lacks the one the translator had offers an earlier one,
    which the translation differs from all over.
    """
    changes = SourceChanges.of(revision)
    if base.way is not BaseWay.MS_DATE or revision.base is None or changes is None:
        return False
    sections = 1 + sum(1 for _ in walk_sections(revision.base.sections))  # and the intro
    differing = len({finding.key for finding in findings})
    return differing > DOUBTFUL * sections and changes.changed_any()


def explained_away(
    findings: list[Finding], checks_to_run: Iterable[Check[Any]], revision: RevisionContext
) -> list[Finding]:
    """The base's pair findings, less those where the translation agrees with the source.

    Where the source changed a section since the base, a difference from the base
    is no translation defect when, against the current source, the check that
    found it finds nothing in that section (the translation already says what the
    source now says: it was made from a later revision with the same ``ms.date``,
    or updated since); the outline checks, when the section is no longer missing
    or extra.  Where the check still finds something there, the translator's
    change stands, whatever the source's rewording did to the message.  Only the
    checks that found such differences run again, on those sections.
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

    outline_codes = {check.code for check in outline_checks}

    def where(finding: Finding, *, against_base: bool) -> tuple[str, str]:
        """The check, and the section it is about.

        The translation's section; for the outline, its key (a base key as the key of
        the source section it became).
        """
        if finding.code not in outline_codes:
            return finding.code, section_at(finding.translation.line)
        base = changes.base_sections.get(finding.key) if against_base else None
        became = changes.became.get(id(base)) if base is not None else None
        return finding.code, became.key if became is not None else finding.key

    still = {where(finding, against_base=False) for finding in found}
    follows = _Follows(revision, changes, section_at)
    explained = {
        id(finding)
        for finding in doubtful
        if where(finding, against_base=True) not in still
        and (finding.code in outline_codes or follows(finding))
    }
    return [finding for finding in findings if id(finding) not in explained]


class _Follows:
    """Whether the translation's section follows the source more than the base.

    Compared on what translation keeps as it is: the kinds of blocks, code lines,
    code spans and link targets (a multiset overlap).  A translation made from a
    later revision than the base found (one with the same ``ms.date``) is as close
    to the source as to the base, or closer; a section the source rewrote since the
    translator's revision is closer to the base.
    """

    def __init__(
        self, revision: RevisionContext, changes: SourceChanges, section_at: SectionAt
    ) -> None:
        self.analysis = revision.analysis
        self.changes = changes
        self.section_at = section_at
        translated = revision.translated
        self.base_of = {
            pair.translation.key: pair.source for pair in (translated.parts if translated else ())
        }
        self.translation_sections = {
            pair.translation.key: pair.translation
            for pair in (translated.parts if translated else ())
        }

    def __call__(self, finding: Finding) -> bool:
        """Whether the finding's section follows the source more than the base.

        Its counterpart in the source is at least as alike as the base's; a section
        the source removed does not follow it.
        """
        key = self.section_at(finding.translation.line)
        base = self.base_of.get(key)
        translation = self.translation_sections.get(key)
        if base is None or translation is None:
            return True  # no base section: what the checks against the source say decides
        source = self.changes.became.get(id(base))
        if source is None:
            return False  # the source removed it: section-removed-in-source says so
        kept = self.analysis.section(translation).derived(_kept_as_is)
        to_base = _overlap(kept, self.analysis.section(base).derived(_kept_as_is))
        return _overlap(kept, self.analysis.section(source).derived(_kept_as_is)) >= to_base


def _kept_as_is(section: Section) -> Counter[str]:
    """What a translation keeps as it is, of a section's own content."""
    kept: Counter[str] = Counter()
    for block in walk_blocks(section.blocks):
        kept[type(block).__name__] += 1
        if isinstance(block, Code):
            kept.update(line.strip() for line in block.text.splitlines() if line.strip())
    literal = section_literal_text(section)
    kept.update(text for _, text in literal.code_spans)
    kept.update(literal.targets)
    return kept


def _overlap(one: Counter[str], other: Counter[str]) -> float:
    union = sum((one | other).values())
    return sum((one & other).values()) / union if union else 1.0


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
