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
from p2skb.errors import P2SKBError, UsageError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main"]


def _build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="p2skb",
        description="Localized Microsoft Docs articles: parse, align and check translation drift.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for module in (articles, reports, knowledge):
        module.add_commands(commands)
    return parser, dict(commands.choices)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser, commands = _build_parser()
    arguments = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = arguments.handler
    try:
        return handler(arguments, out if out is not None else sys.stdout)
    except UsageError as error:  # about the arguments: as argparse says its own, with usage
        command = commands.get(arguments.command)
        if error.path is not None or command is None:  # about a file: one line naming it
            print(f"p2skb: {error}", file=sys.stderr)
            return EXIT_USAGE
        sys.stderr.write(command.format_usage())
        print(f"p2skb {arguments.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except P2SKBError as error:
        print(f"p2skb: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `p2skb parse ... | head` closes the pipe early: not an error
        sys.stderr.close()
        return EXIT_OK
