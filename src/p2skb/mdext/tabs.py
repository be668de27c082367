"""Tab groups: a run of ``# [Title](#tab/id)`` headings, closed by ``---``.

A core rule after block parsing (before inline parsing) turns such headings
into ``tab_group_open`` / ``tab_open`` (``meta``: ``id``, ``anchors``), an
``inline`` token holding the title, the tab's blocks, ``tab_close`` …
``tab_group_close`` (``meta["closed"]``: whether a ``---`` ended it).  A group
also ends, unclosed, at a heading of its tabs' level or above, or where its
container ends.  Localized copies put anchors first:
``# <a name="c"></a>[C#](#tab/csharp)``; dependent ids (``#tab/a/b``) are kept whole.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from p2skb.anchors import anchor_name

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

__all__ = ["TabGroupMeta", "TabMeta", "tabs_plugin"]


class TabGroupMeta(TypedDict):
    """The ``meta`` of a ``tab_group_open`` token: whether a ``---`` line ended the group."""

    closed: bool


class TabMeta(TypedDict):
    """The ``meta`` of a ``tab_open`` token: the tab's id and the anchors on its heading."""

    id: str
    anchors: tuple[str, ...]


_TAB = re.compile(
    r"(?P<anchors>(?:\s*<a\b[^>]*>\s*</a>)*)\s*\[(?P<title>.*)\]\(#tab/(?P<id>[^)\s]+)\)\s*",
    re.IGNORECASE,
)
_TAG = re.compile(r"<a\b[^>]*>", re.IGNORECASE)


def _tab(tokens: list[Token], index: int) -> re.Match[str] | None:
    token = tokens[index]
    if token.type != "heading_open" or index + 1 >= len(tokens):
        return None
    return _TAB.fullmatch(tokens[index + 1].content)


def _rule(state: StateCore) -> None:
    tokens = state.tokens
    if "#tab/" not in state.src or not any(
        "#tab/" in token.content for token in tokens if token.type == "inline"
    ):
        return
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        if _tab(tokens, index) is None:
            out.append(tokens[index])
            index += 1
        else:
            index = _group(tokens, index, out)
    state.tokens = out


def _group(tokens: list[Token], index: int, out: list[Token]) -> int:
    """Append one tab group's tokens to ``out``; return the index after the group."""
    from markdown_it.token import Token  # noqa: PLC0415 -- only when an article has tabs

    first = tokens[index]
    depth, heading_level = first.level, int(first.tag[1:])
    group = Token("tab_group_open", "div", 1, level=depth, meta={"closed": False})
    out.append(group)
    last_line = (first.map or [0, 1])[1]
    tab: Token | None = None
    while index < len(tokens):
        token = tokens[index]
        if token.level < depth:
            break
        if token.level == depth and token.type == "heading_open":
            match = _tab(tokens, index)
            if match is None and int(token.tag[1:]) <= heading_level:
                break
            if match is not None:
                if tab is not None:
                    out.append(Token("tab_close", "div", -1, level=depth))
                tab = _open_tab(match, token, depth)
                title = tokens[index + 1]
                title.content = match.group("title")
                out += [tab, title]
                index += 3
                last_line = (token.map or [0, last_line])[1]
                continue
        if token.level == depth and token.type == "hr":
            group.meta["closed"] = True
            last_line = (token.map or [0, last_line])[1]
            index += 1
            break
        out.append(token)
        last_line = max(last_line, (token.map or [0, last_line])[1])
        index += 1
    if tab is not None:
        out.append(Token("tab_close", "div", -1, level=depth))
    out.append(Token("tab_group_close", "div", -1, level=depth))
    group.map = [(first.map or [0, 1])[0], last_line]
    return index


def _open_tab(match: re.Match[str], heading: Token, depth: int) -> Token:
    from markdown_it.token import Token  # noqa: PLC0415

    names = [anchor_name(tag) for tag in _TAG.findall(match.group("anchors"))]
    return Token(
        "tab_open",
        "div",
        1,
        level=depth,
        map=heading.map,
        meta={"id": match.group("id"), "anchors": tuple(name for name in names if name)},
    )


def tabs_plugin(md: MarkdownIt) -> None:
    """Group tab headings into tab groups."""
    md.core.ruler.after("block", "learn_tabs", _rule)
