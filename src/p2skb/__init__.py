"""p2skb: localized Microsoft Docs articles as a typed, language-aligned knowledge model.

The facade::

    import p2skb
    ja = p2skb.parse_file("corpus/.../ja-jp.md")
    text = p2skb.to_json(ja)
    assert p2skb.from_json(text, p2skb.Article) == ja
"""

from __future__ import annotations

from p2skb._version import __version__
from p2skb.errors import DecodeError, FrontMatterError, P2SKBError, ReadError, UsageError
from p2skb.export import from_json, to_json
from p2skb.model import (
    Alert,
    AlertKind,
    Article,
    Block,
    CellAlignment,
    Code,
    CodeKind,
    Diagnostic,
    Emphasis,
    FrontMatter,
    HtmlBlock,
    HtmlInline,
    Image,
    Inline,
    InlineCode,
    Invariants,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    RawBlock,
    Role,
    Section,
    Span,
    Strikethrough,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
)
from p2skb.parse import parse, parse_file

__all__ = [
    "Alert",
    "AlertKind",
    "Article",
    "Block",
    "CellAlignment",
    "Code",
    "CodeKind",
    "DecodeError",
    "Diagnostic",
    "Emphasis",
    "FrontMatter",
    "FrontMatterError",
    "HtmlBlock",
    "HtmlInline",
    "Image",
    "Inline",
    "InlineCode",
    "Invariants",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "P2SKBError",
    "Paragraph",
    "Quote",
    "RawBlock",
    "ReadError",
    "Role",
    "Section",
    "Span",
    "Strikethrough",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "ThematicBreak",
    "UsageError",
    "__version__",
    "from_json",
    "parse",
    "parse_file",
    "to_json",
]
