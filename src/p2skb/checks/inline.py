"""Inline checks: link targets, code spans, invariants, emphasis and swallowed HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from p2skb.alignment import SectionPair
from p2skb.checks._common import (
    LITERAL_EMPHASIS,
    differences,
    line_of,
    literal_lines,
    located_inlines_of,
    own_blocks_of,
    pair_up,
    shorten,
)
from p2skb.checks.registry import Issue, Scope, register
from p2skb.htmltags import is_html_markup
from p2skb.model import (
    Code,
    Emphasis,
    HtmlBlock,
    HtmlInline,
    Image,
    InlineCode,
    Link,
    Section,
    Severity,
    Strong,
    Text,
)

__all__ = ["normalise_target"]

_FAMILY = "inline"
# https://learn.microsoft.com/ja-jp/azure/... -> https://learn.microsoft.com/azure/...
_LOCALE_SEGMENT = re.compile(
    r"^(https?://(?:learn|docs|azure|support|techcommunity)\.microsoft\.com)"
    r"/[a-z]{2,3}-[a-z]{2,4}(?=/|$)",
    re.IGNORECASE,
)
_LOCALE_QUOTE = re.compile("[“「『«„]")  # opening marks used for UI labels instead of bold


def normalise_target(target: str) -> str:
    """A link target for comparison: the locale segment of Microsoft URLs removed.

    Relative targets and anchors are compared exactly as written.
    """
    stripped = target.strip()
    match = _LOCALE_SEGMENT.match(stripped)
    if match is None:
        return stripped
    return match.group(1).lower() + stripped[match.end() :]


def _targets(section: Section) -> list[tuple[int, str]]:
    return [
        (line, item.target if isinstance(item, Link) else item.source)
        for line, item in located_inlines_of(section, Link, Image)
    ]


@register(
    "P2S301",
    "link-target",
    Severity.ERROR,
    "A link or image target differs from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(Link, Image),
)
def link_target(pair: SectionPair) -> Iterator[Issue]:
    """A link (or image) points somewhere else than in the source.

    Relative targets and anchors must match exactly; absolute learn / docs URLs
    are compared with their locale segment (``/ja-jp/``) removed, since a
    localized article rightly links to its own locale.
    """
    yield from differences(
        "link target",
        pair,
        _targets(pair.source),
        _targets(pair.translation),
        normalise_target,
    )


def _code_spans(section: Section) -> list[tuple[int, str]]:
    return [(line, item.text) for line, item in located_inlines_of(section, InlineCode)]


@register(
    "P2S302",
    "inline-code",
    Severity.WARNING,
    "A code span differs from the source's",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(InlineCode,),
)
def inline_code(pair: SectionPair) -> Iterator[Issue]:
    """A code span (`` `like this` ``) was changed, translated, added or dropped.

    Code spans hold commands, values and identifiers that must stay as they are.
    """
    yield from differences(
        "code span", pair, _code_spans(pair.source), _code_spans(pair.translation), str
    )


_INVARIANT_FIELDS = {
    "error_codes": "error code",
    "kb_numbers": "KB number",
    "registry_keys": "registry key",
    "paths": "path",
    "urls": "URL",
}


@register(
    "P2S303",
    "invariant-mismatch",
    Severity.ERROR,
    "Error codes, KB numbers, registry keys, paths or URLs differ",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
)
def invariant_mismatch(pair: SectionPair) -> Iterator[Issue]:
    """A language-independent token of the source is missing or altered in the translation.

    Error codes (``798``, ``0x80090326``, ``KDC_ERR_C_PRINCIPAL_UNKNOWN``), KB
    numbers, registry keys, Windows paths and URLs written in the text must
    survive translation unchanged; machine translation often mangles paths.
    """
    source, translation = pair.source, pair.translation
    if not any(getattr(s.invariants, f) for s in (source, translation) for f in _INVARIANT_FIELDS):
        return  # most sections: nothing to compare, and nothing to search for
    source_text, translation_text = _searchable(source), _searchable(translation)
    for field, label in _INVARIANT_FIELDS.items():
        # A value counts as kept when it occurs in the other text at all, however it is worded
        # there ("error 503" / "Dateidownloadfehler 503" / "error de descarga ... 503").
        was = [
            (line_of(source, value), value)
            for value in getattr(source.invariants, field)
            if not _occurs(value, translation_text)
        ]
        now = [
            (line_of(translation, value), value)
            for value in getattr(translation.invariants, field)
            if not _occurs(value, source_text)
        ]
        yield from differences(
            label,
            pair,
            was,
            now,
            str.casefold,
            detail_prefix=f"{field}:",
            missing_line=lambda value: _closest_line(translation, value),
        )


def _closest_line(section: Section, value: str) -> int:
    """The line holding the longest leading part of a path-like ``value`` (else the heading).

    Where a translation mangled a path, this points at the mangled copy.
    """
    lines = [(line, text.casefold()) for line, text in literal_lines(section)]
    parts = re.split(r"(?<=[\\/<>])", value.casefold())
    for count in range(len(parts), 0, -1):
        prefix = "".join(parts[:count]).rstrip("\\/<>")
        if len(prefix) > 3:
            found = next((line for line, text in lines if prefix in text), None)
            if found is not None:
                return found
    return section.span.start_line


def _searchable(section: Section) -> str:
    """The section's literal text, code blocks included, folded for case-blind search."""
    texts = [text for _, text in literal_lines(section)]
    texts += [block.text for block in own_blocks_of(section, Code)]
    return "\n".join(texts).casefold()


def _occurs(value: str, text: str) -> bool:
    """``value`` occurs in ``text`` as a whole token (``503`` is not in ``1503``)."""
    pattern = rf"(?<![0-9A-Za-z_]){re.escape(value.casefold())}(?![0-9A-Za-z_])"
    return re.search(pattern, text) is not None


@attrs.frozen
class _EmphasisCount:
    spans: int
    """Bold and italic spans."""
    quoted: int
    """Quotations opened with the marks locale style guides use instead of bold for UI labels."""
    first_line: int | None
    """The line of the first bold/italic span."""
    literal_lines: tuple[int, ...]
    """Lines with literal ``**`` or ``__``."""


def _emphasis(section: Section) -> _EmphasisCount:
    lines = [line for line, _ in located_inlines_of(section, Strong, Emphasis)]
    quoted, literal = 0, []
    for line, item in located_inlines_of(section, Text):
        quoted += len(_LOCALE_QUOTE.findall(item.text))
        if ("**" in item.text or "__" in item.text) and LITERAL_EMPHASIS.search(item.text):
            literal.append(line)
    return _EmphasisCount(len(lines), quoted, lines[0] if lines else None, tuple(literal))


@register(
    "P2S304",
    "emphasis-lost",
    Severity.WARNING,
    "Bold or italic text of the source is plain (or literal **) in the translation",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(Strong, Emphasis),
)
def emphasis_lost(pair: SectionPair) -> Iterator[Issue]:
    """The translation has fewer bold/italic spans than the source.

    UI labels and error messages are bold in the source; machine translation
    often breaks the markers (``**text **``, ``[label]****``), which then stay
    visible as literal asterisks.  Quotation marks some locales' style guides
    use for UI labels instead of bold (“…”, 「…」, «…», „…“) count as kept.
    """
    was, now = _emphasis(pair.source), _emphasis(pair.translation)
    quoted_instead = max(now.quoted - was.quoted, 0)
    if now.spans + quoted_instead < was.spans:
        literal = now.literal_lines
        visible = f"; literal ** on line {literal[0]}" if literal else ""
        yield Issue(
            f"{now.spans} bold/italic spans here, {was.spans} in the source{visible}",
            literal[0] if literal else pair.translation.span.start_line,
            was.first_line,
            detail=f"{was.spans}>{now.spans}",
        )


def _swallowed(section: Section) -> list[tuple[int, str]]:
    found = [
        (line, item.html)
        for line, item in located_inlines_of(section, HtmlInline)
        if not is_html_markup(item.html)
    ]
    found += [
        (block.span.start_line, block.html.strip())
        for block in own_blocks_of(section, HtmlBlock)
        if not is_html_markup(block.html)
    ]
    return found


@register(
    "P2S305",
    "html-swallowed",
    Severity.ERROR,
    "Text written like an HTML tag disappears when rendered",
    family=_FAMILY,
    scope=Scope.SECTION_PAIR,
    reads=(HtmlInline, HtmlBlock),
)
def html_swallowed(pair: SectionPair) -> Iterator[Issue]:
    r"""Text such as ``<VPN Connection Name>`` is a valid HTML open tag, so browsers hide it.

    Reported where the translation has such a tag and the source does not: the
    source escaped it (``\\<VPN Connection Name\\>``) or wrote it in code.
    """
    changed, _, added = pair_up(_swallowed(pair.source), _swallowed(pair.translation))
    for line, tag in [now for _, now in changed] + added:
        yield Issue(
            f"{shorten(tag)} is read as an HTML tag and hidden when rendered; escape it as \\<…\\>",
            line,
            detail=tag,
        )
