"""``sarcoma.stage_table``: stage an in-memory table (pandas, Polars or Arrow) with the vectorized engine.

The table is handed to the engine as Arrow (zero-copy for Arrow and Polars; pandas is converted
column by column), staged a chunk at a time by DuckDB exactly as ``sarcoma batch`` stages a file
(:func:`._duckdb.stage_file`: same plan, same factorized engine, same NAACCR mapping), and the
output columns are appended to a copy of the caller's table, which keeps its own index and types.
No file is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa

from ..errors import InvalidInput
from ._formats import BATCH_ROWS, Source

__all__ = ["stage_table"]

T = TypeVar("T")


def _kind(table: Any) -> str:
    if isinstance(table, pa.Table):
        return "arrow"
    module = type(table).__module__.split(".")[0]
    if module in ("pandas", "polars") and type(table).__name__ == "DataFrame":
        return module
    raise InvalidInput(
        f"stage_table needs a pandas DataFrame, a Polars DataFrame or a pyarrow Table, not {type(table).__name__}"
    )


def _to_arrow(table: Any, kind: str) -> pa.Table:
    if kind == "arrow":
        return table
    if kind == "polars":
        return table.to_arrow()
    try:
        return pa.Table.from_pandas(table, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise InvalidInput(f"stage_table: a column cannot be read as one type ({exc})") from None


def _outputs(arrow: pa.Table, messages: str) -> pa.Table:
    """Only the output columns for every row of ``arrow``, in order, as plain text."""
    from ._duckdb import _staged, connect, output_schema
    from ._write import output_columns

    added = output_columns(messages)

    def batches() -> Iterator[pa.RecordBatch]:
        yield from arrow.to_batches(max_chunksize=BATCH_ROWS)

    source = Source(Path("table"), "table", list(arrow.column_names), arrow.schema, batches)
    con = connect()
    try:
        names = output_schema(source, added).names
        chunks = [t.select(list(added)) for t in _staged(source, con, names, None, None)]
    finally:
        con.close()
    schema = pa.schema([pa.field(c, pa.string()) for c in added])
    if not chunks:
        return schema.empty_table()
    return pa.concat_tables([c.cast(schema) for c in chunks])


def stage_table(table: T, *, messages: str = "both") -> T:
    """Stage every row of ``table`` and return the same kind of table with the output columns appended.

    ``table`` is a pandas DataFrame, a Polars DataFrame or a pyarrow Table with the batch input
    columns (``site`` and a size, T or extent column, as ``sarcoma batch`` reads them) or NAACCR item
    columns (``primarySite`` or ``400`` ...). The columns ``ajcc_t, ajcc_n, ajcc_m, ajcc_grade,
    ajcc_stage, status`` and, per ``messages`` (``both``, ``codes`` or ``text``), ``message_codes``
    and ``messages`` are appended, as text, one value per row, in order; every other column is kept
    as it was. The values equal those of ``sarcoma batch`` on the same rows.

    Raises :class:`sarcoma.InvalidInput` for a table that lacks a required column or already has an
    output column; a bad value is an error on its own row only.
    """
    kind = _kind(table)
    staged = _outputs(_to_arrow(table, kind), messages)
    if kind == "arrow":
        result = table
        for name in staged.column_names:
            result = result.append_column(name, staged[name])  # type: ignore[attr-defined]
        return result
    if kind == "polars":
        import polars as pl

        frame = pl.from_arrow(staged)
        assert isinstance(frame, pl.DataFrame)
        return table.hstack(frame)  # type: ignore[attr-defined, no-any-return]
    copy = table.copy()  # type: ignore[attr-defined]
    for name in staged.column_names:
        copy[name] = staged[name].to_numpy(zero_copy_only=False)
    return copy  # type: ignore[no-any-return]
