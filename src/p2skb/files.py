"""Writing output files atomically: a reader never sees half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["replacing"]


def _mode_for(target: Path) -> int:
    """The target's permissions if it exists, else what the process's umask gives new files."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it when the block succeeds.

    On failure (or interruption) the temporary file is removed and ``target`` is
    left as it was.  The result gets the permissions a new file would have (or
    the old file's), not the private ones of a temporary file.
    """
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(_mode_for(target))
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
