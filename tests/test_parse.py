from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import p2skb
from p2skb import Role
from p2skb.model import Article, Code, ListBlock, Paragraph, Section, TabGroup, Table
from p2skb.text import article_blocks, plain_text, walk_blocks
from tests.conftest import SEED_SOURCE, corpus_cases, corpus_files

FENCE = re.compile(r"^ {0,3}(```|~~~)")
ATX_HEADING = re.compile(r"^#{1,6}(\s|$)")


def all_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from all_sections(section.sections)


def heading_lines(path: Path) -> list[int]:
    """1-based lines of top-level ATX headings outside fenced code and front matter.

    Tab headings (``# [Title](#tab/id)``) are tabs, not sections: they are left out.
    """
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    found, in_fence, in_front_matter = [], False, lines[0].startswith("---")
    for number, line in enumerate(lines, start=1):
        if in_front_matter:
            in_front_matter = number == 1 or not line.startswith("---")
            continue
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and ATX_HEADING.match(line) and "](#tab/" not in line:
            found.append(number)
    return found


def section_by_key(article: Article, key: str) -> Section:
    return next(section for section in all_sections(article.sections) if section.key == key)


@pytest.mark.parametrize("path", corpus_cases({}))
def test_every_heading_below_the_h1_is_a_section_or_a_heading_block(path: Path) -> None:
    """Headings outside containers start sections; those in tab panels, lists, ... are blocks."""
    article = p2skb.parse_file(path)
    sections = list(all_sections(article.sections))
    nested = [b.span.start_line for b in article_blocks(article) if isinstance(b, p2skb.Heading)]
    headings = heading_lines(path)
    starts = sorted([section.span.start_line for section in sections] + nested)
    assert starts == headings[1:]
    assert len(sections) + len(nested) == len(headings) - 1
    keys = [section.key for section in sections]
    assert len(keys) == len(set(keys))
    assert article.anchor is not None


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_heading_anchor_is_some_sections_or_tabs_anchor(path: Path) -> None:
    article = p2skb.parse_file(path)
    text = path.read_text(encoding="utf-8")
    named = set(re.findall(r'^#+ .*?<a name="([^"]+)">', text, flags=re.MULTILINE))
    anchors = {anchor for section in all_sections(article.sections) for anchor in section.anchors}
    anchors.add(article.anchor or "")
    tabs = [
        tab
        for block in article_blocks(article)
        if isinstance(block, TabGroup)
        for tab in block.tabs
    ]
    anchors.update(anchor for tab in tabs for anchor in tab.anchors)
    assert named <= anchors


def test_the_seed_pair_has_24_aligned_troubleshooting_sections(
    seed_ja: Path, seed_zh: Path
) -> None:
    ja, zh = p2skb.parse_file(seed_ja), p2skb.parse_file(seed_zh)
    assert (ja.locale, zh.locale) == ("ja-jp", "zh-tw")
    assert len(ja.sections) == len(zh.sections) == 24
    assert [s.key for s in all_sections(ja.sections)] == [s.key for s in all_sections(zh.sections)]


def test_a_certificate_could_not_be_found_has_its_roles_and_error_code(seed_ja: Path) -> None:
    article = p2skb.parse_file(seed_ja)
    entry = section_by_key(article, "vpn-client-error-a-certificate-could-not-be-found")
    assert [child.role for child in entry.sections] == [Role.SYMPTOM, Role.CAUSE, Role.SOLUTION]
    assert entry.sections[0].key == "vpn-client-error-a-certificate-could-not-be-found/symptom"
    assert "798" in entry.sections[0].invariants.error_codes
    assert entry.span.start_line == 22
    assert entry.sections[0].span == p2skb.Span(24, 28)


def test_causes_counts_as_cause(seed_ja: Path) -> None:
    article = p2skb.parse_file(seed_ja)
    causes = [s for s in all_sections(article.sections) if s.anchor == "causes"]
    assert causes
    assert all(section.role is Role.CAUSE for section in causes)


def test_the_certificate_sample_is_the_same_code_block_in_both(
    seed_ja: Path, seed_zh: Path
) -> None:
    key = "azure-portal-error-failed-to-save-the-vpn-gateway-and-the-data-is-invalid/solution"
    codes = []
    for path in (seed_ja, seed_zh):
        section = section_by_key(p2skb.parse_file(path), key)
        code = [block for block in section.blocks if isinstance(block, Code)]
        assert len(code) == 1
        codes.append(code[0])
    assert codes[0].text == codes[1].text
    assert codes[0].text.startswith("-----BEGIN CERTIFICATE-----\n")
    assert codes[0].info == "text"
    assert codes[0].kind is p2skb.CodeKind.FENCED


def _update_table_item(path: Path) -> ListBlock:
    key = (
        "the-network-connection-between-your-computer-and-the-vpn-server-could-not-be-"
        "established-because-the-remote-server-is-not-responding/solution"
    )
    section = section_by_key(p2skb.parse_file(path), key)
    return next(block for block in section.blocks if isinstance(block, ListBlock))


def test_the_ja_update_table_is_a_table_and_the_zh_one_is_not(seed_ja: Path, seed_zh: Path) -> None:
    ja_item, zh_item = _update_table_item(seed_ja).items[0], _update_table_item(seed_zh).items[0]
    ja_table = [block for block in ja_item.blocks if isinstance(block, Table)]
    assert len(ja_table) == 1
    assert len(ja_table[0].header.cells) == 3
    assert len(ja_table[0].rows) == 3
    assert plain_text(ja_table[0].header.cells[1].content) == "Date"
    # zh-tw's delimiter row has four cells for a three-cell header: not a table, text.
    assert not any(isinstance(block, Table) for block in zh_item.blocks)
    text = [plain_text(b.content) for b in zh_item.blocks if isinstance(b, Paragraph)]
    assert any("|---|---|---|---|" in paragraph for paragraph in text)


def test_en_us_keys_equal_the_ja_keys(seed_ja: Path) -> None:
    en = p2skb.parse_file(SEED_SOURCE)
    ja = p2skb.parse_file(seed_ja)
    assert en.locale == "en-us"
    assert [s.key for s in all_sections(en.sections)] == [s.key for s in all_sections(ja.sections)]


def test_a_second_anchor_is_the_key_so_the_source_anchor_aligns(shared_corpus: Path) -> None:
    folder = shared_corpus / "troubleshoot-ad-vpn-client"
    en, de = p2skb.parse_file(folder / "en-us.md"), p2skb.parse_file(folder / "de-de.md")
    status = section_by_key(de, "status")
    assert status.anchors == ("view-status-log", "status")
    assert [s.key for s in en.sections] == [s.key for s in de.sections]


def test_crlf_front_matter_keeps_editor_line_numbers(shared_corpus: Path) -> None:
    path = shared_corpus / "vpn-gateway-troubleshoot-point-to-site-osx-ikev2" / "ko-kr.md"
    raw = path.read_bytes()
    assert b"\r\n" in raw  # the real mixed line endings this test is about
    article = p2skb.parse_file(path)
    lines = raw.replace(b"\r\n", b"\n").split(b"\n")
    for section in all_sections(article.sections):
        assert lines[section.span.start_line - 1].startswith(b"#")


def test_front_matter_is_typed_and_json_safe() -> None:
    text = "---\ntitle: T\nms.date: 2020-03-26\nms.custom: [a, b]\nms.locfileid: 12\n---\n# T\n"
    article = p2skb.parse(text, path="x/ja-jp.md")
    assert article.front_matter.title == "T"
    assert article.front_matter.ms_date == "2020-03-26"
    assert article.front_matter.loc_file_id == "12"
    assert article.front_matter.extra == {"ms.custom": ["a", "b"]}
    assert article.locale == "ja-jp"


@pytest.mark.parametrize(
    ("text", "path", "locale"),
    [
        ("---\nms.contentlocale: zh-TW\nms.translationtype: MT\n---\n", "a.md", "zh-tw"),
        ("# x\n", "articles/ko-kr.md", "ko-kr"),
        ("# x\n", "a.md", "en-us"),
        ("---\nms.translationtype: HT\n---\n", "a.md", "und"),
    ],
)
def test_locale_comes_from_front_matter_then_file_name(text: str, path: str, locale: str) -> None:
    assert p2skb.parse(text, path=path).locale == locale
    assert p2skb.parse(text, path=path, locale="FR-fr").locale == "fr-fr"


def test_duplicate_keys_get_a_suffix_and_a_diagnostic() -> None:
    article = p2skb.parse("# T\n\n## A\n\n## A\n\n### x\n")
    assert [s.key for s in article.sections] == ["a", "a-1"]
    assert article.sections[1].sections[0].key == "a-1/x"
    assert [d.kind for d in article.diagnostics] == ["duplicate-key"]
    assert article.diagnostics[0].span.start_line == 5


def test_alerts_tables_lists_and_inlines_are_typed() -> None:
    text = (
        "# T\n\n> [!WARNING]\n> Do **not** `x`.\n\n"
        "| a | b |\n|:-:|--:|\n| [l](t.md) | ![i](p.png) |\n\n"
        "    indented\n\n- [x] done\n- two\n\n> plain quote\n\n<div>x</div>\n\n***\n"
    )
    blocks = p2skb.parse(text).intro
    kinds = [type(block).__name__ for block in blocks]
    assert kinds == ["Alert", "Table", "Code", "ListBlock", "Quote", "HtmlBlock", "ThematicBreak"]
    alert, table, code, items = blocks[0], blocks[1], blocks[2], blocks[3]
    assert isinstance(alert, p2skb.Alert)
    assert alert.kind is p2skb.AlertKind.WARNING
    assert plain_text(alert.blocks[0].content) == "Do not x."  # type: ignore[union-attr]
    assert isinstance(table, Table)
    assert table.alignments == (p2skb.CellAlignment.CENTER, p2skb.CellAlignment.RIGHT)
    assert table.rows[0].cells[0].content == (p2skb.Link("t.md", None, (p2skb.Text("l"),)),)
    assert isinstance(items, ListBlock)
    assert [item.checked for item in items.items] == [True, None]
    assert isinstance(code, Code)
    assert code.kind is p2skb.CodeKind.INDENTED
    assert code.text == "indented\n"


def test_a_heading_inside_a_list_is_a_heading_block() -> None:
    article = p2skb.parse('# T\n\n- ## <a name="in"></a>inner\n')
    (heading,) = [b for b in walk_blocks(article.intro) if isinstance(b, p2skb.Heading)]
    assert (heading.level, heading.anchors, heading.span) == (2, ("in",), p2skb.Span(3, 3))
    assert heading.title == (p2skb.Text("inner"),)
    assert not article.diagnostics
    assert not article.sections


def test_an_unterminated_front_matter_is_read_as_markdown_with_a_diagnostic() -> None:
    article = p2skb.parse("---\ntitle: x\n# Heading\n")
    assert [d.kind for d in article.diagnostics] == ["unterminated-front-matter"]
    assert article.title == "Heading"


def test_the_garbage_collector_is_restored_after_parse_export_and_diff(seed_ja: Path) -> None:
    import gc  # noqa: PLC0415 -- only this test touches it

    article = p2skb.parse_file(seed_ja)
    p2skb.to_json(p2skb.diff(article, article))
    assert gc.isenabled()
    gc.disable()
    try:
        p2skb.to_json(p2skb.parse_file(seed_ja))
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_the_collector_pause_is_counted_across_threads() -> None:
    """The collector comes back on when the last of two overlapping pauses ends."""
    import gc  # noqa: PLC0415 -- only these tests touch it
    import threading  # noqa: PLC0415

    from p2skb._collector import collector_paused  # noqa: PLC0415 -- the one pause

    inside, release = threading.Event(), threading.Event()

    def long_parse() -> None:
        with collector_paused():
            inside.set()
            release.wait(timeout=10)

    worker = threading.Thread(target=long_parse)
    try:
        with collector_paused():  # a parse here starts first and ends first
            worker.start()
            assert inside.wait(timeout=10)
        assert not gc.isenabled()  # the other parse still runs: the collector stays off
    finally:
        release.set()
        worker.join()
    assert gc.isenabled()


def test_a_path_given_to_parse_says_to_use_parse_file(seed_ja: Path) -> None:
    with pytest.raises(TypeError, match=r"parse_file\(path\)"):
        p2skb.parse(seed_ja)  # type: ignore[arg-type]
    assert p2skb.parse_file(seed_ja).locale == "ja-jp"
