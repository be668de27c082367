"""Extension syntax nobody taught the parser: a ``:::name`` or ``[!NAME`` line.

Registered after every known extension: what reaches it becomes an
``extension`` token (``meta["name"]``) for the parser to keep as raw text with
a diagnostic, never a paragraph that hides it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from p2skb.mdext._lines import add_line_rule, single_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

__all__ = ["ExtensionMeta", "unknown_plugin"]


class ExtensionMeta(TypedDict):
    """The ``meta`` of an ``extension`` token: the extension's name."""

    name: str


# A paragraph may open with an inline include (``[!INCLUDE[v](v.md)] and text``): not unknown.
# Nor a paragraph opening with an inline code reference followed by text.
_UNKNOWN = re.compile(
    r"(?::::\s*|\[!(?!include\s*\[|code-[^\s\[]*\s*\[))(?P<name>[A-Za-z][\w-]*).*", re.IGNORECASE
)


def unknown_plugin(md: MarkdownIt) -> None:
    """Catch unknown ``:::`` and ``[!`` extension lines (use it after the known ones)."""
    line_rule = single_line(_UNKNOWN, "extension", lambda match: {"name": match.group("name")})

    def rule(state: StateBlock, start: int, text: str, silent: bool) -> bool:  # noqa: FBT001 -- as markdown-it's rules
        # A quote's first line is its marker (``> [!div]``): the quotes plugin reads those.
        if state.tokens and state.tokens[-1].type == "blockquote_open":
            return False
        return line_rule(state, start, text, silent)

    add_line_rule(md, rule)
