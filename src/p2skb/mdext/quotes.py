"""Block-quote extensions: ``> [!div class="nextstepaction"]`` and ``> [!VIDEO url]``.

A core rule after block parsing rewrites the quote's tokens: ``div_open`` …
``div_close`` (``meta["class"]``) around the quote's other blocks, or one
``video`` token (``meta["url"]``).  A quote that opens with any other
``[!NAME …]`` marker (alerts are markdown-it's own) becomes one ``extension``
token over its lines, for the parser to keep raw with a diagnostic.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from p2skb.mdext._lines import attributes

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

__all__ = ["DivMeta", "VideoMeta", "quotes_plugin"]


DivMeta = TypedDict("DivMeta", {"class": str})
"""The ``meta`` of a ``div_open`` token: the class the ``[!div]`` line gives."""


class VideoMeta(TypedDict):
    """The ``meta`` of a ``video`` token: the video's URL."""

    url: str


_DIV = re.compile(r"\[!div\s+(?P<attributes>[^\]]*)\]", re.IGNORECASE)
_VIDEO = re.compile(r"\[!VIDEO\s+(?P<url>[^\]\s]+)\s*\]", re.IGNORECASE)
_MARKER = re.compile(r"\[!(?P<name>[A-Za-z][\w-]*)")


def _closers(tokens: list[Token]) -> dict[int, int]:
    """The index of each block quote's closing token, by the index of its opening one."""
    found, stack = {}, []
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            stack.append(index)
        elif token.type == "blockquote_close" and stack:
            found[stack.pop()] = index
    return found


def _rule(state: StateCore) -> None:
    tokens = state.tokens
    if "[!" not in state.src or not any(token.type == "blockquote_open" for token in tokens):
        return
    closers = _closers(tokens)
    dropped: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open" or index + 2 >= len(tokens):
            continue
        paragraph, inline = tokens[index + 1], tokens[index + 2]
        if paragraph.type != "paragraph_open" or inline.type != "inline":
            continue
        first, _, rest = inline.content.partition("\n")
        close = closers.get(index, len(tokens) - 1)
        if (match := _DIV.fullmatch(first.strip())) is not None:
            token.type, tokens[close].type = "div_open", "div_close"
            token.meta = {"class": attributes(match.group("attributes")).get("class", "")}
            if rest.strip():
                inline.content = rest
                if paragraph.map:
                    paragraph.map = [paragraph.map[0] + 1, paragraph.map[1]]
            else:
                dropped.update((index + 1, index + 2, index + 3))
        elif (match := _VIDEO.fullmatch(inline.content.strip())) and close == index + 4:
            token.type, token.nesting, token.meta = "video", 0, {"url": match.group("url")}
            dropped.update(range(index + 1, close + 1))
        elif (match := _MARKER.match(first.strip())) is not None:
            token.type, token.nesting = "extension", 0
            token.meta = {"name": match.group("name")}
            dropped.update(range(index + 1, close + 1))
    if dropped:
        state.tokens = [token for index, token in enumerate(tokens) if index not in dropped]


def quotes_plugin(md: MarkdownIt) -> None:
    """Turn ``[!div]`` and ``[!VIDEO]`` quotes into their own tokens."""
    md.core.ruler.after("block", "learn_quotes", _rule)
