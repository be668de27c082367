"""One article's text to its :class:`~p2skb.model.Article`: the stages of a parse in order.

Line endings are normalised first (CRLF, lone CR), so every span counts lines
the way an editor does; then the front matter is read, the body is tokenized
by the shared markdown-it parser and walked once into blocks and sections (a
token no converter knows becomes a :class:`~p2skb.model.RawBlock` of its source
lines plus a diagnostic, so no text is silently dropped), and last the includes
are resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from p2skb._collector import collector_paused
from p2skb.errors import DecodeError, LimitError, display_path
from p2skb.markdown import markdown_parser
from p2skb.model import Article, Diagnostic, DiagnosticKind, FrontMatter, Span
from p2skb.parsing import blocks, learn
from p2skb.parsing.front_matter import read_front_matter
from p2skb.parsing.limits import Limits
from p2skb.parsing.sections import read_body
from p2skb.parsing.walk import Walk
from p2skb.text import CONTROL_CHARACTERS

__all__ = ["IncludesOf", "Problem", "Resolve", "build_article", "decode_utf8"]

Problem = tuple[DiagnosticKind, str]
"""A diagnostic kind and message for an include that is not followed."""
Resolve = Callable[[str], tuple[Article | None, Problem | None]]
"""Resolves one include target of one file: the parsed file, or why not."""
IncludesOf = Callable[[str, str], Resolve]
"""Given a file's path and locale, the resolver of its include targets."""

_INCLUDE_KINDS = frozenset(kind for kind in DiagnosticKind if kind.startswith("include-"))
"""What an included file could not include: reported on the include in the including file."""
_CONVERTERS = {**blocks.CONVERTERS, **learn.CONVERTERS}
_OTHER_ENCODINGS = (  # UTF-32's marks first: UTF-16's are their prefixes
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})+", re.IGNORECASE)


def decode_utf8(data: bytes, path: str) -> str:
    """``data`` as text, or a :class:`~p2skb.DecodeError` at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        for mark, encoding in _OTHER_ENCODINGS:
            if data.startswith(mark):
                problem = f"not UTF-8: the byte order mark says {encoding}; save it as UTF-8"
                raise DecodeError(problem, path=path, line=1, column=1) from error
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problem = f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded"
        raise DecodeError(problem, path=path, line=line, column=column) from error


def normalised(text: str) -> str:
    """The text without a byte order mark, with line feeds for line endings: what is parsed."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def front_matter_of(text: str, *, path: str, limits: Limits) -> FrontMatter:
    """Only the front matter of an article's text (its diagnostics dropped).

    Raises:
        FrontMatterError: the YAML cannot be read.

    """
    front_matter, _ = read_front_matter(normalised(text).split("\n"), path, [], limits)
    return front_matter


def build_article(
    text: str,
    *,
    path: str,
    locale: str | None,
    limits: Limits,
    includes: IncludesOf | None,
) -> Article:
    """Parse one file's text (what :func:`~p2skb.parse` does, and what resolving an include does).

    ``includes`` gives the resolver of the file's include targets, called after
    the token walk, so only one file's tokens are ever held however deep the
    includes nest (a very wide table costs ~650 bytes of tokens per byte).
    """
    if len(text) > limits.max_bytes:
        problem = f"{len(text)} characters is over the limit of {limits.max_bytes} (max_bytes)"
        raise LimitError(problem, path=path)
    text = normalised(text)
    lines = text.split("\n")
    diagnostics: list[Diagnostic] = []
    if CONTROL_CHARACTERS.search(text):
        diagnostics += _control_characters(lines)
    front_matter, body_start = read_front_matter(lines, path, diagnostics, limits)
    body_text = text[sum(len(line) + 1 for line in lines[:body_start]) :]  # lines[body_start:]
    resolved_locale = resolve_locale(locale, front_matter, path)
    with collector_paused():  # thousands of acyclic objects: see p2skb._collector
        # The tokens are dropped inside the block, so the collector never scans them.
        tokens = markdown_parser(limits.max_nesting).parse(body_text)
        walk = Walk(
            tokens,
            lines,
            offset=body_start,
            diagnostics=diagnostics,
            max_nesting=limits.max_nesting,
            converters=_CONVERTERS,
        )
        del tokens
        body = read_body(walk)
        walk.release()
        if includes is not None and walk.includes:
            _resolve_includes(walk, includes(path, resolved_locale))
    line_count = len(lines) - 1 if text.endswith("\n") else len(lines)
    return Article(
        path=display_path(path),  # includes are read from ``path``; the model holds text
        locale=resolved_locale,
        front_matter=front_matter,
        title=body.title if body.title is not None else (front_matter.title or ""),
        anchor=body.anchor,
        intro=body.intro,
        sections=body.sections,
        diagnostics=tuple(diagnostics),
        line_count=line_count,
        heading=body.heading,
    )


def _resolve_includes(walk: Walk, resolve: Resolve) -> None:
    """Fill in each include's resolved file, once the walk has let go of the tokens.

    ``Include.resolved`` is set on blocks no one else holds yet (the article is
    not built), and each include's diagnostics go where the walk would have put them.
    """
    for block, position in reversed(walk.includes):  # later positions first
        resolved, problem = resolve(block.target)
        found = [Diagnostic(*problem, block.span)] if problem is not None else []
        if resolved is not None:  # what the included file could not include, reported here
            object.__setattr__(block, "resolved", resolved)
            found += [
                Diagnostic(
                    inner.kind,
                    f"{resolved.path} line {inner.span.start_line}: {inner.message}",
                    block.span,
                )
                for inner in resolved.diagnostics
                if inner.kind in _INCLUDE_KINDS
            ]
        walk.diagnostics[position:position] = found


def resolve_locale(explicit: str | None, front_matter: FrontMatter, path: str) -> str:
    """An article's locale.

    ``explicit``, else ``ms.contentlocale``, else a locale-shaped file name, else
    ``en-us`` without ``ms.translationtype``, else ``und``.
    """
    if explicit:
        return explicit.lower()
    if front_matter.content_locale:
        return front_matter.content_locale.lower()
    stem = Path(path).stem
    if _LOCALE_NAME.fullmatch(stem):
        return stem.lower()
    if front_matter.translation_type is None:
        return "en-us"
    return "und"


def _control_characters(lines: list[str]) -> list[Diagnostic]:
    """A diagnostic per line holding control characters (NUL becomes U+FFFD in the model)."""
    found = []
    for number, line in enumerate(lines, start=1):
        characters = sorted(set(CONTROL_CHARACTERS.findall(line)))
        if characters:
            names = ", ".join(f"U+{ord(character):04X}" for character in characters)
            message = f"control characters {names} in the text"
            found.append(
                Diagnostic(DiagnosticKind.CONTROL_CHARACTER, message, Span(number, number))
            )
    return found
