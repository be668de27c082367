"""Drift report writers: text for people, JSON, SARIF 2.1.0 and GitHub workflow annotations.

Each writer is a function from a :class:`~p2skb.model.DriftReport` to text;
:data:`WRITERS` maps a format name to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from p2skb.export import to_json
from p2skb.model import DriftReport
from p2skb.report.github import github_annotations
from p2skb.report.sarif import sarif
from p2skb.report.text import text

__all__ = ["WRITERS", "concise", "github_annotations", "json_report", "sarif", "text"]


def concise(report: DriftReport) -> str:
    """``path:line:col: CODE name message``, a line per finding.

    What editors and problem matchers read (the column is 1: findings are on lines).
    """
    return "".join(
        f"{f.translation.path}:{f.translation.line}:1: {f.code} {f.name} {f.message}\n"
        for f in report.findings
    )


def json_report(report: DriftReport) -> str:
    """The report as JSON (``schemas/drift-report.schema.json``)."""
    return to_json(report, indent=2) + "\n"


WRITERS: Mapping[str, Callable[[DriftReport], str]] = MappingProxyType(
    {
        "text": text,
        "concise": concise,
        "json": json_report,
        "sarif": sarif,
        "github": github_annotations,
    }
)
"""Format name to writer, for ``--format``."""
