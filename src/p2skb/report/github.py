"""GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""

from __future__ import annotations

from p2skb.model import DriftReport, Severity

__all__ = ["github_annotations"]

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    """Escape a message the way the Actions runner unescapes it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: DriftReport) -> str:
    """One workflow command per finding, so GitHub shows each on its line of the diff."""
    lines = []
    for finding in report.findings:
        source = f" (source: {finding.source.path}:{finding.source.line})" if finding.source else ""
        properties = ",".join(
            (
                f"file={_property(finding.translation.path)}",
                f"line={finding.translation.line}",
                f"title={_property(f'{finding.code} {finding.name}')}",
            )
        )
        lines.append(
            f"::{_COMMAND[finding.severity]} {properties}::{_data(finding.message + source)}"
        )
    return "".join(line + "\n" for line in lines)
