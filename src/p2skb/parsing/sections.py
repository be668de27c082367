"""The section tree: headings cut the body into nested sections keyed by anchor.

The first H1 before any section is the article's title; every other heading
opens a section under the nearest open heading of a lower level.  A section's
key is its anchor (the last ``<a name>`` on its heading, else the heading's
DocFX slug) joined under its parent's key, made unique among its siblings.
Its invariants are computed from its finished content (:mod:`p2skb.literal`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from p2skb import anchors
from p2skb.invariants import section_invariants
from p2skb.literal import literal_text
from p2skb.model import Block, Condition, DiagnosticKind, Heading, Section, Span
from p2skb.parsing.flow import MARKERS, Flow
from p2skb.parsing.headings import heading_anchor, read_heading
from p2skb.text import plain_text

if TYPE_CHECKING:
    from p2skb.parsing.walk import Walk

__all__ = ["Body", "read_body"]


@attrs.frozen
class Body:
    """An article body read into its parts."""

    title: str | None
    """The text of the first H1 before any section, if there is one."""
    anchor: str | None
    """That H1's anchor."""
    intro: tuple[Block, ...]
    """The blocks before the first section."""
    sections: tuple[Section, ...]
    heading: Heading | None
    """That H1, as a heading block (its title's inline content)."""


@attrs.define
class _Draft:
    """A section under construction: its heading, own blocks and child drafts."""

    heading: Heading
    blocks: list[Block] = attrs.Factory(list)
    children: list[_Draft] = attrs.Factory(list)
    shown_for: tuple[Condition, ...] = ()


def read_body(walk: Walk) -> Body:
    """Walk the whole token stream: the title, the intro and the section tree."""
    title: Heading | None = None
    intro: list[Block] = []
    roots: list[_Draft] = []
    open_drafts: list[_Draft] = []
    flow = Flow(intro)
    tokens = walk.tokens
    while tokens.peek() is not None:
        token = tokens.take()
        if token.type in MARKERS:
            flow.marker(walk, token)
        elif token.type == "heading_open":
            heading = read_heading(walk, token, tokens.take())
            tokens.skip()  # heading_close
            if heading.level == 1 and title is None and not roots:
                title = heading
                continue
            while open_drafts and open_drafts[-1].heading.level >= heading.level:
                open_drafts.pop()
            draft = _Draft(heading)
            draft.shown_for = flow.cut(walk, draft.blocks)
            (open_drafts[-1].children if open_drafts else roots).append(draft)
            open_drafts.append(draft)
        else:
            flow.add(walk.block(token))
    flow.finish(walk)
    return Body(
        plain_text(title.title).strip() if title is not None else None,
        heading_anchor(title) if title is not None else None,
        tuple(intro),
        _freeze(walk, roots, ""),
        title,
    )


def _freeze(walk: Walk, drafts: list[_Draft], parent_key: str) -> tuple[Section, ...]:
    taken: dict[str, int] = {}
    sections = []
    for draft in drafts:
        heading = draft.heading
        anchor = heading_anchor(heading)
        wanted = f"{parent_key}/{anchor}" if parent_key else anchor
        key = anchors.unique_key(wanted, taken)
        if key != wanted:
            message = (
                f"the section key {wanted!r} is already used under the same parent; "
                f"this one is {key!r}"
            )
            walk.report(DiagnosticKind.DUPLICATE_KEY, message, heading.span)
        blocks = tuple(draft.blocks)
        children = _freeze(walk, draft.children, key)
        # Own blocks and children come in line order: the last of each ends the section.
        end = max(
            heading.span.end_line,
            blocks[-1].span.end_line if blocks else 0,
            children[-1].span.end_line if children else 0,
        )
        literal = literal_text(heading.title, heading.span.start_line, blocks)
        sections.append(
            Section(
                key=key,
                anchor=anchor,
                anchors=heading.anchors,
                level=heading.level,
                title=heading.title,
                title_text=plain_text(heading.title).strip(),
                role=anchors.role_of((*heading.anchors, anchor)),
                blocks=blocks,
                sections=children,
                span=Span(heading.span.start_line, end),
                invariants=section_invariants(literal),
                shown_for=draft.shown_for,
            )
        )
    return tuple(sections)
