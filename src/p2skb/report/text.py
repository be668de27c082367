"""The report for people: grouped by file and section, one line per finding."""

from __future__ import annotations

from itertools import groupby

from p2skb.model import DriftReport, Finding, Summary

__all__ = ["summary_line", "text"]


def _heading(report: DriftReport, path: str) -> str:
    locale = next((ref.locale for ref in report.translations if ref.path == path), "")
    against = f" against {report.source.path} ({report.source.locale})" if report.source else ""
    return f"{path} ({locale}){against}"


def _line(finding: Finding) -> str:
    where = f" (source line {finding.source.line})" if finding.source else ""
    return (
        f"    {finding.translation.line:>5}  {finding.severity:<7}  "
        f"{finding.code} {finding.name}: {finding.message}{where}"
    )


def text(report: DriftReport, *, summary: bool = True) -> str:
    """Findings grouped by translation file and section key, with their lines, then a summary."""
    out: list[str] = []
    for path, in_file in groupby(report.findings, key=lambda f: f.translation.path):
        out.append(_heading(report, path))
        by_key: dict[str, list[Finding]] = {}  # in the order keys first appear
        for finding in in_file:
            by_key.setdefault(finding.key, []).append(finding)
        for key, findings in by_key.items():
            out.append(f"  {key or '(article)'}")
            out.extend(map(_line, findings))
    if summary:
        checked = report.translations[0].path if len(report.translations) == 1 else None
        out.append(summary_line(report.summary, len(report.translations), checked))
    return "".join(line + "\n" for line in out)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary_line(counts: Summary, files: int, path: str | None = None) -> str:
    """``N findings: E errors, W warnings, I info`` (or that there are none in the files)."""
    total = counts.error + counts.warning + counts.info
    if total == 0:
        return f"No findings in {path}." if path else f"No findings in {_count(files, 'file')}."
    counted = f"{counts.error} errors, {counts.warning} warnings, {counts.info} info"
    return f"{_count(total, 'finding')}: {counted}"
