"""The git history of source articles, read through two git processes for a whole run.

Revision-aware drift needs the source revision a translation was made from (its
*base*).  A run may look up thousands of files, so git is never started per file:
the history of the paths under the source root is read once (one ``git log
--raw``), and every file's text at a revision comes from one long-lived ``git
cat-file --batch`` process over a pipe.

Why git itself and not a library: every docs CI runner has git, and a checkout's
packs, alternates and partial-clone settings are git's to read; pygit2 needs
libgit2 built to match, and dulwich (pure Python) reads large packs slowly.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType

import attrs

from p2skb.errors import P2SKBError
from p2skb.model import Article, BaseRef, BaseWay, FrontMatter
from p2skb.parsing import DEFAULT_LIMITS, IncludeResolver, Limits, parse
from p2skb.parsing.front_matter import parse_date

__all__ = ["Base", "HistoryError", "Repository", "Revision", "SourceHistory", "repository_of"]

_MS_DATE = re.compile(r"^ms\.date:[ \t]*['\"]?([^'\"\r\n]*?)['\"]?[ \t]*$", re.MULTILINE)


class HistoryError(P2SKBError, OSError):
    """A git repository that cannot be read (not a repository, git missing, ...)."""


@attrs.frozen
class Revision:
    """One revision of a file: the commit, the file's path then, its blob and time."""

    commit: str
    path: str
    blob: str
    time: int
    """The commit's committer time, in seconds since the epoch."""


@attrs.frozen
class Base:
    """The text of the source revision a translation was made from, and how it was found."""

    text: str
    path: str
    """Where the text was read: the source's path in the repository at that revision
    (renames followed), or the file given."""
    revision: str | None
    """The commit the text was read at; ``None`` for a file given as the base."""
    way: BaseWay

    @property
    def ref(self) -> BaseRef:
        """What a drift report says about this base."""
        return BaseRef(self.path, self.revision, self.way)

    def article(
        self,
        source: str,
        *,
        locale: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        include_root: str | Path | IncludeResolver | None = None,
    ) -> Article:
        """The base parsed as a revision of the file ``source``, named ``path@revision``.

        Includes resolve relative to ``source`` (the current tree's files: git
        history is read for the article only).

        Raises:
            LimitError: the text is longer than the limits allow.
            FrontMatterError: its YAML front matter cannot be read.

        """
        article = parse(
            self.text, path=source, locale=locale, limits=limits, include_root=include_root
        )
        name = f"{self.path}@{self.revision[:12]}" if self.revision else self.path
        return attrs.evolve(article, path=name)


@attrs.frozen
class _Change:
    commit_index: int
    status: str
    old_path: str | None
    blob: str


class SourceHistory:
    """A git repository holding source articles; use it as a context manager.

    ``SourceHistory(repository)`` checks that ``repository`` is inside a git work
    tree; the history is read on the first lookup, of the whole repository or of
    ``paths`` (files or folders in it: the source root, in a large repository).

    Raises:
        HistoryError: git is missing, ``repository`` is not in a git work tree, or
            a path is not in it.

    """

    def __init__(self, repository: str | Path, *, paths: Iterable[str | Path] = ()) -> None:
        if shutil.which("git") is None:
            raise HistoryError("git is not installed", path=str(repository))
        self.repository = Path(repository)
        found = self._git("rev-parse", "--show-toplevel", check=False)
        if found.returncode != 0:
            raise HistoryError("not a git repository", path=str(repository))
        self.root = Path(found.stdout.decode("utf-8", "surrogateescape").strip())
        # (from the top: git -C runs in ``repository``, which may be a folder of the tree)
        self._pathspecs = [self._pathspec(path) for path in paths] or ["."]
        self._commits: list[tuple[str, int]] | None = None
        self._changes: dict[str, list[_Change]] = {}
        self._reader: subprocess.Popen[bytes] | None = None
        self._dates: dict[str, dt.date | None] = {}
        """The ``ms.date`` of each blob read for the ``ms.date`` way (a source's translations
        look up the same revisions)."""

    def __enter__(self) -> SourceHistory:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the ``git cat-file`` process, if one was started."""
        if self._reader is not None:
            if self._reader.stdin is not None:
                self._reader.stdin.close()
            self._reader.wait()
            self._reader = None

    def _git(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(  # noqa: S603 -- git with fixed arguments, no shell
            ["git", "-C", str(self.repository), *arguments],  # noqa: S607 -- git from PATH
            capture_output=True,
            check=False,
        )
        if check and done.returncode != 0:
            problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise HistoryError(
                f"git {arguments[0]} failed: {problem[-1] if problem else done.returncode}",
                path=str(self.repository),
            )
        return done

    def relative(self, path: str | Path) -> str:
        """``path`` as git names it: relative to the repository's root, with ``/``.

        Raises:
            HistoryError: ``path`` is not inside the repository.

        """
        absolute = Path(path) if Path(path).is_absolute() else Path.cwd() / path
        try:
            inside = absolute.resolve().relative_to(self.root.resolve())
        except ValueError:
            message = f"not in the git repository {self.root}"
            raise HistoryError(message, path=str(path)) from None
        return PurePosixPath(inside).as_posix()

    def _pathspec(self, path: str | Path) -> str:
        """``path`` as a pathspec from the top (``git -C`` runs in ``repository``)."""
        name = self.relative(path)
        return ":(top)" + ("" if name == "." else name)

    def changed_since(self, reference: str, under: str | Path) -> list[Path]:
        """The ``*.md`` files under ``under`` that changed since the commit ``reference``.

        Changed, added or renamed in the commits since, staged, or in the working
        tree, and new files git does not ignore: what a pull request or a
        pre-commit run touches.  One ``git diff`` and one ``git ls-files``.

        Raises:
            HistoryError: ``under`` is not in the repository, or ``reference`` is unknown.

        """
        scope = self._pathspec(under)
        changed = self._git(
            "diff", "--name-only", "-z", "--diff-filter=ACMR", reference, "--", scope
        )
        new = self._git("ls-files", "--others", "--exclude-standard", "-z", "--", scope)
        names = (changed.stdout + new.stdout).decode("utf-8", "surrogateescape").split("\0")
        return sorted({self.root / name for name in names if name.endswith(".md")})

    def _read_log(self) -> None:
        """Every commit's file changes, newest first, in one ``git log`` (renames found)."""
        output = self._git(
            "log", "--format=%x01%H %ct", "--raw", "-z", "--no-abbrev", "-M", "--", *self._pathspecs
        ).stdout.decode("utf-8", "surrogateescape")
        self._commits = []
        for chunk in output.split("\x01")[1:]:
            header, _, rest = chunk.partition("\0")
            commit, _, time = header.partition(" ")
            index = len(self._commits)
            self._commits.append((commit, int(time or 0)))
            tokens = rest.lstrip("\n").split("\0")
            position = 0
            while position < len(tokens) and tokens[position].startswith(":"):
                fields = tokens[position].split()
                blob, status = fields[3], fields[4][:1]
                if status in "RC":
                    old, new = tokens[position + 1], tokens[position + 2]
                    position += 3
                else:
                    old, new = None, tokens[position + 1]
                    position += 2
                self._changes.setdefault(new, []).append(_Change(index, status, old, blob))

    def revisions(self, path: str | Path) -> list[Revision]:
        """The revisions of a file, newest first, following renames back."""
        if self._commits is None:
            self._read_log()
        assert self._commits is not None
        found: list[Revision] = []
        name: str | None = self.relative(path)
        after = -1  # commits are newest first: an older one has a larger index
        while name is not None:
            following: str | None = None
            for change in self._changes.get(name, ()):
                if change.commit_index <= after:
                    continue  # not older than the rename to the name followed
                if change.status == "D":
                    break
                commit, time = self._commits[change.commit_index]
                found.append(Revision(commit, name, change.blob, time))
                if change.status == "R" and change.old_path is not None:
                    following, after = change.old_path, change.commit_index
                    break
                if change.status == "A":
                    break
            name = following
        return found

    def read(self, revision: str) -> str | None:
        """The text of an object (``commit:path`` or a blob id), ``None`` when missing."""
        reader = self._cat()
        assert reader.stdin is not None
        assert reader.stdout is not None
        reader.stdin.write(revision.encode("utf-8", "surrogateescape") + b"\n")
        reader.stdin.flush()
        header = reader.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":  # "<name> missing", or not a file
            if len(header) == 3:
                reader.stdout.read(int(header[2]) + 1)
            return None
        data = reader.stdout.read(int(header[2]) + 1)[:-1]
        return data.decode("utf-8", "replace")

    def _cat(self) -> subprocess.Popen[bytes]:
        if self._reader is None:
            self._reader = subprocess.Popen(  # noqa: S603 -- git with fixed arguments
                ["git", "-C", str(self.repository), "cat-file", "--batch"],  # noqa: S607
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self._reader

    def base(self, source: str | Path, translation: FrontMatter) -> Base | None:
        """The revision of ``source`` that ``translation`` was made from, if one is found.

        In order: the file at ``ms.sourcegitcommit``; the revision whose blob id is
        ``ms.openlocfilehash``; the newest revision whose ``ms.date`` is the
        translation's and that is not later than its ``ms.lasthandoff``.  Public
        mirrors lack the private commits ``ms.sourcegitcommit`` names: the last
        way is the one that usually works.
        """
        name = self.relative(source)
        commit = translation.source_git_commit
        if commit and re.fullmatch(r"[0-9a-fA-F]{7,64}", commit):
            text = self.read(f"{commit}:{name}")
            if text is not None:
                return Base(text, name, commit, BaseWay.SOURCE_GIT_COMMIT)
        revisions = self.revisions(source)
        wanted = translation.open_loc_file_hash
        if wanted:
            for revision in revisions:
                if revision.blob == wanted:
                    text = self.read(revision.blob)
                    if text is not None:
                        return Base(
                            text, revision.path, revision.commit, BaseWay.OPEN_LOC_FILE_HASH
                        )
        copied = parse_date(translation.ms_date)
        if copied is None:
            return None
        handed_off = parse_date(translation.last_handoff)
        latest = (
            dt.datetime.combine(handed_off, dt.time.max, dt.UTC).timestamp() if handed_off else None
        )
        for revision in revisions:
            if latest is not None and revision.time > latest:
                continue
            if self._ms_date(revision.blob) == copied:
                text = self.read(revision.blob)
                if text is not None:
                    return Base(text, revision.path, revision.commit, BaseWay.MS_DATE)
        return None

    def _ms_date(self, blob: str) -> dt.date | None:
        if blob not in self._dates:
            match = _MS_DATE.search(self.read(blob) or "")
            self._dates[blob] = parse_date(match.group(1)) if match else None
        return self._dates[blob]


@attrs.frozen
class Repository:
    """The git work tree a file is in: where, at which commit, and where it came from."""

    root: Path
    head: str | None
    """The checked-out commit (``None`` in a repository without one)."""
    remote: str | None
    """The ``origin`` remote's URL, if there is one."""


def repository_of(path: str | Path) -> Repository | None:
    """The git work tree holding ``path`` (a file or folder), ``None`` outside any.

    Two ``git`` processes; callers that look up many files keep the roots found
    and ask again only for a file outside them.
    """
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    if shutil.which("git") is None or not folder.is_dir():
        return None
    found = subprocess.run(  # noqa: S603 -- git with fixed arguments, no shell
        ["git", "-C", str(folder), "rev-parse", "--show-toplevel", "HEAD"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    lines = found.stdout.decode("utf-8", "surrogateescape").split()
    if not lines:
        return None
    remote = subprocess.run(  # noqa: S603 -- git with fixed arguments, no shell
        ["git", "-C", str(folder), "config", "--get", "remote.origin.url"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    url = remote.stdout.decode("utf-8", "replace").strip() or None
    head = lines[1] if len(lines) > 1 and found.returncode == 0 else None
    return Repository(Path(lines[0]), head, url)
