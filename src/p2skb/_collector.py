"""Pausing CPython's cyclic garbage collector while a tree of small objects is built.

Parsing an article allocates tens of thousands of small containers (markdown-it
tokens, then the frozen model) and so does its JSON export (one dict per
value).  None of them form reference cycles, yet the collector, triggered every
few hundred allocations, scans them again and again while they are made.
Reference counting frees all of it either way, so the collector is paused for
the duration, as Mercurial does around its manifest parser (``util.nogc``).
Measured with ``benchmarks/run.py --in-process-only`` (parse / bare markdown-it):
1.22 paused, 1.29 not; parse and export 1.33 against 1.41.  ``diff`` and ``lint``
pause too since their views pair blocks and runs at every depth (issue 15): a tab
group of 10,000 tabs diffed 16.5 times slower than one of 1,000 with the
collector on, 10.8 times paused (``benchmarks/linearity.py``), and a diff of the
corpus costs 1.98 bare parses instead of 2.00.

The pause is the process's, so it is counted: the first of any number of
threads to enter turns the collector off (if it was on), the last to leave
turns it back on.  A collector the program had already turned off stays off.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused"]


class _Pause:
    """How many blocks are inside a pause, and whether the collector was on before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False

    def enter(self) -> None:
        with self.lock:
            if self.holders == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.holders += 1

    def leave(self) -> None:
        with self.lock:
            self.holders -= 1
            if self.holders == 0 and self.was_enabled:
                gc.enable()


_PAUSE = _Pause()
"""The one pause of the process (the collector is the process's)."""


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (restored after the last block)."""
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()
