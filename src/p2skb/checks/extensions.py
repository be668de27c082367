"""Extension checks: includes, ``:::image``, tabs, zones, monikers, divs and code references.

Paths, ids, pivots, ranges and classes are not translatable: a translation
must keep each one as the source writes it.  Titles and alt-text are
translatable and never compared here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from p2skb.analysis import CONDITION_BLOCKS, PairView, SectionView
from p2skb.checks._common import differences, paired_blocks
from p2skb.checks.registry import Issue, section_pair_check
from p2skb.model import (
    Block,
    CodeReference,
    CodeReferenceInline,
    ConditionKind,
    Div,
    ImageBlock,
    Include,
    IncludeInline,
    Moniker,
    Severity,
    TabGroup,
    Zone,
)

__all__: list[str] = []

_FAMILY = "extensions"
B = TypeVar("B", bound=Block)


_Values = Callable[[SectionView], list[tuple[int, str]]]
"""What a check compares in a section: values with their lines."""


def _located(kind: type[B], value: Callable[[B], str]) -> _Values:
    """``value`` of each of a section's own blocks of ``kind``, with its line."""

    def view(section: SectionView) -> list[tuple[int, str]]:
        return [(block.span.start_line, value(block)) for block in section.blocks_of(kind)]

    return view


def _compare(noun: str, pair: PairView, view: _Values) -> Iterator[Issue]:
    yield from differences(noun, pair, view(pair.source), view(pair.translation), str)


def _include_targets(section: SectionView) -> list[tuple[int, str]]:
    blocks = _located(Include, lambda block: block.target)(section)
    inline = [(line, item.target) for line, item in section.inlines_of(IncludeInline)]
    return sorted(blocks + inline, key=lambda located: located[0])


@section_pair_check(
    "P2S701",
    "include-target",
    Severity.ERROR,
    "An include's path differs from the source's, or an include is missing",
    family=_FAMILY,
    reads=(Include, IncludeInline),
)
def include_target(pair: PairView) -> Iterator[Issue]:
    """An ``[!INCLUDE]`` (block or inline) points at another file than the source's.

    Or the source's include is missing, or the translation has one the source
    has not.  The title of an include is free text; its path is not translated.
    """
    yield from _compare("include", pair, _include_targets)


@section_pair_check(
    "P2S702",
    "image-source",
    Severity.ERROR,
    "An :::image's source differs from the source's",
    family=_FAMILY,
    reads=(ImageBlock,),
)
def image_source(pair: PairView) -> Iterator[Issue]:
    """A ``:::image`` shows another file than the source's (or is missing or added).

    Its alt-text is translated; its ``source`` path is not.
    """
    yield from _compare("image", pair, _located(ImageBlock, lambda block: block.source))


@section_pair_check(
    "P2S703",
    "image-type",
    Severity.WARNING,
    "An aligned :::image has another type",
    family=_FAMILY,
    reads=(ImageBlock,),
)
def image_type(pair: PairView) -> Iterator[Issue]:
    """An aligned ``:::image`` changed its ``type`` (``content``, ``complex``, ``icon``).

    A ``complex`` image made ``content`` loses its long description.
    """
    for source, translation in paired_blocks(pair, ImageBlock):
        if source.kind != translation.kind:
            yield Issue(
                f"image type {translation.kind!r} here, {source.kind!r} in the source",
                translation.span.start_line,
                source.span.start_line,
                detail=f"{source.kind}>{translation.kind}",
            )


def _tab_ids(group: TabGroup) -> str:
    return ", ".join(tab.id for tab in group.tabs)


@section_pair_check(
    "P2S704",
    "tab-mismatch",
    Severity.ERROR,
    "A tab group's tab ids, or their order, differ from the source's",
    family=_FAMILY,
    reads=(TabGroup,),
)
def tab_mismatch(pair: PairView) -> Iterator[Issue]:
    """An aligned tab group has other tabs: an id translated, a tab added, dropped or moved.

    Tab ids (``#tab/csharp``) select the same tab across a page and must stay
    as the source writes them; the titles are translated.
    """
    yield from _compare("tab group", pair, _located(TabGroup, _tab_ids))


def _conditions(kind: ConditionKind) -> _Values:
    """The section's zones (or monikers): the ones it is shown for, then those it opens."""

    def view(section: SectionView) -> list[tuple[int, str]]:
        found = [
            (section.section.span.start_line, condition.value)
            for condition in section.section.shown_for
            if condition.kind is kind
        ]
        # Parts that continue the zone the section is shown for are counted above; an empty
        # part shows nothing (a zone opened just before a heading: its sections count it).
        found += [
            (part.span.start_line, part.condition.value)
            for part in section.blocks_of(CONDITION_BLOCKS[kind])
            if not part.continued and part.blocks
        ]
        return found

    return view


@section_pair_check(
    "P2S705",
    "zone-mismatch",
    Severity.ERROR,
    "Zone pivots differ from the source's",
    family=_FAMILY,
    reads=(Zone,),
)
def zone_mismatch(pair: PairView) -> Iterator[Issue]:
    """The section is shown for other zone pivots than the source's, or a zone is missing.

    ``::: zone pivot="programming-language-csharp"`` must keep its pivot list:
    with another one, readers who pick that language see other content.
    """
    yield from _compare("zone pivot", pair, _conditions(ConditionKind.ZONE))


@section_pair_check(
    "P2S706",
    "moniker-mismatch",
    Severity.ERROR,
    "Moniker ranges differ from the source's",
    family=_FAMILY,
    reads=(Moniker,),
)
def moniker_mismatch(pair: PairView) -> Iterator[Issue]:
    """The section is shown for another ``::: moniker range`` than the source's.

    Or a moniker is missing or added: content shown for the wrong product versions.
    """
    yield from _compare("moniker range", pair, _conditions(ConditionKind.MONIKER))


@section_pair_check(
    "P2S707",
    "div-class",
    Severity.WARNING,
    "A [!div] has another class than the source's",
    family=_FAMILY,
    reads=(Div,),
)
def div_class(pair: PairView) -> Iterator[Issue]:
    """A ``> [!div class="nextstepaction"]`` (or ``checklist``) changed its class.

    Or the div is missing or added.  The class is a style name, never translated.
    """
    yield from _compare("div class", pair, _located(Div, lambda block: block.css_class))


def _reference(block: CodeReference | CodeReferenceInline) -> str:
    parts = [f"{block.language} {block.source}".strip()]
    parts += [
        f"{name}={value}"
        for name, value in (
            ("name", block.name),
            ("range", block.range),
            ("highlight", block.highlight),
        )
        if value
    ]
    return " ".join(parts)


@section_pair_check(
    "P2S708",
    "code-reference",
    Severity.ERROR,
    "A code-snippet reference's path, name or range differs from the source's",
    family=_FAMILY,
    reads=(CodeReference, CodeReferenceInline),
)
def code_reference(pair: PairView) -> Iterator[Issue]:
    """A ``[!code-…]`` or ``:::code`` reference differs from the source's.

    Another file, snippet name, line range or highlight, or the reference is
    missing or added: the translation shows other code.
    """
    yield from _compare("code reference", pair, _code_references)


def _code_references(section: SectionView) -> list[tuple[int, str]]:
    blocks = _located(CodeReference, _reference)(section)
    inline = [(line, _reference(item)) for line, item in section.inlines_of(CodeReferenceInline)]
    return sorted(blocks + inline, key=lambda located: located[0])
