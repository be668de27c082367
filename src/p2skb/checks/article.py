"""Single-article checks: defects visible in one file (``p2skb lint``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from p2skb.analysis import ArticleView
from p2skb.checks._common import LITERAL_EMPHASIS
from p2skb.checks.registry import Issue, SuppressionContext, article_check, suppression_check
from p2skb.literal import literal_run
from p2skb.model import Article, DiagnosticKind, Paragraph, Severity, Text
from p2skb.text import article_blocks, located_inlines, walk_sections
from p2skb.wording import shorten

__all__: list[str] = []

_FAMILY = "article"
_DELIMITER_ROW = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")


def _paragraphs(article: Article) -> Iterator[Paragraph]:
    return (block for block in article_blocks(article) if isinstance(block, Paragraph))


def _paragraph_lines(paragraph: Paragraph) -> list[tuple[int, str]]:
    """The paragraph's source lines as literal text (:mod:`p2skb.literal`), one per line."""
    lines = literal_run(paragraph.content).split("\n")
    return [(number, text.strip()) for number, text in enumerate(lines, paragraph.span.start_line)]


def _cells(row: str) -> int:
    return len(row.strip().removeprefix("|").removesuffix("|").split("|"))


@article_check(
    "P2S501",
    "malformed-table",
    Severity.ERROR,
    "A pipe table whose delimiter row does not match its header renders as text",
    family=_FAMILY,
)
def malformed_table(view: ArticleView) -> Iterator[Issue]:
    """A pipe table's delimiter row (``|---|---|``) has another number of cells than its header.

    Markdown then does not recognise the table at all: readers see the raw
    pipes.  Machine translation adds or drops cells this way.
    """
    article = view.article
    for paragraph in _paragraphs(article):
        lines = _paragraph_lines(paragraph)
        for (header_line, header), (_, delimiter) in itertools.pairwise(lines):
            if "|" in header and "-" in delimiter and _DELIMITER_ROW.fullmatch(delimiter):
                header_cells, delimiter_cells = _cells(header), _cells(delimiter)
                if header_cells != delimiter_cells:
                    yield Issue(
                        f"the table's header has {header_cells} cells and its delimiter row "
                        f"{delimiter_cells}: it renders as text",
                        header_line,
                        detail=f"{header_cells}/{delimiter_cells}",
                    )


@article_check(
    "P2S502",
    "broken-emphasis",
    Severity.WARNING,
    "Emphasis markers that do not open or close stay visible as literal ** or __",
    family=_FAMILY,
)
def broken_emphasis(view: ArticleView) -> Iterator[Issue]:
    """``****``, ``**text **`` and other unmatched ``**``/``__`` are shown as-is to readers.

    CommonMark only closes ``**`` when it touches the text (no space before the
    closing marker), and an empty ``****`` pair is not emphasis.
    """
    article = view.article
    runs = [(p.span.start_line, p.content) for p in _paragraphs(article)]
    runs += [(s.span.start_line, s.title) for s in walk_sections(article.sections)]
    reported: set[int] = set()
    for start, content in runs:
        for line, item in located_inlines(content, start):
            if isinstance(item, Text) and line not in reported:
                match = LITERAL_EMPHASIS.search(item.text)
                if match:
                    reported.add(line)
                    yield Issue(
                        f"literal {match.group(0)!r} is visible: "
                        "the emphasis does not open or close",
                        line,
                        detail=item.text.strip()[:80],
                    )


@article_check(
    "P2S503",
    "duplicate-anchor",
    Severity.WARNING,
    "Two sibling headings have the same anchor",
    family=_FAMILY,
)
def duplicate_anchor(view: ArticleView) -> Iterator[Issue]:
    """Two headings under the same parent share an anchor, so links reach only the first.

    The later one's key gets a ``-1`` suffix so alignment stays unambiguous.
    Role anchors (``symptom``, ``cause``, ...) under different entries are fine.
    """
    article = view.article
    for diagnostic in article.diagnostics:
        if diagnostic.kind == DiagnosticKind.DUPLICATE_KEY:
            yield Issue(diagnostic.message, diagnostic.span.start_line, detail=diagnostic.message)


@article_check(
    "P2S504",
    "missing-anchor",
    Severity.WARNING,
    'A heading in a localized article has no <a name="..."> anchor',
    family=_FAMILY,
)
def missing_anchor(view: ArticleView) -> Iterator[Issue]:
    """Localized headings carry the English heading's anchor (``## <a name="x"></a>見出し``).

    Without it the heading's id is slugged from the translated text: links from
    other articles break and the section no longer aligns with its source.
    """
    article = view.article
    if article.locale.startswith("en"):
        return
    for section in walk_sections(article.sections):
        if not section.anchors:
            yield Issue(
                f"heading {shorten(section.title_text)} has no <a name> anchor",
                section.span.start_line,
                key=section.key,
                detail=section.key,
            )


_REFUSED_INCLUDES = frozenset([DiagnosticKind.INCLUDE_ESCAPE, DiagnosticKind.INCLUDE_CYCLE])
"""Includes that would read outside the root or loop: errors, not warnings."""


@article_check(
    "P2S505",
    "parse-diagnostic",
    Severity.WARNING,
    "The parser kept something as raw text or found a defect in the file itself",
    family=_FAMILY,
)
def parse_diagnostic(view: ArticleView) -> Iterator[Issue]:
    """What the parser noticed in a readable article, as findings.

    Control characters (a NUL reaches the model as U+FFFD), content nested
    deeper than the nesting limit or syntax it does not know (kept as raw
    text), headings inside lists, unterminated front matter, unknown or
    unclosed extensions, includes not followed (an include outside the root or
    in a cycle is an error).  Duplicate keys are duplicate-anchor findings instead.
    """
    article = view.article
    for diagnostic in article.diagnostics:
        if diagnostic.kind != DiagnosticKind.DUPLICATE_KEY:
            yield Issue(
                f"{diagnostic.kind}: {diagnostic.message}",
                diagnostic.span.start_line,
                detail=f"{diagnostic.kind}:{diagnostic.message}",
                severity=Severity.ERROR if diagnostic.kind in _REFUSED_INCLUDES else None,
            )


@suppression_check(
    "P2S506",
    "unused-suppression",
    Severity.WARNING,
    "An inline p2skb-disable comment silences nothing",
    family=_FAMILY,
)
def unused_suppression(context: SuppressionContext) -> Iterator[Issue]:
    """A ``<!-- p2skb-disable… -->`` comment silences no finding, or names an unknown check.

    The finding it was written for is gone (fixed, or the check changed): remove
    the comment, so that it does not hide a new finding later.  As ruff's RUF100.
    """
    named = f" {context.written}" if context.written else ""
    why = context.problem or "it silences no finding"
    yield Issue(
        f"<!-- p2skb-{context.kind}{named} -->: {why}",
        context.line,
        detail=f"{context.kind}:{context.written}",
    )
