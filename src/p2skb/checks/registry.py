"""The registry of drift checks: stable codes and names, severities, one-line titles.

A check is a small pure function decorated with :func:`register`.  It yields
:class:`Issue` values; the runner (:mod:`p2skb.drift`) turns them into
:class:`~p2skb.model.Finding` values with code, severity, locations and
fingerprint.  Codes and names never change and are never reused.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from p2skb.alignment import SectionPairs
from p2skb.errors import UsageError
from p2skb.model import Article, Severity

__all__ = [
    "Check",
    "Issue",
    "PairContext",
    "Scope",
    "TranslationContext",
    "checks",
    "register",
    "resolve",
]

_CODE = re.compile(r"P2S[1-9][0-9]{2}")
_NAME = re.compile(r"[a-z]+(?:-[a-z]+)*")


class Scope(enum.StrEnum):
    """What a check looks at, which decides what it is called with."""

    SECTION_PAIR = "section-pair"
    """Called with each aligned :class:`~p2skb.alignment.SectionPair`."""
    ARTICLE_PAIR = "article-pair"
    """Called with a :class:`PairContext` (source, translation, their matched sections)."""
    ARTICLE = "article"
    """Called with one :class:`~p2skb.model.Article` (``p2skb lint``, and the translation
    in ``p2skb drift``)."""
    TRANSLATION = "translation"
    """Called with a :class:`TranslationContext`: the translation, and its source and
    matched sections when there is a source (``p2skb drift``) — ``None`` under ``lint``."""


@attrs.frozen
class PairContext:
    """What an article-pair check sees."""

    source: Article
    translation: Article
    matched: SectionPairs


@attrs.frozen
class TranslationContext:
    """What a translation check sees: the article, and its source when diffing."""

    article: Article
    source: Article | None = None
    matched: SectionPairs | None = None


@attrs.frozen
class Issue:
    """What a check found, before the runner adds code, severity and locations."""

    message: str
    line: int
    """1-based line in the translation (or the linted file)."""
    source_line: int | None = None
    key: str = ""
    """The section key; section-pair checks leave it empty and the runner fills it in."""
    detail: str = ""
    """What identifies the issue across line shifts (for baselines); the message if empty."""
    severity: Severity | None = None
    """This issue's severity when it differs from the check's default."""


@attrs.frozen
class Check:
    """One registered check."""

    code: str
    name: str
    severity: Severity
    title: str
    family: str
    scope: Scope
    function: Callable[[Any], Iterable[Issue]]
    reads: frozenset[type] = frozenset()
    """For a section-pair check, the block and inline classes it reads (empty: any content).

    The runner skips a pair where neither section holds one of them; a section
    shown for a zone or moniker holds a :class:`~p2skb.model.Zone` or
    :class:`~p2skb.model.Moniker` even when its part of it is empty.
    """

    @property
    def doc(self) -> str:
        """The check's docstring: its user-facing explanation."""
        return _docstring(self.function) or self.title


def _docstring(function: Callable[..., object]) -> str:
    """The function's docstring with its indentation removed (what ``inspect.getdoc`` gives)."""
    import inspect  # noqa: PLC0415 -- a heavy module, needed only for the help texts

    return inspect.cleandoc(function.__doc__ or "")


_REGISTRY: dict[str, Check] = {}


def register(
    code: str,
    name: str,
    severity: Severity,
    title: str,
    *,
    family: str,
    scope: Scope,
    reads: Iterable[type] = (),
) -> Callable[[Callable[[Any], Iterable[Issue]]], Callable[[Any], Iterable[Issue]]]:
    """Register the decorated function as a check (codes and names must be new).

    ``reads`` names the block and inline classes a section-pair check looks at, so that the
    runner calls it only for pairs that hold one (see :attr:`Check.reads`).
    """
    if not _CODE.fullmatch(code) or not _NAME.fullmatch(name):
        raise ValueError(f"check code {code!r} or name {name!r} is malformed")
    if code in _REGISTRY or any(check.name == name for check in _REGISTRY.values()):
        raise ValueError(f"check {code} {name} is registered twice")

    def decorate(function: Callable[[Any], Iterable[Issue]]) -> Callable[[Any], Iterable[Issue]]:
        if not _docstring(function):
            raise ValueError(f"check {code} {name} needs a docstring: it is the user's help")
        _REGISTRY[code] = Check(
            code, name, severity, title, family, scope, function, frozenset(reads)
        )
        return function

    return decorate


def checks() -> Mapping[str, Check]:
    """Every registered check by code, in code order (read-only)."""
    from p2skb.checks import (  # noqa: F401, PLC0415 -- importing the families registers them
        article,
        blocks,
        extensions,
        inline,
        language,
        metadata,
        structure,
    )

    return MappingProxyType(dict(sorted(_REGISTRY.items())))


def resolve(selectors: Iterable[str]) -> frozenset[str]:
    """Codes of the checks named by ``selectors`` (codes or names, any case).

    Raises:
        UsageError: a selector names no check.

    """
    catalogue = checks()
    by_name = {check.name: code for code, check in catalogue.items()}
    codes = set()
    for selector in selectors:
        wanted = selector.strip()
        if not wanted:
            continue
        code = wanted.upper() if wanted.upper() in catalogue else by_name.get(wanted.lower())
        if code is None:
            raise UsageError(f"unknown check {wanted!r} (see `p2skb checks`)")
        codes.add(code)
    return frozenset(codes)
