"""The file system, handled as a pull request's content deserves: nothing outside, nothing odd.

- :func:`read_regular` opens a path without blocking (a FIFO cannot hang a run),
  reads it only when it is a regular file, and never more than its limit (a
  ``/proc`` file says it is empty);
- :func:`tree_files` lists the ``*.md`` files under a root whose real path is
  inside that root, and names every entry it refuses: a symlink out of the
  tree, a broken or looping symlink, a FIFO, socket or device, a directory
  named like an article;
- :func:`replacing` writes an output file atomically, and only over a regular
  file (or through a symlink to one);
- :func:`display_path` shows a file name that is not UTF-8 with its bytes
  escaped, so messages and JSON stay valid text.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs

from p2skb.errors import LimitError, ReadError, UsageError, WriteError, display_path

__all__ = ["Refused", "display_path", "read_regular", "replacing", "tree_files", "writable_target"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | Path, *, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    Raises:
        ReadError: the file is missing, unreadable, or not a regular file.
        LimitError: the file is larger than ``max_bytes``.

    """
    name = display_path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise ReadError(error.strerror or str(error), path=name) from error
    with os.fdopen(descriptor, "rb") as stream:
        try:
            status = os.fstat(descriptor)
            regular = stat.S_ISREG(status.st_mode)
            size = status.st_size
            data = b"" if size > max_bytes or not regular else stream.read(max_bytes + 1)
        except OSError as error:
            raise ReadError(error.strerror or str(error), path=name) from error
    if not regular:
        raise ReadError(f"{_kind(status.st_mode)}, not a regular file; not read", path=name)
    if size > max_bytes or len(data) > max_bytes:  # a /proc file's size says 0
        amount = f"{size} bytes" if size > max_bytes else "the text read"
        raise LimitError(f"{amount} is over the limit of {max_bytes} (max_bytes)", path=name)
    return data


@attrs.frozen
class Refused:
    """An entry of a tree that is not read, and why."""

    path: str
    """The entry's path, as :func:`display_path` shows it."""
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}; not read"


def tree_files(root: str | Path, suffix: str = ".md") -> tuple[list[Path], list[Refused]]:
    """The regular ``*suffix`` files under ``root`` (sorted), and the entries refused.

    Only files whose real path is inside the root's real path are listed; a
    symlink is followed when its target is inside too (a directory once).  A
    symlink out of the tree, a broken or looping symlink named ``*suffix``, a
    FIFO, socket or device named ``*suffix`` and a directory named ``*suffix``
    (whose content is still listed) are refused, each once.

    Raises:
        UsageError: ``root`` is not a directory.

    """
    top = Path(root)
    try:
        real_root = top.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        raise UsageError("no such directory", path=display_path(top)) from error
    if not real_root.is_dir():
        raise UsageError("not a directory", path=display_path(top))
    walk = _Walk(real_root, suffix)
    walk.directory(top)
    walk.files.sort()
    walk.refused.sort(key=lambda refused: refused.path)
    return walk.files, walk.refused


@attrs.define
class _Walk:
    real_root: Path
    suffix: str
    files: list[Path] = attrs.field(factory=list)
    refused: list[Refused] = attrs.field(factory=list)
    visited: set[Path] = attrs.field(factory=set)

    def refuse(self, path: str | Path, reason: str) -> None:
        self.refused.append(Refused(display_path(path), reason))

    def directory(self, path: Path) -> None:
        try:
            real = path.resolve()
            if real in self.visited:
                return
            self.visited.add(real)
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except (OSError, RuntimeError) as error:
            self.refuse(path, f"cannot list the directory: {error}")
            return
        for entry in entries:
            self.entry(Path(entry.path), entry.name.endswith(self.suffix))

    def entry(self, path: Path, named: bool) -> None:  # noqa: FBT001 -- an internal step
        try:
            mode = path.lstat().st_mode
        except OSError as error:
            self.refuse(path, f"cannot read its status: {error.strerror or error}")
            return
        if stat.S_ISLNK(mode):
            self.symlink(path, named)
        elif stat.S_ISDIR(mode):
            if named:
                self.refuse(path, f"a directory named *{self.suffix}")
            self.directory(path)
        elif named and stat.S_ISREG(mode):
            self.files.append(path)
        elif named:
            self.refuse(path, f"{_kind(mode)}, not a regular file")

    def symlink(self, path: Path, named: bool) -> None:  # noqa: FBT001 -- an internal step
        try:
            real = path.resolve(strict=True)
            mode = real.stat().st_mode
        except FileNotFoundError:
            if named:
                self.refuse(path, "a broken symlink")
            return
        except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
            if named:
                self.refuse(path, "a symlink loop")
            return
        if not real.is_relative_to(self.real_root):
            if named or stat.S_ISDIR(mode):
                self.refuse(path, "a symlink to outside the tree")
        elif stat.S_ISDIR(mode):
            self.directory(path)
        elif named and stat.S_ISREG(mode):
            self.files.append(path)
        elif named:
            self.refuse(path, f"a symlink to {_kind(mode)}")


def _mode_for(target: Path) -> int:
    """The target's permissions if it exists, else what the process's umask gives new files."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def writable_target(target: str | Path) -> Path:
    """The regular file that writing ``target`` replaces: itself, or its symlink's target.

    Call it before the work whose result is written, so a bad target fails at once.

    Raises:
        WriteError: the target (or what its symlink names) exists and is not a
            regular file (``/dev/null``, a FIFO, a directory), or its directory
            is missing or not writable.

    """
    path = Path(target)
    name = display_path(path)
    try:
        real = path.resolve() if path.is_symlink() else path
        mode = real.stat().st_mode if real.exists() else None
    except (OSError, RuntimeError) as error:
        raise WriteError(f"cannot write here: {error}", path=name) from error
    if mode is not None and not stat.S_ISREG(mode):
        raise WriteError(f"{_kind(mode)}, not a regular file: not replaced", path=name)
    folder = real.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write here: no directory {display_path(folder)}", path=name)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(f"cannot write here: {display_path(folder)} is not writable", path=name)
    return real


@contextlib.contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it when the block succeeds.

    Only a regular file is replaced; a symlink to one is written through (the
    link stays, its target gets the new content).  On failure (or interruption)
    the temporary file is removed and ``target`` is left as it was.  The result
    gets the permissions a new file would have (or the old file's), not the
    private ones of a temporary file.

    Raises:
        WriteError: the target is not a regular file, or cannot be written
            (see :func:`writable_target`); any OS error while writing, with the path.

    """
    real = writable_target(target)
    try:
        handle, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"cannot write here: {error.strerror}", path=display_path(real)) from error
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(_mode_for(real))
        temporary.replace(real)
    except OSError as error:
        raise WriteError(
            f"cannot write: {error.strerror or error}", path=display_path(real)
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
