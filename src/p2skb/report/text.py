"""The report for people: per translation, its base, then findings grouped by cause and section."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import groupby

from p2skb.model import ArticleRef, Cause, DriftReport, Finding, Severity, Summary
from p2skb.wording import counted

__all__ = ["cause_counts", "summary_line", "text"]

_GROUPS = {
    Cause.TRANSLATION: "translation defects (fix them)",
    Cause.REVISION_UNKNOWN: (
        "differences from the source [revision-unknown]: the translation was made from another "
        "source revision, not found (give --source-repo or --base), so each may be the "
        "translator's or the source's"
    ),
    Cause.SOURCE_CHANGE: "source changes since the base (carry them over)",
}
"""Each cause's heading, in the order the groups are shown."""


def _heading(report: DriftReport, ref: ArticleRef | None, path: str) -> str:
    locale = ref.locale if ref else ""
    against = f" against {report.source.path} ({report.source.locale})" if report.source else ""
    return f"{path} ({locale}){against}"


def _base_line(ref: ArticleRef | None, causes: set[Cause]) -> str | None:
    base = ref.base if ref else None
    if base is not None:
        at = f"{base.path}@{base.revision[:12]}" if base.revision else base.path
        how = f"found by {base.way}" if base.revision else "given"
        if base.doubtful:
            how += (
                "; doubtful: the translation differs from it in most sections, so it was "
                "probably made from another revision with that date [revision-unknown]"
            )
        return f"  base: {at} ({how})"
    if Cause.REVISION_UNKNOWN in causes:
        return "  base: not found"
    return None


_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
"""ANSI colours of the severities: red, yellow, cyan."""


def _line(finding: Finding, *, colour: bool) -> str:
    where = f" (source line {finding.source.line})" if finding.source else ""
    severity = f"{finding.severity:<7}"
    if colour:
        severity = f"\x1b[{_COLOURS[finding.severity]}m{severity}\x1b[0m"
    return (
        f"    {finding.translation.line:>5}  {severity}  "
        f"{finding.code} {finding.name}: {finding.message}{where}"
    )


def _by_key(findings: Iterable[Finding], indent: str, *, colour: bool) -> list[str]:
    out: list[str] = []
    by_key: dict[str, list[Finding]] = {}  # in the order keys first appear
    for finding in findings:
        by_key.setdefault(finding.key, []).append(finding)
    for key, in_key in by_key.items():
        out.append(f"{indent}  {key or '(article)'}")
        for finding in in_key:
            out.append(indent + _line(finding, colour=colour))
            out.extend(f"{indent}{' ' * 13}{change}" for change in finding.diff)
    return out


def text(report: DriftReport, *, summary: bool = True, colour: bool = False) -> str:
    """Per translation file: its base, then its findings by cause and section key, then a summary.

    Files whose findings all have cause ``translation`` and that have no base
    show their findings by section key alone.  With ``colour``, severities are in
    ANSI colours (for a terminal).
    """
    refs = {ref.path: ref for ref in report.translations}
    out: list[str] = []
    for path, in_file in groupby(report.findings, key=lambda f: f.translation.path):
        findings = list(in_file)
        ref = refs.get(path)
        causes = {finding.cause for finding in findings}
        out.append(_heading(report, ref, path))
        base = _base_line(ref, causes)
        if base is None and causes == {Cause.TRANSLATION}:
            out += _by_key(findings, "", colour=colour)
            continue
        if base is not None:
            out.append(base)
        for cause, title in _GROUPS.items():
            of_cause = [finding for finding in findings if finding.cause is cause]
            if of_cause:
                out.append(f"  {title}:")
                out += _by_key(of_cause, "  ", colour=colour)
    if summary:
        checked = report.translations[0].path if len(report.translations) == 1 else None
        counted = cause_counts(report.findings)
        out.append(summary_line(report.summary, len(report.translations), checked, counted))
    return "".join(line + "\n" for line in out)


def cause_counts(findings: Iterable[Finding]) -> Counter[Cause]:
    """How many of ``findings`` have each cause."""
    return Counter(finding.cause for finding in findings)


def summary_line(
    counts: Summary,
    files: int,
    path: str | None = None,
    causes: Mapping[Cause, int] | None = None,
) -> str:
    """``N findings: E errors, W warnings, I info`` (or that there are none in the files).

    With ``causes`` counted, and not all of them translation defects, how many
    of each cause follows.
    """
    total = counts.error + counts.warning + counts.info
    if total == 0:
        return f"No findings in {path}." if path else f"No findings in {counted(files, 'file')}."
    severities = (
        f"{counted(counts.error, 'error')}, {counted(counts.warning, 'warning')}, "
        f"{counts.info} info"
    )
    line = f"{counted(total, 'finding')}: {severities}"
    if causes and causes.get(Cause.TRANSLATION, 0) != total:
        line += " (" + ", ".join(f"{causes[c]} {c}" for c in _GROUPS if causes.get(c)) + ")"
    return line
