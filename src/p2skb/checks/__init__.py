"""The drift checks, one module per family, registered by code and name.

``p2skb checks`` prints the catalogue; :func:`checks` returns it.  Families:
structure (P2S1xx), blocks (P2S2xx), inline (P2S3xx), metadata and source changes (P2S4xx),
single article (P2S5xx), language (P2S6xx), Microsoft Learn extensions (P2S7xx).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Importing a family registers its checks.
from p2skb.checks import (  # noqa: F401 -- imported for their registrations
    article,
    blocks,
    extensions,
    inline,
    language,
    metadata,
    source_changes,
    structure,
)
from p2skb.checks.registry import (
    Check,
    Issue,
    PairContext,
    RevisionContext,
    Scope,
    TranslationContext,
    registered,
)
from p2skb.errors import UsageError

__all__ = [
    "Check",
    "Issue",
    "PairContext",
    "RevisionContext",
    "Scope",
    "TranslationContext",
    "checks",
    "resolve",
]

_CATALOGUE = registered()


def checks() -> Mapping[str, Check[Any]]:
    """Every check by code, in code order (read-only)."""
    return _CATALOGUE


def resolve(selectors: Iterable[str]) -> frozenset[str]:
    """Codes of the checks named by ``selectors`` (codes or names, any case).

    Raises:
        UsageError: a selector names no check.

    """
    by_name = {check.name: code for code, check in _CATALOGUE.items()}
    codes = set()
    for selector in selectors:
        wanted = selector.strip()
        if not wanted:
            continue
        code = wanted.upper() if wanted.upper() in _CATALOGUE else by_name.get(wanted.lower())
        if code is None:
            raise UsageError(f"unknown check {wanted!r} (see `p2skb checks`)")
        codes.add(code)
    return frozenset(codes)
