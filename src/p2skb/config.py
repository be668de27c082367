"""Configuration: ``[tool.p2skb]`` in ``pyproject.toml``, or a ``.p2skb.toml``.

Found as ruff finds its own: from the current directory upwards, the first
folder holding a ``.p2skb.toml`` (its top-level keys) or a ``pyproject.toml``
with a ``[tool.p2skb]`` table; ``--config FILE`` names one, ``--isolated``
reads none.  Paths in it are relative to its folder.  Options given on the
command line win.

.. code-block:: toml

    [tool.p2skb]
    source-root = "../azure-docs/articles"
    translation-root = "articles"
    source-repo = "../azure-docs"
    select = ["ALL"]
    ignore = ["machine-translated"]
    fail-on = "error"
    baseline = ".p2skb-baseline.json"

    [tool.p2skb.severity]
    stale-source = "info"

    [tool.p2skb.per-path-ignores]
    "articles/legacy/**" = ["P2S3"]

    [tool.p2skb.per-locale-ignores]
    zh-cn = ["emphasis-lost"]
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any

import attrs

from p2skb.checks import resolve
from p2skb.errors import UsageError
from p2skb.model import DriftReport, Finding, Severity

__all__ = ["CONFIG_FILES", "Config", "find_config", "load_config"]

CONFIG_FILES = (".p2skb.toml", "pyproject.toml")
"""The files looked for in each folder, in this order."""

_PATHS = ("source-root", "source-repo", "include-root", "baseline")
_STRINGS = ("fail-on", "source-locale")
_LISTS = ("select", "ignore", "fail-cause")
_TABLES = ("severity", "per-path-ignores", "per-locale-ignores")
KEYS = frozenset((*_PATHS, "translation-root", *_STRINGS, *_LISTS, *_TABLES))
"""Every key ``[tool.p2skb]`` may hold."""


@attrs.frozen
class Config:
    """What a configuration file says (empty when there is none)."""

    path: Path | None = None
    """The file read, if any."""
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """The command-line options it sets, by their ``argparse`` names (``source_root``);
    paths resolved against the file's folder."""
    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    """Severity overrides, by check code."""
    per_path_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    """(glob relative to the file's folder, codes) pairs."""
    per_locale_ignores: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    """Codes ignored per locale (lower case)."""

    def adjust(self, report: DriftReport) -> DriftReport:
        """The report with the per-path and per-locale ignores and severity overrides."""
        if not (self.severity or self.per_path_ignores or self.per_locale_ignores):
            return report
        kept = [
            attrs.evolve(finding, severity=self.severity.get(finding.code, finding.severity))
            for finding in report.findings
            if not self._ignores(finding)
        ]
        return attrs.evolve(report, findings=tuple(kept))

    def _ignores(self, finding: Finding) -> bool:
        if finding.code in self.per_locale_ignores.get(finding.translation.locale.lower(), ()):
            return True
        if not self.per_path_ignores:
            return False
        where = Path(finding.translation.path).resolve()
        base = self.path.parent.resolve() if self.path else Path.cwd()
        try:
            relative = PurePath(where.relative_to(base)).as_posix()
        except ValueError:
            return False  # outside the configured folder: its globs do not reach it
        return any(
            finding.code in codes and fnmatch.fnmatch(relative, pattern)
            for pattern, codes in self.per_path_ignores
        )


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the current directory)."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or "p2skb" in _tool(path)):
                return path
    return None


def _tool(path: Path) -> dict[str, Any]:
    tool = _read(path).get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise UsageError(
            f"cannot read the configuration: {error.strerror}", path=str(path)
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"not TOML: {error}", path=str(path)) from None


def load_config(path: Path) -> Config:
    """Read and check a configuration file.

    Raises:
        UsageError: the file cannot be read, is not TOML, or holds an unknown key,
            a value of the wrong type, or an unknown check.

    """
    table: Any = _read(path)
    if path.name == "pyproject.toml":
        table = _tool(path).get("p2skb", {})
    if not isinstance(table, dict):
        raise UsageError("[tool.p2skb] is not a table", path=str(path))
    unknown = sorted(set(table) - KEYS)
    if unknown:
        known = ", ".join(sorted(KEYS))
        raise UsageError(f"unknown key {unknown[0]!r} (known: {known})", path=str(path))
    folder = path.parent
    options: dict[str, Any] = {}
    for key in _PATHS:
        if key in table:
            options[key.replace("-", "_")] = str(folder / _string(table, key, path))
    if "translation-root" in table:  # one tree, or a list of them (a tree per locale)
        roots = _strings(table["translation-root"], "translation-root", path)
        options["translation_root"] = [str(folder / root) for root in roots]
    for key in _STRINGS:
        if key in table:
            options[key.replace("-", "_")] = _string(table, key, path)
    for key in _LISTS:
        if key in table:
            values = _strings(table[key], key, path)
            if key != "fail-cause":
                _codes(values, key, path)  # an unknown check is named with the file
            options[key.replace("-", "_")] = ",".join(values)
    severity = {
        code: _severity(value, f"severity.{name}", path)
        for name, value in _table(table, "severity", path).items()
        for code in _codes([name], f"severity.{name}", path)
    }
    per_path = tuple(
        (pattern, _codes(_strings(codes, f"per-path-ignores.{pattern}", path), pattern, path))
        for pattern, codes in _table(table, "per-path-ignores", path).items()
    )
    per_locale = {
        locale.lower(): _codes(_strings(codes, f"per-locale-ignores.{locale}", path), locale, path)
        for locale, codes in _table(table, "per-locale-ignores", path).items()
    }
    return Config(path, options, severity, per_path, per_locale)


def _string(table: Mapping[str, Any], key: str, path: Path) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise UsageError(f"{key} must be a string, not {type(value).__name__}", path=str(path))
    return value


def _strings(value: object, key: str, path: Path) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise UsageError(f"{key} must be a list of strings", path=str(path))


def _table(table: Mapping[str, Any], key: str, path: Path) -> Mapping[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"{key} must be a table", path=str(path))
    return value


def _codes(selectors: Iterable[str], key: str, path: Path) -> frozenset[str]:
    try:
        return resolve(selectors)
    except UsageError as error:
        raise UsageError(f"{key}: {error}", path=str(path)) from None


def _severity(value: object, key: str, path: Path) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        choices = ", ".join(Severity)
        raise UsageError(f"{key} must be one of {choices}, not {value!r}", path=str(path)) from None
