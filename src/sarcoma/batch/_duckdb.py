"""The vectorized engine: the compiled staging SQL run by embedded DuckDB, streamed batch by batch.

Every format is read by the streaming readers in :mod:`._formats` as Arrow batches; about a million
rows at a time are handed to DuckDB, which stages them in parallel and returns them in order (a
materialized result keeps insertion order; DuckDB's streaming result does not), and they are written
before the next chunk is read. Memory stays flat however large the file is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._factor import stage_factorized
from ._formats import Source, check_columns, open_input, open_output
from ._naaccr import NAACCR_ERROR_COLUMN, is_naaccr, naaccr_source_sql
from ._sql import OUTPUT_COLUMNS, ROW_ERROR_COLUMN, staging_sql
from ._validate import INPUT_COLUMNS

__all__ = ["connect", "plan_sql", "stage_file"]

Progress = Callable[[int], None]
ROW_NUMBER = "_sarcoma_row_number"
ENGINES = ("duckdb", "duckdb-rows", "polars")
CHUNK_ROWS = 1_048_576
"""Rows staged per DuckDB query. Chunks run one after another, so the output keeps the input order
and memory holds about one chunk in and one out."""


def connect(memory_limit: str = "2GB", threads: int | None = None) -> Any:
    """A DuckDB connection that keeps row order and caps its memory."""
    import duckdb

    config: dict[str, Any] = {
        "memory_limit": memory_limit,
        "preserve_insertion_order": True,
    }
    if threads:
        config["threads"] = threads
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    # The plan has some 60 IN lists; DuckDB would make each a join with its own pipeline, which costs
    # more to set up than the comparisons cost to run.
    con.execute("SET disabled_optimizers = 'in_clause'")
    return con


def _chunks(source: Source) -> Iterator[pa.Table]:
    """Group the source's batches into tables of about CHUNK_ROWS rows, in order."""
    pending: list[pa.RecordBatch] = []
    rows = 0
    for batch in source.batches():
        pending.append(batch)
        rows += batch.num_rows
        if rows >= CHUNK_ROWS:
            yield pa.Table.from_batches(pending, schema=source.arrow_schema)
            pending, rows = [], 0
    if pending:
        yield pa.Table.from_batches(pending, schema=source.arrow_schema)


def plan_sql(source: Source, from_sql: str, dialect: str = "duckdb") -> str:
    """The portable query for one chunk: NAACCR mapping if needed, then staging; returns the row number and outputs."""
    columns, error = [*source.columns, ROW_NUMBER], ROW_ERROR_COLUMN if source.row_error else None
    if is_naaccr(source.columns):
        from_sql, columns = naaccr_source_sql(dialect, from_sql, columns, source.row_error)
        error = NAACCR_ERROR_COLUMN
    else:
        check_columns(source.columns, source.path)
    return staging_sql(dialect, from_sql, columns=columns, keep=[ROW_NUMBER], row_error=error)


def _inputs_sql(source: Source, from_sql: str) -> tuple[str | None, str | None]:
    """For the factorized engine: a query for a chunk's batch inputs (None: the chunk) and its row-error column."""
    if is_naaccr(source.columns):
        mapped, columns = naaccr_source_sql("duckdb", from_sql, [*source.columns, ROW_NUMBER], source.row_error)
        keep = [c for c in columns if c in INPUT_COLUMNS] + [NAACCR_ERROR_COLUMN]
        return f"SELECT {', '.join(keep)} FROM {mapped} ORDER BY {ROW_NUMBER}", NAACCR_ERROR_COLUMN
    check_columns(source.columns, source.path)
    return None, ROW_ERROR_COLUMN if source.row_error else None


def _joined(raw: pa.Table, result: pa.Table) -> pa.Table:
    """The input chunk with the output columns, put back in input order (DuckDB may return them out of order)."""
    if ROW_NUMBER in result.column_names:
        rows = result[ROW_NUMBER]
        if result.num_rows > 1 and not pc.all(pc.greater(rows.slice(1), rows.slice(0, result.num_rows - 1))).as_py():
            result = result.take(pc.sort_indices(rows))
    table = raw.drop_columns([c for c in raw.column_names if c == ROW_ERROR_COLUMN])
    for column in OUTPUT_COLUMNS:
        table = table.append_column(column, result[column])
    return table


def _polars(sql: str, chunk: pa.Table) -> pa.Table:
    import polars as pl

    frame = pl.from_arrow(chunk)
    assert isinstance(frame, pl.DataFrame)
    return pl.SQLContext(_sarcoma_chunk=frame).execute(sql).collect().to_arrow()


def stage_file(
    path: Path,
    out: Path,
    progress: Progress | None = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    memory_limit: str = "2GB",
    threads: int | None = None,
    engine: str = "duckdb",
) -> int:
    """Stage every row of ``path`` into ``out`` with the vectorized engine; return the row count.

    ``engine``: ``duckdb`` (the default) stages each distinct input once (:mod:`._factor`);
    ``duckdb-rows`` runs the compiled plan on every row, and ``polars`` does so with Polars' SQL
    (both kept for the benchmark and the differential tests, see ``benchmarks/batch.md``).

    The file is refused (``InvalidInput``) before any work when it is missing, unreadable, of an
    unknown type or lacks a required column; after that a bad value is an error on its row only.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    source = open_input(path, input_format)
    con = connect(memory_limit, threads)
    inputs_sql, row_error = _inputs_sql(source, "_sarcoma_chunk")
    sql = "" if engine == "duckdb" else plan_sql(source, "_sarcoma_chunk", "polars" if engine == "polars" else "duckdb")
    if engine == "duckdb-rows":
        sql = f"SELECT * FROM ({sql}) AS _staged_chunk ORDER BY {ROW_NUMBER}"
    count = 0
    columns = [c for c in source.columns if c != ROW_ERROR_COLUMN] + list(OUTPUT_COLUMNS)
    with open_output(out, columns, kind=output_format) as sink:
        for raw in _chunks(source):
            numbered = engine != "duckdb" or inputs_sql is not None
            chunk = raw.append_column(ROW_NUMBER, pa.array(np.arange(raw.num_rows))) if numbered else raw
            if engine == "polars":
                result = _polars(sql, chunk)
            else:
                con.register("_sarcoma_chunk", chunk)
                if engine == "duckdb-rows":
                    result = con.sql(sql).to_arrow_table()
                else:
                    inputs = chunk if inputs_sql is None else con.sql(inputs_sql).to_arrow_table()
                    result = stage_factorized(con, inputs, row_error)
                con.unregister("_sarcoma_chunk")
            sink.write(_joined(raw, result))
            count += chunk.num_rows
            if progress is not None:
                progress(chunk.num_rows)
    con.close()
    return count
