"""Pausing CPython's cyclic garbage collector while a tree of small objects is built.

Parsing an article allocates tens of thousands of small containers (markdown-it
tokens, then the frozen model) and so does its JSON export (one dict per
value).  None of them form reference cycles, yet the collector, triggered every
few hundred allocations, scans them again and again while they are made: about
a tenth of the parse time (``benchmarks/run.py``).  Reference counting frees
all of it either way, so the collector is paused for the duration, as
Mercurial does around its manifest parser (``util.nogc``).

The collector's state is restored afterwards; one that was already off stays
off.  Another thread that disables the collector while a parse runs finds it
enabled again when the parse ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (restored after)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
