"""Metadata checks: which source revision a translation was made from, and how."""

from __future__ import annotations

from collections.abc import Iterator

from p2skb.analysis import ArticleView
from p2skb.checks.registry import Issue, PairContext, article_check, article_pair_check
from p2skb.model import Article, Severity
from p2skb.parsing.front_matter import parse_date

__all__: list[str] = []

_FAMILY = "metadata"


def _line(article: Article, yaml_key: str) -> int:
    return article.front_matter.key_lines.get(yaml_key, 1)


@article_pair_check(
    "P2S401",
    "stale-source",
    Severity.WARNING,
    "The translation was made from another revision of the source",
    family=_FAMILY,
)
def stale_source(context: PairContext) -> Iterator[Issue]:
    """The articles come from different en-us revisions, or the source changed after the handoff.

    Compared: ``ms.sourcegitcommit`` and ``ms.openlocfilehash`` when both
    articles have them (two translations), and an en-us source's ``ms.date``
    against the translation's copy of it, in both directions (a translation can
    be newer than the source checkout); without that copy, against the
    translation's ``ms.lasthandoff`` (the source reviewed after the handoff).
    Differences found by the other checks may be this drift rather than
    translation errors.
    """
    source, translation = context.source.front_matter, context.translation.front_matter
    for yaml_key, was, now in (
        ("ms.sourcegitcommit", source.source_git_commit, translation.source_git_commit),
        ("ms.openlocfilehash", source.open_loc_file_hash, translation.open_loc_file_hash),
    ):
        if was and now and was != now:
            yield Issue(
                f"{yaml_key} is {now} here, {was} in the source: "
                "translated from different en-us revisions",
                _line(context.translation, yaml_key),
                _line(context.source, yaml_key),
                detail=f"{yaml_key}:{was}>{now}",
            )
    # ms.date says when the en-us original was reviewed; a translation copies it at handoff,
    # so two different dates are two revisions, whichever is newer.
    original = source.translation_type is None
    if not original:
        return
    reviewed, copied = parse_date(source.ms_date), parse_date(translation.ms_date)
    if reviewed and copied and reviewed != copied:
        which = "an older" if copied < reviewed else "a newer"
        yield Issue(
            f"ms.date is {translation.ms_date} here, {source.ms_date} in the source: "
            f"translated from {which} revision of the source",
            _line(context.translation, "ms.date"),
            _line(context.source, "ms.date"),
            detail=f"ms.date:{source.ms_date}>{translation.ms_date}",
        )
        return
    handed_off = parse_date(translation.last_handoff)
    if reviewed and not copied and handed_off and reviewed > handed_off:
        yield Issue(
            f"the source's ms.date {source.ms_date} is after this translation's "
            f"ms.lasthandoff {translation.last_handoff}",
            _line(context.translation, "ms.lasthandoff"),
            _line(context.source, "ms.date"),
            detail=f"ms.date:{source.ms_date}>{translation.last_handoff}",
        )


@article_check(
    "P2S402",
    "machine-translated",
    Severity.INFO,
    "The article is machine-translated (ms.translationtype: MT)",
    family=_FAMILY,
)
def machine_translated(view: ArticleView) -> Iterator[Issue]:
    """The article says it was machine-translated; expect broken markup and literal translations.

    A property of one article, so ``p2skb lint`` reports it too and a diff of an
    article against itself still shows it.
    """
    article = view.article
    if (article.front_matter.translation_type or "").upper() == "MT":
        yield Issue(
            "ms.translationtype is MT: machine translation",
            _line(article, "ms.translationtype"),
            detail="MT",
        )
