"""The state of one walk over an article body's tokens, shared by every converter.

:class:`Tokens` is a cursor over markdown-it's flat token list (openers and
closers in pairs): a converter is handed the token that opened its block, takes
what the block holds through the cursor, and leaves it after the block's
closer.  :class:`Walk` holds what the converters share: the cursor, the lines
(for spans and raw text), the diagnostics, the nesting bounds and the dispatch
table from token type to converter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar, cast

from p2skb.model import Block, Diagnostic, DiagnosticKind, RawBlock, Span

if TYPE_CHECKING:
    from markdown_it.token import Token

    from p2skb.model import Include

__all__ = ["Converter", "Tokens", "Walk", "meta"]

Converter = Callable[["Walk", "Token"], Block]
"""Builds the block a token opens; takes the rest of the block from ``walk.tokens``."""

M = TypeVar("M")


def meta(token: Token, shape: type[M]) -> M:
    """The token's ``meta``, as the :mod:`p2skb.mdext` plugin that made it describes it."""
    del shape  # the TypedDict only types the value: the plugin wrote it
    return cast("M", token.meta)


class Tokens:
    """A cursor over a token list."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._next = 0

    def peek(self) -> Token | None:
        """The next token, left in place; ``None`` at the end."""
        return self._tokens[self._next] if self._next < len(self._tokens) else None

    def peek_type(self) -> str | None:
        """The next token's type; ``None`` at the end."""
        token = self.peek()
        return token.type if token is not None else None

    def take(self) -> Token:
        """The next token, moving past it (markdown-it balances its tokens: never at the end)."""
        token = self._tokens[self._next]
        self._next += 1
        return token

    def skip(self) -> None:
        """Move past the next token, if there is one."""
        self._next = min(self._next + 1, len(self._tokens))

    def inside(self, opener: Token) -> Iterator[Token]:
        """The tokens inside the block ``opener`` opened (just taken), moving past its closer."""
        depth: int = opener.nesting
        while depth > 0 and self._next < len(self._tokens):
            token = self.take()
            depth += token.nesting
            if depth > 0:
                yield token

    def skip_block(self, opener: Token) -> None:
        """Move past the block ``opener`` (just taken) opened, closer included."""
        for _ in self.inside(opener):
            pass


class Walk:
    """What every converter of one article body shares."""

    def __init__(
        self,
        tokens: list[Token],
        lines: list[str],
        *,
        offset: int,
        diagnostics: list[Diagnostic],
        max_nesting: int,
        converters: Mapping[str, Converter],
    ) -> None:
        self.tokens = Tokens(tokens)
        self.lines = lines
        self.offset = offset
        """The file line of the body's first line, less one."""
        self.diagnostics = diagnostics
        self.max_nesting = max_nesting
        self.converters = converters
        self.open_conditions = 0
        """Zones and monikers open in every container: bounded by ``max_nesting``."""
        self.includes: list[tuple[Include, int]] = []
        """Every include built, with where its diagnostics go in ``diagnostics``."""

    def release(self) -> None:
        """Let go of the tokens once the body is read (includes are parsed after, one by one)."""
        self.tokens = Tokens([])

    def span(self, token: Token) -> Span:
        """The file lines ``token`` covers."""
        start, end = token.map or (0, 1)
        offset = self.offset
        return Span(start + 1 + offset, (end if end > start else start + 1) + offset)

    def source(self, span: Span) -> str:
        """The file's text on the lines of ``span``."""
        return "\n".join(self.lines[span.start_line - 1 : span.end_line])

    def report(self, kind: DiagnosticKind, message: str, span: Span) -> None:
        """Add a diagnostic."""
        self.diagnostics.append(Diagnostic(kind, message, span))

    def block(self, opener: Token) -> Block:
        """The block ``opener`` (just taken) starts, built by its converter."""
        converter = self.converters.get(opener.type)
        if converter is not None:
            return converter(self, opener)
        return self.unknown(opener)

    def unknown(self, opener: Token) -> Block:
        """A token no converter knows: its lines as raw text, and a diagnostic."""
        self.tokens.skip_block(opener)
        span = self.span(opener)
        self.report(
            DiagnosticKind.UNKNOWN_SYNTAX,
            f"kept as raw text: markdown-it token {opener.type!r}",
            span,
        )
        return RawBlock(self.source(span), span)

    def too_deep(self, opener: Token, blocks: list[Block]) -> list[Block]:
        """Keep a container's lines as raw text when markdown-it stopped at the nesting limit."""
        if blocks or opener.level + 1 < self.max_nesting:
            return blocks
        span = self.span(opener)
        message = f"nested deeper than {self.max_nesting} levels; kept as raw text"
        self.report(DiagnosticKind.NESTING_LIMIT, message, span)
        return [RawBlock(self.source(span), span)]
