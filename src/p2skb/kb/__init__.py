"""A localized troubleshooting knowledge base from aligned articles, in SQLite or JSON Lines.

An :class:`Entry` is one top-level section of a source article with its
translations: per locale the title, symptom, cause and solution (plain text and
the model's blocks), the error messages quoted in the symptom, and the entry's
language-independent invariants.  Sections that are not troubleshooting
entries (intro, next steps) are entries of kind ``section``.

The SQLite database (standard library ``sqlite3``, no server):

``meta(key, value)``
    ``schema_version``.
``articles(folder, content_hash)``
    One row per article folder built, with the hash of its files: a rebuild
    re-reads only folders whose hash changed.
``entries(id, folder, key, kind, json)``
    One row per entry; ``json`` is the entry as written to JSON Lines.
``texts(entry_id, locale, title, symptom, cause, solution, messages)``
    The plain text per locale.
``texts_fts``
    An FTS5 index over ``texts`` with the trigram tokenizer, which finds
    ``証明書`` inside a Japanese sentence (the default tokenizer does not split CJK).
``invariants(entry_id, kind, value, folded)``
    Error codes, KB numbers, registry keys, paths and URLs: an error code finds
    its entry in every locale.

Every query is parameterised; search text is passed to FTS5 as one quoted
string, so ``"``, ``*``, ``NEAR`` or ``;`` in a query are text, never syntax.
A build writes a temporary file beside the target and renames it over the
target at the end, so a reader never sees a half-built database and an
interrupted build leaves the previous one intact.

Modules: :mod:`~p2skb.kb.entries` (articles to entries),
:mod:`~p2skb.kb.sources` (article folders read and hashed),
:mod:`~p2skb.kb.store` (the SQLite build and JSON Lines),
:mod:`~p2skb.kb.search` (opening and searching).
"""

from __future__ import annotations

from p2skb.kb.entries import (
    KB_SCHEMA_VERSION,
    Entry,
    EntryText,
    entries,
    entry_json,
    entry_jsonable,
)
from p2skb.kb.search import Hit, KnowledgeBase, open  # noqa: A004 -- p2skb.kb.open, like the builtin
from p2skb.kb.store import BuildResult, build, write_jsonl

__all__ = [
    "KB_SCHEMA_VERSION",
    "BuildResult",
    "Entry",
    "EntryText",
    "Hit",
    "KnowledgeBase",
    "build",
    "entries",
    "entry_json",
    "entry_jsonable",
    "open",
    "write_jsonl",
]
