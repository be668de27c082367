"""JSON export and import of the model, described by the JSON Schemas in ``schemas/``.

One cattrs converter serializes every model type.  Blocks and inline content
are tagged unions: ``{"type": "table", ...}``, the tag being each class's
``TYPE``.  The top-level object carries ``schema_version``; the round trip is
exact: ``from_json(to_json(a), Article) == a``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from p2skb.errors import UsageError
from p2skb.model import Block, DriftReport, Inline, JsonValue

if TYPE_CHECKING:
    import cattrs

__all__ = ["SCHEMA_VERSION", "from_json", "json_converter", "to_json", "to_jsonable"]

SCHEMA_VERSION = 1
"""The version of the JSON layout; it changes when a field changes meaning or goes away."""

T = TypeVar("T")


def _type_tag(cls: type) -> str:
    return str(getattr(cls, "TYPE"))  # noqa: B009 -- the union members' ClassVar, not an attribute access on an instance


def _is_json_mapping(annotation: object) -> bool:
    return annotation == Mapping[str, JsonValue]


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
    # Front-matter extras are JSON already (normalised at parse time): pass them through.
    made.register_unstructure_hook_func(_is_json_mapping, dict)
    made.register_structure_hook_func(_is_json_mapping, lambda value, _: dict(value))
    # A report's summary is derived from its findings: written out, recomputed on reading.
    made.register_unstructure_hook(
        DriftReport, make_dict_unstructure_fn(DriftReport, made, _cattrs_include_init_false=True)
    )
    return made


def to_jsonable(value: object) -> dict[str, Any]:
    """The JSON-ready dict of a model value, with ``schema_version`` first."""
    unstructured = json_converter().unstructure(value)
    if not isinstance(unstructured, dict):
        raise UsageError(f"to_json needs a p2skb model value, not {type(value).__name__}")
    return {"schema_version": SCHEMA_VERSION, **unstructured}


def to_json(value: object, *, indent: int | None = None) -> str:
    """Serialize a model value (an :class:`~p2skb.model.Article`, ...) to JSON text."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Load a value of type ``cls`` from JSON written by :func:`to_json`.

    Raises:
        UsageError: the JSON is not a ``cls`` of a schema version this release reads.

    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"not JSON: {error.msg}", line=error.lineno, column=error.colno) from error
    if not isinstance(data, dict):
        raise UsageError(f"expected a JSON object for {cls.__name__}")
    version = data.pop("schema_version", None)
    if version != SCHEMA_VERSION:
        raise UsageError(
            f"schema_version {version!r} is not {SCHEMA_VERSION}, which this release reads"
        )
    try:
        return json_converter().structure(data, cls)
    except (ExceptionGroup, KeyError, TypeError, ValueError) as error:  # cattrs' errors are groups
        raise UsageError(f"not a valid {cls.__name__}: {error}") from error
