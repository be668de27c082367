"""``[!INCLUDE [title](path)]``: a block on its own line, or inline inside a paragraph.

Tokens: ``include`` (block) and ``include_inline``, each with ``meta``
``{"title": ..., "target": ...}``.  ``INCLUDE`` is matched in any case.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from p2skb.mdext._lines import add_line_rule, single_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

__all__ = ["IncludeMeta", "include_plugin"]


class IncludeMeta(TypedDict):
    """The ``meta`` of an ``include`` or ``include_inline`` token."""

    title: str
    target: str


# Neither part crosses a bracket or parenthesis: each attempt stops at the next one, so
# trying the pattern at every "[" of a paragraph stays linear ("[!INCLUDE [" * 10_000).
INCLUDE = re.compile(
    r"\[!INCLUDE\s*\[(?P<title>[^\[\]]*)\]\((?P<target>[^()\[\]]*)\)\]", re.IGNORECASE
)


def _meta(match: re.Match[str]) -> IncludeMeta:
    return {"title": match.group("title").strip(), "target": match.group("target").strip()}


def _inline(state: StateInline, silent: bool) -> bool:  # noqa: FBT001 -- markdown-it's rule signature
    if state.src[state.pos] != "[":
        return False
    match = INCLUDE.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("include_inline", "", 0)
        token.meta = dict(_meta(match))
        token.content = match.group(0)
    state.pos = match.end()
    return True


def include_plugin(md: MarkdownIt) -> None:
    """Parse DocFX includes, as blocks and inline."""
    add_line_rule(md, single_line(INCLUDE, "include", _meta))
    md.inline.ruler.before("link", "include_inline", _inline)
