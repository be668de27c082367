"""YAML front matter as JSON-safe values: every scalar is the string written.

The front matter is composed by PyYAML (libyaml where it is built in) into
nodes and read from the nodes, never constructed: no YAML tag, date, big
integer or float constructor runs, so no value can raise.  A scalar is the text
written, quotes removed (``ms.date: 2020-03-26`` is ``"2020-03-26"``,
``count: 5`` is ``"5"``, ``!!binary "%%%"`` is ``"%%%"``); an empty, ``~`` or
``null`` plain scalar is ``None``.  What a reader would want told becomes a
diagnostic with its line: a key given twice (``1`` and ``"1"`` are the same
key), a key that is not a scalar, a date that is not a date, front matter that
is not a mapping (then the whole file is read as Markdown).  Only YAML that
cannot be read at all raises :class:`~p2skb.FrontMatterError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any, NoReturn

from p2skb.errors import FrontMatterError
from p2skb.model import Diagnostic, DiagnosticKind, FrontMatter, JsonValue, Span
from p2skb.text import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from p2skb.parsing.limits import Limits

__all__ = ["parse_date", "read_front_matter"]

_FENCE = re.compile(r"-{3,}[ \t]*")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NAMED_KEYS = {
    "title": "title",
    "description": "description",
    "ms.date": "ms_date",
    "ms.translationtype": "translation_type",
    "ms.contentlocale": "content_locale",
    "ms.lasthandoff": "last_handoff",
    "ms.sourcegitcommit": "source_git_commit",
    "ms.openlocfilehash": "open_loc_file_hash",
    "ms.locfileid": "loc_file_id",
}
_DATED_KEYS = ("ms.date", "ms.lasthandoff")
_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y")
_FIRST_LINE = 2
"""The file line of the front matter's first line (line 1 is the opening ``---``)."""


def parse_date(value: str | None) -> dt.date | None:
    """A front-matter date as Learn writes it (``03/26/2020``, ``2020-03-26``), else ``None``."""
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime((value or "").strip(), date_format).date()
        except ValueError:
            continue
    return None


def read_front_matter(
    lines: list[str], path: str, diagnostics: list[Diagnostic], limits: Limits
) -> tuple[FrontMatter, int]:
    """The front matter of an article's ``lines`` and the index of its first body line.

    Diagnostics are appended to ``diagnostics``.

    Raises:
        FrontMatterError: the YAML cannot be read, or its aliases expand past the limits.

    """
    if not lines or not _FENCE.fullmatch(lines[0]):
        return FrontMatter(), 0
    end = next((index for index in range(1, len(lines)) if _FENCE.fullmatch(lines[index])), None)
    if end is None:
        message = "the front matter opened on line 1 is never closed; the file is read as Markdown"
        diagnostics.append(
            Diagnostic(DiagnosticKind.UNTERMINATED_FRONT_MATTER, message, Span(1, 1))
        )
        return FrontMatter(), 0
    # Each control character is already a diagnostic at its line; YAML refuses them.
    source = CONTROL_CHARACTERS.sub("\ufffd", "\n".join(lines[1:end]))
    root = _compose(source, path)
    if root is None:
        return FrontMatter(), end + 1
    import yaml  # noqa: PLC0415 -- loaded with the first front matter, not with p2skb

    if not isinstance(root, yaml.MappingNode):
        kind = "sequence" if isinstance(root, yaml.SequenceNode) else "scalar"
        message = (
            f"the --- block on lines 1-{end + 1} is a YAML {kind}, not a mapping of keys to "
            "values: it is not front matter, and the file is read as Markdown"
        )
        diagnostics.append(
            Diagnostic(DiagnosticKind.FRONT_MATTER_NOT_MAPPING, message, Span(1, end + 1))
        )
        return FrontMatter(), 0
    reader = _Reader(path, limits, diagnostics)
    values, key_lines = reader.mapping(root, 0)
    named: dict[str, str | None] = {}
    extra: dict[str, JsonValue] = {}
    for key, value in values.items():
        field = _NAMED_KEYS.get(key)
        if field is not None and (value is None or isinstance(value, str)):
            named[field] = value
        else:
            extra[key] = value
    for key in _DATED_KEYS:
        value = values.get(key)
        if isinstance(value, str) and parse_date(value) is None:
            line = key_lines[key]
            message = f"{key} {value!r} is not a date (MM/DD/YYYY or YYYY-MM-DD)"
            diagnostics.append(Diagnostic(DiagnosticKind.INVALID_DATE, message, Span(line, line)))
    return FrontMatter(**named, extra=extra, key_lines=key_lines), end + 1


def _compose(source: str, path: str) -> Any:
    """The YAML node tree of ``source`` (``None`` when empty), or a FrontMatterError."""
    import yaml  # noqa: PLC0415 -- loaded with the first front matter, not with p2skb

    try:
        return yaml.compose(source, Loader=_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + _FIRST_LINE if mark is not None else _FIRST_LINE
        problem = error.problem or error.context or "unreadable"
        raise FrontMatterError(
            f"front matter is not valid YAML: {problem}", path=path, line=line
        ) from error
    except yaml.reader.ReaderError as error:
        line = source.count("\n", 0, error.position) + _FIRST_LINE
        problem = f"character U+{error.character:04X}: {error.reason}"
        raise FrontMatterError(
            f"front matter is not valid YAML: {problem}", path=path, line=line
        ) from error
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise FrontMatterError(
            f"front matter is not valid YAML: {first}", path=path, line=_FIRST_LINE
        ) from error


@functools.cache
def _loader() -> type:
    """Libyaml's base loader when PyYAML was built with it: it composes, resolving no types."""
    import yaml  # noqa: PLC0415

    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _Reader:
    """Reads composed nodes into JSON values, counting them against the limits.

    YAML aliases can make a few lines expand exponentially ("billion laughs") or
    refer to themselves: the value count and the depth bound both.
    """

    def __init__(self, path: str, limits: Limits, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.values_left = limits.max_front_matter_values
        self.max_depth = limits.max_front_matter_depth
        self.diagnostics = diagnostics
        self.line = _FIRST_LINE
        """The line of the top-level key being read: where an alias expands too far."""

    def value(self, node: Any, depth: int) -> JsonValue:
        import yaml  # noqa: PLC0415

        self.values_left -= 1
        if self.values_left < 0:
            self.refuse("front matter expands to too many values (YAML aliases?)")
        if depth > self.max_depth:
            self.refuse("front matter nests too deep (a YAML alias that refers to itself?)")
        if isinstance(node, yaml.ScalarNode):
            return None if not node.style and node.value in _NULLS else str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        return self.mapping(node, depth)[0]

    def mapping(self, node: Any, depth: int) -> tuple[dict[str, JsonValue], dict[str, int]]:
        """The mapping's values by key, and the file line of each key."""
        import yaml  # noqa: PLC0415

        values: dict[str, JsonValue] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + _FIRST_LINE
            if not isinstance(key_node, yaml.ScalarNode):
                message = (
                    "a front-matter key that is a YAML sequence or mapping, not a string: "
                    "the entry is left out"
                )
                self.diagnostics.append(
                    Diagnostic(DiagnosticKind.FRONT_MATTER_KEY, message, Span(line, line))
                )
                continue
            key = str(key_node.value)
            if key in lines:
                message = (
                    f"front-matter key {key!r} is given on line {lines[key]} and again here; "
                    "the last value is kept"
                )
                self.diagnostics.append(
                    Diagnostic(DiagnosticKind.DUPLICATE_FRONT_MATTER_KEY, message, Span(line, line))
                )
            if depth == 0:
                self.line = line
            values[key] = self.value(value_node, depth + 1)
            lines[key] = line
        return values, lines

    def refuse(self, problem: str) -> NoReturn:
        raise FrontMatterError(problem, path=self.path, line=self.line)
