"""The ``p2skb`` command line: a thin layer over the facade.

Exit codes: 0 clean (below ``--fail-on``), 1 findings at or above it, 2 usage
errors or unreadable input (one line on stderr naming the file and line, no
traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from p2skb import kb
from p2skb._version import __version__
from p2skb.alignment import align
from p2skb.baseline import apply_baseline, read_baseline, write_baseline
from p2skb.batch import (
    DriftJob,
    Failure,
    Progress,
    Reading,
    diff_job,
    folder_jobs,
    lint_job,
    markdown_files,
    parse_job,
    run,
    tree_jobs,
)
from p2skb.checks import checks
from p2skb.drift import merge_reports, selected_checks
from p2skb.errors import P2SKBError, UsageError, display_path
from p2skb.export import to_json
from p2skb.files import writable_target
from p2skb.model import Article, DriftReport, Severity, Summary
from p2skb.parsing import DEFAULT_LIMITS, Limits, parse_file
from p2skb.report import WRITERS, github_annotations
from p2skb.report.text import summary_line, text
from p2skb.tmx import to_tmx

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

T = TypeVar("T")
R = TypeVar("R")

_FAIL_ON: dict[str, Severity | None] = {**{str(s): s for s in Severity}, "never": None}
"""``--fail-on``'s choices: the lowest severity that fails the run."""


def _positive(value: str) -> int:
    """An argparse type: an integer of at least 1."""
    number = int(value)
    if number < 1:
        message = f"must be 1 or more, not {number}"
        raise argparse.ArgumentTypeError(message)
    return number


def _selectors(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part.strip()]


def _paths(given: Sequence[str]) -> list[str | Failure]:
    """The files to read (and the entries refused under the folders given, in their place)."""
    return [found if isinstance(found, Failure) else str(found) for found in markdown_files(given)]


def _with_reading(
    jobs: Iterable[DriftJob | Failure], arguments: argparse.Namespace
) -> list[DriftJob | Failure]:
    return [
        job if isinstance(job, Failure) else attrs.evolve(job, reading=_reading(arguments))
        for job in jobs
    ]


def _parse_all(paths: Sequence[str], locale: str | None = None) -> list[Article]:
    return [parse_file(path, locale=locale) for path in paths]


@contextlib.contextmanager
def _executor(jobs: int) -> Iterator[Executor | None]:
    """A process pool for ``--jobs`` above 1; with one job everything runs here."""
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


def _stream(
    function: Callable[[T], R | Failure],
    items: Sequence[T | Failure],
    arguments: argparse.Namespace,
    failures: list[Failure],
    label: str,
) -> Iterator[R]:
    """Run the jobs (in parallel with ``--jobs``), in input order, with progress on a terminal.

    Unreadable inputs are collected in ``failures``; every other job still runs.
    """
    progress = Progress(len(items), label=label)
    try:
        with _executor(min(arguments.jobs, len(items))) as executor:  # no pool for one job
            for result in run(function, items, executor=executor):
                progress.advance()
                if isinstance(result, Failure):
                    failures.append(result)
                else:
                    yield result
    finally:
        progress.close()


def _report_failures(failures: list[Failure]) -> int | None:
    for failure in failures:
        print(f"p2skb: {failure.message}", file=sys.stderr)
    if len(failures) > 1:
        print(f"p2skb: {len(failures)} inputs could not be read", file=sys.stderr)
    return EXIT_USAGE if failures else None


# ---------------------------------------------------------------- commands


def _parse_command(arguments: argparse.Namespace, out: TextIO) -> int:
    paths = _paths(arguments.files)
    failures: list[Failure] = []
    one = len(paths) == 1 and arguments.format == "json"  # one object, indented
    job = functools.partial(
        parse_job, locale=arguments.locale, indent=2 if one else None, reading=_reading(arguments)
    )
    documents = _stream(job, paths, arguments, failures, "articles")
    if arguments.format == "jsonl" or one:
        out.writelines(document + "\n" for document in documents)
    else:  # a JSON array, written as the articles come
        out.write("[\n")
        out.writelines(
            ("," if index else "") + document + "\n" for index, document in enumerate(documents)
        )
        out.write("]\n")
    return _report_failures(failures) or EXIT_OK


def _align_command(arguments: argparse.Namespace, out: TextIO) -> int:
    paths = list(arguments.files)
    if arguments.source and arguments.source not in paths:
        paths.insert(0, arguments.source)
    articles = _parse_all(paths)
    source = next((a for a in articles if a.path == arguments.source), None)
    alignment = align(articles, source)
    if arguments.format == "tmx":
        chosen = next(a for a in articles if a.path == alignment.articles[0].path)
        out.write(to_tmx(chosen, [a for a in articles if a is not chosen]))
    else:
        out.write(to_json(alignment, indent=2) + "\n")
    return EXIT_OK


def _kb_build_command(arguments: argparse.Namespace, out: TextIO) -> int:
    output = Path(arguments.output)
    writable_target(output)
    if output.suffix == ".jsonl":
        result = kb.write_jsonl(arguments.paths, output, source_locale=arguments.source_locale)
        out.write(f"{result.entries} entries written to {display_path(output)}\n")
    elif output.suffix in {".sqlite", ".db", ".sqlite3"}:
        result = kb.build(
            arguments.paths,
            output,
            source_locale=arguments.source_locale,
            force=arguments.force,
        )
        out.write(
            f"{display_path(output)}: {result.built} articles built, {result.kept} unchanged, "
            f"{result.removed} removed\n"
        )
    else:
        raise UsageError("the output must end in .sqlite or .jsonl", path=str(output))
    return _report_failures([Failure(line) for line in result.failures]) or EXIT_OK


def _kb_search_command(arguments: argparse.Namespace, out: TextIO) -> int:
    with kb.open(arguments.kb) as base:
        hits = base.search(arguments.query, locale=arguments.locale, limit=arguments.limit)
    if arguments.format == "json":
        rows = [
            {
                "matched": hit.matched,
                "locale": hit.locale,
                "entry": kb.entry_jsonable(hit.entry),
            }
            for hit in hits
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for hit in hits:
        out.write(f"{hit.entry.key} ({hit.entry.kind}, matched by {hit.matched})\n")
        wanted = arguments.locale or ""
        for localized in sorted(hit.entry.texts, key=lambda shown: shown.locale != wanted):
            out.write(f"  [{localized.locale}] {localized.title}  ")
            out.write(f"({localized.path}:{localized.line})\n")
            for label, value in (
                ("symptom", localized.symptom),
                ("cause", localized.cause),
                ("solution", localized.solution),
            ):
                if value:
                    out.write(f"    {label}: {' '.join(value.split())[:160]}\n")
    if not hits:
        out.write(f"nothing found for {arguments.query!r}\n")
    return EXIT_OK


def _report(
    reports: Iterable[DriftReport], arguments: argparse.Namespace, out: TextIO
) -> Severity | None:
    """Print the reports; return the highest severity shown (``None`` for no finding).

    Text and GitHub annotations stream, so a corpus run keeps only counts in
    memory; JSON and SARIF are one document and keep the findings until the end,
    as does writing a baseline.
    """
    accepted = read_baseline(arguments.baseline) if arguments.baseline else frozenset()
    whole = arguments.format in {"json", "sarif"}
    kept: list[DriftReport] = []
    for_baseline: list[DriftReport] = []
    summary, files = Summary(), 0
    for report in reports:
        shown = apply_baseline(report, accepted)
        if arguments.format == "text":
            out.write(text(shown, summary=False))
        elif arguments.format == "github":
            out.write(github_annotations(shown))
        if whole:
            kept.append(shown)
        if arguments.write_baseline:
            for_baseline.append(report)
        summary += shown.summary
        files += len(shown.translations)
    if arguments.format == "text":
        out.write(summary_line(summary, files) + "\n")
    elif whole:
        out.write(WRITERS[arguments.format](merge_reports(kept)))
    if arguments.write_baseline:
        write_baseline(merge_reports(for_baseline), arguments.write_baseline)
    return summary.worst


def _exit_code(
    worst: Severity | None, arguments: argparse.Namespace, failures: list[Failure]
) -> int:
    failed = _report_failures(failures)
    if failed is not None:
        return failed
    threshold = _FAIL_ON[arguments.fail_on]
    failing = worst is not None and threshold is not None and worst >= threshold
    return EXIT_FINDINGS if failing else EXIT_OK


def _drift_jobs(arguments: argparse.Namespace) -> list[DriftJob | Failure]:
    select, ignore = _selectors(arguments.select), _selectors(arguments.ignore)
    if arguments.source_root or arguments.translation_root:
        if not (arguments.source_root and arguments.translation_root) or arguments.paths:
            raise UsageError("--source-root and --translation-root go together, without paths")
        jobs = tree_jobs(
            arguments.source_root,
            arguments.translation_root,
            select=select,
            ignore=ignore,
            locale=arguments.locale,
        )
        return _with_reading(jobs, arguments)
    paths = [Path(path) for path in arguments.paths]
    if not paths:
        raise UsageError("give SOURCE TRANSLATION..., article folders, or the two roots")
    if all(path.is_dir() for path in paths):
        jobs = folder_jobs(
            paths, source_locale=arguments.source_locale, select=select, ignore=ignore
        )
        return _with_reading(jobs, arguments)
    if len(paths) < 2 or any(path.is_dir() for path in paths):
        raise UsageError("give a SOURCE file and TRANSLATION files, or only article folders")
    source, *translations = (str(path) for path in paths)
    job = DriftJob(source, tuple(translations), (*select,), (*ignore,), arguments.locale)
    return [attrs.evolve(job, reading=_reading(arguments))]


def _check_outputs(arguments: argparse.Namespace) -> None:
    """Refuse a file that cannot be written before any work (not after the report is out)."""
    if arguments.write_baseline:
        writable_target(arguments.write_baseline)


def _drift_command(arguments: argparse.Namespace, out: TextIO) -> int:
    selected_checks(_selectors(arguments.select), _selectors(arguments.ignore))
    _check_outputs(arguments)
    jobs = _drift_jobs(arguments)
    failures: list[Failure] = []
    worst = _report(_stream(diff_job, jobs, arguments, failures, "articles"), arguments, out)
    return _exit_code(worst, arguments, failures)


def _lint_command(arguments: argparse.Namespace, out: TextIO) -> int:
    select, ignore = _selectors(arguments.select), _selectors(arguments.ignore)
    selected_checks(select, ignore)
    _check_outputs(arguments)
    paths = _paths(arguments.files)
    job = functools.partial(
        lint_job, select=select, ignore=ignore, locale=arguments.locale, reading=_reading(arguments)
    )
    failures: list[Failure] = []
    worst = _report(_stream(job, paths, arguments, failures, "files"), arguments, out)
    return _exit_code(worst, arguments, failures)


def _checks_command(arguments: argparse.Namespace, out: TextIO) -> int:
    catalogue = checks().values()
    if arguments.format == "json":
        rows = [
            {
                "code": check.code,
                "name": check.name,
                "severity": str(check.severity),
                "family": check.family,
                "scope": str(check.scope),
                "title": check.title,
                "description": check.doc,
            }
            for check in catalogue
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    width = max(len(check.name) for check in catalogue)
    out.writelines(
        f"{check.code}  {check.name:<{width}}  {check.severity:<7}  {check.title}\n"
        for check in catalogue
    )
    return EXIT_OK


# ---------------------------------------------------------------- the parser


def _add_report_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=tuple(WRITERS), default="text")
    command.add_argument(
        "--fail-on",
        choices=tuple(_FAIL_ON),
        default=str(Severity.ERROR),
        help="exit 1 when a finding is at least this severe (default: error)",
    )
    command.add_argument("--select", metavar="X,...", help="only these checks (codes or names)")
    command.add_argument("--ignore", metavar="X,...", help="not these checks (codes or names)")
    command.add_argument("--baseline", metavar="FILE", help="leave out the findings it lists")
    command.add_argument(
        "--write-baseline", metavar="FILE", help="write the current findings as a baseline"
    )
    command.add_argument("--locale", help="the locale of the files checked (default: from each)")
    _add_jobs_option(command)


def _reading(arguments: argparse.Namespace) -> Reading:
    """How files are read: the limits, and the include root when includes are resolved."""
    return Reading(Limits(max_bytes=arguments.max_bytes), arguments.include_root)


def _add_jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_LIMITS.max_bytes,
        metavar="N",
        help=f"refuse files larger than this (default: {DEFAULT_LIMITS.max_bytes})",
    )
    command.add_argument(
        "--include-root",
        metavar="DIR",
        help="resolve [!INCLUDE] targets, reading nothing outside DIR (~/ means DIR)",
    )
    command.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the CPU count; 1 runs in this process)",
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="p2skb",
        description="Localized Microsoft Docs articles: parse, align and check translation drift.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="parse articles into the JSON model",
        description="Parse articles and print the JSON model (schemas/article.schema.json). "
        "With --format json, one FILE gives one object and several give an array; "
        "jsonl gives one article per line.",
    )
    parse.add_argument("files", nargs="+", metavar="PATH", help="files, or folders of *.md")
    parse.add_argument("--locale", help="the locale of every FILE (default: from the file)")
    parse.add_argument("--format", choices=("json", "jsonl"), default="json")
    _add_jobs_option(parse)
    parse.set_defaults(handler=_parse_command)

    align_parser = commands.add_parser(
        "align",
        help="align a source and its translations by section key",
        description="Print the alignment as JSON (schemas/alignment.schema.json). The source is "
        "--source, else the one en-us FILE.",
    )
    align_parser.add_argument("files", nargs="+", metavar="FILE")
    align_parser.add_argument("--source", metavar="FILE", help="the source article")
    align_parser.add_argument(
        "--format", choices=("json", "tmx"), default="json", help="tmx: a translation memory"
    )
    align_parser.set_defaults(handler=_align_command)

    drift = commands.add_parser(
        "drift",
        help="check translations against their source",
        description="Compare each TRANSLATION with SOURCE and report the drift. Instead of "
        "files, give article folders (each holding <locale>.md files; the source is "
        "--source-locale) or --source-root and --translation-root (parallel trees with the "
        "same relative paths).",
    )
    drift.add_argument("paths", nargs="*", metavar="SOURCE TRANSLATION... | FOLDER")
    drift.add_argument("--source-root", metavar="DIR", help="the tree of source articles")
    drift.add_argument("--translation-root", metavar="DIR", help="the tree of translations")
    drift.add_argument(
        "--source-locale", default="en-us", help="the source file's name in article folders"
    )
    _add_report_options(drift)
    drift.set_defaults(handler=_drift_command)

    lint_parser = commands.add_parser(
        "lint",
        help="run the single-article checks",
        description="Check each FILE on its own (malformed tables, broken emphasis, anchors).",
    )
    lint_parser.add_argument("files", nargs="+", metavar="PATH", help="files, or folders of *.md")
    _add_report_options(lint_parser)
    lint_parser.set_defaults(handler=_lint_command)

    kb_parser = commands.add_parser("kb", help="build and search a localized knowledge base")
    kb_commands = kb_parser.add_subparsers(dest="kb_command", required=True, metavar="COMMAND")
    kb_build = kb_commands.add_parser(
        "build",
        help="build or update a knowledge base from article folders",
        description="Build OUT (.sqlite: SQLite with full-text search; .jsonl: JSON Lines) "
        "from article folders holding <locale>.md files. Unchanged folders are not read again.",
    )
    kb_build.add_argument("paths", nargs="+", metavar="PATH")
    kb_build.add_argument("-o", "--output", required=True, metavar="OUT")
    kb_build.add_argument("--source-locale", default="en-us", help="the source in each folder")
    kb_build.add_argument(
        "--force",
        action="store_true",
        help="replace OUT even when it is not a p2skb knowledge base",
    )
    kb_build.set_defaults(handler=_kb_build_command)
    kb_search = kb_commands.add_parser("search", help="search a knowledge base")
    kb_search.add_argument("query", metavar="QUERY")
    kb_search.add_argument("--kb", default="kb.sqlite", metavar="FILE")
    kb_search.add_argument("--locale", help="search this locale's text first")
    kb_search.add_argument("--format", choices=("text", "json"), default="text")
    kb_search.add_argument("--limit", type=_positive, default=10, metavar="N")
    kb_search.set_defaults(handler=_kb_search_command)

    catalogue = commands.add_parser("checks", help="list the checks: code, name, severity, title")
    catalogue.add_argument("--format", choices=("text", "json"), default="text")
    catalogue.set_defaults(handler=_checks_command)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    arguments = _build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = arguments.handler
    try:
        return handler(arguments, out if out is not None else sys.stdout)
    except P2SKBError as error:
        print(f"p2skb: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `p2skb parse ... | head` closes the pipe early: not an error
        sys.stderr.close()
        return EXIT_OK
