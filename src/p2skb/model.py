"""The typed knowledge model: frozen attrs values with tuples, never lists.

An :class:`Article` holds its :class:`FrontMatter`, the intro blocks before the
first section, and a tree of :class:`Section` values keyed by anchor path.  Blocks
and inline content are closed unions of small frozen classes; each class has a
``TYPE`` that is its ``"type"`` tag in the JSON export.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar, TypeAlias

import attrs

__all__ = [
    "Alert",
    "AlertKind",
    "AlignedSection",
    "Alignment",
    "Article",
    "ArticleRef",
    "BaseRef",
    "BaseWay",
    "Block",
    "Cause",
    "CellAlignment",
    "Code",
    "CodeKind",
    "CodeReference",
    "CodeReferenceInline",
    "Column",
    "Condition",
    "ConditionKind",
    "Diagnostic",
    "DiagnosticKind",
    "Div",
    "DriftReport",
    "Emphasis",
    "ExtensionBlock",
    "Finding",
    "FrontMatter",
    "Heading",
    "HtmlBlock",
    "HtmlInline",
    "Image",
    "ImageBlock",
    "Include",
    "IncludeInline",
    "Inline",
    "InlineCode",
    "Invariants",
    "JsonObject",
    "JsonValue",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Location",
    "Moniker",
    "Paragraph",
    "Quote",
    "RawBlock",
    "Role",
    "Row",
    "Section",
    "SectionRef",
    "Severity",
    "Span",
    "Strikethrough",
    "Strong",
    "Summary",
    "Tab",
    "TabGroup",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "ThematicBreak",
    "Video",
    "Zone",
]

JsonValue: TypeAlias = (
    str | int | float | bool | Sequence["JsonValue"] | Mapping[str, "JsonValue"] | None
)
"""A value JSON can hold; front-matter values are normalised to it (dates become ISO strings)."""
JsonObject: TypeAlias = dict[str, JsonValue]
"""JSON-ready data: a JSON object as Python values, what the ``*_jsonable`` functions return."""


class Role(enum.StrEnum):
    """The troubleshooting role of a section, from its anchor (``causes`` counts as cause)."""

    SYMPTOM = "symptom"
    CAUSE = "cause"
    SOLUTION = "solution"


class AlertKind(enum.StrEnum):
    """The DocFX / GitHub alert kinds: ``> [!NOTE]`` and its siblings."""

    NOTE = "NOTE"
    TIP = "TIP"
    IMPORTANT = "IMPORTANT"
    CAUTION = "CAUTION"
    WARNING = "WARNING"


class CodeKind(enum.StrEnum):
    """How a code block was written."""

    FENCED = "fenced"
    INDENTED = "indented"


class CellAlignment(enum.StrEnum):
    """A table column's alignment from its delimiter row (``:--``, ``:-:``, ``--:``)."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@attrs.frozen
class Span:
    """1-based, inclusive source lines, as an editor shows them."""

    start_line: int
    end_line: int


class DiagnosticKind(enum.StrEnum):
    """What a :class:`Diagnostic` is about: a stable kebab-case word the schema lists."""

    CONTROL_CHARACTER = "control-character"
    """A control character (NUL, ESC, ...) in the text; it becomes U+FFFD in the model."""
    UNTERMINATED_FRONT_MATTER = "unterminated-front-matter"
    """The front matter's closing ``---`` is missing; the file is read as Markdown."""
    FRONT_MATTER_NOT_MAPPING = "front-matter-not-mapping"
    """The front matter is not a YAML mapping; the ``---`` block is read as Markdown."""
    FRONT_MATTER_KEY = "front-matter-key"
    """A front-matter key that is not a scalar; left out."""
    DUPLICATE_FRONT_MATTER_KEY = "duplicate-front-matter-key"
    """A front-matter key given twice (the last value wins)."""
    INVALID_DATE = "invalid-date"
    """``ms.date`` or ``ms.lasthandoff`` is not a date."""
    DUPLICATE_KEY = "duplicate-key"
    """Two sibling sections have the same key; the later one gets a suffix."""
    UNKNOWN_SYNTAX = "unknown-syntax"
    """A markdown-it token no converter knows, kept as raw text."""
    UNKNOWN_EXTENSION = "unknown-extension"
    """A ``:::name`` or ``[!NAME`` extension nobody knows, kept as raw text."""
    UNCLOSED_EXTENSION = "unclosed-extension"
    """An extension container or zone without its end line."""
    UNMATCHED_EXTENSION = "unmatched-extension"
    """An end line (``::: zone-end``) with nothing open to end."""
    INCOMPLETE_EXTENSION = "incomplete-extension"
    """An extension without what it cannot work without (a source, a target)."""
    CONTENT_OUTSIDE_COLUMN = "content-outside-column"
    """Content in a ``:::row:::`` outside its columns."""
    COLUMN_OUTSIDE_ROW = "column-outside-row"
    """A ``:::column:::`` outside a ``:::row:::``."""
    NESTING_LIMIT = "nesting-limit"
    """Content nested deeper than ``Limits.max_nesting``, kept as raw text."""
    INCLUDE_ESCAPE = "include-escape"
    """An include target outside the include root (or a URL); not read."""
    INCLUDE_CYCLE = "include-cycle"
    """An include that includes itself; not followed."""
    INCLUDE_LIMIT = "include-limit"
    """An include past ``max_include_depth`` or ``max_include_chars``; not followed."""
    INCLUDE_UNREADABLE = "include-unreadable"
    """An include target that is missing or cannot be read."""


@attrs.frozen
class Diagnostic:
    """Something the parser noticed in a readable article (never an exception).

    ``kind`` says what it is about (:class:`DiagnosticKind`).
    """

    kind: DiagnosticKind
    message: str
    span: Span


# ---------------------------------------------------------------- inline content


@attrs.frozen
class Text:
    """Plain text, with entities and escapes resolved."""

    TYPE: ClassVar[str] = "text"
    text: str


@attrs.frozen
class Emphasis:
    """``*italic*`` / ``_italic_``."""

    TYPE: ClassVar[str] = "emphasis"
    children: tuple[Inline, ...]


@attrs.frozen
class Strong:
    """``**bold**`` / ``__bold__``."""

    TYPE: ClassVar[str] = "strong"
    children: tuple[Inline, ...]


@attrs.frozen
class Strikethrough:
    """``~~struck~~``."""

    TYPE: ClassVar[str] = "strikethrough"
    children: tuple[Inline, ...]


@attrs.frozen
class InlineCode:
    r"""A code span: ``\\`text\\```; ``text`` is the code without its backticks."""

    TYPE: ClassVar[str] = "inline_code"
    text: str


@attrs.frozen
class Link:
    """A link (or autolink): its target as written and its text as inline content."""

    TYPE: ClassVar[str] = "link"
    target: str
    title: str | None
    children: tuple[Inline, ...]


@attrs.frozen
class Image:
    """An image: its source as written, alt text and title."""

    TYPE: ClassVar[str] = "image"
    source: str
    alt: str
    title: str | None


@attrs.frozen
class HtmlInline:
    """Raw inline HTML exactly as written, e.g. ``<br>`` or ``<VPN Connection Name>``."""

    TYPE: ClassVar[str] = "html_inline"
    html: str


@attrs.frozen
class LineBreak:
    """A line break inside a paragraph: soft (a newline) or hard (two spaces, backslash)."""

    TYPE: ClassVar[str] = "line_break"
    hard: bool


@attrs.frozen
class IncludeInline:
    """An include inside a paragraph: ``[!INCLUDE[title](path)]`` (never resolved)."""

    TYPE: ClassVar[str] = "include_inline"
    target: str
    """The included file's path as written (an invariant: never translated)."""
    title: tuple[Inline, ...]


@attrs.frozen
class CodeReferenceInline:
    """A code-snippet reference inside a paragraph: ``text [!code-csharp[title](path)]``.

    Learn renders the snippet where the reference stands, as it does for one on its
    own line (:class:`CodeReference`).
    """

    TYPE: ClassVar[str] = "code_reference_inline"
    language: str
    source: str
    """The snippet's path as written (an invariant: never translated)."""
    name: str | None
    range: str | None
    highlight: str | None
    title: tuple[Inline, ...]


Inline: TypeAlias = (
    Text
    | Emphasis
    | Strong
    | Strikethrough
    | InlineCode
    | Link
    | Image
    | HtmlInline
    | LineBreak
    | IncludeInline
    | CodeReferenceInline
)
"""One piece of inline content; a run of them is a ``tuple[Inline, ...]``."""


# ---------------------------------------------------------------- blocks


@attrs.frozen
class Paragraph:
    """A paragraph (also what a pipe table with a broken delimiter row renders as)."""

    TYPE: ClassVar[str] = "paragraph"
    content: tuple[Inline, ...]
    span: Span


@attrs.frozen
class ListItem:
    """One list item; it holds blocks (paragraphs, tables, nested lists, ...)."""

    blocks: tuple[Block, ...]
    span: Span
    checked: bool | None = None
    """``True``/``False`` for a task-list item (``- [x]``), else ``None``."""


@attrs.frozen
class ListBlock:
    """An ordered or unordered list."""

    TYPE: ClassVar[str] = "list"
    ordered: bool
    start: int | None
    """The first number of an ordered list, ``None`` for an unordered one."""
    items: tuple[ListItem, ...]
    span: Span


@attrs.frozen
class TableCell:
    """One table cell as inline content (``<br>`` stays an :class:`HtmlInline`)."""

    content: tuple[Inline, ...]


@attrs.frozen
class TableRow:
    """One table row."""

    cells: tuple[TableCell, ...]
    span: Span


@attrs.frozen
class Table:
    """A pipe table: header row, body rows and per-column alignment."""

    TYPE: ClassVar[str] = "table"
    header: TableRow
    rows: tuple[TableRow, ...]
    alignments: tuple[CellAlignment | None, ...]
    span: Span


@attrs.frozen
class Code:
    """A code block; ``text`` is exact (its final newline included)."""

    TYPE: ClassVar[str] = "code"
    kind: CodeKind
    info: str
    """The fence's info string (``text``, ``azurepowershell``), empty when indented."""
    text: str
    span: Span


@attrs.frozen
class Alert:
    """A DocFX / GitHub alert such as ``> [!NOTE]``, with the blocks inside it."""

    TYPE: ClassVar[str] = "alert"
    kind: AlertKind
    blocks: tuple[Block, ...]
    span: Span


@attrs.frozen
class Quote:
    """A block quote that is not an alert."""

    TYPE: ClassVar[str] = "quote"
    blocks: tuple[Block, ...]
    span: Span


@attrs.frozen
class HtmlBlock:
    """A raw HTML block exactly as written."""

    TYPE: ClassVar[str] = "html"
    html: str
    span: Span


@attrs.frozen
class Heading:
    """A heading inside a list, quote, tab panel or other container.

    It does not start a section (only headings outside containers do); a tab
    panel's ``#### function.json`` is one.
    """

    TYPE: ClassVar[str] = "heading"
    level: int
    anchors: tuple[str, ...]
    """Its ``<a name>`` anchors, in order."""
    title: tuple[Inline, ...]
    span: Span


@attrs.frozen
class ThematicBreak:
    """A thematic break (``---``, ``***``)."""

    TYPE: ClassVar[str] = "thematic_break"
    span: Span


@attrs.frozen
class RawBlock:
    """Source lines the parser did not understand, kept verbatim (with a diagnostic)."""

    TYPE: ClassVar[str] = "raw"
    text: str
    span: Span


@attrs.frozen
class Include:
    """``[!INCLUDE [title](path)]`` on its own line.

    ``resolved`` is the included file parsed (its own path, spans in its own
    lines) when includes are resolved (``include_root``), else ``None``.
    """

    TYPE: ClassVar[str] = "include"
    target: str
    """The included file's path as written (an invariant: never translated)."""
    title: tuple[Inline, ...]
    span: Span
    resolved: Article | None = None


@attrs.frozen
class ImageBlock:
    """``:::image type="content" source="..." alt-text="...":::``; ``complex`` ones describe."""

    TYPE: ClassVar[str] = "image_block"
    kind: str
    """The ``type`` attribute: ``content``, ``complex`` or ``icon`` (``content`` when absent)."""
    source: str
    alt_text: tuple[Inline, ...]
    """Translatable: a translation should translate it."""
    lightbox: str | None
    border: str | None
    link: str | None
    loc_scope: str | None
    description: tuple[Block, ...]
    """The long description of a ``complex`` image, up to ``:::image-end:::``."""
    span: Span


@attrs.frozen
class Tab:
    """One tab: its heading's ``#tab/id``, title (translatable) and blocks."""

    id: str
    """The id after ``#tab/`` as written, dependent ids whole (``a/b``)."""
    title: tuple[Inline, ...]
    anchors: tuple[str, ...]
    """``<a name>`` anchors localized copies put before the title."""
    blocks: tuple[Block, ...]
    span: Span


@attrs.frozen
class TabGroup:
    """A run of ``# [Title](#tab/id)`` headings up to ``---``: tabs, not sections."""

    TYPE: ClassVar[str] = "tab_group"
    tabs: tuple[Tab, ...]
    closed: bool
    """Whether a ``---`` line ended the group (else a heading or the end of its container)."""
    span: Span


@attrs.frozen
class Zone:
    """The part of one section inside ``::: zone pivot="a,b"`` ... ``::: zone-end``.

    A zone that encloses headings is cut at them: each section holds its own
    part, and each section opened inside carries the zone in ``shown_for``.
    """

    TYPE: ClassVar[str] = "zone"
    pivots: tuple[str, ...]
    target: str | None
    """``target="docs"`` / ``"chromeless"`` when given."""
    blocks: tuple[Block, ...]
    span: Span
    continued: bool = False
    """This part continues a zone opened before the section's heading (no marker line)."""

    @property
    def condition(self) -> Condition:
        """What this part is shown for: its pivots, joined by commas."""
        return Condition(ConditionKind.ZONE, ",".join(self.pivots))


@attrs.frozen
class Moniker:
    """The part of one section inside ``::: moniker range="..."`` ... ``::: moniker-end``."""

    TYPE: ClassVar[str] = "moniker"
    range: str
    blocks: tuple[Block, ...]
    span: Span
    continued: bool = False
    """This part continues a moniker opened before the section's heading (no marker line)."""

    @property
    def condition(self) -> Condition:
        """What this part is shown for: its range."""
        return Condition(ConditionKind.MONIKER, self.range)


@attrs.frozen
class Div:
    """``> [!div class="nextstepaction"]`` (or ``checklist``, ...) and the blocks it styles."""

    TYPE: ClassVar[str] = "div"
    css_class: str
    blocks: tuple[Block, ...]
    span: Span


@attrs.frozen
class Video:
    """``> [!VIDEO url]``."""

    TYPE: ClassVar[str] = "video"
    url: str
    span: Span


@attrs.frozen
class Column:
    """``:::column span="2":::`` ... ``:::column-end:::``."""

    width: str | None
    """The ``span`` attribute as written."""
    blocks: tuple[Block, ...]
    span: Span


@attrs.frozen
class Row:
    """``:::row:::`` ... ``:::row-end:::`` holding columns."""

    TYPE: ClassVar[str] = "row"
    columns: tuple[Column, ...]
    span: Span


@attrs.frozen
class CodeReference:
    """A code snippet taken from another file.

    ``[!code-csharp[title](path?name=x&range=3-5&highlight=4)]`` (syntax
    ``include``) or ``:::code language="csharp" source="path" range="3-5":::``
    (syntax ``triple_colon``).  Everything but the title is an invariant.
    """

    TYPE: ClassVar[str] = "code_reference"
    syntax: str
    language: str
    source: str
    name: str | None
    range: str | None
    highlight: str | None
    id: str | None
    title: tuple[Inline, ...]
    span: Span


@attrs.frozen
class ExtensionBlock:
    """A ``:::name`` or ``[!NAME`` extension p2skb does not know, verbatim (with a diagnostic)."""

    TYPE: ClassVar[str] = "extension"
    name: str
    text: str
    span: Span


Block: TypeAlias = (
    Paragraph
    | ListBlock
    | Table
    | Code
    | Alert
    | Quote
    | HtmlBlock
    | Heading
    | ThematicBreak
    | RawBlock
    | Include
    | ImageBlock
    | TabGroup
    | Zone
    | Moniker
    | Div
    | Video
    | Row
    | CodeReference
    | ExtensionBlock
)
"""One block; a run of them is a ``tuple[Block, ...]``."""


# ---------------------------------------------------------------- sections


@attrs.frozen
class Invariants:
    """Language-independent tokens of a section that every translation must keep.

    Each field holds distinct values in order of first appearance.
    """

    error_codes: tuple[str, ...] = ()
    """``798``, ``0x80090326``, ``8007026f``, ``KDC_ERR_C_PRINCIPAL_UNKNOWN``."""
    kb_numbers: tuple[str, ...] = ()
    """``KB4057142`` (normalised to upper case, no space)."""
    registry_keys: tuple[str, ...] = ()
    """``HKEY_LOCAL_MACHINE\\SYSTEM\\...``."""
    paths: tuple[str, ...] = ()
    """Windows paths such as ``C:\\Users\\<UserName>\\AppData\\...``."""
    urls: tuple[str, ...] = ()
    """Absolute URLs written in the text (not as link targets)."""
    file_names: tuple[str, ...] = ()
    """File names outside paths and URLs: ``AzureRoot.cer``, ``function.json``."""
    link_targets: tuple[str, ...] = ()
    """Targets of links and images, exactly as written."""
    inline_code: tuple[str, ...] = ()
    """The text of code spans."""


class ConditionKind(enum.StrEnum):
    """What decides whether content is shown: a zone pivot or a moniker range."""

    ZONE = "zone"
    MONIKER = "moniker"


@attrs.frozen
class Condition:
    """A zone's pivots (``value`` as written: ``a,b``) or a moniker's range."""

    kind: ConditionKind
    value: str


@attrs.frozen
class Section:
    """A heading below the article's H1 and everything up to the next heading of its level.

    ``key`` is the anchor path from the top-level section down
    (``vpn-client-error-a-certificate-could-not-be-found/symptom``): anchors
    repeat (every troubleshooting entry has a ``symptom``), paths do not.
    """

    key: str
    anchor: str
    """The anchor the key uses: the heading's last ``<a name>``, else the slug of its text."""
    anchors: tuple[str, ...]
    """Every ``<a name>`` on the heading, in order (may be empty for en-us)."""
    level: int
    title: tuple[Inline, ...]
    title_text: str
    role: Role | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    span: Span
    invariants: Invariants
    shown_for: tuple[Condition, ...] = ()
    """The zones and monikers open at the heading, outermost first (empty: always shown)."""


@attrs.frozen
class FrontMatter:
    """The YAML front matter: the localization keys by name, every other key in ``extra``.

    Every YAML scalar is kept as the string written (``ms.date: 2020-03-26`` is
    ``"2020-03-26"``, ``5`` is ``"5"``): no date, number or boolean types, so
    every value is JSON-safe and none can fail to load.  An empty, ``~`` or
    ``null`` plain scalar is ``None``.  See :mod:`p2skb.parsing.front_matter`.
    """

    title: str | None = None
    description: str | None = None
    ms_date: str | None = None
    """``ms.date``, as written (``03/26/2020``)."""
    translation_type: str | None = None
    """``ms.translationtype``: ``HT`` (human) or ``MT`` (machine)."""
    content_locale: str | None = None
    """``ms.contentlocale`` as written (``ja-JP``)."""
    last_handoff: str | None = None
    """``ms.lasthandoff``: when the translation was handed off."""
    source_git_commit: str | None = None
    """``ms.sourcegitcommit``: the en-us commit the translation was made from."""
    open_loc_file_hash: str | None = None
    """``ms.openlocfilehash``."""
    loc_file_id: str | None = None
    """``ms.locfileid``."""
    extra: Mapping[str, JsonValue] = attrs.field(factory=dict, hash=False)
    """Every other key with its value (strings, ``None``, lists and mappings), in file order."""
    key_lines: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    """The 1-based line of each top-level YAML key as written (``ms.sourcegitcommit``: 12)."""


@attrs.frozen
class Article:
    """One parsed article in one locale."""

    path: str
    locale: str
    """Lower-case BCP 47-ish locale such as ``ja-jp``."""
    front_matter: FrontMatter
    title: str
    """The H1's plain text, else the front matter's ``title``, else empty."""
    anchor: str | None
    """The H1's anchor (its last ``<a name>``, else its slug); ``None`` without an H1."""
    intro: tuple[Block, ...]
    """Blocks before the first section."""
    sections: tuple[Section, ...]
    diagnostics: tuple[Diagnostic, ...]
    line_count: int
    heading: Heading | None = None
    """The H1 that gave the title, as a heading block (its inline content, its line)."""


# ---------------------------------------------------------------- alignment


@attrs.frozen
class ArticleRef:
    """Which article, in which locale, with the metadata that dates its translation."""

    path: str
    locale: str
    title: str
    translation_type: str | None = None
    source_git_commit: str | None = None
    open_loc_file_hash: str | None = None
    last_handoff: str | None = None
    base: BaseRef | None = None
    """In a drift report, the source revision this translation was compared against (its
    base), when one was given or found; ``None`` otherwise."""


class BaseWay(enum.StrEnum):
    """How the base revision of a translation was found."""

    GIVEN = "given"
    """Given by the caller (``diff(..., base=...)``, ``--base FILE``)."""
    SOURCE_GIT_COMMIT = "ms.sourcegitcommit"
    """The source file at the commit the translation's ``ms.sourcegitcommit`` names."""
    OPEN_LOC_FILE_HASH = "ms.openlocfilehash"
    """The source revision whose blob id is the translation's ``ms.openlocfilehash``."""
    MS_DATE = "ms.date"
    """The newest source revision with the translation's ``ms.date``, not later than its
    ``ms.lasthandoff``."""


@attrs.frozen
class BaseRef:
    """The source revision a translation was made from: where it was read, and how it was found."""

    path: str
    """The file it was read from (a ``--base`` file), or the source's path in its git
    repository at that revision (renames followed)."""
    revision: str | None
    """The git commit it was read at; ``None`` for a file given as the base."""
    way: BaseWay
    doubtful: bool = False
    """Found by ``ms.date``, yet the translation differs from it in most sections: it was
    probably made from another revision with that date, which the history lacks.  Its
    differences from this revision then have cause ``revision-unknown``."""


@attrs.frozen
class SectionRef:
    """One locale's section at an aligned key (the full section is on the article)."""

    key: str
    """The section's key in its own article (equal to the row's key unless aligned by alias)."""
    anchor: str
    level: int
    role: Role | None
    title_text: str
    span: Span


@attrs.frozen
class AlignedSection:
    """One key and, per locale of the :class:`Alignment`, that locale's section or ``None``."""

    key: str
    sections: tuple[SectionRef | None, ...]


@attrs.frozen
class Alignment:
    """Sections of one source and its translations, aligned by key, in source order.

    ``articles[0]`` is the source; ``rows[i].sections[j]`` belongs to ``articles[j]``.
    Keys only translations have come after the source's, in translation order.
    """

    articles: tuple[ArticleRef, ...]
    rows: tuple[AlignedSection, ...]


# ---------------------------------------------------------------- drift findings


class Severity(enum.StrEnum):
    """How bad a finding is; ``--fail-on`` compares against it.

    Severities order by rank, not by their words: ``Severity.ERROR > Severity.WARNING``.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info."""
        return _SEVERITY_RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_SEVERITY_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@attrs.frozen
class Location:
    """A place in one file: path, 1-based line, and the file's locale."""

    path: str
    line: int
    locale: str


class Cause(enum.StrEnum):
    """Why a difference exists, which decides who acts on it (and what ``--fail-on`` counts)."""

    TRANSLATION = "translation"
    """The translator's: the translation differs from the source revision it was made from
    (or, without revision information, from the source), or a defect of one article."""
    SOURCE_CHANGE = "source-change"
    """The source changed since the revision the translation was made from: an update to
    carry over, not a translation error."""
    REVISION_UNKNOWN = "revision-unknown"
    """The translation was made from another source revision that could not be found: the
    difference may be the translator's or the source's."""


@attrs.frozen
class Finding:
    """One difference (or single-article defect) a check found.

    ``translation`` is where the finding is (the translation, or the linted
    file); ``source`` is the matching place in the source, if there is one (for a
    translation defect found against a base revision, the place in the base).
    ``fingerprint`` identifies the finding across line shifts (for baselines).
    """

    code: str
    name: str
    severity: Severity
    key: str
    """The section key, or empty for the article as a whole."""
    message: str
    translation: Location
    source: Location | None
    fingerprint: str
    cause: Cause = Cause.TRANSLATION
    diff: tuple[str, ...] = ()
    """For a source change, what changed: lines starting ``-`` (removed since the base) and
    ``+`` (added), shortened and capped."""


@attrs.frozen
class Summary:
    """Counts of findings by severity."""

    error: int = 0
    warning: int = 0
    info: int = 0

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Summary:
        """Count ``findings`` by severity."""
        counts = dict.fromkeys(Severity, 0)
        for finding in findings:
            counts[finding.severity] += 1
        return cls(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO])

    def __add__(self, other: Summary) -> Summary:
        """The counts of both."""
        return Summary(
            self.error + other.error, self.warning + other.warning, self.info + other.info
        )

    def count(self, severity: Severity) -> int:
        """How many findings of ``severity`` were counted."""
        counted: int = getattr(self, severity.value)
        return counted

    @property
    def worst(self) -> Severity | None:
        """The highest severity counted, ``None`` when nothing is."""
        return max((severity for severity in Severity if self.count(severity)), default=None)


def _summary_of(report: DriftReport) -> Summary:
    return Summary.of(report.findings)


@attrs.frozen
class DriftReport:
    """Findings of one source against its translations (or of linted files), sorted."""

    source: ArticleRef | None
    translations: tuple[ArticleRef, ...]
    findings: tuple[Finding, ...]
    summary: Summary = attrs.field(
        init=False, default=attrs.Factory(_summary_of, takes_self=True), eq=False
    )
