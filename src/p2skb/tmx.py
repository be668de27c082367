"""A parallel corpus for translation memories: aligned translation units as TMX 1.4.

A unit pairs a source block with the translated block at the same key and
block position, only where the section's structure agrees (the same kinds of
blocks in the same order): headings, paragraphs, table cells, tab titles and
image alt-text, as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from xml.etree import ElementTree

from p2skb._version import __version__
from p2skb.alignment import match_sections
from p2skb.model import Article, Block
from p2skb.text import inline_runs, plain_text, walk_blocks

__all__ = ["to_tmx", "translation_units"]


def _language(locale: str) -> str:
    """``ja-jp`` as TMX writes it: ``ja-JP``."""
    language, _, region = locale.partition("-")
    return f"{language}-{region.upper()}" if region else language


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (already control-character diagnostics on the article)."""


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _segments(blocks: tuple[Block, ...]) -> list[str]:
    """The translatable text of ``blocks``: paragraphs, cells, tab titles, alt-text."""
    return [plain_text(run) for _, run in inline_runs(blocks)]


def translation_units(source: Article, translation: Article) -> Iterator[tuple[str, str, str]]:
    """``(unit id, source text, translated text)`` for every block whose structure agrees."""
    for pair in match_sections(source, translation).pairs:
        key = pair.source.key
        yield f"{key}#title", pair.source.title_text, pair.translation.title_text
        was = tuple(walk_blocks(pair.source.blocks))
        now = tuple(walk_blocks(pair.translation.blocks))
        if [block.TYPE for block in was] != [block.TYPE for block in now]:
            continue
        was_segments = _segments(pair.source.blocks)
        now_segments = _segments(pair.translation.blocks)
        if len(was_segments) != len(now_segments):
            continue  # tables whose shape changed
        for index, (old, new) in enumerate(zip(was_segments, now_segments, strict=True)):
            if old.strip() and new.strip():
                yield f"{key}#{index}", old.strip(), new.strip()


def to_tmx(source: Article, translations: Sequence[Article]) -> str:
    """The translation units of a source and its translations as a TMX 1.4 document."""
    root = ElementTree.Element("tmx", version="1.4")
    ElementTree.SubElement(
        root,
        "header",
        {
            "creationtool": "p2skb",
            "creationtoolversion": __version__,
            "segtype": "block",
            "o-tmf": "p2skb",
            "adminlang": "en-US",
            "srclang": _language(source.locale),
            "datatype": "plaintext",
        },
    )
    body = ElementTree.SubElement(root, "body")
    for translation in translations:
        for unit_id, old, new in translation_units(source, translation):
            tuid = _xml_text(f"{translation.locale}:{unit_id}")
            unit = ElementTree.SubElement(body, "tu", tuid=tuid)
            for locale, text in ((source.locale, old), (translation.locale, new)):
                variant = ElementTree.SubElement(unit, "tuv", {"xml:lang": _language(locale)})
                ElementTree.SubElement(variant, "seg").text = _xml_text(text)
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
