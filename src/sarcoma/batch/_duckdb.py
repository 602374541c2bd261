"""The vectorized engine: the compiled staging SQL run by embedded DuckDB, streamed batch by batch.

Every format is read as Arrow batches (CSV by pyarrow's C++ parser when the file is well formed,
:mod:`._fastcsv`; otherwise by the streaming readers in :mod:`._formats`); about a million rows at a
time are staged in DuckDB (:mod:`._factor`) and put back in input order, and each staged chunk is
written (CSV by Arrow kernels, Parquet by pyarrow) while the next chunk is staged (:mod:`._write`).
Memory stays flat however large the file is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InvalidInput
from ._codes import CODES_COLUMN, codes_array
from ._factor import stage_factorized
from ._fastcsv import Fallback, open_fast_csv
from ._formats import Source, check_columns, detect_format, open_input
from ._naaccr import NAACCR_ERROR_COLUMN, is_naaccr, naaccr_source_sql
from ._reading import check_rows
from ._sql import OUTPUT_COLUMNS, ROW_ERROR_COLUMN
from ._summary import Summary
from ._validate import INPUT_COLUMNS
from ._write import output_columns, write_chunks

__all__ = ["ROW_NUMBER", "connect", "output_schema", "stage_file"]

Progress = Callable[[int], None]
ROW_NUMBER = "_sarcoma_row_number"
TEXT = pa.dictionary(pa.int32(), pa.string())
"""The type of the output columns: a few thousand distinct values per chunk, each row an index into them."""
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


XML_CHUNK_ROWS = 131_072
"""Rows per chunk for NAACCR XML: its reader parses some 10,000 tumors a second, so small chunks cost
nothing and keep peak memory the same for a 50 MB and a 400 MB file (benchmarks/naaccr_xml_memory.py)."""


def _chunks(source: Source) -> Iterator[pa.Table]:
    """Group the source's batches into tables of about CHUNK_ROWS rows (XML_CHUNK_ROWS for XML), in order."""
    pending: list[pa.RecordBatch] = []
    rows, limit = 0, XML_CHUNK_ROWS if source.kind == "naaccr-xml" else CHUNK_ROWS
    for batch in source.batches():
        pending.append(batch)
        rows += batch.num_rows
        if rows >= limit:
            yield pa.Table.from_batches(pending, schema=source.arrow_schema)
            pending, rows = [], 0
    if pending:
        yield pa.Table.from_batches(pending, schema=source.arrow_schema)


def _inputs_sql(source: Source, from_sql: str) -> tuple[str | None, str | None]:
    """For the factorized engine: a query for a chunk's batch inputs (None: the chunk) and its row-error column."""
    if is_naaccr(source.columns):
        mapped, columns = naaccr_source_sql("duckdb", from_sql, [*source.columns, ROW_NUMBER], source.row_error)
        keep = [c for c in columns if c in INPUT_COLUMNS] + [NAACCR_ERROR_COLUMN]
        return f"SELECT {', '.join(keep)} FROM {mapped} ORDER BY {ROW_NUMBER}", NAACCR_ERROR_COLUMN
    check_columns(source.columns, source.path)
    return None, ROW_ERROR_COLUMN if source.row_error else None


def _joined(raw: pa.Table, result: pa.Table) -> pa.Table:
    """The input chunk with the output columns and ``message_codes``, in input order (DuckDB may return
    them out of order)."""
    if ROW_NUMBER in result.column_names:
        rows = result[ROW_NUMBER]
        if result.num_rows > 1 and not pc.all(pc.greater(rows.slice(1), rows.slice(0, result.num_rows - 1))).as_py():
            result = result.take(pc.sort_indices(rows))
    table = raw.drop_columns([c for c in raw.column_names if c == ROW_ERROR_COLUMN])
    if CODES_COLUMN not in result.column_names:
        result = result.append_column(CODES_COLUMN, codes_array(result["messages"]))
    for column in [*OUTPUT_COLUMNS, CODES_COLUMN]:
        values = result[column]
        if not pa.types.is_dictionary(values.type):
            values = pc.dictionary_encode(values.cast(pa.string()))
        table = table.append_column(column, values.cast(TEXT))
    return table


def _open(path: Path, kind: str | None, schema: Sequence[str] | None = None) -> Source:
    """The source for ``path``: the fast C++ CSV reader when it applies, else the streaming readers."""
    source = open_input(path, kind, schema=schema)
    if source.kind == "csv":
        try:
            return open_fast_csv(path)
        except Fallback:
            return source
    return source


def _staged(
    source: Source,
    con: Any,
    columns: list[str],
    progress: Progress | None,
    summary: Summary | None,
    edition: str | None = None,
) -> Iterator[pa.Table]:
    """The staged chunks of ``source``: pass-through and output ``columns``, in input order (``edition``: the
    edition of rows whose edition column is blank)."""
    inputs_sql, row_error = _inputs_sql(source, "_sarcoma_chunk")
    for raw in _chunks(source):
        if inputs_sql is None:
            result = stage_factorized(con, raw, row_error, edition)
        else:
            con.register("_sarcoma_chunk", raw.append_column(ROW_NUMBER, pa.array(np.arange(raw.num_rows))))
            result = stage_factorized(con, con.sql(inputs_sql).to_arrow_table(), row_error, edition)
            con.unregister("_sarcoma_chunk")
        table = _joined(raw, result)
        yield table.select(columns)
        # Counted after the chunk is handed on: on the staging thread, while the writer writes it.
        if summary is not None:
            summary.add(table)
        if progress is not None:
            progress(raw.num_rows)


def output_schema(source: Source, added: Sequence[str]) -> pa.Schema:
    """The output schema: the source's columns (without the reader error column), then ``added`` as text."""
    fields = [f for f in source.arrow_schema if f.name != ROW_ERROR_COLUMN]
    return pa.schema([*fields, *(pa.field(c, TEXT) for c in added)])


def stage_file(
    path: Path,
    out: Path,
    progress: Progress | None = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    memory_limit: str = "2GB",
    threads: int | None = None,
    messages: str = "both",
    summary: Summary | None = None,
    excel_safe: bool = True,
    schema: Sequence[str] | None = None,
    edition: str | None = None,
) -> int:
    """Stage every row of ``path`` into ``out`` with the vectorized engine; return the row count.

    ``edition``: the staging edition of rows whose ``edition`` column is blank (default: AJCC 8).

    Each distinct input is staged once (:mod:`._factor`); the same plan on every row (as ``sarcoma
    sql`` prints it) is what PostgreSQL and Spark run, and ``benchmarks/batch_engines.py`` runs it in
    DuckDB and Polars for comparison.
    ``messages``: ``both`` (``message_codes`` and ``messages``), ``codes`` or ``text``. ``summary``,
    if given, is filled with the run's counts and codes (:class:`._summary.Summary`). ``schema``:
    the NDJSON columns to read (default: every key of the file). ``excel_safe``: neutralise CSV cells
    that could start a spreadsheet formula (:mod:`._output`).

    The file is refused (``InvalidInput``) before any work when it is missing, unreadable, of an
    unknown type or lacks a required column; after that a bad value is an error on its row only.
    """
    added = output_columns(messages)
    out_kind = detect_format(out, output_format)
    if out_kind == "naaccr-flat":
        raise InvalidInput(f"{out.name}: write the output as .csv, .parquet, .ndjson or NAACCR .xml")
    source = _open(path, input_format, schema)
    con = connect(memory_limit, threads)
    pool = pa.default_memory_pool()
    pa.set_memory_pool(_run_pool())
    try:
        return _run(source, out, out_kind, con, added, progress, summary, memory_limit, excel_safe, edition)
    except Fallback:
        # The fast CSV reader met a line it does not read as the Python reader does: start again with that one.
        if summary is not None:
            summary.reset()
        source = open_input(path, "csv")
        return _run(source, out, out_kind, con, added, progress, summary, memory_limit, excel_safe, edition)
    finally:
        con.close()
        pa.set_memory_pool(pool)


def _run_pool() -> Any:
    """The Arrow memory pool of a run: jemalloc, else the C library's allocator.

    pyarrow's default (mimalloc) gives freed pages back to the system and faults them in again, chunk
    after chunk (1M rows CSV -> CSV: 1.0 s of system time against 0.5 s); the C library's allocator
    keeps them but fragments (10M rows: peak RSS 1.1-1.3 GB against 0.95 GB); jemalloc does neither
    (0.93 GB). See benchmarks/batch.md.
    """
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        return pa.system_memory_pool()


def _run(
    source: Source,
    out: Path,
    out_kind: str,
    con: Any,
    added: Sequence[str],
    progress: Progress | None,
    summary: Summary | None,
    memory_limit: str,
    excel_safe: bool,
    edition: str | None = None,
) -> int:
    schema = output_schema(source, added)
    count = 0

    def counted() -> Iterator[pa.Table]:
        nonlocal count
        for table in _staged(source, con, list(schema.names), progress, summary, edition):
            count += table.num_rows
            yield table.cast(schema)
        # Checked before the writer finishes, so a failed check leaves no output file.
        check_rows(source.path, count, source.tally)

    # The writer gets one DuckDB thread: the staging thread has the other core, and a parallel CSV writer
    # that must keep row order buffers chunks (2 cores, 1M rows: 3.2-3.6 s and 0.7 GB against 3.8-4.2 s
    # and 1.2 GB; see benchmarks/batch.md).
    writer = lambda: connect(memory_limit, threads=1)  # noqa: E731
    write_chunks(counted(), schema, out, out_kind, writer, source=source, excel_safe=excel_safe)
    return count
