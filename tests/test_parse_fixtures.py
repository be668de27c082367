"""Parser cases as fixture files, in markdown-it-py's format.

Each case in ``tests/fixtures/parsing/*.md`` is a title line, ``.``, the
Markdown, ``.``, the expected outline of the parsed article
(:func:`tests.outline.outline`), ``.``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

import p2skb
from tests.conftest import FIXTURES
from tests.outline import outline


def _cases() -> list[object]:
    return [
        pytest.param(markdown, expected, id=f"{path.stem}-{line}")
        for path in sorted((FIXTURES / "parsing").glob("*.md"))
        for line, _, markdown, expected in read_fixture_file(path)
    ]


@pytest.mark.parametrize(("markdown", "expected"), _cases())
def test_the_parsed_outline_is_the_expected_one(markdown: str, expected: str) -> None:
    assert outline(p2skb.parse(markdown, path="case.md")) == expected


def test_every_fixture_file_holds_cases() -> None:
    files = sorted((FIXTURES / "parsing").glob("*.md"))
    assert files
    assert all(read_fixture_file(path) for path in files), [p.name for p in files]


def test_the_outline_of_the_seed_article_names_every_section(seed_ja: Path) -> None:
    article = p2skb.parse_file(seed_ja)
    shown = outline(article)
    assert shown.count("section ") == sum(1 for _ in _sections(article.sections))


def _sections(sections: tuple[p2skb.Section, ...]) -> list[p2skb.Section]:
    return [found for section in sections for found in (section, *_sections(section.sections))]
