from __future__ import annotations

from pathlib import Path

import pytest

import p2skb
from p2skb.alignment import PairedBy, match_sections
from tests.conftest import SEED_DIR


def test_align_the_seed_corpus_on_en_us(shared_corpus: Path) -> None:
    folder = shared_corpus / SEED_DIR.name
    articles = [p2skb.parse_file(path) for path in sorted(folder.glob("*.md"))]
    alignment = p2skb.align(articles)
    assert alignment.articles[0].locale == "en-us"
    assert len(alignment.articles) == len(articles)
    assert len(alignment.rows) == 76
    assert all(all(cell is not None for cell in row.sections) for row in alignment.rows)
    row = alignment.rows[1]
    assert row.key == "vpn-client-error-a-certificate-could-not-be-found/symptom"
    assert {cell.role for cell in row.sections if cell} == {p2skb.Role.SYMPTOM}


def test_missing_and_extra_keys_are_rows_with_gaps() -> None:
    en = p2skb.parse("# T\n\n## A\n\n## B\n", path="en-us.md")
    ja = p2skb.parse('# T\n\n## <a name="a"></a>甲\n\n## <a name="c"></a>丙\n', path="ja-jp.md")
    alignment = p2skb.align([ja, en])
    assert [row.key for row in alignment.rows] == ["a", "b", "c"]
    assert [[cell is not None for cell in row.sections] for row in alignment.rows] == [
        [True, True],
        [True, False],
        [False, True],
    ]


def test_the_source_can_be_named_by_path_or_locale() -> None:
    ja = p2skb.parse("# T\n", path="ja-jp.md")
    zh = p2skb.parse("# T\n", path="zh-tw.md")
    assert p2skb.align([ja, zh], "zh-tw.md").articles[0].locale == "zh-tw"
    assert p2skb.align([ja, zh], "ja-jp").articles[0].locale == "ja-jp"
    with pytest.raises(p2skb.UsageError, match="name the source"):
        p2skb.align([ja, zh])
    with pytest.raises(p2skb.UsageError, match="names 0 of the articles"):
        p2skb.align([ja, zh], "ko-kr")


def test_a_section_moved_under_another_parent_is_matched_and_reported_once() -> None:
    source = p2skb.parse("# T\n\n## Usage\n\n### Limits\n\nText.\n", path="en-us.md")
    translation = p2skb.parse(
        '# T\n\n## <a name="usage"></a>使用法\n\n## <a name="limits"></a>制限\n\n本文。\n',
        path="ja-jp.md",
    )
    matched = match_sections(source, translation)
    assert [(p.source.key, p.translation.key, p.by) for p in matched.pairs] == [
        ("usage", "usage", PairedBy.ANCHOR),
        ("usage/limits", "limits", PairedBy.MOVED),
    ]
    assert not matched.missing
    assert not matched.extra
    structure = ["P2S101", "P2S102", "P2S103", "P2S104", "P2S106"]
    report = p2skb.diff(source, translation, select=structure)
    assert [(f.name, f.translation.line) for f in report.findings] == [("section-moved", 5)]
    assert report.findings[0].message == (
        "section 'usage/limits' is under 'the top' here, under 'usage' in the source, "
        "heading level 2 (the source's is 3)"
    )
