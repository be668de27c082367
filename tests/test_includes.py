"""Resolving includes on a small tree: nested, cached, and never outside the root."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import p2skb
import p2skb.files
import p2skb.parsing
import p2skb.parsing.includes
from p2skb.model import Article, Include, Paragraph, Span, Strong, Text
from p2skb.parsing import IncludeResolver
from tests.test_cli import run
from tests.test_export import article_validator


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """docs/articles/vpn/en-us.md including docs/includes/{one,two,cycle-a,cycle-b}.md."""
    root = tmp_path / "docs"
    _write(
        root / "articles" / "vpn" / "en-us.md",
        "# Title\n\n## Steps\n\n"
        "[!INCLUDE [One](../../includes/one.md)]\n\n"
        "[!INCLUDE [Again](~/includes/one.md)]\n\n"
        "[!INCLUDE [Loop](../../includes/cycle-a.md)]\n",
    )
    _write(root / "includes" / "one.md", "One.\n\n[!INCLUDE [Two](two.md)]\n")
    _write(root / "includes" / "two.md", "Two **bold**.\n")
    _write(root / "includes" / "cycle-a.md", "A.\n\n[!INCLUDE [B](cycle-b.md)]\n")
    _write(root / "includes" / "cycle-b.md", "B.\n\n[!INCLUDE [A](cycle-a.md)]\n")
    _write(tmp_path / "secret.md", "SECRET\n")
    return root


def _count_reads(monkeypatch: pytest.MonkeyPatch, name: Callable[[str | Path], str]) -> list[str]:
    """Record every file the parser reads from now on (articles and included files)."""
    read: list[str] = []
    original = p2skb.files.read_regular

    def reading(path: str | Path, **options: Any) -> bytes:
        read.append(name(path))
        return original(path, **options)

    for module in (p2skb.parsing, p2skb.parsing.includes):
        monkeypatch.setattr(module, "read_regular", reading)
    return read


def _includes(article: Article) -> list[Include]:
    return [block for block in article.sections[0].blocks if isinstance(block, Include)]


def test_without_a_root_includes_stay_references(tree: Path) -> None:
    article = p2skb.parse_file(tree / "articles" / "vpn" / "en-us.md")
    assert [include.resolved for include in _includes(article)] == [None, None, None]
    assert article.diagnostics == ()


def test_nested_includes_resolve_relative_to_each_file_and_tilde_is_the_root(tree: Path) -> None:
    article = p2skb.parse_file(tree / "articles" / "vpn" / "en-us.md", include_root=tree)
    one, again, _ = _includes(article)
    assert one.resolved is not None
    assert one.resolved is again.resolved  # the same file, parsed once
    assert one.resolved.path == str(tree.resolve() / "includes" / "one.md")
    assert one.resolved.intro[0] == Paragraph((Text("One."),), Span(1, 1))
    nested = one.resolved.intro[1]
    assert isinstance(nested, Include)
    assert nested.resolved is not None
    assert nested.resolved.path.endswith("two.md")
    assert nested.resolved.intro == (
        Paragraph((Text("Two "), Strong((Text("bold"),)), Text(".")), Span(1, 1)),
    )


def test_a_cycle_is_reported_on_the_article_and_not_followed(tree: Path) -> None:
    article = p2skb.parse_file(tree / "articles" / "vpn" / "en-us.md", include_root=tree)
    loop = _includes(article)[2]
    assert loop.resolved is not None  # cycle-a.md, then cycle-b.md, which would include cycle-a
    inner = loop.resolved.intro[1]
    assert isinstance(inner, Include)
    assert inner.resolved is not None
    back = inner.resolved.intro[1]
    assert isinstance(back, Include)
    assert back.resolved is None
    (cycle,) = article.diagnostics
    assert (cycle.kind, cycle.span) == ("include-cycle", Span(9, 9))
    assert "cycle-a.md -> cycle-b.md -> cycle-a.md" in cycle.message
    finding = next(iter(p2skb.lint(article, select=["parse-diagnostic"]).findings))
    assert (finding.severity, finding.translation.line) == (p2skb.Severity.ERROR, 9)


@pytest.mark.parametrize(
    "target",
    [
        "../../../secret.md",
        "../../../../../../../../etc/passwd",
        "/../secret.md",
        "https://x.test/a.md",
    ],
)
def test_escaping_targets_are_errors_not_reads(
    tree: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_path = _write(tree / "articles" / "x.md", f"# T\n\n[!INCLUDE [x]({target})]\n")
    read = _count_reads(monkeypatch, str)
    article = p2skb.parse_file(article_path, include_root=tree)
    (include,) = article.intro
    assert isinstance(include, Include)
    assert include.resolved is None
    (escape,) = article.diagnostics
    assert (escape.kind, escape.span) == ("include-escape", Span(3, 3))
    assert read == [str(article_path)]  # only the article itself


def test_a_symlink_out_of_the_root_is_refused(tree: Path) -> None:
    link = tree / "includes" / "out.md"
    try:
        link.symlink_to(tree.parent / "secret.md")
    except OSError:
        pytest.skip("no symlinks here")
    article_path = _write(tree / "articles" / "y.md", "[!INCLUDE [x](../includes/out.md)]\n")
    article = p2skb.parse_file(article_path, include_root=tree)
    assert [d.kind for d in article.diagnostics] == ["include-escape"]


def test_a_missing_include_is_a_diagnostic(tree: Path) -> None:
    article_path = _write(tree / "articles" / "z.md", "[!INCLUDE [x](../includes/nope.md)]\n")
    (missing,) = p2skb.parse_file(article_path, include_root=tree).diagnostics
    assert missing.kind == "include-unreadable"
    assert "nope.md" in missing.message


def test_one_resolver_reads_each_include_once_across_articles(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = _write(
        tree / "articles" / "vpn" / "ja-jp.md", "[!INCLUDE [One](../../includes/one.md)]\n"
    )
    read = _count_reads(monkeypatch, lambda path: Path(path).name)
    resolver = IncludeResolver(tree)
    p2skb.parse_file(tree / "articles" / "vpn" / "en-us.md", include_root=resolver)
    p2skb.parse_file(second, include_root=resolver)
    assert sorted(read) == sorted(
        ["en-us.md", "one.md", "two.md", "cycle-a.md", "cycle-b.md", "ja-jp.md"]
    )


def test_resolved_includes_round_trip_and_validate(tree: Path) -> None:
    article = p2skb.parse_file(tree / "articles" / "vpn" / "en-us.md", include_root=tree)
    text = p2skb.to_json(article)
    assert p2skb.from_json(text, p2skb.Article) == article
    article_validator().validate(json.loads(text))


def test_cli_include_root(tree: Path) -> None:
    article = str(tree / "articles" / "vpn" / "en-us.md")
    code, out = run("parse", article, "--include-root", str(tree), "--jobs", "1")
    assert code == 0
    include = json.loads(out)["sections"][0]["blocks"][0]
    assert include["resolved"]["path"].endswith("one.md")
    code, out = run("lint", article, "--include-root", str(tree), "--jobs", "1")
    assert code == 1
    assert "include-cycle" in out


def _diagnostic_kinds(article: Article) -> list[str]:
    return [diagnostic.kind for diagnostic in article.diagnostics]


def test_a_long_chain_of_includes_stops_at_the_depth_limit(tmp_path: Path) -> None:
    for index in range(170):
        _write(tmp_path / f"i{index}.md", f"Level {index}.\n\n[!INCLUDE [n](i{index + 1}.md)]\n")
    _write(tmp_path / "i170.md", "The end.\n")
    article = p2skb.parse_file(tmp_path / "i0.md", include_root=tmp_path)
    assert "include-limit" in _diagnostic_kinds(article)
    depth, include = 0, article.intro[1]
    while isinstance(include, Include) and include.resolved is not None:
        depth += 1
        include = include.resolved.intro[1]
    assert depth == p2skb.Limits().max_include_depth
    assert "nested 9 includes deep" in next(
        d.message for d in article.diagnostics if d.kind == "include-limit"
    )


def test_includes_that_double_at_every_level_stop_at_the_expansion_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(22):
        include = f"[!INCLUDE [n](b{index + 1}.md)]\n\n"
        _write(tmp_path / f"b{index}.md", f"Level {index} text.\n\n" + include * 2)
    _write(tmp_path / "b22.md", "The end of the bomb.\n")
    limits = p2skb.Limits(max_include_chars=100_000, max_include_depth=30)
    article = p2skb.parse_file(tmp_path / "b0.md", include_root=tmp_path, limits=limits)
    assert "include-limit" in _diagnostic_kinds(article)
    assert len(p2skb.to_json(article)) < 100 * 100_000  # bounded by the limit, not 2**22 copies
    code, out = run("parse", str(tmp_path / "b0.md"), "--include-root", str(tmp_path))
    assert code == 0
    assert len(out) < 100 * p2skb.Limits().max_include_chars
    assert "Traceback" not in capsys.readouterr().err


def test_a_fifo_in_the_include_root_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    _write(tmp_path / "a.md", "# A\n\n[!INCLUDE [p](pipe.md)]\n\nAfter.\n")
    article = p2skb.parse_file(tmp_path / "a.md", include_root=tmp_path)
    assert _diagnostic_kinds(article) == ["include-unreadable"]
    assert "a FIFO, not a regular file" in article.diagnostics[0].message
    assert isinstance(article.intro[-1], Paragraph)  # the article is still read
