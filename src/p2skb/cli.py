"""The ``p2skb`` command line: a thin layer over the facade.

Exit codes: 0 clean (below ``--fail-on``), 1 findings at or above it, 2 usage
errors or unreadable input (one line on stderr naming the file and line, no
traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from p2skb._version import __version__
from p2skb.align import align
from p2skb.baseline import apply_baseline, read_baseline, write_baseline
from p2skb.checks.registry import checks
from p2skb.drift import diff, lint, merge_reports, selected_checks
from p2skb.errors import P2SKBError
from p2skb.export import to_json
from p2skb.model import Article, DriftReport, Severity
from p2skb.parse import parse_file
from p2skb.report import WRITERS

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

_FAIL_ON = {"error": 2, "warning": 1, "info": 0, "never": 3}


def _selectors(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part.strip()]


def _parse_all(paths: Sequence[str], locale: str | None = None) -> list[Article]:
    return [parse_file(path, locale=locale) for path in paths]


# ---------------------------------------------------------------- commands


def _parse_command(arguments: argparse.Namespace, out: TextIO) -> int:
    articles = _parse_all(arguments.files, arguments.locale)
    if arguments.format == "jsonl":
        out.writelines(to_json(article) + "\n" for article in articles)
    elif len(articles) == 1:
        out.write(to_json(articles[0], indent=2) + "\n")
    else:
        out.write("[\n" + ",\n".join(to_json(article, indent=2) for article in articles) + "\n]\n")
    return EXIT_OK


def _align_command(arguments: argparse.Namespace, out: TextIO) -> int:
    paths = list(arguments.files)
    if arguments.source and arguments.source not in paths:
        paths.insert(0, arguments.source)
    articles = _parse_all(paths)
    source = next((a for a in articles if a.path == arguments.source), None)
    out.write(to_json(align(articles, source), indent=2) + "\n")
    return EXIT_OK


def _finish(report: DriftReport, arguments: argparse.Namespace, out: TextIO) -> int:
    """Apply or write the baseline, print the report, and decide the exit code."""
    if arguments.write_baseline:
        write_baseline(report, arguments.write_baseline)
    if arguments.baseline:
        report = apply_baseline(report, read_baseline(arguments.baseline))
    out.write(WRITERS[arguments.format](report))
    threshold = _FAIL_ON[arguments.fail_on]
    failing = any(finding.severity.rank >= threshold for finding in report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _drift_command(arguments: argparse.Namespace, out: TextIO) -> int:
    select, ignore = _selectors(arguments.select), _selectors(arguments.ignore)
    selected_checks(select, ignore)  # an unknown check is a usage error before any file is read
    source = parse_file(arguments.source)
    translations = _parse_all(arguments.translations, arguments.locale)
    report = merge_reports(diff(source, t, select=select, ignore=ignore) for t in translations)
    return _finish(report, arguments, out)


def _lint_command(arguments: argparse.Namespace, out: TextIO) -> int:
    select, ignore = _selectors(arguments.select), _selectors(arguments.ignore)
    selected_checks(select, ignore)
    articles = _parse_all(arguments.files, arguments.locale)
    report = merge_reports(lint(a, select=select, ignore=ignore) for a in articles)
    return _finish(report, arguments, out)


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
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--locale", help="the locale of every FILE (default: from the file)")
    parse.add_argument("--format", choices=("json", "jsonl"), default="json")
    parse.set_defaults(handler=_parse_command)

    align_parser = commands.add_parser(
        "align",
        help="align a source and its translations by section key",
        description="Print the alignment as JSON (schemas/alignment.schema.json). The source is "
        "--source, else the one en-us FILE.",
    )
    align_parser.add_argument("files", nargs="+", metavar="FILE")
    align_parser.add_argument("--source", metavar="FILE", help="the source article")
    align_parser.set_defaults(handler=_align_command)

    drift = commands.add_parser(
        "drift",
        help="check translations against their source",
        description="Compare each TRANSLATION with SOURCE and report the drift.",
    )
    drift.add_argument("source", metavar="SOURCE")
    drift.add_argument("translations", nargs="+", metavar="TRANSLATION")
    _add_report_options(drift)
    drift.set_defaults(handler=_drift_command)

    lint_parser = commands.add_parser(
        "lint",
        help="run the single-article checks",
        description="Check each FILE on its own (malformed tables, broken emphasis, anchors).",
    )
    lint_parser.add_argument("files", nargs="+", metavar="FILE")
    _add_report_options(lint_parser)
    lint_parser.set_defaults(handler=_lint_command)

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
