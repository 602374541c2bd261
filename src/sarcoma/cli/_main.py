"""The `sarcoma` command line.

Each topic registers its own commands from a private module (``_staging.py`` and so on), so
topics do not edit each other's code. Exit codes: 0 success, 2 bad input (one-line message on
stderr, no traceback).
"""

from __future__ import annotations

import copy
import gc
import sys
from collections.abc import Sequence

import typer

from .. import __version__
from . import _batch, _fhir, _kb, _prognosis, _staging, _web

__all__ = ["app", "main"]

app = typer.Typer(
    name="sarcoma",
    help="Sarcoma Navigator: AJCC 8th-edition soft tissue sarcoma staging, explained. Not medical advice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("version")
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


_staging.register(app)
_batch.register(app)
_fhir.register(app)
_kb.register(app)
_prognosis.register(app)
_web.register(app)


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app to run for these arguments: for ``sarcoma <command> ...`` a copy holding only that command.

    Typer builds the options of every command on each start (about 10 ms for all of them); a run needs only
    the one it runs. The copy is still a group (``version`` stays), so usage lines, help, errors and exit codes
    are those of the full app. Anything else (no arguments, ``--help``, a sub-app such as ``kb``, an unknown
    name) gets the full app.
    """
    if not args:
        return app
    wanted = [info for info in app.registered_commands if info.name == args[0] and info.name != "version"]
    if not wanted:
        return app
    lean = copy.copy(app)
    lean.registered_commands = [*wanted, *(info for info in app.registered_commands if info.name == "version")]
    lean.registered_groups = []
    return lean


def main() -> None:
    """Run the CLI.

    When the command is done, every object left is frozen out of the garbage collector (:func:`gc.freeze`):
    the interpreter's collections at exit then skip them instead of walking every model, table and module
    once more (about 30 ms of a `sarcoma stage` start, measured). Nothing is lost: at-exit handlers still run
    and objects are still released as the modules are torn down; only objects in reference cycles (which
    Python does not promise to finalize at exit) are left to the operating system. Not after a command that
    loaded DuckDB (``batch``, ``sql``): its objects in cycles would then outlive DuckDB's own teardown, which
    reports them as leaked on stderr.
    """
    try:
        app_for(sys.argv[1:])()
    finally:
        if "duckdb" not in sys.modules:
            gc.freeze()
