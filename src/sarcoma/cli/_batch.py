"""`sarcoma sql`: print the staging rules compiled to SQL for DuckDB, PostgreSQL or Spark."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ._common import fail, user_errors

__all__ = ["SQL_DIALECTS", "register", "sql_command"]

SQL_DIALECTS = ("duckdb", "postgres", "spark")


def _split(text: str | None) -> list[str] | None:
    return None if text is None else [c.strip() for c in text.split(",") if c.strip()]


def sql_command(
    dialect: Annotated[str, typer.Option(help="SQL dialect: duckdb, postgres or spark.")] = "duckdb",
    table: Annotated[str, typer.Option(help="Table (or view) that holds the input rows.")] = "registry",
    view: Annotated[str | None, typer.Option(help="Wrap the query in CREATE OR REPLACE VIEW <name>.")] = None,
    columns: Annotated[
        str | None,
        typer.Option(help="Comma-separated columns the table has (default: every batch input column)."),
    ] = None,
    keep: Annotated[
        str | None,
        typer.Option(help="Comma-separated columns to pass through before the outputs (default: --columns)."),
    ] = None,
    naaccr: Annotated[
        bool, typer.Option("--naaccr", help="The table has NAACCR items (primarySite ...) instead of batch columns.")
    ] = False,
    edition: Annotated[
        str,
        typer.Option(help="Edition of rows whose edition column is blank: ajcc8 (default), uicc9, uicc8 or ajcc7."),
    ] = "ajcc8",
) -> None:
    """Print SQL that stages every row of a table: CASE expressions generated from the staging tables."""
    from ..batch import INPUT_COLUMNS, NAACCR_ERROR_COLUMN, XML_COLUMNS, get_dialect, naaccr_source_sql, staging_sql

    if dialect not in SQL_DIALECTS:
        fail(f"unknown dialect {dialect!r}; use one of {', '.join(SQL_DIALECTS)}")
    d = get_dialect(dialect)
    from ..staging import edition_label
    from ._editions import check_edition

    check_edition(edition)
    cols = _split(columns) or list(XML_COLUMNS if naaccr else INPUT_COLUMNS)
    kept = _split(keep)
    with user_errors():
        if naaccr:
            source, mapped = naaccr_source_sql(dialect, d.ident(table), cols, row_error=False)
            query = staging_sql(
                dialect, source, columns=mapped, keep=kept or cols, row_error=NAACCR_ERROR_COLUMN, edition=edition
            )
        else:
            query = staging_sql(dialect, d.ident(table), columns=cols, keep=kept, edition=edition)
    header = (
        f"-- Sarcoma Navigator: {edition_label(edition)}-edition soft tissue sarcoma staging compiled to "
        f"{dialect} SQL.\n"
        "-- Generated from the decision tables in sarcoma/data; outputs equal `sarcoma batch`. Not medical advice.\n"
    )
    if view:
        kind = "TEMPORARY VIEW" if dialect == "spark" else "VIEW"
        query = f"CREATE OR REPLACE {kind} {d.ident(view)} AS\n{query}"
    sys.stdout.write(header + query + ";\n")


def register(app: typer.Typer) -> None:
    """Add `sarcoma sql` to the CLI."""
    app.command("sql")(sql_command)
