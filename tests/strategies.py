"""Hypothesis strategies for Microsoft-Docs-shaped articles and their mutated translations.

``articles()`` draws whole articles: front matter with the ``ms.*`` keys,
anchored headings with repeated role anchors, lists with tables inside,
alerts, code, raw HTML, CJK and right-to-left text, and broken markup.
``translation_of(text)`` mutates one article the ways translators and machine
translation do (dropped or moved sections, broken tables and emphasis, changed
codes and links, swallowed tags).
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "VPN",
        "client",
        "certificate",
        "Azure",
        "gateway",
        "error",
        "the",
        "connect",
        "証明書",
        "接続",
        "エラー",
        "憑證",
        "連線",
        "证书",
        "인증서",
        "연결",
        "Zertifikat",
        "certificat",
        "שגיאה",
        "خطأ",
        "0x80090326",
        "798",
        "KB4057142",
        "IKEv2",
        r"C:\Users\<UserName>\AppData",
        r"HKEY_LOCAL_MACHINE\SYSTEM\x",
        "https://learn.microsoft.com/en-us/x",
    ]
)
sentence = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
ANCHORS = st.sampled_from(
    ["symptom", "cause", "causes", "solution", "overview", "next-steps", "a", "b"]
)
BROKEN = st.sampled_from(
    ["****", "** ", "**", "_", "[", "]", "<VPN Connection Name>", "<User>", "\\", "`", "|"]
)


def _inline() -> st.SearchStrategy[str]:
    plain = sentence
    bold = sentence.map(lambda text: f"**{text}**")
    code = sentence.map(lambda text: f"`{text}`")
    link = st.tuples(
        sentence,
        st.sampled_from(
            ["./reset-gateway.md", "x.md#a", "https://learn.microsoft.com/ja-jp/azure/x"]
        ),
    ).map(lambda pair: f"[{pair[0]}]({pair[1]})")
    return st.lists(st.one_of(plain, bold, code, link, BROKEN), min_size=1, max_size=5).map(
        " ".join
    )


inline = _inline()


def _table(indent: str = "") -> st.SearchStrategy[str]:
    def render(shape: tuple[int, int, int]) -> str:
        columns, rows, delimiter = shape
        header = "| " + " | ".join(f"h{i}" for i in range(columns)) + " |"
        line = "|" + "---|" * delimiter
        body = ["| " + " | ".join(f"c{r}{i}" for i in range(columns)) + " |" for r in range(rows)]
        return "\n".join(indent + part for part in [header, line, *body])

    # The delimiter row sometimes has a cell too many: the real zh-tw defect.
    return st.tuples(st.integers(1, 4), st.integers(0, 3), st.integers(1, 5)).map(render)


def _block() -> st.SearchStrategy[str]:
    paragraph = inline
    listed = st.lists(inline, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))
    )
    list_with_table = st.tuples(inline, _table("   ")).map(
        lambda pair: f"1. {pair[0]}\n\n{pair[1]}"
    )
    alert = st.tuples(
        st.sampled_from(["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"]), inline
    ).map(lambda pair: f"> [!{pair[0]}]\n> {pair[1]}")
    fenced = st.tuples(st.sampled_from(["", "text", "powershell"]), sentence).map(
        lambda pair: f"```{pair[0]}\n{pair[1]}\n```"
    )
    indented = sentence.map(lambda text: f"    {text}")
    html = st.sampled_from(["<br>", "<div>x</div>", '<a name="x"></a>', "<!-- comment -->"])
    return st.one_of(
        paragraph, listed, list_with_table, _table(), alert, fenced, indented, html, _extension()
    )


def _extension() -> st.SearchStrategy[str]:
    """Microsoft Learn extensions, well formed or broken the ways translators break them."""
    path = st.sampled_from(["../../includes/a.md", "~/includes/b.md", "../../../../etc/passwd", ""])
    include = st.tuples(sentence, path).map(lambda pair: f"[!INCLUDE [{pair[0]}]({pair[1]})]")
    inline_include = st.tuples(inline, path).map(lambda pair: f"{pair[0]} [!include[t]({pair[1]})]")
    image = st.tuples(st.sampled_from(["content", "icon", "complex", ""]), sentence, inline).map(
        lambda parts: (
            f':::image type="{parts[0]}" source="./media/a.png" alt-text="{parts[1]}":::'
            + (f"\n{parts[2]}\n:::image-end:::" if parts[0] == "complex" else "")
        )
    )
    tab = st.tuples(st.sampled_from(["", '<a name="c"></a>']), sentence, ANCHORS).map(
        lambda parts: f"# {parts[0]}[{parts[1]}](#tab/{parts[2]})"
    )
    tabs = st.tuples(st.lists(st.tuples(tab, inline), min_size=1, max_size=3), st.booleans()).map(
        lambda pair: (
            "\n\n".join(f"{heading}\n\n{text}" for heading, text in pair[0])
            + ("\n\n---" if pair[1] else "")
        )
    )
    marker = st.sampled_from(
        [
            '::: zone pivot="programming-language-csharp,programming-language-java"',
            "::: zone-end",
            '::: moniker range=">= v2"',
            "::: moniker-end",
            ":::row:::",
            ':::column span="2":::',
            ":::column-end:::",
            ":::row-end:::",
            ":::image-end:::",
            ":::unknown-thing:::",
            "[!BADGE x]",
        ]
    )
    quoted = st.tuples(
        st.sampled_from(
            [
                '[!div class="nextstepaction"]',
                '[!div class="checklist"]',
                "[!VIDEO https://x.test/v]",
            ]
        ),
        inline,
    ).map(lambda pair: f"> {pair[0]}\n> {pair[1]}")
    code_reference = st.sampled_from(
        [
            "[!code-csharp[](~/s/P.cs?name=Main&range=1-5&highlight=2)]",
            "[!code-python[t](a.py#L1-L9)]",
            ':::code language="csharp" source="~/a.cs" range="11-17":::',
        ]
    )
    return st.one_of(include, inline_include, image, tabs, marker, quoted, code_reference)


block = _block()


@st.composite
def _section(draw: st.DrawFn, level: int) -> str:
    anchor = draw(ANCHORS)
    title = draw(sentence)
    written = (
        f'{"#" * level} <a name="{anchor}"></a>{title}'
        if draw(st.booleans())
        else f"{'#' * level} {title}"
    )
    blocks = draw(st.lists(block, max_size=3))
    children = draw(st.lists(_section(level + 1), max_size=3)) if level < 4 else []
    return "\n\n".join([written, *blocks, *children])


FRONT_MATTER = st.fixed_dictionaries(
    {
        "title": sentence,
        "ms.date": st.sampled_from(["03/26/2020", "2020-03-26", "11/03/2021"]),
        "ms.translationtype": st.sampled_from(["HT", "MT"]),
        "ms.contentlocale": st.sampled_from(["ja-JP", "zh-TW", "zh-CN", "ko-KR", "de-DE", "he-IL"]),
        "ms.sourcegitcommit": st.sampled_from(
            ["f6e2ea5571e35b9ed3a79a22485eba4d20ae36cc", "bfeae16f"]
        ),
        "ms.lasthandoff": st.sampled_from(["09/24/2021", "08/10/2020"]),
    }
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """A whole Docs-shaped article as text (line endings and a BOM vary too)."""
    front = draw(FRONT_MATTER)
    lines = ["---", *(f"{key}: {value}" for key, value in front.items()), "---"]
    body = [
        f"# {draw(sentence)}",
        *draw(st.lists(block, max_size=2)),
        *draw(st.lists(_section(2), max_size=4)),
    ]
    text = "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + text.replace("\n", newline)


@st.composite
def translation_of(draw: st.DrawFn, text: str) -> str:
    """``text`` after a few translation accidents."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        accident = draw(st.sampled_from(["drop", "duplicate", "swap", "break", "code", "link"]))
        if accident == "drop":
            del lines[index]
        elif accident == "duplicate":
            lines.insert(index, lines[index])
        elif accident == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif accident == "break":
            lines[index] += draw(BROKEN)
        elif accident == "code":
            lines[index] = lines[index].replace("0x80090326", "0x80090362").replace("798", "789")
        elif accident == "link":
            lines[index] = lines[index].replace(
                "./reset-gateway.md", "vpn-gateway-resetgw-classic.md"
            )
    return "\n".join(lines)
