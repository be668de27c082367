"""Shared fixtures: the seed corpus in the repository and the shared corpus beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "corpus" / "vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_SOURCE = FIXTURES / "seed" / "en-us.md"
"""The seed article's en-us source (the repository's corpus/ holds its translations)."""
CORPUS = SHARED_CORPUS if SHARED_CORPUS.is_dir() else FIXTURES / "corpus"
"""The shared corpus beside this checkout, else the excerpts of it in tests/fixtures."""


def schema_validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator of ``schemas/<name>`` that resolves references to the other schemas."""
    resources = []
    for path in (ROOT / "schemas").glob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry)


def corpus_files() -> list[Path]:
    """Every article in corpus/ and in :data:`CORPUS` (globbed: the corpus grows)."""
    return sorted((ROOT / "corpus").glob("*/*.md")) + sorted(CORPUS.glob("*/*.md"))


def corpus_id(path: Path) -> str:
    """A corpus file's test id: ``<article>/<locale>.md``."""
    return f"{path.parent.name}/{path.name}"


def corpus_cases(known_failures: dict[str, str]) -> list[object]:
    """:func:`corpus_files` as parameters; an id in ``known_failures`` is a strict xfail.

    For behaviour another issue is to fix: the mark goes when the fix lands (strict, so a
    case that starts passing fails until its mark is removed).
    """
    cases: list[object] = []
    for path in corpus_files():
        # The excerpts in tests/fixtures may stop before what a known failure is about.
        known = path.is_relative_to(SHARED_CORPUS)
        reason = known_failures.get(corpus_id(path)) if known else None
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(path, id=corpus_id(path), marks=marks))
    return cases


@pytest.fixture
def seed_ja() -> Path:
    return SEED_DIR / "ja-jp.md"


@pytest.fixture
def seed_zh() -> Path:
    return SEED_DIR / "zh-tw.md"


@pytest.fixture
def shared_corpus() -> Path:
    """The whole shared corpus: tests that need it are marked ``corpus`` and skip without it."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("needs ../shared/corpus beside this checkout (the corpus marker)")
    return SHARED_CORPUS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need the whole shared corpus (``-m "not corpus"`` leaves them out)."""
    for item in items:
        if "shared_corpus" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)
