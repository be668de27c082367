"""Writing the knowledge base: SQLite (updated in place of the old one) or JSON Lines."""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path

import attrs

from p2skb.batch import Failure, run
from p2skb.errors import ReadError, UsageError, WriteError
from p2skb.files import replacing, writable_target
from p2skb.invariants import found_in_text
from p2skb.kb.entries import KB_STORE_VERSION, Entry, compressed_json, entry_json
from p2skb.kb.sources import (
    ArticleGroup,
    ParseJob,
    article_groups,
    content_hash,
    group_entries,
    parse_job,
    readable_groups,
    tree_groups,
)

__all__ = ["BuildResult", "build", "schema_version_of", "write_jsonl"]


def _groups(
    paths: Iterable[str | Path],
    source_root: str | Path | None,
    translation_roots: Sequence[str | Path],
) -> tuple[list[ArticleGroup], list[str]]:
    """The articles to read: of parallel trees when a source root is given, else of the paths.

    Raises:
        UsageError: there is none (a mistyped path must not empty a knowledge base).

    """
    if source_root is not None:
        groups, refused = tree_groups(source_root, translation_roots)
        where = str(source_root)
    else:
        paths = list(paths)
        groups, refused = article_groups(paths)
        where = ", ".join(str(path) for path in paths)
    if not groups:
        also = f" ({refused[0]}{' and more' if len(refused) > 1 else ''})" if refused else ""
        message = (
            f"no article {'here' if where else 'given'}{also}: nothing to build, nothing changed"
        )
        raise UsageError(message, path=where or None)
    return groups, refused


def write_jsonl(
    paths: Iterable[str | Path],
    output: str | Path,
    *,
    source_locale: str = "en-us",
    source_root: str | Path | None = None,
    translation_roots: Sequence[str | Path] = (),
) -> BuildResult:
    """Write every entry as JSON Lines (``schemas/kb-entry.schema.json``).

    The articles are those of ``paths`` (article folders, or files), or of the
    parallel trees ``source_root`` and ``translation_roots``.  An article with a
    file that cannot be read is named in :attr:`BuildResult.failures` and
    its article made of the others (left out when that file is its source).

    Raises:
        UsageError: there is no article to write (``output`` is left as it was).

    """
    groups, failures = _groups(paths, source_root, translation_roots)
    built = count = 0
    with (
        _building(Path(output)),
        replacing(output) as temporary,
        temporary.open("w", encoding="utf-8") as stream,
    ):
        for group, contents, complete in readable_groups(groups, failures):
            found = group_entries(group, contents, source_locale, failures, complete=complete)
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
    json BLOB NOT NULL, UNIQUE(folder, key));
CREATE TABLE IF NOT EXISTS texts(
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE, locale TEXT NOT NULL,
    title TEXT, symptom TEXT, cause TEXT, solution TEXT, messages TEXT,
    body TEXT GENERATED ALWAYS AS (
        coalesce(title, '') || char(10) || coalesce(symptom, '') || char(10) ||
        coalesce(cause, '') || char(10) || coalesce(solution, '') || char(10) ||
        coalesce(messages, '')) VIRTUAL,
    PRIMARY KEY(entry_id, locale));
CREATE VIRTUAL TABLE IF NOT EXISTS texts_fts USING fts5(
    body, locale UNINDEXED, entry_id UNINDEXED,
    tokenize='trigram', detail='none', content='texts', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS texts_indexed AFTER INSERT ON texts BEGIN
    INSERT INTO texts_fts(rowid, body, locale, entry_id)
    VALUES (new.rowid, new.body, new.locale, new.entry_id);
END;
CREATE TRIGGER IF NOT EXISTS texts_unindexed AFTER DELETE ON texts BEGIN
    INSERT INTO texts_fts(texts_fts, rowid, body, locale, entry_id)
    VALUES ('delete', old.rowid, old.body, old.locale, old.entry_id);
END;
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
        version = schema_version_of(target)
    except ReadError as error:
        raise UsageError(
            f"{error.problem}: not overwritten (--force replaces it)", path=str(target)
        ) from None
    return version == str(KB_STORE_VERSION)


def schema_version_of(path: Path) -> str | None:
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
        (entry.folder, entry.key, entry.kind, compressed_json(entry)),
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
        # indexed by the texts_indexed trigger: the index holds no copy of the text
        connection.execute(
            "INSERT INTO texts(entry_id, locale, title, symptom, cause, solution, messages) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            row,
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
    for entry_id in ids:  # the texts_unindexed trigger takes them out of the index
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
    source_root: str | Path | None = None,
    translation_roots: Sequence[str | Path] = (),
    executor: Executor | None = None,
    progress: Callable[[], None] | None = None,
) -> BuildResult:
    """Build or update the SQLite knowledge base at ``output`` from articles.

    The articles are those of ``paths`` (article folders, or files), or of the
    parallel trees ``source_root`` and ``translation_roots`` (each source with
    its translations at the same path).  Articles are read and hashed here and
    parsed through ``executor`` (a process pool, Dask's: see
    :func:`p2skb.batch.run`), each result written here as it comes;
    ``progress`` is called once per article.

    Folders whose files are unchanged since the last build are not read again;
    the new database replaces the old one only when the build has succeeded.  A
    file that cannot be read is named in :attr:`BuildResult.failures`, and its
    article is built from its other files (left out when that file is its
    source) and read again by the next build.  Builds of one output take
    turns (a lock beside it); a file there that is not a p2skb knowledge base is
    replaced only with ``force``, one of an older schema is rebuilt.

    Raises:
        UsageError: ``output`` is another kind of file (without ``force``), or there
            is no article to build (the knowledge base is left as it was).
        WriteError: ``output`` cannot be written.

    """
    target = Path(output)
    groups, failures = _groups(paths, source_root, translation_roots)
    with _building(target), replacing(target) as temporary:
        try:
            return _build(
                groups,
                failures,
                target,
                temporary,
                source_locale,
                force=force,
                executor=executor,
                progress=progress,
            )
        except sqlite3.DatabaseError as error:
            raise ReadError(
                f"the knowledge base is damaged ({error}): not overwritten "
                "(--force rebuilds it from the articles)",
                path=str(target),
            ) from error


_PARTIAL = "partial:"
"""Before the content hash of an article built without some of its files: it matches
no hash, so the next build reads the article again (and names what it cannot read)."""


def _build(
    groups: list[ArticleGroup],
    failures: list[str],
    target: Path,
    temporary: Path,
    source_locale: str,
    *,
    force: bool,
    executor: Executor | None,
    progress: Callable[[], None] | None,
) -> BuildResult:
    """The work of :func:`build`, in ``temporary``, starting from ``target``'s entries if it can."""
    built = kept = 0
    if not force and _check_replaceable(target):
        with sqlite3.connect(target) as old, sqlite3.connect(temporary) as new:
            old.backup(new)
    connection = sqlite3.connect(temporary)
    try:
        # pages freed by replaced articles go back to the file system (a new file only)
        connection.execute("PRAGMA auto_vacuum = FULL")
        connection.executescript(_SCHEMA)
        connection.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
            (str(KB_STORE_VERSION),),
        )
        known = dict(connection.execute("SELECT folder, content_hash FROM articles"))
        wanted = {group.folder for group in groups}
        removed = [folder for folder in known if folder not in wanted]
        for folder in removed:
            _forget(connection, folder)
        digests: dict[str, str] = {}

        def changed() -> Iterator[ParseJob]:
            """The articles to parse: read and hashed here, parsed where the executor says."""
            nonlocal kept
            for group, contents, complete in readable_groups(groups, failures):
                digest = content_hash(contents)
                if complete and known.get(group.folder) == digest:
                    kept += 1
                    if progress is not None:
                        progress()
                    continue
                digests[group.folder] = digest if complete else _PARTIAL + digest
                yield ParseJob(group, contents, source_locale, complete)

        for result in run(parse_job, changed(), executor=executor):
            if progress is not None:
                progress()
            if isinstance(result, Failure):  # run passes listing failures through: none here
                failures.append(result.message)
                continue
            folder, found, problems = result
            failures += problems
            if found is None:
                continue
            _forget(connection, folder)
            for entry in found:
                _insert(connection, entry)
            digest = digests[folder]
            if problems and not digest.startswith(_PARTIAL):
                digest = _PARTIAL + digest
            connection.execute("INSERT INTO articles VALUES (?, ?)", (folder, digest))
            built += 1
        if built or removed:  # the index in one segment: smaller (0.25 s for a 50 MB base)
            connection.execute("INSERT INTO texts_fts(texts_fts) VALUES ('optimize')")
        connection.commit()
    finally:
        connection.close()
    return BuildResult(built, kept, len(removed), failures=tuple(failures))
