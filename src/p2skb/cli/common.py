"""What the commands share: exit codes, option types, reading files, running jobs."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TextIO, TypeVar, cast

import attrs

from p2skb.batch import (
    DriftJob,
    Failure,
    Progress,
    Reading,
    markdown_files,
    run,
)
from p2skb.errors import UsageError
from p2skb.parsing import DEFAULT_LIMITS, Limits

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_job_options",
    "add_reading_options",
    "add_tree_options",
    "article_paths",
    "colour_wanted",
    "executor_for",
    "positive",
    "reading",
    "report_failures",
    "selectors",
    "stream",
    "trees_given",
    "with_reading",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

T = TypeVar("T")
R = TypeVar("R")


def positive(value: str) -> int:
    """An argparse type: an integer of at least 1."""
    number = int(value)
    if number < 1:
        message = f"must be 1 or more, not {number}"
        raise argparse.ArgumentTypeError(message)
    return number


def selectors(value: str | None) -> list[str]:
    """The codes or names of a ``--select``/``--ignore`` value (comma-separated)."""
    return [part for part in (value or "").split(",") if part.strip()]


def article_paths(given: Sequence[str]) -> list[str | Failure]:
    """The files to read (and the entries refused under the folders given, in their place)."""
    return [found if isinstance(found, Failure) else str(found) for found in markdown_files(given)]


def with_reading(
    jobs: Iterable[DriftJob | Failure], arguments: argparse.Namespace
) -> list[DriftJob | Failure]:
    """The jobs, each reading its files as the options say (see :func:`reading`)."""
    return [
        job if isinstance(job, Failure) else attrs.evolve(job, reading=reading(arguments))
        for job in jobs
    ]


@contextlib.contextmanager
def executor_for(jobs: int, scheduler: str | None = None) -> Iterator[Executor | None]:
    """A process pool for ``--jobs`` above 1; with one job everything runs here.

    With ``scheduler`` (``--scheduler``), the jobs run on a Dask cluster's workers
    instead (``p2skb[dask]``): the workers read the files, so they need the same paths.
    """
    if scheduler is not None:
        try:  # the optional extra, untyped: used through Any
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise UsageError("--scheduler needs Dask: pip install 'p2skb[dask]'") from None
        try:
            client = distributed.Client(scheduler, timeout="30s")
        except OSError as error:
            raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {error}") from None
        with client:
            yield client.get_executor()
        return
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fresh_processes()) as pool:
        yield pool


def _fresh_processes() -> multiprocessing.context.BaseContext:
    """Workers started from a fresh interpreter, not forked from this process.

    A forked worker starts with a copy of everything the main process holds by
    then — a corpus's listing, 100,000 paths — so its memory grew with the
    corpus; a fresh one holds only its jobs.  ``forkserver`` where the platform
    has it (Python 3.14's default on Linux), else ``spawn``.
    """
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def stream(
    function: Callable[[T], R | Failure],
    items: Iterable[T | Failure],
    arguments: argparse.Namespace,
    failures: list[Failure],
    label: str,
    *,
    total: int | None = None,
) -> Iterator[R]:
    """Run the jobs (in parallel with ``--jobs``), in input order, with progress on a terminal.

    ``items`` is read as the jobs run; ``total`` is how many there are (default:
    ``len(items)``).  Unreadable inputs are collected in ``failures``; every
    other job still runs.
    """
    if total is None:
        total = len(items) if isinstance(items, Sized) else 0
    progress = Progress(total, label=label, quiet=arguments.quiet)
    try:
        with executor_for(min(arguments.jobs, total), arguments.scheduler) as executor:
            for result in run(function, items, executor=executor):
                progress.advance()
                if isinstance(result, Failure):
                    failures.append(result)
                    if result.partial is not None:  # what the job made of the rest
                        progress.clear()
                        yield cast("R", result.partial)
                else:
                    progress.clear()  # the caller writes the result out
                    yield result
    finally:
        progress.close()


def colour_wanted(out: TextIO) -> bool:
    """Whether to colour the text written to ``out``.

    ``NO_COLOR`` says never, ``FORCE_COLOR`` always (either when set and not empty:
    https://no-color.org, https://force-color.org); else on a terminal.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(out.isatty())


def report_failures(failures: list[Failure]) -> int | None:
    """Print each input that could not be read; the exit code when there is one."""
    messages = [line for failure in failures for line in failure.message.splitlines()]
    for message in messages:
        print(f"p2skb: {message}", file=sys.stderr)
    if len(messages) > 1:
        print(f"p2skb: {len(messages)} inputs could not be read", file=sys.stderr)
    return EXIT_USAGE if failures else None


def reading(arguments: argparse.Namespace) -> Reading:
    """How files are read: the limits, and the include root when includes are resolved."""
    return Reading(Limits(max_bytes=arguments.max_bytes), arguments.include_root)


def add_reading_options(command: argparse.ArgumentParser) -> None:
    """``--max-bytes``, ``--include-root``, ``--jobs``, ``--scheduler``: how a command reads."""
    command.add_argument(
        "--max-bytes",
        type=positive,
        default=DEFAULT_LIMITS.max_bytes,
        metavar="N",
        help=f"refuse files larger than this (default: {DEFAULT_LIMITS.max_bytes})",
    )
    command.add_argument(
        "--include-root",
        metavar="DIR",
        help="resolve [!INCLUDE] targets, reading nothing outside DIR (~/ means DIR)",
    )
    add_job_options(command)


def add_tree_options(command: argparse.ArgumentParser) -> None:
    """``--source-root`` and ``--translation-root``: parallel trees of articles."""
    command.add_argument("--source-root", metavar="DIR", help="the tree of source articles")
    command.add_argument(
        "--translation-root",
        metavar="DIR",
        action="append",
        help="a tree of translations at the source's relative paths (repeatable: one per locale)",
    )


def trees_given(arguments: argparse.Namespace) -> bool:
    """Whether the articles are parallel trees (``--source-root`` and ``--translation-root``).

    Raises:
        UsageError: one is given without the other.

    """
    if bool(arguments.source_root) != bool(arguments.translation_root):
        raise UsageError("--source-root and --translation-root go together")
    return bool(arguments.source_root)


def add_job_options(command: argparse.ArgumentParser) -> None:
    """``--quiet``, ``--scheduler`` and ``--jobs``: how a command runs its jobs."""
    command.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress line (and for drift and lint, no summary line)",
    )
    command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the jobs on a Dask cluster (tcp://host:8786; needs p2skb[dask]) instead of "
        "--jobs processes",
    )
    command.add_argument(
        "--jobs",
        type=positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the CPU count; 1 runs in this process)",
    )
