"""Anchors, slugs and section keys.

Localized headings carry the English heading's slug as an explicit anchor
(``## <a name="symptom"></a>症状``); an en-us heading has none, so its anchor is
the GitHub-style slug of its text, which reproduces the localized anchors.
"""

from __future__ import annotations

import re

from p2skb.model import Role

__all__ = ["anchor_name", "heading_slug", "role_of", "unique_key"]

# <a name="x"></a> and <a id="x"></a>, with either quote; DocFX writes both.
_ANCHOR_TAG = re.compile(r"""<a\s+(?:name|id)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*/?>""", re.IGNORECASE)

_ROLES = {
    "symptom": Role.SYMPTOM,
    "symptoms": Role.SYMPTOM,
    "cause": Role.CAUSE,
    "causes": Role.CAUSE,
    "solution": Role.SOLUTION,
    "solutions": Role.SOLUTION,
}


def anchor_name(html: str) -> str | None:
    """Return the name of an ``<a name="...">`` / ``<a id="...">`` open tag, else ``None``."""
    stripped = html.strip()
    if stripped[:2].lower() != "<a":  # most inline HTML is <br>, </a> and the like
        return None
    match = _ANCHOR_TAG.fullmatch(stripped)
    if match is None:
        return None
    return match.group(1) if match.group(1) is not None else match.group(2)


def heading_slug(text: str) -> str:
    """The GitHub-style slug of a heading's plain text (``Status = VPN`` -> ``status--vpn``)."""
    from mdit_py_plugins.anchors.index import slugify  # noqa: PLC0415 -- loads markdown-it

    return slugify(text.strip())


def role_of(anchors: tuple[str, ...]) -> Role | None:
    """The troubleshooting role named by any of a heading's anchors (``causes`` -> cause)."""
    for anchor in anchors:
        role = _ROLES.get(anchor.lower())
        if role is not None:
            return role
    return None


def unique_key(key: str, taken: dict[str, int]) -> str:
    """Return ``key``, or ``key-1``, ``key-2``, ... whichever is not yet in ``taken``; add it.

    ``taken`` maps each key handed out to the last suffix tried for it, so a
    thousand headings with one name cost a thousand steps, not a million.
    """
    if key not in taken:
        taken[key] = 0
        return key
    number = taken[key]
    candidate = key
    while candidate in taken:
        number += 1
        candidate = f"{key}-{number}"
    taken[key] = number
    taken[candidate] = 0
    return candidate
