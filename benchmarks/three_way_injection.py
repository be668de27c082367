"""Injected changes, three-way: the translator's are translation defects, the source's are not.

    python benchmarks/three_way_injection.py [--per-class N] [--seed N]

For every translation of ``../shared/corpus`` whose base revision is in
``../shared/corpus-history`` (the revision with the translation's ``ms.date``),
against the article's newest en-us revision:

- **translation defects**: each defect class of ``benchmarks/injection.py`` is
  injected into the translation, one at a time, up to N places per class.  A
  case counts when two-way drift against the base reports it (a new finding on
  its line, as ``injection.py`` decides); it is *kept* when three-way drift
  reports it too, with cause ``translation``, on that line.
- **source changes**: a paragraph of the newest source is rewritten, a section
  is added, or a line of code is changed (up to N places each).  A case is
  *right* when every finding three-way drift has in addition is a source
  change, and the changed section (or the added section it is in) has its
  ``outdated-section`` or ``section-added-in-source`` finding (which may have
  been there before the change, for a section the source had already changed).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import injection  # noqa: E402 -- after the path above
from run import triples  # noqa: E402 -- after the path above

import p2skb  # noqa: E402 -- after the path above
from p2skb.text import walk_sections  # noqa: E402 -- after the path above

TOLERANCE = injection.TOLERANCE
_PARAGRAPH = re.compile(r"^[A-Z][^|#>*`\n]{40,}$")
_HEADING = re.compile(r"^(##+) ")


def _identity(finding: p2skb.Finding) -> tuple[str, int, str]:
    return (finding.code, finding.translation.line, finding.message)


def translation_defects(
    base_text: str, source: p2skb.Article, text: str, rng: random.Random, per_class: int
) -> Counter[str]:
    """Per class: cases two-way drift against the base finds, and those three-way keeps."""
    counts: Counter[str] = Counter()
    base = p2skb.parse(base_text, path="b.md")
    translation = p2skb.parse(text, path="t.md")
    known = Counter(f.fingerprint for f in p2skb.diff(base, translation).findings)
    before = {_identity(f) for f in p2skb.diff(source, translation, base=base).findings}
    lines = text.split("\n")
    for name, inject in injection.classes(base_text.split("\n")).items():
        for case in inject(lines, rng, per_class):
            injected = p2skb.parse(case.text, path="t.md")
            if not injection._found(p2skb.diff(base, injected), known, case.lines):
                continue  # not a defect two-way drift sees: nothing to keep
            counts[f"{name}: found two-way"] += 1
            three_way = p2skb.diff(source, injected, base=base)
            kept = any(
                f.cause is p2skb.Cause.TRANSLATION
                and _identity(f) not in before
                and any(abs(f.translation.line - line) <= TOLERANCE for line in case.lines)
                for f in three_way.findings
            )
            counts[f"{name}: kept"] += kept
    return counts


def source_changes(
    base: p2skb.Article,
    source_text: str,
    translation: p2skb.Article,
    rng: random.Random,
    count: int,
) -> Counter[str]:
    """Per kind of change: cases, and those reported right (see the module docstring)."""
    counts: Counter[str] = Counter()
    source = p2skb.parse(source_text, path="s.md")
    before = {_identity(f) for f in p2skb.diff(source, translation, base=base).findings}
    lines = source_text.split("\n")
    body = injection._body_lines(lines)
    changes = {
        "paragraph rewritten": [i for i in body if _PARAGRAPH.match(lines[i])],
        "section added": [i for i in body if _HEADING.match(lines[i])],
        "code line changed": injection._code_lines(lines),
    }
    for kind, places in changes.items():
        for index in rng.sample(places, min(count, len(places))):
            changed = list(lines)
            if kind == "paragraph rewritten":
                changed[index] = "In short: " + lines[index] + " That is all."
            elif kind == "section added":
                level = _HEADING.match(lines[index]).group(1)  # type: ignore[union-attr]
                changed[index:index] = [f"{level} Injected section", "", "New text here.", ""]
            else:
                changed[index] = lines[index] + " # changed"
            edited = p2skb.parse("\n".join(changed), path="s.md")
            report = p2skb.diff(edited, translation, base=base)
            new = [f for f in report.findings if _identity(f) not in before]
            counts[f"{kind}: cases"] += 1
            starts = _section_starts(edited, index + 1)
            reported = any(
                f.code in {"P2S403", "P2S404"} and f.source is not None and f.source.line in starts
                for f in report.findings
            )
            only_source = all(f.cause is p2skb.Cause.SOURCE_CHANGE for f in new)
            counts[f"{kind}: right"] += reported and only_source
            counts[f"{kind}: a translation defect"] += not only_source
    return counts


def _section_starts(article: p2skb.Article, line: int) -> set[int]:
    """The first lines of the sections holding ``line`` (nested ones and their parents)."""
    starts = {
        section.span.start_line
        for section in walk_sections(article.sections)
        if section.span.start_line <= line <= section.span.end_line
    }
    return starts or {article.heading.span.start_line if article.heading else 1}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--per-class", type=int, default=3)
    options.add_argument("--seed", type=int, default=16)
    arguments = options.parse_args()
    rng = random.Random(arguments.seed)  # noqa: S311 -- picks places, reproducibly
    defects: Counter[str] = Counter()
    changes: Counter[str] = Counter()
    found = triples()
    for base_text, source_text, text in found:
        base = p2skb.parse(base_text, path="b.md")
        source = p2skb.parse(source_text, path="s.md")
        defects += translation_defects(base_text, source, text, rng, arguments.per_class)
        changes += source_changes(
            base, source_text, p2skb.parse(text, path="t.md"), rng, arguments.per_class
        )
    print(f"{len(found)} translations with their base revision\n")
    print(f"{'translation defect':<22} {'found two-way':>13} {'kept three-way':>15}")
    names = sorted({key.split(": ")[0] for key in defects})
    for name in names:
        cases, kept = defects[f"{name}: found two-way"], defects[f"{name}: kept"]
        print(f"{name:<22} {cases:>13} {kept:>15}")
    total, kept = (sum(defects[k] for k in defects if k.endswith(s)) for s in ("two-way", "kept"))
    print(f"{'all':<22} {total:>13} {kept:>15}  ({kept / max(total, 1):.0%})\n")
    print(f"{'source change':<22} {'cases':>6} {'right':>6} {'a translation defect':>21}")
    for kind in ("paragraph rewritten", "section added", "code line changed"):
        cases, right = changes[f"{kind}: cases"], changes[f"{kind}: right"]
        wrong = changes[f"{kind}: a translation defect"]
        print(f"{kind:<22} {cases:>6} {right:>6} {wrong:>21}")


if __name__ == "__main__":
    main()
