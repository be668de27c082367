"""``fails``/``passes`` helpers: run one check on a minimal pair (or one article) of Markdown."""

from __future__ import annotations

import p2skb
from p2skb.drift import diff, lint
from p2skb.model import Finding

SOURCE_FRONT_MATTER = "---\ntitle: T\nms.date: 01/01/2020\n---\n"
LOCALIZED_FRONT_MATTER = (
    "---\ntitle: T\nms.translationtype: HT\nms.contentlocale: ja-JP\n"
    "ms.lasthandoff: 02/01/2020\n---\n"
)


def article(body: str, *, localized: bool = True) -> p2skb.Article:
    front_matter = LOCALIZED_FRONT_MATTER if localized else SOURCE_FRONT_MATTER
    path = "ja-jp.md" if localized else "en-us.md"
    return p2skb.parse(front_matter + body, path=path)


def findings(check: str, source: str, translation: str) -> list[Finding]:
    """Findings of one check when diffing two Markdown bodies (en-us source, ja-jp translation)."""
    report = diff(article(source, localized=False), article(translation), select=[check])
    return list(report.findings)


def fails(check: str, source: str, translation: str) -> Finding:
    """Assert that ``check`` finds exactly one thing; return it."""
    found = findings(check, source, translation)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def passes(check: str, source: str, translation: str) -> bool:
    return not findings(check, source, translation)


def lint_findings(check: str, body: str, *, localized: bool = True) -> list[Finding]:
    return list(lint(article(body, localized=localized), select=[check]).findings)
