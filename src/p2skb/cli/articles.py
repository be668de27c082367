"""The commands on articles: ``parse`` and ``align``."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import TextIO

from p2skb.alignment import align
from p2skb.batch import (
    Failure,
    parse_job,
)
from p2skb.cli.common import (
    EXIT_OK,
    add_reading_options,
    article_paths,
    reading,
    report_failures,
    stream,
)
from p2skb.export import to_json
from p2skb.model import Article
from p2skb.parsing import parse_file
from p2skb.tmx import to_tmx

__all__ = ["add_commands"]


def _parse_all(paths: Sequence[str], locale: str | None = None) -> list[Article]:
    return [parse_file(path, locale=locale) for path in paths]


def _parse_command(arguments: argparse.Namespace, out: TextIO) -> int:
    paths = article_paths(arguments.files)
    failures: list[Failure] = []
    one = len(paths) == 1 and arguments.format == "json"  # one object, indented
    job = functools.partial(
        parse_job, locale=arguments.locale, indent=2 if one else None, reading=reading(arguments)
    )
    documents = stream(job, paths, arguments, failures, "articles")
    if arguments.format == "jsonl" or one:
        out.writelines(document + "\n" for document in documents)
    else:  # a JSON array, written as the articles come
        out.write("[\n")
        out.writelines(
            ("," if index else "") + document + "\n" for index, document in enumerate(documents)
        )
        out.write("]\n")
    return report_failures(failures) or EXIT_OK


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


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``parse`` and ``align`` to the ``p2skb`` command line."""
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
    add_reading_options(parse)
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
