"""What the source changed since the revision a translation was made from (its base).

The base's sections are matched with the current source's as a translation is
matched with its source (by anchor, slug or role); a section removed and one
added whose text is alike are one section the source renamed.  Sections are
compared on their content lines (:func:`content_lines`: text with its code,
link targets and inline HTML; not markup).  :class:`SourceChanges` holds the
result for one drift run: the source-change checks report it, and the runner
uses it to tell which differences from the base the source explains.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol

from p2skb.alignment import PairedBy, SectionPair, SectionPairs
from p2skb.analysis import Analysis
from p2skb.model import (
    Article,
    Block,
    Code,
    CodeReference,
    ExtensionBlock,
    HtmlBlock,
    HtmlInline,
    Image,
    Include,
    IncludeInline,
    Inline,
    InlineCode,
    LineBreak,
    Link,
    Paragraph,
    RawBlock,
    Section,
    Text,
)
from p2skb.text import INLINE_CONTAINERS, block_runs, walk_blocks, walk_sections
from p2skb.wording import differing_parts, shorten

__all__ = ["DIFF_LINES", "Revisions", "SourceChanges", "content_lines", "line_changes"]


class Revisions(Protocol):
    """The revisions of one drift run (what :class:`~p2skb.checks.RevisionContext` holds)."""

    @property
    def source(self) -> Article:
        """The current source."""

    @property
    def translation(self) -> Article:
        """The translation."""

    @property
    def base(self) -> Article | None:
        """The source revision the translation was made from, when it is known."""

    @property
    def changed(self) -> SectionPairs | None:
        """The base's sections matched with the source's."""

    @property
    def translated(self) -> SectionPairs | None:
        """The base's sections matched with the translation's."""

    @property
    def analysis(self) -> Analysis:
        """The run's views."""


DIFF_LINES = 12
"""At most this many lines of diff are shown for one changed section (the last says how many
more there are)."""
_DIFF_WIDTH = 100


def _rendered(content: tuple[Inline, ...]) -> Iterator[str]:
    """Inline content as Markdown-like text: code, link targets and HTML kept, emphasis not."""
    for item in content:
        if isinstance(item, Text):
            yield item.text
        elif isinstance(item, InlineCode):
            yield f"`{item.text}`"
        elif isinstance(item, LineBreak):
            yield " "
        elif isinstance(item, Link):
            yield f"[{''.join(_rendered(item.children))}]({item.target})"
        elif isinstance(item, Image):
            yield f"![{item.alt}]({item.source})"
        elif isinstance(item, IncludeInline):
            yield f"[!INCLUDE [{''.join(_rendered(item.title))}]({item.target})]"
        elif isinstance(item, HtmlInline):
            yield item.html
        elif isinstance(item, INLINE_CONTAINERS):
            yield from _rendered(item.children)


def content_lines(section: Section) -> tuple[str, ...]:
    """A section's title and own content as lines of text, whitespace normalised.

    What a source change is measured on: each run of inline text (paragraph,
    cell, item, alt text) is a line with its code, link targets and inline HTML;
    code, HTML and raw blocks give their lines; an include gives its target.
    Markup (emphasis, list markers, table pipes) is left out, so reformatting
    alone is no change.
    """
    lines = [_line(section.title)]
    for block in walk_blocks(section.blocks):
        lines += _block_lines(block)
    return tuple(lines)


def _block_lines(block: Block) -> list[str]:
    """The lines of :func:`content_lines` that one block holds itself (not its children)."""
    if isinstance(block, Paragraph):  # most blocks: past the dispatch below
        return [_line(block.content)]
    lines: list[str] = []
    if isinstance(block, Code | RawBlock | ExtensionBlock):
        lines += _SPACES.sub(" ", block.text).split("\n")
    elif isinstance(block, HtmlBlock):
        lines += _SPACES.sub(" ", block.html).split("\n")
    elif isinstance(block, Include):
        lines.append(f"[!INCLUDE ({block.target})]")
    elif isinstance(block, CodeReference):
        lines.append(f"[!code-{block.language} ({block.source})]")
    lines += (_line(run) for _, _, run in block_runs(block))
    return [line.strip() for line in lines if line and not line.isspace()]


_SPACES = re.compile(r"[^\S\n]+")
"""Runs of white space but line breaks: one space, in code and HTML lines."""


def _line(content: tuple[Inline, ...]) -> str:
    """A run of inline content as one line, whitespace normalised."""
    if len(content) == 1 and type(content[0]) is Text:  # most cells, items and headings
        return " ".join(content[0].text.split())
    return " ".join("".join(_rendered(content)).split())


def line_changes(was: Sequence[str], now: Sequence[str]) -> tuple[int, int, tuple[str, ...]]:
    """Lines removed and added from ``was`` to ``now``, and a capped diff of them.

    A line rewritten is shown from a little before where it starts to differ.
    """
    shown: list[str] = []
    removed = added = 0
    matcher = difflib.SequenceMatcher(None, was, now, autojunk=False)
    for tag, was_start, was_end, now_start, now_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = was[was_start:was_end], now[now_start:now_end]
        removed, added = removed + len(old), added + len(new)
        rewritten = min(len(old), len(new))
        for index in range(max(len(old), len(new))):
            if index < rewritten:
                after, before = differing_parts(new[index], old[index], _DIFF_WIDTH)
                shown += (f"- {before[1:-1]}", f"+ {after[1:-1]}")
            elif index < len(old):
                shown.append(f"- {shorten(old[index], _DIFF_WIDTH)[1:-1]}")
            else:
                shown.append(f"+ {shorten(new[index], _DIFF_WIDTH)[1:-1]}")
    if len(shown) > DIFF_LINES:
        hidden = len(shown) - DIFF_LINES + 1
        shown[DIFF_LINES - 1 :] = [f"… and {hidden} more changed lines"]
    return removed, added, tuple(shown)


_RENAMED_RATIO = 0.6
"""How alike (difflib's ratio, on words) the text of a removed and an added section must be
for the pair to be one section the source renamed (a new anchor, often a reworded heading)."""
_RENAMED_CANDIDATES = 64
_RENAMED_WORDS = 120
"""Sections are compared on their first words: the title and how the section begins."""


def _gaps(base: Article, source: Article, changed: SectionPairs) -> dict[int, int]:
    """Where each section is between the sections the source kept.

    By ``id``: the ``id`` of the last source section before it that has a base
    counterpart (0 before the first).  A base section's gap is that of its
    counterpart's: a section the source removed and one it added in the same gap
    can be one section renamed in place.
    """
    became = {id(pair.source): pair.translation for pair in changed.pairs}
    gaps: dict[int, int] = {}
    last = 0
    for section in walk_sections(base.sections):
        now = became.get(id(section))
        if now is not None:
            last = id(now)
        gaps[id(section)] = last
    kept = {id(pair.translation) for pair in changed.pairs}
    last = 0
    for section in walk_sections(source.sections):
        if id(section) in kept:
            last = id(section)
        gaps[id(section)] = last
    return gaps


def _renamed(
    removed: Sequence[Section],
    added: Sequence[Section],
    analysis: Analysis,
    gaps: Mapping[int, int],
) -> list[SectionPair]:
    """Removed and added sections alike enough in text to be one renamed section, paired.

    Sections at one heading level in one gap between kept sections (see
    :func:`_gaps`), the most alike pairs first; each section in one pair at most.
    """

    def words(section: Section) -> list[str]:
        lines = analysis.section(section).derived(content_lines)
        return " ".join(lines).split()[:_RENAMED_WORDS]

    by_place: dict[tuple[int, int], list[int]] = {}
    for index, was in enumerate(removed[:_RENAMED_CANDIDATES]):
        by_place.setdefault((gaps.get(id(was), 0), was.level), []).append(index)
    alike: list[tuple[float, int, int]] = []
    earlier: dict[int, list[str]] = {}
    for now_index, now in enumerate(added[:_RENAMED_CANDIDATES]):
        candidates = by_place.get((gaps.get(id(now), 0), now.level))
        if not candidates:
            continue
        matcher = difflib.SequenceMatcher(None, b=words(now), autojunk=False)
        for was_index in candidates:
            if was_index not in earlier:
                earlier[was_index] = words(removed[was_index])
            matcher.set_seq1(earlier[was_index])
            if (
                matcher.real_quick_ratio() >= _RENAMED_RATIO
                and matcher.quick_ratio() >= _RENAMED_RATIO
                and (ratio := matcher.ratio()) >= _RENAMED_RATIO
            ):
                alike.append((ratio, was_index, now_index))
    pairs: list[SectionPair] = []
    taken: set[int] = set()
    given: set[int] = set()
    for _, was_index, now_index in sorted(alike, reverse=True):
        if was_index not in taken and now_index not in given:
            taken.add(was_index)
            given.add(now_index)
            was, now = removed[was_index], added[now_index]
            pairs.append(SectionPair(was, now, PairedBy.MOVED, -1))
            pairs += _subsections(was, now)
    return pairs


def _subsections(was: Section, now: Section) -> Iterator[SectionPair]:
    """The subsections of a renamed section paired by their own anchor, or role, at each level."""
    for old in was.sections:
        new = next(
            (
                candidate
                for candidate in now.sections
                if candidate.anchor == old.anchor or (old.role and candidate.role == old.role)
            ),
            None,
        )
        if new is not None:
            yield SectionPair(old, new, PairedBy.ANCHOR, -1)
            yield from _subsections(old, new)


class SourceChanges:
    """With a base: the sections the source kept, renamed, removed and added since it.

    And where each is, or belongs, in the translation.
    """

    def __init__(
        self,
        context: Revisions,
        base: Article,
        changed: SectionPairs,
        translated: SectionPairs,
    ) -> None:
        removed = [section for section, _ in changed.missing]
        paired = {id(pair.source) for pair in changed.pairs}  # (matched across levels)
        gaps = _gaps(base, context.source, changed)
        renamed = _renamed(removed, changed.extra, context.analysis, gaps)
        renamed = [pair for pair in renamed if id(pair.source) not in paired]
        self.renamed = {id(pair.source) for pair in renamed if pair.by is PairedBy.MOVED}
        self.kept = (*changed.parts, *renamed)
        """Pairs of base and source sections (the intro's first); renamed ones at the end."""
        self.removed = [section for section in removed if id(section) not in self.renamed]
        # (a subsection of a renamed one that the source removed is not reported: rare)
        kept_new = {id(pair.translation) for pair in renamed}
        self.added = [section for section in changed.extra if id(section) not in kept_new]
        self.end = max(context.translation.line_count, 1)
        self.in_translation: dict[int, Section] = {
            id(pair.source): pair.translation for pair in translated.pairs
        }
        self.in_base: dict[int, Section] = {id(pair.translation): pair.source for pair in self.kept}
        self.became: dict[int, Section] = {id(pair.source): pair.translation for pair in self.kept}
        """What each base section became in the source, by the base section's ``id``."""
        self.base_sections = {pair.source.key: pair.source for pair in self.kept}
        """The base's sections the source kept (renamed too), by key."""
        self._base, self._source = base, context.source
        analysis = context.analysis
        source = context.source
        self.identical = (
            base.heading == source.heading
            and base.intro == source.intro
            and base.sections == source.sections
        )
        """The body did not change at all (its lines neither): no section to compare."""
        no_intro = () if changed.intro else ("",)  # neither has one: it did not change
        self.unchanged = frozenset(no_intro) | frozenset(
            pair.source.key
            for pair in changed.parts
            if self.identical
            or (
                pair.by is not PairedBy.MOVED
                and analysis.section(pair.source).derived(content_lines)
                == analysis.section(pair.translation).derived(content_lines)
            )
        )
        """The keys of the base's sections (``""``: the intro) the source kept as they were."""

    @functools.cached_property
    def base_order(self) -> list[Section]:
        """The base's sections in document order."""
        return list(walk_sections(self._base.sections))

    @functools.cached_property
    def source_order(self) -> list[Section]:
        """The source's sections in document order."""
        return list(walk_sections(self._source.sections))

    @classmethod
    def of(cls, context: Revisions) -> SourceChanges | None:
        """The changes of the run, when it has a base (else there is none).

        Computed once per run: the source-change checks and the runner share them.
        """
        return context.analysis.shared(cls._compute, context)

    @classmethod
    def _compute(cls, context: Revisions) -> SourceChanges | None:
        base, changed, translated = context.base, context.changed, context.translated
        if base is None or changed is None or translated is None:
            return None
        return cls(context, base, changed, translated)

    def of_base(self, section: Section) -> int:
        """The line of the base section's counterpart, or where it would be."""
        counterpart = self.in_translation.get(id(section))
        if counterpart is not None:
            return counterpart.span.start_line
        return self._before_next(
            self.base_order, section, lambda base: self.in_translation.get(id(base))
        )

    def of_source(self, section: Section) -> int:
        """Where a section the source added belongs: before what follows it in the source."""

        def counterpart(following: Section) -> Section | None:
            base = self.in_base.get(id(following))
            return self.in_translation.get(id(base)) if base is not None else None

        return self._before_next(self.source_order, section, counterpart)

    def _before_next(
        self,
        order: list[Section],
        section: Section,
        counterpart: Callable[[Section], Section | None],
    ) -> int:
        """The translation line of the first section after ``section``'s subtree with a counterpart.

        The translation's last line when no section after it has one.
        """
        start = next(index for index, candidate in enumerate(order) if candidate is section)
        inside = section.key + "/"
        for following in order[start + 1 :]:
            if following.key.startswith(inside):
                continue
            found = counterpart(following)
            if found is not None:
                return found.span.start_line
        return self.end

    def changed_any(self) -> bool:
        """Whether the source added, removed or changed a section since the base."""
        return bool(self.added or self.removed) or len(self.unchanged) < len(self.kept)

    def kept_at(self, analysis: Analysis, key: str, line: int) -> bool:
        """Whether the source kept, as it was, the base's text at ``line`` of section ``key``.

        The block at that line (the innermost; the heading, at the heading's line)
        renders to lines that are all in the source's counterpart of the section.
        A container (a list, an alert) holds no text of its own: not known to be kept.
        """
        base = self.base_sections.get(key)
        became = self.became.get(id(base)) if base is not None else None
        if base is None or became is None:
            return False
        block = None
        for candidate in walk_blocks(base.blocks):  # depth first: the innermost comes last
            if candidate.span.start_line <= line <= candidate.span.end_line:
                block = candidate
        lines = _block_lines(block) if block is not None else [_line(base.title)]
        now = analysis.section(became).derived(_line_set)
        return bool(lines) and all(text in now for text in lines)


def _line_set(section: Section) -> frozenset[str]:
    return frozenset(content_lines(section))
