"""The registry of drift checks: stable codes and names, severities, one-line titles.

A check is a small pure function registered by the decorator of its scope
(:func:`section_pair_check`, :func:`article_pair_check`, :func:`article_check`,
:func:`translation_check`: mypy holds its argument to the scope's).  It yields
:class:`Issue` values; the runner (:mod:`p2skb.drift`) turns them into
:class:`~p2skb.model.Finding` values with code, severity, locations and
fingerprint.  Codes and names never change and are never reused.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from p2skb.alignment import SectionPairs
from p2skb.analysis import Analysis, ArticleView, PairView
from p2skb.model import Article, Severity

__all__ = [
    "Check",
    "CheckFunction",
    "CorpusContext",
    "Issue",
    "PairContext",
    "RevisionContext",
    "Scope",
    "SuppressionContext",
    "TranslationContext",
    "article_check",
    "article_pair_check",
    "corpus_check",
    "registered",
    "section_pair_check",
    "source_change_check",
    "suppression_check",
    "translation_check",
]

_CODE = re.compile(r"P2S[1-9][0-9]{2}")
_NAME = re.compile(r"[a-z]+(?:-[a-z]+)*")


class Scope(enum.StrEnum):
    """What a check looks at, which decides what it is called with."""

    SECTION_PAIR = "section-pair"
    """Called with a :class:`~p2skb.analysis.PairView` of each aligned pair of sections."""
    ARTICLE_PAIR = "article-pair"
    """Called with a :class:`PairContext` (source, translation, their matched sections)."""
    ARTICLE = "article"
    """Called with an :class:`~p2skb.analysis.ArticleView` of one article (``p2skb lint``, and
    the translation in ``p2skb drift``)."""
    TRANSLATION = "translation"
    """Called with a :class:`TranslationContext`: the translation, and its source and
    matched sections when there is a source (``p2skb drift``) — ``None`` under ``lint``."""
    SUPPRESSION = "suppression"
    """Called with a :class:`SuppressionContext` for each inline suppression comment of an
    article that silenced no finding (see :mod:`p2skb.suppressions`)."""
    CORPUS = "corpus"
    """Called with a :class:`CorpusContext` in corpus mode, for a file without a
    counterpart (a translation without a source, a source without a translation)."""
    SOURCE_CHANGE = "source-change"
    """Called with a :class:`RevisionContext` (``p2skb drift``): how the current source
    differs from the revision the translation was made from, reported on the translation
    with cause ``source-change``."""


@attrs.frozen
class PairContext:
    """What an article-pair check sees."""

    source: Article
    translation: Article
    matched: SectionPairs
    analysis: Analysis = attrs.field(factory=Analysis, eq=False)
    """The run's views, shared by every check of the run."""


@attrs.frozen
class TranslationContext:
    """What a translation check sees: the article, and its source when diffing."""

    article: Article
    source: Article | None = None
    matched: SectionPairs | None = None
    analysis: Analysis = attrs.field(factory=Analysis, eq=False)
    """The run's views, shared by every check of the run."""


@attrs.frozen
class SuppressionContext:
    """What a suppression check sees: a ``p2skb-disable…`` comment that silenced nothing."""

    line: int
    kind: str
    """``disable-next-line``, ``disable`` or ``disable-file``."""
    written: str
    """The checks it names, as written (empty: every check)."""
    problem: str | None = None
    """Why it cannot silence anything (an unknown check), if that is why."""


@attrs.frozen
class CorpusContext:
    """What a corpus check sees: a file of the corpus that has no counterpart."""

    path: str
    """The file: a translation without a source, or a source without a translation."""
    counterpart: str
    """Where its counterpart would be."""
    translation: bool
    """Whether ``path`` is a translation (else it is a source)."""


@attrs.frozen
class RevisionContext:
    """What a source-change check sees: the current source, the translation, and the base."""

    source: Article
    translation: Article
    base: Article | None = None
    """The source revision the translation was made from, when it is known."""
    changed: SectionPairs | None = None
    """With a base: the base's sections matched with the current source's (``missing``:
    removed since the base; ``extra``: added since)."""
    translated: SectionPairs | None = None
    """With a base: the base's sections matched with the translation's."""
    analysis: Analysis = attrs.field(factory=Analysis, eq=False)
    """The run's views, shared by every check of the run."""


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
    diff: tuple[str, ...] = ()
    """For a source change, the lines removed (``-``) and added (``+``) since the base."""


C = TypeVar("C")
"""What a check is called with: its scope's input."""
CheckFunction = Callable[[C], Iterable[Issue]]


@attrs.frozen
class Check(Generic[C]):
    """One registered check."""

    code: str
    name: str
    severity: Severity
    title: str
    family: str
    scope: Scope
    function: CheckFunction[C]
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


_REGISTRY: dict[str, Check[Any]] = {}


@attrs.frozen
class _Registration:
    """What the decorators of every scope take: a check's identity and help."""

    code: str
    name: str
    severity: Severity
    title: str
    family: str

    def decorator(
        self, scope: Scope, reads: Iterable[type] = ()
    ) -> Callable[[CheckFunction[C]], CheckFunction[C]]:
        """The decorator that registers its function as this check, of ``scope``."""

        def decorate(function: CheckFunction[C]) -> CheckFunction[C]:
            self._add(scope, function, reads)
            return function

        return decorate

    def _add(self, scope: Scope, function: CheckFunction[C], reads: Iterable[type]) -> None:
        code, name = self.code, self.name
        if not _CODE.fullmatch(code) or not _NAME.fullmatch(name):
            raise ValueError(f"check code {code!r} or name {name!r} is malformed")
        if code in _REGISTRY or any(check.name == name for check in _REGISTRY.values()):
            raise ValueError(f"check {code} {name} is registered twice")
        if not _docstring(function):
            raise ValueError(f"check {code} {name} needs a docstring: it is the user's help")
        _REGISTRY[code] = Check(
            code,
            name,
            self.severity,
            self.title,
            self.family,
            scope,
            function,
            frozenset(reads),
        )


def section_pair_check(
    code: str,
    name: str,
    severity: Severity,
    title: str,
    *,
    family: str,
    reads: Iterable[type] = (),
) -> Callable[[CheckFunction[PairView]], CheckFunction[PairView]]:
    """Register the decorated function as a check of each aligned pair of sections.

    ``reads`` names the block and inline classes it looks at, so that the runner
    calls it only for pairs that hold one (see :attr:`Check.reads`).  Codes and
    names must be new.
    """
    registration = _Registration(code, name, severity, title, family)
    return registration.decorator(Scope.SECTION_PAIR, reads)


def article_pair_check(
    code: str, name: str, severity: Severity, title: str, *, family: str
) -> Callable[[CheckFunction[PairContext]], CheckFunction[PairContext]]:
    """Register the decorated function as a check of a source and its translation."""
    return _Registration(code, name, severity, title, family).decorator(Scope.ARTICLE_PAIR)


def suppression_check(
    code: str, name: str, severity: Severity, title: str, *, family: str
) -> Callable[[CheckFunction[SuppressionContext]], CheckFunction[SuppressionContext]]:
    """Register the decorated function as a check of an inline suppression unused."""
    return _Registration(code, name, severity, title, family).decorator(Scope.SUPPRESSION)


def corpus_check(
    code: str, name: str, severity: Severity, title: str, *, family: str
) -> Callable[[CheckFunction[CorpusContext]], CheckFunction[CorpusContext]]:
    """Register the decorated function as a check of a corpus file without a counterpart."""
    return _Registration(code, name, severity, title, family).decorator(Scope.CORPUS)


def source_change_check(
    code: str, name: str, severity: Severity, title: str, *, family: str
) -> Callable[[CheckFunction[RevisionContext]], CheckFunction[RevisionContext]]:
    """Register the decorated function as a check of what the source changed since the base."""
    return _Registration(code, name, severity, title, family).decorator(Scope.SOURCE_CHANGE)


def article_check(
    code: str, name: str, severity: Severity, title: str, *, family: str
) -> Callable[[CheckFunction[ArticleView]], CheckFunction[ArticleView]]:
    """Register the decorated function as a check of one article (``lint``; the translation)."""
    return _Registration(code, name, severity, title, family).decorator(Scope.ARTICLE)


def translation_check(
    code: str, name: str, severity: Severity, title: str, *, family: str
) -> Callable[[CheckFunction[TranslationContext]], CheckFunction[TranslationContext]]:
    """Register the decorated function as a check of a translation, with its source if any."""
    return _Registration(code, name, severity, title, family).decorator(Scope.TRANSLATION)


def registered() -> Mapping[str, Check[Any]]:
    """Every check registered so far by code, in code order (read-only).

    :func:`p2skb.checks.checks` is the catalogue: it has every family imported.
    """
    return MappingProxyType(dict(sorted(_REGISTRY.items())))
