"""Bounds on what reading one article may cost (:class:`Limits`)."""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


@attrs.frozen
class Limits:
    """Bounds on what one article may cost: each is enforced, and reported when hit.

    Nothing is dropped silently: a file over ``max_bytes`` or front matter over
    its bounds is refused with a :class:`~p2skb.LimitError` or
    :class:`~p2skb.FrontMatterError`; content nested deeper than ``max_nesting``
    is kept as raw text with a ``nesting-limit`` diagnostic; an include past
    ``max_include_depth`` or ``max_include_chars`` is not followed, with an
    ``include-limit`` diagnostic, and the article is still read.
    """

    max_bytes: int = 768 * 1024
    """The largest article read, in bytes (characters for :func:`~p2skb.parse`).  The largest
    real Learn articles are a few hundred kilobytes; markdown-it holds about 650 bytes of
    tokens per byte of a very wide table, so at this size the worst shape stays under 1 GiB
    (``benchmarks/worst_case.py``)."""
    max_nesting: int = 20
    """How deep lists, quotes, extension containers and inline markup may nest (markdown-it's
    own default), and how many zones and monikers may be open at once."""
    max_front_matter_values: int = 10_000
    """How many YAML values the front matter may hold once aliases are expanded."""
    max_front_matter_depth: int = 32
    """How deep YAML values may nest (a self-referencing alias nests forever)."""
    max_include_depth: int = 8
    """How deep resolved includes may nest (an article's include of an include of ...)."""
    max_include_chars: int = 512 * 1024
    """How much text a file's resolved includes may expand to, every use counted: 22 files
    that each include the next twice would otherwise expand to gigabytes."""


DEFAULT_LIMITS = Limits()
