"""Language checks: the article is in its declared language, and no prose was left untranslated."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import attrs

from p2skb.analysis import ArticleView
from p2skb.block_alignment import Run
from p2skb.checks.registry import Issue, TranslationContext, article_check, translation_check
from p2skb.langid import (
    MIN_LATIN_LETTERS,
    UNKNOWN,
    census,
    detect_among,
    has_cjk,
    identify,
    latin_words,
    locale_language,
    prose_of,
    same_language,
)
from p2skb.model import Article, Block, Image, Inline, Severity, Strong, Text
from p2skb.text import plain_text, translatable_runs, walk_sections
from p2skb.wording import shorten

__all__: list[str] = []

_FAMILY = "language"
_CJK_LANGUAGES = ("ja", "ko", "zh")
# Frequent English words that other Latin-script languages do not write.
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "and",
        "to",
        "of",
        "is",
        "are",
        "you",
        "your",
        "that",
        "this",
        "with",
        "for",
        "on",
        "be",
        "can",
        "if",
        "when",
        "from",
        "by",
        "it",
        "not",
        "or",
        "have",
        "has",
        "will",
        "which",
        "then",
        "there",
        "these",
        "was",
        "were",
        "do",
        "does",
        "should",
        "must",
        "after",
        "before",
    ]
)
_MIN_PROSE_WORDS = 3
"""Fewer prose words than this (after names and codes are removed) is not translatable prose."""


@attrs.frozen
class _Unit:
    """One translatable unit: a heading, a paragraph or a table cell."""

    kind: str
    line: int
    key: str
    prose: str
    """The unit's prose (:func:`~p2skb.langid.prose_of`, short bold UI labels left out)."""

    @functools.cached_property
    def words(self) -> list[str]:
        """The prose's Latin-script words (:func:`~p2skb.langid.latin_words`), found once."""
        return latin_words(self.prose)


def _units(article: Article) -> tuple[_Unit, ...]:
    """The article's units with their prose (derived once per run: both language checks read it)."""
    found = [*_block_units(article.intro, "")]
    for section in walk_sections(article.sections):
        found.append(_unit("heading", section.span.start_line, section.key, section.title))
        found += _block_units(section.blocks, section.key)
    return tuple(unit for unit in found if unit.prose.strip())


def _unit(kind: str, line: int, key: str, content: tuple[Inline, ...]) -> _Unit:
    return _Unit(kind, line, key, prose_of(content, keep_emphasis=False))


def _block_units(blocks: tuple[Block, ...], key: str) -> Iterator[_Unit]:
    for kind, line, content in translatable_runs(blocks):
        yield _unit(kind, line, key, content)


def _article_prose(view: ArticleView) -> str:
    return "\n".join(unit.prose for unit in view.derived(_units))


@article_check(
    "P2S601",
    "wrong-language",
    Severity.ERROR,
    "The article's prose is not in its declared language",
    family=_FAMILY,
)
def wrong_language(view: ArticleView) -> Iterator[Issue]:
    """The prose is in another language than ``ms.contentlocale`` (or ``--locale``) declares.

    Identified by Unicode script first (Hangul, kana, Han; Traditional against
    Simplified Chinese by characters only one of them writes), then by
    langdetect among the languages the script leaves, on prose without code,
    URLs, paths and product names.
    """
    article = view.article
    expected = locale_language(article.locale)
    guess = identify(_article_prose(view))
    if guess.language == UNKNOWN or same_language(guess.language, expected):
        return
    confidence = f", probability {guess.probability:.2f}" if guess.probability < 1 else ""
    yield Issue(
        f"the prose is {guess.language} ({guess.share:.0%} of its {guess.letters} letters in "
        f"{guess.script} script{confidence}), but the article declares {article.locale}",
        article.front_matter.key_lines.get("ms.contentlocale", 1),
        detail=f"{expected}>{guess.language}",
    )


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


class _SourceProse:
    """The source's unit prose by the translation's section key, read when first asked.

    Only a Latin-script target (or a CJK source) asks whether a unit was left
    identical to the source: a CJK translation of an English article never
    pays for the source's units.
    """

    def __init__(self, context: TranslationContext | None) -> None:
        self._context = context
        self._texts: dict[str, set[str]] | None = None

    @property
    def paired(self) -> bool:
        """Whether there is a source with aligned sections to compare runs with."""
        context = self._context
        return context is not None and context.source is not None and context.matched is not None

    def holds(self, unit: _Unit) -> bool:
        """Whether ``unit``'s prose is also prose of the aligned source section."""
        if self._context is None:
            return False
        if self._texts is None:
            self._texts = self._read()
        return _normalised(unit.prose) in self._texts.get(unit.key, ())

    def _read(self) -> dict[str, set[str]]:
        context = self._context
        if context is None or context.source is None or context.matched is None:
            return {}
        by_source_key: dict[str, set[str]] = {}
        for unit in context.analysis.article(context.source).derived(_units):
            by_source_key.setdefault(unit.key, set()).add(_normalised(unit.prose))
        return {
            pair.translation.key: by_source_key.get(pair.source.key, set())
            for pair in context.matched.pairs
        }


_NO_SOURCE = _SourceProse(None)
"""Sentences are judged by their language only: the source is compared whole units."""


def _function_words(words: list[str]) -> int:
    return sum(1 for word in words if word.lower() in _ENGLISH_FUNCTION_WORDS)


def _reads_as_english(words: list[str]) -> bool:
    function_words = _function_words(words)
    return function_words >= _MIN_FUNCTION_WORDS and function_words * 6 >= len(words)


_MIN_FUNCTION_WORDS = 2
"""English function words (``the``, ``and``, ...) prose must hold to read as English."""


@translation_check(
    "P2S602",
    "untranslated",
    Severity.WARNING,
    "Prose in a translation is still in the source language",
    family=_FAMILY,
)
def untranslated(context: TranslationContext) -> Iterator[Issue]:
    """A paragraph, heading or table cell of a translation is still in the source language.

    Reported when its prose is in the source language, or identical to prose of
    the aligned source section.  What translators rightly keep is not prose:
    product and UI names (``Azure``, ``VPN``, ``IKEv2``), short bold UI labels,
    file names (``AzureClient.pfx``), code, URLs and paths.  One-word table
    header cells left in English (``Date``) and untranslated image alt-text
    are reported at info level; tab titles count as prose.
    Without a source (``p2skb lint``) the source language is taken to be English.
    """
    article = context.article
    target = locale_language(article.locale)
    source_language = locale_language(context.source.locale) if context.source else "en"
    if same_language(source_language, target):
        # Without a source, or against one in its own language (an article diffed with
        # itself), nothing is "identical to the source": check against English alone.
        source_language, source = "en", _NO_SOURCE
    else:
        source = _SourceProse(context)
    if same_language(source_language, target):
        return
    judge = _untranslated_in_cjk if target.startswith(_CJK_LANGUAGES) else _untranslated_in_latin
    for unit in context.analysis.article(article).derived(_units):
        issue = judge(unit, source_language, target, source)
        if issue is None and _may_hold_source_sentence(unit, target):
            # A sentence left in the source language inside translated text: a pasted
            # English paragraph that ran into the one before it, an English UI string
            # followed by its translation in parentheses.
            issue = next(
                (
                    found
                    for sentence in _sentences(unit)
                    if (found := judge(sentence, source_language, target, _NO_SOURCE))
                ),
                None,
            )
        if issue is not None:
            yield issue
    if source.paired:
        yield from _kept_in_source_language(context, source_language, target)


def _kept_in_source_language(
    context: TranslationContext, source_language: str, target: str
) -> Iterator[Issue]:
    """Image alt-text and UI strings of paired runs left as the source writes them.

    An image whose alt-text is its source image's and reads as the source
    language (``![Authentication settings]``) is reported at info level; a bold UI
    string identical to the source's and followed by a translation in parentheses
    (``**Configure -> Clear Saved Account** (Configurer -> …)``) as a warning.
    One word is not judged: in Latin scripts it is often the same word in both
    languages (``Type``, ``Configuration`` in French, ``Symptom`` in German).
    """
    assert context.matched is not None
    for pair in context.matched.parts:
        view = context.analysis.pair(pair)
        held = view.source.content_classes
        if Image not in held and Strong not in held:
            continue  # no alt-text and no bold to have kept
        for was, now in view.blocks.runs:
            if was is None or now is None or not was.content:
                continue
            first = type(was.content[0])
            if first is not Image and not any(type(item) is Strong for item in was.content):
                continue
            alt = _alt_text(now)
            words = latin_words(alt or "")
            if (
                alt
                and len(words) >= _MIN_ALT_WORDS
                and alt == _alt_text(was)
                and _identified_as(" ".join(words), source_language, target)
            ):
                yield Issue(
                    f"alt text left as the source writes it: {shorten(alt)}",
                    now.line,
                    key=pair.translation.key,
                    detail=f"alt text:{alt}",
                    severity=Severity.INFO,
                )
            for label in _glossed_labels(was, now):
                yield Issue(
                    f"UI string left in {source_language} with a translation in parentheses: "
                    f"{shorten(label)}",
                    now.line,
                    key=pair.translation.key,
                    detail=f"gloss:{label}",
                )


_MIN_ALT_WORDS = 2


def _alt_text(run: Run) -> str | None:
    """The alt-text of a run that is one image (and spaces), else ``None``."""
    images = [item for _, item in run.items if isinstance(item, Image)]
    others = [
        item
        for _, item in run.items
        if not isinstance(item, Image) and not (isinstance(item, Text) and not item.text.strip())
    ]
    return images[0].alt.strip() if len(images) == 1 and not others else None


def _identified_as(text: str, source_language: str, target: str) -> bool:
    language, probability = detect_among(text, (source_language, target))
    return language == source_language and probability >= _CONFIDENT


_CONFIDENT = 0.9
"""How sure langdetect must be that text is in the source language."""


_GLOSS_LIMIT = 32
"""At most this many glossed bold spans of one run are looked at."""


def _glossed_labels(was: Run, now: Run) -> list[str]:
    """Bold texts of ``now`` that are the source run's, followed by ``(…)``."""
    items = now.content  # siblings: what follows a bold span, not what it holds
    candidates = []
    for index, item in enumerate(items):
        if type(item) is not Strong:
            continue
        bold = plain_text(item.children).strip()
        after = items[index + 1] if index + 1 < len(items) else None
        glossed_after = isinstance(after, Text) and after.text.lstrip().startswith("(")
        if glossed_after or " (" in bold:
            candidates.append((bold, glossed_after))
    if not candidates:
        return []  # the common case: no bold with a gloss
    del candidates[_GLOSS_LIMIT:]  # each is compared with every label of the source run
    labels = {
        plain_text(item.children).strip()
        for _, item in was.items
        if isinstance(item, Strong) and len(latin_words(plain_text(item.children))) >= 2
    }
    found = []
    for bold, glossed_after in candidates:
        inside = next((label for label in labels if bold.startswith(label + " (")), None)
        if bold in labels and glossed_after:
            found.append(bold)
        elif inside is not None:
            found.append(inside)
    return found


def _may_hold_source_sentence(unit: _Unit, target: str) -> bool:
    """A cheap test before judging sentences: enough Latin words, English-looking ones."""
    if unit.kind not in _SENTENCE_KINDS or not _MAY_BREAK.search(unit.prose):
        return False
    words = unit.words
    if target.startswith(_CJK_LANGUAGES):
        return len(words) >= _MIN_PROSE_WORDS
    return _function_words(words) >= _MIN_FUNCTION_WORDS


_MAY_BREAK = re.compile(r"[.!?:;][\s]|[。！？：；]|\n")
"""A cheap test that a unit may hold more than one sentence."""

_SENTENCE_BREAK = re.compile(r"(?<=[.!?:;])\s+|(?<=[。！？：；])|\n+")


def _sentences(unit: _Unit) -> list[_Unit]:
    """The sentences of a unit that has several, each a unit on its own line."""
    parts = _SENTENCE_BREAK.split(unit.prose)
    if len(parts) == 1:  # one sentence: the unit itself was judged
        return []
    found, offset = [], 0
    for part in parts:
        start = unit.prose.find(part, offset)
        offset = start + len(part)
        if part.strip():
            line = unit.line + unit.prose.count("\n", 0, start)
            found.append(
                attrs.evolve(unit, line=line, kind=f"sentence of a {unit.kind}", prose=part)
            )
    return found


_SENTENCE_KINDS = frozenset(["paragraph", "table cell"])
"""Units whose sentences are judged one by one when the whole reads as translated."""


def _untranslated_in_cjk(
    unit: _Unit, source_language: str, target: str, source: _SourceProse
) -> Issue | None:
    """Judge a unit of a CJK translation: no CJK text, or the source's CJK language."""
    del target  # any CJK target: the script decides
    text = unit.prose
    if not has_cjk(text):
        words = unit.words
        if len(words) >= _MIN_PROSE_WORDS:
            return _issue(unit, text, "not translated (Latin script only)")
        if unit.kind == "header cell" and len(words) == 1:
            return _issue(unit, text, "not translated (one word)", Severity.INFO)
        return None
    if source_language.startswith(_CJK_LANGUAGES) and census(text).cjk >= 4:
        guess = identify(text)
        if same_language(guess.language, source_language) or source.holds(unit):
            return _issue(unit, text, f"still in {source_language}")
    return None


def _untranslated_in_latin(
    unit: _Unit, source_language: str, target: str, source: _SourceProse
) -> Issue | None:
    """Judge a unit of a Latin-script translation: identical to the source, or English.

    English by its function words first, then by langdetect among the source and
    target languages.
    """
    text = unit.prose
    words = unit.words
    if len(words) < _MIN_PROSE_WORDS:
        return None
    if source.holds(unit):
        return _issue(unit, text, "identical to the source")
    if source_language != "en" or not _reads_as_english(words):
        return None
    if sum(len(word) for word in words) < MIN_LATIN_LETTERS:
        return None
    language, probability = detect_among(" ".join(words), (source_language, target))
    if language == source_language and probability >= 0.9:
        return _issue(unit, text, f"still in {source_language}")
    return None


_INFO_KINDS = frozenset(["alt text"])
"""Units whose untranslated text is reported at info level: readers rarely see alt-text."""


def _issue(unit: _Unit, text: str, what: str, severity: Severity | None = None) -> Issue:
    if severity is None and unit.kind in _INFO_KINDS:
        severity = Severity.INFO
    return Issue(
        f"{unit.kind} {what}: {shorten(text)}",
        unit.line,
        key=unit.key,
        detail=f"{unit.kind}:{_normalised(text)}",
        severity=severity,
    )
