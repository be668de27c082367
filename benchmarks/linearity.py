"""Bounded cost: 10x the input must cost at most 11x the time, for hostile shapes too.

    python benchmarks/linearity.py [--repeats N] [--scale N] [--json FILE]

The knowledge base's search is timed the same way over n and 10n article
folders (copies of the seed pair), for an error code, Japanese and English
text, and a word in every entry.

For each shape, bare markdown-it parsing, ``p2skb.parse``, ``p2skb.diff``
(the article against a copy of itself) and the text report of that diff are timed
at size n and 10n (medians
over repeats); the table shows time(10n)/time(n).  Bare markdown-it is not
linear on some shapes: CPython's garbage collector rescans its growing heap of
tokens (``parse`` pauses the collector while it builds: see ``p2skb._collector``).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import p2skb  # noqa: E402 -- after the path above, so a checkout runs without installing
from p2skb.markdown import markdown_parser  # noqa: E402
from p2skb.report.text import text as text_report  # noqa: E402

SEED = ROOT / "corpus" / "vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems"


def long_article(n: int) -> str:
    body = (SEED / "ja-jp.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    sections = body.split("\n## ")[1:]
    chosen = [sections[index % len(sections)] for index in range(n)]
    # Each copy gets its own anchor, as a long real article would.
    renamed = [
        section.replace('<a name="', f'<a name="copy{index}-', 1)
        for index, section in enumerate(chosen)
    ]
    return "# Long\n\n" + "\n## ".join(["", *renamed])


def _run(opening: str, unit: str, closing: str) -> Callable[[int], str]:
    """One line of ``unit`` n times between ``opening`` and ``closing``, after a title."""
    return lambda n: f"# T\n\n{opening}{unit * n}{closing}\n"


TRANSLATED: dict[str, Callable[[str], str]] = {
    # shape: how its translation differs from it (else the translation is a copy)
    "code spans dropped (n)": lambda text: text.replace("`", ""),
    "links retargeted (n)": lambda text: text.replace("](a", "](b"),
    "placeholders emptied (n)": lambda text: text.replace("\\<Name>", "\\< >"),
    "items dropped (n)": lambda text: text.replace("\n- `x` and [y](a)", "", 1),
}
"""Shapes diffed against a damaged copy: many values differ, each reported and placed."""

SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    # shape: (text for size n, n)
    "long article (n sections)": (long_article, 200),
    "table (n rows)": (
        lambda n: (
            "# T\n\n| a | b | c |\n|---|---|---|\n"
            + "".join(f"| {i} | x{i} | y |\n" for i in range(n))
        ),
        1000,
    ),
    "nested lists (n deep)": (lambda n: "# T\n\n" + "- " * n + "deep\n", 1000),
    "nested quotes (n deep)": (lambda n: "# T\n\n" + "> " * n + "deep\n", 1000),
    "single line (n bytes)": (lambda n: "# T\n\n" + ("word " * (n // 5)) + "\n", 100_000),
    "headings (n)": (
        lambda n: "# T\n\n" + "".join(f"## Heading {i}\n\ntext\n\n" for i in range(n)),
        10_000,
    ),
    "same heading (n)": (lambda n: "# T\n\n" + "## A\n\n" * n, 10_000),
    "emphasis * runs (n)": (lambda n: "# T\n\n" + "*a " * n + "\n", 10_000),
    "emphasis _ runs (n)": (lambda n: "# T\n\n" + "_a " * n + "\n", 10_000),
    "[ runs (n)": (lambda n: "# T\n\n" + "[" * n + "\n", 10_000),
    # Learn extensions: a long tab group, zones never closed around headings, unclosed
    # complex images (each would scan to the end for its :::image-end:::), includes.
    "tab headings (n)": (
        lambda n: "# T\n\n" + "".join(f"# [t{i}](#tab/t{i})\n\nx\n\n" for i in range(n)),
        1_000,
    ),
    "unclosed zones around headings (n)": (
        lambda n: "# T\n\n" + '::: zone pivot="a"\n' * n + "## H\n\nx\n\n" * n,
        1_000,
    ),
    "unclosed complex images (n)": (
        lambda n: "# T\n\n" + ':::image type="complex" source="a.png" alt-text="b":::\nx\n' * n,
        1_000,
    ),
    "includes (n)": (lambda n: "# T\n\n" + "[!INCLUDE [a](../b.md)]\n" * n, 1_000),
    # The bracket and colon shapes of our rules, each on one line or in one paragraph: an
    # opening that never closes must not make every later attempt rescan the rest.
    "inline [!INCLUDE [ runs (n)": (_run("", "[!INCLUDE [", ""), 10_000),
    "inline [!INCLUDE [a]( runs (n)": (_run("", "[!INCLUDE [a](", ""), 10_000),
    "[!code- [ runs (n)": (_run("", "[!code-cs [", ""), 10_000),
    "[!NAME runs (n)": (_run("", "[!X ", ""), 10_000),
    "> [!div word (n bytes)": (_run("> [!div ", "a", ""), 100_000),
    "::: runs on a line (n)": (_run("", ":::", ""), 10_000),
    ":::image attribute word (n bytes)": (_run(":::image ", "a", ":::"), 100_000),
    ":::image unclosed quotes (n)": (_run(':::image alt-text="', 'a="', ":::"), 10_000),
    "::: zone pivot unclosed (n)": (_run('::: zone pivot="', '"a', ""), 10_000),
    "tab heading anchors (n)": (_run("# ", "<a></a> ", "[x](#tab/"), 10_000),
    # diffed against a damaged copy (TRANSLATED): placing many differences stays linear
    "code spans dropped (n)": (_run("", "run `a` and `b`, ", ""), 2_000),
    "links retargeted (n)": (_run("", "see [x](a1) and [y](a2), ", ""), 2_000),
    "placeholders emptied (n)": (_run("", "as \\<Name> on \\<Name>, ", ""), 2_000),
    "items dropped (n)": (lambda n: "# T\n\n" + "- `x` and [y](a)\n" * n, 2_000),
}


def seconds(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


LIMITS = p2skb.Limits(max_bytes=64 * 1024 * 1024)
"""The sizes at 10n pass the default max_bytes: growth is what is measured here."""


def measure(
    text: str, repeats: int, translate: Callable[[str], str] = str
) -> tuple[float, float, float, float]:
    """Seconds for bare parsing, parse, diff, and the text report of the diff.

    The article is diffed against ``translate(text)``: a copy, or a damaged one.
    """
    article = p2skb.parse(text, path="en-us.md", limits=LIMITS)
    copy = p2skb.parse(translate(text), path="ja-jp.md", limits=LIMITS)
    bare = seconds(lambda: markdown_parser(extensions=False).parse(text), repeats)
    parse = seconds(lambda: p2skb.parse(text, path="en-us.md", limits=LIMITS), repeats)
    diff = seconds(lambda: p2skb.diff(article, copy), repeats)
    report = p2skb.diff(article, copy)
    shown = seconds(lambda: text_report(report), repeats)
    return bare, parse, diff, shown


SEARCHES = ("798", "証明書", "certificate", "VPN")
"""An error code (the invariants table), Japanese and English text, and a word every entry has."""


def search_seconds(folders: int, repeats: int, work: Path) -> float:
    """Median seconds of one knowledge-base search, over ``folders`` copies of the seed pair."""
    from p2skb import kb  # noqa: PLC0415 -- only for this measurement

    corpus = work / f"kb-{folders}"
    for index in range(folders):
        folder = corpus / f"article-{index}"
        folder.mkdir(parents=True, exist_ok=True)
        for source in SEED.glob("*.md"):
            (folder / source.name).write_bytes(source.read_bytes())
    database = work / f"kb-{folders}.sqlite"
    kb.build([corpus], database)
    with kb.open(database) as base:
        return seconds(lambda: [base.search(query) for query in SEARCHES], repeats)


def search_row(n: int, scale: int, repeats: int) -> dict[str, float]:
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as work:
        small = search_seconds(n, repeats, Path(work))
        large = search_seconds(n * scale, repeats, Path(work))
    return {"n": n, "search_ratio": large / small, "search_seconds_at_10n": large}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--repeats", type=int, default=5)
    options.add_argument("--scale", type=int, default=10)
    options.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    options.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "linearity.json")
    options.add_argument(
        "--only", metavar="TEXT", help="only the shapes whose name holds TEXT (no kb search)"
    )
    arguments = options.parse_args()
    results = {}
    print(f"time at {arguments.scale}n / time at n")
    header = ("bare md", "parse", "diff", "text report")
    print(f"{'shape':<34} {'n':>7} " + " ".join(f"{name:>12}" for name in header))
    for name, (make, size) in SHAPES.items():
        if arguments.only and arguments.only not in name:
            continue
        n = max(1, size // 10) if arguments.quick else size
        translate = TRANSLATED.get(name, str)
        small = measure(make(n), arguments.repeats, translate)
        large = measure(make(n * arguments.scale), arguments.repeats, translate)
        bare, parse, diff, shown = (large[i] / small[i] for i in range(4))
        results[name] = {
            "n": n,
            "bare_ratio": bare,
            "parse_ratio": parse,
            "diff_ratio": diff,
            "text_report_ratio": shown,
            "parse_seconds_at_10n": large[1],
            "diff_seconds_at_10n": large[2],
        }
        ratios = (bare, parse, diff, shown)
        print(f"{name:<34} {n:>7} " + " ".join(f"{ratio:>12.2f}" for ratio in ratios))
    if not arguments.only:
        n = 5 if arguments.quick else 50
        search = search_row(n, arguments.scale, arguments.repeats)
        results["kb search (n article folders)"] = search
        print(
            f"{'kb search (n articles)':<34} {n:>7} {'':>12} "
            f"{search['search_ratio']:>12.2f}  (search)"
        )
    arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {arguments.json}")


if __name__ == "__main__":
    main()
