"""The page of every check, written from the registry: what it finds, how to silence it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import p2skb
from p2skb.checks import checks
from p2skb.parsing import article_lines

ROOT = Path(__file__).resolve().parent.parent
PAIRS = (
    (ROOT / "tests" / "fixtures" / "seed" / "en-us.md", sorted((ROOT / "corpus").glob("*/*.md"))),
    *(
        (source, sorted(set(source.parent.glob("*.md")) - {source}))
        for source in sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*/en-us.md"))
    ),
)
"""Real articles (CC BY 4.0: the seed article whole, excerpts of the others) the examples
are found in: each source with its translations."""

INDEX = """Checks
======

Every check p2skb runs, by code. Codes and names never change and are never reused;
``p2skb checks`` prints the same list.

.. toctree::
   :maxdepth: 1

"""

PAGE = """{title}
{underline}

:Code: ``{code}``
:Name: ``{name}``
:Severity: {severity}
:Family: {family}
:Scope: {scope}

{title_line}

{doc}

How to fix it
-------------

{fix}

Example
-------

{example}

Select or ignore it
-------------------

By code, name, code prefix or family: ``--select {code}``, ``--ignore {name}``,
``ignore = ["{name}"]`` in ``[tool.p2skb]``, or a severity of its own in
``[tool.p2skb.severity]``.

Silence one finding
-------------------

Above the line it is on, in the Markdown:

.. code-block:: html

   <!-- p2skb-disable-next-line {code} -->

``<!-- p2skb-disable {name} -->`` … ``<!-- p2skb-enable -->`` for a stretch, and
``<!-- p2skb-disable-file {code} -->`` for the whole file. A comment that silences
nothing is reported (``unused-suppression``).
"""


def page_name(code: str, name: str) -> str:
    """The page's file name (without ``.rst``): what SARIF's ``helpUri`` links to."""
    return f"{code.lower()}-{name}"


def _examples() -> dict[str, str]:
    """An example of each check found in the bundled articles: the finding, its lines."""
    found: dict[str, str] = {}
    known_cause: dict[str, bool] = {}  # whether the example is a translator's defect
    for source_path, translations in PAIRS:
        source = p2skb.parse_file(source_path)
        source_lines = article_lines(source_path.read_bytes())
        for path in translations:
            lines = article_lines(path.read_bytes())
            report = p2skb.diff(source, p2skb.parse_file(path))
            for finding in report.findings:
                known = found.get(finding.code)
                if known is not None and (known_cause[finding.code] or not _defect(finding)):
                    continue  # keep the first, unless a translator's defect comes later
                where = f"{path.parent.name}/{path.name}"
                shown = [f"In ``{where}`` (line {finding.translation.line}):", ""]
                shown += _quoted(lines, finding.translation.line)
                if finding.source is not None and finding.source.line <= len(source_lines):
                    shown += [f"The source, ``en-us.md`` line {finding.source.line}:", ""]
                    shown += _quoted(source_lines, finding.source.line)
                shown += [f"The finding: *{finding.message}* (cause: {finding.cause})"]
                found[finding.code] = "\n".join(shown)
                known_cause[finding.code] = _defect(finding)
    return found


def _defect(finding: p2skb.Finding) -> bool:
    return finding.cause is p2skb.Cause.TRANSLATION


EXAMPLES = ROOT / "docs" / "check_examples.toml"


class ExampleError(Exception):
    """An example of ``check_examples.toml`` that does not show its check (or none given)."""


def written_examples() -> dict[str, dict[str, str]]:
    """``check_examples.toml``: per code, ``fix`` and an example (checked by :func:`shown`)."""
    with EXAMPLES.open("rb") as file:
        return tomllib.load(file)


def shown(code: str, example: dict[str, str]) -> str:
    """A written example as reStructuredText, once it is seen to give its check's finding.

    Raises:
        ExampleError: the example gives no finding of ``code``.

    """
    if "layout" in example:
        return example["layout"]
    translation = p2skb.parse(example["translation"], path="de-de.md")
    if "source" not in example:
        report = p2skb.lint(translation)
    else:
        source = p2skb.parse(example["source"], path="en-us.md")
        base = p2skb.parse(example["base"], path="en-us@base.md") if "base" in example else None
        report = p2skb.diff(source, translation, base=base)
    finding = next((f for f in report.findings if f.code == code), None)
    if finding is None:
        found = ", ".join(sorted({f.code for f in report.findings})) or "none"
        raise ExampleError(f"the example of {code} gives no finding of it (it gives: {found})")
    parts = []
    for role in ("base", "source", "translation"):
        if role in example:
            label = {
                "base": "The base revision",
                "source": "The source",
                "translation": "The translation",
            }[role]
            parts += [f"{label}:", "", ".. code-block:: markdown", ""]
            parts += [
                f"   {line}" if line else "" for line in example[role].rstrip("\n").split("\n")
            ]
            parts.append("")
    parts.append(f"The finding, at line {finding.translation.line}: *{finding.message}*")
    return "\n".join(parts)


def _quoted(lines: list[str], line: int) -> list[str]:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return [".. code-block:: markdown", "", f"   {text}" if text.strip() else "   (empty line)", ""]


def write(folder: Path) -> list[Path]:
    """Write ``folder/index.rst`` and a page per check; return the pages written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    entries = []
    examples = _examples()
    written_ones = written_examples()
    for code, check in checks().items():
        written_one = written_ones.get(code, {})
        if "fix" not in written_one:
            raise ExampleError(f"{code} has no fix in {EXAMPLES.name}")
        example_keys = {"layout", "translation"} & written_one.keys()
        if example_keys:
            examples[code] = shown(code, written_one)
        elif code not in examples:
            raise ExampleError(f"{code}: no example in the bundled articles nor in {EXAMPLES.name}")
        title = f"{code} {check.name}"
        path = folder / f"{page_name(code, check.name)}.rst"
        path.write_text(
            PAGE.format(
                title=title,
                underline="=" * len(title),
                code=code,
                name=check.name,
                severity=check.severity,
                family=check.family,
                scope=check.scope,
                title_line=check.title + ".",
                doc=check.doc,
                fix=written_one["fix"],
                example=examples[code],
            ),
            encoding="utf-8",
        )
        written.append(path)
        entries.append(f"   {path.stem}\n")
    (folder / "index.rst").write_text(INDEX + "".join(entries), encoding="utf-8")
    return written
