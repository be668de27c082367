"""Inline suppressions: HTML comments in an article that silence findings, as linters' do.

.. code-block:: html

    <!-- p2skb-disable-next-line P2S301 -->      the findings on the next line
    <!-- p2skb-disable placeholder, P2S303 -->   from here ...
    <!-- p2skb-enable -->                        ... to here (or to the end)
    <!-- p2skb-disable-file machine-translated --> the whole file

Checks are named as ``--select`` names them (codes, names, prefixes, families,
``ALL``); none named means every check.  A suppression that silences nothing is
itself reported (``unused-suppression``, as ruff's RUF100), so stale ones do not
pile up; an unknown check in one is reported too.  The comments are HTML
comments: readers never see them, and they are never drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from p2skb.checks import resolve
from p2skb.errors import UsageError
from p2skb.model import Article, Finding, HtmlBlock, HtmlInline, Inline
from p2skb.text import INLINE_CONTAINERS, article_blocks, block_runs, located_inlines

__all__ = ["Suppression", "suppress", "suppressions"]

_COMMENT = re.compile(
    r"<!--\s*p2skb-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", re.DOTALL
)


@attrs.frozen
class Suppression:
    """One suppression comment: what it silences, where."""

    kind: str
    """``disable-next-line``, ``disable`` (to the next ``enable``), ``disable-file``."""
    line: int
    """The comment's line."""
    first: int
    last: int
    """The lines it covers."""
    codes: frozenset[str] | None
    """The checks it silences; ``None``: every check."""
    written: str
    """The checks as written, for messages."""
    problem: str | None = None
    """Why it silences nothing whatever the findings (an unknown check)."""

    def silences(self, finding: Finding) -> bool:
        """Whether ``finding`` is one this comment silences."""
        in_range = self.first <= finding.translation.line <= self.last
        return in_range and (self.codes is None or finding.code in self.codes)


def _comments(article: Article) -> Iterator[tuple[int, str, str]]:
    """Every p2skb comment of the article: (line, kind, checks as written), in order."""
    found: list[tuple[int, str, str]] = []
    for block in article_blocks(article):
        if isinstance(block, HtmlBlock) and _MARK in block.html:
            for match in _COMMENT.finditer(block.html):
                line = block.span.start_line + block.html.count("\n", 0, match.start())
                found.append((line, match.group(1), match.group(2).strip()))
        for _, first, content in block_runs(block):
            if not _marked(content):
                continue  # most runs: no comment to locate
            for line, item in located_inlines(content, first):
                if isinstance(item, HtmlInline):
                    found.extend(
                        (line, match.group(1), match.group(2).strip())
                        for match in _COMMENT.finditer(item.html)
                    )
    yield from sorted(found)


def _marked(content: tuple[Inline, ...]) -> bool:
    """Whether inline content holds HTML that mentions p2skb, at any depth."""
    for item in content:
        if isinstance(item, HtmlInline):
            if _MARK in item.html:
                return True
        elif isinstance(item, INLINE_CONTAINERS) and _marked(item.children):
            return True
    return False


_MARK = "p2skb-"


def suppressions(article: Article) -> list[Suppression]:
    """The article's suppression comments (an ``enable`` closes the open ``disable``)."""
    found: list[Suppression] = []
    open_ranges: list[int] = []  # indexes in ``found`` of the disables still open
    end = max(article.line_count, 1)
    for line, kind, written in _comments(article):
        codes, problem = _codes(written)
        if kind == "enable":
            for index in open_ranges:
                opened = found[index]
                if codes is None or (opened.codes is not None and opened.codes <= codes):
                    found[index] = attrs.evolve(opened, last=line)
            open_ranges = [i for i in open_ranges if found[i].last == end]
            continue
        first, last = {
            "disable-next-line": (line + 1, line + 1),
            "disable": (line, end),
            "disable-file": (1, end),
        }[kind]
        found.append(Suppression(kind, line, first, last, codes, written, problem))
        if kind == "disable":
            open_ranges.append(len(found) - 1)
    return found


def _codes(written: str) -> tuple[frozenset[str] | None, str | None]:
    selectors = [part for part in re.split(r"[\s,]+", written) if part]
    if not selectors:
        return None, None
    try:
        return resolve(selectors), None
    except UsageError as error:
        return frozenset(), str(error)


def suppress(
    findings: Iterable[Finding], found: list[Suppression]
) -> tuple[list[Finding], list[Suppression]]:
    """The findings no suppression silences, and the suppressions that silenced nothing."""
    kept: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        silencing = [index for index, one in enumerate(found) if one.silences(finding)]
        used.update(silencing)
        if not silencing:
            kept.append(finding)
    return kept, [one for index, one in enumerate(found) if index not in used]
