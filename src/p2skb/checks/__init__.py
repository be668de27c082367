"""The drift checks, one module per family, registered by code and name.

``p2skb checks`` prints the catalogue; :func:`p2skb.checks.registry.checks`
returns it.  Families: structure (P2S1xx), blocks (P2S2xx), inline (P2S3xx),
metadata (P2S4xx), single article (P2S5xx), language (P2S6xx), Microsoft Learn
extensions (P2S7xx).
"""

from __future__ import annotations

from p2skb.checks.registry import Check, Issue, PairContext, Scope, checks, register, resolve

__all__ = ["Check", "Issue", "PairContext", "Scope", "checks", "register", "resolve"]
