"""Headings: level, title and ``<a name>`` anchors, for sections and for headings in containers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from p2skb import anchors
from p2skb.model import Heading
from p2skb.parsing.inline import inlines, stripped
from p2skb.text import slug_text

if TYPE_CHECKING:
    from markdown_it.token import Token

    from p2skb.parsing.walk import Walk

__all__ = ["heading_anchor", "read_heading"]


def read_heading(walk: Walk, opener: Token, inline: Token) -> Heading:
    """A heading from its ``heading_open`` and ``inline`` tokens, anchor tags apart."""
    level, span = int(opener.tag[1:]), walk.span(opener)
    children = inline.children or []
    if all(child.type != "html_inline" for child in children):  # no anchor tags (en-us)
        return Heading(level, (), stripped(inlines(children)), span)
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
    return Heading(level, tuple(names), stripped(inlines(title)), span)


def heading_anchor(heading: Heading) -> str:
    """The last ``<a name>`` on the heading, else the DocFX slug of its text."""
    if heading.anchors:
        return heading.anchors[-1]
    return anchors.heading_slug(slug_text(heading.title))
