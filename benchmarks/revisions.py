"""What revision-aware drift changes on the real corpus: bases found, causes, gating.

    python benchmarks/revisions.py [--corpus DIR] [--history DIR] [--json FILE]

Builds a git repository of the corpus whose en-us files have their real
histories (every revision in ``../shared/corpus-history`` and the corpus's own
``en-us.md``, committed in ``ms.date`` order at their dates, as the tests do),
then runs ``p2skb drift`` on it twice: two-way (no history, what 0.1 did) and
with ``--source-repo``.  Per translation: how its base was found, its findings
by cause, and whether ``--fail-on error`` fails it (two-way: any error, the old
gate; with the repository: errors caused by the translation, the default gate).
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.revisions import source_repository  # noqa: E402 -- after the path above

SHARED = ROOT.parent / "shared"
CAUSES = ("translation", "source-change", "revision-unknown")


def drift(folder: Path, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "p2skb", "drift", ".", "--format", "json", "--fail-on", "never",
         "--jobs", "2", *extra],
        capture_output=True, text=True, check=True, cwd=folder,
    )  # fmt: skip
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    options.add_argument("--history", type=Path, default=SHARED / "corpus-history")
    options.add_argument("--json", type=Path, help="write the per-translation rows here")
    arguments = options.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        repository = source_repository(
            Path(temporary) / "docs", corpus=arguments.corpus, history=arguments.history
        )
        two_way = drift(repository.root)
        three_way = drift(repository.root, "--source-repo", ".")
    rows = []
    for ref in three_way["translations"]:
        path = ref["path"]
        base = ref["base"]
        old = [f for f in two_way["findings"] if f["translation"]["path"] == path]
        new = [f for f in three_way["findings"] if f["translation"]["path"] == path]
        causes = collections.Counter(f["cause"] for f in new)
        rows.append(
            {
                "file": path.removeprefix("./"),
                "base": base["way"] if base else "-",
                "two-way": len(old),
                "two-way fails": any(f["severity"] == "error" for f in old),
                **{cause: causes.get(cause, 0) for cause in CAUSES},
                "fails": any(f["severity"] == "error" and f["cause"] == "translation" for f in new),
            }
        )
    table = [{name: name for name in rows[0]}, *rows]
    widths = {name: max(len(str(row[name])) for row in table) for name in rows[0]}
    for row in table:
        print("  ".join(str(row[name]).ljust(width) for name, width in widths.items()))
    found = sum(row["base"] != "-" for row in rows)
    print(
        f"\n{len(rows)} translations, base found for {found}; "
        f"--fail-on error fails {sum(row['two-way fails'] for row in rows)} two-way, "
        f"{sum(row['fails'] for row in rows)} with --source-repo"
    )
    totals = {cause: sum(row[cause] for row in rows) for cause in CAUSES}
    print("findings by cause with --source-repo:", totals)
    print("findings two-way:", sum(row["two-way"] for row in rows))
    if arguments.json:
        arguments.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
