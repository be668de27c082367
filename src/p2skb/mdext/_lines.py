"""What the extension plugins share: their line rules, ``key="value"`` attributes, containers."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.ruler import RuleOptionsType
    from markdown_it.rules_block import StateBlock

__all__ = [
    "LineRule",
    "add_line_rule",
    "attributes",
    "container",
    "find_line",
    "line_text",
    "single_line",
]

_INTERRUPTS: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote"]}
"""Extension lines end a paragraph without a blank line before them, as DocFX reads them."""

LineRule = Callable[["StateBlock", int, str, bool], bool]
"""A block rule for one extension line: ``(state, line, its text, silent) -> matched``.

The text is the line after its indentation (:func:`line_text`); like any
markdown-it block rule, a rule that matches moves ``state.line`` past what it read.
"""

_LINE_RULES: weakref.WeakKeyDictionary[MarkdownIt, list[LineRule]] = weakref.WeakKeyDictionary()


def add_line_rule(md: MarkdownIt, rule: LineRule) -> None:
    """Register ``rule`` for the lines of ``md`` that open with ``:::`` or ``[!``.

    One markdown-it block rule, ``learn_extensions`` (before ``paragraph``),
    tests each line's opening once and asks the registered rules in the order
    they were added.  markdown-it asks every block rule about every line that
    might end a paragraph: eleven extension rules asked separately cost more
    than their whole work (``benchmarks/run.py``).
    """
    rules = _LINE_RULES.get(md)
    if rules is None:
        rules = _LINE_RULES[md] = []
        md.block.ruler.before("paragraph", "learn_extensions", _dispatcher(rules), _INTERRUPTS)
    rules.append(rule)


def _dispatcher(rules: list[LineRule]) -> Callable[[StateBlock, int, int, bool], bool]:
    def learn_extensions(state: StateBlock, start: int, end: int, silent: bool) -> bool:  # noqa: ARG001, FBT001 -- markdown-it's rule signature
        text = line_text(state, start)
        return text is not None and any(rule(state, start, text, silent) for rule in rules)

    return learn_extensions


# A name starts where a word starts: tried inside a long word, each attempt would rescan it.
_ATTRIBUTE = re.compile(r"""(?<![\w-])([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attributes(text: str) -> dict[str, str]:
    """``key="value"`` (or single-quoted) pairs as written, keys lower-cased, first one wins."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        found.setdefault(match.group(1).lower(), value)
    return found


_OPENINGS = (":::", "[!")
"""How every extension line starts: a cheap test before any pattern runs."""


def line_text(state: StateBlock, line: int) -> str | None:
    """The line's text after its indentation when it may be extension syntax, else ``None``.

    ``None`` for indented code and for lines that open with neither ``:::`` nor ``[!``.
    """
    start = state.bMarks[line] + state.tShift[line]
    if state.sCount[line] - state.blkIndent >= 4 or not state.src.startswith(_OPENINGS, start):
        return None
    return state.src[start : state.eMarks[line]].rstrip()


def find_line(state: StateBlock, start: int, pattern: re.Pattern[str]) -> int | None:
    """The first line from ``start`` (inside the current container) that matches ``pattern``."""
    for line in range(start, state.lineMax):
        if state.sCount[line] < state.blkIndent:
            return None
        text = line_text(state, line)
        if text is not None and pattern.fullmatch(text):
            return line
    return None


Meta = Mapping[str, object]


def single_line(
    pattern: re.Pattern[str], token_type: str, meta: Callable[[re.Match[str]], Meta]
) -> LineRule:
    """A line rule that turns one line matching ``pattern`` into a ``token_type`` token."""

    def rule(state: StateBlock, start: int, text: str, silent: bool) -> bool:  # noqa: FBT001 -- as markdown-it's rules
        match = pattern.fullmatch(text)
        if match is None:
            return False
        if not silent:
            token = state.push(token_type, "", 0)
            token.map = [start, start + 1]
            token.meta = dict(meta(match))
            token.content = text
        state.line = start + 1
        return True

    return rule


def container(
    state: StateBlock, start: int, closer: re.Pattern[str], name: str, meta: Meta
) -> None:
    """Push ``name_open``, the blocks up to the line matching ``closer``, ``name_close``.

    Without a closing line the container runs to the end of its parent, and the
    opening token's meta says so (``"closed": False``), for a diagnostic.  The
    content may be indented as a whole (Learn indents columns inside rows): its
    least indentation is its left margin, not the start of indented code.
    """
    end = find_line(state, start + 1, closer)
    stop = end if end is not None else _parent_end(state, start + 1)
    opener = state.push(f"{name}_open", "div", 1)
    opener.map = [start, (end + 1) if end is not None else stop]
    opener.meta = {**meta, "closed": end is not None}
    opener.content = line_text(state, start) or ""
    old_parent, old_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    margins = [state.sCount[line] for line in range(start + 1, stop) if not state.isEmpty(line)]
    state.parentType = name
    state.lineMax = stop
    state.blkIndent = max(old_indent, min(margins, default=old_indent))
    state.md.block.tokenize(state, start + 1, stop)
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_max, old_indent
    state.push(f"{name}_close", "div", -1)
    state.line = (end + 1) if end is not None else stop


def _parent_end(state: StateBlock, start: int) -> int:
    line = start
    while line < state.lineMax and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    return line
