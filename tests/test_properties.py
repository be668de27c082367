"""Generated input: parse never raises on arbitrary text; the JSON round trip is exact."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

import p2skb

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
