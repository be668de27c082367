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

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from p2skb.errors import P2SKBError
from p2skb.files import read_regular
from p2skb.model import DiagnosticKind
from p2skb.parsing.article import Problem, Resolve, build_article, decode_utf8

if TYPE_CHECKING:
    from p2skb.model import Article
    from p2skb.parsing.limits import Limits

__all__ = ["IncludeBudget", "IncludeResolver"]


def _absolute(root: str | Path) -> Path:
    return Path(root).resolve()


@attrs.define
class IncludeBudget:
    """How many more characters the includes of one file may expand to (every use counted)."""

    left: int


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
    """Each file parsed in full, with the characters it expands to (its text and its includes')."""

    def for_file(
        self,
        path: str,
        locale: str,
        limits: Limits,
        chain: tuple[Path, ...] = (),
        budget: IncludeBudget | None = None,
    ) -> Resolve:
        """The resolver of the includes of the file at ``path`` (reached through ``chain``).

        Its includes may expand to what ``budget`` has left (``max_include_chars``
        when ``None``): an included file's own includes get what is left after
        its text, so the text resolved beneath one article is bounded, however
        the includes nest.
        """
        base = Path(path)
        here = (*chain, base.resolve()) if base.name else chain
        limits = self.limits or limits
        budget = IncludeBudget(limits.max_include_chars) if budget is None else budget
        return _FileIncludes(self, base.parent, here, locale, limits, budget)

    def _resolve(
        self, target: str, includer: _FileIncludes
    ) -> tuple[tuple[Article, int] | None, Problem | None]:
        """The file ``target`` names, parsed, with the characters it expands to; or why not."""
        real = self._locate(target, includer.base)
        if isinstance(real, tuple):
            return None, real
        chain = includer.chain
        if real in chain:
            cycle = " -> ".join(path.name for path in (*chain[chain.index(real) :], real))
            message = f"include target {target!r} includes itself ({cycle}); not followed"
            return None, (DiagnosticKind.INCLUDE_CYCLE, message)
        cached = self._cache.get(real)
        if cached is not None:
            return cached, None
        if len(chain) > includer.limits.max_include_depth:
            message = (
                f"include target {target!r} is nested {len(chain)} includes deep, past the "
                f"limit of {includer.limits.max_include_depth} (max_include_depth); not followed"
            )
            return None, (DiagnosticKind.INCLUDE_LIMIT, message)
        try:
            return self._parse(real, target, includer)
        except P2SKBError as error:
            return None, (DiagnosticKind.INCLUDE_UNREADABLE, f"include target {target!r}: {error}")

    def _parse(
        self, real: Path, target: str, includer: _FileIncludes
    ) -> tuple[tuple[Article, int] | None, Problem | None]:
        limits = includer.limits
        text = decode_utf8(read_regular(real, max_bytes=limits.max_bytes), str(real))
        if len(text) > includer.budget.left:
            return None, _over_budget(target, len(text), limits)
        inner = IncludeBudget(includer.budget.left - len(text))
        article = build_article(
            text,
            path=str(real),
            locale=includer.locale,
            limits=limits,
            includes=functools.partial(
                self.for_file, limits=limits, chain=includer.chain, budget=inner
            ),
        )
        found = (article, includer.budget.left - inner.left)  # its text and its includes'
        # A file cut short by a limit was cut for this chain or budget: read it again elsewhere.
        if not any(
            diagnostic.kind == DiagnosticKind.INCLUDE_LIMIT for diagnostic in article.diagnostics
        ):
            self._cache[real] = found
        return found, None

    def _locate(self, target: str, base: Path) -> Path | Problem:
        """The real path of ``target`` under the root, or why it is not read."""
        written = target.partition("?")[0].partition("#")[0].strip()
        if "://" in written:
            return (DiagnosticKind.INCLUDE_ESCAPE, f"include target {target!r} is a URL; not read")
        if written.startswith(("~/", "/")):
            candidate = self.root / written.removeprefix("~").lstrip("/")
        else:
            candidate = base / written
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
            return (DiagnosticKind.INCLUDE_UNREADABLE, f"include target {target!r}: {error}")
        if not real.is_relative_to(self.root):
            message = f"include target {target!r} is outside the include root {self.root}; not read"
            return (DiagnosticKind.INCLUDE_ESCAPE, message)
        return real


def _over_budget(target: str, size: int, limits: Limits) -> Problem:
    message = (
        f"include target {target!r} ({size} characters with its includes) would take this "
        f"article's includes past {limits.max_include_chars} characters (max_include_chars); "
        "not followed"
    )
    return (DiagnosticKind.INCLUDE_LIMIT, message)


@attrs.define
class _FileIncludes:
    """The includes of one file: each target resolved, the text they expand to counted."""

    resolver: IncludeResolver
    base: Path
    chain: tuple[Path, ...]
    locale: str
    limits: Limits
    budget: IncludeBudget

    def __call__(self, target: str) -> tuple[Article | None, Problem | None]:
        found, problem = self.resolver._resolve(target, self)
        if found is None:
            return None, problem
        article, size = found
        if size > self.budget.left:
            return None, _over_budget(target, size, self.limits)
        self.budget.left -= size
        return article, None
