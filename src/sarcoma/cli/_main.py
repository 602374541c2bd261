"""The `sarcoma` command line.

Each topic registers its own commands from a private module (``_staging.py`` and so on), so
topics do not edit each other's code. Exit codes: 0 success, 2 bad input (one-line message on
stderr, no traceback).
"""

from __future__ import annotations

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


def main() -> None:
    """Run the CLI."""
    app()
