"""Extension checks: includes, ``:::image``, tabs, zones, monikers, divs and code references.

Paths, ids, pivots, ranges and classes are not translatable: a translation
must keep each one as the source writes it.  Titles and alt-text are
translatable and never compared here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from p2skb.alignment import SectionPair
from p2skb.checks._common import (
    CONDITION_BLOCKS,
    differences,
    located_inlines_of,
    own_blocks_of,
    paired_blocks,
)
from p2skb.checks.registry import Issue, Scope, register
from p2skb.model import (
    Block,
    CodeReference,
    ConditionKind,
    Div,
    ImageBlock,
    Include,
    IncludeInline,
    Moniker,
    Section,
    Severity,
    TabGroup,
    Zone,
)

__all__: list[str] = []

_FAMILY = "extensions"
B = TypeVar("B", bound=Block)


def _located(
    kind: type[B], value: Callable[[B], str]
) -> Callable[[Section], list[tuple[int, str]]]:
    """A view of a section: ``value`` of each of its own blocks of ``kind``, with its line."""

    def view(section: Section) -> list[tuple[int, str]]:
        return [(block.span.start_line, value(block)) for block in own_blocks_of(section, kind)]

    return view


def _compare(
    noun: str, pair: SectionPair, view: Callable[[Section], list[tuple[int, str]]]
) -> Iterator[Issue]:
    yield from differences(noun, pair, view(pair.source), view(pair.translation), str)


def _include_targets(section: Section) -> list[tuple[int, str]]:
    blocks = _located(Include, lambda block: block.target)(section)
    inline = [(line, item.target) for line, item in located_inlines_of(section, IncludeInline)]
    return sorted(blocks + inline, key=lambda located: located[0])


@register(
    "P2S701",
    "include-target",
    Severity.ERROR,
    "An include's path differs from the source's, or an include is missing",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(Include, IncludeInline),
)
def include_target(pair: SectionPair) -> Iterator[Issue]:
    """An ``[!INCLUDE]`` (block or inline) points at another file than the source's.

    Or the source's include is missing, or the translation has one the source
    has not.  The title of an include is free text; its path is not translated.
    """
    yield from _compare("include", pair, _include_targets)


@register(
    "P2S702",
    "image-source",
    Severity.ERROR,
    "An :::image's source differs from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(ImageBlock,),
)
def image_source(pair: SectionPair) -> Iterator[Issue]:
    """A ``:::image`` shows another file than the source's (or is missing or added).

    Its alt-text is translated; its ``source`` path is not.
    """
    yield from _compare("image", pair, _located(ImageBlock, lambda block: block.source))


@register(
    "P2S703",
    "image-type",
    Severity.WARNING,
    "An aligned :::image has another type",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(ImageBlock,),
)
def image_type(pair: SectionPair) -> Iterator[Issue]:
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


@register(
    "P2S704",
    "tab-mismatch",
    Severity.ERROR,
    "A tab group's tab ids, or their order, differ from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(TabGroup,),
)
def tab_mismatch(pair: SectionPair) -> Iterator[Issue]:
    """An aligned tab group has other tabs: an id translated, a tab added, dropped or moved.

    Tab ids (``#tab/csharp``) select the same tab across a page and must stay
    as the source writes them; the titles are translated.
    """
    yield from _compare("tab group", pair, _located(TabGroup, _tab_ids))


def _condition_value(part: Zone | Moniker) -> str:
    """What a zone or moniker part is shown for, as :class:`~p2skb.model.Condition` writes it."""
    return ",".join(part.pivots) if isinstance(part, Zone) else part.range


def _conditions(kind: ConditionKind) -> Callable[[Section], list[tuple[int, str]]]:
    """The section's zones (or monikers): the ones it is shown for, then those it opens."""

    def view(section: Section) -> list[tuple[int, str]]:
        found = [
            (section.span.start_line, condition.value)
            for condition in section.shown_for
            if condition.kind is kind
        ]
        # Parts that continue the zone the section is shown for are counted above.
        found += [
            (part.span.start_line, _condition_value(part))
            for part in own_blocks_of(section, CONDITION_BLOCKS[kind])
            if not part.continued
        ]
        return found

    return view


@register(
    "P2S705",
    "zone-mismatch",
    Severity.ERROR,
    "Zone pivots differ from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(Zone,),
)
def zone_mismatch(pair: SectionPair) -> Iterator[Issue]:
    """The section is shown for other zone pivots than the source's, or a zone is missing.

    ``::: zone pivot="programming-language-csharp"`` must keep its pivot list:
    with another one, readers who pick that language see other content.
    """
    yield from _compare("zone pivot", pair, _conditions(ConditionKind.ZONE))


@register(
    "P2S706",
    "moniker-mismatch",
    Severity.ERROR,
    "Moniker ranges differ from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(Moniker,),
)
def moniker_mismatch(pair: SectionPair) -> Iterator[Issue]:
    """The section is shown for another ``::: moniker range`` than the source's.

    Or a moniker is missing or added: content shown for the wrong product versions.
    """
    yield from _compare("moniker range", pair, _conditions(ConditionKind.MONIKER))


@register(
    "P2S707",
    "div-class",
    Severity.WARNING,
    "A [!div] has another class than the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(Div,),
)
def div_class(pair: SectionPair) -> Iterator[Issue]:
    """A ``> [!div class="nextstepaction"]`` (or ``checklist``) changed its class.

    Or the div is missing or added.  The class is a style name, never translated.
    """
    yield from _compare("div class", pair, _located(Div, lambda block: block.css_class))


def _reference(block: CodeReference) -> str:
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


@register(
    "P2S708",
    "code-reference",
    Severity.ERROR,
    "A code-snippet reference's path, name or range differs from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(CodeReference,),
)
def code_reference(pair: SectionPair) -> Iterator[Issue]:
    """A ``[!code-…]`` or ``:::code`` reference differs from the source's.

    Another file, snippet name, line range or highlight, or the reference is
    missing or added: the translation shows other code.
    """
    yield from _compare("code reference", pair, _located(CodeReference, _reference))
