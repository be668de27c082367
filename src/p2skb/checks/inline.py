"""Inline checks: link targets, code spans, invariants, emphasis and swallowed HTML."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from p2skb.analysis import PairView, SectionView
from p2skb.block_alignment import Run
from p2skb.checks._common import LITERAL_EMPHASIS, differences, pair_up, run_differences
from p2skb.checks.registry import Issue, section_pair_check
from p2skb.htmltags import is_html_markup
from p2skb.invariants import TEXT_INVARIANTS, found_in_text
from p2skb.langid import has_cjk
from p2skb.model import (
    Code,
    Emphasis,
    HtmlBlock,
    HtmlInline,
    Image,
    Inline,
    InlineCode,
    Link,
    Severity,
    Strong,
    Text,
)
from p2skb.text import plain_text
from p2skb.wording import shorten

__all__ = ["normalise_target"]

_FAMILY = "inline"
# https://learn.microsoft.com/ja-jp/azure/... -> https://learn.microsoft.com/azure/...
_LOCALE_SEGMENT = re.compile(
    r"^(https?://(?:learn|docs|azure|support|techcommunity)\.microsoft\.com)"
    r"/[a-z]{2,3}-[a-z]{2,4}(?=/|$)",
    re.IGNORECASE,
)
# The marks CJK style guides put around UI labels instead of bold (zh-CN “…”, ja-JP and
# zh-TW 「…」『…』), around text with a letter in it.  French « » and German „ “ are
# quotation marks there, as in English: they do not stand for bold.
_LOCALE_QUOTE = re.compile(r"[“「『][^”」』\n]{0,40}?\w[^”」』\n]{0,40}?[”」』]")


def normalise_target(target: str) -> str:
    """A link target for comparison: the locale segment of Microsoft URLs removed.

    Relative targets and anchors are compared exactly as written.
    """
    stripped = target.strip()
    match = _LOCALE_SEGMENT.match(stripped)
    if match is None:
        return stripped
    return match.group(1).lower() + stripped[match.end() :]


def _same(
    pair: PairView,
    kinds: tuple[type[Any], ...],
    value: Callable[[Any], str],
    normalise: Callable[[str], str],
) -> bool:
    """Whether both sections hold the same values of these inline items, in the same order."""
    was = [normalise(value(item)) for _, item in pair.source.inlines_of(*kinds)]
    now = [normalise(value(item)) for _, item in pair.translation.inlines_of(*kinds)]
    return was == now


def _target(item: Link | Image) -> str:
    return item.target if isinstance(item, Link) else item.source


def _targets(run: Run) -> list[tuple[int, str]]:
    return [
        (line, item.target if isinstance(item, Link) else item.source)
        for line, item in run.items
        if isinstance(item, Link | Image)
    ]


@section_pair_check(
    "P2S301",
    "link-target",
    Severity.ERROR,
    "A link or image target differs from the source's",
    family=_FAMILY,
    reads=(Link, Image),
)
def link_target(pair: PairView) -> Iterator[Issue]:
    """A link (or image) points somewhere else than in the source.

    Relative targets and anchors must match exactly; absolute learn / docs URLs
    are compared with their locale segment (``/ja-jp/``) removed, since a
    localized article rightly links to its own locale.  Links are compared run
    by run (paragraph, cell, item), by target: a link that moved within the
    section is not a difference.
    """
    if _same(pair, (Link, Image), _target, normalise_target):
        return  # the common case: every target kept, in order
    yield from run_differences("link target", pair, _targets, normalise_target)


def _code_spans(run: Run) -> list[tuple[int, str]]:
    return [(line, item.text) for line, item in run.items if isinstance(item, InlineCode)]


@section_pair_check(
    "P2S302",
    "inline-code",
    Severity.WARNING,
    "A code span differs from the source's",
    family=_FAMILY,
    reads=(InlineCode,),
)
def inline_code(pair: PairView) -> Iterator[Issue]:
    """A code span (text between backquotes) was changed, translated, added or dropped.

    Code spans hold commands, values and identifiers that must stay as they are.
    They are compared run by run, by value: a table the source repeats once per
    pivot is compared copy by copy.
    """
    if _same(pair, (InlineCode,), lambda item: item.text, str):
        return  # the common case: every code span kept, in order
    code = [block.text for block in pair.source.blocks_of(Code)]
    yield from run_differences(
        "code span",
        pair,
        _code_spans,
        str,
        # a code block of the source written as a code span: block-sequence's to report
        in_source=lambda value: any(value in text for text in code),
    )


@section_pair_check(
    "P2S303",
    "invariant-mismatch",
    Severity.ERROR,
    "Error codes, KB numbers, registry keys, paths or URLs differ",
    family=_FAMILY,
)
def invariant_mismatch(pair: PairView) -> Iterator[Issue]:
    """A language-independent token of the source is missing or altered in the translation.

    Error codes (``798``, ``0x80090326``, ``KDC_ERR_C_PRINCIPAL_UNKNOWN``), KB
    numbers, registry keys, Windows paths and URLs written in the text must
    survive translation unchanged; machine translation often mangles paths.
    """
    source, translation = pair.source, pair.translation
    was_found = found_in_text(source.section.invariants)
    now_found = found_in_text(translation.section.invariants)
    if not any((*was_found.values(), *now_found.values())) and "*." not in source.searchable:
        return  # most sections: nothing to compare, and nothing to search for
    for field, label in TEXT_INVARIANTS.items():
        values = was_found[field]
        if field == "file_names":  # and wildcards: "(*.cer file)" written "( * .cer 檔案)"
            values = (*values, *dict.fromkeys(_WILDCARD.findall(source.searchable)))
        split = [] if field not in _SPLIT_FIELDS else _split_copies(pair, values)
        for value, line, copy in split:
            yield Issue(
                f"{label} {shorten(copy)} here, {shorten(value)} in the source: split by a space",
                line,
                source.line_of(value),
                detail=f"{field}:split:{copy}",
            )
        # A value counts as kept when it occurs in the other text at all, however it is worded
        # there ("error 503" / "Dateidownloadfehler 503" / "error de descarga ... 503").
        reported = {value for value, _, _ in split}
        if field == "urls":  # a link's target is link-target's, written as <URL> or not
            reported |= {*source.literal.targets, *translation.literal.targets}
        was = [
            (source.line_of(value), value)
            for value in was_found[field]
            if value not in reported and not _occurs(value, translation.searchable)
        ]
        now = [
            (translation.line_of(value), value)
            for value in now_found[field]
            if value not in reported and not _occurs(value, source.searchable)
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


_SPLIT_FIELDS = frozenset({"paths", "file_names"})
"""The invariants machine translation splits with a space at a separator (``AzureRoot .cer``)."""

_WILDCARD = re.compile(r"(?<![\w*])\*\.[a-z0-9]{1,8}\b")
"""A file-name wildcard such as ``*.cer`` (in case-folded text)."""

_SPLIT_LIMIT = 64
"""At most this many values of a section are searched for split copies (a search each)."""

_SEPARATOR = re.compile(r"([.\\/])")


def _split_copies(pair: PairView, values: Sequence[str]) -> list[tuple[str, int, str]]:
    r"""Copies of source values that the translation split with spaces at a separator.

    (value, line, copy as written) for ``AzureRoot .cer``, ``C:\\Users \\<UserName>``;
    a copy the source itself writes that way is not one.
    """
    found = []
    for value in values[:_SPLIT_LIMIT]:
        parts = _SEPARATOR.split(value)
        if len(parts) == 1:  # no separator: nothing to split at
            continue
        searchable = pair.translation.searchable
        words = [part.casefold() for part in parts[::2] if part]
        if not any(f"{word} " in searchable or f" {word}" in searchable for word in words):
            continue  # no part of it touches a space: no split copy
        pattern = re.compile(
            r"(?<![\w])"
            + "".join(
                re.escape(part) if index % 2 == 0 else r"\s*" + re.escape(part) + r"\s*"
                for index, part in enumerate(parts)
            )
            + r"(?![\w])",
            re.IGNORECASE,
        )
        source_copies = {
            match.group(0)
            for _, text in pair.source.literal.pieces
            for match in pattern.finditer(text)
        }
        for start, text in pair.translation.literal.pieces:
            for match in pattern.finditer(text):
                copy = match.group(0)
                if any(space in copy for space in " \t\n") and copy not in source_copies:
                    found.append((value, start + text.count("\n", 0, match.start()), copy))
    return found


def _closest_line(section: SectionView, value: str) -> int:
    """The line holding the longest leading part of a path-like ``value`` (else the heading).

    Where a translation mangled a path or a file name (``AzureRoot .cer``), this points
    at the mangled copy.
    """
    parts = re.split(r"(?<=[\\/<>.])", value.casefold())
    for count in range(len(parts), 0, -1):
        prefix = "".join(parts[:count]).rstrip("\\/<>.")
        if len(prefix) > 3:
            found = section.literal.first_line(prefix, folded=True)
            if found is not None:
                return found
    return section.section.span.start_line


def _occurs(value: str, text: str) -> bool:
    """``value`` occurs in ``text`` as a whole token (``503`` is not in ``1503``).

    ``text`` is case-folded.  Searched with ``str.find``: a regular expression per
    value would be compiled for each of a corpus's many distinct values.
    """
    wanted = value.casefold()
    start = text.find(wanted)
    while start != -1:
        end = start + len(wanted)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not _token_character(before) and not _token_character(after):
            return True
        start = text.find(wanted, start + 1)
    return False


def _token_character(character: str) -> bool:
    return character == "_" or (character.isascii() and character.isalnum())


@section_pair_check(
    "P2S304",
    "emphasis-lost",
    Severity.WARNING,
    "Bold or italic text of the source is plain (or its markers visible) in the translation",
    family=_FAMILY,
    reads=(Strong, Emphasis),
)
def emphasis_lost(pair: PairView) -> Iterator[Issue]:
    """A paragraph, cell or item of the translation has fewer bold/italic spans than its source's.

    UI labels and error messages are bold in the source; machine translation
    often drops or breaks the markers.  Each paired run (see
    :mod:`p2skb.block_alignment`) with fewer spans than its source run is
    reported at its line, naming the first span it lost.  Quotation marks some
    CJK style guides use for UI labels instead of bold (“…”, 「…」, 『…』)
    count as kept; a run whose markers stay visible as literal ``**`` is
    broken-emphasis's to report.
    """
    for source_run, run in pair.blocks.runs:
        if source_run is None or run is None:
            continue
        was_count = _span_count(source_run)
        if not was_count or (_span_count(run) >= was_count and not _whole_bold(source_run.content)):
            continue  # the common case: as many spans, and no whole-run bold to cut
        lost = _spans(source_run)
        kept = _spans(run)
        quoted = max(_quoted(run) - _quoted(source_run), 0)
        if _literal_markers(run):
            continue
        if len(kept) + quoted >= len(lost):
            plain = _plain_after_whole_bold(source_run, run)
            if plain:
                yield Issue(
                    f"the bold ends mid-sentence: {shorten(plain)} is plain here, "
                    "where the source's bold holds the whole text",
                    run.line,
                    source_run.line,
                    detail=f"cut:{plain}",
                )
            continue
        yield Issue(
            f"{len(kept)} bold/italic spans here, {len(lost)} in the source; "
            f"the source's {shorten(lost[len(kept)])} is plain here",
            run.line,
            source_run.line,
            detail=f"-{lost[len(kept)]}",
        )


def _plain_after_whole_bold(source: Run, translation: Run) -> str | None:
    """The words a translation's bold leaves plain where the source's bold is the whole run.

    ``**Failed to save … is invalid.**`` translated as ``**Error al guardar … &lt;…&gt;**
    no son válidos.``: the rest of the sentence renders plain.
    """
    if not _whole_bold(source.content):
        return None
    content = translation.content
    last = max((i for i, item in enumerate(content) if isinstance(item, Strong)), default=None)
    if last is None or last == len(content) - 1:
        return None
    rest = plain_text(content[last + 1 :]).strip()
    words = re.findall(r"\w+", rest)
    return rest if len(words) >= _CUT_WORDS or has_cjk(rest) else None


_CUT_WORDS = 2
"""Plain words after a bold that should hold the whole text: fewer may be punctuation-like."""


def _whole_bold(content: tuple[Inline, ...]) -> bool:
    """Whether the run is one bold span, with at most punctuation around it."""
    bold = [item for item in content if isinstance(item, Strong)]
    rest = [item for item in content if not isinstance(item, Strong)]
    return len(bold) == 1 and not re.search(r"\w", plain_text(tuple(rest)))


def _span_count(run: Run) -> int:
    return sum(1 for _, item in run.items if type(item) is Strong or type(item) is Emphasis)


def _spans(run: Run) -> list[str]:
    """The text of each bold/italic span of a run."""
    return [
        plain_text(item.children) for _, item in run.items if isinstance(item, Strong | Emphasis)
    ]


def _quoted(run: Run) -> int:
    return sum(
        len(_LOCALE_QUOTE.findall(item.text)) for _, item in run.items if isinstance(item, Text)
    )


def _literal_markers(run: Run) -> bool:
    return any(
        isinstance(item, Text) and LITERAL_EMPHASIS.search(item.text) is not None
        for _, item in run.items
    )


def _swallowed(section: SectionView) -> list[tuple[int, str]]:
    found = [
        (line, item.html)
        for line, item in section.inlines_of(HtmlInline)
        if not is_html_markup(item.html)
    ]
    found += [
        (block.span.start_line, block.html.strip())
        for block in section.blocks_of(HtmlBlock)
        if not is_html_markup(block.html)
    ]
    return found


@section_pair_check(
    "P2S305",
    "html-swallowed",
    Severity.ERROR,
    "Text written like an HTML tag disappears when rendered",
    family=_FAMILY,
    reads=(HtmlInline, HtmlBlock),
)
def html_swallowed(pair: PairView) -> Iterator[Issue]:
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


_PLACEHOLDER = re.compile(r"<([^<>\n]{0,60})>")


def _placeholders(run: Run) -> list[tuple[int, str]]:
    """The ``<Name>`` placeholders a run shows (escaped, entity-written or swallowed as HTML)."""
    parts: list[str] = []
    offsets: list[int] = []  # where each part starts in the joined text
    lines: list[int] = []
    offset = 0
    for item_line, item in run.items:
        if isinstance(item, Text):
            part = item.text
        elif isinstance(item, HtmlInline) and not is_html_markup(item.html):
            part = item.html
        elif isinstance(item, Emphasis | Strong):
            continue  # their children's Text items come next
        else:
            part = "\0"  # anything else ends a placeholder
        parts.append(part)
        offsets.append(offset)
        lines.append(item_line)
        offset += len(part)
    joined = "".join(parts)
    if "<" not in joined:
        return []
    return [
        (lines[max(bisect.bisect_right(offsets, match.start()) - 1, 0)], match.group(1))
        for match in _PLACEHOLDER.finditer(joined)
        if "\0" not in match.group(1)
    ]


@section_pair_check(
    "P2S306",
    "placeholder",
    Severity.ERROR,
    "A <placeholder> of the source is emptied, padded, re-cased or missing",
    family=_FAMILY,
)
def placeholder(pair: PairView) -> Iterator[Issue]:
    r"""A placeholder such as ``\<UserName>`` or ``&lt;*gateway name*&gt;`` was damaged.

    Placeholders may be translated, so their words are not compared; what is
    reported, run by run (paragraph, cell, item), is one emptied (``< >``),
    padded with spaces the source's does not have (``< 閘道名稱 >``), written in
    other case (``<username>`` for ``<UserName>``), or missing from a run
    that has fewer than its source run.
    """
    if not any("<" in item.text for _, item in pair.source.inlines_of(Text)) and not (
        pair.source.inlines_of(HtmlInline)
    ):
        return  # most sections: no placeholder in the source
    for source_run, run in pair.blocks.runs:
        if source_run is None or run is None:
            continue
        was, now = _placeholders(source_run), _placeholders(run)
        if not was:
            continue
        names = {name for _, name in was}
        for (source_line, name), (line, copy) in zip(was, now, strict=False):
            problem = _damage(name, copy, names)
            if problem:
                yield Issue(
                    f"placeholder '<{copy}>' {problem}, '<{name}>' in the source",
                    line,
                    source_line,
                    detail=f"{name}>{copy}",
                )
        for source_line, name in was[len(now) :]:
            yield Issue(
                f"placeholder '<{name}>' of the source is missing",
                run.line,
                source_line,
                detail=f"-{name}",
            )


def _damage(name: str, copy: str, names: set[str]) -> str | None:
    """What is wrong with a translation's copy of a placeholder, or ``None``."""
    if copy in names:
        return None
    bare = copy.strip(" *_")
    if not bare:
        return "is empty"
    if copy != copy.strip() and name == name.strip():
        return "is padded with spaces"
    if bare.casefold() == name.strip(" *_").casefold() and bare != name.strip(" *_"):
        return "is in other case"
    return None
