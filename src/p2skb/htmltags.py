"""Which raw HTML is real HTML, and which is text that merely looks like a tag.

``<VPN Connection Name>`` and ``<User>`` are valid open tags to a Markdown
parser, so a browser swallows them; a heading's slug, however, is computed from
them as text.  ``<br>``, ``<b>`` or ``<a name="x">`` are HTML elements.
"""

from __future__ import annotations

import re

__all__ = ["HTML_ELEMENTS", "is_html_markup"]

HTML_ELEMENTS = frozenset(
    """
    a abbr address area article aside audio b base bdi bdo big blockquote body br button
    canvas caption center cite code col colgroup data datalist dd del details dfn dialog div
    dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header
    hgroup hr html i iframe img input ins kbd label legend li link main map mark math menu meta
    meter nav nobr noscript object ol optgroup option output p param picture pre progress q rp
    rt ruby s samp script search section select slot small source span strike strong style sub
    summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u
    ul var video wbr
    """.split()
)
"""HTML element names (the living standard plus the old ones browsers still render)."""

_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def is_html_markup(html: str) -> bool:
    """True for a real element tag, a comment or a declaration; False for ``<VPN Name>``."""
    stripped = html.lstrip()
    if stripped.startswith(("<!", "<?")):
        return True
    match = _TAG_NAME.match(stripped)
    return match is not None and match.group(1).lower() in HTML_ELEMENTS
