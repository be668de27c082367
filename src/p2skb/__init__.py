"""p2skb: localized Microsoft Docs articles as a typed, language-aligned knowledge model.

The facade::

    import p2skb
    ja = p2skb.parse_file("corpus/.../ja-jp.md")
    text = p2skb.to_json(ja)
    assert p2skb.from_json(text, p2skb.Article) == ja
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from p2skb._version import __version__
from p2skb.errors import (
    DecodeError,
    FrontMatterError,
    LimitError,
    P2SKBError,
    ReadError,
    UsageError,
)

if TYPE_CHECKING:
    from p2skb.alignment import align
    from p2skb.drift import diff, lint
    from p2skb.export import from_json, to_json
    from p2skb.model import (
        Alert,
        AlertKind,
        AlignedSection,
        Alignment,
        Article,
        ArticleRef,
        Block,
        CellAlignment,
        Code,
        CodeKind,
        CodeReference,
        Column,
        Condition,
        ConditionKind,
        Diagnostic,
        Div,
        DriftReport,
        Emphasis,
        ExtensionBlock,
        Finding,
        FrontMatter,
        HtmlBlock,
        HtmlInline,
        Image,
        ImageBlock,
        Include,
        IncludeInline,
        Inline,
        InlineCode,
        Invariants,
        LineBreak,
        Link,
        ListBlock,
        ListItem,
        Location,
        Moniker,
        Paragraph,
        Quote,
        RawBlock,
        Role,
        Row,
        Section,
        SectionRef,
        Severity,
        Span,
        Strikethrough,
        Strong,
        Summary,
        Tab,
        TabGroup,
        Table,
        TableCell,
        TableRow,
        Text,
        ThematicBreak,
        Video,
        Zone,
    )
    from p2skb.parsing import Limits, parse, parse_file

# Everything but the errors loads on first use (PEP 562), so `import p2skb` stays cheap
# and a tool that only needs the errors or the version does not pay for attrs or markdown-it.
_LAZY = {
    "align": "p2skb.alignment",
    "diff": "p2skb.drift",
    "lint": "p2skb.drift",
    "from_json": "p2skb.export",
    "to_json": "p2skb.export",
    "parse": "p2skb.parsing",
    "parse_file": "p2skb.parsing",
    "Limits": "p2skb.parsing",
    **dict.fromkeys(
        (
            "Alert",
            "AlertKind",
            "AlignedSection",
            "Alignment",
            "Article",
            "ArticleRef",
            "Block",
            "CellAlignment",
            "Code",
            "CodeKind",
            "CodeReference",
            "Column",
            "Condition",
            "ConditionKind",
            "Diagnostic",
            "Div",
            "DriftReport",
            "Emphasis",
            "ExtensionBlock",
            "Finding",
            "FrontMatter",
            "HtmlBlock",
            "HtmlInline",
            "Image",
            "ImageBlock",
            "Include",
            "IncludeInline",
            "Inline",
            "InlineCode",
            "Invariants",
            "LineBreak",
            "Link",
            "ListBlock",
            "ListItem",
            "Location",
            "Moniker",
            "Paragraph",
            "Quote",
            "RawBlock",
            "Role",
            "Row",
            "Section",
            "SectionRef",
            "Severity",
            "Span",
            "Strikethrough",
            "Strong",
            "Summary",
            "Tab",
            "TabGroup",
            "Table",
            "TableCell",
            "TableRow",
            "Text",
            "ThematicBreak",
            "Video",
            "Zone",
        ),
        "p2skb.model",
    ),
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'p2skb' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Alert",
    "AlertKind",
    "AlignedSection",
    "Alignment",
    "Article",
    "ArticleRef",
    "Block",
    "CellAlignment",
    "Code",
    "CodeKind",
    "CodeReference",
    "Column",
    "Condition",
    "ConditionKind",
    "DecodeError",
    "Diagnostic",
    "Div",
    "DriftReport",
    "Emphasis",
    "ExtensionBlock",
    "Finding",
    "FrontMatter",
    "FrontMatterError",
    "HtmlBlock",
    "HtmlInline",
    "Image",
    "ImageBlock",
    "Include",
    "IncludeInline",
    "Inline",
    "InlineCode",
    "Invariants",
    "LimitError",
    "Limits",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Location",
    "Moniker",
    "P2SKBError",
    "Paragraph",
    "Quote",
    "RawBlock",
    "ReadError",
    "Role",
    "Row",
    "Section",
    "SectionRef",
    "Severity",
    "Span",
    "Strikethrough",
    "Strong",
    "Summary",
    "Tab",
    "TabGroup",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "ThematicBreak",
    "UsageError",
    "Video",
    "Zone",
    "__version__",
    "align",
    "diff",
    "from_json",
    "lint",
    "parse",
    "parse_file",
    "to_json",
]
