"""Resolving ``[!INCLUDE [title](path)]`` targets: under one root, each file once, no cycles.

A target is relative to the including file; ``~/`` (or ``/``) means the root.
Nothing outside the root is ever read: a target that resolves outside it
(``../../../etc/passwd``, a symlink out, a URL) is refused with an
``include-escape`` diagnostic on the include, a cycle with ``include-cycle``,
a missing or unreadable file with ``include-unreadable``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from p2skb.errors import P2SKBError

if TYPE_CHECKING:
    from p2skb.model import Article
    from p2skb.parsing import Limits

__all__ = ["IncludeResolver", "Problem", "Resolve"]

Problem = tuple[str, str]
"""A diagnostic kind and message for an include that is not followed."""
Resolve = Callable[[str], tuple["Article | None", Problem | None]]
"""Resolves one include target of one file: the parsed file, or why not."""


def _absolute(root: str | Path) -> Path:
    return Path(root).resolve()


@attrs.define
class IncludeResolver:
    """Reads and parses included files under ``root``, caching each file once.

    Pass one to :func:`~p2skb.parse_file` (``include_root=``) for every article
    of a run, so an include shared by many articles is read once.
    """

    root: Path = attrs.field(converter=_absolute)
    limits: Limits | None = None
    """The limits for included files (the including call's when ``None``)."""
    _cache: dict[Path, Article] = attrs.field(factory=dict, init=False)

    def for_file(
        self, path: str, locale: str, limits: Limits, chain: tuple[Path, ...] = ()
    ) -> Resolve:
        """The resolver of the includes of the file at ``path`` (reached through ``chain``)."""
        base = Path(path)
        here = (*chain, base.resolve()) if base.name else chain
        return lambda target: self._resolve(
            target, base.parent, here, locale, self.limits or limits
        )

    def _resolve(
        self, target: str, base: Path, chain: tuple[Path, ...], locale: str, limits: Limits
    ) -> tuple[Article | None, Problem | None]:
        real = self._locate(target, base)
        if isinstance(real, tuple):
            return None, real
        if real in chain:
            cycle = " -> ".join(path.name for path in (*chain[chain.index(real) :], real))
            message = f"include target {target!r} includes itself ({cycle}); not followed"
            return None, ("include-cycle", message)
        cached = self._cache.get(real)
        if cached is not None:
            return cached, None
        from p2skb.parsing import build_article, decode_utf8, read_article  # noqa: PLC0415 -- parsing imports this module

        try:
            text = decode_utf8(read_article(real, limits=limits), str(real))
            article = build_article(
                text, path=str(real), locale=locale, limits=limits, resolver=self, chain=chain
            )
        except P2SKBError as error:
            return None, ("include-unreadable", f"include target {target!r}: {error}")
        self._cache[real] = article
        return article, None

    def _locate(self, target: str, base: Path) -> Path | Problem:
        """The real path of ``target`` under the root, or why it is not read."""
        written = target.partition("?")[0].partition("#")[0].strip()
        if "://" in written:
            return ("include-escape", f"include target {target!r} is a URL; not read")
        if written.startswith(("~/", "/")):
            candidate = self.root / written.removeprefix("~").lstrip("/")
        else:
            candidate = base / written
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
            return ("include-unreadable", f"include target {target!r}: {error}")
        if not real.is_relative_to(self.root):
            message = f"include target {target!r} is outside the include root {self.root}; not read"
            return ("include-escape", message)
        return real
