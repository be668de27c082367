"""Hostile and broken input: nothing crashes, nothing is lost, every problem is named."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import p2skb
from p2skb.model import RawBlock
from p2skb.text import plain_text, walk_blocks
from tests.conftest import SEED_DIR
from tests.test_cli import run


def test_a_bom_is_not_part_of_the_first_line() -> None:
    article = p2skb.parse("\ufeff---\ntitle: T\n---\n# Heading\n")
    assert article.front_matter.title == "T"
    assert article.title == "Heading"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_keep_editor_line_numbers(newline: str) -> None:
    text = newline.join(["---", "title: T", "---", "# T", "", "## A", "", "text", "## B", ""])
    article = p2skb.parse(text)
    assert [s.span.start_line for s in article.sections] == [6, 9]


def test_mixed_line_endings_keep_editor_line_numbers() -> None:
    text = "---\r\ntitle: T\r\n---\r\n# T\n\n## A\rtext\r\n\n## B\n"
    article = p2skb.parse(text)
    assert [s.span.start_line for s in article.sections] == [6, 9]
    assert article.sections[0].blocks[0].span.start_line == 7


def test_bytes_that_are_not_utf8_name_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Überschrift\n\nGrüße\n".encode("latin-1"))
    with pytest.raises(p2skb.DecodeError) as caught:
        p2skb.parse_file(path)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), 1, 3)
    assert isinstance(caught.value, ValueError)


def test_control_characters_are_reported_not_passed_silently() -> None:
    article = p2skb.parse("# T\n\nbefore\x00after\n\nbell\x07\n")
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [
        ("control-character", 3),
        ("control-character", 5),
    ]
    assert "U+0000" in article.diagnostics[0].message
    assert plain_text(article.intro[0].content) == "before\ufffdafter"  # type: ignore[union-attr]
    findings = p2skb.lint(article, select=["parse-diagnostic"]).findings
    assert [f.translation.line for f in findings] == [3, 5]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: [oops\n---\n", 3),
        ("---\ntitle: T\nbad: \x85x\x9f\n---\n", 3),  # YAML refuses C1 controls
        ("---\na: 1\nb: [\n---\n# T\n", 4),
    ],
)
def test_unreadable_yaml_front_matter_is_a_clear_error(text: str, line: int) -> None:
    with pytest.raises(p2skb.FrontMatterError, match="not valid YAML") as caught:
        p2skb.parse(text, path="x.md")
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("---\n- a list\n---\n# T\n", "sequence"),
        ("---\nFoo\n---\n# T\n", "scalar"),  # CommonMark: a thematic break, a setext heading
    ],
)
def test_a_dash_block_that_is_not_a_mapping_is_markdown(text: str, kind: str) -> None:
    article = p2skb.parse(text, path="x.md")
    assert article.front_matter == p2skb.FrontMatter()
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [
        ("front-matter-not-mapping", 1)
    ]
    assert f"YAML {kind}" in article.diagnostics[0].message
    assert '"T"' in p2skb.to_json(article)
    assert kind == "sequence" or '"Foo"' in p2skb.to_json(article)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("ms.date: 2020-13-45", "2020-13-45"),
        ("ms.date: 2020-02-30", "2020-02-30"),
        ("ms.date: !!timestamp foo", "foo"),
        ("ms.date: 2020-03-26", "2020-03-26"),
        ("ms.date: 03/26/2020", "03/26/2020"),
    ],
)
def test_dates_are_kept_as_written_and_checked(value: str, kept: str) -> None:
    article = p2skb.parse(f"---\ntitle: T\n{value}\n---\n# T\n")
    assert article.front_matter.ms_date == kept
    invalid = [(d.kind, d.span.start_line) for d in article.diagnostics]
    assert invalid == ([] if kept[0] == "0" or kept == "2020-03-26" else [("invalid-date", 3)])


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("n: " + "9" * 5000, "9" * 5000),
        ('n: !!binary "%%%"', "%%%"),
        ("n: !!float x", "x"),
        ("n: !!int 0x", "0x"),
        ("n: 5", "5"),
        ("n: true", "true"),
        ("n: .inf", ".inf"),
        ("n: 'quoted'", "quoted"),
        ("n:", None),
        ("n: ~", None),
        ("n: ''", ""),
        ("n: [1, {a: 2}]", ["1", {"a": "2"}]),
    ],
)
def test_every_scalar_is_the_string_written(value: str, kept: object) -> None:
    article = p2skb.parse(f"---\n{value}\n---\n# T\n")
    assert article.front_matter.extra == {"n": kept}
    assert not article.diagnostics
    assert p2skb.from_json(p2skb.to_json(article), p2skb.Article) == article


def test_duplicate_and_colliding_keys_are_diagnostics() -> None:
    article = p2skb.parse("---\ntitle: A\n1: one\ntitle: B\n'1': uno\n---\n# T\n")
    assert article.front_matter.title == "B"
    assert article.front_matter.extra == {"1": "uno"}
    assert article.front_matter.key_lines == {"title": 4, "1": 5}
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [
        ("duplicate-front-matter-key", 4),
        ("duplicate-front-matter-key", 5),
    ]


def test_a_key_that_is_not_a_scalar_is_a_diagnostic() -> None:
    article = p2skb.parse("---\ntitle: T\n? [a]\n: b\n---\n# T\n")
    assert article.front_matter.title == "T"
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [("front-matter-key", 3)]


def test_a_nul_in_the_front_matter_is_reported_at_its_line() -> None:
    article = p2skb.parse("---\ntitle: T\ndescription: a\x00b\n---\n# T\n")
    assert article.front_matter.description == "a\ufffdb"
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [("control-character", 3)]


@pytest.mark.parametrize(
    "front_matter",
    [
        "ms.date: 2020-13-45",
        "ms.date: 2020-02-30",
        "n: " + "9" * 5000,
        "n: !!timestamp foo",
        'n: !!binary "%%%"',
        "n: !!float x",
        "? [a]\n: b",
    ],
)
def test_front_matter_values_never_crash_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], front_matter: str
) -> None:
    path = tmp_path / "x.md"
    path.write_text(f"---\n{front_matter}\n---\n# H\n", encoding="utf-8")
    code, _ = run("lint", str(path), "--select", "parse-diagnostic", "--fail-on", "never")
    assert code == 0
    assert "Traceback" not in capsys.readouterr().err


def test_front_matter_missing_empty_or_unterminated_is_not_an_error() -> None:
    assert p2skb.parse("# T\n").front_matter == p2skb.FrontMatter()
    assert p2skb.parse("---\n---\n# T\n").front_matter == p2skb.FrontMatter()
    unterminated = p2skb.parse("---\ntitle: x\n\n# T\n")
    assert [d.kind for d in unterminated.diagnostics] == ["unterminated-front-matter"]
    assert unterminated.title == "T"


def test_a_billion_laughs_front_matter_is_refused_quickly() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    with pytest.raises(p2skb.FrontMatterError, match="too many values") as caught:
        p2skb.parse("---\n" + "\n".join(levels) + "\n---\n# T\n", path="bomb.md")
    assert time.perf_counter() - started < 5  # it used to run for minutes
    assert caught.value.line is not None
    assert caught.value.line > 2


def test_a_self_referencing_alias_is_refused() -> None:
    with pytest.raises(p2skb.FrontMatterError, match="nests too deep"):
        p2skb.parse("---\nloop: &loop [*loop]\n---\n")


@pytest.mark.parametrize(
    "text",
    [
        ">" * 40 + " the deepest quote\n",
        "".join("  " * depth + f"- level {depth}\n" for depth in range(40)),
    ],
)
def test_content_past_the_nesting_limit_is_kept_as_raw_text(text: str) -> None:
    article = p2skb.parse(text)
    raw = [block for block in walk_blocks(article.intro) if isinstance(block, RawBlock)]
    assert len(raw) == 1
    assert ("deepest" in raw[0].text) or ("level 39" in raw[0].text)
    assert [d.kind for d in article.diagnostics] == ["nesting-limit"]


def test_the_nesting_limit_is_configurable() -> None:
    text = ">" * 8 + " deep\n"
    assert not p2skb.parse(text).diagnostics
    limited = p2skb.parse(text, limits=p2skb.Limits(max_nesting=4))
    assert [d.kind for d in limited.diagnostics] == ["nesting-limit"]


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.md"
    path.write_text("# T\n\n" + "word " * 1000, encoding="utf-8")
    with pytest.raises(p2skb.LimitError, match="over the limit of 100"):
        p2skb.parse_file(path, limits=p2skb.Limits(max_bytes=100))
    with pytest.raises(p2skb.LimitError):
        p2skb.parse("x" * 101, limits=p2skb.Limits(max_bytes=100))
    code, _ = run("lint", str(path), "--max-bytes", "100")
    assert code == 2
    assert "big.md: 5005 bytes is over the limit of 100" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["", "\n\n   \n\t\n", "---\ntitle: only front matter\n---\n"])
def test_empty_input_is_an_empty_article(text: str) -> None:
    article = p2skb.parse(text)
    assert (article.intro, article.sections, article.diagnostics) == ((), (), ())


def test_extensions_nested_past_the_limit_keep_their_text() -> None:
    deep = [
        ':::image type="complex" source="a.png" alt-text="b":::\n' * 30,
        ":::row:::\n" * 30,
        ":::column:::\n" * 30,
        "".join(">" * depth + ' [!div class="x"]\n' for depth in range(1, 30)),
        '::: zone pivot="a"\n' * 30,
    ]
    for opening in deep:
        article = p2skb.parse(opening + "LAST LINE\n")
        assert "LAST LINE" in p2skb.to_json(article)
        assert "nesting-limit" in {diagnostic.kind for diagnostic in article.diagnostics}


def test_tmx_stays_well_formed_xml_with_control_characters() -> None:
    from xml.etree import ElementTree  # noqa: PLC0415 -- only this test reads XML

    from p2skb.tmx import to_tmx  # noqa: PLC0415

    source = p2skb.parse("# T\n\n## A\n\nbell\x07 and \x1b escape\n", path="en-us.md")
    translation = p2skb.parse("# T\n\n## A\n\nja\x07 \x0b text\n", path="ja-jp.md")
    root = ElementTree.fromstring(to_tmx(source, [translation]))  # noqa: S314 -- our own output
    segments = [segment.text for segment in root.iter("seg")]
    assert "ja\ufffd \ufffd text" in segments


@pytest.mark.parametrize(
    "content",
    ["[" * 100_000 + "]" * 100_000, '{"version": ' + "9" * 5000 + "}", b"\xff\xfe{}"],
)
def test_a_hostile_baseline_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes
) -> None:
    path = tmp_path / "baseline.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, _ = run("lint", str(SEED_DIR / "zh-tw.md"), "--baseline", str(path))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"p2skb: {path}")
    assert len(err.splitlines()) == 1
    with pytest.raises(p2skb.UsageError):
        p2skb.from_json(content, p2skb.Article)
