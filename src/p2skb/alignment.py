"""Align the sections of a source article and its translations by key.

Sections are matched level by level under already matched parents: first by
anchor (a translation's heading may carry the English slug *and* the source's
own anchor), then by the source heading's slug, then — for troubleshooting
sections whose anchor was changed (``cause`` for ``causes``) — by role.  What
that leaves on both sides is then matched across the whole tree by a name only
one section on each side has: a section that moved under another parent, or to
another level, is paired (``PairedBy.MOVED``) and compared, not lost.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs

from p2skb.anchors import heading_slug
from p2skb.errors import UsageError
from p2skb.invariants import section_invariants
from p2skb.literal import literal_text
from p2skb.model import (
    AlignedSection,
    Alignment,
    Article,
    ArticleRef,
    Section,
    SectionRef,
    Span,
    Text,
)
from p2skb.text import slug_text, walk_sections

__all__ = [
    "PairedBy",
    "SectionPair",
    "SectionPairs",
    "align",
    "article_ref",
    "intro_pair",
    "intro_section",
    "match_sections",
]


class PairedBy(enum.StrEnum):
    """How a translation section was matched to its source section."""

    ANCHOR = "anchor"
    """They share an anchor (an ``<a name>`` or the heading's own)."""
    SLUG = "slug"
    """The translation has an anchor equal to the slug of the source heading's text."""
    ROLE = "role"
    """They play the same troubleshooting role (symptom, cause, solution) under one parent."""
    MOVED = "moved"
    """Left over by the level-by-level pass, they share a name no other section has on either
    side: the section moved (another parent or level) in the translation."""
    INTRO = "intro"
    """They are the articles' intros: the title and the blocks before the first section."""


@attrs.frozen
class SectionPair:
    """A source section and its translation, and how they were matched."""

    source: Section
    translation: Section
    by: PairedBy
    position: int
    """The translation section's place in its article's document order."""


@attrs.frozen
class SectionPairs:
    """The result of matching one translation against its source."""

    pairs: tuple[SectionPair, ...]
    """Matched sections, in source document order."""
    missing: tuple[tuple[Section, int], ...]
    """Source sections without a counterpart (only the top of a missing subtree), each with
    the translation line where it would have been."""
    extra: tuple[Section, ...]
    """Translation sections without a counterpart (only the top of an extra subtree)."""
    intro: SectionPair | None = None
    """The two intros (title and blocks before the first section), when either has one."""

    @property
    def parts(self) -> tuple[SectionPair, ...]:
        """Every pair to compare: the intro's first, then the sections'."""
        return (self.intro, *self.pairs) if self.intro is not None else self.pairs


def _names(section: Section, *, with_slug: bool) -> tuple[str, ...]:
    names = (section.anchor, *section.anchors)
    if with_slug:
        names = (*names, heading_slug(slug_text(section.title)))
    return tuple(dict.fromkeys(names))


_NO_CANDIDATES: list[int] = []


def intro_section(article: Article) -> Section:
    """The article's intro as a section keyed ``""``: its title and blocks before the first section.

    So that what the section checks compare there is compared in the intro too.
    """
    heading = article.heading
    title = heading.title if heading else (Text(article.title),) if article.title else ()
    end = article.sections[0].span.start_line - 1 if article.sections else article.line_count
    first = heading.span.start_line if heading else None
    start = first or (article.intro[0].span.start_line if article.intro else max(end, 1))
    span = Span(start, max(end, start))
    invariants = section_invariants(literal_text(title, span.start_line, article.intro))
    return Section(
        key="",
        anchor=article.anchor or "",
        anchors=(),
        level=1,
        title=title,
        title_text=article.title,
        role=None,
        blocks=article.intro,
        sections=(),
        span=span,
        invariants=invariants,
    )


def intro_pair(source: Article, translation: Article) -> SectionPair | None:
    """The intros of a source and its translation, paired; ``None`` when both are empty."""
    if not (source.intro or translation.intro):
        return None
    return SectionPair(intro_section(source), intro_section(translation), PairedBy.INTRO, -1)


def match_sections(source: Article, translation: Article) -> SectionPairs:
    """Match the translation's sections to the source's (see the module docstring)."""
    position = {
        id(section): index for index, section in enumerate(walk_sections(translation.sections))
    }
    pairs: list[SectionPair] = []
    missing: list[Section] = []
    extra: list[Section] = []

    def match_level(sources: tuple[Section, ...], translations: tuple[Section, ...]) -> None:
        by_name: dict[str, list[int]] = {}
        by_role: dict[object, list[int]] = {}
        for candidate_index, candidate in enumerate(translations):
            for name in _names(candidate, with_slug=False):
                by_name.setdefault(name, []).append(candidate_index)
            by_role.setdefault(candidate.role, []).append(candidate_index)
        found: dict[int, tuple[Section, PairedBy]] = {}
        used: set[int] = set()
        # Where the search for a free candidate resumes, per candidate list: the used ones
        # before it stay used, so many sections with one name cost linear time.
        resume: dict[int, int] = {}

        def take(index: int, candidates: list[int], ways: PairedBy) -> None:
            position = resume.get(id(candidates), 0)
            while position < len(candidates) and candidates[position] in used:
                position += 1
            resume[id(candidates)] = position
            if position < len(candidates):
                free = candidates[position]
                found[index] = (translations[free], ways)
                used.add(free)

        for ways, with_slug in ((PairedBy.ANCHOR, False), (PairedBy.SLUG, True)):
            for index, section in enumerate(sources):
                if index in found:
                    continue  # found by anchor: no slug to compute
                for name in _names(section, with_slug=with_slug):
                    if index not in found:
                        take(index, by_name.get(name, _NO_CANDIDATES), ways)
        for index, section in enumerate(sources):
            if index not in found and section.role is not None:
                take(index, by_role.get(section.role, _NO_CANDIDATES), PairedBy.ROLE)
        for index, section in enumerate(sources):
            if index not in found:
                missing.append(section)
                continue
            counterpart, ways = found[index]
            pairs.append(SectionPair(section, counterpart, ways, position[id(counterpart)]))
            match_level(section.sections, counterpart.sections)
        extra.extend(candidate for index, candidate in enumerate(translations) if index not in used)

    match_level(source.sections, translation.sections)
    # Sections that moved (another level, another parent) are left over on both sides:
    # match them across the whole tree by a name only one section on each side has.
    left_sources = [found for top in missing for found in walk_sections((top,))]
    left_translations = [found for top in extra for found in walk_sections((top,))]
    sources_paired = {id(pair.source) for pair in pairs}
    translations_paired = {id(pair.translation) for pair in pairs}
    for with_slug in (False, True):
        unique = _unique_names(left_sources, left_translations, with_slug=with_slug)
        for section in left_sources:
            counterpart = next(
                (unique[name] for name in _names(section, with_slug=with_slug) if name in unique),
                None,
            )
            if (
                counterpart is None
                or id(section) in sources_paired
                or id(counterpart) in translations_paired
            ):
                continue
            before = len(pairs)
            pairs.append(
                SectionPair(section, counterpart, PairedBy.MOVED, position[id(counterpart)])
            )
            match_level(section.sections, counterpart.sections)
            sources_paired.update(id(pair.source) for pair in pairs[before:])
            translations_paired.update(id(pair.translation) for pair in pairs[before:])
    left = [section for section in missing if id(section) not in sources_paired]
    return SectionPairs(
        tuple(pairs),
        tuple(zip(left, _places(left, source, translation, pairs), strict=True)),
        tuple(
            sorted(
                (section for section in extra if id(section) not in translations_paired),
                key=lambda section: position[id(section)],
            )
        ),
        intro_pair(source, translation),
    )


def _places(
    missing: list[Section], source: Article, translation: Article, pairs: list[SectionPair]
) -> list[int]:
    """Where each missing section belongs in the translation.

    Before the counterpart of the next source section (in document order) that has
    one, or at the end; but after the counterpart of the previous one when that comes
    later in the translation (the sections around it were reordered).
    """
    counterpart = {id(pair.source): pair.translation for pair in pairs}
    order = list(walk_sections(source.sections))
    index = {id(section): position for position, section in enumerate(order)}
    # for each position: the nearest paired source section after it, and before it
    following: list[Section | None] = [None] * (len(order) + 1)
    for position in reversed(range(len(order))):
        paired = id(order[position]) in counterpart
        following[position] = order[position] if paired else following[position + 1]
    preceding: list[Section | None] = [None] * (len(order) + 1)
    for position, section in enumerate(order):
        paired = id(section) in counterpart
        preceding[position + 1] = section if paired else preceding[position]
    places = []
    for section in missing:
        last = section
        while last.sections:
            last = last.sections[-1]
        after = following[index[id(last)] + 1]
        where = counterpart[id(after)].span.start_line if after else translation.line_count
        before = preceding[index[id(section)]]
        if before is not None and not section.key.startswith(before.key + "/"):
            where = max(where, counterpart[id(before)].span.end_line)
        places.append(where)
    return places


def _unique_names(
    sources: list[Section], translations: list[Section], *, with_slug: bool
) -> dict[str, Section]:
    """Each name exactly one source and one translation section have, with the translation."""
    counts: dict[str, int] = {}
    for section in sources:
        for name in _names(section, with_slug=with_slug):
            counts[name] = counts.get(name, 0) + 1
    found: dict[str, list[Section]] = {}
    for section in translations:
        for name in _names(section, with_slug=False):
            found.setdefault(name, []).append(section)
    return {
        name: sections[0]
        for name, sections in found.items()
        if len(sections) == 1 and counts.get(name) == 1
    }


def article_ref(article: Article) -> ArticleRef:
    """The :class:`ArticleRef` (path, locale, translation metadata) of an article."""
    front_matter = article.front_matter
    return ArticleRef(
        path=article.path,
        locale=article.locale,
        title=article.title,
        translation_type=front_matter.translation_type,
        source_git_commit=front_matter.source_git_commit,
        open_loc_file_hash=front_matter.open_loc_file_hash,
        last_handoff=front_matter.last_handoff,
    )


def _section_ref(section: Section) -> SectionRef:
    return SectionRef(
        key=section.key,
        anchor=section.anchor,
        level=section.level,
        role=section.role,
        title_text=section.title_text,
        span=section.span,
    )


def _pick_source(articles: Sequence[Article], source: Article | str | None) -> Article:
    if isinstance(source, Article):
        return source
    if source is not None:
        chosen = [article for article in articles if source in (article.path, article.locale)]
        if len(chosen) != 1:
            raise UsageError(f"source {source!r} names {len(chosen)} of the articles, not one")
        return chosen[0]
    english = [article for article in articles if article.locale == "en-us"]
    if len(english) != 1:
        raise UsageError(
            f"{len(english)} of the articles are en-us; name the source explicitly (source=...)"
        )
    return english[0]


def align(articles: Sequence[Article], source: Article | str | None = None) -> Alignment:
    """Align a source and its translations by section key.

    ``source`` is the source article itself, or the path or locale of one of
    ``articles``; by default the one en-us article.  Rows come in source
    document order; keys only some translations have follow, in the order the
    translations have them.

    Raises:
        UsageError: no unique source can be chosen.

    """
    chosen = _pick_source(articles, source)
    translations = [article for article in articles if article is not chosen]
    order = [section.key for section in walk_sections(chosen.sections)]
    cells: dict[str, list[SectionRef | None]] = {
        section.key: [_section_ref(section), *[None] * len(translations)]
        for section in walk_sections(chosen.sections)
    }
    for column, translation in enumerate(translations, start=1):
        matched = match_sections(chosen, translation)
        for pair in matched.pairs:
            cells[pair.source.key][column] = _section_ref(pair.translation)
        for top in matched.extra:
            for section in walk_sections((top,)):
                if section.key not in cells:
                    order.append(section.key)
                    cells[section.key] = [None] * (len(translations) + 1)
                if cells[section.key][column] is None:
                    cells[section.key][column] = _section_ref(section)
    return Alignment(
        articles=(article_ref(chosen), *(article_ref(t) for t in translations)),
        rows=tuple(AlignedSection(key, tuple(cells[key])) for key in order),
    )
