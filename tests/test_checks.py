"""One passes/fails pair per check, on minimal Markdown."""

from __future__ import annotations

import p2skb
from p2skb.drift import diff, lint
from tests.checking import (
    LOCALIZED_FRONT_MATTER,
    article,
    fails,
    findings,
    lint_findings,
    passes,
)

HEAD = "# T\n\n"
A_JA = HEAD + '## <a name="a"></a>甲\n\n'  # a translated section "a"


def test_missing_section() -> None:
    source = HEAD + "## A\n\ntext\n\n## B\n\ntext\n"
    finding = fails("missing-section", source, HEAD + '## <a name="a"></a>甲\n\n本文\n')
    assert finding.key == "b"
    assert finding.source is not None
    assert finding.source.line == 11
    assert passes(
        "missing-section", source, HEAD + '## <a name="a"></a>甲\n\n## <a name="b"></a>乙\n'
    )


def test_a_missing_section_is_placed_where_it_belongs() -> None:
    source = HEAD + "## A\n\n## B\n\n## C\n\n## D\n"
    first_missing = (
        HEAD + '## <a name="b"></a>乙\n\n## <a name="c"></a>丙\n\n## <a name="d"></a>丁\n'
    )
    body = LOCALIZED_FRONT_MATTER.count("\n")  # lines before the body
    assert fails("missing-section", source, first_missing).translation.line == body + 3  # at B
    last_missing = (
        HEAD + '## <a name="a"></a>甲\n\n## <a name="b"></a>乙\n\n## <a name="c"></a>丙\n'
    )
    last = fails("missing-section", source, last_missing)
    assert last.translation.line == body + last_missing.count("\n")  # the end
    # C is missing and the sections around it were reordered (D before A): after B
    reordered = (
        HEAD + '## <a name="d"></a>丁\n\n## <a name="a"></a>甲\n\n## <a name="b"></a>乙\n\n本文\n'
    )
    assert fails("missing-section", source, reordered).translation.line == body + 9


def test_extra_section() -> None:
    source = HEAD + "## A\n"
    finding = fails(
        "extra-section", source, HEAD + '## <a name="a"></a>甲\n\n## <a name="z"></a>乙\n'
    )
    assert (finding.key, finding.translation.line) == ("z", 11)
    assert passes("extra-section", source, HEAD + '## <a name="a"></a>甲\n')


def test_section_order() -> None:
    source = HEAD + "## A\n\n## B\n\n## C\n"
    swapped = HEAD + '## <a name="a"></a>甲\n\n## <a name="c"></a>丙\n\n## <a name="b"></a>乙\n'
    finding = fails("section-order", source, swapped)
    assert finding.key in {"b", "c"}
    ordered = HEAD + '## <a name="a"></a>甲\n\n## <a name="b"></a>乙\n\n## <a name="c"></a>丙\n'
    assert passes("section-order", source, ordered)


def test_section_order_of_sections_that_moved_to_another_parent() -> None:
    source = HEAD + "## U\n\n### A\n\n### B\n\n## N\n"
    lifted = (
        '## <a name="u"></a>U\n\n## <a name="a"></a>甲\n\n'
        '## <a name="b"></a>乙\n\n## <a name="n"></a>N\n'
    )
    assert passes("section-order", source, HEAD + lifted)
    swapped = lifted.replace("甲", "X").replace("乙", "甲").replace("X", "乙")
    swapped = swapped.replace('"a"', '"x"').replace('"b"', '"a"').replace('"x"', '"b"')
    finding = fails("section-order", source, HEAD + swapped)
    assert finding.key in {"u/a", "u/b"}


def test_heading_level() -> None:
    source = HEAD + "## A\n"
    finding = fails("heading-level", source, HEAD + '### <a name="a"></a>甲\n')
    assert "level 3 here, 2 in the source" in finding.message
    assert passes("heading-level", source, HEAD + '## <a name="a"></a>甲\n')


def test_role_mismatch() -> None:
    source = HEAD + "## E\n\n### Symptom\n\n### Causes\n"
    renamed = (
        HEAD
        + '## <a name="e"></a>E\n\n### <a name="symptom"></a>症状\n\n### <a name="cause"></a>原因\n'
    )
    finding = fails("role-mismatch", source, renamed)
    assert "anchored 'cause' here, 'causes' in the source" in finding.message
    assert passes("missing-section", source, renamed)  # aligned by role, not reported twice
    kept = renamed.replace('name="cause"', 'name="causes"')
    assert passes("role-mismatch", source, kept)


def test_block_sequence() -> None:
    source = HEAD + "## A\n\n1. step\n\n   | a | b |\n   |---|---|\n   | 1 | 2 |\n"
    broken = (
        HEAD + '## <a name="a"></a>甲\n\n1. 手順\n\n   | a | b |\n   |---|---|---|\n   | 1 | 2 |\n'
    )
    finding = fails("block-sequence", source, broken)
    assert finding.message == "paragraph here where the source has table"
    assert finding.translation.line == 13
    fixed = broken.replace("|---|---|---|", "|---|---|")
    assert passes("block-sequence", source, fixed)


def test_list_length() -> None:
    source = HEAD + "## A\n\n1. a\n2. b\n3. c\n"
    finding = fails("list-length", source, HEAD + '## <a name="a"></a>甲\n\n1. a\n2. b\n')
    assert "2 items here, 3 in the source" in finding.message
    assert passes("list-length", source, HEAD + '## <a name="a"></a>甲\n\n1. あ\n2. い\n3. う\n')


def test_table_shape() -> None:
    source = HEAD + "## A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    finding = fails(
        "table-shape", source, HEAD + '## <a name="a"></a>甲\n\n| a |\n|---|\n| 1 |\n| 2 |\n'
    )
    assert "1 columns x 2 rows here, 2 x 1 in the source" in finding.message
    assert passes(
        "table-shape", source, HEAD + '## <a name="a"></a>甲\n\n| あ | い |\n|---|---|\n| 1 | 2 |\n'
    )


def test_code_changed() -> None:
    source = HEAD + "## A\n\n```powershell\nGet-Item x\nSet-Item y\n```\n"
    finding = fails(
        "code-changed",
        source,
        HEAD + '## <a name="a"></a>甲\n\n```powershell\nGet-Item x\nSet-Item z\n```\n',
    )
    assert finding.translation.line == 13  # the differing line inside the fence
    assert passes(
        "code-changed",
        source,
        HEAD + '## <a name="a"></a>甲\n\n```powershell\nGet-Item x  \nSet-Item y\n```\n',
    )


def test_alert_kind() -> None:
    source = HEAD + "## A\n\n> [!NOTE]\n> text\n"
    finding = fails("alert-kind", source, HEAD + '## <a name="a"></a>甲\n\n> [!WARNING]\n> 本文\n')
    assert finding.message == "alert [!WARNING] here, [!NOTE] in the source"
    assert passes("alert-kind", source, HEAD + '## <a name="a"></a>甲\n\n> [!NOTE]\n> 本文\n')


TABS = "# [C#](#tab/csharp)\n\n{csharp}\n\n# [Python](#tab/python)\n\n{python}\n\n---\n"


def test_blocks_inside_tabs_are_paired_by_tab_id_and_compared() -> None:
    source = HEAD + "## A\n\n" + TABS.format(csharp="> [!NOTE]\n> c", python="> [!TIP]\n> p")
    # the translation dropped a paragraph in the first tab and changed the second's alert
    translation = (
        HEAD
        + '## <a name="a"></a>甲\n\n'
        + TABS.format(csharp="> [!NOTE]\n> 甲\n\n余分", python="> [!WARNING]\n> 乙")
    )
    finding = fails("alert-kind", source, translation)
    assert finding.message == "alert [!WARNING] here, [!TIP] in the source"
    assert finding.translation.line == LOCALIZED_FRONT_MATTER.count("\n") + 14
    # tabs in another order are still paired by id: nothing changed in them
    swapped = (
        HEAD
        + '## <a name="a"></a>甲\n\n# [Python](#tab/python)\n\n> [!TIP]\n> 乙\n\n'
        + "# [C#](#tab/csharp)\n\n> [!NOTE]\n> 甲\n\n---\n"
    )
    assert passes("alert-kind", source, swapped)


def test_code_in_a_zone_is_compared_when_the_section_has_other_code() -> None:
    zone = '::: zone pivot="{pivot}"\n\n```python\n{code}\n```\n\n::: zone-end\n\n'
    source = HEAD + "## A\n\n" + zone.format(pivot="a", code="x = 1\ny = 2\nz = 3")
    # an extra code block before the zone: the section's code blocks are not as many
    translation = (
        HEAD
        + '## <a name="a"></a>甲\n\n```text\nextra\n```\n\n'
        + zone.format(pivot="a", code="x = 1\ny = 5\nz = 3")
    )
    finding = fails("code-changed", source, translation)
    assert "'y = 5' here, 'y = 2' in the source" in finding.message


def test_a_dropped_list_item_is_paired_by_what_the_items_hold() -> None:
    source = HEAD + "## A\n\n1. Run `a`.\n2. Run `b`.\n3. Run `c` with **d**.\n"
    dropped = HEAD + '## <a name="a"></a>甲\n\n1. `a` を実行。\n2. `c` と **d** を実行。\n'
    # the third item is paired with the second one: its bold and code are where they belong
    assert passes("emphasis-lost", source, dropped)
    assert passes("block-sequence", source, dropped)
    assert fails("list-length", source, dropped)


def test_link_target() -> None:
    source = (
        HEAD
        + "## A\n\nSee [reset](vpn-gateway-resetgw-classic.md) and [docs](https://learn.microsoft.com/en-us/azure/x).\n"
    )
    moved = (
        HEAD
        + '## <a name="a"></a>甲\n\n[リセット](./reset-gateway.md)、[ドキュメント](https://learn.microsoft.com/ja-jp/azure/x)。\n'
    )
    finding = fails("link-target", source, moved)
    assert (
        finding.message
        == "link target './reset-gateway.md' here, 'vpn-gateway-resetgw-classic.md' in the source"
    )
    kept = moved.replace("./reset-gateway.md", "vpn-gateway-resetgw-classic.md")
    assert passes("link-target", source, kept)  # the /ja-jp/ locale segment is not drift


def test_inline_code() -> None:
    source = HEAD + "## A\n\nRun `mmc.exe` now.\n"
    finding = fails(
        "inline-code", source, HEAD + '## <a name="a"></a>甲\n\n`mmc .exe` を実行します。\n'
    )
    assert "'mmc .exe' here, 'mmc.exe' in the source" in finding.message
    assert passes(
        "inline-code", source, HEAD + '## <a name="a"></a>甲\n\n`mmc.exe` を実行します。\n'
    )


def test_invariant_mismatch() -> None:
    source = HEAD + "## A\n\n**The message was unexpected. (Error 0x80090326)**\n"
    finding = fails(
        "invariant-mismatch",
        source,
        HEAD + '## <a name="a"></a>甲\n\n**予期しないメッセージです。(エラー 0x80090362)**\n',
    )
    assert finding.message == "error code '0x80090362' here, '0x80090326' in the source"
    assert finding.translation.line == 11
    assert passes(
        "invariant-mismatch",
        source,
        HEAD + '## <a name="a"></a>甲\n\n**予期しないメッセージです。(エラー 0x80090326)**\n',
    )


def test_invariant_mismatch_reads_the_literal_text_the_invariants_came_from() -> None:
    """A path in a source HTML block is the source's invariant: found there, it is kept."""
    path = "C:\\Windows\\System32\\drivers\\etc\\hosts"
    source = HEAD + f"## A\n\n<pre>\n{path}\n</pre>\n"
    assert article(source, localized=False).sections[0].invariants.paths == (path,)
    assert passes("invariant-mismatch", source, A_JA + f"ファイル {path} を開きます。\n")


def test_invariant_mismatch_points_at_the_line_in_a_code_block() -> None:
    source = HEAD + "## A\n\nText.\n\n```\nGET https://example.com/a\n```\n"
    translation = A_JA + "本文。\n\n```\nGET https://example.com/b\n```\n"
    finding = fails("invariant-mismatch", source, translation)
    assert finding.translation.line == 14  # the code line, not the heading (line 9)
    assert finding.source is not None
    assert finding.source.line == 12


def test_emphasis_lost() -> None:
    source = HEAD + "## A\n\nClick **Start**.\n"
    two = HEAD + "## A\n\nIntro.\n\nClick **Start**.\n"
    finding = fails(
        "emphasis-lost", two, HEAD + '## <a name="a"></a>甲\n\n紹介。\n\n按一下 [啟動]。\n'
    )
    assert (
        finding.message
        == "0 bold/italic spans here, 1 in the source; the source's 'Start' is plain here"
    )
    assert finding.translation.line == LOCALIZED_FRONT_MATTER.count("\n") + 7  # its paragraph
    # markers left visible are broken-emphasis's: one cause, one finding
    literal = HEAD + '## <a name="a"></a>甲\n\n按一下 [啟動]****。\n'
    assert passes("emphasis-lost", source, literal)
    assert lint_findings("broken-emphasis", literal)
    assert passes(
        "emphasis-lost", source, HEAD + '## <a name="a"></a>甲\n\n**[開始]** をクリックします。\n'
    )
    assert passes("emphasis-lost", source, HEAD + '## <a name="a"></a>甲\n\n单击“开始”。\n')


def test_html_swallowed() -> None:
    source = HEAD + "## A\n\nDialing \\<VPN Connection Name\\> failed.\n"
    finding = fails(
        "html-swallowed",
        source,
        HEAD + '## <a name="a"></a>甲\n\n撥號 <VPN Connection Name> 失敗。\n',
    )
    assert finding.message.startswith("'<VPN Connection Name>' is read as an HTML tag")
    assert passes(
        "html-swallowed",
        source,
        HEAD + '## <a name="a"></a>甲\n\n撥號 \\<VPN Connection Name\\> 失敗。<br>\n',
    )


def test_stale_source() -> None:
    # The source was reviewed (ms.date 01/01/2020) before this handoff (02/01/2020): current.
    assert passes("stale-source", HEAD, HEAD)
    late = p2skb.parse(LOCALIZED_FRONT_MATTER.replace("02/01/2020", "12/01/2019") + HEAD)
    found = diff(article(HEAD, localized=False), late, select=["stale-source"]).findings
    assert [(f.translation.line, f.source.line if f.source else 0) for f in found] == [(5, 3)]
    assert "ms.lasthandoff 12/01/2019" in found[0].message


def test_stale_source_between_two_translations() -> None:
    ja = p2skb.parse("---\nms.sourcegitcommit: aaa\nms.contentlocale: ja-JP\n---\n# T\n")
    zh = p2skb.parse("---\nms.sourcegitcommit: bbb\nms.contentlocale: zh-TW\n---\n# T\n")
    found = diff(ja, zh, select=["stale-source"]).findings
    assert [f.message for f in found] == [
        (
            "ms.sourcegitcommit is bbb here, aaa in the source: "
            "translated from different en-us revisions"
        )
    ]
    assert diff(ja, ja, select=["stale-source"]).findings == ()


def test_machine_translated() -> None:
    machine = p2skb.parse(LOCALIZED_FRONT_MATTER.replace("HT", "MT") + HEAD, path="ja-jp.md")
    found = lint(machine, select=["machine-translated"]).findings
    assert [(f.severity, f.translation.line) for f in found] == [(p2skb.Severity.INFO, 3)]
    assert lint_findings("machine-translated", HEAD) == []


def test_malformed_table() -> None:
    found = lint_findings(
        "malformed-table", HEAD + "| a | b | c |\n|---|---|---|---|\n| 1 | 2 | 3 |\n"
    )
    assert [(f.translation.line, f.message) for f in found] == [
        (9, "the table's header has 3 cells and its delimiter row 4: it renders as text")
    ]
    assert (
        lint_findings("malformed-table", HEAD + "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n")
        == []
    )


def test_broken_emphasis() -> None:
    found = lint_findings("broken-emphasis", HEAD + "按一下 [啟動]****。\n\n**錯誤 798) **\n")
    assert [f.translation.line for f in found] == [9, 11]
    assert lint_findings("broken-emphasis", HEAD + "**[開始]** をクリック。`a**b`\n") == []


def test_duplicate_anchor() -> None:
    body = HEAD + '## <a name="a"></a>甲\n\n## <a name="a"></a>乙\n'
    assert [f.translation.line for f in lint_findings("duplicate-anchor", body)] == [11]
    assert (
        lint_findings(
            "duplicate-anchor", HEAD + '## <a name="a"></a>甲\n\n### <a name="a"></a>乙\n'
        )
        == []
    )


def test_missing_anchor() -> None:
    found = lint_findings("missing-anchor", HEAD + '## <a name="a"></a>甲\n\n## 乙\n')
    assert [(f.key, f.translation.line) for f in found] == [("乙", 11)]
    assert lint_findings("missing-anchor", HEAD + "## A\n", localized=False) == []


def test_wrong_language() -> None:
    german = (
        "# T\n\nDieser Artikel beschreibt häufige Probleme mit Verbindungen und deren Lösungen.\n"
    )
    found = lint_findings("wrong-language", german)  # declared ja-jp
    assert [f.message.split(" (")[0] for f in found] == ["the prose is de"]
    japanese = "# T\n\nこの記事では、ポイント対サイト接続のよくある問題について説明します。\n"
    assert lint_findings("wrong-language", japanese) == []


def test_untranslated() -> None:
    source = HEAD + "## A\n\nRestart the computer and try to connect again.\n"
    finding = fails(
        "untranslated",
        source,
        HEAD + '## <a name="a"></a>甲\n\nRestart the computer and try to connect again.\n',
    )
    assert (finding.translation.line, finding.severity) == (11, p2skb.Severity.WARNING)
    kept_names = A_JA + "**Network Settings** で IKEv2 と `AzureClient.pfx` を確認します。\n"
    assert passes("untranslated", source, kept_names)
    header = A_JA + "| Date | 場所 |\n|---|---|\n| AzureClient.pfx | 現在のユーザー |\n"
    info = fails("untranslated", source, header)
    assert (info.severity, info.message) == (
        p2skb.Severity.INFO,
        "header cell not translated (one word): 'Date'",
    )


# ---------------------------------------------------------------- Microsoft Learn extensions


def test_include_target() -> None:
    source = HEAD + "## A\n\n[!INCLUDE [Intro](../includes/intro.md)]\n"
    finding = fails(
        "include-target", source, A_JA + "[!INCLUDE [前書き](../includes/intro-ja.md)]\n"
    )
    assert (finding.translation.line, finding.source and finding.source.line) == (11, 9)
    assert "'../includes/intro-ja.md' here" in finding.message
    missing = fails("include-target", source, A_JA + "本文\n")
    assert "of the source is missing" in missing.message
    inline = fails(
        "include-target",
        source,
        A_JA + "[!include[x](../includes/intro.md)] と [!INCLUDE[y](z.md)]\n",
    )
    assert "'z.md' is not in the source" in inline.message
    assert passes("include-target", source, A_JA + "[!include [前書き](../includes/intro.md)]\n")


def test_image_source_and_type() -> None:
    source = (
        HEAD + '## A\n\n:::image type="content" source="./media/a.png" alt-text="A diagram.":::\n'
    )
    moved = A_JA + ':::image type="content" source="./media/ja/a.png" alt-text="図。":::\n'
    assert "'./media/ja/a.png' here" in fails("image-source", source, moved).message
    complex_now = (
        A_JA
        + ':::image type="complex" source="./media/a.png" alt-text="図。":::\n'
        + "説明\n:::image-end:::\n"
    )
    finding = fails("image-type", source, complex_now)
    assert finding.message == "image type 'complex' here, 'content' in the source"
    translated = A_JA + ':::image type="content" source="./media/a.png" alt-text="図。":::\n'
    assert passes("image-source", source, translated)
    assert passes("image-type", source, translated)


def test_alt_text_left_in_english_is_untranslated_at_info() -> None:
    source = (
        HEAD + '## A\n\n:::image source="a.png" alt-text="Screenshot of the gateway page.":::\n'
    )
    kept = A_JA + ':::image source="a.png" alt-text="Screenshot of the gateway page.":::\n'
    finding = fails("untranslated", source, kept)
    assert (finding.severity, finding.translation.line) == (p2skb.Severity.INFO, 11)
    assert passes(
        "untranslated",
        source,
        A_JA + ':::image source="a.png" alt-text="ゲートウェイ ページのスクリーンショット。":::\n',
    )


def test_tab_mismatch() -> None:
    tabs = "# [{one}](#tab/{a})\n\n1\n\n# [{two}](#tab/{b})\n\n2\n\n---\n"
    source = HEAD + "## A\n\n" + tabs.format(one="Portal", a="portal", two="CLI", b="cli")
    same = A_JA + tabs.format(one="ポータル", a="portal", two="CLI", b="cli")
    assert passes("tab-mismatch", source, same)
    renamed = A_JA + tabs.format(one="ポータル", a="ポータル", two="CLI", b="cli")
    finding = fails("tab-mismatch", source, renamed)
    assert finding.message == "tab group 'ポータル, cli' here, 'portal, cli' in the source"
    reordered = A_JA + tabs.format(one="CLI", a="cli", two="ポータル", b="portal")
    assert "'cli, portal' here" in fails("tab-mismatch", source, reordered).message


def test_zone_mismatch_compares_zones_and_what_sections_are_shown_for() -> None:
    source = HEAD + '::: zone pivot="python"\n\n## A\n\ntext\n\n::: zone-end\n'
    same = HEAD + '::: zone pivot="python"\n\n## <a name="a"></a>甲\n\n本文\n\n::: zone-end\n'
    assert passes("zone-mismatch", source, same)
    other = same.replace('"python"', '"csharp"')
    found = findings("zone-mismatch", source, other)
    assert {finding.message for finding in found} == {
        "zone pivot 'csharp' here, 'python' in the source"
    }
    assert "of the source is missing" in fails("zone-mismatch", source, A_JA + "本文\n").message


def test_moniker_mismatch() -> None:
    source = HEAD + '## A\n\n::: moniker range=">=v2"\ntext\n::: moniker-end\n'
    assert passes(
        "moniker-mismatch", source, A_JA + '::: moniker range=">=v2"\n本文\n::: moniker-end\n'
    )
    finding = fails(
        "moniker-mismatch", source, A_JA + '::: moniker range=">=v1"\n本文\n::: moniker-end\n'
    )
    assert finding.message == "moniker range '>=v1' here, '>=v2' in the source"


def test_div_class() -> None:
    source = HEAD + '## A\n\n> [!div class="nextstepaction"]\n> [Next](next.md)\n'
    assert passes(
        "div-class", source, A_JA + '> [!div class="nextstepaction"]\n> [次へ](next.md)\n'
    )
    finding = fails(
        "div-class", source, A_JA + '> [!div class="次のステップ"]\n> [次へ](next.md)\n'
    )
    assert finding.message == "div class '次のステップ' here, 'nextstepaction' in the source"


def test_code_reference() -> None:
    source = HEAD + "## A\n\n[!code-csharp[](~/s/P.cs?name=Main&range=1-5)]\n"
    assert passes(
        "code-reference", source, A_JA + "[!code-csharp[](~/s/P.cs?name=Main&range=1-5)]\n"
    )
    finding = fails(
        "code-reference", source, A_JA + "[!code-csharp[](~/s/P.cs?name=Main&range=1-6)]\n"
    )
    assert finding.message == (
        "code reference 'csharp ~/s/P.cs name=Main range=1-6' here, "
        "'csharp ~/s/P.cs name=Main range=1-5' in the source"
    )
    colon = HEAD + '## A\n\n:::code language="python" source="~/a.py" range="3-4":::\n'
    assert passes(
        "code-reference", colon, A_JA + ':::code language="python" source="~/a.py" range="3-4":::\n'
    )
    assert fails(
        "code-reference", colon, A_JA + ':::code language="python" source="~/b.py" range="3-4":::\n'
    )


def test_severities_order_by_rank() -> None:
    assert p2skb.Severity.ERROR > p2skb.Severity.WARNING > p2skb.Severity.INFO
    assert max(p2skb.Severity) is p2skb.Severity.ERROR
    summary = p2skb.Summary(error=0, warning=2, info=1) + p2skb.Summary(info=3)
    assert (summary.info, summary.worst) == (4, p2skb.Severity.WARNING)
    assert p2skb.Summary().worst is None


def test_the_intro_is_compared_like_a_section() -> None:
    """Blocks between the title and the first section are checked too (key "")."""
    source = HEAD + "See [the guide](guide.md) for \\<Gateway Name\\>.\n\n## A\n\ntext\n"
    translation = "# T\n\n{}\n\n" + '## <a name="a"></a>甲\n\n本文\n'
    link = fails(
        "link-target", source, translation.format("[手引き](other.md) の \\<Gateway Name\\>。")
    )
    assert (link.key, link.translation.line) == ("", 9)
    tag = fails(
        "html-swallowed", source, translation.format("[手引き](guide.md) の <Gateway Name>。")
    )
    assert (tag.key, tag.translation.line) == ("", 9)
    assert passes("link-target", source, translation.format("[手引き](guide.md) の名前。"))


def test_heading_level_inside_a_tab_panel() -> None:
    tabs = "# [C#](#tab/csharp)\n\n{} function.json\n\nText.\n\n---\n"
    source = HEAD + "## A\n\n" + tabs.format("####")
    assert passes("heading-level", source, A_JA + tabs.format("####"))
    finding = fails("heading-level", source, A_JA + tabs.format("###"))
    assert finding.message == "heading level 3 here, 4 in the source"
    assert finding.translation.line == 13


def test_a_file_name_split_by_a_space_is_reported_where_it_is() -> None:
    source = HEAD + "## A\n\nInstall AzureRoot.cer now.\n"
    finding = fails("invariant-mismatch", source, A_JA + "AzureRoot .cer をインストールします。\n")
    assert finding.message == (
        "file name 'AzureRoot .cer' here, 'AzureRoot.cer' in the source: split by a space"
    )
    assert finding.translation.line == 11
    # a path split by spaces at its separators (the seed's zh-tw), found once where it is
    path = HEAD + "## A\n\nOpen C:\\Users\\Public\\Cm\\GUID.\n\nDone.\n"
    split = fails(
        "invariant-mismatch", path, A_JA + "完了。\n\n開く C:\\Users \\Public\\Cm\\GUID。\n"
    )
    assert "'C:\\Users \\Public\\Cm\\GUID' here" in split.message
    assert split.translation.line == 13


def test_an_html_comment_is_not_a_block_difference() -> None:
    source = HEAD + "## A\n\nText.\n"
    comment = A_JA + "本文。\n\n<!-- Update_Description: update metadata properties -->\n"
    assert passes("block-sequence", source, comment)
    assert not passes("block-sequence", source, A_JA + "本文。\n\n<div>x</div>\n")


def test_emphasis_lost_points_at_the_paragraph_and_names_the_span() -> None:
    source = HEAD + "## A\n\nFirst **Save**.\n\nThen **Close**.\n"
    finding = fails("emphasis-lost", source, A_JA + "まず **保存**。\n\n次に閉じる。\n")
    assert finding.translation.line == 13
    assert finding.source is not None
    assert finding.source.line == 11
    assert finding.message.endswith("the source's 'Close' is plain here")


def test_placeholder() -> None:
    source = HEAD + "## A\n\nOpen `x` as \\<UserName> on &lt;*gateway name*&gt;.\n"
    emptied = A_JA + "\\<UserName> として &lt;  &gt; で `x` を開きます。\n"
    finding = fails("placeholder", source, emptied)
    assert finding.message == "placeholder '<  >' is empty, '<gateway name>' in the source"
    assert finding.translation.line == 11
    padded = A_JA + "\\<UserName> として &lt; *閘道名稱* &gt; で開きます。\n"
    assert "is padded with spaces" in fails("placeholder", source, padded).message
    cased = A_JA + "\\<username> として &lt;*閘道名稱*&gt; で開きます。\n"
    assert "'<username>' is in other case" in fails("placeholder", source, cased).message
    lost = A_JA + "ユーザー名として &lt;*閘道名稱*&gt; で開きます。\n"
    assert fails("placeholder", source, lost).message == (
        "placeholder '<gateway name>' of the source is missing"
    )
    translated = A_JA + "\\<ユーザー名> として &lt;*閘道名稱*&gt; で開きます。\n"
    assert passes("placeholder", source, translated)


def test_one_cause_one_finding_when_a_block_changes_kind() -> None:
    source = HEAD + "## A\n\nSet the key:\n\n    DisableDomainCreds\n"
    inline = A_JA + "キーを設定します: `DisableDomainCreds`\n"
    report = diff(article(source, localized=False), article(inline))
    assert [finding.name for finding in report.findings] == ["block-sequence"]


def test_values_of_a_block_that_changed_shape_are_still_compared() -> None:
    # en-us's table has a broken delimiter row (a paragraph); the translation fixed it
    source = HEAD + "## A\n\n| a | b |\n|---|---|---|\n| [KB1](u1) | [KB2](u2) |\n"
    fixed = A_JA + "| あ | い |\n|---|---|\n| [KB1](u1) | [KB2](u2) |\n"
    assert passes("link-target", source, fixed)
    dropped = A_JA + "| あ | い |\n|---|---|\n| [KB1](u1) | KB2 |\n"
    assert "'u2' of the source is missing" in fails("link-target", source, dropped).message


FR_FRONT_MATTER = LOCALIZED_FRONT_MATTER.replace("ja-JP", "fr-FR")


def test_untranslated_sentence_and_glossed_ui_string_in_a_latin_translation() -> None:
    source = HEAD + "## A\n\nSelect **Configure -> Clear Saved Account**. Then try again.\n"
    glossed = (
        '## <a name="a"></a>A\n\nSélectionnez **Configure -> Clear Saved Account** '
        "(Configurer -> Effacer le compte). Puis réessayez.\n"
    )
    french = p2skb.parse(FR_FRONT_MATTER + HEAD + glossed, path="fr-fr.md")
    found = diff(article(source, localized=False), french, select=["untranslated"]).findings
    assert [f.message for f in found] == [
        "UI string left in en with a translation in parentheses: 'Configure -> Clear Saved Account'"
    ]
    # an English sentence that ran into a translated paragraph
    pasted = (
        '## <a name="a"></a>A\n\nSélectionnez le compte que vous voulez effacer dans la liste '
        "des comptes enregistrés sur cet ordinateur, puis confirmez votre choix avec le bouton. "
        "Then you should try to connect again and check the status.\n"
    )
    mixed = p2skb.parse(FR_FRONT_MATTER + HEAD + pasted, path="fr-fr.md")
    found = diff(article(source, localized=False), mixed, select=["untranslated"]).findings
    assert [f.message.split(":")[0] for f in found] == ["sentence of a paragraph still in en"]


def test_bold_that_ends_mid_sentence() -> None:
    source = HEAD + "## A\n\n**Failed to save gateway &lt;*name*&gt;. Data is invalid.**\n"
    cut = A_JA + "**Error al guardar &lt;*nombre*&gt;. Los datos** no son válidos.\n"
    finding = fails("emphasis-lost", source, cut)
    assert finding.message.startswith("the bold ends mid-sentence: 'no son válidos.' is plain")
    whole = A_JA + "**Error al guardar &lt;*nombre*&gt;. Los datos no son válidos.**\n"
    assert passes("emphasis-lost", source, whole)


def test_a_changed_autolink_is_one_link_target_finding() -> None:
    source = HEAD + "## A\n\nSee <https://example.com/aa/bb> and https://example.com/ee/ff now.\n"
    both = A_JA + "<https://example.com/aa/bX> と https://example.com/ee/fX を参照。\n"
    report = diff(article(source, localized=False), article(both))
    assert [(f.name, f.message.split("'")[1]) for f in report.findings] == [
        ("link-target", "https://example.com/aa/bX"),
        ("invariant-mismatch", "https://example.com/ee/fX"),
    ]


def test_the_title_is_compared_with_its_inline_content() -> None:
    source = "# Troubleshoot a VPN client\n\nIntro.\n"
    swallowed = (
        '# <a name="t"></a>VPN <Gateway Name> クライアントのトラブルシューティング\n\n紹介。\n'
    )
    finding = fails("html-swallowed", source, swallowed)
    assert finding.translation.line == LOCALIZED_FRONT_MATTER.count("\n") + 1
    assert article(swallowed).heading is not None


def test_a_wildcard_split_by_a_space() -> None:
    source = HEAD + "## A\n\nInstall the certificate (*.cer file) now.\n"
    split = A_JA + "憑證 ( * .cer 檔案) をインストールします。\n"
    assert (
        "'* .cer' here, '*.cer' in the source" in fails("invariant-mismatch", source, split).message
    )
    assert passes("invariant-mismatch", source, A_JA + "憑證 (*.cer 檔案) をインストールします。\n")


def test_stale_source_compares_the_copied_ms_date_both_ways() -> None:
    def translated(date: str) -> p2skb.Article:
        front = LOCALIZED_FRONT_MATTER.replace(
            "---\ntitle: T\n", f"---\ntitle: T\nms.date: {date}\n"
        )
        return p2skb.parse(front + HEAD, path="ja-jp.md")

    source = article(HEAD, localized=False)  # ms.date 01/01/2020
    older = diff(source, translated("06/01/2019"), select=["stale-source"]).findings
    assert [f.message for f in older] == [
        (
            "ms.date is 06/01/2019 here, 01/01/2020 in the source: "
            "translated from an older revision of the source"
        )
    ]
    assert older[0].translation.line == 3
    newer = diff(source, translated("03/01/2020"), select=["stale-source"]).findings
    assert "a newer revision" in newer[0].message  # the source checkout is behind
    assert not diff(source, translated("01/01/2020"), select=["stale-source"]).findings
