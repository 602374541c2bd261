"""Benchmark-only batch engines: the compiled staging plan run on every row, by DuckDB or by Polars' SQL.

No ``sarcoma`` command runs these: ``sarcoma batch`` uses the factorized DuckDB engine
(``sarcoma.batch.stage_file``), PostgreSQL and Spark run the same every-row query that ``sarcoma sql``
prints, and the per-row reference is ``stage_file_rowwise``. They are kept here to compare the
factorized engine with the plain every-row plan on the same reader, chunks and writer
(``benchmarks/batch.py --engines``; results in ``benchmarks/batch.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from sarcoma.batch._duckdb import ROW_NUMBER, _chunks, _joined, connect, output_schema
from sarcoma.batch._formats import Source, check_columns, detect_format, open_input
from sarcoma.batch._naaccr import NAACCR_ERROR_COLUMN, is_naaccr, naaccr_source_sql
from sarcoma.batch._sql import ROW_ERROR_COLUMN, staging_sql
from sarcoma.batch._write import output_columns, write_chunks

ENGINES = ("duckdb-rows", "polars")


def plan_sql(source: Source, from_sql: str, dialect: str = "duckdb") -> str:
    """The portable query for one chunk: NAACCR mapping if needed, then staging; returns the row number and outputs."""
    columns, error = [*source.columns, ROW_NUMBER], ROW_ERROR_COLUMN if source.row_error else None
    if is_naaccr(source.columns):
        from_sql, columns = naaccr_source_sql(dialect, from_sql, columns, source.row_error)
        error = NAACCR_ERROR_COLUMN
    else:
        check_columns(source.columns, source.path)
    return staging_sql(dialect, from_sql, columns=columns, keep=[ROW_NUMBER], row_error=error)


def _polars(sql: str, chunk: pa.Table) -> pa.Table:
    import polars as pl

    frame = pl.from_arrow(chunk)
    assert isinstance(frame, pl.DataFrame)
    return pl.SQLContext(_sarcoma_chunk=frame).execute(sql).collect().to_arrow()


def stage_file_every_row(path: Path, out: Path, engine: str = "duckdb-rows", messages: str = "both") -> int:
    """Stage ``path`` into ``out`` with the plan on every row (``duckdb-rows`` or ``polars``); return the rows."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    source = open_input(path)
    added = output_columns(messages)
    schema = output_schema(source, added)
    con: Any = connect()
    sql = plan_sql(source, "_sarcoma_chunk", "polars" if engine == "polars" else "duckdb")
    sql = f"SELECT * FROM ({sql}) AS _staged_chunk ORDER BY {ROW_NUMBER}"
    count = 0

    def staged() -> Iterator[pa.Table]:
        nonlocal count
        for raw in _chunks(source):
            chunk = raw.append_column(ROW_NUMBER, pa.array(np.arange(raw.num_rows)))
            if engine == "polars":
                result = _polars(sql, chunk)
            else:
                con.register("_sarcoma_chunk", chunk)
                result = con.sql(sql).to_arrow_table()
                con.unregister("_sarcoma_chunk")
            count += raw.num_rows
            yield _joined(raw, result).select(schema.names).cast(schema)

    try:
        write_chunks(staged(), schema, out, detect_format(out, None), lambda: connect(threads=1), source=source)
    finally:
        con.close()
    return count
