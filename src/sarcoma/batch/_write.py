"""Writing staged chunks: Arrow-made CSV, pyarrow's Parquet writer, DuckDB for typed CSV, streaming writers otherwise.

The staged chunks (Arrow tables, in input order) are produced on a background thread while the
previous one is written, so staging and writing use both cores.

- CSV of text columns (every CSV and NAACCR input; Parquet or NDJSON with text columns only):
  :mod:`._csvout` makes the bytes with Arrow kernels, once per distinct output line end.
- CSV with typed columns (numbers, dates from Parquet): each chunk is made plain text (blank as
  null, formula cells neutralised) and DuckDB's CSV writer formats and writes it.
- Parquet: pyarrow writes each chunk with the output columns dictionary-encoded, each dictionary
  cut to its distinct values.

No Python code runs per row; at most two chunks wait between staging and writing, so memory stays
flat.

The file is written under a hidden partial name in the output folder and renamed when complete
(:class:`._output.PartialFile`), so a failed run never leaves a half-written output under the
asked-for name.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InvalidInput
from ._codes import CODES_COLUMN
from ._csvout import all_text, write_csv
from ._formats import Source, open_output
from ._output import PartialFile, excel_safe_array, excel_safe_text, refuse_same_file
from ._sql import OUTPUT_COLUMNS

__all__ = ["MESSAGE_MODES", "output_columns", "write_chunks"]

MESSAGE_MODES = ("both", "codes", "text")
ROW_GROUP = 131_072
SLICE_ROWS = 65_536
"""Rows made plain text at a time for the CSV writer (one slice waits while one is written)."""
TEXT = pa.dictionary(pa.int32(), pa.string())
_STOP = object()
T = TypeVar("T")


def output_columns(messages: str) -> tuple[str, ...]:
    """The columns added to each row for ``--messages both|codes|text`` (codes before the long texts)."""
    if messages not in MESSAGE_MODES:
        raise InvalidInput(f"unknown --messages {messages!r}; use one of {', '.join(MESSAGE_MODES)}")
    base = OUTPUT_COLUMNS[:-1]
    return {
        "both": (*base, CODES_COLUMN, "messages"),
        "codes": (*base, CODES_COLUMN),
        "text": (*base, "messages"),
    }[messages]


def _background(chunks: Iterator[T], errors: list[BaseException], stop: threading.Event) -> Iterator[T]:
    """Run ``chunks`` on a thread, one chunk ahead, and yield them. A producer error is kept in ``errors``
    (the stream just ends, so that the caller re-raises it as it was).

    At most two chunks are alive: the one the caller works on and the next, being staged or waiting.
    The producer starts a third only when the caller is done with the first (a queue alone would let
    one wait in the queue while the next is staged: three chunks, about 290 MB more at 10M rows).
    """
    ready: queue.Queue[Any] = queue.Queue(maxsize=1)
    slots = threading.Semaphore(2)

    def work() -> None:
        try:
            while True:
                while not slots.acquire(timeout=0.1):
                    if stop.is_set():
                        return
                chunk = next(chunks, _STOP)
                if chunk is _STOP or stop.is_set():
                    return
                ready.put(chunk)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, re-raised there
            errors.append(exc)
        finally:
            ready.put(_STOP)

    thread = threading.Thread(target=work, name="sarcoma-stage", daemon=True)
    thread.start()
    try:
        while (chunk := ready.get()) is not _STOP:
            yield chunk
            del chunk
            slots.release()
    finally:
        stop.set()
        while thread.is_alive():
            try:
                ready.get(timeout=0.1)
            except queue.Empty:
                continue
        thread.join()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(f: pa.Field) -> bool:
    kind = f.type.value_type if pa.types.is_dictionary(f.type) else f.type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _lit(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _plain_text(column: pa.ChunkedArray, excel_safe: bool) -> pa.ChunkedArray:
    """A text column as DuckDB's CSV writer should get it: blank as null (written as an empty field, no
    quotes, as Python's csv module writes it), and with ``excel_safe`` a cell that could start a
    spreadsheet formula neutralised (:func:`._output.excel_safe_array`). A dictionary-encoded column
    stays encoded (only its distinct values are changed): it is made plain text a slice at a time by
    :func:`_csv_batches`, so the long message texts of a whole chunk are never in memory at once."""
    encoded = pa.types.is_dictionary(column.type)
    chunks = []
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            values = chunk.dictionary
            values = pc.if_else(pc.equal(values, ""), pa.nulls(len(values), values.type), values)
            if excel_safe:
                values = excel_safe_array(values)
            chunk = pa.DictionaryArray.from_arrays(chunk.indices, values.cast(pa.string()))
        else:
            chunk = pc.if_else(pc.equal(chunk, ""), pa.nulls(len(chunk), chunk.type), chunk)
            if excel_safe:
                chunk = excel_safe_array(chunk)
        chunks.append(chunk.cast(TEXT if encoded else pa.string()))
    return pa.chunked_array(chunks, TEXT if encoded else pa.string())


def _csv_batches(table: pa.Table, excel_safe: bool) -> Iterator[pa.RecordBatch]:
    """One staged chunk as plain-text record batches of at most ``SLICE_ROWS`` rows.

    Expanding the dictionary-encoded output columns (``messages`` repeats long sentences) makes a
    chunk several times larger; doing it per slice keeps that to one slice at a time, so memory does
    not grow with the chunks waiting between staging and writing (benchmarks/batch.md, peak memory).
    """
    text = [_text(f) for f in table.schema]
    prepared = pa.table(
        [_plain_text(c, excel_safe) if t else c for c, t in zip(table.columns, text, strict=True)],
        names=table.column_names,
    )
    schema = _csv_schema(table.schema, excel_safe)
    for batch in prepared.to_batches(max_chunksize=SLICE_ROWS):
        columns = [c.cast(pa.string()) if t else c for c, t in zip(batch.columns, text, strict=True)]
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def _csv_schema(schema: pa.Schema, excel_safe: bool) -> pa.Schema:
    """Text columns as plain strings; with ``excel_safe`` header names neutralised as the cells are."""
    fields = [pa.field(f.name, pa.string()) if _text(f) else f for f in schema]
    return pa.schema([f.with_name(excel_safe_text(f.name)) if excel_safe else f for f in fields])


def _copy_csv(chunks: Iterator[pa.Table], schema: pa.Schema, tmp: Path, excel_safe: bool, con: Any) -> None:
    """DuckDB writes the chunks (prepared on the staging thread) as CSV with its own parallel writer."""
    errors: list[BaseException] = []
    stop = threading.Event()
    ready = (batch for chunk in chunks for batch in _csv_batches(chunk, excel_safe))
    batches = _background(ready, errors, stop)
    stream = pa.RecordBatchReader.from_batches(_csv_schema(schema, excel_safe), batches)
    try:
        con.register("_sarcoma_out", stream)
        try:
            con.execute(f"COPY (SELECT * FROM _sarcoma_out) TO {_lit(tmp)} (FORMAT csv, HEADER true, DELIMITER ',')")
        except Exception:
            if errors:
                raise errors[0] from None
            raise
    finally:
        stop.set()
        con.close()
    if errors:
        raise errors[0]


def _write_csv(chunks: Iterator[pa.Table], schema: pa.Schema, tmp: Path, excel_safe: bool) -> None:
    """Text columns only: the chunks made CSV bytes with Arrow kernels (:mod:`._csvout`) while the next is staged."""
    errors: list[BaseException] = []
    stop = threading.Event()
    with tmp.open("wb") as f:
        write_csv(_background(chunks, errors, stop), list(schema.names), f, excel_safe)
    if errors:
        raise errors[0]


def _compact(table: pa.Table) -> pa.Table:
    """Each dictionary column re-encoded to its distinct values.

    A staged chunk's dictionaries have one entry per group (some 145,000 per million rows, 32 MB of
    ``messages``) but a few thousand distinct texts. Parquet writes a dictionary column's dictionary
    into every row group and falls back to plain text when it is over 1 MB; the distinct values fit,
    so each row group holds a small dictionary and the rows' indices (1M rows: 1.1 -> 0.5 s, the file
    101 -> 15 MB).
    """
    columns = []
    for column in table.columns:
        if pa.types.is_dictionary(column.type):
            parts = []
            for chunk in column.chunks:
                encoded = pc.dictionary_encode(chunk.dictionary)
                parts.append(pa.DictionaryArray.from_arrays(encoded.indices.take(chunk.indices), encoded.dictionary))
            column = pa.chunked_array(parts, column.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def _write_parquet(chunks: Iterator[pa.Table], schema: pa.Schema, tmp: Path) -> None:
    """pyarrow writes the chunks as Parquet while the next is staged; output columns stay dictionary-encoded."""
    import pyarrow.parquet as pq  # imported when used: it imports pyarrow.fs and ssl (60 ms of a CSV run)

    errors: list[BaseException] = []
    stop = threading.Event()
    with pq.ParquetWriter(tmp, schema) as writer:
        for chunk in _background(chunks, errors, stop):
            writer.write_table(_compact(chunk), row_group_size=ROW_GROUP)
    if errors:
        raise errors[0]


def write_chunks(
    chunks: Iterator[pa.Table],
    schema: pa.Schema,
    out: Path,
    kind: str,
    connect: Callable[[], Any],
    *,
    source: Source | None = None,
    excel_safe: bool = True,
) -> None:
    """Write staged chunks with ``schema`` to ``out`` as ``kind`` (csv, parquet, ndjson or naaccr-xml).

    ``source``: refuse an output that is the input file. The file appears only when complete: an error
    raised by ``chunks`` (a failed row-count check included) leaves no output.
    """
    if kind not in ("csv", "parquet", "naaccr-xml"):
        with open_output(out, schema.names, kind=kind, source=source, excel_safe=excel_safe) as sink:
            for chunk in chunks:
                sink.write(chunk)
        return
    if out.parent and not out.parent.exists():
        raise InvalidInput(f"{out}: the folder {out.parent} does not exist")
    if source is not None:
        refuse_same_file(source.path, out)
    partial = PartialFile(out)
    try:
        if kind == "naaccr-xml":
            from ._naaccr_out import write_naaccr_xml

            write_naaccr_xml(chunks, partial.path)
        else:
            if kind == "csv" and all_text(schema):
                _write_csv(chunks, schema, partial.path, excel_safe)
            elif kind == "csv":
                _copy_csv(chunks, schema, partial.path, excel_safe, connect())
            else:
                _write_parquet(chunks, schema, partial.path)
        partial.commit()
    finally:
        partial.discard()
