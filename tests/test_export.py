from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import p2skb
from p2skb.export import SCHEMA_VERSION
from tests.conftest import ROOT, corpus_files


def article_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / "article.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_round_trip_is_exact_and_valid(path: Path) -> None:
    article = p2skb.parse_file(path)
    text = p2skb.to_json(article)
    assert p2skb.from_json(text, p2skb.Article) == article
    article_validator().validate(json.loads(text))


def test_json_follows_the_public_contract(seed_ja: Path) -> None:
    data: dict[str, Any] = json.loads(p2skb.to_json(p2skb.parse_file(seed_ja)))
    assert data["schema_version"] == SCHEMA_VERSION
    section = data["sections"][0]["sections"][0]
    assert {"key", "anchor", "level", "title", "role", "span"} <= section.keys()
    assert section["role"] == "symptom"
    assert section["span"] == {"start_line": 24, "end_line": 28}
    assert all("type" in block for block in section["blocks"])
    assert data["front_matter"]["source_git_commit"] == "f6e2ea5571e35b9ed3a79a22485eba4d20ae36cc"


def test_yaml_dates_export_as_strings() -> None:
    article = p2skb.parse("---\nms.date: 2020-03-26\nwhen: 2020-03-26T10:00:00\n---\n")
    data = json.loads(p2skb.to_json(article))
    assert data["front_matter"]["ms_date"] == "2020-03-26"
    assert data["front_matter"]["extra"] == {"when": "2020-03-26T10:00:00"}
    article_validator().validate(data)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[]", "expected a JSON object"),
        ("{", "not JSON"),
        ('{"schema_version": 99}', "schema_version 99"),
        ('{"schema_version": 1, "path": 3}', "not a valid Article"),
    ],
)
def test_from_json_refuses_what_it_cannot_read(text: str, problem: str) -> None:
    with pytest.raises(p2skb.UsageError, match=problem):
        p2skb.from_json(text, p2skb.Article)


def test_json_is_compact_and_falls_back_for_what_orjson_cannot_write() -> None:
    parsed = p2skb.parse("---\ntitle: T\nbig: 123456789012345678901234567890\n---\n# T\n")
    assert parsed.front_matter.extra == {"big": "123456789012345678901234567890"}  # as written
    # A caller's own value may still hold an integer orjson cannot write.
    front_matter = attrs.evolve(parsed.front_matter, extra={"big": 123456789012345678901234567890})
    article = attrs.evolve(parsed, front_matter=front_matter)
    text = p2skb.to_json(article)
    assert '"big":123456789012345678901234567890' in text
    assert p2skb.from_json(text, p2skb.Article) == article
    small = p2skb.parse("# T\n\n## A\n\ntext\n")
    assert ", " not in p2skb.to_json(small)
    for indent in (2, 4):
        indented = p2skb.to_json(small, indent=indent)
        assert "\n" + " " * indent + '"schema_version": 1' in indented
        assert p2skb.from_json(indented, p2skb.Article) == small


def test_the_schema_lists_every_diagnostic_kind() -> None:
    schema = json.loads((ROOT / "schemas" / "article.schema.json").read_text(encoding="utf-8"))
    listed = schema["$defs"]["diagnostic"]["properties"]["kind"]["enum"]
    assert listed == [kind.value for kind in p2skb.DiagnosticKind]


_SPAN = {"start_line": 1, "end_line": 1}


@pytest.mark.parametrize(
    ("block", "valid"),
    [
        ({"type": "paragraph", "content": [], "span": _SPAN}, True),
        ({"type": "nope", "content": [], "span": _SPAN}, False),
        ({"content": [], "span": _SPAN}, False),
        (
            {"type": "paragraph", "content": [], "span": _SPAN, "x": 1},
            False,
        ),
        ({"type": "paragraph", "span": _SPAN}, False),
        # An inline item nested in emphasis is held to its own type's definition.
        (
            {
                "type": "paragraph",
                "content": [{"type": "emphasis", "children": [{"type": "text"}]}],
                "span": _SPAN,
            },
            False,
        ),
        ("paragraph", False),
    ],
)
def test_a_block_is_held_to_the_definition_its_type_names(block: object, valid: bool) -> None:  # noqa: FBT001 -- a parameter
    article = json.loads(p2skb.to_json(p2skb.parse("# T\n\ntext\n")))
    article["intro"] = [block]
    assert article_validator().is_valid(article) is valid
