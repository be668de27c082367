"""Entries: the top-level sections of a source article with their translations."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

import attrs

from p2skb.alignment import match_sections
from p2skb.export import json_converter, json_text, with_schema_version
from p2skb.invariants import TEXT_INVARIANTS, found_in_text
from p2skb.model import Article, Block, Invariants, JsonObject, Role, Section, Strong
from p2skb.text import inline_runs, plain_text, walk_sections

__all__ = [
    "KB_SCHEMA_VERSION",
    "KB_STORE_VERSION",
    "Entry",
    "EntryText",
    "compressed_json",
    "entries",
    "entry_json",
    "entry_jsonable",
    "from_compressed_json",
]

KB_SCHEMA_VERSION = 1
"""The version of ``schemas/kb-entry.schema.json``."""
KB_STORE_VERSION = 2
"""The version of the SQLite layout: 2 keeps the entries' JSON compressed and the full-text
index without a copy of the text (external content)."""


@attrs.frozen
class EntryText:
    """One locale's text of an entry."""

    locale: str
    path: str
    title: str
    symptom: str
    cause: str
    solution: str
    messages: tuple[str, ...]
    """Error messages quoted (in bold) in the symptom."""
    symptom_blocks: tuple[Block, ...] = ()
    cause_blocks: tuple[Block, ...] = ()
    solution_blocks: tuple[Block, ...] = ()
    line: int = 1
    """The entry's heading line in this locale's file."""


@attrs.frozen
class Entry:
    """A troubleshooting entry (or another top-level section) in every locale."""

    folder: str
    """The article it comes from (its folder, or its source file)."""
    key: str
    kind: str
    """``troubleshooting`` when it has a symptom, cause or solution; else ``section``."""
    invariants: Invariants
    texts: tuple[EntryText, ...]
    """The source's text first, then the translations'."""


def _role_blocks(section: Section, role: Role) -> tuple[Block, ...]:
    return tuple(
        block for child in section.sections if child.role is role for block in child.blocks
    )


def _text(blocks: Iterable[Block]) -> str:
    runs = (plain_text(run) for _, run in inline_runs(tuple(blocks)))
    return "\n".join(run.strip() for run in runs if run.strip())


def _messages(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    found = [
        plain_text(item.children).strip()
        for _, run in inline_runs(blocks)
        for item in run
        if isinstance(item, Strong)
    ]
    return tuple(dict.fromkeys(message for message in found if message))


def _entry_text(article: Article, section: Section) -> EntryText:
    symptom = _role_blocks(section, Role.SYMPTOM)
    cause = _role_blocks(section, Role.CAUSE)
    solution = _role_blocks(section, Role.SOLUTION)
    # Not a troubleshooting entry: its text is its own and its subsections' blocks.
    own = (
        tuple(block for inner in walk_sections((section,)) for block in inner.blocks)
        if not (symptom or cause or solution)
        else ()
    )
    return EntryText(
        locale=article.locale,
        path=article.path,
        title=section.title_text,
        symptom=_text(symptom),
        cause=_text(cause),
        solution=_text(solution or own),
        messages=_messages(symptom),
        symptom_blocks=symptom,
        cause_blocks=cause,
        solution_blocks=solution or own,
        line=section.span.start_line,
    )


def _merged_invariants(sections: Sequence[Section]) -> Invariants:
    values: dict[str, list[str]] = {kind: [] for kind in TEXT_INVARIANTS}
    for top in sections:
        for section in walk_sections((top,)):
            for kind, found in found_in_text(section.invariants).items():
                values[kind] += found
    return Invariants(**{kind: tuple(dict.fromkeys(found)) for kind, found in values.items()})


def entries(folder: str, source: Article, translations: Sequence[Article]) -> list[Entry]:
    """The entries of one article: a top-level section of the source with its translations."""
    counterparts: dict[str, list[tuple[Article, Section]]] = {}
    for translation in translations:
        for pair in match_sections(source, translation).pairs:
            counterparts.setdefault(pair.source.key, []).append((translation, pair.translation))
    found = []
    for section in source.sections:
        located = [(source, section), *counterparts.get(section.key, [])]
        texts = tuple(_entry_text(article, counterpart) for article, counterpart in located)
        roles = {child.role for child in section.sections} - {None}
        found.append(
            Entry(
                folder=folder,
                key=section.key,
                kind="troubleshooting" if roles else "section",
                invariants=_merged_invariants([counterpart for _, counterpart in located]),
                texts=texts,
            )
        )
    return found


def entry_jsonable(entry: Entry) -> JsonObject:
    """An entry as JSON-ready data (``schemas/kb-entry.schema.json``), ``schema_version`` first."""
    return with_schema_version(KB_SCHEMA_VERSION, json_converter().unstructure(entry))


def entry_json(entry: Entry) -> str:
    """An entry as one line of JSON (``schemas/kb-entry.schema.json``)."""
    return json_text(entry_jsonable(entry))


def compressed_json(entry: Entry) -> bytes:
    """An entry's JSON, zlib-compressed: how the SQLite knowledge base stores it."""
    return zlib.compress(entry_json(entry).encode("utf-8"), 6)


def from_compressed_json(data: bytes) -> str:
    """The JSON of :func:`compressed_json`."""
    return zlib.decompress(data).decode("utf-8")
