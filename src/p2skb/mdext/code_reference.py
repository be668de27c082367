"""Code-snippet references, in both syntaxes.

``[!code-lang[title](path?name=…&range=…&highlight=…)]`` and
``:::code language="…" source="…" range="…" id="…" highlight="…":::``.

Tokens: ``code_reference`` (alone on its line) and ``code_reference_inline`` (the
``[!code-…]`` syntax inside a paragraph: after text, or after a hard line break),
each with ``meta`` holding ``syntax`` (``include`` or
``triple_colon``), ``language``, ``source``, ``name``, ``range``, ``highlight``,
``id`` and ``title``.  A ``#L3-L9`` fragment is a range, any other fragment a name.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING, TypedDict

from p2skb.mdext._lines import add_line_rule, attributes, single_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

__all__ = ["CodeReferenceMeta", "code_reference_plugin"]


class CodeReferenceMeta(TypedDict):
    """The ``meta`` of a ``code_reference`` token: what either syntax wrote."""

    syntax: str
    language: str
    source: str
    name: str | None
    range: str | None
    highlight: str | None
    id: str | None
    title: str


_INCLUDE_SYNTAX = re.compile(
    r"\[!code-(?P<language>[^\s\[]*)\s*\[(?P<title>[^\]]*)\]\((?P<target>[^)]*)\)\]", re.IGNORECASE
)
# Inside a paragraph the rule is tried at every "[": neither part may cross a bracket or
# parenthesis, so each attempt stops at the next one ("[!code-cs [" * 10_000 stays linear).
_INLINE_SYNTAX = re.compile(
    r"\[!code-(?P<language>[^\s\[\]()]*)\s*\[(?P<title>[^\[\]]*)\]\((?P<target>[^()\[\]]*)\)\]",
    re.IGNORECASE,
)
_TRIPLE_COLON = re.compile(r":::\s*code\s+(?P<attributes>.*?):::", re.IGNORECASE)
_LINE_RANGE = re.compile(r"L(\d+)(?:-L(\d+))?", re.IGNORECASE)


def _from_include(match: re.Match[str]) -> CodeReferenceMeta:
    target = match.group("target").strip()
    path, _, fragment = target.partition("#")
    path, _, query = path.partition("?")
    fields = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    name, code_range = fields.get("name"), fields.get("range")
    if fragment:
        lines = _LINE_RANGE.fullmatch(fragment)
        if lines is not None:
            code_range = code_range or "-".join(group for group in lines.groups() if group)
        else:
            name = name or fragment
    return {
        "syntax": "include",
        "language": match.group("language"),
        "source": path,
        "name": name,
        "range": code_range,
        "highlight": fields.get("highlight"),
        "id": None,
        "title": match.group("title").strip(),
    }


def _from_triple_colon(match: re.Match[str]) -> CodeReferenceMeta:
    found = attributes(match.group("attributes"))
    return {
        "syntax": "triple_colon",
        "language": found.get("language", ""),
        "source": found.get("source", ""),
        "name": found.get("name"),
        "range": found.get("range"),
        "highlight": found.get("highlight"),
        "id": found.get("id"),
        "title": "",
    }


def _inline(state: StateInline, silent: bool) -> bool:  # noqa: FBT001 -- markdown-it's rule signature
    if state.src[state.pos] != "[":
        return False
    match = _INLINE_SYNTAX.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("code_reference_inline", "", 0)
        token.meta = dict(_from_include(match))
        token.content = match.group(0)
    state.pos = match.end()
    return True


def code_reference_plugin(md: MarkdownIt) -> None:
    """Parse both code-snippet reference syntaxes, on a line of their own and inline."""
    add_line_rule(md, single_line(_INCLUDE_SYNTAX, "code_reference", _from_include))
    add_line_rule(md, single_line(_TRIPLE_COLON, "code_reference", _from_triple_colon))
    md.inline.ruler.before("link", "code_reference_inline", _inline)
