"""One fixture test per Microsoft Learn extension: its typed block, fields and span."""

from __future__ import annotations

import textwrap

import p2skb
from p2skb.model import (
    Article,
    Block,
    CodeReference,
    Condition,
    ConditionKind,
    Div,
    ExtensionBlock,
    ImageBlock,
    Include,
    IncludeInline,
    Link,
    Moniker,
    Paragraph,
    Quote,
    Row,
    Span,
    TabGroup,
    Text,
    Video,
    Zone,
)
from p2skb.text import article_blocks


def parse(text: str) -> Article:
    return p2skb.parse(textwrap.dedent(text).lstrip("\n"))


def blocks(text: str) -> tuple[Block, ...]:
    return parse(text).intro


def kinds(article: Article) -> list[str]:
    return [diagnostic.kind for diagnostic in article.diagnostics]


# ---------------------------------------------------------------- include


def test_block_include_in_any_case_interrupts_a_paragraph() -> None:
    found = blocks(
        """
        Intro line
        [!include [Create a VNet](../../includes/vnet.md)]
        [!INCLUDE[tight](~/includes/x.md)]
        """
    )
    assert found == (
        Paragraph((Text("Intro line"),), Span(1, 1)),
        Include("../../includes/vnet.md", (Text("Create a VNet"),), Span(2, 2)),
        Include("~/includes/x.md", (Text("tight"),), Span(3, 3)),
    )


def test_inline_include_inside_a_paragraph() -> None:
    (paragraph,) = blocks("Text [!INCLUDE[v](../includes/version.md)] more.\n")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.content == (
        Text("Text "),
        IncludeInline("../includes/version.md", (Text("v"),)),
        Text(" more."),
    )


# ---------------------------------------------------------------- image


def test_image_with_every_option_and_an_attribute_spaced_after_its_equals() -> None:
    (image,) = blocks(
        ':::image type="icon" source="./media/a.png" alt-text="An icon" lightbox= "./media/b.png"'
        ' border="false" link="https://x.test" loc-scope="azure":::\n'
    )
    assert image == ImageBlock(
        kind="icon",
        source="./media/a.png",
        alt_text=(Text("An icon"),),
        lightbox="./media/b.png",
        border="false",
        link="https://x.test",
        loc_scope="azure",
        description=(),
        span=Span(1, 1),
    )


def test_complex_image_holds_its_long_description_until_image_end() -> None:
    article = parse(
        """
        :::image type="complex" source="./media/d.png" alt-text="Diagram":::
        The long description, **with** markup.

        - and a list
        :::image-end:::

        After.
        """
    )
    image, after = article.intro
    assert isinstance(image, ImageBlock)
    assert (image.kind, image.span) == ("complex", Span(1, 5))
    assert [block.TYPE for block in image.description] == ["paragraph", "list"]
    assert after == Paragraph((Text("After."),), Span(7, 7))
    assert article.diagnostics == ()


def test_complex_image_without_image_end_is_reported_and_keeps_its_text() -> None:
    article = parse(':::image type="complex" source="a.png" alt-text="A":::\nStill described.\n')
    (image,) = article.intro
    assert isinstance(image, ImageBlock)
    assert image.description == (Paragraph((Text("Still described."),), Span(2, 2)),)
    assert kinds(article) == ["unclosed-extension"]
    assert article.diagnostics[0].message.startswith(':::image type="complex" source="a.png"')


# ---------------------------------------------------------------- tabs


def test_tab_group_with_localized_anchors_and_dependent_ids_is_not_sections() -> None:
    article = parse(
        """
        # Title

        ## Example

        # <a name="c"></a>[C#](#tab/csharp)
        C# text.

        # <a name="js"></a>[JavaScript](#tab/csharp/javascript)
        JS text.

        ---

        After the tabs.

        ## Next
        """
    )
    example, following = article.sections
    assert (example.key, following.key) == ("example", "next")
    group, after = example.blocks
    assert isinstance(group, TabGroup)
    assert (group.closed, group.span) == (True, Span(5, 11))
    assert [(tab.id, tab.title, tab.anchors) for tab in group.tabs] == [
        ("csharp", (Text("C#"),), ("c",)),
        ("csharp/javascript", (Text("JavaScript"),), ("js",)),
    ]
    assert [tab.span for tab in group.tabs] == [Span(5, 6), Span(8, 9)]
    assert after == Paragraph((Text("After the tabs."),), Span(13, 13))


def test_tab_group_ends_unclosed_at_a_heading_of_its_level() -> None:
    article = parse(
        """
        ## A

        ## [One](#tab/one)
        one
        ### Inside the tab
        ## B
        """
    )
    a, b = article.sections
    (group,) = a.blocks
    assert isinstance(group, TabGroup)
    assert not group.closed
    assert [block.TYPE for block in group.tabs[0].blocks] == ["paragraph", "heading"]
    assert b.title_text == "B"
    assert kinds(article) == []


# ---------------------------------------------------------------- zones and monikers


def test_zone_that_encloses_headings_is_cut_at_them_and_sections_stay_whole() -> None:
    article = parse(
        """
        ## Example

        ::: zone pivot="programming-language-csharp,programming-language-java"
        C# text.

        ## Attributes

        Attribute text.
        ::: zone-end

        Shown always.
        """
    )
    example, attributes = article.sections
    pivots = ("programming-language-csharp", "programming-language-java")
    assert example.blocks == (
        Zone(pivots, None, (Paragraph((Text("C# text."),), Span(4, 4)),), Span(3, 4)),
    )
    assert example.shown_for == ()
    assert attributes.shown_for == (Condition(ConditionKind.ZONE, ",".join(pivots)),)
    zone, always = attributes.blocks
    assert zone == Zone(
        pivots,
        None,
        (Paragraph((Text("Attribute text."),), Span(8, 8)),),
        Span(8, 9),
        continued=True,
    )
    assert always == Paragraph((Text("Shown always."),), Span(11, 11))
    assert article.diagnostics == ()


def test_moniker_inside_a_zone_with_a_target() -> None:
    (zone,) = blocks(
        """
        ::: zone pivot="a" target="docs"
        ::: moniker range=">= azure-1.0"
        Versioned.
        ::: moniker-end
        ::: zone-end
        """
    )
    assert zone == Zone(
        ("a",),
        "docs",
        (Moniker(">= azure-1.0", (Paragraph((Text("Versioned."),), Span(3, 3)),), Span(2, 4)),),
        Span(1, 5),
    )


def test_unclosed_zone_and_stray_zone_end_are_reported_not_lost() -> None:
    article = parse('::: zone-end\n\n::: zone pivot="a"\nNever closed.\n')
    stray, zone = article.intro
    assert stray == ExtensionBlock("zone-end", "::: zone-end", Span(1, 1))
    assert isinstance(zone, Zone)
    assert zone.span == Span(3, 4)
    assert kinds(article) == ["unmatched-extension", "unclosed-extension"]


# ---------------------------------------------------------------- quotes: div, video


def test_div_classes_and_video() -> None:
    found = blocks(
        """
        > [!div class="nextstepaction"]
        > [Next](next.md)

        > [!div class="checklist"]
        > * One
        > * Two

        > [!VIDEO https://learn.microsoft.com/Shows/x/player]
        """
    )
    next_step, checklist, video = found
    assert next_step == Div(
        "nextstepaction",
        (Paragraph((Link("next.md", None, (Text("Next"),)),), Span(2, 2)),),
        Span(1, 2),
    )
    assert isinstance(checklist, Div)
    assert checklist.css_class == "checklist"
    assert [block.TYPE for block in checklist.blocks] == ["list"]
    assert video == Video("https://learn.microsoft.com/Shows/x/player", Span(8, 8))


def test_alerts_and_plain_quotes_are_unchanged() -> None:
    note, quote = blocks("> [!NOTE]\n> Careful.\n\n> Just a quote.\n")
    assert note.TYPE == "alert"
    assert isinstance(quote, Quote)


# ---------------------------------------------------------------- rows and columns


def test_row_with_columns_and_stray_content() -> None:
    article = parse(
        """
        :::row:::
            :::column span="2":::
            Left.
            :::column-end:::
            :::column:::
            Right.
            :::column-end:::
        :::row-end:::
        """
    )
    (row,) = article.intro
    assert isinstance(row, Row)
    assert row.span == Span(1, 8)
    assert [(column.width, column.span) for column in row.columns] == [
        ("2", Span(2, 4)),
        (None, Span(5, 7)),
    ]
    assert row.columns[1].blocks == (Paragraph((Text("Right."),), Span(6, 6)),)
    assert article.diagnostics == ()


def test_lone_column_and_unclosed_row_are_reported() -> None:
    article = parse(":::column:::\nAlone.\n:::column-end:::\n\n:::row:::\nText.\n")
    lone, row = article.intro
    assert isinstance(lone, Row)
    assert isinstance(row, Row)
    assert [column.width for column in row.columns] == [None]
    assert kinds(article) == ["column-outside-row", "unclosed-extension", "content-outside-column"]


# ---------------------------------------------------------------- code references


def test_code_references_in_both_syntaxes() -> None:
    first, second, third = blocks(
        """
        [!code-csharp[Main](../samples/Program.cs?name=snippet_Main&highlight=2-3)]
        [!code-python[](~/samples/app.py#L10-L20)]
        :::code language="csharp" source="~/repo/Timer.cs" range="11-17" id="timer":::
        """
    )
    assert first == CodeReference(
        syntax="include",
        language="csharp",
        source="../samples/Program.cs",
        name="snippet_Main",
        range=None,
        highlight="2-3",
        id=None,
        title=(Text("Main"),),
        span=Span(1, 1),
    )
    assert isinstance(second, CodeReference)
    assert (second.source, second.range, second.name) == ("~/samples/app.py", "10-20", None)
    assert isinstance(third, CodeReference)
    assert (third.syntax, third.source, third.range, third.id) == (
        "triple_colon",
        "~/repo/Timer.cs",
        "11-17",
        "timer",
    )


# ---------------------------------------------------------------- unknown extensions


def test_unknown_extensions_are_raw_blocks_with_a_diagnostic_never_paragraphs() -> None:
    article = parse(
        """
        Some text
        :::form server="x":::
        [!BADGE Preview]

        > [!FUTURE thing]
        > inside
        """
    )
    paragraph, form, badge, quoted = article.intro
    assert paragraph == Paragraph((Text("Some text"),), Span(1, 1))
    assert form == ExtensionBlock("form", ':::form server="x":::', Span(2, 2))
    assert badge == ExtensionBlock("BADGE", "[!BADGE Preview]", Span(3, 3))
    assert quoted == ExtensionBlock("FUTURE", "> [!FUTURE thing]\n> inside", Span(5, 6))
    assert kinds(article) == ["unknown-extension"] * 3


def test_extension_syntax_in_code_is_code() -> None:
    (code,) = blocks('```md\n[!INCLUDE [x](y.md)]\n:::image source="a":::\n```\n')
    assert code.TYPE == "code"


def test_every_extension_block_is_reached_by_article_blocks() -> None:
    article = parse(
        """
        ::: zone pivot="a"
        # [T](#tab/t)
        > [!div class="x"]
        > [!INCLUDE [i](i.md)]

        ---
        ::: zone-end
        """
    )
    assert [block.TYPE for block in article_blocks(article)] == [
        "zone",
        "tab_group",
        "div",
        "include",
    ]


def test_extensions_missing_their_target_are_reported() -> None:
    article = parse(
        '[!INCLUDE [t]()]\n\n:::image alt-text="No source":::\n\n:::code language="cs":::\n'
    )
    assert [block.TYPE for block in article.intro] == ["include", "image_block", "code_reference"]
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [
        ("incomplete-extension", 1),
        ("incomplete-extension", 3),
        ("incomplete-extension", 5),
    ]


def test_a_zone_left_open_across_headings_is_reported_where_it_opened() -> None:
    article = parse('## A\n\n::: zone pivot="a"\nx\n\n## B\n\ny\n')
    a, b = article.sections
    assert [block.TYPE for block in a.blocks] == [block.TYPE for block in b.blocks] == ["zone"]
    assert [(d.kind, d.span.start_line) for d in article.diagnostics] == [("unclosed-extension", 3)]


def test_a_code_reference_inside_a_paragraph_is_an_inline_reference() -> None:
    article = parse(
        """
        Shared classes:[!code-csharp[Main](~/samples/shared/MonitorRequest.csx?name=a)]
        Then:\\
        [!code-json[Main](~/samples/E3_Monitor/function.json)] and more.
        """
    )
    (paragraph,) = article.intro
    assert isinstance(paragraph, Paragraph)
    found = [item for item in paragraph.content if isinstance(item, p2skb.CodeReferenceInline)]
    assert [(item.language, item.source, item.name) for item in found] == [
        ("csharp", "~/samples/shared/MonitorRequest.csx", "a"),
        ("json", "~/samples/E3_Monitor/function.json", None),
    ]
    assert not article.diagnostics
