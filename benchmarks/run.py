"""p2skb's cost as ratios against bare markdown-it-py parsing, measured in one run.

    python benchmarks/run.py [--repeats N] [--copies N] [--quick] [--json FILE]

In every repeat the contenders take turns on each article (or pair), and the
table reports medians, so a busy machine slows both sides alike.  Ratios are
what matter; absolute figures depend on the machine and are marked so.

Measured on every article of corpus/ and ../shared/corpus/ (when present):

- bare: markdown-it-py ``parse`` with the preset and options p2skb uses but
  without p2skb's Learn-extension plugins (the floor: the plugins count as p2skb's cost);
- ``p2skb.parse`` to the model, and ``parse`` + ``to_json``;
- the language checks (wrong-language, untranslated) of each parsed article;
- ``p2skb.diff`` of every en-us/translation pair (without ../shared/corpus,
  the seed pair), all checks, against bare parsing of both files (parsing included);
- three-way ``p2skb.diff`` (``base=``) of every translation whose base revision is in
  ../shared/corpus-history (else the excerpts in tests/fixtures), against the
  newest revision of its source, against bare parsing of the three files;
- ``import p2skb`` against ``import markdown_it`` in fresh interpreters;
- ``p2skb drift`` of the seed pair as a CLI process (wall time);
- corpus throughput with 1 and 2 worker processes (the real articles copied
  into at least 500 files; the median of three alternating runs of each),
  and peak memory of ``p2skb drift`` over that
  corpus and ten times it (it must stay flat: the corpus is streamed).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import p2skb  # noqa: E402 -- after the path above, so a checkout runs without installing
from p2skb.batch import diff_job, folder_jobs, run  # noqa: E402
from p2skb.markdown import markdown_parser  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
HISTORY = ROOT.parent / "shared" / "corpus-history"
FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT / "corpus" / "vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems"


def corpus_files() -> list[Path]:
    files = sorted((ROOT / "corpus").glob("*/*.md"))
    return files + (sorted(SHARED.glob("*/*.md")) if SHARED.is_dir() else [])


def triples() -> list[tuple[str, str, str]]:
    """(base, source, translation) texts: each translation with its base revision at hand.

    The source is the article's newest en-us revision; the base, the revision with
    the translation's ``ms.date`` (what revision-aware drift finds in git).
    """
    corpus, history = (
        (SHARED, HISTORY)
        if HISTORY.is_dir()
        else (
            FIXTURES / "corpus",
            FIXTURES / "corpus-history",
        )
    )
    found: list[tuple[str, str, str]] = []
    for folder in sorted(history.iterdir()):
        if not (corpus / folder.name / "en-us.md").is_file():
            continue
        revisions = [corpus / folder.name / "en-us.md", *sorted(folder.glob("en-us@*.md"))]
        texts = {_ms_date(path.read_text(encoding="utf-8")): path for path in revisions}
        newest = texts[max(texts)].read_text(encoding="utf-8")
        for translation in sorted((corpus / folder.name).glob("*.md")):
            text = translation.read_text(encoding="utf-8")
            base = texts.get(_ms_date(text)) if translation.name != "en-us.md" else None
            if base is not None:
                found.append((base.read_text(encoding="utf-8"), newest, text))
    return found


def _ms_date(text: str) -> tuple[int, ...]:
    import re  # noqa: PLC0415 -- only the three-way figure needs it

    match = re.search(r"^ms\.date:\s*(\d+)/(\d+)/(\d+)", text, re.MULTILINE)
    return (int(match.group(3)), int(match.group(1)), int(match.group(2))) if match else ()


def median_seconds(rounds: list[dict[str, float]], name: str) -> float:
    return statistics.median(round_[name] for round_ in rounds)


Contender = Callable[[Any], object]
"""Timed work on one item: an article, or a source/translation pair."""
Setup = Callable[[Any], Any]
"""Untimed preparation of an item for a contender; the contender gets its result."""


def interleaved(
    items: list[Any], contenders: dict[str, tuple[Setup, Contender]], repeats: int
) -> list[dict[str, float]]:
    """Seconds of each contender over all items, in every repeat.

    The contenders take turns on each item (the bare parse of an article, then
    p2skb's, ...), each after a garbage collection so that none runs on
    another's garbage, and who goes first rotates from item to item.  A slow
    moment of the shared machine then falls on every contender alike: the
    medians agree with timing whole passes over the corpus, with a fraction of
    their spread between repeats.
    """
    names = list(contenders)
    rounds = []
    for repeat in range(repeats):
        timings = dict.fromkeys(names, 0.0)
        for number, item in enumerate(items):
            turn = (repeat + number) % len(names)
            for name in names[turn:] + names[:turn]:
                setup, contender = contenders[name]
                prepared = setup(item)
                gc.collect()
                start = time.perf_counter()
                contender(prepared)
                timings[name] += time.perf_counter() - start
                del prepared
        rounds.append(timings)
    return rounds


def paired_ratios(rounds: list[dict[str, float]], name: str, baseline: str) -> list[float]:
    """``name / baseline`` of every repeat, each against the baseline of its own repeat.

    Pairing each contender with the baseline of its own repeat cancels the
    machine's slow and fast moments, which a ratio of two medians would not.
    """
    return [round_[name] / round_[baseline] for round_ in rounds]


def quartiles(values: list[float]) -> tuple[float, float]:
    """The first and third quartiles: how far the repeats spread around the median."""
    if len(values) < 2:
        return values[0], values[0]
    first, _, third = statistics.quantiles(values, n=4)
    return first, third


def as_is(item: Any) -> Any:
    return item


def in_process(repeats: int, articles: int | None = None) -> dict[str, Any]:
    """The in-process ratios over the corpus (its first ``articles`` files when given)."""
    files = corpus_files()[:articles]
    texts = {str(path): path.read_text(encoding="utf-8") for path in files}
    parser = markdown_parser(extensions=False)
    pairs = [
        (str(path.parent / "en-us.md"), str(path))
        for path in files
        if path.name != "en-us.md" and (path.parent / "en-us.md").is_file()
    ] or [(str(SEED / "ja-jp.md"), str(SEED / "zh-tw.md"))]  # a checkout without en-us
    language = ["wrong-language", "untranslated"]

    def parsed(path: str) -> p2skb.Article:
        return p2skb.parse(texts[path], path=path)

    def bare_pair(pair: tuple[str, str]) -> None:
        parser.parse(texts[pair[0]])
        parser.parse(texts[pair[1]])

    def diff_pair(pair: tuple[str, str]) -> None:
        p2skb.diff(parsed(pair[0]), parsed(pair[1]))

    p2skb.lint(parsed(str(files[0])), select=language)  # load langdetect once
    rounds = interleaved(
        list(texts),
        {
            "bare": (as_is, lambda path: parser.parse(texts[path])),
            "parse": (as_is, parsed),
            "parse_json": (as_is, lambda path: p2skb.to_json(parsed(path))),
            "language": (parsed, lambda article: p2skb.lint(article, select=language)),
        },
        repeats,
    )
    pair_rounds = interleaved(
        pairs, {"bare_pairs": (as_is, bare_pair), "diff_pairs": (as_is, diff_pair)}, repeats
    )
    three = triples()

    def bare_three(texts: tuple[str, str, str]) -> None:
        for text in texts:
            parser.parse(text)

    def three_way(texts: tuple[str, str, str]) -> None:
        base, source, translation = (p2skb.parse(text) for text in texts)
        p2skb.diff(source, translation, base=base)

    three_rounds = interleaved(
        three, {"bare_triples": (as_is, bare_three), "three_way": (as_is, three_way)}, repeats
    )
    rounds = [
        articles | both | triple
        for articles, both, triple in zip(rounds, pair_rounds, three_rounds, strict=True)
    ]
    measured: dict[str, Any] = {name: median_seconds(rounds, name) for name in rounds[0]}
    for name, contender, baseline in (
        ("parse", "parse", "bare"),
        ("parse_json", "parse_json", "bare"),
        ("language", "language", "bare"),
        ("diff", "diff_pairs", "bare_pairs"),
        ("three_way", "three_way", "bare_triples"),
    ):
        ratios = paired_ratios(rounds, contender, baseline)
        measured[f"{name}_ratio"] = statistics.median(ratios)
        measured[f"{name}_quartiles"] = quartiles(ratios)
    measured["articles"] = len(texts)
    measured["pairs"] = len(pairs)
    measured["triples"] = len(three)
    return measured


def import_times(repeats: int) -> dict[str, float]:
    script = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rounds: list[dict[str, float]] = []
    for _ in range(repeats):
        timings = {}
        for module in ("markdown_it", "p2skb"):
            result = subprocess.run(
                [sys.executable, "-c", script.format(module)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            timings[module] = float(result.stdout)
        rounds.append(timings)
    return {name: median_seconds(rounds, name) for name in ("markdown_it", "p2skb")}


def cli_drift_seconds(repeats: int) -> float:
    command = [
        sys.executable,
        "-m",
        "p2skb",
        "drift",
        str(SEED / "ja-jp.md"),
        str(SEED / "zh-tw.md"),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [*command, "--fail-on", "never", "--jobs", "1"],
            capture_output=True,
            check=True,
            env=env,
        )
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def build_corpus(target: Path, minimum_files: int) -> int:
    """Copy the real article folders (those with an en-us source) until there are enough files."""
    folders = [folder for folder in sorted(SHARED.glob("*")) if (folder / "en-us.md").is_file()]
    if not folders:
        folders = [SEED]
    files, copy = 0, 0
    while files < minimum_files:
        for folder in folders:
            destination = target / f"{copy:04d}-{folder.name}"
            shutil.copytree(folder, destination)
            files += len(list(destination.glob("*.md")))
        copy += 1
    return files


def throughput(corpus: Path, files: int, workers: int) -> float:
    """Files checked per second by ``p2skb drift`` over the corpus (pool start-up included)."""
    locale = "en-us" if SHARED.is_dir() else "ja-jp"
    jobs = list(folder_jobs([corpus], source_locale=locale))
    start = time.perf_counter()
    if workers == 1:
        consumed = sum(1 for _ in run(diff_job, jobs))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            consumed = sum(1 for _ in run(diff_job, jobs, executor=pool))
    assert consumed == len(jobs)
    return files / (time.perf_counter() - start)


def peak_memory_kib(corpus: Path) -> int:
    """Peak resident memory of ``p2skb drift`` over a corpus folder, in KiB (one process)."""
    locale = "en-us" if SHARED.is_dir() else "ja-jp"
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "p2skb", "drift", str(corpus), "--source-locale", locale]
    options = ["--jobs", "1", "--fail-on", "never", "--format", "text"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-c", probe, *command, *options],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return int(result.stdout)


def corpus_mode(copies_minimum: int, scale: int, repeats: int) -> dict[str, float]:
    """Throughput with 1 and 2 workers (medians over ``repeats`` alternating runs), peak memory."""
    with tempfile.TemporaryDirectory(prefix="p2skb-bench-") as temporary:
        small, large = Path(temporary) / "1x", Path(temporary) / f"{scale}x"
        files = build_corpus(small, copies_minimum)
        runs = [(throughput(small, files, 1), throughput(small, files, 2)) for _ in range(repeats)]
        one = statistics.median(single for single, _ in runs)
        two = statistics.median(double for _, double in runs)
        speedup = statistics.median(double / single for single, double in runs)
        memory_small = peak_memory_kib(small)
        large_files = build_corpus(large, files * scale)
        memory_large = peak_memory_kib(large)
    return {
        "files": files,
        "files_large": large_files,
        "throughput_1": one,
        "throughput_2": two,
        "speedup_2": speedup,
        "peak_kib_1x": memory_small,
        "peak_kib_large": memory_large,
        "scale": scale,
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--repeats", type=int, default=11)
    options.add_argument("--copies", type=int, default=500, help="files in the throughput corpus")
    options.add_argument(
        "--scale", type=int, default=10, help="the large corpus is this many times it"
    )
    options.add_argument(
        "--quick", action="store_true", help="tiny sizes: a smoke test of this script"
    )
    options.add_argument(
        "--in-process-only", action="store_true", help="only the parse/diff ratios (for profiling)"
    )
    options.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    arguments = options.parse_args()
    repeats = 1 if arguments.quick else arguments.repeats
    copies = 8 if arguments.quick else arguments.copies
    scale = 2 if arguments.quick else arguments.scale

    measured = in_process(repeats, 8 if arguments.quick else None)
    if arguments.in_process_only:
        for name in ("parse", "parse_json", "language", "diff", "three_way"):
            first, third = measured[f"{name}_quartiles"]
            print(f"{name}: {measured[name + '_ratio']:.3f} ({first:.3f}-{third:.3f})")
        return
    imports = import_times(max(3, repeats) if not arguments.quick else 1)
    cli = cli_drift_seconds(max(3, repeats // 2) if not arguments.quick else 1)
    corpus = corpus_mode(copies, scale, 1 if arguments.quick else 3)
    paired = {  # the in-process ratios, each with the quartiles of its repeats
        "parse / bare": "parse",
        "parse+to_json / bare": "parse_json",
        "language checks / bare": "language",
        "diff (all checks) / bare of both": "diff",
        "three-way diff / bare of the three": "three_way",
    }
    spreads = {name: measured[f"{key}_quartiles"] for name, key in paired.items()}
    ratios = {
        **{name: measured[f"{key}_ratio"] for name, key in paired.items()},
        "import p2skb / import markdown_it": imports["p2skb"] / imports["markdown_it"],
        "2 workers / 1 worker throughput": corpus["speedup_2"],
        f"peak memory {scale}x / 1x corpus": corpus["peak_kib_large"] / corpus["peak_kib_1x"],
    }
    budgets = {  # upper bounds, but throughput's, which is a lower bound
        "parse / bare": 1.3,
        "parse+to_json / bare": 1.5,
        "diff (all checks) / bare of both": 2.0,
        "three-way diff / bare of the three": 2.0,
        "import p2skb / import markdown_it": 1.5,
        "2 workers / 1 worker throughput": 1.7,
    }
    at_least = {"2 workers / 1 worker throughput"}
    absolute = {
        "bare parse of all articles (ms)": measured["bare"] * 1000,
        "articles": measured["articles"],
        "pairs": measured["pairs"],
        "triples (three-way)": measured["triples"],
        "import markdown_it (ms)": imports["markdown_it"] * 1000,
        "import p2skb (ms)": imports["p2skb"] * 1000,
        "p2skb drift of the seed pair, CLI wall (ms)": cli * 1000,
        "throughput, 1 worker (files/s)": corpus["throughput_1"],
        "throughput, 2 workers (files/s)": corpus["throughput_2"],
        f"corpus files (1x, {scale}x)": f"{corpus['files']}, {corpus['files_large']}",
        "peak memory 1x (MiB)": corpus["peak_kib_1x"] / 1024,
        f"peak memory {scale}x (MiB)": corpus["peak_kib_large"] / 1024,
    }
    print(f"{'ratio':<40} {'measured':>9} {'quartiles':>11} {'budget':>8}")
    for name, value in ratios.items():
        budget = budgets.get(name)
        minimum = name in at_least
        met = budget is None or (value >= budget if minimum else value <= budget)
        mark = "" if budget is None else (" ok" if met else (" UNDER" if minimum else " OVER"))
        shown = f"{'>=' if minimum else '<='} {budget}" if budget is not None else ""
        spread = f"{spreads[name][0]:.2f}-{spreads[name][1]:.2f}" if name in spreads else ""
        print(f"{name:<40} {value:>9.2f} {spread:>11} {shown:>8}{mark}")
    print("\nabsolute figures (machine-dependent):")
    for name, value in absolute.items():
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        print(f"  {name:<45} {shown}")
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(
        json.dumps(
            {
                "ratios": ratios,
                "quartiles": spreads,
                "budgets": budgets,
                "lower_bounds": sorted(at_least),
                "absolute_machine_dependent": absolute,
                "repeats": repeats,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwritten to {arguments.json}")


if __name__ == "__main__":
    main()
