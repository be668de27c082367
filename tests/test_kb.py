"""The knowledge base: search by error code and CJK text, safe queries, atomic builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import p2skb
from p2skb import kb
from tests.conftest import SEED_DIR, SEED_SOURCE, schema_validator
from tests.test_cli import run


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """The seed pair plus its en-us source, in one article folder."""
    folder = tmp_path / "articles" / SEED_DIR.name
    folder.mkdir(parents=True)
    for name in ("ja-jp.md", "zh-tw.md"):
        shutil.copy(SEED_DIR / name, folder / name)
    shutil.copy(SEED_SOURCE, folder / "en-us.md")
    return tmp_path / "articles"


@pytest.fixture
def database(articles: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kb.sqlite"
    kb.build([articles], path)
    return path


def test_an_error_code_finds_its_entry_in_every_locale(database: Path) -> None:
    with kb.open(database) as base:
        (hit,) = base.search("798")
    assert hit.entry.key == "vpn-client-error-a-certificate-could-not-be-found"
    assert hit.entry.kind == "troubleshooting"
    assert [text.locale for text in hit.entry.texts] == ["en-us", "ja-jp", "zh-tw"]
    japanese = hit.entry.texts[1]
    assert "(エラー 798)" in japanese.symptom
    assert japanese.messages == (
        "この拡張認証プロトコルで使用できる証明書が見つかりませんでした。(エラー 798)",
    )
    assert japanese.cause.startswith("この問題は")
    assert "798" in hit.entry.invariants.error_codes


def test_a_hex_code_finds_the_revocation_entry(database: Path) -> None:
    with kb.open(database) as base:
        (hit,) = base.search("0x80092013")
    assert hit.entry.key.startswith("error-the-revocation-function-was-unable-to-check-revocation")
    assert {text.locale for text in hit.entry.texts} == {"en-us", "ja-jp", "zh-tw"}


def test_japanese_text_is_found_inside_a_sentence(database: Path) -> None:
    with kb.open(database) as base:
        hits = base.search("証明書チェーン", locale="ja-jp")
    assert hits[0].entry.key == "vpn-client-error-a-certificate-chain-processed-but-terminated"
    assert hits[0].locale == "ja-jp"


def test_text_hits_come_title_first_then_by_occurrences(database: Path) -> None:
    """Three headings of the seed's en-us hold "certificate" (lines 18, 102, 316)."""
    with kb.open(database) as base:
        hits = base.search("certificate", locale="en-us", limit=50)
    titles = [hit.entry.texts[0].title for hit in hits]
    assert set(titles[:3]) == {
        "VPN client error: A certificate could not be found",
        "VPN client error: A certificate chain processed but terminated",
        '"Error 405" when you download root certificate from VPN Gateway',
    }
    assert len(titles) > 3
    assert not any("certificate" in title.lower() for title in titles[3:])
    for part in (hits[:3], hits[3:]):
        ranks = [hit.rank for hit in part]
        assert ranks == sorted(ranks, reverse=True)
        assert all(rank >= 1 for rank in ranks)


def test_a_locale_without_matches_falls_back_to_every_locale(database: Path) -> None:
    with kb.open(database) as base:
        hits = base.search("revocation server was offline", locale="ja-jp")
    assert hits
    assert hits[0].locale == "en-us"


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(a b)", "; DROP TABLE entries; --", "' OR 1=1 --", "a%_\\", "x"]
)
def test_sql_and_fts_syntax_in_a_query_is_text(database: Path, query: str) -> None:
    with kb.open(database) as base:
        base.search(query)  # never raises
        assert base.search("798")  # and the database is intact


def test_rebuilding_reads_only_what_changed_and_gives_the_same_content(
    articles: Path, database: Path, tmp_path: Path
) -> None:
    before = dump(database)
    assert kb.build([articles], database) == kb.BuildResult(built=0, kept=1, removed=0)
    assert dump(database) == before
    changed = articles / SEED_DIR.name / "zh-tw.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nnew paragraph\n", encoding="utf-8")
    assert kb.build([articles], database) == kb.BuildResult(built=1, kept=0, removed=0)
    fresh = tmp_path / "fresh.sqlite"
    kb.build([articles], fresh)
    assert dump(database) == dump(fresh)


def dump(path: Path) -> list[str]:
    """The database's SQL, sorted, without the index's own rows."""
    import sqlite3  # noqa: PLC0415 -- only the tests read the database raw

    with sqlite3.connect(path) as connection:
        return sorted(
            line
            for line in connection.iterdump()
            if "texts_fts" not in line or "INSERT" not in line
        )


def test_an_interrupted_build_leaves_the_previous_database_intact(
    articles: Path, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(database)
    changed = articles / SEED_DIR.name / "ja-jp.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt  # what a killed build looks like from inside

    monkeypatch.setattr(kb.store, "_insert", crash)
    with pytest.raises(KeyboardInterrupt):
        kb.build([articles], database)
    assert dump(database) == before
    assert sorted(path.name for path in database.parent.iterdir()) == [
        ".kb.sqlite.lock",  # kept: removing it would race with a build waiting for it
        "articles",
        "kb.sqlite",
    ]


def test_json_lines_validate_against_the_schema(articles: Path, tmp_path: Path) -> None:
    output = tmp_path / "kb.jsonl"
    assert kb.write_jsonl([articles], output).entries == 24
    validator = schema_validator("kb-entry.schema.json")
    for line in output.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))


def test_the_cli_builds_and_searches(articles: Path, tmp_path: Path) -> None:
    database = tmp_path / "cli.sqlite"
    code, out = run("kb", "build", str(articles), "-o", str(database))
    assert code == 0
    assert "1 article built" in out
    code, out = run("kb", "search", "798", "--kb", str(database), "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["matched"] == "invariant"
    assert row["entry"]["key"] == "vpn-client-error-a-certificate-could-not-be-found"
    code, out = run("kb", "search", "証明書チェーン", "--kb", str(database), "--locale", "ja-jp")
    first = out.splitlines()[0]  # the article, then the entry
    assert first.split(": ", 1)[1].startswith(
        "vpn-client-error-a-certificate-chain-processed-but-terminated"
    )
    assert first.startswith(str(articles))


def test_tmx_opens_in_translate_toolkit(articles: Path) -> None:
    from translate.storage import tmx  # noqa: PLC0415 -- a test dependency only

    folder = articles / SEED_DIR.name
    code, out = run(
        "align", str(folder / "ja-jp.md"), "--source", str(folder / "en-us.md"), "--format", "tmx"
    )
    assert code == 0
    store = tmx.tmxfile(out.encode("utf-8"), sourcelanguage="en-US", targetlanguage="ja-JP")
    units = {unit.getid(): unit for unit in store.units}
    title = units["ja-jp:vpn-client-error-a-certificate-could-not-be-found#title"]
    assert title.source == "VPN client error: A certificate could not be found"
    assert title.target == "VPN クライアント エラー:証明書が見つかりませんでした"
    assert len(units) > 100


def test_a_missing_knowledge_base_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(p2skb.UsageError, match="build one"):
        kb.open(tmp_path / "none.sqlite")


def test_an_unreadable_article_is_named_and_the_rest_is_built(
    articles: Path, tmp_path: Path
) -> None:
    folder = articles / "broken"
    folder.mkdir()
    (folder / "en-us.md").symlink_to(tmp_path / "gone.md")
    (folder / "ja-jp.md").write_bytes(b"# x\n\n\xff\n")
    expected = (f"{folder / 'en-us.md'}: a broken symlink; not read",)
    result = kb.build([articles], tmp_path / "kb.sqlite")
    assert (result.built, result.failures[:1]) == (1, expected)
    assert "ja-jp.md:3:1: not UTF-8" in result.failures[1]
    lines = kb.write_jsonl([articles], tmp_path / "kb.jsonl")
    assert (lines.built, lines.entries, lines.failures[:1]) == (1, 24, expected)


def test_a_build_that_finds_no_article_fails_and_changes_nothing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped path must not empty a knowledge base (every article was "removed")."""
    before = dump(database)
    empty = tmp_path / "articels"
    empty.mkdir()
    with pytest.raises(p2skb.UsageError, match="no article here"):
        kb.build([empty], database)
    with pytest.raises(p2skb.UsageError, match="no article here"):
        kb.build([], database, source_root=empty, translation_roots=[empty])
    code, _ = run("kb", "build", str(empty), "-o", str(database))
    assert code == 2
    assert capsys.readouterr().err == (
        f"p2skb: {empty}: no article here: nothing to build, nothing changed\n"
    )
    assert dump(database) == before


def _locales(database: Path) -> list[str]:
    with kb.open(database) as base:
        (hit,) = base.search("798")
    return [text.locale for text in hit.entry.texts]


def test_an_unreadable_translation_leaves_the_rest_of_its_article_built(
    articles: Path, tmp_path: Path
) -> None:
    """As drift: one bad translation fails alone, and the next build reads it again."""
    broken = articles / SEED_DIR.name / "zh-tw.md"
    good = broken.read_bytes()
    broken.write_bytes(b"# x\n\n\xff\n")
    database = tmp_path / "kb.sqlite"
    for _ in range(2):  # not kept as built: the next build names the file again
        result = kb.build([articles], database)
        assert (result.built, result.kept) == (1, 0)
        assert len(result.failures) == 1
        assert "zh-tw.md:3:1: not UTF-8" in result.failures[0]
        assert _locales(database) == ["en-us", "ja-jp"]
    broken.write_bytes(good)
    assert kb.build([articles], database) == kb.BuildResult(built=1, kept=0, removed=0)
    assert _locales(database) == ["en-us", "ja-jp", "zh-tw"]
    # an article whose source cannot be read is left out, not made of its translations
    source = articles / SEED_DIR.name / "en-us.md"
    source.write_bytes(b"# x\n\n\xff\n")
    result = kb.build([articles], tmp_path / "other.sqlite")
    assert (result.built, len(result.failures)) == (0, 1)
    lines = kb.write_jsonl([articles], tmp_path / "kb.jsonl")
    assert (lines.built, lines.entries, len(lines.failures)) == (0, 0, 1)


def test_kb_build_finds_every_article_of_parallel_trees(tmp_path: Path) -> None:
    """A service folder of a docs tree holds many articles: each is one, with its translation."""
    for root, name in (("en/articles/vpn", "en-us.md"), ("ja/articles/vpn", "ja-jp.md")):
        (tmp_path / root).mkdir(parents=True)
        source = SEED_SOURCE if name == "en-us.md" else SEED_DIR / name
        for article in ("troubleshoot.md", "troubleshoot-again.md"):
            shutil.copy(source, tmp_path / root / article)
    output = tmp_path / "kb.jsonl"
    code, out = run(
        "kb", "build", "--source-root", str(tmp_path / "en" / "articles"),
        "--translation-root", str(tmp_path / "ja" / "articles"), "-o", str(output),
    )  # fmt: skip
    assert code == 0, out
    entries = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert {entry["folder"] for entry in entries} == {"vpn/troubleshoot", "vpn/troubleshoot-again"}
    assert all(
        {text["locale"] for text in entry["texts"]} == {"en-us", "ja-jp"} for entry in entries
    )
    # the same files given as folders: each file its own article, not one per folder
    groups, _ = kb.sources.article_groups([tmp_path / "en"])
    assert [group.folder.rsplit("/", 1)[-1] for group in groups] == [
        "troubleshoot",
        "troubleshoot-again",
    ]
