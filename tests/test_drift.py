"""Drift on the real corpus: the seed pair's known defects, quiet self-diffs, pinned pairs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import p2skb
from p2skb.alignment import match_sections
from p2skb.analysis import Analysis
from p2skb.checks import Scope, checks
from p2skb.drift import diff, lint
from tests.conftest import ROOT, corpus_files

PAIR_CODES = {
    code
    for code, check in checks().items()
    if check.scope in {Scope.SECTION_PAIR, Scope.ARTICLE_PAIR}
}
UPDATE_TABLE = (
    "the-network-connection-between-your-computer-and-the-vpn-server-could-not-be-established-"
    "because-the-remote-server-is-not-responding/solution"
)
RESET_GATEWAY = (
    "the-point-to-site-vpn-connection-is-established-but-you-still-cannot-connect-to-"
    "azure-resources/solution"
)
DIALING = (
    "vpn-client-error-dialing-vpn-connection-vpn-connection-name-status--vpn-platform-did-not-"
    "trigger-connection"
)


def found(report: p2skb.DriftReport) -> set[tuple[str, int, str]]:
    return {(f.name, f.translation.line, f.key) for f in report.findings}


def test_the_seed_pair_shows_its_known_defects(seed_ja: Path, seed_zh: Path) -> None:
    report = diff(p2skb.parse_file(seed_ja), p2skb.parse_file(seed_zh))
    expected = {
        ("malformed-table", 74, UPDATE_TABLE),
        ("block-sequence", 74, UPDATE_TABLE),
        ("html-swallowed", 344, DIALING),
        ("html-swallowed", 346, DIALING),
        ("broken-emphasis", 32, "vpn-client-error-a-certificate-could-not-be-found/cause"),
        ("broken-emphasis", 38, "vpn-client-error-a-certificate-could-not-be-found/solution"),
        (
            "link-target",
            301,
            RESET_GATEWAY,
        ),
        ("stale-source", 11, ""),
        ("stale-source", 12, ""),
        ("machine-translated", 13, ""),
    }
    assert expected <= found(report)
    swallowed = [f.message for f in report.findings if f.name == "html-swallowed"]
    assert any("<VPN Connection Name>" in message for message in swallowed)
    assert any("<User>" in message for message in swallowed)
    link = next(f for f in report.findings if f.name == "link-target")
    assert (
        "'vpn-gateway-resetgw-classic.md' here, './reset-gateway.md' in the source" in link.message
    )
    assert link.source is not None
    assert link.source.line == 301


def test_the_seed_pair_the_other_way_round(seed_ja: Path, seed_zh: Path) -> None:
    report = diff(p2skb.parse_file(seed_zh), p2skb.parse_file(seed_ja))
    names = {(f.name, f.translation.line) for f in report.findings}
    assert ("block-sequence", 74) in names  # a table in ja where zh-tw has text
    assert ("link-target", 301) in names
    assert ("stale-source", 12) in names
    assert not [f for f in report.findings if f.name in {"malformed-table", "html-swallowed"}]


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_an_article_against_itself_has_only_its_own_findings(path: Path) -> None:
    article = p2skb.parse_file(path)
    report = diff(article, article)
    assert not [f for f in report.findings if f.code in PAIR_CODES]
    assert report.findings == lint(article).findings


# Every finding below was checked by reading both files; the comments say what differs.
PINNED = {
    ("vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems", "ja-jp"): {
        # en-us's update table has a 4-cell delimiter row (text); ja fixed it (a table).
        ("block-sequence", 74, UPDATE_TABLE),
        # en-us indents the certificate sample; ja fences it as ```text.
        (
            "code-changed",
            191,
            "azure-portal-error-failed-to-save-the-vpn-gateway-and-the-data-is-invalid/solution",
        ),
        # en-us moved the registry key into a code block; ja keeps the older code span:
        # one cause, reported once, by block-sequence (a paragraph where en-us has code).
        ("block-sequence", 266, "vpn-client-cannot-access-network-file-shares/solution"),
        # en-us links vpn-gateway-resetgw-classic.md, ja ./reset-gateway.md.
        ("link-target", 301, RESET_GATEWAY),
        # One-word header cells ja keeps in English: Certificate, Date (info).
        ("untranslated", 42, "vpn-client-error-a-certificate-could-not-be-found/solution"),
        ("untranslated", 74, UPDATE_TABLE),
        (
            "untranslated",
            118,
            "vpn-client-error-a-certificate-chain-processed-but-terminated/solution",
        ),
    },
    ("troubleshoot-ad-vpn-client", "zh-tw"): {
        ("machine-translated", 12, ""),
        # zh-tw copies ms.date 11/04/2019 (line 8); en-us is 04/29/2021: an older revision.
        ("stale-source", 8, ""),
        # "選取 [儲存]****。": the bold of **Save** became literal asterisks; one cause,
        # reported once, by broken-emphasis (which owns visible markers).
        ("broken-emphasis", 38, "clear"),
    },
    ("vpn-gateway-troubleshoot-point-to-site-osx-ikev2", "ko-kr"): {
        # ko-kr indents the screenshots by 2 spaces under "1. ": they fall out of the
        # list, which splits into several lists.
        ("block-sequence", 36, "VPNClient"),
        ("list-length", 36, "VPNClient"),
        ("block-sequence", 38, "VPNClient"),
        ("block-sequence", 50, "ikev2"),
        ("list-length", 50, "ikev2"),
        ("block-sequence", 52, "ikev2"),
        # ikev2auth4.png in en-us, ikev2auth4.jpg in ko-kr.
        ("link-target", 58, "ikev2"),
        ("list-length", 65, "additional"),
        ("block-sequence", 66, "additional"),
        ("block-sequence", 68, "additional"),
    },
}


@pytest.mark.parametrize(("article", "locale"), sorted(PINNED))
def test_pinned_findings_on_real_pairs(shared_corpus: Path, article: str, locale: str) -> None:
    folder = shared_corpus / article
    report = diff(p2skb.parse_file(folder / "en-us.md"), p2skb.parse_file(folder / f"{locale}.md"))
    assert found(report) == PINNED[article, locale]


def test_findings_are_sorted_and_identical_across_processes(seed_ja: Path, seed_zh: Path) -> None:
    report = diff(p2skb.parse_file(seed_ja), p2skb.parse_file(seed_zh))
    lines = [(f.translation.path, f.translation.line) for f in report.findings]
    assert lines == sorted(lines)
    outputs = set()
    for seed in ("0", "1"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "p2skb",
                "drift",
                str(seed_ja),
                str(seed_zh),
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        assert result.returncode == 1, result.stderr
        outputs.add(result.stdout)
    assert outputs == {p2skb.to_json(report, indent=2) + "\n"}


def _corpus_pairs() -> list[tuple[p2skb.Article, p2skb.Article]]:
    """Every corpus translation with its source (the seed pair when there is no source)."""
    files = corpus_files()
    pairs = [
        (path.parent / "en-us.md", path)
        for path in files
        if path.name != "en-us.md" and (path.parent / "en-us.md").is_file()
    ] or [(files[0], files[1])]
    return [(p2skb.parse_file(source), p2skb.parse_file(path)) for source, path in pairs]


def test_a_check_is_skipped_only_for_section_pairs_where_it_finds_nothing() -> None:
    """``Check.reads`` lets the runner skip pairs: the check must find nothing in them."""
    reading = [c for c in checks().values() if c.scope is Scope.SECTION_PAIR and c.reads]
    assert {c.name for c in reading} >= {"image-type", "zone-mismatch", "list-length"}
    skipped = 0
    for source, translation in _corpus_pairs():
        analysis = Analysis()
        for pair in match_sections(source, translation).pairs:
            view = analysis.pair(pair)
            held = view.source.content_classes | view.translation.content_classes
            for check in reading:
                if check.reads.isdisjoint(held):
                    skipped += 1
                    assert list(check.function(view)) == [], (check.name, pair.source.key)
    assert skipped > 0


def test_a_section_shown_for_a_zone_is_checked_even_with_its_part_empty() -> None:
    zoned = '---\nms.contentlocale: ja-jp\n---\n# T\n\n::: zone pivot="{}"\n\n## {}\n\n{}\n\n'
    source = p2skb.parse(zoned.format("python", "A", "text") + "## B\n\n::: zone-end\n")
    translation = p2skb.parse(
        zoned.format("csharp", '<a name="a"></a>甲', "本文")
        + '## <a name="b"></a>乙\n\n::: zone-end\n'
    )
    found = diff(source, translation, select=["zone-mismatch"]).findings
    assert [finding.key for finding in found] == ["a", "b"]


def test_runs_in_threads_share_nothing() -> None:
    """Each run has its own views: concurrent runs give what runs one after another give."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 -- only this test

    pairs = _corpus_pairs()
    alone = [diff(source, translation) for source, translation in pairs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda pair: diff(*pair), pairs * 2))
    assert together == alone * 2
