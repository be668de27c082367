"""The drift checks, one module per family, registered by code and name.

``p2skb checks`` prints the catalogue; :func:`checks` returns it.  Families:
structure (P2S1xx), blocks (P2S2xx), inline (P2S3xx), metadata and source changes (P2S4xx),
single article (P2S5xx), language (P2S6xx), Microsoft Learn extensions (P2S7xx).
"""

from __future__ import annotations

import re
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
    CorpusContext,
    Issue,
    PairContext,
    RevisionContext,
    Scope,
    SuppressionContext,
    TranslationContext,
    registered,
)
from p2skb.errors import UsageError

__all__ = [
    "Check",
    "CorpusContext",
    "Issue",
    "PairContext",
    "RevisionContext",
    "Scope",
    "SuppressionContext",
    "TranslationContext",
    "checks",
    "resolve",
]

_CATALOGUE = registered()


def checks() -> Mapping[str, Check[Any]]:
    """Every check by code, in code order (read-only)."""
    return _CATALOGUE


def resolve(selectors: str | Iterable[str]) -> frozenset[str]:
    """Codes of the checks named by ``selectors``: codes, names, code prefixes, families, ``ALL``.

    A selector is a code (``P2S301``) or a name (``link-target``), any case; a code
    prefix (``P2S3``, ``P2S30``: every check whose code starts so); a family
    (``structure``, ``blocks``, ``inline``, ``metadata``, ``article``, ``language``,
    ``extensions``); or ``ALL``.  One string is a comma-separated list.

    Raises:
        UsageError: a selector names no check.

    """
    if isinstance(selectors, str):
        selectors = selectors.split(",")
    by_name = {check.name: code for code, check in _CATALOGUE.items()}
    families: dict[str, set[str]] = {}
    for code, check in _CATALOGUE.items():
        families.setdefault(check.family, set()).add(code)
    codes: set[str] = set()
    for selector in selectors:
        wanted = selector.strip()
        if not wanted:
            continue
        upper, lower = wanted.upper(), wanted.lower()
        if upper == "ALL":
            codes.update(_CATALOGUE)
        elif upper in _CATALOGUE:
            codes.add(upper)
        elif lower in by_name:
            codes.add(by_name[lower])
        elif lower in families:
            codes.update(families[lower])
        elif _PREFIX.fullmatch(upper) and any(code.startswith(upper) for code in _CATALOGUE):
            codes.update(code for code in _CATALOGUE if code.startswith(upper))
        else:
            raise UsageError(
                f"unknown check {wanted!r}: not a code, code prefix, name, family or ALL "
                "(see `p2skb checks`)"
            )
    return frozenset(codes)


_PREFIX = re.compile(r"P2S[1-9]?[0-9]?")
