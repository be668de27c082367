"""``p2skb kb build`` and ``p2skb kb search``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from p2skb import kb
from p2skb.batch import Failure, Progress
from p2skb.cli.common import (
    EXIT_OK,
    add_job_options,
    add_tree_options,
    executor_for,
    positive,
    report_failures,
    trees_given,
)
from p2skb.errors import UsageError, display_path
from p2skb.files import writable_target
from p2skb.wording import counted

__all__ = ["add_commands"]


def _kb_build_command(arguments: argparse.Namespace, out: TextIO) -> int:
    output = Path(arguments.output)
    writable_target(output)
    if trees_given(arguments) == bool(arguments.paths):
        raise UsageError("give article folders, or --source-root and --translation-root")
    trees = {
        "source_root": arguments.source_root,
        "translation_roots": arguments.translation_root or (),
    }
    if output.suffix == ".jsonl":
        result = kb.write_jsonl(
            arguments.paths, output, source_locale=arguments.source_locale, **trees
        )
        out.write(f"{result.entries} entries written to {display_path(output)}\n")
    elif output.suffix in {".sqlite", ".db", ".sqlite3"}:
        progress = Progress(None, label="articles", quiet=arguments.quiet)
        try:
            with executor_for(arguments.jobs, arguments.scheduler) as executor:
                result = kb.build(
                    arguments.paths,
                    output,
                    source_locale=arguments.source_locale,
                    force=arguments.force,
                    executor=executor,  # None for one job: built here
                    progress=progress.advance,
                    **trees,
                )
        finally:
            progress.close()
        out.write(
            f"{display_path(output)}: {counted(result.built, 'article')} built, "
            f"{result.kept} unchanged, {result.removed} removed\n"
        )
    else:
        raise UsageError("the output must end in .sqlite or .jsonl", path=str(output))
    return report_failures([Failure(line) for line in result.failures]) or EXIT_OK


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
        out.write(
            f"{hit.entry.folder}: {hit.entry.key} ({hit.entry.kind}, matched by {hit.matched})\n"
        )
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


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kb build`` and ``kb search`` to the ``p2skb`` command line."""
    kb_parser = commands.add_parser("kb", help="build and search a localized knowledge base")
    kb_commands = kb_parser.add_subparsers(dest="kb_command", required=True, metavar="COMMAND")
    kb_build = kb_commands.add_parser(
        "build",
        help="build or update a knowledge base from article folders or parallel trees",
        description="Build OUT (.sqlite: SQLite with full-text search; .jsonl: JSON Lines) "
        "from article folders holding <locale>.md files (any other file is an article of its "
        "own), or from parallel trees (--source-root and --translation-root, repeatable). "
        "Unchanged articles are not read again.",
    )
    kb_build.add_argument("paths", nargs="*", metavar="PATH")
    add_tree_options(kb_build)
    kb_build.add_argument("-o", "--output", required=True, metavar="OUT")
    kb_build.add_argument("--source-locale", default="en-us", help="the source in each folder")
    kb_build.add_argument(
        "--force",
        action="store_true",
        help="replace OUT even when it is not a p2skb knowledge base",
    )
    add_job_options(kb_build)
    kb_build.set_defaults(handler=_kb_build_command)
    kb_search = kb_commands.add_parser("search", help="search a knowledge base")
    kb_search.add_argument("query", metavar="QUERY")
    kb_search.add_argument("--kb", default="kb.sqlite", metavar="FILE")
    kb_search.add_argument("--locale", help="search this locale's text first")
    kb_search.add_argument("--format", choices=("text", "json"), default="text")
    kb_search.add_argument("--limit", type=positive, default=10, metavar="N")
    kb_search.set_defaults(handler=_kb_search_command)
