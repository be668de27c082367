"""The analysis stage: views of a parsed article that checks and the knowledge base share.

A view holds what several readers derive from one section or article (its
inline items by class, its blocks by class, its literal text, ...), each
computed on first use and kept for the life of the view.  An
:class:`Analysis` is one run's set of views: :func:`~p2skb.diff` and
:func:`~p2skb.lint` make one per run and hand its views to the checks, so
nothing is cached in a module and two runs in two threads share nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from p2skb.block_alignment import BlockAlignment, SectionParts, align_blocks
from p2skb.literal import LiteralText, section_literal_text
from p2skb.model import Article, Block, ConditionKind, Inline, Moniker, Section, Zone

if TYPE_CHECKING:
    from p2skb.alignment import PairedBy, SectionPair

__all__ = ["CONDITION_BLOCKS", "Analysis", "ArticleView", "PairView", "SectionView"]

S = TypeVar("S")
T = TypeVar("T")
V = TypeVar("V")


class _View(Generic[S]):
    """What is derived from one subject, each value computed once."""

    def __init__(self, subject: S) -> None:
        self._subject = subject
        self._derived: dict[Callable[[Any], Any], Any] = {}

    def derived(self, function: Callable[[S], V]) -> V:
        """``function(subject)``, computed on the first call and kept with the view.

        How a check family shares a value its checks all need (the language
        checks' prose units) without a cache of its own.
        """
        if function not in self._derived:
            self._derived[function] = function(self._subject)
        value: V = self._derived[function]
        return value


class ArticleView(_View[Article]):
    """An article, and what the checks derive from the whole of it."""

    @property
    def article(self) -> Article:
        """The article viewed."""
        return self._subject


class SectionView(_View[Section]):
    """A section, and what the checks derive from its title and own blocks.

    "Own blocks" are the section's blocks and the blocks nested in them (list
    items, alerts, tabs, zones, ...), not its subsections'.
    """

    @property
    def section(self) -> Section:
        """The section viewed."""
        return self._subject

    @functools.cached_property
    def parts(self) -> SectionParts:
        """The own blocks in walk order and the runs (title first), made once."""
        return SectionParts(self._subject)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The own blocks, nested ones included, in document order."""
        return self.parts.blocks

    @functools.cached_property
    def _blocks_by_class(self) -> dict[type, tuple[Any, ...]]:
        grouped: dict[type, list[Any]] = {}
        for block in self.blocks:
            grouped.setdefault(type(block), []).append(block)
        return {kind: tuple(blocks) for kind, blocks in grouped.items()}

    def blocks_of(self, kind: type[T]) -> Sequence[T]:
        """The own blocks of one class (block classes are never subclassed), in order."""
        found: Sequence[T] = self._blocks_by_class.get(kind, ())
        return found

    @functools.cached_property
    def inlines(self) -> tuple[tuple[int, Inline], ...]:
        """Every inline item of the title and the own blocks' translatable runs, with its line."""
        return tuple(item for run in self.parts.runs for item in run.items)

    @functools.cached_property
    def _inlines_by_class(self) -> dict[type, list[tuple[int, tuple[int, Inline]]]]:
        grouped: dict[type, list[tuple[int, tuple[int, Inline]]]] = {}
        for position, located in enumerate(self.inlines):
            grouped.setdefault(type(located[1]), []).append((position, located))
        return grouped

    def inlines_of(self, *kinds: type[T]) -> list[tuple[int, T]]:
        """The located inline items of these classes, in document order."""
        grouped = self._inlines_by_class
        found = [entry for kind in kinds for entry in grouped.get(kind, ())]
        if len(kinds) > 1:
            found.sort(key=lambda entry: entry[0])  # back into document order
        # Grouped by class, the items of ``kinds`` are instances of ``T``.
        return cast("list[tuple[int, T]]", [located for _, located in found])

    @functools.cached_property
    def content_classes(self) -> frozenset[type]:
        """The classes of the own blocks and inline items, with the section's zone or moniker.

        What :attr:`~p2skb.checks.Check.reads` is tested against; a section
        shown for a zone or moniker holds a ``Zone`` or ``Moniker``.
        """
        shown = {CONDITION_BLOCKS[condition.kind] for condition in self._subject.shown_for}
        inline = {type(item) for run in self.parts.runs for _, item in run.items}
        return frozenset({type(block) for block in self.blocks}).union(inline, shown)

    @functools.cached_property
    def literal(self) -> LiteralText:
        """The literal text (:mod:`p2skb.literal`): what the section's invariants were found in."""
        return section_literal_text(self._subject)

    @functools.cached_property
    def searchable(self) -> str:
        """The literal text in one string, case-folded, for case-blind search."""
        return "\n".join(self.literal.texts()).casefold()

    def line_of(self, value: str) -> int:
        """The first line whose literal text holds ``value``, else the heading's."""
        line = self.literal.first_line(value)
        return line if line is not None else self._subject.span.start_line


CONDITION_BLOCKS: dict[ConditionKind, type[Zone] | type[Moniker]] = {
    ConditionKind.ZONE: Zone,
    ConditionKind.MONIKER: Moniker,
}
"""The block that holds a section's part of each kind of condition (by kind)."""


class PairView:
    """An aligned pair of sections, each as a :class:`SectionView`."""

    def __init__(self, pair: SectionPair, source: SectionView, translation: SectionView) -> None:
        self.pair = pair
        self.source = source
        self.translation = translation

    @functools.cached_property
    def blocks(self) -> BlockAlignment:
        """The sections' blocks and runs paired at every depth (:mod:`p2skb.block_alignment`)."""
        parts = (self.source.parts, self.translation.parts)
        return align_blocks(self.pair.source, self.pair.translation, parts)

    @property
    def by(self) -> PairedBy:
        """How the alignment matched the two sections."""
        return self.pair.by

    def line_for(self, source_line: int) -> int:
        """Where in the translation section a source line's content belongs.

        The same share of the way through the section: for something the
        translation lacks, the neighbourhood where it would be.
        """
        was, now = self.pair.source.span, self.pair.translation.span
        length = max(was.end_line - was.start_line, 1)
        share = min(max(source_line - was.start_line, 0), length) / length
        return now.start_line + round(share * (now.end_line - now.start_line))


class Analysis:
    """One run's views: each article or section gets one view, built on first use.

    Views are kept by the identity of what they view (hashing a section would
    hash its whole subtree), and each keeps its subject alive, so an identity
    is never reused while the analysis lives.  Drop the analysis to drop them.
    """

    def __init__(self) -> None:
        self._articles: dict[int, ArticleView] = {}
        self._sections: dict[int, SectionView] = {}
        self._pairs: dict[tuple[int, int], PairView] = {}
        self._shared: dict[tuple[Callable[[Any], Any], int], tuple[object, Any]] = {}

    def article(self, article: Article) -> ArticleView:
        """The view of an article."""
        view = self._articles.get(id(article))
        if view is None:
            view = self._articles[id(article)] = ArticleView(article)
        return view

    def section(self, section: Section) -> SectionView:
        """The view of a section."""
        view = self._sections.get(id(section))
        if view is None:
            view = self._sections[id(section)] = SectionView(section)
        return view

    def shared(self, function: Callable[[T], V], subject: T) -> V:
        """``function(subject)``, computed once in the run: a value several checks need.

        What :meth:`ArticleView.derived` is for an article, for another subject (the
        source-change checks share their comparison of the base with the source);
        the subject is kept alive with the value, so its identity is never reused.
        """
        key = (function, id(subject))
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = (subject, function(subject))
        value: V = found[1]
        return value

    def pair(self, pair: SectionPair) -> PairView:
        """The view of an aligned pair of sections (one per pair: its block alignment is kept).

        Views are kept by the identity of the two sections (like section views), so
        every check of the run, the section checks and the language checks alike,
        reads the one alignment of a pair.
        """
        key = (id(pair.source), id(pair.translation))
        view = self._pairs.get(key)
        if view is None:
            view = PairView(pair, self.section(pair.source), self.section(pair.translation))
            self._pairs[key] = view
        return view
