"""A Markdown summary of a drift run per locale: what a GitHub Actions job summary shows."""

from __future__ import annotations

from collections import Counter, defaultdict

from p2skb.model import Cause, DriftReport, Severity

__all__ = ["ANNOTATIONS_SHOWN", "step_summary"]

ANNOTATIONS_SHOWN = 10
"""GitHub shows at most this many annotations of each kind (error, warning, notice) per step."""

_KIND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def step_summary(report: DriftReport, *, sarif: str | None = None) -> str:
    """A table per locale: translations, findings by severity and by cause, bases found.

    And, when GitHub hides annotations, how many it hides and where the rest are.
    """
    files: Counter[str] = Counter()
    based: Counter[str] = Counter()
    for ref in report.translations:
        files[ref.locale] += 1
        based[ref.locale] += ref.base is not None
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for finding in report.findings:
        row = counts[finding.translation.locale]
        row[str(finding.severity)] += 1
        row[str(finding.cause)] += 1
    header = (
        "| locale | translations | errors | warnings | info | translation defects "
        "| source changes | revision unknown | base found |"
    )
    lines = ["## p2skb drift", "", header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for locale in sorted(files.keys() | counts.keys()):
        row = counts[locale]
        cells = [
            locale or "?",
            files[locale],
            *(row[str(severity)] for severity in Severity),
            *(row[str(cause)] for cause in Cause),
            based[locale],
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    by_kind = Counter(_KIND[finding.severity] for finding in report.findings)
    hidden = {kind: count for kind, count in by_kind.items() if count > ANNOTATIONS_SHOWN}
    if hidden:
        over = ", ".join(f"{count} {kind}s" for kind, count in sorted(hidden.items()))
        where = f" The SARIF file `{sarif}` holds every finding." if sarif else ""
        note = (
            f"GitHub shows {ANNOTATIONS_SHOWN} annotations of each kind per step; this run has "
            f"{over}.{where} Uploaded to code scanning, they show on the pull request."
        )
        lines += ["", note]
    return "\n".join(lines) + "\n"
