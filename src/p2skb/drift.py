"""Run the registered checks: ``diff`` a translation against its source, ``lint`` one article."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import attrs

from p2skb._collector import collector_paused
from p2skb.alignment import (
    SectionPair,
    SectionPairs,
    article_ref,
    intro_section,
    match_sections,
)
from p2skb.analysis import Analysis, ArticleView, PairView
from p2skb.checks import (
    Check,
    Issue,
    PairContext,
    RevisionContext,
    Scope,
    TranslationContext,
    checks,
    resolve,
)
from p2skb.checks.metadata import other_revision
from p2skb.checks.source_changes import (
    kept_at,
    source_changed,
    source_sections,
    unchanged_sections,
)
from p2skb.model import (
    Article,
    BaseRef,
    BaseWay,
    Cause,
    DriftReport,
    Finding,
    Location,
    Section,
)

if TYPE_CHECKING:
    from p2skb.history import SourceHistory

__all__ = ["diff", "fingerprint", "lint", "merge_reports", "selected_checks"]


def selected_checks(
    select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> tuple[Check[Any], ...]:
    """The checks to run: all of them, or those selected, minus those ignored (codes or names).

    Raises:
        UsageError: a code or name is unknown.

    """
    catalogue = checks()
    chosen = resolve(select) or frozenset(catalogue)
    dropped = resolve(ignore)
    return tuple(check for code, check in catalogue.items() if code in chosen - dropped)


def fingerprint(
    code: str, path: str, key: str, detail: str, cause: Cause = Cause.TRANSLATION
) -> str:
    """A finding's identity across line shifts: code, file, section key, normalised detail, cause.

    A translation finding's fingerprint leaves the cause out, so baselines written
    before findings had causes still match them.
    """
    return _fingerprint(code, PurePath(path).as_posix(), key, detail, cause)


def _fingerprint(code: str, posix_path: str, key: str, detail: str, cause: Cause) -> str:
    import hashlib  # noqa: PLC0415 -- only drift reports need it, not importing p2skb

    normalised = " ".join(detail.split()).casefold()
    parts = (code, posix_path, key, normalised)
    material = "\0".join(parts if cause is Cause.TRANSLATION else (*parts, cause))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]


def _finding(
    check: Check[Any],
    issue: Issue,
    translation: Article,
    source: Article | None,
    posix_path: str,
    *,
    cause: Cause = Cause.TRANSLATION,
) -> Finding:
    """A finding of ``check``; ``posix_path`` is the translation's path as fingerprinted."""
    detail = issue.detail or issue.message
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
        fingerprint=_fingerprint(check.code, posix_path, issue.key, detail, cause),
        cause=cause,
        diff=issue.diff,
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


def _of_scope(checks_to_run: Iterable[Check[Any]], scope: Scope) -> list[Check[Any]]:
    return [check for check in checks_to_run if check.scope is scope]


def _article_findings(
    checks_to_run: Iterable[Check[Any]], context: TranslationContext
) -> Iterator[Finding]:
    """Findings of the checks that look at one article (with its source, when diffing)."""
    article = context.article
    section_at = _SectionAt(article)
    view: ArticleView = context.analysis.article(article)
    posix_path = PurePath(article.path).as_posix()
    for check in checks_to_run:
        if check.scope is Scope.ARTICLE:
            issues = check.function(view)
        elif check.scope is Scope.TRANSLATION:
            issues = check.function(context)
        else:
            continue
        for issue in issues:
            keyed = issue if issue.key else _with_key(issue, section_at(issue.line))
            yield _finding(check, keyed, article, context.source, posix_path)


def _pair_findings(
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
    posix_path = PurePath(translation.path).as_posix()
    for check in _of_scope(checks_to_run, Scope.ARTICLE_PAIR):
        for issue in check.function(context):
            yield _finding(check, issue, translation, source, posix_path, cause=cause(check))
    section_checks = _of_scope(checks_to_run, Scope.SECTION_PAIR)
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
                yield _finding(check, keyed, translation, source, posix_path, cause=cause(check))


def _source_changes(
    checks_to_run: Iterable[Check[Any]], context: RevisionContext
) -> Iterator[Finding]:
    """Findings of the checks that say how the source changed since the translation's base."""
    source, translation = context.source, context.translation
    posix_path = PurePath(translation.path).as_posix()
    for check in _of_scope(checks_to_run, Scope.SOURCE_CHANGE):
        for issue in check.function(context):
            yield _finding(check, issue, translation, source, posix_path, cause=Cause.SOURCE_CHANGE)


def diff(
    source: Article,
    translation: Article,
    *,
    base: Article | None = None,
    base_ref: BaseRef | None = None,
    history: SourceHistory | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> DriftReport:
    """Compare a translation with its source and return the drift, sorted by file position.

    Runs every selected check: the pair checks on the aligned sections and
    articles, and the single-article checks on the translation.  ``select``
    and ``ignore`` take codes (``P2S201``) or names (``block-sequence``).

    With the translation's *base* — the source revision it was made from, given
    as ``base`` (``base_ref`` says where it came from) or found in ``history``
    (see :meth:`p2skb.history.SourceHistory.base`) — the drift is three-way:
    the pair checks compare the base with the translation (cause
    ``translation``: what the translator changed), and the source-change
    checks report what the source changed since the base (cause
    ``source-change``).  Without one, when the dates say the translation was
    made from another revision, the pair findings have cause
    ``revision-unknown``.

    Raises:
        UsageError: a code or name in ``select`` or ``ignore`` is unknown.
        HistoryError: ``history`` cannot read the source's history.
        FrontMatterError: the base found in ``history`` has unreadable front matter.

    """
    checks_to_run = selected_checks(select, ignore)
    if base is None and history is not None:
        found = history.base(source.path, translation.front_matter)
        if found is not None:
            base, base_ref = found.article(source.path, locale=source.locale), found.ref
    if base is not None and base_ref is None:
        base_ref = BaseRef(base.path, None, BaseWay.GIVEN)
    with collector_paused():  # views, runs and pairs: many small acyclic objects
        # The views die when _findings returns, before the collector is back on, so its
        # first pass does not scan them (cProfile: the pause's exit took 1.0 ms, now 0.55).
        findings = _findings(checks_to_run, source, translation, base, base_ref)
        translated = attrs.evolve(article_ref(translation), base=base_ref)
        return DriftReport(article_ref(source), (translated,), _sorted(findings))


def _findings(
    checks_to_run: Iterable[Check[Any]],
    source: Article,
    translation: Article,
    base: Article | None,
    base_ref: BaseRef | None,
) -> list[Finding]:
    """Every finding of :func:`diff`, unsorted."""
    analysis = Analysis()  # the views the checks share, for this run only
    given = base if base is not None else source  # what the translator translated
    matched = match_sections(given, translation)
    revision = RevisionContext(source, translation, base, analysis=analysis)
    if base is not None:
        revision = attrs.evolve(revision, changed=match_sections(base, source), translated=matched)
    context = PairContext(given, translation, matched, analysis)
    findings = [*_pair_findings(checks_to_run, context, _causes(revision, base_ref))]
    if base is not None:
        findings = _explained_away(findings, checks_to_run, revision)
    findings += _article_findings(
        checks_to_run, TranslationContext(translation, given, matched, analysis)
    )
    findings += _source_changes(checks_to_run, revision)
    return findings


def _causes(revision: RevisionContext, base: BaseRef | None) -> Callable[[Check[Any]], Cause]:
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
    dated = base.way is BaseWay.MS_DATE and source_changed(revision)

    def cause(check: Check[Any]) -> Cause:
        outline = check.scope is Scope.ARTICLE_PAIR and check.family == "structure"
        return Cause.REVISION_UNKNOWN if dated and outline else Cause.TRANSLATION

    return cause


def _explained_away(
    findings: list[Finding], checks_to_run: Iterable[Check[Any]], revision: RevisionContext
) -> list[Finding]:
    """The base's pair findings, less those where the translation agrees with the source.

    Where the source changed a section since the base, a difference from the base
    that the current source does not show (the translation already says what the
    source now says: made from a later revision with the same ``ms.date``, or
    updated since) is no translation defect.  Only the checks that found such
    differences are run again, on those sections against the current source.
    """
    kept = unchanged_sections(revision)
    doubtful = [
        finding
        for finding in findings
        if finding.key not in kept
        and not (finding.source and kept_at(revision, finding.key, finding.source.line))
    ]
    if not doubtful:
        return findings
    source, translation = revision.source, revision.translation
    section_at = _SectionAt(translation)
    sections = {section_at(finding.translation.line) for finding in doubtful}
    codes = {finding.code for finding in doubtful}
    rechecks = [check for check in checks_to_run if check.code in codes]
    analysis = revision.analysis
    found: list[Finding] = []
    outline_checks = _of_scope(rechecks, Scope.ARTICLE_PAIR)
    if outline_checks:  # the outline against the source: only when an outline check found
        matched = match_sections(source, translation)
        outline = PairContext(source, translation, matched, analysis)
        found += _pair_findings(outline_checks, outline, _translation_cause)
    found += _pair_findings(
        _of_scope(rechecks, Scope.SECTION_PAIR),
        PairContext(source, translation, _through_base(revision), analysis),
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


def _through_base(revision: RevisionContext) -> SectionPairs:
    """The current source's sections paired with the translation's through the base.

    A translation section is paired with the source section its base section became
    (renamed sections too, which matching by anchor would miss).
    """
    became = source_sections(revision)
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
    with collector_paused():  # as in diff
        findings = list(_article_findings(checks_to_run, TranslationContext(article)))
        return DriftReport(None, (article_ref(article),), _sorted(findings))


def merge_reports(reports: Iterable[DriftReport]) -> DriftReport:
    """One report of several (the same source, or lint of several files)."""
    collected = list(reports)
    source = collected[0].source if collected else None
    translations = tuple(ref for report in collected for ref in report.translations)
    return DriftReport(source, translations, _sorted(f for r in collected for f in r.findings))
