"""Metadata checks: which source revision a translation was made from, and how."""

from __future__ import annotations

from collections.abc import Iterator

from p2skb.analysis import ArticleView
from p2skb.checks.registry import Issue, RevisionContext, article_check, source_change_check
from p2skb.model import Article, Severity
from p2skb.parsing.front_matter import parse_date

__all__ = ["other_revision"]

_FAMILY = "metadata"


def _line(article: Article, yaml_key: str) -> int:
    return article.front_matter.key_lines.get(yaml_key, 1)


def other_revision(source: Article, translation: Article) -> bool:
    """Whether ``translation`` was evidently made from another revision of ``source``.

    An en-us source's ``ms.date`` differs from the translation's copy of it (in
    either direction: a translation can be newer than the source checkout), or,
    without that copy, is later than the translation's ``ms.lasthandoff``.
    """
    return _dated_revision(source, translation) is not None


def _dated_revision(source_article: Article, translation_article: Article) -> Issue | None:
    """What the dates say about the revisions, when they say they differ."""
    source, translation = source_article.front_matter, translation_article.front_matter
    if source.translation_type is not None:
        return None  # a translation as the source: its ms.date is a copy too
    # ms.date says when the en-us original was reviewed; a translation copies it at handoff,
    # so two different dates are two revisions, whichever is newer.
    reviewed, copied = parse_date(source.ms_date), parse_date(translation.ms_date)
    if reviewed and copied and reviewed != copied:
        which = "an older" if copied < reviewed else "a newer"
        return Issue(
            f"ms.date is {translation.ms_date} here, {source.ms_date} in the source: "
            f"translated from {which} revision of the source",
            _line(translation_article, "ms.date"),
            _line(source_article, "ms.date"),
            detail=f"ms.date:{source.ms_date}>{translation.ms_date}",
        )
    handed_off = parse_date(translation.last_handoff)
    if reviewed and not copied and handed_off and reviewed > handed_off:
        return Issue(
            f"the source's ms.date {source.ms_date} is after this translation's "
            f"ms.lasthandoff {translation.last_handoff}",
            _line(translation_article, "ms.lasthandoff"),
            _line(source_article, "ms.date"),
            detail=f"ms.date:{source.ms_date}>{translation.last_handoff}",
        )
    return None


@source_change_check(
    "P2S401",
    "stale-source",
    Severity.WARNING,
    "The translation was made from another revision of the source",
    family=_FAMILY,
)
def stale_source(context: RevisionContext) -> Iterator[Issue]:
    """The articles come from different en-us revisions, or the source changed after the handoff.

    Compared: ``ms.sourcegitcommit`` and ``ms.openlocfilehash`` when both
    articles have them (two translations), and an en-us source's ``ms.date``
    against the translation's copy of it, in both directions (a translation can
    be newer than the source checkout); without that copy, against the
    translation's ``ms.lasthandoff`` (the source reviewed after the handoff).
    Without the translation's base revision, the differences the other checks
    find may be this drift rather than translation errors (cause
    ``revision-unknown``).
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
    dated = _dated_revision(context.source, context.translation)
    if dated is not None:
        yield dated


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
