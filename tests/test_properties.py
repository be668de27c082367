"""Generated input: parse never raises on arbitrary text; the JSON round trip is exact."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

import p2skb
from p2skb.checks import Scope, checks

MARKDOWN_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        '<a name="symptom"></a>',
        "</a>",
        "**",
        "*",
        "_",
        "`",
        "```",
        "~~~",
        "> ",
        "> [!NOTE]",
        "> [!TIP]",
        "- ",
        "1. ",
        "    ",
        "| a | b |",
        "|---|---|",
        "|---|",
        "[x](y.md)",
        "![i](p.png)",
        "<br>",
        "<VPN Connection Name>",
        "\\",
        "\n",
        "\r\n",
        "\r",
        "---",
        "証明書",
        "錯誤 798",
        "0x80090326",
        "HKEY_LOCAL_MACHINE\\SYSTEM",
        "C:\\Users\\x",
        "&lt;",
        "\t",
        " ",
        ":::",
        "[!INCLUDE [t](p.md)]",
        "\ufeff",
        "\x00",
    ]
)
markdownish = st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    # Broken YAML front matter is the one thing a caller is told about by an exception.
    with contextlib.suppress(p2skb.FrontMatterError):
        p2skb.parse(text)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_round_trip_is_exact_for_markdown_shaped_text(text: str) -> None:
    try:
        article = p2skb.parse(text)
    except p2skb.FrontMatterError:
        return
    assert p2skb.from_json(p2skb.to_json(article), p2skb.Article) == article
    line_count = max(article.line_count, 1)
    for diagnostic in article.diagnostics:
        assert 1 <= diagnostic.span.start_line <= diagnostic.span.end_line <= line_count


PAIR_CODES = {
    code
    for code, check in checks().items()
    if check.scope in {Scope.SECTION_PAIR, Scope.ARTICLE_PAIR}
}


@settings(max_examples=200, deadline=None)
@given(markdownish)
def test_an_article_diffed_with_itself_has_no_pair_findings(text: str) -> None:
    try:
        article = p2skb.parse(text, path="ja-jp.md")
    except p2skb.FrontMatterError:
        return
    report = p2skb.diff(article, article)
    assert not [f for f in report.findings if f.code in PAIR_CODES]


@settings(max_examples=200, deadline=None)
@given(markdownish, markdownish)
def test_diff_never_raises_and_locates_inside_the_files(source_text: str, text: str) -> None:
    try:
        source = p2skb.parse(source_text, path="en-us.md")
        translation = p2skb.parse(text, path="ja-jp.md")
    except p2skb.FrontMatterError:
        return
    report = p2skb.diff(source, translation)
    for finding in report.findings:
        assert 1 <= finding.translation.line <= max(translation.line_count, 1)
        if finding.source is not None:
            assert 1 <= finding.source.line <= max(source.line_count, 1)
