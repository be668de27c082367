"""JSON export and import of the model, described by the JSON Schemas in ``schemas/``.

One cattrs converter serializes every model type.  Blocks and inline content
are tagged unions: ``{"type": "table", ...}``, the tag being each class's
``TYPE``.  The top-level object carries ``schema_version``; the round trip is
exact: ``from_json(to_json(a), Article) == a``.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from p2skb._collector import collector_paused
from p2skb.errors import UsageError
from p2skb.model import Block, DriftReport, FrontMatter, Inline, JsonObject, JsonValue

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "SCHEMA_VERSION",
    "from_json",
    "json_converter",
    "json_text",
    "load_json",
    "to_json",
    "to_jsonable",
    "with_schema_version",
    "without_schema_version",
]

SCHEMA_VERSION = 1
"""The version of the JSON layout; it changes when a field changes meaning or goes away."""

T = TypeVar("T")


def _type_tag(cls: type) -> str:
    return str(getattr(cls, "TYPE"))  # noqa: B009 -- the union members' ClassVar, not an attribute access on an instance


@functools.cache
def _json_mapping_types() -> tuple[object, ...]:
    """``Mapping[str, JsonValue]`` as written, and as cattrs sees it (forward refs resolved)."""
    return (Mapping[str, JsonValue], typing.get_type_hints(FrontMatter)["extra"])


def _is_json_mapping(annotation: object) -> bool:
    return annotation in _json_mapping_types()


@functools.cache
def json_converter() -> cattrs.Converter:
    """The cattrs converter for every model type (use it to embed p2skb values in your JSON).

    Built on first use: importing p2skb does not pay for cattrs.
    """
    from cattrs.gen import make_dict_unstructure_fn  # noqa: PLC0415 -- loaded on first use
    from cattrs.preconf.json import make_converter  # noqa: PLC0415
    from cattrs.strategies import configure_tagged_union  # noqa: PLC0415

    made = make_converter()
    configure_tagged_union(Inline, made, tag_generator=_type_tag, tag_name="type")
    configure_tagged_union(Block, made, tag_generator=_type_tag, tag_name="type")
    # Writing: one dictionary lookup per union member instead of cattrs' generic dispatch,
    # and a list comprehension per run of them (inline content is most of an article);
    # reading keeps the tagged-union hooks above.
    for union in (Inline, Block):
        write = _tagged_writer(made, union)
        made.register_unstructure_hook(union, write)
        made.register_unstructure_hook_func(
            functools.partial(_is_run_of, union), functools.partial(_write_run, write)
        )
    # Front-matter extras are JSON already (normalised at parse time): pass them through.
    made.register_unstructure_hook_func(_is_json_mapping, dict)
    made.register_structure_hook_func(_is_json_mapping, lambda value, _: dict(value))
    # A report's summary is derived from its findings: written out, recomputed on reading.
    made.register_unstructure_hook(
        DriftReport, make_dict_unstructure_fn(DriftReport, made, _cattrs_include_init_false=True)
    )
    return made


def _is_run_of(union: object, annotation: object) -> bool:
    return annotation == tuple[union, ...]  # type: ignore[valid-type]


def _write_run(write: Callable[[Any], dict[str, Any]], run: tuple[Any, ...]) -> list[Any]:
    return [write(item) for item in run]


def _tagged_writer(made: cattrs.Converter, union: object) -> Callable[[Any], dict[str, Any]]:
    """Unstructure a member of ``union`` by its exact class, adding its ``type`` tag."""
    from cattrs.gen import make_dict_unstructure_fn  # noqa: PLC0415

    writers: dict[type, tuple[Callable[[Any], dict[str, Any]], str]] = {}

    def write(value: Any) -> dict[str, Any]:
        if not writers:  # generated on first use, once every hook is registered
            writers.update(
                (member, (make_dict_unstructure_fn(member, made), _type_tag(member)))
                for member in typing.get_args(union)
            )
        writer, tag = writers[value.__class__]
        unstructured: dict[str, Any] = writer(value)
        unstructured["type"] = tag
        return unstructured

    return write


def to_jsonable(value: object) -> JsonObject:
    """The JSON-ready dict of a model value, with ``schema_version`` first."""
    with collector_paused():  # one dict per value, none cyclic: see p2skb._collector
        unstructured = json_converter().unstructure(value)
    if not isinstance(unstructured, dict):
        raise UsageError(f"to_json needs a p2skb model value, not {type(value).__name__}")
    return with_schema_version(SCHEMA_VERSION, unstructured)


def with_schema_version(version: int, data: dict[str, Any]) -> JsonObject:
    """``data`` with ``schema_version`` first: how every exported document says its schema."""
    return {"schema_version": version, **data}


def without_schema_version(data: dict[str, Any]) -> tuple[object, dict[str, Any]]:
    """The ``schema_version`` a document says (``None`` if none) and the rest of it."""
    rest = dict(data)
    return rest.pop("schema_version", None), rest


def to_json(value: object, *, indent: int | None = None) -> str:
    """Serialize a model value (an :class:`~p2skb.model.Article`, ...) to JSON text.

    Compact UTF-8 JSON, or indented by ``indent`` spaces (:func:`json_text`).
    """
    # Paused until the JSON-ready dicts are written and freed: the collector would
    # otherwise scan all of them once it is enabled again (a third of the export).
    with collector_paused():
        return json_text(to_jsonable(value), indent=indent)


def json_text(data: object, *, indent: int | None = None) -> str:
    """JSON-ready data (dicts, lists, strings, numbers) as JSON text, the way p2skb writes it.

    Compact UTF-8 JSON, or indented by ``indent`` spaces.  Written by orjson
    (its C-speed writer is a third of the export's cost otherwise); the json
    module takes over for the indents orjson lacks and for integers beyond 64
    bits (YAML front matter may hold one).
    """
    import orjson  # noqa: PLC0415 -- loaded with the first export, not with p2skb

    if indent in (None, 2):
        try:
            option = orjson.OPT_INDENT_2 if indent == 2 else 0
            return orjson.dumps(data, option=option).decode("utf-8")
        except orjson.JSONEncodeError:
            pass
    separators = (",", ":") if indent is None else (",", ": ")
    # A model value is a tree: skipping the circular-reference bookkeeping saves 15%.
    return json.dumps(
        data, ensure_ascii=False, indent=indent, separators=separators, check_circular=False
    )


def load_json(text: str | bytes, *, path: str | None = None) -> Any:
    """Parse JSON text that may be hostile: every way it can fail is a :class:`~p2skb.UsageError`.

    Besides broken syntax (with its line and column): nesting too deep for the
    parser, an integer of more digits than Python converts, bytes that are not UTF-8.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"not JSON: {error.msg}", path=path, line=error.lineno, column=error.colno
        ) from error
    except RecursionError as error:
        raise UsageError("not JSON this reads: nested too deep", path=path) from error
    except ValueError as error:  # UnicodeDecodeError, or an integer past sys.get_int_max_str_digits
        raise UsageError(f"not JSON this reads: {error}", path=path) from error


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Load a value of type ``cls`` from JSON written by :func:`to_json`.

    Raises:
        UsageError: the JSON is not a ``cls`` of a schema version this release reads.

    """
    data = load_json(text)
    if not isinstance(data, dict):
        raise UsageError(f"expected a JSON object for {cls.__name__}")
    version, data = without_schema_version(data)
    if version != SCHEMA_VERSION:
        raise UsageError(
            f"schema_version {version!r} is not {SCHEMA_VERSION}, which this release reads"
        )
    try:
        return json_converter().structure(data, cls)
    except (ExceptionGroup, KeyError, TypeError, ValueError) as error:  # cattrs' errors are groups
        raise UsageError(f"not a valid {cls.__name__}: {error}") from error
