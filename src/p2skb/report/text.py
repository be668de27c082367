"""The report for people: grouped by file and section, one line per finding."""

from __future__ import annotations

from itertools import groupby

from p2skb.model import DriftReport, Finding

__all__ = ["text"]


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


def text(report: DriftReport) -> str:
    """Findings grouped by translation file and section key, with their lines, then a summary."""
    out: list[str] = []
    for path, in_file in groupby(report.findings, key=lambda f: f.translation.path):
        out.append(_heading(report, path))
        findings = list(in_file)
        keys = list(dict.fromkeys(finding.key for finding in findings))
        for key in keys:
            out.append(f"  {key or '(article)'}")
            out.extend(_line(finding) for finding in findings if finding.key == key)
    summary = report.summary
    total = summary.error + summary.warning + summary.info
    checked = ", ".join(ref.path for ref in report.translations) or "nothing"
    if total == 0:
        out.append(f"No findings in {checked}.")
    else:
        out.append(
            f"{total} findings: {summary.error} errors, {summary.warning} warnings, "
            f"{summary.info} info"
        )
    return "\n".join(out) + "\n"
