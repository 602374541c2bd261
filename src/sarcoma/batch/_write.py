"""Writing staged chunks: DuckDB ``COPY ... TO`` for CSV and Parquet, the streaming writers otherwise.

The staged chunks (Arrow tables, in input order) are produced on a background thread while DuckDB
writes the previous one: they reach DuckDB as one Arrow stream, which it scans in order
(``preserve_insertion_order``) and writes with its own CSV or Parquet writer, so no Python code
runs per row. At most two chunks wait between the two, so memory stays flat.

The file is written under a hidden partial name in the output folder and renamed when complete
(:class:`._output.PartialFile`), so a failed run never leaves a half-written output under the
asked-for name.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import InvalidInput
from ._codes import CODES_COLUMN
from ._formats import Source, open_output
from ._output import PartialFile, excel_safe_sql, refuse_same_file
from ._sql import OUTPUT_COLUMNS

__all__ = ["MESSAGE_MODES", "output_columns", "write_chunks"]

MESSAGE_MODES = ("both", "codes", "text")
_STOP = object()


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


def _background(chunks: Iterator[pa.Table], errors: list[BaseException], stop: threading.Event) -> Iterator[Any]:
    """Run ``chunks`` on a thread, one chunk ahead; yield its record batches. A producer error is kept in
    ``errors`` (the stream just ends, so that the caller re-raises it as it was)."""
    ready: queue.Queue[Any] = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        ready.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, re-raised there
            errors.append(exc)
        finally:
            ready.put(_STOP)

    thread = threading.Thread(target=work, name="sarcoma-stage", daemon=True)
    thread.start()
    try:
        while (chunk := ready.get()) is not _STOP:
            yield from chunk.to_batches()
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


def _select(schema: pa.Schema, kind: str, excel_safe: bool, outputs: Sequence[str]) -> str:
    """The SELECT list DuckDB writes: for CSV, blank text as an empty field (no quotes, as Python's csv
    module writes it) and, with ``excel_safe``, input text that could start a spreadsheet formula
    neutralised (:func:`._output.excel_safe_sql`; the output columns never start with such a character)."""
    if kind != "csv":
        return ", ".join(_ident(f.name) for f in schema)
    cols = []
    for f in schema:
        name = _ident(f.name)
        if not _text(f):
            cols.append(name)
            continue
        expr = f"NULLIF({name}, '')"
        if excel_safe and f.name not in outputs:
            expr = excel_safe_sql(expr)
        cols.append(f"{expr} AS {name}")
    return ", ".join(cols)


def _copy(chunks: Iterator[pa.Table], schema: pa.Schema, tmp: Path, kind: str, select: str, con: Any) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()
    stream = pa.RecordBatchReader.from_batches(schema, _background(chunks, errors, stop))
    options = "FORMAT csv, HEADER true, DELIMITER ','" if kind == "csv" else "FORMAT parquet"
    try:
        con.register("_sarcoma_out", stream)
        try:
            con.execute(f"COPY (SELECT {select} FROM _sarcoma_out) TO {_lit(tmp)} ({options})")
        except Exception:
            if errors:
                raise errors[0] from None
            raise
    finally:
        stop.set()
        con.close()
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

    ``source``: refuse an output that is the input file. The file appears only when complete.
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
            outputs = [c for c in schema.names if c in (*OUTPUT_COLUMNS, CODES_COLUMN)]
            _copy(chunks, schema, partial.path, kind, _select(schema, kind, excel_safe, outputs), connect())
        partial.commit()
    finally:
        partial.discard()
