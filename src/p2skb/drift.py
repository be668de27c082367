"""Run the registered checks: ``diff`` a translation against its source, ``lint`` one article."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from pathlib import PurePath

import attrs

from p2skb._collector import collector_paused
from p2skb.alignment import article_ref, match_sections
from p2skb.checks._common import content_classes, forget_views
from p2skb.checks.registry import (
    Check,
    Issue,
    PairContext,
    Scope,
    TranslationContext,
    checks,
    resolve,
)
from p2skb.model import Article, DriftReport, Finding, Location, Section

__all__ = ["diff", "fingerprint", "lint", "merge_reports", "selected_checks"]


def selected_checks(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Check, ...]:
    """The checks to run: all of them, or those selected, minus those ignored (codes or names).

    Raises:
        UsageError: a code or name is unknown.

    """
    catalogue = checks()
    chosen = resolve(select) or frozenset(catalogue)
    dropped = resolve(ignore)
    return tuple(check for code, check in catalogue.items() if code in chosen - dropped)


def fingerprint(code: str, path: str, key: str, detail: str) -> str:
    """A finding's identity across line shifts: code, file, section key and normalised detail."""
    import hashlib  # noqa: PLC0415 -- only drift reports need it, not importing p2skb

    normalised = " ".join(detail.split()).casefold()
    material = "\0".join((code, PurePath(path).as_posix(), key, normalised))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]


def _finding(check: Check, issue: Issue, translation: Article, source: Article | None) -> Finding:
    return Finding(
        code=check.code,
        name=check.name,
        severity=issue.severity or check.severity,
        key=issue.key,
        message=issue.message,
        translation=Location(translation.path, issue.line, translation.locale),
        source=(
            Location(source.path, issue.source_line, source.locale)
            if source is not None and issue.source_line is not None
            else None
        ),
        fingerprint=fingerprint(
            check.code, translation.path, issue.key, issue.detail or issue.message
        ),
    )


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(
        sorted(
            findings,
            key=lambda f: (f.translation.path, f.translation.line, f.code, f.key, f.message),
        )
    )


class _SectionAt:
    """Finds the innermost section holding a line, by bisection over the sections' starts."""

    def __init__(self, article: Article) -> None:
        self.sections: list[Section] = []  # document order
        self.parents: list[int] = []  # index of each section's parent, -1 at the top
        self._index(article.sections, -1)
        self.starts = [section.span.start_line for section in self.sections]

    def _index(self, sections: tuple[Section, ...], parent: int) -> None:
        for section in sections:
            self.sections.append(section)
            self.parents.append(parent)
            self._index(section.sections, len(self.sections) - 1)

    def __call__(self, line: int) -> str:
        """The section's key, or empty before the first section or between sections."""
        index = bisect.bisect_right(self.starts, line) - 1
        # Spans nest: from the last section starting at or before the line, the first of
        # it and its ancestors that still holds the line is the innermost.
        while index >= 0:
            if self.sections[index].span.end_line >= line:
                return self.sections[index].key
            index = self.parents[index]
        return ""


def _article_findings(
    checks_to_run: Iterable[Check], context: TranslationContext
) -> Iterator[Finding]:
    """Findings of the checks that look at one article (with its source, when diffing)."""
    article = context.article
    section_at = _SectionAt(article)
    for check in checks_to_run:
        if check.scope is Scope.ARTICLE:
            issues = check.function(article)
        elif check.scope is Scope.TRANSLATION:
            issues = check.function(context)
        else:
            continue
        for issue in issues:
            keyed = issue if issue.key else _with_key(issue, section_at(issue.line))
            yield _finding(check, keyed, article, context.source)


def _pair_findings(checks_to_run: Iterable[Check], context: PairContext) -> Iterator[Finding]:
    """Findings of the checks that compare the source with the translation."""
    source, translation = context.source, context.translation
    section_checks = []
    for check in checks_to_run:
        if check.scope is Scope.ARTICLE_PAIR:
            for issue in check.function(context):
                yield _finding(check, issue, translation, source)
        elif check.scope is Scope.SECTION_PAIR:
            section_checks.append(check)
    gated = any(check.reads for check in section_checks)
    for pair in context.matched.pairs:
        # What the two sections hold decides which checks have anything to read.
        held = content_classes(pair.source) | content_classes(pair.translation) if gated else None
        for check in section_checks:
            if held is not None and check.reads and check.reads.isdisjoint(held):
                continue
            for issue in check.function(pair):
                keyed = issue if issue.key else _with_key(issue, pair.source.key)
                yield _finding(check, keyed, translation, source)


def diff(
    source: Article,
    translation: Article,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> DriftReport:
    """Compare a translation with its source and return the drift, sorted by file position.

    Runs every selected check: the pair checks on the aligned sections and
    articles, and the single-article checks on the translation.  ``select``
    and ``ignore`` take codes (``P2S201``) or names (``block-sequence``).

    Raises:
        UsageError: a code or name in ``select`` or ``ignore`` is unknown.

    """
    checks_to_run = selected_checks(select, ignore)
    # The checks build many short-lived views and no cycles: see p2skb._collector.
    with collector_paused():
        try:
            matched = match_sections(source, translation)
            findings = [*_pair_findings(checks_to_run, PairContext(source, translation, matched))]
            findings += _article_findings(
                checks_to_run, TranslationContext(translation, source, matched)
            )
        finally:
            forget_views()  # the views the checks shared belong to this run only
    return DriftReport(article_ref(source), (article_ref(translation),), _sorted(findings))


def _with_key(issue: Issue, key: str) -> Issue:
    return attrs.evolve(issue, key=key)


def lint(
    article: Article, *, select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> DriftReport:
    """Run the single-article checks on one article (malformed tables, broken emphasis, ...).

    Raises:
        UsageError: a code or name in ``select`` or ``ignore`` is unknown.

    """
    checks_to_run = selected_checks(select, ignore)
    with collector_paused():
        try:
            findings = list(_article_findings(checks_to_run, TranslationContext(article)))
        finally:
            forget_views()
    return DriftReport(None, (article_ref(article),), _sorted(findings))


def merge_reports(reports: Iterable[DriftReport]) -> DriftReport:
    """One report of several (the same source, or lint of several files)."""
    collected = list(reports)
    source = collected[0].source if collected else None
    translations = tuple(ref for report in collected for ref in report.translations)
    return DriftReport(source, translations, _sorted(f for r in collected for f in r.findings))
