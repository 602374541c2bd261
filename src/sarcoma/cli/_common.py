"""Shared CLI plumbing: consoles, the error exit, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console

from ..errors import RuleTableDefect, StagingError

__all__ = ["console", "err_console", "fail", "user_errors", "run_errors", "print_json", "EXIT_BAD_INPUT"]

EXIT_BAD_INPUT = 2
"""Exit code for bad input: a one-line message on stderr, no traceback."""

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Print a one-line error to stderr and exit with code 2."""
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True, markup=True, highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`StagingError` into a one-line message and exit code 2.

    A :class:`RuleTableDefect` (our bug, not bad input) is one line ``internal error: ...`` and exit code 1.
    """
    try:
        yield
    except StagingError as exc:
        fail(exc.message.replace("[", r"\["))
    except RuleTableDefect as exc:
        message = f"{exc.message} (a defect in our staging tables; please report it)".replace("[", "\\[")
        err_console.print(f"[bold red]internal error:[/] {message}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None


@contextmanager
def run_errors(memory_limit: str = "") -> Iterator[None]:
    """Turn a batch run that failed after it started (no output left) into one line and exit code 1."""
    from ..batch import BatchRunError, run_failures

    try:
        with run_failures(memory_limit):
            yield
    except BatchRunError as exc:
        err_console.print(f"[bold red]error:[/] {exc.message.replace('[', chr(92) + '[')}", soft_wrap=True)
        raise typer.Exit(1) from None


def print_json(data: Any) -> None:
    """Print JSON to stdout (plain, no colour, so it pipes cleanly)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
