"""Searching the knowledge base: exact invariants first, then full text in any locale."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from p2skb.errors import ReadError, UsageError, display_path
from p2skb.export import json_converter, without_schema_version
from p2skb.invariants import extract, found_in_text
from p2skb.kb.entries import KB_STORE_VERSION, Entry, from_compressed_json
from p2skb.kb.store import schema_version_of

__all__ = ["Hit", "KnowledgeBase", "open"]


@attrs.frozen
class Hit:
    """One entry a search found, with how it matched."""

    entry: Entry
    matched: str
    """``invariant`` (an exact error code, KB number, ...) or ``text`` (full-text)."""
    locale: str | None
    """The locale whose text matched (``None`` for an invariant: every locale)."""
    rank: float
    """For a text match, how many times the query is in that text (hits come best first:
    see :meth:`KnowledgeBase.search`); 0 for an invariant."""


def _looks_invariant(query: str) -> bool:
    found = extract([query])
    return any(found_in_text(found).values()) or query.strip().isdigit()


class KnowledgeBase:
    """A knowledge base opened for searching (:func:`open`).

    Raises:
        UsageError: there is no file at ``path``.
        ReadError: the file is not a p2skb knowledge base of this version
            (another kind of file, damaged, or built by another version).

    """

    def __init__(self, path: str | Path) -> None:
        if not Path(path).is_file():
            raise UsageError(
                "no knowledge base here; build one with `p2skb kb build`", path=str(path)
            )
        self.path = display_path(path)
        version = schema_version_of(Path(path))
        if version != str(KB_STORE_VERSION):
            raise ReadError(
                f"a knowledge base of schema version {version}, not {KB_STORE_VERSION}: "
                "rebuild it with `p2skb kb build`",
                path=self.path,
            )
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        self._connection = sqlite3.connect(uri, uri=True)

    def close(self) -> None:
        """Close the database."""
        self._connection.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _rows(self, sql: str, parameters: tuple[object, ...] | Mapping[str, object]) -> list[Any]:
        """The rows of a query; a damaged database is a :class:`~p2skb.ReadError`."""
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            raise ReadError(f"the knowledge base is damaged: {error}", path=self.path) from error

    def _entry(self, entry_id: int) -> Entry:
        rows = self._rows("SELECT json FROM entries WHERE id = ?", (entry_id,))
        try:
            text = from_compressed_json(rows[0][0])
            _, data = without_schema_version(json.loads(text))  # the database's is checked
            return json_converter().structure(data, Entry)
        except (ValueError, TypeError, KeyError, AttributeError, ExceptionGroup) as error:
            raise ReadError(
                f"the knowledge base is damaged: entry {entry_id} cannot be read ({error})",
                path=self.path,
            ) from error

    def search(self, query: str, *, locale: str | None = None, limit: int = 10) -> list[Hit]:
        """Entries for ``query``, best first.

        An error code, hex code or KB number matches exactly through the
        invariants, in every locale.  Other text matches through the full-text
        index in ``locale``, falling back to every locale when that finds nothing:
        entries with the query in their title first, then those with it most
        often, then the shorter.

        Raises:
            UsageError: ``limit`` is below 1, or ``query`` holds a NUL or is not
                valid Unicode text (a file name's undecodable bytes).
            ReadError: the knowledge base is damaged.

        """
        if limit < 1:
            raise UsageError(f"the limit must be 1 or more, not {limit}")
        if "\x00" in query:
            raise UsageError("the query holds a NUL character")
        try:
            query.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UsageError(f"the query is not valid text: {display_path(query)}") from error
        query = query.strip()
        if not query:
            return []
        hits: list[Hit] = []
        if _looks_invariant(query):
            rows = self._rows(
                "SELECT DISTINCT entry_id FROM invariants WHERE folded = ? "
                "ORDER BY entry_id LIMIT ?",
                (query.casefold(), limit),
            )
            hits = [Hit(self._entry(entry_id), "invariant", None, 0.0) for (entry_id,) in rows]
        if not hits and locale is not None:
            hits = self._text_search(query, locale.lower(), limit)
        if not hits:
            hits = self._text_search(query, None, limit)
        return hits

    def _text_search(self, query: str, locale: str | None, limit: int) -> list[Hit]:
        """Entries whose text holds ``query``, best first.

        Best: the query in the title, then the most occurrences in the entry's
        text, then the shorter text (the query is more of it).  Like the match,
        the counting folds ASCII case only.
        """
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if len(query) >= 3 and pattern == f"%{query}%":
            # A substring, found through the trigram index (detail=none: LIKE, not MATCH).
            matching = "rowid IN (SELECT rowid FROM texts_fts WHERE body LIKE :pattern)"
        else:  # two characters, or % and _ in the text: read the texts
            matching = "body LIKE :pattern ESCAPE '\\'"
        sql = (
            "SELECT entry_id, locale, "  # noqa: S608 -- `matching`: a constant clause above
            "(length(body) - length(replace(lower(body), lower(:query), ''))) "
            "/ length(:query) AS occurrences FROM texts "
            f"WHERE {matching} AND (:locale IS NULL OR locale = :locale) "
            "ORDER BY title LIKE :pattern ESCAPE '\\' DESC, occurrences DESC, "
            "length(body), entry_id"
        )
        rows = self._rows(sql, {"pattern": pattern, "query": query, "locale": locale})
        seen: dict[int, Hit] = {}
        for entry_id, row_locale, rank in rows:
            if entry_id not in seen and len(seen) < limit:
                seen[entry_id] = Hit(self._entry(entry_id), "text", row_locale, float(rank))
        return list(seen.values())


def open(path: str | Path) -> KnowledgeBase:  # noqa: A001 -- p2skb.kb.open, like the builtin
    """Open a knowledge base built by :func:`build` for searching."""
    return KnowledgeBase(path)
