"""Recall of injected translation defects: is each one reported, at its line?

    python benchmarks/injection.py [--per-class N] [--seed N] [--json FILE] [CORPUS]

For every translation of the corpus (article folders holding ``en-us.md`` and
``<locale>.md`` files; default ``../shared/corpus``) and every defect class
below, up to N places where the class applies are picked at random (seeded),
one defect is injected at a time into the translation's text, and the pair is
diffed.  A case is *found* when a finding that the unmodified pair has fewer
of (compared by fingerprint: code, section and detail, so line shifts do not
matter; the real translations already differ from their source in places) is
on the defect's line, within 3 lines (for a table or a list, anywhere on it).
A crash is counted and reported.  The table
gives each class's recall over all places, over the places in sections paired
with the source's, and over *clean* sections (paired, and without a finding
before the injection): see ``_places``; ``--json`` writes the cases that were missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import p2skb  # noqa: E402 -- after the path above
from p2skb.alignment import match_sections  # noqa: E402 -- after the path above
from p2skb.text import article_blocks, walk_sections  # noqa: E402 -- after the path above

TOLERANCE = 3
_FENCE = re.compile(r"\s*(```|~~~)")


@attrs.frozen
class Case:
    """One injected defect: the changed text, the lines a finding must be on, and the
    line of the unmodified translation it was injected at."""

    text: str
    lines: range
    what: str
    origin: int


Injector = Callable[[list[str], random.Random, int], Iterator[Case]]


def _body_lines(lines: list[str]) -> list[int]:
    """Indexes of body lines outside front matter and code fences."""
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    found, fenced = [], False
    for index in range(start, len(lines)):
        if _FENCE.match(lines[index]):
            fenced = not fenced
            continue
        if not fenced:
            found.append(index)
    return found


def _code_lines(lines: list[str]) -> list[int]:
    found, fenced = [], False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif fenced and line.strip():
            found.append(index)
    return found


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


def _replacing(pattern: str, make: Callable[[re.Match[str]], str], what: str) -> Injector:
    """A class that rewrites one match of ``pattern`` on a body line."""
    compiled = re.compile(pattern)

    def inject(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
        places = [
            (index, match)
            for index in _body_lines(lines)
            for match in compiled.finditer(lines[index])
        ]
        for index, match in rng.sample(places, min(count, len(places))):
            line = lines[index]
            changed = [*lines]
            changed[index] = line[: match.start()] + make(match) + line[match.end() :]
            yield Case(
                _joined(changed),
                range(index + 1, index + 2),
                f"{what}: {match.group(0)}",
                index + 1,
            )

    return inject


def _sections(lines: list[str]) -> list[tuple[int, int, int]]:
    """(heading index, level, end index exclusive) of each ``##``+ heading outside code."""
    headings = [
        (index, len(match.group(1)))
        for index in _body_lines(lines)
        if (match := re.match(r"(#{2,6})\s", lines[index]))
    ]
    found = []
    for position, (index, level) in enumerate(headings):
        end = next((i for i, lv in headings[position + 1 :] if lv <= level), len(lines))
        found.append((index, level, end))
    return found


def missing_section(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
    """A whole section (heading and content) is left out."""
    for index, _, end in rng.sample(_sections(lines), min(count, len(_sections(lines)))):
        changed = lines[:index] + lines[end:]
        yield Case(_joined(changed), range(index - 2, index + 3), lines[index].strip(), index + 1)


def swapped_sections(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
    """Two adjacent sibling sections swap places."""
    sections = _sections(lines)
    pairs = [
        (first, second)
        for first, second in itertools.pairwise(sections)
        if first[1] == second[1] and first[2] == second[0]
    ]
    for (start, _, middle), (_, _, end) in rng.sample(pairs, min(count, len(pairs))):
        changed = lines[:start] + lines[middle:end] + lines[start:middle] + lines[end:]
        yield Case(_joined(changed), range(start + 1, end + 1), lines[middle].strip(), start + 1)


def heading_level(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
    """A heading one level deeper (``##`` to ``###``)."""
    leaves = [(index, level) for index, level, end in _sections(lines) if level < 6]
    for index, _ in rng.sample(leaves, min(count, len(leaves))):
        changed = [*lines]
        changed[index] = "#" + lines[index]
        yield Case(_joined(changed), range(index + 1, index + 2), lines[index].strip(), index + 1)


def dropped_list_item(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
    """A one-line list item is left out."""
    items = [
        index
        for index in _body_lines(lines)
        if re.match(r"\s*(?:[-*+]|\d+\.)\s+\S", lines[index])
        and index + 1 < len(lines)
        and re.match(r"\s*(?:[-*+]|\d+\.)\s+\S", lines[index + 1])
    ]
    for index in rng.sample(items, min(count, len(items))):
        changed = lines[:index] + lines[index + 1 :]
        yield Case(_joined(changed), _block_around(changed, index), lines[index].strip(), index + 1)


def dropped_table_row(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
    """A table body row is left out."""
    rows = [
        index
        for index in _body_lines(lines)
        if lines[index].lstrip().startswith("|")
        and index >= 2
        and re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", lines[index - 1]) is None
        and lines[index - 1].lstrip().startswith("|")
        and lines[index - 2].lstrip().startswith("|")
    ]
    for index in rng.sample(rows, min(count, len(rows))):
        changed = lines[:index] + lines[index + 1 :]
        yield Case(_joined(changed), _block_around(changed, index), lines[index].strip(), index + 1)


def _block_around(lines: list[str], index: int) -> range:
    """The lines of the list or table around ``index`` (a change anywhere on it counts).

    The outermost list or table the parser finds there, loose lists (blank lines
    between items) whole; else the run of non-blank lines around it.
    """
    line = index + 1
    spans = [
        block.span
        for block in article_blocks(p2skb.parse(_joined(lines)))
        if isinstance(block, p2skb.ListBlock | p2skb.Table)
        and block.span.start_line <= line <= block.span.end_line
    ]
    if spans:
        start, end = min(span.start_line for span in spans), max(span.end_line for span in spans)
        return range(start - TOLERANCE, end + 1 + TOLERANCE)
    start = end = min(index, len(lines) - 1)
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    return range(start + 1 - TOLERANCE, end + 2 + TOLERANCE)


def changed_code_line(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
    """A line of code changed."""
    for index in rng.sample(_code_lines(lines), min(count, len(_code_lines(lines)))):
        changed = [*lines]
        changed[index] = lines[index] + " x"
        yield Case(_joined(changed), range(index + 1, index + 2), lines[index].strip(), index + 1)


def english_paragraph(source: list[str]) -> Injector:
    """A translated paragraph replaced by a paragraph of the English source."""
    english = [
        line
        for index in _body_lines(source)
        if len((line := source[index]).split()) >= 12 and re.match(r"[A-Za-z]", line)
    ]

    def inject(lines: list[str], rng: random.Random, count: int) -> Iterator[Case]:
        places = [
            index
            for index in _body_lines(lines)
            if len(lines[index]) > 40 and not re.match(r"\s*[#>|:!\[<-]", lines[index])
        ]
        if not english:
            return
        for index in rng.sample(places, min(count, len(places))):
            changed = [*lines]
            changed[index] = rng.choice(english)
            yield Case(_joined(changed), range(index + 1, index + 2), lines[index][:60], index + 1)

    return inject


def classes(source: list[str]) -> dict[str, Injector]:
    """The defect classes, by name."""
    return {
        "missing section": missing_section,
        "swapped sections": swapped_sections,
        "heading level": heading_level,
        "dropped list item": dropped_list_item,
        "dropped table row": dropped_table_row,
        "changed code line": changed_code_line,
        "link target": _replacing(
            r"\]\(([^)\s#]+)", lambda m: m.group(0)[:-1] + "x", "link target"
        ),
        "removed code span": _replacing(r"`([^`\n]+)`", lambda m: m.group(1), "code span"),
        "error code": _replacing(
            r"(?i)(?<![0-9a-z])0x[0-9a-f]{6,}(?![0-9a-z])"
            r"|(?<=error )[0-9]{3,4}\b|(?<=エラー )[0-9]{3,4}\b|(?<=錯誤 )[0-9]{3,4}\b"
            r"|(?<=错误 )[0-9]{3,4}\b|(?<=오류 )[0-9]{3,4}\b|(?<=Fehler )[0-9]{3,4}\b"
            r"|(?<=erreur )[0-9]{3,4}\b|(?<=Error )[0-9]{3,4}\b",
            lambda m: m.group(0)[:-1] + ("1" if m.group(0)[-1] != "1" else "2"),
            "error code",
        ),
        "lost bold": _replacing(r"\*\*([^*\n]+)\*\*", lambda m: m.group(1), "bold"),
        "inserted tag": _replacing(
            r"(?<=[^\s`|])\s(?=[^\s`|])", lambda _: " <Gateway Name> ", "inserted tag"
        ),
        "alert kind": _replacing(
            r"\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\]",
            lambda m: "[!WARNING]" if m.group(1) != "WARNING" else "[!NOTE]",
            "alert",
        ),
        "english paragraph": english_paragraph(source),
        "file name split": _replacing(
            r"\b\w+\.(?:cer|pfx|exe|xml|json|zip|msi|ps1|crt)\b",
            lambda m: m.group(0).replace(".", " .", 1),
            "file name",
        ),
        "placeholder emptied": _replacing(
            r"(\\<|&lt;)[^<>&\n]{1,40}(>|&gt;)",
            lambda m: m.group(1) + " " + m.group(2),
            "placeholder",
        ),
    }


def _places(
    source: p2skb.Article, translation: p2skb.Article, findings: tuple[p2skb.Finding, ...]
) -> Callable[[int], tuple[bool, bool]]:
    """For a line of the translation: is it in a *paired* part, and in a *clean* one?

    Paired: the section (or the intro) it is in has a counterpart in the source.
    Clean: paired, and without a finding before anything is injected.  The corpus
    translations were made from older source revisions, so whole sections differ
    from the source; a defect injected there is not a defect of a translation
    made from this source, which is what the judged benchmark measures.
    """
    matched = match_sections(source, translation)
    pairs, intro = matched.pairs, matched.intro
    dirty = {
        finding.key
        for finding in findings
        if not finding.code.startswith("P2S4")  # article metadata, not a section's content
    }
    state = {
        id(pair.translation): not {pair.source.key, pair.translation.key} & dirty
        for pair in [*pairs, *([intro] if intro else [])]
    }
    every = [*walk_sections(translation.sections)]

    def innermost(line: int) -> object:
        inside = [s for s in every if s.span.start_line <= line <= s.span.end_line]
        if not inside:
            return intro.translation if intro else None
        return min(inside, key=lambda section: section.span.end_line - section.span.start_line)

    def place(line: int) -> tuple[bool, bool]:
        section = id(innermost(line))
        return section in state, state.get(section, False)

    return place


def _found(report: p2skb.DriftReport, known: Counter[str], lines: range) -> bool:
    """Whether the report has a finding on ``lines`` that the unmodified pair had fewer of."""
    now = Counter(finding.fingerprint for finding in report.findings)
    return any(
        now[finding.fingerprint] > known[finding.fingerprint]
        and any(abs(finding.translation.line - line) <= TOLERANCE for line in lines)
        for finding in report.findings
    )


def main() -> None:
    """Inject, diff, count; print the recall per class."""
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    options.add_argument("--per-class", type=int, default=3, help="cases per class and file")
    options.add_argument("--seed", type=int, default=15)
    options.add_argument("--json", type=Path, help="write the missed cases here")
    options.add_argument(
        "--self",
        action="store_true",
        help="inject into a copy of each source and diff it against the source: a "
        "translation without a single difference to start from",
    )
    arguments = options.parse_args()
    rng = random.Random(arguments.seed)  # noqa: S311 -- picks places, reproducibly
    # class -> [found, cases] over all places, paired places, clean places
    totals: dict[str, list[int]] = {}
    missed: list[dict[str, object]] = []
    crashes = 0
    for source_path in sorted(arguments.corpus.glob("*/en-us.md")):
        source_text = source_path.read_text(encoding="utf-8")
        source = p2skb.parse(source_text, path=str(source_path))
        translations = sorted(source_path.parent.glob("*.md"))
        for path in [source_path] if arguments.self else translations:
            if path == source_path and not arguments.self:
                continue
            text = path.read_text(encoding="utf-8")
            translation = p2skb.parse(text, path=str(path))
            findings = p2skb.diff(source, translation).findings
            known = Counter(finding.fingerprint for finding in findings)
            places = _places(source, translation, findings)
            lines = text.split("\n")
            for name, inject in classes(source_text.split("\n")).items():
                for case in inject(lines, rng, arguments.per_class):
                    counts = totals.setdefault(name, [0] * 6)
                    paired, clean = places(case.origin)
                    counts[1] += 1
                    counts[3] += paired
                    counts[5] += clean
                    try:
                        report = p2skb.diff(source, p2skb.parse(case.text, path=str(path)))
                    except Exception as error:  # noqa: BLE001 -- a crash is a result here
                        crashes += 1
                        missed.append({"class": name, "file": str(path), "crash": repr(error)})
                        continue
                    if _found(report, known, case.lines):
                        counts[0] += 1
                        counts[2] += paired
                        counts[4] += clean
                    else:
                        missed.append(
                            {
                                "class": name,
                                "file": str(path),
                                "lines": [case.lines.start, case.lines.stop - 1],
                                "what": case.what,
                                "paired": paired,
                                "clean": clean,
                            }
                        )
    print(f"{'class':<20} {'all places':>20} {'paired sections':>20} {'clean sections':>20}")
    for name, counts in [*totals.items(), ("all", _sum(totals))]:
        columns = [
            f"{hit:>5} /{total:>5} {hit / max(total, 1):6.0%}"
            for hit, total in zip(counts[::2], counts[1::2], strict=True)
        ]
        print(f"{name:<20} {'  '.join(columns)}")
    print(f"crashes: {crashes}")
    if arguments.json:
        arguments.json.write_text(
            json.dumps(missed, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def _sum(totals: dict[str, list[int]]) -> list[int]:
    return [sum(column) for column in zip(*totals.values(), strict=True)]


if __name__ == "__main__":
    main()
