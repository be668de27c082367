"""SARIF 2.1.0: one run, one rule per check, results located in the translation file."""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any

from p2skb._version import __version__
from p2skb.checks import Check, checks
from p2skb.model import ArticleRef, Cause, DriftReport, Finding, Location, Severity

__all__ = ["sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/p2skb/"
DOCS_URI = "https://p2skb.readthedocs.io/en/latest/"
"""Where the documentation (``docs/``, built by Read the Docs) is published."""


def help_uri(check: Check[Any]) -> str:
    """The page of a check in the documentation (``docs/check_pages.py`` writes it)."""
    return f"{DOCS_URI}checks/{check.code.lower()}-{check.name}.html"


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """A relative path stays a relative URI reference; an absolute one becomes a file URI."""
    pure = PurePath(path)
    return Path(path).resolve().as_uri() if pure.is_absolute() else pure.as_posix()


def _rule(check: Check[Any]) -> dict[str, Any]:
    return {
        "id": check.code,
        "name": check.name,
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.doc},
        "help": {"text": check.doc},
        "helpUri": help_uri(check),
        "defaultConfiguration": {"level": _LEVEL[check.severity]},
        "properties": {"tags": [check.family]},
    }


def _physical(location: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(location.path)},
            "region": {"startLine": location.line},
        }
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_physical(finding.translation)],
        "partialFingerprints": {"p2skb/v2": finding.fingerprint},
        "properties": {
            "key": finding.key,
            "locale": finding.translation.locale,
            "cause": str(finding.cause),
        },
    }
    if finding.diff:
        result["properties"]["diff"] = list(finding.diff)
    if finding.source is not None:
        related = _physical(finding.source)
        related["id"] = 1
        related["message"] = {"text": _RELATED[finding.cause]}
        result["relatedLocations"] = [related]
    return result


_RELATED = {
    Cause.TRANSLATION: "the same place in the source (or in the base revision it was made from)",
    Cause.REVISION_UNKNOWN: "the same place in the source",
    Cause.SOURCE_CHANGE: "the place in the current source",
}


def _artifact(ref: ArticleRef) -> dict[str, Any]:
    """A translation checked, with the base revision it was compared against."""
    base = ref.base
    properties: dict[str, Any] = {"locale": ref.locale}
    properties["base"] = (
        {
            "path": base.path,
            "revision": base.revision,
            "way": str(base.way),
            "doubtful": base.doubtful,
        }
        if base
        else None
    )
    return {"location": {"uri": _uri(ref.path)}, "properties": properties}


def sarif(report: DriftReport) -> str:
    """The report as a SARIF 2.1.0 log (valid against the OASIS JSON schema)."""
    catalogue = list(checks().values())
    index = {check.code: position for position, check in enumerate(catalogue)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "p2skb",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(check) for check in catalogue],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [_artifact(ref) for ref in report.translations],
                "results": [_result(f, index[f.code]) for f in report.findings],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
