"""Run the compiled staging SQL on each backend and return the output columns in input order."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv

from sarcoma.batch import OUTPUT_COLUMNS, staging_sql
from sarcoma.batch._duckdb import connect

KEY = "_row"


def with_key(table: pa.Table) -> pa.Table:
    """Add a row-number key (Spark and PostgreSQL do not keep row order)."""
    return table.append_column(KEY, pa.array(range(table.num_rows), pa.int64()))


def duckdb_outputs(table: pa.Table) -> pa.Table:
    """DuckDB returns a parallel query's rows in any order, so the rows are keyed and sorted."""
    con = connect()
    con.register("src", with_key(table))
    sql = staging_sql("duckdb", "src", columns=[*table.column_names, KEY], keep=[KEY])
    out = con.sql(f"SELECT * FROM ({sql}) AS s ORDER BY {KEY}").to_arrow_table()
    con.close()
    return out.select(list(OUTPUT_COLUMNS))


def postgres_outputs(url: str, table: pa.Table) -> pa.Table:
    import psycopg

    keyed = with_key(table)
    text = pa.table({c: keyed[c].cast(pa.string()) for c in keyed.column_names})
    buffer = io.BytesIO()
    pa_csv.write_csv(text, buffer, pa_csv.WriteOptions(include_header=False, quoting_style="all_valid"))
    cols = ", ".join(f'"{c}"' for c in text.column_names)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP TABLE IF EXISTS sarcoma_diff")
        typed = ", ".join(f'"{c}" text' for c in text.column_names)
        con.execute(f"CREATE UNLOGGED TABLE sarcoma_diff ({typed})")
        with con.cursor().copy(f"COPY sarcoma_diff ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(buffer.getvalue())
        sql = staging_sql("postgres", "sarcoma_diff", columns=text.column_names, keep=[KEY])
        rows = con.execute(f"SELECT * FROM ({sql}) AS s ORDER BY CAST({KEY} AS BIGINT)").fetchall()
        con.execute("DROP TABLE sarcoma_diff")
    return pa.table({c: pa.array([r[i + 1] for r in rows], pa.string()) for i, c in enumerate(OUTPUT_COLUMNS)})


def spark_outputs(spark: Any, table: pa.Table, folder: Path) -> pa.Table:
    import pyarrow.parquet as pq

    import sarcoma.spark

    path = folder / "spark-input.parquet"
    pq.write_table(with_key(table), path)
    frame = spark.read.parquet(str(path))
    staged = sarcoma.spark.stage(frame).select(KEY, *OUTPUT_COLUMNS).orderBy(KEY)
    rows = staged.collect()
    return pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in OUTPUT_COLUMNS})


def first_difference(got: pa.Table, want: pa.Table, inputs: pa.Table) -> str | None:
    """Describe the first row where ``got`` and ``want`` differ, or ``None``."""
    if got.num_rows != want.num_rows:
        return f"{got.num_rows} rows out for {want.num_rows} in"
    for c in OUTPUT_COLUMNS:
        a, b = got[c].to_pylist(), want[c].to_pylist()
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return f"row {i} column {c}: got {x!r}, want {y!r}; input {inputs.slice(i, 1).to_pylist()[0]}"
    return None
