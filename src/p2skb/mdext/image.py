"""Images with alt-text and options, and complex images with a long description.

``:::image type="content" source="…" alt-text="…" [lightbox=…] [border=…]
[link=…] [loc-scope=…]:::``, and the ``complex`` form whose description runs to
``:::image-end:::``.

Tokens: ``learn_image`` (one line), or ``learn_image_open`` … description
blocks … ``learn_image_close``; ``meta`` holds the attributes as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NotRequired, TypedDict

from p2skb.mdext._lines import add_line_rule, attributes, container

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

__all__ = ["ImageMeta", "image_plugin"]


class ImageMeta(TypedDict):
    """The ``meta`` of a ``learn_image`` or ``learn_image_open`` token: its attributes."""

    attributes: dict[str, str]
    closed: NotRequired[bool]
    """For a complex image (``learn_image_open``): whether its ``:::image-end:::`` was there."""


_IMAGE = re.compile(r":::\s*image\s+(?P<attributes>.*?):::", re.IGNORECASE)
_IMAGE_END = re.compile(r":::\s*image-end\s*:::", re.IGNORECASE)


def _rule(state: StateBlock, start: int, text: str, silent: bool) -> bool:  # noqa: FBT001 -- as markdown-it's rules
    match = _IMAGE.fullmatch(text)
    if match is None:
        return False
    if silent:
        return True
    meta: ImageMeta = {"attributes": attributes(match.group("attributes"))}
    if meta["attributes"].get("type", "").lower() == "complex":
        container(state, start, _IMAGE_END, "learn_image", meta)
        return True
    token = state.push("learn_image", "", 0)
    token.map = [start, start + 1]
    token.meta = dict(meta)
    state.line = start + 1
    return True


def image_plugin(md: MarkdownIt) -> None:
    """Parse ``:::image`` blocks."""
    add_line_rule(md, _rule)
