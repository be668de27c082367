"""Zone pivots and monikers as marker lines.

``::: zone pivot="a,b"`` … ``::: zone-end`` and ``::: moniker range="…"`` …
``::: moniker-end``.

Each marker line is its own token (``zone_start``, ``zone_end``,
``moniker_start``, ``moniker_end``), not a container: real articles open a zone
in one section and close it in another, around headings and tab groups, so
the parser keeps the section tree and records what each part is shown for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from p2skb.mdext._lines import add_line_rule, attributes, single_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["MonikerMeta", "ZoneMeta", "conditions_plugin"]


class ZoneMeta(TypedDict):
    """The ``meta`` of a ``zone_start`` token."""

    pivots: tuple[str, ...]
    target: str | None


class MonikerMeta(TypedDict):
    """The ``meta`` of a ``moniker_start`` token."""

    range: str


_ZONE = re.compile(r":::\s*zone\s+(?P<attributes>.*?)(?::::)?", re.IGNORECASE)
_ZONE_END = re.compile(r":::\s*zone-end\s*(?::::)?", re.IGNORECASE)
_MONIKER = re.compile(r":::\s*moniker\s+(?P<attributes>.*?)(?::::)?", re.IGNORECASE)
_MONIKER_END = re.compile(r":::\s*moniker-end\s*(?::::)?", re.IGNORECASE)


def _zone(match: re.Match[str]) -> ZoneMeta:
    found = attributes(match.group("attributes"))
    pivots = tuple(pivot.strip() for pivot in found.get("pivot", "").split(",") if pivot.strip())
    return {"pivots": pivots, "target": found.get("target")}


def _moniker(match: re.Match[str]) -> MonikerMeta:
    return {"range": attributes(match.group("attributes")).get("range", "")}


def conditions_plugin(md: MarkdownIt) -> None:
    """Parse zone and moniker marker lines."""
    for name, pattern, meta in (
        ("zone_start", _ZONE, _zone),
        ("zone_end", _ZONE_END, lambda _: {}),
        ("moniker_start", _MONIKER, _moniker),
        ("moniker_end", _MONIKER_END, lambda _: {}),
    ):
        add_line_rule(md, single_line(pattern, name, meta))
