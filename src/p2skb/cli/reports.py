"""The commands about findings: ``drift`` and ``lint``, and the ``checks`` catalogue."""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import TextIO

import attrs

from p2skb.baseline import Baseline, read_baseline, write_baseline
from p2skb.batch import (
    DriftJob,
    Failure,
    diff_job,
    folder_jobs,
    lint_job,
    tree_jobs,
    with_bases,
)
from p2skb.checks import checks
from p2skb.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_reading_options,
    add_tree_options,
    article_paths,
    colour_wanted,
    reading,
    report_failures,
    selectors,
    stream,
    trees_given,
    with_reading,
)
from p2skb.config import Config, find_config, load_config
from p2skb.drift import merge_reports, selected_checks
from p2skb.errors import UsageError, WriteError
from p2skb.files import replacing, writable_target
from p2skb.history import Base, SourceHistory
from p2skb.model import BaseWay, Cause, DriftReport, Severity, Summary
from p2skb.parsing import read_article
from p2skb.parsing.article import decode_utf8
from p2skb.report import WRITERS
from p2skb.report.html import PagedReport, SiteWriter, page_job
from p2skb.report.summary import step_summary
from p2skb.report.text import cause_counts, summary_line, text
from p2skb.wording import counted

__all__ = ["add_commands"]

_FAIL_ON: dict[str, Severity | None] = {**{str(s): s for s in Severity}, "never": None}
"""``--fail-on``'s choices: the lowest severity that fails the run."""


def _causes(value: str) -> frozenset[Cause]:
    """``--fail-cause``'s comma-separated causes, or ``all``.

    Raises:
        UsageError: a cause is unknown.

    """
    names = [part.strip() for part in value.split(",") if part.strip()]
    if names == ["all"]:
        return frozenset(Cause)
    try:
        return frozenset(Cause(name) for name in names)
    except ValueError:
        choices = ", ".join((*Cause, "all"))
        message = f"fail-cause {value!r} is not a list of causes ({choices})"
        raise UsageError(message) from None


def _configured(arguments: argparse.Namespace) -> Config:
    """Fill the options not given on the command line from the configuration, then defaults."""
    if arguments.isolated and arguments.config:
        raise UsageError("give --config or --isolated, not both")
    found = None if arguments.isolated else Path(arguments.config) if arguments.config else None
    if found is None and not arguments.isolated:
        found = find_config()
    config = load_config(found) if found is not None else Config()
    for name, value in config.options.items():
        if hasattr(arguments, name) and getattr(arguments, name) is None:
            setattr(arguments, name, value)
    defaults = {"fail_on": str(Severity.ERROR), "source_locale": "en-us"}
    for name, value in defaults.items():
        if hasattr(arguments, name) and getattr(arguments, name) is None:
            setattr(arguments, name, value)
    if arguments.fail_on not in _FAIL_ON:
        choices = ", ".join(_FAIL_ON)
        raise UsageError(f"fail-on must be one of {choices}, not {arguments.fail_on!r}")
    arguments.fail_cause = _causes(arguments.fail_cause or str(Cause.TRANSLATION))
    return config


def _report(
    reports: Iterable[DriftReport], arguments: argparse.Namespace, out: TextIO
) -> Severity | None:
    """Print the reports; return the highest severity ``--fail-on`` counts (``None``: none).

    ``--fail-on`` counts the findings of the causes ``--fail-cause`` names
    (translation defects by default), not the source changes or the
    differences whose cause is unknown.

    Text and GitHub annotations stream, so a corpus run keeps only counts in
    memory; JSON and SARIF are one document and keep the findings until the end,
    as does writing a baseline.
    """
    baseline = read_baseline(arguments.baseline) if arguments.baseline else None
    checked: list[str] = []
    config: Config = arguments.configuration
    whole = arguments.format in {"json", "sarif"} or arguments.sarif or arguments.summary
    listing = arguments.format == "text" and not arguments.statistics
    colour = colour_wanted(out)
    per_check: Counter[tuple[str, str]] = Counter()
    kept: list[DriftReport] = []
    for_baseline: list[DriftReport] = []
    summary, gating, files = Summary(), Summary(), 0
    causes = cause_counts(())
    gated: frozenset[Cause] = arguments.fail_cause
    for report in reports:
        adjusted = config.adjust(report)
        shown = baseline.apply(adjusted) if baseline is not None else adjusted
        checked += (ref.path for ref in report.translations)
        if listing:
            out.write(text(shown, summary=False, colour=colour))
        elif arguments.format in {"github", "concise"}:
            out.write(WRITERS[arguments.format](shown))
        if whole:
            kept.append(shown)
        if arguments.write_baseline:
            for_baseline.append(adjusted)
        summary += shown.summary
        gating += Summary.of(f for f in shown.findings if f.cause in gated)
        causes.update(cause_counts(shown.findings))
        per_check.update((finding.code, finding.name) for finding in shown.findings)
        files += len(shown.translations)
    if arguments.format == "text" and arguments.statistics:
        width = len(str(max(per_check.values(), default=0)))
        out.writelines(
            f"{count:>{width}}  {code} {name}\n"
            for (code, name), count in sorted(per_check.items())
        )
    if arguments.format == "text" and not arguments.quiet:
        out.write(summary_line(summary, files, causes=causes) + "\n")
    if whole:
        _write_whole(merge_reports(kept), arguments, out)
    if baseline is not None:
        _say_baseline(baseline, checked, arguments)
    if arguments.write_baseline:
        written = write_baseline(
            (finding for report in for_baseline for finding in report.findings),
            arguments.write_baseline,
        )
        print(f"p2skb: wrote {counted(written, 'finding')} to {arguments.write_baseline}",
              file=sys.stderr)  # fmt: skip
        return None  # writing a baseline accepts what it wrote: the run passes
    return gating.worst


def _write_whole(report: DriftReport, arguments: argparse.Namespace, out: TextIO) -> None:
    """The outputs of the whole report: JSON or SARIF on stdout, ``--sarif``, ``--summary``."""
    if arguments.format in {"json", "sarif"}:
        out.write(WRITERS[arguments.format](report))
    if arguments.sarif:
        with replacing(arguments.sarif) as temporary:
            temporary.write_text(WRITERS["sarif"](report), encoding="utf-8")
    if arguments.summary:  # appended: GitHub's job summary file collects every step's
        summary = step_summary(report, sarif=arguments.sarif)
        try:
            with Path(arguments.summary).open("a", encoding="utf-8") as file:
                file.write(summary)
        except OSError as error:
            raise WriteError(
                f"cannot write the summary: {error.strerror}", path=arguments.summary
            ) from None


def _say_baseline(baseline: Baseline, checked: list[str], arguments: argparse.Namespace) -> None:
    """How many baseline entries matched, and which are stale (on stderr)."""
    stale = baseline.stale(checked)
    if arguments.quiet and not stale:
        return
    matched = len(baseline.matched)
    line = f"p2skb: baseline {arguments.baseline}: {matched} of {len(baseline.entries)} matched"
    print(line + (f", {len(stale)} stale (fixed, or changed):" if stale else ""), file=sys.stderr)
    for entry in stale[:_STALE_SHOWN]:
        print(f"  {entry['path']}: {entry['code']} {entry['name']} {entry['key']}", file=sys.stderr)
    if len(stale) > _STALE_SHOWN:
        print(f"  … and {len(stale) - _STALE_SHOWN} more", file=sys.stderr)


_STALE_SHOWN = 10


def _exit_code(
    worst: Severity | None, arguments: argparse.Namespace, failures: list[Failure]
) -> int:
    failed = report_failures(failures)
    if failed is not None:
        return failed
    threshold = _FAIL_ON[arguments.fail_on]
    failing = worst is not None and threshold is not None and worst >= threshold
    return EXIT_FINDINGS if failing and not arguments.exit_zero else EXIT_OK


def _drift_jobs(arguments: argparse.Namespace) -> list[DriftJob | Failure]:
    select, ignore = selectors(arguments.select), selectors(arguments.ignore)
    if arguments.base and (
        arguments.source_root or any(Path(path).is_dir() for path in arguments.paths)
    ):
        raise UsageError("--base is for one SOURCE TRANSLATION pair; use --source-repo")
    if trees_given(arguments):
        jobs = tree_jobs(
            arguments.source_root,
            arguments.translation_root,
            select=select,
            ignore=ignore,
            locale=arguments.locale,
            only=_only(arguments),
        )
        return with_reading(jobs, arguments)
    if arguments.changed_since:
        raise UsageError("--changed-since needs --source-root and --translation-root")
    paths = [Path(path) for path in arguments.paths]
    if not paths:
        raise UsageError("give SOURCE TRANSLATION..., article folders, or the two roots")
    if all(path.is_dir() for path in paths):
        jobs = folder_jobs(
            paths, source_locale=arguments.source_locale, select=select, ignore=ignore
        )
        return with_reading(jobs, arguments)
    if len(paths) < 2 or any(path.is_dir() for path in paths):
        raise UsageError("give a SOURCE file and TRANSLATION files, or only article folders")
    source, *translations = (str(path) for path in paths)
    job = DriftJob(source, tuple(translations), (*select,), (*ignore,), arguments.locale)
    job = attrs.evolve(job, reading=reading(arguments))
    if arguments.base:
        if len(translations) != 1:
            raise UsageError("--base is the base of one translation: give SOURCE TRANSLATION")
        job = attrs.evolve(job, bases=(_given_base(arguments.base, job),))
    return [job]


def _only(arguments: argparse.Namespace) -> set[PurePath] | None:
    """The files to check under the roots (``None``: every file).

    Those given (a commit's, from pre-commit), and those git says changed since
    ``--changed-since``.
    """
    roots = [Path(root).resolve() for root in (arguments.source_root, *arguments.translation_root)]
    given = [Path(path) for path in arguments.paths]
    if arguments.changed_since:
        for root in roots:
            with SourceHistory(root) as history:
                given += history.changed_since(arguments.changed_since, root)
        if not given:
            arguments.nothing_changed = True
    elif not given:
        return None
    only: set[PurePath] = set()
    for path in given:
        absolute = path.resolve()
        inside = next((root for root in roots if absolute.is_relative_to(root)), None)
        if inside is None:
            message = f"{path} is under neither --source-root nor --translation-root"
            raise UsageError(message)
        only.add(PurePath(absolute.relative_to(inside)))
    return only


def _given_base(path: str, job: DriftJob) -> Base:
    """The file ``--base`` names, read (a usage error when it cannot be)."""
    text = decode_utf8(read_article(path, limits=job.reading.limits), path)
    return Base(text, path, None, BaseWay.GIVEN)


@contextlib.contextmanager
def _history(arguments: argparse.Namespace) -> Iterator[SourceHistory | None]:
    """The source repository's history for the run (``--source-repo``), closed after it."""
    if not arguments.source_repo:
        yield None
        return
    if arguments.base:
        raise UsageError("give --base or --source-repo, not both")
    # The history of the sources only: in a docs repository, the articles folder.
    folders = [path for path in arguments.paths if Path(path).is_dir()]
    given = [arguments.source_root] if arguments.source_root else folders or arguments.paths[:1]
    sources = [path if Path(path).is_dir() else str(Path(path).parent) for path in given]
    with SourceHistory(arguments.source_repo, paths=sources) as history:
        yield history


def _nothing_to_check(arguments: argparse.Namespace) -> str:
    """Why a run found no pair to check: a run that checked nothing never passes."""
    if arguments.source_root:
        roots = ", ".join(arguments.translation_root)
        return (
            f"no file under --translation-root {roots} has a counterpart "
            f"(the same relative path) under --source-root {arguments.source_root}"
        )
    return (
        f"no article folder under {', '.join(arguments.paths)} holds both a source "
        f"({arguments.source_locale}.md) and a translation (is --source-locale right?)"
    )


def _check_outputs(arguments: argparse.Namespace) -> None:
    """Refuse a file that cannot be written before any work (not after the report is out)."""
    for target in (arguments.write_baseline, arguments.sarif):
        if target:
            writable_target(target)


def _checked_jobs(arguments: argparse.Namespace) -> list[DriftJob | Failure] | None:
    """The jobs of a drift run (``None``: nothing changed since ``--changed-since``)."""
    arguments.configuration = _configured(arguments)
    selected_checks(selectors(arguments.select), selectors(arguments.ignore))
    _check_outputs(arguments)
    arguments.nothing_changed = False
    jobs = _drift_jobs(arguments)
    if arguments.nothing_changed:  # a commit that touched no article: nothing to check
        print(f"p2skb: no article changed since {arguments.changed_since}", file=sys.stderr)
        return None
    if not any(isinstance(job, DriftJob) and job.alone is None for job in jobs):
        raise UsageError(_nothing_to_check(arguments))
    return jobs


def _drift_command(arguments: argparse.Namespace, out: TextIO) -> int:
    jobs = _checked_jobs(arguments)
    if jobs is None:
        return EXIT_OK
    failures: list[Failure] = []
    with _history(arguments) as history:
        items = with_bases(jobs, history) if history is not None else jobs
        found = stream(diff_job, items, arguments, failures, "articles", total=len(jobs))
        worst = _report(found, arguments, out)
    return _exit_code(worst, arguments, failures)


def _report_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``p2skb report``: a drift run written as a static HTML site.

    The run is drift's: its options gate it, write SARIF or a summary, list the
    findings with ``--format``; each page is written as its report comes.
    """
    jobs = _checked_jobs(arguments)
    if jobs is None:
        return EXIT_OK
    failures: list[Failure] = []
    config: Config = arguments.configuration
    writer = SiteWriter(arguments.output, limits=reading(arguments).limits)

    def written(pages: Iterable[PagedReport]) -> Iterator[DriftReport]:
        for paged in pages:
            writer.add(paged)
            yield paged.report

    with _history(arguments) as history:
        items = with_bases(jobs, history) if history is not None else jobs
        render = functools.partial(page_job, config=config)  # pages made in the workers
        found = stream(render, items, arguments, failures, "articles", total=len(jobs))
        worst = _report(written(found), arguments, out)
        site = writer.close()
    said = out if arguments.format is None else sys.stderr  # stdout may be JSON or SARIF
    said.write(
        f"{Path(arguments.output) / 'index.html'}: {counted(site.articles, 'article')} in "
        f"{counted(len(site.locales), 'locale')}, {counted(site.pages, 'page')}\n"
    )
    return _exit_code(worst, arguments, failures)


def _lint_command(arguments: argparse.Namespace, out: TextIO) -> int:
    arguments.configuration = _configured(arguments)
    select, ignore = selectors(arguments.select), selectors(arguments.ignore)
    selected_checks(select, ignore)
    _check_outputs(arguments)
    paths = article_paths(arguments.files)
    if not paths:  # a run that checked nothing never passes
        where = ", ".join(arguments.files)
        raise UsageError("no *.md file here: nothing to check", path=where)
    job = functools.partial(
        lint_job, select=select, ignore=ignore, locale=arguments.locale, reading=reading(arguments)
    )
    failures: list[Failure] = []
    worst = _report(stream(job, paths, arguments, failures, "files"), arguments, out)
    return _exit_code(worst, arguments, failures)


def _add_report_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=tuple(WRITERS), default="text")
    command.add_argument(
        "--fail-on",
        choices=tuple(_FAIL_ON),
        help="exit 1 when a finding is at least this severe (default: error)",
    )
    command.add_argument(
        "--fail-cause",
        metavar="CAUSE,...",
        help="the causes --fail-on counts: translation, source-change, revision-unknown, or "
        "all (default: translation)",
    )
    command.add_argument(
        "--select",
        metavar="X,...",
        help="only these checks: codes, names, code prefixes (P2S7), families (language), ALL",
    )
    command.add_argument("--ignore", metavar="X,...", help="not these checks (as --select)")
    command.add_argument(
        "--sarif", metavar="FILE", help="also write the report as SARIF 2.1.0 to FILE"
    )
    command.add_argument(
        "--summary",
        metavar="FILE",
        help="append a Markdown table per locale to FILE (in a GitHub Action: "
        "$GITHUB_STEP_SUMMARY)",
    )
    command.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 whatever the findings (2 still for usage errors and unreadable files)",
    )
    command.add_argument(
        "--statistics",
        action="store_true",
        help="with --format text: how many findings of each check, instead of the findings",
    )
    command.add_argument("--baseline", metavar="FILE", help="leave out the findings it lists")
    command.add_argument(
        "--config",
        metavar="FILE",
        help="the configuration to read (default: .p2skb.toml or pyproject.toml's "
        "[tool.p2skb], from this folder upwards)",
    )
    command.add_argument("--isolated", action="store_true", help="read no configuration")
    command.add_argument(
        "--write-baseline", metavar="FILE", help="write the current findings as a baseline"
    )
    command.add_argument("--locale", help="the locale of the files checked (default: from each)")
    add_reading_options(command)


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


def _add_drift_inputs(command: argparse.ArgumentParser) -> None:
    """What ``drift`` (and ``report``) read: the articles, the roots, the history; options."""
    command.add_argument("paths", nargs="*", metavar="SOURCE TRANSLATION... | FOLDER")
    add_tree_options(command)
    command.add_argument(
        "--source-locale", help="the source file's name in article folders (default: en-us)"
    )
    command.add_argument(
        "--source-repo",
        metavar="DIR",
        help="the git repository holding the sources: each translation is compared with the "
        "source revision it was made from (its ms.sourcegitcommit, ms.openlocfilehash, or "
        "ms.date), and what the source changed since is reported apart",
    )
    command.add_argument(
        "--changed-since",
        metavar="REF",
        help="with the roots: only the articles git says changed since REF (a changed "
        "source checks its translation)",
    )
    command.add_argument(
        "--base",
        metavar="FILE",
        help="the source revision the one TRANSLATION was made from (instead of --source-repo)",
    )
    _add_report_options(command)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``drift``, ``report``, ``lint`` and the ``checks`` catalogue to the command line."""
    drift = commands.add_parser(
        "drift",
        help="check translations against their source",
        description="Compare each TRANSLATION with SOURCE and report the drift. Instead of "
        "files, give article folders (each holding <locale>.md files; the source is "
        "--source-locale) or --source-root and --translation-root (parallel trees with the "
        "same relative paths).",
    )
    _add_drift_inputs(drift)
    drift.set_defaults(handler=_drift_command)

    report = commands.add_parser(
        "report",
        help="write the drift as a static HTML site (a matrix of articles by locales)",
        description="Run drift as `p2skb drift` does, with its inputs and options (it fails "
        "as drift does; --format lists the findings too, none by default), and write a static "
        "HTML site to --output: an overview matrix of articles by locales and a page per "
        "translation, side by side with its source. It needs no server and no network.",
    )
    _add_drift_inputs(report)
    report.add_argument("--output", "-o", metavar="DIR", required=True, help="the site's folder")
    report.set_defaults(handler=_report_command, format=None)

    lint_parser = commands.add_parser(
        "lint",
        help="run the single-article checks",
        description="Check each FILE on its own (malformed tables, broken emphasis, anchors).",
    )
    lint_parser.add_argument("files", nargs="+", metavar="PATH", help="files, or folders of *.md")
    _add_report_options(lint_parser)
    lint_parser.set_defaults(handler=_lint_command)

    catalogue = commands.add_parser("checks", help="list the checks: code, name, severity, title")
    catalogue.add_argument("--format", choices=("text", "json"), default="text")
    catalogue.set_defaults(handler=_checks_command)
