"""GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""

from __future__ import annotations

from p2skb.model import Cause, DriftReport, Severity

__all__ = ["github_annotations"]

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_LABEL = {
    Cause.TRANSLATION: "",
    Cause.SOURCE_CHANGE: " [source change]",
    Cause.REVISION_UNKNOWN: " [revision unknown]",
}
"""What the title says of a finding's cause (a translation defect is the plain case)."""


def _data(value: str) -> str:
    """Escape a message the way the Actions runner unescapes it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: DriftReport) -> str:
    """One workflow command per finding, so GitHub shows each on its line of the diff.

    The title says a finding's cause when it is not the translator's; a source
    change's diff follows its message, one line each.
    """
    lines = []
    for finding in report.findings:
        source = f" (source: {finding.source.path}:{finding.source.line})" if finding.source else ""
        properties = ",".join(
            (
                f"file={_property(finding.translation.path)}",
                f"line={finding.translation.line}",
                f"title={_property(f'{finding.code} {finding.name}{_LABEL[finding.cause]}')}",
            )
        )
        message = "\n".join((finding.message + source, *finding.diff))
        lines.append(f"::{_COMMAND[finding.severity]} {properties}::{_data(message)}")
    return "".join(line + "\n" for line in lines)
