"""The ``p2skb`` command line: a thin layer over the facade.

Exit codes: 0 clean (below ``--fail-on``), 1 findings at or above it, 2 usage
errors or unreadable input (one line on stderr naming the file and line, no
traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from p2skb._version import __version__
from p2skb.cli import articles, knowledge, reports
from p2skb.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from p2skb.errors import P2SKBError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main"]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="p2skb",
        description="Localized Microsoft Docs articles: parse, align and check translation drift.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for module in (articles, reports, knowledge):
        module.add_commands(commands)
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
