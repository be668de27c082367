"""Text to :class:`~p2skb.model.Article`: front matter, one markdown-it pass, one token walk.

Line endings are normalised first (CRLF, lone CR), so every span counts lines
the way an editor does.  Blocks are built by a dispatch table from token type
to converter; a token the table does not know becomes a :class:`RawBlock` of its
source lines plus a diagnostic, so no text is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from p2skb import anchors
from p2skb._collector import collector_paused
from p2skb.errors import DecodeError, LimitError, display_path
from p2skb.files import read_regular
from p2skb.front_matter import read_front_matter
from p2skb.invariants import extract_all
from p2skb.markdown import markdown_parser
from p2skb.model import (
    Alert,
    AlertKind,
    Article,
    Block,
    CellAlignment,
    Code,
    CodeKind,
    CodeReference,
    Column,
    Condition,
    ConditionKind,
    Diagnostic,
    Div,
    Emphasis,
    ExtensionBlock,
    FrontMatter,
    HtmlBlock,
    HtmlInline,
    Image,
    ImageBlock,
    Include,
    IncludeInline,
    Inline,
    InlineCode,
    Invariants,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Moniker,
    Paragraph,
    Quote,
    RawBlock,
    Row,
    Section,
    Span,
    Strikethrough,
    Strong,
    Tab,
    TabGroup,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
    Video,
    Zone,
)
from p2skb.text import (
    CONTROL_CHARACTERS,
    plain_text,
    slug_text,
)

__all__ = ["DEFAULT_LIMITS", "Limits", "parse", "parse_bytes", "parse_file", "read_article"]

_OTHER_ENCODINGS = (  # UTF-32's marks first: UTF-16's are their prefixes
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})+", re.IGNORECASE)


# ---------------------------------------------------------------- entry points


@attrs.frozen
class Limits:
    """Bounds on what one article may cost: each is enforced, and reported when hit.

    Nothing is dropped silently: a file over ``max_bytes`` or front matter over
    its bounds is refused with a :class:`~p2skb.LimitError` or
    :class:`~p2skb.FrontMatterError`; content nested deeper than ``max_nesting``
    is kept as raw text with a ``nesting-limit`` diagnostic; an include past
    ``max_include_depth`` or ``max_include_chars`` is not followed, with an
    ``include-limit`` diagnostic, and the article is still read.
    """

    max_bytes: int = 768 * 1024
    """The largest article read, in bytes (characters for :func:`parse`).  The largest real
    Learn articles are a few hundred kilobytes; markdown-it holds about 650 bytes of tokens
    per byte of a very wide table, so at this size the worst shape stays under 1 GiB
    (``benchmarks/worst_case.py``)."""
    max_nesting: int = 20
    """How deep lists, quotes, extension containers and inline markup may nest (markdown-it's
    own default), and how many zones and monikers may be open at once."""
    max_front_matter_values: int = 10_000
    """How many YAML values the front matter may hold once aliases are expanded."""
    max_front_matter_depth: int = 32
    """How deep YAML values may nest (a self-referencing alias nests forever)."""
    max_include_depth: int = 8
    """How deep resolved includes may nest (an article's include of an include of ...)."""
    max_include_chars: int = 512 * 1024
    """How much text a file's resolved includes may expand to, every use counted: 22 files
    that each include the next twice would otherwise expand to gigabytes."""


DEFAULT_LIMITS = Limits()


def parse_file(
    path: str | Path,
    *,
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | Path | IncludeResolver | None = None,
) -> Article:
    """Read and parse one article file.

    The locale is ``locale`` if given, else ``ms.contentlocale``, else a
    locale-shaped file name (``ja-jp.md``), else ``en-us`` when the front matter
    has no ``ms.translationtype``.

    With ``include_root`` (a directory, or an :class:`~p2skb.includes.IncludeResolver`
    to share its cache across calls), every block ``[!INCLUDE]`` is read and
    parsed into ``Include.resolved``; targets outside the root, cycles and
    unreadable files are diagnostics on the article, never reads.

    Raises:
        ReadError: the file is missing or unreadable.
        LimitError: the file is larger than ``limits.max_bytes``.
        DecodeError: the file is not UTF-8 (with line and column of the first bad byte).
        FrontMatterError: the YAML front matter cannot be read.

    """
    data = read_article(path, limits=limits)
    return parse_bytes(
        data, path=str(path), locale=locale, limits=limits, include_root=include_root
    )


def read_article(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of one article file, for :func:`parse_bytes` (what :func:`parse_file` reads).

    Only a regular file is read (a FIFO or device is refused without blocking),
    and never more than ``limits.max_bytes``.

    Raises:
        ReadError: the file is missing, unreadable or not a regular file.
        LimitError: the file is larger than ``limits.max_bytes``.

    """
    return read_regular(path, max_bytes=limits.max_bytes)


def parse_bytes(
    data: bytes,
    *,
    path: str = "<bytes>",
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | Path | IncludeResolver | None = None,
) -> Article:
    """Decode UTF-8 ``data`` and parse it as :func:`parse` does; ``path`` is only recorded.

    Raises:
        DecodeError: the data is not UTF-8 (with line and column of the first bad byte).
        LimitError: the text is longer than ``limits.max_bytes`` characters.
        FrontMatterError: the YAML front matter cannot be read.

    """
    text = decode_utf8(data, path)
    return parse(text, path=path, locale=locale, limits=limits, include_root=include_root)


def decode_utf8(data: bytes, path: str) -> str:
    """``data`` as text, or a :class:`~p2skb.DecodeError` at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        for mark, encoding in _OTHER_ENCODINGS:
            if data.startswith(mark):
                problem = f"not UTF-8: the byte order mark says {encoding}; save it as UTF-8"
                raise DecodeError(problem, path=path, line=1, column=1) from error
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problem = f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded"
        raise DecodeError(problem, path=path, line=line, column=column) from error


def parse(
    text: str,
    *,
    path: str = "<string>",
    locale: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    include_root: str | Path | IncludeResolver | None = None,
) -> Article:
    """Parse the text of one article.

    ``path`` is recorded and used for the locale fallback; nothing is read but
    included files when ``include_root`` is given (targets relative to ``path``,
    as :func:`parse_file` resolves them).
    Odd Markdown never raises: it becomes diagnostics on the article.

    Raises:
        LimitError: the text is longer than ``limits.max_bytes`` characters.
        FrontMatterError: the YAML front matter cannot be read.

    """
    resolver = None
    if include_root is not None:
        from p2skb.includes import IncludeResolver  # noqa: PLC0415 -- only when resolving

        resolver = (
            include_root
            if isinstance(include_root, IncludeResolver)
            else IncludeResolver(include_root)
        )
    return build_article(text, path=path, locale=locale, limits=limits, resolver=resolver)


def build_article(
    text: str,
    *,
    path: str,
    locale: str | None,
    limits: Limits,
    resolver: IncludeResolver | None,
    chain: tuple[Path, ...] = (),
    include_budget: IncludeBudget | None = None,
) -> Article:
    """The work of :func:`parse`; ``chain`` is the includes that reached this file.

    :class:`~p2skb.includes.IncludeResolver` calls it for every included file,
    so cycles are found along the chain; ``include_budget`` is how much text
    this file's includes may still expand to (``limits.max_include_chars`` at the top).
    """
    if len(text) > limits.max_bytes:
        problem = f"{len(text)} characters is over the limit of {limits.max_bytes} (max_bytes)"
        raise LimitError(problem, path=path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    diagnostics: list[Diagnostic] = []
    if CONTROL_CHARACTERS.search(text):
        diagnostics += _control_characters(lines)
    front_matter, body_start = read_front_matter(lines, path, diagnostics, limits)
    body = text[sum(len(line) + 1 for line in lines[:body_start]) :]  # lines[body_start:]
    resolved_locale = _resolve_locale(locale, front_matter, path)
    builder = _Builder(lines, body_start, diagnostics, limits.max_nesting)
    with collector_paused():  # thousands of acyclic objects: see p2skb._collector
        # The tokens are dropped inside the block, so the collector never scans them.
        title, anchor, intro, sections = builder.article(
            markdown_parser(limits.max_nesting).parse(body)
        )
        if resolver is not None and builder.includes:
            # After the token walk: only one file's tokens are ever held, however deep
            # the includes nest (a very wide table costs ~650 bytes of tokens per byte).
            includes = resolver.for_file(path, resolved_locale, limits, chain, include_budget)
            builder.resolve_includes(includes)
    line_count = len(lines) - 1 if text.endswith("\n") else len(lines)
    return Article(
        path=display_path(path),  # includes are read from ``path``; the model holds text
        locale=resolved_locale,
        front_matter=front_matter,
        title=title if title is not None else (front_matter.title or ""),
        anchor=anchor,
        intro=intro,
        sections=sections,
        diagnostics=tuple(diagnostics),
        line_count=line_count,
    )


def _resolve_locale(explicit: str | None, front_matter: FrontMatter, path: str) -> str:
    if explicit:
        return explicit.lower()
    if front_matter.content_locale:
        return front_matter.content_locale.lower()
    stem = Path(path).stem
    if _LOCALE_NAME.fullmatch(stem):
        return stem.lower()
    if front_matter.translation_type is None:
        return "en-us"
    return "und"


# ---------------------------------------------------------------- front matter


def _control_characters(lines: list[str]) -> list[Diagnostic]:
    """A diagnostic per line holding control characters (NUL becomes U+FFFD in the model)."""
    found = []
    for number, line in enumerate(lines, start=1):
        characters = sorted(set(CONTROL_CHARACTERS.findall(line)))
        if characters:
            names = ", ".join(f"U+{ord(character):04X}" for character in characters)
            message = f"control characters {names} in the text"
            found.append(Diagnostic("control-character", message, Span(number, number)))
    return found


# ---------------------------------------------------------------- inline content


@attrs.define
class _Literals:
    r"""What a section's invariants are found in, collected while its content is built.

    ``texts`` holds literal text: rendered text with raw inline HTML as written
    (``C:\\x<User>\\y`` stays whole), code spans as a space (they are searched on
    their own), and the text of code, HTML and raw blocks.
    """

    texts: list[str] = attrs.Factory(list)
    targets: list[str] = attrs.Factory(list)
    codes: list[str] = attrs.Factory(list)


def _inlines(children: list[Token] | None, literals: _Literals) -> tuple[Inline, ...]:
    """Build inline content from markdown-it's flat inline tokens (open/close pairs).

    The same walk feeds ``literals`` for the section's invariants.
    """
    if children and len(children) == 1 and children[0].type == "text":  # the common case
        content = children[0].content
        literals.texts.append(content)
        return (Text(content),) if content else ()
    return _inline_tree(children or [], literals)


def _inline_tree(children: list[Token], literals: _Literals) -> tuple[Inline, ...]:
    stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
    pieces: list[str] = []
    run = stack[0][1]
    for token in children:
        kind = token.type
        if kind == "text":
            content = token.content
            pieces.append(content)
            if run and type(run[-1]) is Text:  # markdown-it rarely leaves two texts in a row
                run[-1] = Text(run[-1].text + content)
            elif content:
                run.append(Text(content))
        elif kind in ("softbreak", "hardbreak"):
            pieces.append(" ")
            run.append(LineBreak(hard=kind == "hardbreak"))
        elif kind == "code_inline":
            pieces.append(" ")
            literals.codes.append(token.content)
            run.append(InlineCode(token.content))
        elif kind == "html_inline":
            pieces.append(token.content)
            run.append(HtmlInline(token.content))
        elif kind in ("image", "include_inline"):
            item, text = _leaf(token, literals)
            pieces.append(text)
            run.append(item)
        elif token.nesting == 1:
            run = []
            stack.append((token, run))
        elif token.nesting == -1 and len(stack) > 1:
            _close(stack, literals)
            run = stack[-1][1]
        elif token.content:
            pieces.append(token.content)
            run.append(Text(token.content))
    while len(stack) > 1:  # markdown-it balances its tokens; this only guards against a bug
        _close(stack, literals)
    literals.texts.append("".join(pieces))
    return tuple(stack[0][1])


def _leaf(token: Token, literals: _Literals) -> tuple[Inline, str]:
    """An image or an inline include, and its text."""
    if token.type == "include_inline":
        title = str(token.meta["title"])
        return IncludeInline(str(token.meta["target"]), _text_run(title)), title
    alt = plain_text(_inlines(token.children, _Literals()))
    source = str(token.attrGet("src") or "")
    literals.targets.append(source)
    return Image(source=source, alt=alt, title=_optional(token.attrGet("title"))), alt


def _close(stack: list[tuple[Token | None, list[Inline]]], literals: _Literals) -> None:
    """Pop the innermost open container into its parent; an unknown one keeps its children."""
    opener, inner = stack.pop()
    parent = stack[-1][1]
    children = tuple(inner)
    kind = opener.type if opener is not None else ""
    if kind == "em_open":
        parent.append(Emphasis(children))
    elif kind == "strong_open":
        parent.append(Strong(children))
    elif kind == "s_open":
        parent.append(Strikethrough(children))
    elif kind == "link_open" and opener is not None:
        target = str(opener.attrGet("href") or "")
        literals.targets.append(target)
        parent.append(Link(target, _optional(opener.attrGet("title")), children))
    else:
        parent.extend(children)


def _optional(value: str | int | float | None) -> str | None:
    return str(value) if value else None


def _text_run(value: str) -> tuple[Inline, ...]:
    """Attribute text (alt-text, an include's title) as inline content: one text, or none."""
    return (Text(value),) if value else ()


# ---------------------------------------------------------------- blocks and sections


@attrs.define
class _Heading:
    level: int
    title: tuple[Inline, ...]
    anchors: tuple[str, ...]
    span: Span


@attrs.define
class _Draft:
    """A section under construction: its heading, own blocks and child drafts."""

    heading: _Heading
    literals: _Literals
    blocks: list[Block] = attrs.Factory(list)
    children: list[_Draft] = attrs.Factory(list)
    shown_for: tuple[Condition, ...] = ()


@attrs.define
class _OpenPart:
    """The part of a zone or moniker being filled in the current container (or section)."""

    kind: ConditionKind
    meta: Mapping[str, Any]
    opened: int
    """The line of the marker that opened the zone."""
    start_line: int | None
    """The marker's line; ``None`` for a continuation after a heading cut the zone."""
    blocks: list[Block] = attrs.Factory(list)

    @property
    def condition(self) -> Condition:
        if self.kind is ConditionKind.ZONE:
            return Condition(self.kind, ",".join(self.meta["pivots"]))
        return Condition(self.kind, str(self.meta["range"]))

    def freeze(self, end_line: int | None) -> Block | None:
        """The zone or moniker block of this part (``None`` for an empty continuation)."""
        if self.start_line is None and not self.blocks:
            return None
        spans = [block.span for block in self.blocks]
        start = self.start_line if self.start_line is not None else spans[0].start_line
        end = end_line if end_line is not None else max([start, *(span.end_line for span in spans)])
        span, blocks, continued = Span(start, end), tuple(self.blocks), self.start_line is None
        if self.kind is ConditionKind.ZONE:
            target = _optional(self.meta["target"])
            return Zone(tuple(self.meta["pivots"]), target, blocks, span, continued)
        return Moniker(str(self.meta["range"]), blocks, span, continued)


@attrs.define
class _Flow:
    """Where the blocks of one container go: its list, or the innermost zone open in it."""

    blocks: list[Block]
    open: list[_OpenPart] = attrs.Factory(list)

    def add(self, block: Block) -> None:
        (self.open[-1].blocks if self.open else self.blocks).append(block)


_MARKERS = {
    "zone_start": ConditionKind.ZONE,
    "zone_end": ConditionKind.ZONE,
    "moniker_start": ConditionKind.MONIKER,
    "moniker_end": ConditionKind.MONIKER,
}


if TYPE_CHECKING:
    from markdown_it.token import Token

    from p2skb.includes import IncludeBudget, IncludeResolver, Resolve

    _Converter = Callable[["_Builder", list[Token], int], tuple[Block, int]]


def _walk_drafts(drafts: list[_Draft]) -> Iterator[_Draft]:
    for draft in drafts:
        yield draft
        yield from _walk_drafts(draft.children)


class _Builder:
    """One walk over the token stream of one article body."""

    def __init__(
        self,
        lines: list[str],
        offset: int,
        diagnostics: list[Diagnostic],
        max_nesting: int,
    ) -> None:
        self.lines = lines
        self.offset = offset
        self.diagnostics = diagnostics
        self.max_nesting = max_nesting
        self.includes: list[tuple[Include, int]] = []
        """Every include built, with where its diagnostics go in ``diagnostics``."""
        self.open_conditions = 0
        """Zones and monikers open in every container: bounded by ``max_nesting``."""
        self.literals = _Literals()
        """Where the content being built feeds its literal text: the current section's."""

    # -- spans and raw text

    def span(self, token: Token) -> Span:
        start, end = token.map or (0, 1)
        offset = self.offset
        return Span(start + 1 + offset, (end if end > start else start + 1) + offset)

    def source(self, span: Span) -> str:
        return "\n".join(self.lines[span.start_line - 1 : span.end_line])

    # -- the article

    def article(
        self, tokens: list[Token]
    ) -> tuple[str | None, str | None, tuple[Block, ...], tuple[Section, ...]]:
        title: str | None = None
        anchor: str | None = None
        intro: list[Block] = []
        roots: list[_Draft] = []
        open_drafts: list[_Draft] = []
        flow = _Flow(intro)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type in _MARKERS:
                self.marker(flow, token)
                index += 1
                continue
            if token.type == "heading_open":
                literals = _Literals()
                heading = self.heading(token, tokens[index + 1], literals)
                index += 3
                if heading.level == 1 and title is None and not roots:
                    title = plain_text(heading.title).strip()
                    anchor = self._anchor(heading)
                    continue
                while open_drafts and open_drafts[-1].heading.level >= heading.level:
                    open_drafts.pop()
                draft = _Draft(heading, literals)
                draft.shown_for = self.cut(flow, draft.blocks)
                self.literals = literals
                (open_drafts[-1].children if open_drafts else roots).append(draft)
                open_drafts.append(draft)
                continue
            block, index = self.block(tokens, index)
            flow.add(block)
        self.finish(flow)
        drafts = list(_walk_drafts(roots))
        found = extract_all(
            [(d.literals.texts, d.literals.targets, d.literals.codes) for d in drafts]
        )
        invariants = {id(draft): value for draft, value in zip(drafts, found, strict=True)}
        return title, anchor, tuple(intro), self._freeze(roots, "", invariants)

    def heading(self, opener: Token, inline: Token, literals: _Literals) -> _Heading:
        level, span = int(opener.tag[1:]), self.span(opener)
        children = inline.children or []
        if all(child.type != "html_inline" for child in children):  # no anchor tags (en-us)
            return _Heading(level, _strip_inline(_inlines(children, literals)), (), span)
        names: list[str] = []
        title: list[Token] = []
        skip_close = 0
        for child in children:
            if child.type == "html_inline":
                name = anchors.anchor_name(child.content)
                if name is not None:
                    names.append(name)
                    skip_close += 1
                    continue
                if skip_close and child.content.strip().lower() == "</a>":
                    skip_close -= 1
                    continue
            title.append(child)
        content = _strip_inline(_inlines(title, literals))
        return _Heading(level, content, tuple(names), span)

    @staticmethod
    def _anchor(heading: _Heading) -> str:
        if heading.anchors:
            return heading.anchors[-1]
        return anchors.heading_slug(slug_text(heading.title))

    def _freeze(
        self, drafts: list[_Draft], parent_key: str, invariants: dict[int, Invariants]
    ) -> tuple[Section, ...]:
        taken: dict[str, int] = {}
        sections = []
        for draft in drafts:
            heading = draft.heading
            anchor = self._anchor(heading)
            wanted = f"{parent_key}/{anchor}" if parent_key else anchor
            key = anchors.unique_key(wanted, taken)
            if key != wanted:
                self.diagnostics.append(
                    Diagnostic(
                        "duplicate-key",
                        f"the section key {wanted!r} is already used under the same parent; "
                        f"this one is {key!r}",
                        heading.span,
                    )
                )
            blocks = tuple(draft.blocks)
            children = self._freeze(draft.children, key, invariants)
            # Own blocks and children come in line order: the last of each ends the section.
            end = max(
                heading.span.end_line,
                blocks[-1].span.end_line if blocks else 0,
                children[-1].span.end_line if children else 0,
            )
            title_text = plain_text(heading.title).strip()
            sections.append(
                Section(
                    key=key,
                    anchor=anchor,
                    anchors=heading.anchors,
                    level=heading.level,
                    title=heading.title,
                    title_text=title_text,
                    role=anchors.role_of((*heading.anchors, anchor)),
                    blocks=blocks,
                    sections=children,
                    span=Span(heading.span.start_line, end),
                    invariants=invariants[id(draft)],
                    shown_for=draft.shown_for,
                )
            )
        return tuple(sections)

    # -- blocks

    def blocks_until(self, tokens: list[Token], index: int, closer: str) -> tuple[list[Block], int]:
        """Convert blocks from ``index`` up to the token of type ``closer``; return past it."""
        blocks: list[Block] = []
        flow = _Flow(blocks)
        while index < len(tokens) and tokens[index].type != closer:
            kind = tokens[index].type
            if kind in _MARKERS:
                self.marker(flow, tokens[index])
                index += 1
            elif kind == "heading_open":
                flow.add(self.nested_heading(tokens, index))
                index += 3
            else:
                block, index = self.block(tokens, index)
                flow.add(block)
        self.finish(flow)
        return blocks, index + 1

    # -- zones and monikers: marker lines, cut at headings

    def marker(self, flow: _Flow, token: Token) -> None:
        """Open or close a zone or moniker part at its marker line."""
        kind, line = _MARKERS[token.type], self.span(token).start_line
        if token.type.endswith("_start"):
            if self.open_conditions >= self.max_nesting:
                message = (
                    f"zones and monikers nested deeper than {self.max_nesting}; kept as raw text"
                )
                self.diagnostics.append(Diagnostic("nesting-limit", message, Span(line, line)))
                flow.add(ExtensionBlock(kind, self.source(Span(line, line)), Span(line, line)))
                return
            self.open_conditions += 1
            flow.open.append(_OpenPart(kind, token.meta, line, line))
            return
        position = next(
            (i for i in range(len(flow.open) - 1, -1, -1) if flow.open[i].kind is kind), None
        )
        if position is None:
            self.diagnostics.append(
                Diagnostic(
                    "unmatched-extension",
                    f"::: {kind}-end without an open {kind} here; kept as raw text",
                    Span(line, line),
                )
            )
            flow.add(ExtensionBlock(f"{kind}-end", self.source(Span(line, line)), Span(line, line)))
            return
        while len(flow.open) > position + 1:
            self.close_part(flow, None, f"closed by the {kind}-end on line {line}")
        self.close_part(flow, line, None)

    def close_part(self, flow: _Flow, end_line: int | None, unclosed: str | None) -> None:
        part = flow.open.pop()
        self.open_conditions -= 1
        if unclosed is not None:
            message = f"the {part.kind} opened here has no {part.kind}-end; {unclosed}"
            self.diagnostics.append(
                Diagnostic("unclosed-extension", message, Span(part.opened, part.opened))
            )
        block = part.freeze(end_line)
        if block is not None:
            flow.add(block)

    def cut(self, flow: _Flow, blocks: list[Block]) -> tuple[Condition, ...]:
        """At a heading: end the open parts in the old section, go on in ``blocks``.

        Returns the conditions the new section is shown for.
        """
        parts = list(flow.open)
        if not parts:
            flow.blocks = blocks
            return ()
        while flow.open:
            self.close_part(flow, None, None)
        flow.blocks = blocks
        flow.open = [_OpenPart(part.kind, part.meta, part.opened, None) for part in parts]
        self.open_conditions += len(parts)
        return tuple(part.condition for part in parts)

    def finish(self, flow: _Flow) -> None:
        """End a container: a zone still open in it was never closed."""
        while flow.open:
            self.close_part(flow, None, "it ends with its container")

    def block(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        converter = _CONVERTERS.get(token.type)
        if converter is not None:
            return converter(self, tokens, index)
        return self.unknown(tokens, index)

    def unknown(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        end = _matching_close(tokens, index)
        span = self.span(token)
        self.diagnostics.append(
            Diagnostic(
                "unknown-syntax", f"kept as raw text: markdown-it token {token.type!r}", span
            )
        )
        raw = self.source(span)
        self.literals.texts.append(raw)
        return RawBlock(raw, span), end + 1

    def nested_heading(self, tokens: list[Token], index: int) -> RawBlock:
        span = self.span(tokens[index])
        self.diagnostics.append(
            Diagnostic(
                "nested-heading",
                "a heading inside a list, quote, tab or other container does not start a "
                "section; kept as raw text",
                span,
            )
        )
        raw = self.source(span)
        self.literals.texts.append(raw)
        return RawBlock(raw, span)

    def paragraph(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        content = _inlines(tokens[index + 1].children, self.literals)
        return Paragraph(content, self.span(tokens[index])), index + 3

    def list_block(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener = tokens[index]
        ordered = opener.type == "ordered_list_open"
        start = int(opener.attrGet("start") or 1) if ordered else None
        items: list[ListItem] = []
        index += 1
        while tokens[index].type == "list_item_open":
            item = tokens[index]
            blocks, index = self.blocks_until(tokens, index + 1, "list_item_close")
            blocks = self.too_deep(item, blocks)
            checked = item.meta.get("checked") if isinstance(item.meta, dict) else None
            items.append(
                ListItem(
                    tuple(blocks), self.span(item), checked if isinstance(checked, bool) else None
                )
            )
        return ListBlock(ordered, start, tuple(items), self.span(opener)), index + 1

    def table(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener = tokens[index]
        end = _matching_close(tokens, index)
        rows: list[TableRow] = []
        alignments: list[CellAlignment | None] = []
        cells: list[TableCell] = []
        row_span = self.span(opener)
        for token in tokens[index + 1 : end]:
            if token.type == "tr_open":
                cells, row_span = [], self.span(token)
            elif token.type == "th_open":
                alignments.append(_alignment(token))
            elif token.type == "inline":
                cells.append(TableCell(_inlines(token.children, self.literals)))
            elif token.type == "tr_close":
                rows.append(TableRow(tuple(cells), row_span))
        header = rows[0] if rows else TableRow((), row_span)
        return Table(header, tuple(rows[1:]), tuple(alignments), self.span(opener)), end + 1

    def fence(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        # Code counts for invariants: a registry key is the same in a code block or a span.
        self.literals.texts.append(token.content)
        return Code(CodeKind.FENCED, token.info.strip(), token.content, self.span(token)), index + 1

    def code_block(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        self.literals.texts.append(token.content)
        return Code(CodeKind.INDENTED, "", token.content, self.span(token)), index + 1

    def quote(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener, span = tokens[index], self.span(tokens[index])
        blocks, index = self.blocks_until(tokens, index + 1, "blockquote_close")
        return Quote(tuple(self.too_deep(opener, blocks)), span), index

    def alert(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener = tokens[index]
        kind = AlertKind(str(opener.meta.get("kind", "NOTE")).upper())
        index += 1
        if tokens[index].type == "alert_title_open":  # a title markdown-it makes up ("Note")
            index = _matching_close(tokens, index) + 1
        blocks, index = self.blocks_until(tokens, index, "alert_close")
        return Alert(kind, tuple(self.too_deep(opener, blocks)), self.span(opener)), index

    def too_deep(self, opener: Token, blocks: list[Block]) -> list[Block]:
        """Keep a container's lines as raw text when markdown-it stopped at the nesting limit."""
        if blocks or opener.level + 1 < self.max_nesting:
            return blocks
        span = self.span(opener)
        raw = self.source(span)
        self.literals.texts.append(raw)
        message = f"nested deeper than {self.max_nesting} levels; kept as raw text"
        self.diagnostics.append(Diagnostic("nesting-limit", message, span))
        return [RawBlock(raw, span)]

    def html_block(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        self.literals.texts.append(token.content)
        return HtmlBlock(token.content, self.span(token)), index + 1

    def thematic_break(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        return ThematicBreak(self.span(tokens[index])), index + 1

    # -- Microsoft Learn extensions (tokens from p2skb.mdext)

    def unclosed(self, opener: Token, end_line: str) -> None:
        """A diagnostic when a container's end line (``:::image-end:::``, ...) is missing."""
        if not opener.meta.get("closed", True):
            span = self.span(opener)
            message = f"{opener.content} has no {end_line}; it ends with its container"
            self.diagnostics.append(Diagnostic("unclosed-extension", message, span))

    def required(self, token: Token, value: object, problem: str) -> None:
        """A diagnostic when an extension lacks what it cannot work without."""
        if not value:
            self.diagnostics.append(Diagnostic("incomplete-extension", problem, self.span(token)))

    def include(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token, span = tokens[index], self.span(tokens[index])
        target, title = str(token.meta["target"]), str(token.meta["title"])
        self.literals.texts.append(title)
        self.required(token, target, "the include has no target")
        block = Include(target, _text_run(title), span)
        if target:
            self.includes.append((block, len(self.diagnostics)))
        return block, index + 1

    def resolve_includes(self, resolve: Resolve) -> None:
        """Fill in each include's resolved file, once the walk has let go of the tokens.

        ``Include.resolved`` is set on blocks no one else holds yet (the article is
        not built), and each include's diagnostics go where the walk would have put them.
        """
        for block, position in reversed(self.includes):  # later positions first
            resolved, problem = resolve(block.target)
            found = [Diagnostic(*problem, block.span)] if problem is not None else []
            if resolved is not None:  # what the included file could not include, reported here
                object.__setattr__(block, "resolved", resolved)
                found += [
                    Diagnostic(
                        inner.kind,
                        f"{resolved.path} line {inner.span.start_line}: {inner.message}",
                        block.span,
                    )
                    for inner in resolved.diagnostics
                    if inner.kind.startswith("include-")
                ]
            self.diagnostics[position:position] = found

    def learn_image(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        found: Mapping[str, str] = token.meta["attributes"]
        description: list[Block] = []
        end = index + 1
        if token.type == "learn_image_open":
            self.unclosed(token, ":::image-end:::")
            description, end = self.blocks_until(tokens, index + 1, "learn_image_close")
            description = self.too_deep(token, description)
        alt = found.get("alt-text", "")
        self.literals.texts.append(alt)
        self.required(token, found.get("source"), ":::image has no source")
        image = ImageBlock(
            kind=found.get("type", "content"),
            source=found.get("source", ""),
            alt_text=_text_run(alt),
            lightbox=found.get("lightbox"),
            border=found.get("border"),
            link=found.get("link"),
            loc_scope=found.get("loc-scope"),
            description=tuple(description),
            span=self.span(token),
        )
        return image, end

    def tab_group(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener = tokens[index]
        tabs: list[Tab] = []
        index += 1
        while index < len(tokens) and tokens[index].type == "tab_open":
            heading = tokens[index]
            title = _strip_inline(_inlines(tokens[index + 1].children, self.literals))
            blocks, index = self.blocks_until(tokens, index + 2, "tab_close")
            start = self.span(heading).start_line
            end = max(start, blocks[-1].span.end_line if blocks else start)
            tabs.append(
                Tab(
                    str(heading.meta["id"]),
                    title,
                    tuple(heading.meta["anchors"]),
                    tuple(blocks),
                    Span(start, end),
                )
            )
        group = TabGroup(tuple(tabs), bool(opener.meta["closed"]), self.span(opener))
        return group, index + 1

    def div(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener = tokens[index]
        blocks, index = self.blocks_until(tokens, index + 1, "div_close")
        blocks = self.too_deep(opener, blocks)
        return Div(str(opener.meta["class"]), tuple(blocks), self.span(opener)), index

    def video(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        return Video(str(token.meta["url"]), self.span(token)), index + 1

    def row(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        opener = tokens[index]
        self.unclosed(opener, ":::row-end:::")
        columns: list[Column] = []
        stray: list[Block] = []
        index += 1
        while index < len(tokens) and tokens[index].type != "row_close":
            if tokens[index].type == "column_open":
                column, index = self.column(tokens, index)
                columns.append(column)
            else:
                block, index = self.block(tokens, index)
                stray.append(block)
        if not columns:
            stray = self.too_deep(opener, stray)
        if stray:
            span = Span(stray[0].span.start_line, stray[-1].span.end_line)
            message = "content in a :::row::: outside its columns; kept as a column of its own"
            self.diagnostics.append(Diagnostic("content-outside-column", message, span))
            columns.append(Column(None, tuple(stray), span))
            columns.sort(key=lambda column: column.span.start_line)
        return Row(tuple(columns), self.span(opener)), index + 1

    def column(self, tokens: list[Token], index: int) -> tuple[Column, int]:
        opener = tokens[index]
        self.unclosed(opener, ":::column-end:::")
        blocks, index = self.blocks_until(tokens, index + 1, "column_close")
        blocks = self.too_deep(opener, blocks)
        return Column(_optional(opener.meta["span"]), tuple(blocks), self.span(opener)), index

    def lone_column(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        column, end = self.column(tokens, index)
        message = "a :::column::: outside a :::row:::; kept as a row of its own"
        self.diagnostics.append(Diagnostic("column-outside-row", message, column.span))
        return Row((column,), column.span), end

    def code_reference(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        meta = token.meta
        self.required(token, meta["source"], "the code reference has no source")
        reference = CodeReference(
            syntax=str(meta["syntax"]),
            language=str(meta["language"]),
            source=str(meta["source"]),
            name=_optional(meta["name"]),
            range=_optional(meta["range"]),
            highlight=_optional(meta["highlight"]),
            id=_optional(meta["id"]),
            title=_text_run(str(meta["title"])),
            span=self.span(token),
        )
        return reference, index + 1

    def extension(self, tokens: list[Token], index: int) -> tuple[Block, int]:
        token = tokens[index]
        span = self.span(token)
        raw = self.source(span)
        self.literals.texts.append(raw)
        name = str(token.meta["name"])
        message = f"unknown extension {name!r}; kept as raw text"
        self.diagnostics.append(Diagnostic("unknown-extension", message, span))
        return ExtensionBlock(name, raw, span), index + 1


_CONVERTERS: Mapping[str, _Converter] = {
    "paragraph_open": _Builder.paragraph,
    "bullet_list_open": _Builder.list_block,
    "ordered_list_open": _Builder.list_block,
    "table_open": _Builder.table,
    "fence": _Builder.fence,
    "code_block": _Builder.code_block,
    "blockquote_open": _Builder.quote,
    "alert_open": _Builder.alert,
    "html_block": _Builder.html_block,
    "hr": _Builder.thematic_break,
    "include": _Builder.include,
    "learn_image": _Builder.learn_image,
    "learn_image_open": _Builder.learn_image,
    "tab_group_open": _Builder.tab_group,
    "div_open": _Builder.div,
    "video": _Builder.video,
    "row_open": _Builder.row,
    "column_open": _Builder.lone_column,
    "code_reference": _Builder.code_reference,
    "extension": _Builder.extension,
}


def _matching_close(tokens: list[Token], index: int) -> int:
    """Index of the token closing ``tokens[index]`` (itself when it opens nothing)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _alignment(token: Token) -> CellAlignment | None:
    style = str(token.attrGet("style") or "")
    for alignment in CellAlignment:
        if style.endswith(alignment.value):
            return alignment
    return None


def _strip_inline(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Drop the space between an anchor tag and a heading's text (``</a> Title``)."""
    items = list(content)
    if items and isinstance(items[0], Text) and items[0].text[:1].isspace():
        stripped = items[0].text.lstrip()
        items[0:1] = [Text(stripped)] if stripped else []
    if items and isinstance(items[-1], Text) and items[-1].text[-1:].isspace():
        stripped = items[-1].text.rstrip()
        items[-1:] = [Text(stripped)] if stripped else []
    return tuple(items)
