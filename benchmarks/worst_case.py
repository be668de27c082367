"""Peak memory and time of one worst-case file at the default limits, per command.

    python benchmarks/worst_case.py [--json FILE] [--only TEXT]

Each shape is written at just under ``Limits().max_bytes`` (the "includes"
shape: an article that includes a file of its own size, which includes another,
up to ``max_include_chars``), and each command runs in a fresh process whose
peak resident memory (``ru_maxrss``) and wall time are reported.  The budget:
one worst-case file stays under 1 GiB, so a run with ``--jobs N`` needs at most
N GiB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import p2skb  # noqa: E402 -- after the path above, so a checkout runs without installing

BUDGET_MIB = 1024
LIMITS = p2skb.Limits()


def _repeat(head: str, unit: str, size: int) -> str:
    return head + unit * ((size - len(head)) // len(unit))


WIDE_ROW = "|x" * 1000 + "|\n"
SHAPES: dict[str, Callable[[int], str]] = {
    "table, 3 columns": lambda n: _repeat(
        "# T\n\n| a | b | c |\n|---|---|---|\n", "| 1 | x | y |\n", n
    ),
    "table, 1000 columns": lambda n: _repeat(
        "# T\n\n" + "|a" * 1000 + "|\n" + "|-" * 1000 + "|\n", WIDE_ROW, n
    ),
    "sections": lambda n: _repeat("# T\n\n", "## A\n\nx\n\n", n),
    "list items": lambda n: _repeat("# T\n\n", "- a\n", n),
    "emphasis runs": lambda n: _repeat("# T\n\n", "*a ", n),
    "links": lambda n: _repeat("# T\n\n", "[a](b) ", n),
    "inline code": lambda n: _repeat("# T\n\n", "`a` ", n),
    "CJK prose": lambda n: _repeat("# T\n\n", "証明書チェーン。", n // 3),
}


def peak(command: list[str]) -> tuple[float, float, int]:
    """Peak MiB, seconds and exit code of ``command`` in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time; started = time.perf_counter(); "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "time.perf_counter() - started, code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    kib, seconds, code = result.stdout.split()
    return int(kib) / 1024, float(seconds), int(code)


def commands(folder: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "p2skb"]
    article = str(folder / "en-us.md")
    root = ["--include-root", str(folder), "--jobs", "1"]
    return {
        "parse": [*cli, "parse", article, *root],
        "lint": [*cli, "lint", article, *root, "--fail-on", "never"],
        "drift": [*cli, "drift", article, str(folder / "ja-jp.md"), *root, "--fail-on", "never"],
        "kb build": [*cli, "kb", "build", str(folder), "-o", str(folder.parent / "kb.sqlite")],
    }


def write_case(folder: Path, name: str) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    size = LIMITS.max_bytes - 1024
    if name == "includes":
        # Each file as large as allowed, a wide table, including the next.
        table = SHAPES["table, 1000 columns"](size - 100)
        for index in range(3):
            (folder / f"inc{index}.md").write_text(
                table + f"\n[!INCLUDE [n](inc{index + 1}.md)]\n", encoding="utf-8"
            )
        text = table + "\n[!INCLUDE [n](inc0.md)]\n"
    else:
        text = SHAPES[name](size)
    (folder / "en-us.md").write_text(text, encoding="utf-8")
    (folder / "ja-jp.md").write_text(text, encoding="utf-8")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "worst_case.json")
    options.add_argument("--only", metavar="TEXT", help="only the shapes whose name holds TEXT")
    arguments = options.parse_args()
    results: dict[str, dict[str, dict[str, float]]] = {}
    print(f"max_bytes {LIMITS.max_bytes}, max_include_chars {LIMITS.max_include_chars}")
    print(f"{'shape':<22} {'command':<9} {'peak MiB':>9} {'seconds':>8}  exit")
    with tempfile.TemporaryDirectory() as work:
        for name in [*SHAPES, "includes"]:
            if arguments.only and arguments.only not in name:
                continue
            folder = Path(work) / "case" / "article"
            write_case(folder, name)
            results[name] = {}
            for command, argv in commands(folder).items():
                mebibytes, seconds, code = peak(argv)
                results[name][command] = {"peak_mib": mebibytes, "seconds": seconds, "exit": code}
                flag = "" if mebibytes < BUDGET_MIB else "  OVER BUDGET"
                print(f"{name:<22} {command:<9} {mebibytes:>9.0f} {seconds:>8.1f}  {code}{flag}")
    if arguments.only and arguments.json.exists():  # keep the other shapes' last figures
        results = {**json.loads(arguments.json.read_text(encoding="utf-8")), **results}
    arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {arguments.json}")


if __name__ == "__main__":
    main()
