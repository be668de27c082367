"""Inline content from markdown-it's flat inline tokens (open/close pairs) to a tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from p2skb.mdext.code_reference import CodeReferenceMeta
from p2skb.mdext.include import IncludeMeta
from p2skb.model import (
    CodeReferenceInline,
    Emphasis,
    HtmlInline,
    Image,
    IncludeInline,
    Inline,
    InlineCode,
    LineBreak,
    Link,
    Strikethrough,
    Strong,
    Text,
)
from p2skb.parsing.walk import meta
from p2skb.text import plain_text

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["inlines", "optional", "stripped", "text_run"]

_Open = tuple["Token | None", list[Inline]]
"""An open inline container (``None`` for the run itself) and the items it holds so far."""


def inlines(children: list[Token] | None) -> tuple[Inline, ...]:
    """The inline content of an ``inline`` token's children."""
    if children and len(children) == 1 and children[0].type == "text":  # the common case
        content = children[0].content
        return (Text(content),) if content else ()
    stack: list[_Open] = [(None, [])]
    run = stack[0][1]
    for token in children or ():
        kind = token.type
        if kind == "text":
            content = token.content
            if run and type(run[-1]) is Text:  # markdown-it rarely leaves two texts in a row
                run[-1] = Text(run[-1].text + content)
            elif content:
                run.append(Text(content))
        elif kind in _LEAVES:
            run.append(_leaf(token))
        elif token.nesting == 1:
            run = []
            stack.append((token, run))
        elif token.nesting == -1 and len(stack) > 1:
            _close(stack)
            run = stack[-1][1]
        elif token.content:
            run.append(Text(token.content))
    while len(stack) > 1:  # markdown-it balances its tokens; this only guards against a bug
        _close(stack)
    return tuple(stack[0][1])


_LEAVES = frozenset(
    (
        "softbreak",
        "hardbreak",
        "code_inline",
        "html_inline",
        "image",
        "include_inline",
        "code_reference_inline",
    )
)
"""The inline token types that hold no other tokens (text aside)."""


def _leaf(token: Token) -> Inline:
    """A line break, code span, raw HTML, image or inline include."""
    kind = token.type
    if kind in ("softbreak", "hardbreak"):
        return LineBreak(hard=kind == "hardbreak")
    if kind == "code_inline":
        return InlineCode(token.content)
    if kind == "html_inline":
        return HtmlInline(token.content)
    if kind == "include_inline":
        include = meta(token, IncludeMeta)
        return IncludeInline(include["target"], text_run(include["title"]))
    if kind == "code_reference_inline":
        found = meta(token, CodeReferenceMeta)
        return CodeReferenceInline(
            language=found["language"],
            source=found["source"],
            name=optional(found["name"]),
            range=optional(found["range"]),
            highlight=optional(found["highlight"]),
            title=text_run(found["title"]),
        )
    source = str(token.attrGet("src") or "")
    alt = plain_text(inlines(token.children))
    return Image(source=source, alt=alt, title=optional(token.attrGet("title")))


def _close(stack: list[_Open]) -> None:
    """Pop the innermost open container into its parent; an unknown one keeps its children."""
    opener, inner = stack.pop()
    parent = stack[-1][1]
    children = tuple(inner)
    kind = opener.type if opener is not None else ""
    if kind == "em_open":
        parent.append(Emphasis(children))
    elif kind == "strong_open":
        parent.append(Strong(children))
    elif kind == "s_open":
        parent.append(Strikethrough(children))
    elif kind == "link_open" and opener is not None:
        target = str(opener.attrGet("href") or "")
        parent.append(Link(target, optional(opener.attrGet("title")), children))
    else:
        parent.extend(children)


def optional(value: str | int | float | None) -> str | None:
    """An attribute's value as text; ``None`` when it is missing or empty."""
    return str(value) if value else None


def text_run(value: str) -> tuple[Inline, ...]:
    """Attribute text (alt-text, an include's title) as inline content: one text, or none."""
    return (Text(value),) if value else ()


def stripped(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Drop the space around a heading's text (``</a> Title``)."""
    items = list(content)
    if items and isinstance(items[0], Text) and items[0].text[:1].isspace():
        text = items[0].text.lstrip()
        items[0:1] = [Text(text)] if text else []
    if items and isinstance(items[-1], Text) and items[-1].text[-1:].isspace():
        text = items[-1].text.rstrip()
        items[-1:] = [Text(text)] if text else []
    return tuple(items)
