"""Turning what checks found into findings: causes, locations, keys and fingerprints.

The runner's machinery, shared by :mod:`p2skb.drift` (the public ``diff`` and
``lint``) and :mod:`p2skb.three_way` (what a base revision changes): each scope
of checks is called with its input, and each :class:`~p2skb.checks.Issue` it
yields becomes a :class:`~p2skb.model.Finding`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Container, Iterable, Iterator
from typing import Any

import attrs

from p2skb.analysis import ArticleView, PairView
from p2skb.checks import (
    Check,
    CorpusContext,
    Issue,
    PairContext,
    RevisionContext,
    Scope,
    SuppressionContext,
    TranslationContext,
)
from p2skb.model import Article, Cause, Finding, Location, Section
from p2skb.suppressions import suppress, suppressions

__all__ = [
    "SectionAt",
    "article_findings",
    "corpus_findings",
    "fingerprint_of",
    "of_scope",
    "pair_findings",
    "sorted_findings",
    "source_change_findings",
    "suppressed",
    "with_cause",
]


def fingerprint_of(code: str, key: str, detail: str, cause: Cause) -> str:
    """The fingerprint of a finding (see :func:`p2skb.drift.fingerprint`)."""
    normalised = " ".join(detail.split()).casefold()
    translation = _digest("\0".join((code, key, normalised)))
    return _with_cause(translation, cause)


def _digest(material: str) -> str:
    import hashlib  # noqa: PLC0415 -- only drift reports need it, not importing p2skb

    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]


def _with_cause(translation: str, cause: Cause) -> str:
    """A translation finding's fingerprint as the same finding's of another cause."""
    return translation if cause is Cause.TRANSLATION else _digest(f"{translation}\0{cause}")


def with_cause(finding: Finding, cause: Cause) -> Finding:
    """A translation finding as one of another cause (its fingerprint with it)."""
    if finding.cause is not Cause.TRANSLATION:
        raise ValueError(f"{finding.code} at line {finding.translation.line} has its cause")
    fingerprint = _with_cause(finding.fingerprint, cause)
    return attrs.evolve(finding, cause=cause, fingerprint=fingerprint)


def _finding(
    check: Check[Any],
    issue: Issue,
    translation: Article | tuple[str, str],
    source: Article | None,
    *,
    cause: Cause = Cause.TRANSLATION,
) -> Finding:
    """A finding of ``check`` in ``translation`` (an article, or a file's path and locale)."""
    detail = issue.detail or issue.message
    path, locale = (
        (translation.path, translation.locale) if isinstance(translation, Article) else translation
    )
    return Finding(
        code=check.code,
        name=check.name,
        severity=issue.severity or check.severity,
        key=issue.key,
        message=issue.message,
        translation=Location(path, issue.line, locale),
        source=(
            Location(source.path, issue.source_line, source.locale)
            if source is not None and issue.source_line is not None
            else None
        ),
        fingerprint=fingerprint_of(check.code, issue.key, detail, cause),
        cause=cause,
        diff=issue.diff,
    )


def sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings by translation file and position: what every report holds."""
    return tuple(
        sorted(
            findings,
            key=lambda f: (f.translation.path, f.translation.line, f.code, f.key, f.message),
        )
    )


class SectionAt:
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


def of_scope(checks_to_run: Iterable[Check[Any]], scope: Scope) -> list[Check[Any]]:
    """The checks of one scope."""
    return [check for check in checks_to_run if check.scope is scope]


def article_findings(
    checks_to_run: Iterable[Check[Any]], context: TranslationContext
) -> Iterator[Finding]:
    """Findings of the checks that look at one article (with its source, when diffing)."""
    article = context.article
    section_at = SectionAt(article)
    view: ArticleView = context.analysis.article(article)
    for check in checks_to_run:
        if check.scope is Scope.ARTICLE:
            issues = check.function(view)
        elif check.scope is Scope.TRANSLATION:
            issues = check.function(context)
        else:
            continue
        for issue in issues:
            keyed = issue if issue.key else _with_key(issue, section_at(issue.line))
            yield _finding(check, keyed, article, context.source)


def pair_findings(
    checks_to_run: Iterable[Check[Any]],
    context: PairContext,
    cause: Callable[[Check[Any]], Cause],
    *,
    sections: Container[str] | None = None,
) -> Iterator[Finding]:
    """Findings of the checks that compare the source (or base) with the translation.

    ``cause`` gives each check's findings their cause.  With ``sections``, only the
    section pairs whose translation section's key it holds are compared (the
    article-pair checks run in full).
    """
    source, translation = context.source, context.translation
    for check in of_scope(checks_to_run, Scope.ARTICLE_PAIR):
        for issue in check.function(context):
            yield _finding(check, issue, translation, source, cause=cause(check))
    section_checks = of_scope(checks_to_run, Scope.SECTION_PAIR)
    gated = any(check.reads for check in section_checks)
    for pair in context.matched.parts:
        if sections is not None and pair.translation.key not in sections:
            continue
        view: PairView = context.analysis.pair(pair)
        # What the two sections hold decides which checks have anything to read.
        held = view.source.content_classes | view.translation.content_classes if gated else None
        for check in section_checks:
            if held is not None and check.reads and check.reads.isdisjoint(held):
                continue
            for issue in check.function(view):
                keyed = issue if issue.key else _with_key(issue, pair.source.key)
                yield _finding(check, keyed, translation, source, cause=cause(check))


def source_change_findings(
    checks_to_run: Iterable[Check[Any]], context: RevisionContext
) -> Iterator[Finding]:
    """Findings of the checks that say how the source changed since the translation's base."""
    source, translation = context.source, context.translation
    for check in of_scope(checks_to_run, Scope.SOURCE_CHANGE):
        for issue in check.function(context):
            yield _finding(check, issue, translation, source, cause=Cause.SOURCE_CHANGE)


def _with_key(issue: Issue, key: str) -> Issue:
    return attrs.evolve(issue, key=key)


def corpus_findings(
    checks_to_run: Iterable[Check[Any]], context: CorpusContext, locale: str
) -> list[Finding]:
    """Findings of the checks on a corpus file without a counterpart (at its first line)."""
    return [
        _finding(check, issue, (context.path, locale), None)
        for check in of_scope(checks_to_run, Scope.CORPUS)
        for issue in check.function(context)
    ]


def suppressed(
    checks_to_run: Iterable[Check[Any]], article: Article, findings: list[Finding]
) -> list[Finding]:
    """The findings in ``article`` its inline suppression comments leave, and theirs.

    See :mod:`p2skb.suppressions`: a comment that silences nothing is a finding of
    the suppression checks (``unused-suppression``).
    """
    found = suppressions(article)
    if not found:
        return findings
    kept, unused = suppress(findings, found)
    for check in of_scope(checks_to_run, Scope.SUPPRESSION):
        for one in unused:
            context = SuppressionContext(one.line, one.kind, one.written, one.problem)
            kept += (_finding(check, issue, article, None) for issue in check.function(context))
    return kept
