"""The ``p2skb`` command line: a thin layer over the facade.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage errors or
unreadable input (one line on stderr naming the file and line, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from p2skb import __version__
from p2skb.errors import P2SKBError
from p2skb.export import to_json
from p2skb.parse import parse_file

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _parse_command(arguments: argparse.Namespace, out: TextIO) -> int:
    articles = [parse_file(path, locale=arguments.locale) for path in arguments.files]
    if arguments.format == "jsonl":
        out.writelines(to_json(article) + "\n" for article in articles)
    elif len(articles) == 1:
        out.write(to_json(articles[0], indent=2) + "\n")
    else:
        out.write("[\n" + ",\n".join(to_json(article, indent=2) for article in articles) + "\n]\n")
    return EXIT_OK


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
