"""Corpus runs at repository scale: drift, report and kb build over generated docs trees.

    python benchmarks/scale.py [--files N ...] [--workers N ...] [--commands NAME ...]
                               [--corpus DIR] [--history DIR] [--keep DIR] [--json FILE]

For each size N (default 100,000 files) a localized docs repository is generated
from the real articles of ``../shared/corpus`` (else the seed corpus of the
clone), laid out as the real ones are: parallel trees ``en-us/articles/<service>/
<article>-<copy>.md`` and ``<locale>/articles/...`` with the same relative paths.
The en-us tree is a git repository whose files have their article's real en-us
history (the revisions of ``../shared/corpus-history`` and the corpus's own,
committed in ``ms.date`` order at their dates), so ``--source-repo`` finds each
translation's base as it would in a real repository.  Each translation copy has
one defect of ``benchmarks/injection.py`` injected (seeded; a real translation
gives up to 24 variants, one per defect class and place, and its copies take
them in turn).

Each command then runs as its own process, at each worker count: ``drift``
(concise output to a file) without and with ``--source-repo``, ``report`` (the
HTML site) and ``kb build`` (SQLite).  The table gives the wall time, files per
second, the peak resident memory (``VmHWM``) of the main process and of the
largest worker (sampled from ``/proc`` every 0.2 s over the process tree), and
the size of what was written.  Peak memory per worker must stay flat as N grows;
the main process's holds what the output needs (the report's matrix).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT)]

import injection  # noqa: E402 -- after the path above
from tests.revisions import git, ms_date  # noqa: E402 -- the tests' git of real revisions

SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"
SOURCE = "en-us"
COMMANDS = ("drift", "drift --source-repo", "report", "kb build")
VARIANTS = 24


def _variants(source: str, translation: str, rng: random.Random) -> list[str]:
    """Up to :data:`VARIANTS` texts of the translation, each with one injected defect."""
    lines = translation.split("\n")
    found = [
        case.text
        for inject in injection.classes(source.split("\n")).values()
        for case in inject(lines, rng, 2)
    ]
    rng.shuffle(found)
    return found[:VARIANTS] or [translation]


class Generated:
    """A generated repository: its trees, and how many files and translations they hold."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.translations = 0
        self.locales: set[str] = set()

    @property
    def source_root(self) -> Path:
        """The en-us tree (a git repository)."""
        return self.root / SOURCE

    def tree_arguments(self) -> list[str]:
        """``--source-root`` and every ``--translation-root`` of the trees."""
        arguments = ["--source-root", str(self.source_root)]
        for locale in sorted(self.locales):
            arguments += ["--translation-root", str(self.root / locale)]
        return arguments


def generate(target: Path, files: int, corpus: Path, history: Path, seed: int) -> Generated:
    """Write about ``files`` files of parallel trees under ``target`` (see the module's text)."""
    rng = random.Random(seed)  # noqa: S311 -- a seeded benchmark, not a secret
    articles = []  # (name, {date: en-us text}, newest en-us text, {locale: variants})
    for folder in sorted(path for path in corpus.iterdir() if (path / f"{SOURCE}.md").is_file()):
        newest = (folder / f"{SOURCE}.md").read_text(encoding="utf-8")
        revisions = {ms_date(newest): newest}
        for older in sorted((history / folder.name).glob(f"{SOURCE}@*.md")):
            text = older.read_text(encoding="utf-8")
            revisions[ms_date(text)] = text
        translations = {
            path.stem: _variants(newest, path.read_text(encoding="utf-8"), rng)
            for path in sorted(folder.glob("*.md"))
            if path.stem != SOURCE
        }
        articles.append((folder.name, revisions, translations))
    generated = Generated(target)
    copies: list[tuple[str, int]] = []  # (article index, copy)
    while generated.files < files:
        index = len(copies) % len(articles)
        copies.append((index, len(copies)))
        generated.files += 1 + len(articles[index][2])
    commits: dict[dt.date, list[tuple[Path, str]]] = {}
    for index, copy in copies:
        name, revisions, translations = articles[index]
        relative = Path("articles") / f"service-{copy % 250:03d}" / f"{name}-{copy}.md"
        for when, text in revisions.items():
            commits.setdefault(when, []).append((relative, text))
        for locale, variants in translations.items():
            path = target / locale / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(variants[copy % len(variants)], encoding="utf-8")
            generated.translations += 1
            generated.locales.add(locale)
    source = generated.source_root
    source.mkdir(parents=True)
    git(source, "init", "-q")
    for when in sorted(commits):  # every article's revisions on one timeline, as in git
        for relative, text in commits[when]:
            path = source / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git(source, "add", "-A")
        git(source, "commit", "-qm", f"revisions of {when}", date=f"{when.isoformat()}T12:00:00")
    return generated


def _children() -> dict[int, list[int]]:
    """Every process's children, from ``/proc``."""
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text("ascii", errors="replace")
            fields = stat.rsplit(")", 1)[1].split()
        except OSError:
            continue
        found.setdefault(int(fields[1]), []).append(int(entry.name))
    return found


def _tree(root: int) -> Iterator[int]:
    children = _children()
    stack = [root]
    while stack:
        pid = stack.pop()
        yield pid
        stack += children.get(pid, [])


def _peak_kib(pid: int) -> tuple[int, str]:
    """The process's peak resident memory (KiB) and its command line."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return 0, ""
    match = re.search(r"^VmHWM:\s*(\d+)", status, re.MULTILINE)
    return (int(match.group(1)) if match else 0), command


def measured(command: list[str], cwd: Path, stdout: Path) -> dict[str, Any]:
    """Run ``command`` (its output to ``stdout``); its wall time, exit code, peak memory."""
    started = time.perf_counter()
    errors = stdout.with_suffix(".err")
    with stdout.open("wb") as output, errors.open("wb") as error:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=error)
        peaks = _watch(process)
    seconds = time.perf_counter() - started
    stderr = errors.read_text(encoding="utf-8", errors="replace")
    main = peaks.pop(process.pid, (0, ""))[0]
    workers = [kib for kib, line in peaks.values() if "git" not in line.split()[0]]
    return {
        "seconds": round(seconds, 1),
        "exit": process.returncode,
        "main_mib": round(main / 1024),
        "worker_mib": round(max(workers, default=0) / 1024),
        "workers_seen": len(workers),
        "stderr": stderr[-400:],
    }


def _watch(process: subprocess.Popen[bytes]) -> dict[int, tuple[int, str]]:
    """The peak memory and command line of each process of the tree, until it ends."""
    peaks: dict[int, tuple[int, str]] = {}
    while process.poll() is None:
        for pid in _tree(process.pid):
            kib, line = _peak_kib(pid)
            if kib and line:
                peaks[pid] = (max(kib, peaks.get(pid, (0, ""))[0]), line)
        time.sleep(0.2)
    return peaks


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def run_commands(
    generated: Generated, workers: list[int], commands: list[str], out: Path
) -> list[dict[str, Any]]:
    """Every command at every worker count, on the generated trees."""
    p2skb = [sys.executable, "-m", "p2skb"]
    trees = generated.tree_arguments()
    rows = []
    for name in commands:
        for count in workers:
            jobs = ["--jobs", str(count), "--quiet"]
            written = out / f"{name.replace(' ', '-')}-{count}"
            if name.startswith("drift"):
                extra = ["--source-repo", str(generated.source_root)] if "repo" in name else []
                command = [*p2skb, "drift", *trees, *extra, *jobs, "--format", "concise",
                           "--exit-zero"]  # fmt: skip
            elif name == "report":
                command = [*p2skb, "report", *trees, "--source-repo", str(generated.source_root),
                           *jobs, "-o", str(written), "--exit-zero"]  # fmt: skip
            else:
                written = written.with_suffix(".sqlite")
                command = [*p2skb, "kb", "build", *trees, *jobs, "-o", str(written)]
            printed = out / f"{name.replace(' ', '-')}-{count}.out"
            row = measured(command, generated.root, printed)
            if name.startswith("drift"):
                written = printed
            row |= {
                "command": name,
                "workers": count,
                "files": generated.files,
                "files_per_second": round(generated.files / row["seconds"], 1),
                "output_mib": round(_size(written) / 2**20, 1) if written.exists() else None,
            }
            print(
                f"{generated.files:>8} {name:<22} {count:>2} worker(s): {row['seconds']:>8.1f} s "
                f"{row['files_per_second']:>8.1f} files/s  main {row['main_mib']:>5} MiB  "
                f"worker {row['worker_mib']:>5} MiB  output {row['output_mib']} MiB"
                + (f"  EXIT {row['exit']}: {row['stderr']}" if row["exit"] else ""),
                flush=True,
            )
            rows.append(row)
    return rows


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--files", type=int, nargs="+", default=[100_000])
    options.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options.add_argument("--commands", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    shared = (SHARED / "corpus").is_dir()
    options.add_argument(
        "--corpus", type=Path, default=SHARED / "corpus" if shared else ROOT / "corpus"
    )
    options.add_argument(
        "--history", type=Path,
        default=SHARED / "corpus-history" if shared else FIXTURES / "corpus-history",
    )  # fmt: skip
    options.add_argument("--seed", type=int, default=18)
    options.add_argument(
        "--keep", type=Path, help="generate here and keep it (else a temporary folder)"
    )
    options.add_argument("--json", type=Path, help="write the rows here")
    arguments = options.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="p2skb-scale-") as temporary:
        for files in arguments.files:
            where = (arguments.keep or Path(temporary)) / f"docs-{files}"
            shutil.rmtree(where, ignore_errors=True)
            started = time.perf_counter()
            generated = generate(
                where / "repository", files, arguments.corpus, arguments.history, arguments.seed
            )
            print(
                f"generated {generated.files} files ({generated.translations} translations, "
                f"{len(generated.locales)} locales, {_size(where) / 2**20:.0f} MiB) "
                f"in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            out = where / "out"
            out.mkdir()
            rows += run_commands(generated, arguments.workers, arguments.commands, out)
    if arguments.json:
        arguments.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
