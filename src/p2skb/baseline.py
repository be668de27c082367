"""Baselines: adopt p2skb on a corpus with known drift and fail only on new drift.

A baseline file lists the fingerprints of accepted findings.  A fingerprint
is code + file + section key + normalised detail, never a line number, so
findings survive edits that shift lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from p2skb.errors import ReadError, UsageError
from p2skb.export import load_json
from p2skb.files import replacing
from p2skb.model import DriftReport

__all__ = ["BASELINE_VERSION", "apply_baseline", "read_baseline", "write_baseline"]

BASELINE_VERSION = 1


def write_baseline(report: DriftReport, path: str | Path) -> None:
    """Write the report's findings as a baseline (atomically: a reader never sees half a file)."""
    entries = sorted(
        (
            {
                "fingerprint": finding.fingerprint,
                "code": finding.code,
                "name": finding.name,
                "path": finding.translation.path,
                "key": finding.key,
                "message": finding.message,
            }
            for finding in report.findings
        ),
        key=lambda entry: (entry["path"], entry["fingerprint"]),
    )
    text = json.dumps(
        {"version": BASELINE_VERSION, "findings": entries}, ensure_ascii=False, indent=2
    )
    with replacing(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")


def read_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints a baseline file accepts.

    Raises:
        ReadError: the file cannot be read.
        UsageError: the file is not a p2skb baseline.

    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReadError(f"cannot read the baseline: {error}", path=name) from error
    data = load_json(text, path=name)
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise UsageError(f"not a p2skb baseline of version {BASELINE_VERSION}", path=name)
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str) for entry in entries
    ):
        raise UsageError("the baseline's findings need a fingerprint each", path=name)
    return frozenset(entry["fingerprint"] for entry in entries)


def apply_baseline(report: DriftReport, accepted: frozenset[str]) -> DriftReport:
    """The report without the findings a baseline accepts."""
    kept = tuple(finding for finding in report.findings if finding.fingerprint not in accepted)
    return attrs.evolve(report, findings=kept)
