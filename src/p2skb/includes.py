"""Resolving ``[!INCLUDE [title](path)]`` targets: under one root, each file once, no cycles.

A target is relative to the including file; ``~/`` (or ``/``) means the root.
Nothing outside the root is ever read: a target that resolves outside it
(``../../../etc/passwd``, a symlink out, a URL) is refused with an
``include-escape`` diagnostic on the include, a cycle with ``include-cycle``,
a missing or unreadable file (or one that is not a regular file: a FIFO never
blocks a run) with ``include-unreadable``, and an include nested past
``Limits.max_include_depth``, or that would make a file's includes expand past
``Limits.max_include_chars`` (every use counted), with ``include-limit``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from p2skb.errors import P2SKBError
from p2skb.model import Include
from p2skb.text import article_blocks

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
    of a run, so an include shared by many articles is read once.  A resolved
    include is one shared :class:`~p2skb.model.Article` wherever it is used.
    """

    root: Path = attrs.field(converter=_absolute)
    limits: Limits | None = None
    """The limits for included files (the including call's when ``None``)."""
    _cache: dict[Path, tuple[Article, int]] = attrs.field(factory=dict, init=False)
    """Each file parsed, with the characters it expands to (its text and its includes')."""

    def for_file(
        self, path: str, locale: str, limits: Limits, chain: tuple[Path, ...] = ()
    ) -> Resolve:
        """The resolver of the includes of the file at ``path`` (reached through ``chain``)."""
        base = Path(path)
        here = (*chain, base.resolve()) if base.name else chain
        return _FileIncludes(self, base.parent, here, locale, self.limits or limits)

    def _resolve(
        self, target: str, base: Path, chain: tuple[Path, ...], locale: str, limits: Limits
    ) -> tuple[tuple[Article, int] | None, Problem | None]:
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
        if len(chain) > limits.max_include_depth:
            message = (
                f"include target {target!r} is nested {len(chain)} includes deep, past the "
                f"limit of {limits.max_include_depth} (max_include_depth); not followed"
            )
            return None, ("include-limit", message)
        from p2skb.parsing import build_article, decode_utf8, read_article  # noqa: PLC0415 -- parsing imports this module

        try:
            text = decode_utf8(read_article(real, limits=limits), str(real))
            article = build_article(
                text, path=str(real), locale=locale, limits=limits, resolver=self, chain=chain
            )
        except P2SKBError as error:
            return None, ("include-unreadable", f"include target {target!r}: {error}")
        expanded = len(text) + sum(
            self._cache[Path(block.resolved.path)][1]
            for block in article_blocks(article)
            if isinstance(block, Include) and block.resolved is not None
        )
        self._cache[real] = (article, expanded)
        return self._cache[real], None

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


@attrs.define
class _FileIncludes:
    """The includes of one file: each target resolved, the text they expand to counted."""

    resolver: IncludeResolver
    base: Path
    chain: tuple[Path, ...]
    locale: str
    limits: Limits
    expanded: int = 0
    """Characters the includes resolved so far expand to, every use counted."""

    def __call__(self, target: str) -> tuple[Article | None, Problem | None]:
        found, problem = self.resolver._resolve(
            target, self.base, self.chain, self.locale, self.limits
        )
        if found is None:
            return None, problem
        article, size = found
        if self.expanded + size > self.limits.max_include_chars:
            message = (
                f"include target {target!r} would expand this file's includes to "
                f"{self.expanded + size} characters, past the limit of "
                f"{self.limits.max_include_chars} (max_include_chars); not followed"
            )
            return None, ("include-limit", message)
        self.expanded += size
        return article, None
