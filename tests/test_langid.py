"""Language identification and the language checks, on the real corpus and on edge cases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import p2skb
from p2skb.alignment import match_sections
from p2skb.analysis import ArticleView
from p2skb.checks.language import _article_prose
from p2skb.langid import UNKNOWN, identify, latin_words, locale_language, prose, prose_of
from p2skb.model import Paragraph, Severity
from p2skb.text import walk_blocks
from tests.conftest import ROOT, corpus_files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_article_is_identified_as_its_declared_language(path: Path) -> None:
    article = p2skb.parse_file(path)
    guess = identify(_article_prose(ArticleView(article)))
    assert guess.language == locale_language(article.locale)
    assert not p2skb.lint(article, select=["wrong-language"]).findings


@pytest.mark.parametrize(
    ("name", "declared", "detected"),
    [("zh-tw.md", "zh-cn", "zh-hant"), ("ja-jp.md", "zh-tw", "ja")],
)
def test_a_wrong_declared_locale_is_reported(
    seed_ja: Path, name: str, declared: str, detected: str
) -> None:
    article = p2skb.parse_file(seed_ja.parent / name, locale=declared)
    (finding,) = p2skb.lint(article, select=["wrong-language"]).findings
    assert finding.severity is p2skb.Severity.ERROR
    assert finding.message.startswith(f"the prose is {detected} (")
    assert f"but the article declares {declared}" in finding.message


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("症状", UNKNOWN),  # two Han characters: Japanese heading or Chinese, nobody can tell
        ("原因", UNKNOWN),
        ("Date", UNKNOWN),  # one Latin word: langdetect would say German
        ("", UNKNOWN),
        ("VPN クライアントを使用して Azure 仮想ネットワークに接続しようとすると", "ja"),
        ("當您嘗試使用 VPN 用戶端來連線到 Azure 虛擬網路時，會收到下列錯誤訊息", "zh-hant"),
        ("当你尝试使用 VPN 客户端连接到 Azure 虚拟网络时，会收到以下错误消息", "zh-hans"),
        ("VPN 클라이언트를 사용하여 Azure 가상 네트워크에 연결하려고 하면", "ko"),
        ("When you try to connect to an Azure virtual network by using the VPN client", "en"),
        ("Wenn Sie versuchen, mithilfe des VPN-Clients eine Verbindung herzustellen", "de"),
        ("Lorsque vous essayez de vous connecter à un réseau virtuel Azure", "fr"),
    ],
)
def test_identify_short_mixed_and_cjk_text(text: str, language: str) -> None:
    assert identify(prose(text)).language == language


def test_text_that_is_all_code_paths_and_urls_has_no_prose() -> None:
    text = r"C:\Users\x\AppData HKEY_LOCAL_MACHINE\SYSTEM https://learn.microsoft.com/x 0x80090326"
    assert prose(text).split() == []
    content = (p2skb.InlineCode("Get-AzVpnClientConfiguration -ResourceGroupName rg"),)
    assert prose_of(content) == ""
    assert identify(prose_of(content)).language == UNKNOWN


def test_names_translators_keep_are_not_prose_words() -> None:
    assert latin_words("AzureClient.pfx IKEv2 VPN Windows 10 SSTP") == ["Windows"]
    assert latin_words("Restart your computer.") == ["Restart", "your", "computer"]


def test_identification_is_the_same_in_fresh_processes(seed_zh: Path) -> None:
    script = (
        "import sys, p2skb; from p2skb.checks.language import _article_prose; "
        "from p2skb.analysis import ArticleView; from p2skb.langid import identify; "
        "print(identify(_article_prose(ArticleView(p2skb.parse_file(sys.argv[1])))))"
    )
    latin = ROOT.parent / "shared" / "corpus" / "troubleshoot-ad-vpn-client" / "de-de.md"
    for path in [seed_zh, *([latin] if latin.is_file() else [])]:
        answers = {
            subprocess.run(
                [sys.executable, "-c", script, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env={"PYTHONHASHSEED": seed, "PATH": ""},
            ).stdout
            for seed in ("0", "1", "2")
        }
        assert len(answers) == 1


def test_importing_and_parsing_do_not_load_langdetect(seed_ja: Path) -> None:
    script = (
        "import sys, p2skb; p2skb.parse_file(sys.argv[1]); "
        "print('langdetect' in ' '.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(seed_ja)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------- untranslated


def _pairs_of_translations(shared_corpus: Path) -> list[tuple[Path, Path]]:
    return [
        (path.parent / "en-us.md", path)
        for path in sorted(shared_corpus.glob("*/*.md"))
        if path.name != "en-us.md" and (path.parent / "en-us.md").is_file()
    ]


# English left in translations of the shared corpus, read line by line (warnings only).
LEFT_IN_ENGLISH = {
    # UI strings kept in English with a French gloss: "**Configure -> Clear Saved
    # Account** (Configurer -> …)", Diagnose -> Run Diagnosis / Show Logs Directory.
    ("troubleshoot-ad-vpn-client", "fr-fr"): [37, 48, 62],
    # The same in bold: "**Server Address (Serveradresse)**", Network Setting,
    # Authentication Setting(s), Payload: Security Association.
    ("vpn-gateway-troubleshoot-point-to-site-osx-ikev2", "de-de"): [29, 32, 35, 43, 46, 49, 58],
    ("vpn-gateway-troubleshoot-point-to-site-osx-ikev2", "fr-fr"): [58],
    # "**Custom script (to update your routing table) failed. (Fehler mit …)**".
    ("vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems", "de-de"): [148],
}


def test_english_left_in_translations_is_reported_and_nothing_else(
    shared_corpus: Path,
) -> None:
    for source_path, path in _pairs_of_translations(shared_corpus):
        report = p2skb.diff(
            p2skb.parse_file(source_path), p2skb.parse_file(path), select=["untranslated"]
        )
        loud = [f.translation.line for f in report.findings if f.severity is not Severity.INFO]
        assert loud == LEFT_IN_ENGLISH.get((path.parent.name, path.stem), []), path


def test_english_alt_text_of_a_latin_translation_is_reported(shared_corpus: Path) -> None:
    folder = shared_corpus / "vpn-gateway-troubleshoot-point-to-site-osx-ikev2"
    report = p2skb.diff(
        p2skb.parse_file(folder / "en-us.md"),
        p2skb.parse_file(folder / "fr-fr.md"),
        select=["untranslated"],
    )
    alt = [f.translation.line for f in report.findings if "alt text" in f.message]
    assert alt == [37, 51]  # "![Authentication settings](…)" twice


def _prose_paragraph_pairs(
    source: p2skb.Article, translation: p2skb.Article
) -> list[tuple[Paragraph, Paragraph]]:
    """Paragraphs of aligned sections, paired in order, whose source side is prose."""
    found = []
    for pair in match_sections(source, translation).pairs:
        was = [b for b in walk_blocks(pair.source.blocks) if isinstance(b, Paragraph)]
        now = [b for b in walk_blocks(pair.translation.blocks) if isinstance(b, Paragraph)]
        if len(was) == len(now):
            found += [
                (a, b)
                for a, b in zip(was, now, strict=True)
                if len(latin_words(prose_of(a.content, keep_emphasis=False))) >= 3
            ]
    return found


def test_a_paragraph_replaced_by_the_source_is_untranslated(shared_corpus: Path) -> None:
    checked = 0
    for source_path, path in _pairs_of_translations(shared_corpus):
        source, translation = p2skb.parse_file(source_path), p2skb.parse_file(path)
        source_lines = source_path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        pairs = _prose_paragraph_pairs(source, translation)
        for was, now in pairs[:: max(1, len(pairs) // 4)]:  # a few per file, spread out
            english = source_lines[was.span.start_line - 1 : was.span.end_line]
            first = lines[now.span.start_line - 1]
            indent = first[: len(first) - len(first.lstrip())]  # keep list-item indentation
            mutated = [
                *lines[: now.span.start_line - 1],
                *(indent + line.lstrip() for line in english),
                *lines[now.span.end_line :],
            ]
            article = p2skb.parse("\n".join(mutated), path=str(path))
            report = p2skb.diff(source, article, select=["untranslated"])
            hits = [
                f
                for f in report.findings
                if f.translation.line == now.span.start_line
                and f.severity is p2skb.Severity.WARNING
            ]
            assert hits, (path, now.span.start_line, english)
            checked += 1
    assert checked >= 40


def test_import_p2skb_loads_no_heavy_dependency() -> None:
    script = (
        "import sys, p2skb; heavy = ('markdown_it', 'attr', 'cattrs', 'yaml', 'langdetect', "
        "'frontmatter', 'jsonschema', 'sqlite3'); "
        "print(sorted(name for name in heavy if name in sys.modules)); "
        "p2skb.Article; print('markdown_it' in sys.modules, 'attr' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", "False True"]
