"""Microsoft Learn / DocFX Markdown extensions as markdown-it plugins, one per extension.

Each plugin is applied with ``md.use(plugin)`` and turns its syntax into tokens
of its own (documented in its module); :mod:`p2skb.parsing` builds the typed
blocks from them.  :data:`PLUGINS` lists them in the order they must be used:
the catch-all for unknown ``:::name`` / ``[!NAME`` lines comes last.  The
rules for extension lines share one markdown-it block rule,
``learn_extensions``, which asks them in the order their plugins were used.
"""

from __future__ import annotations

from p2skb.mdext.code_reference import code_reference_plugin
from p2skb.mdext.conditions import conditions_plugin
from p2skb.mdext.image import image_plugin
from p2skb.mdext.include import include_plugin
from p2skb.mdext.layout import layout_plugin
from p2skb.mdext.quotes import quotes_plugin
from p2skb.mdext.tabs import tabs_plugin
from p2skb.mdext.unknown import unknown_plugin

__all__ = [
    "PLUGINS",
    "code_reference_plugin",
    "conditions_plugin",
    "image_plugin",
    "include_plugin",
    "layout_plugin",
    "quotes_plugin",
    "tabs_plugin",
    "unknown_plugin",
]

PLUGINS = (
    include_plugin,
    code_reference_plugin,
    image_plugin,
    conditions_plugin,
    layout_plugin,
    quotes_plugin,
    tabs_plugin,
    unknown_plugin,
)
