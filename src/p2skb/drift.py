"""Run the registered checks: ``diff`` a translation against its source, ``lint`` one article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from p2skb._collector import collector_paused
from p2skb.alignment import article_ref, match_sections
from p2skb.analysis import Analysis
from p2skb.checks import Check, PairContext, RevisionContext, TranslationContext, checks, resolve
from p2skb.findings import (
    article_findings,
    fingerprint_of,
    pair_findings,
    sorted_findings,
    source_change_findings,
    suppressed,
    with_cause,
)
from p2skb.model import Article, BaseRef, BaseWay, Cause, DriftReport, Finding
from p2skb.three_way import doubted, explained_away, pair_causes

if TYPE_CHECKING:
    from p2skb.history import SourceHistory

__all__ = ["diff", "fingerprint", "lint", "merge_reports", "selected_checks"]


def selected_checks(
    select: str | Iterable[str] = (), ignore: str | Iterable[str] = ()
) -> tuple[Check[Any], ...]:
    """The checks to run: all of them, or those selected, minus those ignored.

    Each is a code, a name, a code prefix (``P2S7``), a family (``language``) or
    ``ALL`` (see :func:`p2skb.checks.resolve`); one string is a comma-separated list.

    Raises:
        UsageError: a code or name is unknown.

    """
    catalogue = checks()
    chosen = resolve(select) or frozenset(catalogue)
    dropped = resolve(ignore)
    return tuple(check for code, check in catalogue.items() if code in chosen - dropped)


def fingerprint(code: str, key: str, detail: str, cause: Cause = Cause.TRANSLATION) -> str:
    """A finding's identity across line shifts and files: code, section key, normalised detail.

    And the cause, when the finding is not a translation defect.  The file is not
    in it: a baseline pairs a fingerprint with its file, relative to the baseline.
    """
    return fingerprint_of(code, key, detail, cause)


def diff(
    source: Article,
    translation: Article,
    *,
    base: Article | None = None,
    base_ref: BaseRef | None = None,
    history: SourceHistory | None = None,
    select: str | Iterable[str] = (),
    ignore: str | Iterable[str] = (),
) -> DriftReport:
    """Compare a translation with its source and return the drift, sorted by file position.

    Runs every selected check: the pair checks on the aligned sections and
    articles, and the single-article checks on the translation.  ``select``
    and ``ignore`` take codes (``P2S201``), names (``block-sequence``), code
    prefixes (``P2S7``), families (``language``) or ``ALL``; one string is a
    comma-separated list.

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
        TypeError: ``source``, ``translation`` or ``base`` is not an :class:`Article`
            (parse files with :func:`p2skb.parse_file` first).
        UsageError: a code or name in ``select`` or ``ignore`` is unknown.
        HistoryError: ``history`` cannot read the source's history.
        FrontMatterError: the base found in ``history`` has unreadable front matter.

    """
    for role, value in (("source", source), ("translation", translation), ("base", base)):
        if not isinstance(value, Article) and not (role == "base" and value is None):
            raise TypeError(
                f"diff() takes parsed articles: {role} is a {type(value).__name__}, "
                "not a p2skb.Article (parse it with p2skb.parse_file(path) first)"
            )
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
        findings, base_ref = _findings(checks_to_run, source, translation, base, base_ref)
        translated = attrs.evolve(article_ref(translation), base=base_ref)
        return DriftReport(article_ref(source), (translated,), sorted_findings(findings))


def _findings(
    checks_to_run: Iterable[Check[Any]],
    source: Article,
    translation: Article,
    base: Article | None,
    base_ref: BaseRef | None,
) -> tuple[list[Finding], BaseRef | None]:
    """Every finding of :func:`diff`, unsorted, and the base as it turned out."""
    analysis = Analysis()  # the views the checks share, for this run only
    given = base if base is not None else source  # what the translator translated
    matched = match_sections(given, translation)
    revision = RevisionContext(source, translation, base, analysis=analysis)
    if base is not None:
        revision = attrs.evolve(revision, changed=match_sections(base, source), translated=matched)
    context = PairContext(given, translation, matched, analysis)
    findings = [*pair_findings(checks_to_run, context, pair_causes(revision, base_ref))]
    if base_ref is not None:
        doubtful = doubted(base_ref, revision, findings)
        findings = explained_away(findings, checks_to_run, revision)
        if doubtful:
            base_ref = attrs.evolve(base_ref, doubtful=True)
            findings = [
                with_cause(finding, Cause.REVISION_UNKNOWN)
                if finding.cause is Cause.TRANSLATION
                else finding
                for finding in findings
            ]
    findings += article_findings(
        checks_to_run, TranslationContext(translation, given, matched, analysis)
    )
    findings += source_change_findings(checks_to_run, revision)
    return suppressed(checks_to_run, translation, findings), base_ref


def lint(
    article: Article, *, select: str | Iterable[str] = (), ignore: str | Iterable[str] = ()
) -> DriftReport:
    """Run the single-article checks on one article (malformed tables, broken emphasis, ...).

    Raises:
        UsageError: a code or name in ``select`` or ``ignore`` is unknown.

    """
    checks_to_run = selected_checks(select, ignore)
    with collector_paused():  # as in diff
        findings = list(article_findings(checks_to_run, TranslationContext(article)))
        findings = suppressed(checks_to_run, article, findings)
        return DriftReport(None, (article_ref(article),), sorted_findings(findings))


def merge_reports(reports: Iterable[DriftReport]) -> DriftReport:
    """One report of several (the same source, or lint of several files)."""
    collected = list(reports)
    source = collected[0].source if collected else None
    translations = tuple(ref for report in collected for ref in report.translations)
    return DriftReport(
        source, translations, sorted_findings(f for r in collected for f in r.findings)
    )
