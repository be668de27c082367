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
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import glob
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from p2skb.alignment import match_sections
from p2skb.batch import Failure, markdown_files
from p2skb.errors import P2SKBError, ReadError, UsageError, WriteError, display_path
from p2skb.export import json_converter, json_text, with_schema_version, without_schema_version
from p2skb.files import replacing, writable_target
from p2skb.invariants import TEXT_INVARIANTS, extract, found_in_text
from p2skb.model import Article, Block, Invariants, JsonObject, Role, Section, Strong
from p2skb.parsing import parse_bytes, read_article
from p2skb.text import inline_runs, plain_text, walk_sections

__all__ = [
    "KB_SCHEMA_VERSION",
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

KB_SCHEMA_VERSION = 1
T = TypeVar("T")


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


# ---------------------------------------------------------------- reading articles


@attrs.frozen
class _Group:
    folder: str
    files: tuple[Path, ...]

    def read(self) -> list[tuple[Path, bytes]]:
        """Each file with its bytes, read once for both the content hash and the parse."""
        return [(path, read_article(path)) for path in self.files]


def _content_hash(contents: Iterable[tuple[Path, bytes]]) -> str:
    digest = hashlib.sha256()
    for path, data in contents:
        digest.update(os.fsencode(path.name) + b"\0" + data + b"\0")
    return digest.hexdigest()


def _groups(paths: Iterable[str | Path]) -> tuple[list[_Group], list[str]]:
    """Article folders (every folder holding ``*.md``) under the paths given, in order.

    Also the entries refused under them (see :func:`~p2skb.batch.markdown_files`).

    Raises:
        UsageError: a path is neither a file nor a directory.

    """
    folders: dict[Path, list[Path]] = {}
    refused: list[str] = []
    for found in markdown_files(paths):
        if isinstance(found, Failure):
            refused.append(found.message)
        else:
            folders.setdefault(found.parent, []).append(found)
    groups = [
        _Group(display_path(folder), tuple(sorted(set(files))))
        for folder, files in sorted(folders.items())
    ]
    return groups, refused


def _group_entries(
    group: _Group, contents: Iterable[tuple[Path, bytes]], source_locale: str
) -> list[Entry]:
    articles = [parse_bytes(data, path=str(path)) for path, data in contents]
    chosen = next((a for a in articles if a.locale == source_locale), articles[0])
    return entries(group.folder, chosen, [a for a in articles if a is not chosen])


def _readable(read: Callable[[], T], failures: list[str]) -> T | None:
    """``read()``, or ``None`` with its error's one line added to ``failures``."""
    try:
        return read()
    except P2SKBError as error:
        failures.append(str(error))
        return None


# ---------------------------------------------------------------- writing


def entry_jsonable(entry: Entry) -> JsonObject:
    """An entry as JSON-ready data (``schemas/kb-entry.schema.json``), ``schema_version`` first."""
    return with_schema_version(KB_SCHEMA_VERSION, json_converter().unstructure(entry))


def entry_json(entry: Entry) -> str:
    """An entry as one line of JSON (``schemas/kb-entry.schema.json``)."""
    return json_text(entry_jsonable(entry))


def write_jsonl(
    paths: Iterable[str | Path], output: str | Path, *, source_locale: str = "en-us"
) -> BuildResult:
    """Write every entry as JSON Lines (``schemas/kb-entry.schema.json``).

    An article folder with a file that cannot be read is left out and named in
    :attr:`BuildResult.failures`; every other folder is written.
    """
    groups, failures = _groups(paths)
    built = count = 0
    with (
        _building(Path(output)),
        replacing(output) as temporary,
        temporary.open("w", encoding="utf-8") as stream,
    ):
        for group in groups:
            contents = _readable(group.read, failures)
            if contents is None:
                continue
            found = _readable(
                functools.partial(_group_entries, group, contents, source_locale), failures
            )
            if found is None:
                continue
            stream.writelines(entry_json(entry) + "\n" for entry in found)
            count += len(found)
            built += 1
    return BuildResult(built, 0, 0, entries=count, failures=tuple(failures))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(folder TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries(
    id INTEGER PRIMARY KEY, folder TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
    json TEXT NOT NULL, UNIQUE(folder, key));
CREATE TABLE IF NOT EXISTS texts(
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE, locale TEXT NOT NULL,
    title TEXT, symptom TEXT, cause TEXT, solution TEXT, messages TEXT,
    PRIMARY KEY(entry_id, locale));
CREATE VIRTUAL TABLE IF NOT EXISTS texts_fts USING fts5(
    title, symptom, cause, solution, messages, locale UNINDEXED, entry_id UNINDEXED,
    tokenize='trigram');
CREATE TABLE IF NOT EXISTS invariants(
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, value TEXT NOT NULL, folded TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS invariants_folded ON invariants(folded);
"""


@attrs.frozen
class BuildResult:
    """What a build did."""

    built: int
    """Article folders read and written."""
    kept: int
    """Article folders unchanged since the last build (not read)."""
    removed: int
    """Article folders gone since the last build."""
    entries: int | None = None
    """Entries written (JSON Lines; ``None`` for SQLite, where kept folders are not read)."""
    failures: tuple[str, ...] = ()
    """One line per file or entry that could not be read (its folder was left as it was)."""


@contextlib.contextmanager
def _building(target: Path) -> Iterator[None]:
    """Hold the build lock of ``target``; remove what a killed build left beside it.

    A second build of the same output waits for the first, then starts from its
    result, so no update is lost.  The lock is a ``.<name>.lock`` file beside the
    target, kept (removing it would race with a waiting build).
    """
    real = writable_target(target)
    lock = real.parent / f".{real.name}.lock"
    try:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise WriteError(f"cannot take the build lock {lock}: {error.strerror}") from error
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        # Under the lock no other build is running: any temporary file is a dead build's.
        for stale in real.parent.glob(f".{glob.escape(real.name)}.*.tmp*"):
            stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(handle)  # releases the lock


def _check_replaceable(target: Path) -> bool:
    """Whether ``target``'s entries can be kept: it is this version's knowledge base.

    Not called with ``force``, which replaces whatever is there.

    Raises:
        UsageError: it exists and is not a p2skb knowledge base (one of an older
            schema is rebuilt: this returns ``False``).

    """
    if not target.exists() or target.stat().st_size == 0:
        return False
    try:
        version = _schema_version(target)
    except ReadError as error:
        raise UsageError(
            f"{error.problem}: not overwritten (--force replaces it)", path=str(target)
        ) from None
    return version == str(KB_SCHEMA_VERSION)


def _schema_version(path: Path) -> str | None:
    """The ``schema_version`` a knowledge base records.

    Raises:
        ReadError: the file is not a p2skb knowledge base (not SQLite, damaged, foreign).

    """
    try:
        with path.open("rb") as stream:
            header = stream.read(16)
    except OSError as error:
        raise ReadError(f"cannot read it: {error.strerror}", path=str(path)) from error
    if header != b"SQLite format 3\x00":
        raise ReadError("not a p2skb knowledge base (not an SQLite database)", path=str(path))
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise ReadError(f"not a p2skb knowledge base ({error})", path=str(path)) from error
    return None if row is None else str(row[0])


def _insert(connection: sqlite3.Connection, entry: Entry) -> None:
    cursor = connection.execute(
        "INSERT INTO entries(folder, key, kind, json) VALUES (?, ?, ?, ?)",
        (entry.folder, entry.key, entry.kind, entry_json(entry)),
    )
    entry_id = cursor.lastrowid
    for text in entry.texts:
        row = (
            entry_id,
            text.locale,
            text.title,
            text.symptom,
            text.cause,
            text.solution,
            "\n".join(text.messages),
        )
        connection.execute("INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        connection.execute(
            "INSERT INTO texts_fts(title, symptom, cause, solution, messages, locale, entry_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*row[2:], text.locale, entry_id),
        )
    for kind, values in found_in_text(entry.invariants).items():
        for value in values:
            connection.execute(
                "INSERT INTO invariants VALUES (?, ?, ?, ?)",
                (entry_id, kind, value, value.casefold()),
            )


def _forget(connection: sqlite3.Connection, folder: str) -> None:
    ids = [
        row[0] for row in connection.execute("SELECT id FROM entries WHERE folder = ?", (folder,))
    ]
    for entry_id in ids:
        connection.execute("DELETE FROM texts_fts WHERE entry_id = ?", (entry_id,))
        connection.execute("DELETE FROM texts WHERE entry_id = ?", (entry_id,))
        connection.execute("DELETE FROM invariants WHERE entry_id = ?", (entry_id,))
    connection.execute("DELETE FROM entries WHERE folder = ?", (folder,))
    connection.execute("DELETE FROM articles WHERE folder = ?", (folder,))


def build(
    paths: Iterable[str | Path],
    output: str | Path,
    *,
    source_locale: str = "en-us",
    force: bool = False,
) -> BuildResult:
    """Build or update the SQLite knowledge base at ``output`` from article folders.

    Folders whose files are unchanged since the last build are not read again;
    the new database replaces the old one only when the build has succeeded.  A
    folder with a file that cannot be read keeps what the last build wrote for
    it and is named in :attr:`BuildResult.failures`.  Builds of one output take
    turns (a lock beside it); a file there that is not a p2skb knowledge base is
    replaced only with ``force``, one of an older schema is rebuilt.

    Raises:
        UsageError: ``output`` is another kind of file (without ``force``).
        WriteError: ``output`` cannot be written.

    """
    target = Path(output)
    groups, failures = _groups(paths)
    with _building(target), replacing(target) as temporary:
        try:
            return _build(groups, failures, target, temporary, source_locale, force=force)
        except sqlite3.DatabaseError as error:
            raise ReadError(
                f"the knowledge base is damaged ({error}): not overwritten "
                "(--force rebuilds it from the articles)",
                path=str(target),
            ) from error


def _build(
    groups: list[_Group],
    failures: list[str],
    target: Path,
    temporary: Path,
    source_locale: str,
    *,
    force: bool,
) -> BuildResult:
    """The work of :func:`build`, in ``temporary``, starting from ``target``'s entries if it can."""
    built = kept = 0
    if not force and _check_replaceable(target):
        with sqlite3.connect(target) as old, sqlite3.connect(temporary) as new:
            old.backup(new)
    connection = sqlite3.connect(temporary)
    try:
        connection.executescript(_SCHEMA)
        connection.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
            (str(KB_SCHEMA_VERSION),),
        )
        known = dict(connection.execute("SELECT folder, content_hash FROM articles"))
        wanted = {group.folder for group in groups}
        removed = [folder for folder in known if folder not in wanted]
        for folder in removed:
            _forget(connection, folder)
        for group in groups:
            contents = _readable(group.read, failures)
            if contents is None:
                continue
            digest = _content_hash(contents)
            if known.get(group.folder) == digest:
                kept += 1
                continue
            found = _readable(
                functools.partial(_group_entries, group, contents, source_locale), failures
            )
            if found is None:
                continue
            _forget(connection, group.folder)
            for entry in found:
                _insert(connection, entry)
            connection.execute("INSERT INTO articles VALUES (?, ?)", (group.folder, digest))
            built += 1
        connection.commit()
    finally:
        connection.close()
    return BuildResult(built, kept, len(removed), failures=tuple(failures))


# ---------------------------------------------------------------- searching


@attrs.frozen
class Hit:
    """One entry a search found, with how it matched."""

    entry: Entry
    matched: str
    """``invariant`` (an exact error code, KB number, ...) or ``text`` (full-text)."""
    locale: str | None
    """The locale whose text matched (``None`` for an invariant: every locale)."""
    rank: float


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
        version = _schema_version(Path(path))
        if version != str(KB_SCHEMA_VERSION):
            raise ReadError(
                f"a knowledge base of schema version {version}, not {KB_SCHEMA_VERSION}: "
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

    def _rows(self, sql: str, parameters: tuple[object, ...]) -> list[Any]:
        """The rows of a query; a damaged database is a :class:`~p2skb.ReadError`."""
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            raise ReadError(f"the knowledge base is damaged: {error}", path=self.path) from error

    def _entry(self, entry_id: int) -> Entry:
        rows = self._rows("SELECT json FROM entries WHERE id = ?", (entry_id,))
        try:
            _, data = without_schema_version(json.loads(rows[0][0]))  # the database's is checked
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
        index in ``locale``, falling back to every locale when that finds nothing.

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
        phrase = '"' + query.replace('"', '""') + '"'  # one FTS5 string: text, never syntax
        if len(query) >= 3:  # the trigram index needs three characters
            sql = (
                "SELECT entry_id, locale, bm25(texts_fts) FROM texts_fts "
                "WHERE texts_fts MATCH ? AND (? IS NULL OR locale = ?) ORDER BY bm25(texts_fts)"
            )
            rows = self._rows(sql, (phrase, locale, locale))
        else:
            pattern = (
                "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            sql = (
                "SELECT entry_id, locale, 0.0 FROM texts WHERE (? IS NULL OR locale = ?) AND "
                "(title || ' ' || symptom || ' ' || cause || ' ' || solution) LIKE ? ESCAPE '\\'"
            )
            rows = self._rows(sql, (locale, locale, pattern))
        seen: dict[int, Hit] = {}
        for entry_id, row_locale, rank in rows:
            if entry_id not in seen and len(seen) < limit:
                seen[entry_id] = Hit(self._entry(entry_id), "text", row_locale, float(rank))
        return list(seen.values())


def open(path: str | Path) -> KnowledgeBase:  # noqa: A001 -- p2skb.kb.open, like the builtin
    """Open a knowledge base built by :func:`build` for searching."""
    return KnowledgeBase(path)
