"""SARIF 2.1.0: one run, one rule per check, results located in the translation file."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import Any

from p2skb._version import __version__
from p2skb.checks import Check, checks
from p2skb.errors import P2SKBError
from p2skb.history import Repository, repository_of
from p2skb.model import ArticleRef, Cause, DriftReport, Finding, Location, Severity
from p2skb.parsing import article_lines, read_article

__all__ = ["sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/p2skb/"
DOCS_URI = "https://p2skb.readthedocs.io/en/latest/"
"""Where the documentation (``docs/``, built by Read the Docs) is published."""


def help_uri(check: Check[Any]) -> str:
    """The page of a check in the documentation (``docs/check_pages.py`` writes it)."""
    return f"{DOCS_URI}checks/{check.code.lower()}-{check.name}.html"


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class _Bases:
    """Where each file is: relative to the git work tree holding it, by a ``uriBaseId``.

    The translations' repository is ``TRANSLATIONS``, another one a source is in
    ``SOURCES`` (then ``SOURCES2``...), files in none are relative to the working
    directory (``WORKDIR``).  GitHub resolves the URIs against the repository the
    SARIF is uploaded for; ``versionControlProvenance`` says which commit of which
    repository each base is.
    """

    def __init__(self) -> None:
        self.repositories: list[tuple[str, Repository]] = []
        self.outside = False
        self.source_id: str | None = None
        """The base of the source articles' repository, once located."""

    def location(self, path: str, *, translation: bool) -> dict[str, str]:
        """The ``artifactLocation`` of a file."""
        absolute = Path(path).resolve()
        for base_id, repository in self.repositories:
            if absolute.is_relative_to(repository.root.resolve()):
                relative = absolute.relative_to(repository.root.resolve())
                return {"uri": PurePath(relative).as_posix(), "uriBaseId": base_id}
        found = repository_of(absolute)
        if found is None:
            self.outside = True
            relative_uri = PurePath(os.path.relpath(absolute, Path.cwd())).as_posix()
            return {"uri": relative_uri, "uriBaseId": "WORKDIR"}
        taken = {base_id for base_id, _ in self.repositories}
        base_id = "TRANSLATIONS" if translation and "TRANSLATIONS" not in taken else "SOURCES"
        number = 2
        while base_id in taken:
            base_id, number = f"SOURCES{number}", number + 1
        self.repositories.append((base_id, found))
        return self.location(path, translation=translation)

    def in_repository(self, base_id: str, relative: str) -> dict[str, str]:
        """The ``artifactLocation`` of a path relative to a repository's root."""
        return {"uri": relative, "uriBaseId": base_id}

    def originals(self) -> dict[str, Any]:
        """``originalUriBaseIds``: each base's absolute URI."""
        found: dict[str, Any] = {
            base_id: {"uri": repository.root.resolve().as_uri() + "/"}
            for base_id, repository in self.repositories
        }
        if self.outside:
            found["WORKDIR"] = {"uri": Path.cwd().resolve().as_uri() + "/"}
        return found

    def provenance(self) -> list[dict[str, Any]]:
        """``versionControlProvenance``: the commit of each repository, where it is known."""
        return [
            {
                "repositoryUri": repository.remote or repository.root.resolve().as_uri(),
                "revisionId": repository.head,
                "mappedTo": {"uriBaseId": base_id},
            }
            for base_id, repository in self.repositories
            if repository.head is not None
        ]


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


def _physical(artifact: dict[str, str], line: int, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": line}
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


class _Lines:
    """The lines of the files findings are in, read once each, for region snippets."""

    def __init__(self) -> None:
        self.files: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        """The text of a line, ``None`` when the file cannot be read (or has no such line)."""
        if path not in self.files:
            try:  # only a regular file, never past the limit (hostile input: see files.py)
                self.files[path] = article_lines(read_article(path))
            except P2SKBError:
                self.files[path] = None
        lines = self.files[path]
        return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None


def _source_artifact(location: Location, bases: _Bases) -> tuple[dict[str, str], str | None]:
    """Where a source location is, and the base revision it is in (``path@commit``)."""
    path, _, revision = location.path.rpartition("@")
    if path and revision and bases.source_id and not Path(location.path).exists():
        # a base revision's path is relative to the source repository's root
        return bases.in_repository(bases.source_id, path), revision
    return bases.location(location.path, translation=False), None


def _result(finding: Finding, rule_index: int, bases: _Bases, lines: _Lines) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            _physical(
                bases.location(finding.translation.path, translation=True),
                finding.translation.line,
                lines.line(finding.translation.path, finding.translation.line),
            )
        ],
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
        artifact, revision = _source_artifact(finding.source, bases)
        related = _physical(artifact, finding.source.line)
        related["id"] = 1
        what = f"the same place in the base revision {revision}" if revision else None
        related["message"] = {"text": what or _RELATED[finding.cause]}
        result["relatedLocations"] = [related]
    return result


_RELATED = {
    Cause.TRANSLATION: "the same place in the source (or in the base revision it was made from)",
    Cause.REVISION_UNKNOWN: "the same place in the source",
    Cause.SOURCE_CHANGE: "the place in the current source",
}


def _artifact(ref: ArticleRef, bases: _Bases) -> dict[str, Any]:
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
    return {"location": bases.location(ref.path, translation=True), "properties": properties}


def sarif(report: DriftReport) -> str:
    """The report as a SARIF 2.1.0 log (valid against the OASIS JSON schema)."""
    catalogue = list(checks().values())
    index = {check.code: position for position, check in enumerate(catalogue)}
    bases = _Bases()
    artifacts = [_artifact(ref, bases) for ref in report.translations]
    if report.source is not None:  # its repository, for the base revisions' paths
        located = bases.location(report.source.path, translation=False)
        bases.source_id = located["uriBaseId"] if located["uriBaseId"] != "WORKDIR" else None
    lines = _Lines()
    results = [_result(f, index[f.code], bases, lines) for f in report.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "p2skb",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(check) for check in catalogue],
            }
        },
        "originalUriBaseIds": bases.originals(),
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    provenance = bases.provenance()
    if provenance:
        run["versionControlProvenance"] = provenance
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
