"""Baselines: adopt p2skb on a corpus with known drift and fail only on new drift.

A baseline file lists accepted findings, each by its file and fingerprint.  A
fingerprint is code + section key + normalised detail (+ the cause, when not a
translation defect), never a line number, so findings survive edits that shift
lines.  Files are written relative to the baseline's folder, so a baseline
matches whatever the working directory and however the roots are given.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePath

import attrs

from p2skb.errors import ReadError, UsageError
from p2skb.export import load_json
from p2skb.files import replacing
from p2skb.model import DriftReport, Finding

__all__ = ["BASELINE_VERSION", "Baseline", "read_baseline", "write_baseline"]

BASELINE_VERSION = 2
"""Version 1 (p2skb 0.1) fingerprinted the path as given: it is refused, to be written again."""


def _relative(path: str, folder: Path) -> str:
    """``path`` relative to ``folder``, with ``/`` (``..`` where it is outside)."""
    return PurePath(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()


def write_baseline(findings: Iterable[Finding], path: str | Path) -> int:
    """Write ``findings`` as a baseline (atomically: a reader never sees half a file).

    Returns how many entries were written.
    """
    folder = Path(path).parent
    entries = sorted(
        (
            {
                "fingerprint": finding.fingerprint,
                "code": finding.code,
                "name": finding.name,
                "path": _relative(finding.translation.path, folder),
                "key": finding.key,
                "message": finding.message,
            }
            for finding in findings
        ),
        key=lambda entry: (entry["path"], entry["fingerprint"]),
    )
    text = json.dumps(
        {"version": BASELINE_VERSION, "findings": entries}, ensure_ascii=False, indent=2
    )
    with replacing(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    return len(entries)


@attrs.define
class Baseline:
    """The findings a baseline accepts, and which of them a run met."""

    folder: Path
    """The baseline's folder: its paths are relative to it."""
    entries: dict[tuple[str, str], dict[str, str]]
    """Each entry by (path, fingerprint)."""
    matched: set[tuple[str, str]] = attrs.field(factory=set)

    def apply(self, report: DriftReport) -> DriftReport:
        """The report without the findings the baseline accepts (and note them as matched)."""
        kept = []
        for finding in report.findings:
            entry = (_relative(finding.translation.path, self.folder), finding.fingerprint)
            if entry in self.entries:
                self.matched.add(entry)
            else:
                kept.append(finding)
        return attrs.evolve(report, findings=tuple(kept))

    def stale(self, checked: Iterable[str]) -> list[dict[str, str]]:
        """The entries of the files ``checked`` that no finding matched: fixed, or changed."""
        files = {_relative(path, self.folder) for path in checked}
        return [
            entry
            for key, entry in self.entries.items()
            if key[0] in files and key not in self.matched
        ]


def read_baseline(path: str | Path) -> Baseline:
    """The findings a baseline file accepts.

    Raises:
        ReadError: the file cannot be read.
        UsageError: the file is not a p2skb baseline of this version.

    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReadError(f"cannot read the baseline: {error}", path=name) from error
    data = load_json(text, path=name)
    version = data.get("version") if isinstance(data, dict) else None
    if version == 1:
        message = "a baseline of p2skb 0.1 (version 1): write it again with --write-baseline"
        raise UsageError(message, path=name)
    if not isinstance(data, dict) or version != BASELINE_VERSION:
        raise UsageError(f"not a p2skb baseline of version {BASELINE_VERSION}", path=name)
    found = data.get("findings")
    if not isinstance(found, list) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("fingerprint"), str)
        and isinstance(entry.get("path"), str)
        for entry in found
    ):
        raise UsageError("the baseline's findings need a path and a fingerprint each", path=name)
    entries = {(entry["path"], entry["fingerprint"]): entry for entry in found}
    return Baseline(Path(path).parent, entries)
