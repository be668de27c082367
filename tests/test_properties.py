"""Generated input: Docs-shaped articles, their mutated translations, and arbitrary text.

The CI profile runs 150 examples per test; ``HYPOTHESIS_PROFILE=fuzz`` runs 2,000: under
30 minutes on 2 cores with the round-trip test in a process of its own (see the README;
``fuzz/run.py`` drives a much longer run with atheris).
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import p2skb
from p2skb.checks import Scope, checks
from tests.conftest import schema_validator
from tests.strategies import articles, translation_of

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PAIR_CODES = {
    code
    for code, check in checks().items()
    if check.scope in {Scope.SECTION_PAIR, Scope.ARTICLE_PAIR}
}


ARTICLE_SCHEMA = schema_validator("article.schema.json")
REPORT_SCHEMA = schema_validator("drift-report.schema.json")
ALIGNMENT_SCHEMA = schema_validator("alignment.schema.json")


def parse_or_none(text: str, path: str) -> p2skb.Article | None:
    """Parse; the only exceptions allowed are p2skb's own (broken front matter)."""
    try:
        return p2skb.parse(text, path=path)
    except p2skb.P2SKBError:
        return None


def assert_inside(article: p2skb.Article) -> None:
    last = max(article.line_count, 1)
    for diagnostic in article.diagnostics:
        assert 1 <= diagnostic.span.start_line <= diagnostic.span.end_line <= last
    stack = list(article.sections)
    while stack:
        section = stack.pop()
        assert 1 <= section.span.start_line <= section.span.end_line <= last
        stack.extend(section.sections)


@given(st.text())
def test_parse_raises_nothing_but_p2skb_errors_on_any_text(text: str) -> None:
    article = parse_or_none(text, "any.md")
    if article is not None:
        assert_inside(article)


@given(articles())
def test_articles_round_trip_validate_and_stay_inside_the_file(text: str) -> None:
    article = parse_or_none(text, "ja-jp.md")
    if article is None:
        return
    assert_inside(article)
    exported = p2skb.to_json(article)
    assert p2skb.from_json(exported, p2skb.Article) == article
    ARTICLE_SCHEMA.validate(json.loads(exported))


@given(articles())
def test_an_article_diffed_with_itself_has_no_pair_findings(text: str) -> None:
    article = parse_or_none(text, "ja-jp.md")
    if article is None:
        return
    report = p2skb.diff(article, article)
    assert not [f for f in report.findings if f.code in PAIR_CODES]


def _source_and_translation(data: st.DataObject) -> tuple[p2skb.Article, p2skb.Article] | None:
    """A generated article and a mutated translation of it, both parsed (``None``: unreadable)."""
    text = data.draw(articles())
    source = parse_or_none(text, "en-us.md")
    translation = parse_or_none(data.draw(translation_of(text)), "ja-jp.md")
    return (source, translation) if source is not None and translation is not None else None


@given(st.data())
def test_diff_of_a_mutated_translation_never_raises(data: st.DataObject) -> None:
    drawn = _source_and_translation(data)
    if drawn is None:
        return
    source, translation = drawn
    report = p2skb.diff(source, translation)
    for finding in report.findings:
        assert 1 <= finding.translation.line <= max(translation.line_count, 1)
        if finding.source is not None:
            assert 1 <= finding.source.line <= max(source.line_count, 1)
    REPORT_SCHEMA.validate(json.loads(p2skb.to_json(report)))
    alignment = p2skb.align([source, translation], source)
    ALIGNMENT_SCHEMA.validate(json.loads(p2skb.to_json(alignment)))


@given(st.data())
def test_a_base_equal_to_the_source_changes_nothing(data: st.DataObject) -> None:
    """Three-way drift with the source as its own base is the two-way drift."""
    drawn = _source_and_translation(data)
    if drawn is None:
        return
    source, translation = drawn
    two_way = p2skb.diff(source, translation)
    three_way = p2skb.diff(source, translation, base=source)
    assert [(f.code, f.translation.line, f.message) for f in three_way.findings] == [
        (f.code, f.translation.line, f.message) for f in two_way.findings
    ]
    # stale-source compares the revisions' metadata: a source change whatever the base
    assert {f.cause for f in three_way.findings if f.code != "P2S401"} <= {p2skb.Cause.TRANSLATION}
    REPORT_SCHEMA.validate(json.loads(p2skb.to_json(three_way)))


@given(st.data())
def test_three_way_drift_never_raises_and_stays_inside_the_files(data: st.DataObject) -> None:
    """A translation of one generated revision, against another revision as the source."""
    base_text = data.draw(articles())
    base = parse_or_none(base_text, "en-us@base.md")
    source = parse_or_none(data.draw(translation_of(base_text)), "en-us.md")
    translation = parse_or_none(data.draw(translation_of(base_text)), "ja-jp.md")
    if base is None or source is None or translation is None:
        return
    report = p2skb.diff(source, translation, base=base)
    for finding in report.findings:
        assert 1 <= finding.translation.line <= max(translation.line_count, 1)
        if finding.source is not None:
            lines = (
                source.line_count if finding.cause is p2skb.Cause.SOURCE_CHANGE else base.line_count
            )
            assert 1 <= finding.source.line <= max(lines, 1)
    REPORT_SCHEMA.validate(json.loads(p2skb.to_json(report)))
