"""Shared fixtures: the seed corpus in the repository and the shared corpus beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "corpus" / "vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_files() -> list[Path]:
    """Every article in corpus/ and ../shared/corpus/ (globbed: the corpus grows)."""
    files = sorted((ROOT / "corpus").glob("*/*.md"))
    if SHARED_CORPUS.is_dir():
        files += sorted(SHARED_CORPUS.glob("*/*.md"))
    return files


@pytest.fixture
def seed_ja() -> Path:
    return SEED_DIR / "ja-jp.md"


@pytest.fixture
def seed_zh() -> Path:
    return SEED_DIR / "zh-tw.md"


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED_CORPUS
