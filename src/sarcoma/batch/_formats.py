"""File formats for batch staging: CSV, Parquet and NDJSON in; the same formats out.

Readers stream Arrow record batches of bounded size. CSV and NDJSON cells are read as text; a
malformed CSV row or JSON line is kept as a row whose ``_sarcoma_row_error`` column says what is
wrong, so that rows out always equal rows in. NAACCR XML is read by :mod:`._naaccr`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import InvalidInput
from ._sql import OUTPUT_COLUMNS, ROW_ERROR_COLUMN
from ._validate import message, to_text

__all__ = [
    "BATCH_ROWS",
    "FORMATS",
    "Source",
    "Sink",
    "detect_format",
    "open_input",
    "open_output",
    "check_columns",
    "csv_bytes",
]

BATCH_ROWS = 65_536
FORMATS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".xml": "naaccr-xml",
}
SCAN_LINES = 10_000
"""NDJSON: the columns are the keys seen in the first lines, in order of first appearance."""


def detect_format(path: Path, given: str | None = None) -> str:
    """The format of ``path``: ``given``, or by extension; refuse an unknown one."""
    if given:
        if given not in set(FORMATS.values()):
            raise InvalidInput(f"unknown format {given!r}; use one of {', '.join(sorted(set(FORMATS.values())))}")
        return given
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(f"{path.name}: unknown file type; use .csv, .parquet, .ndjson, .jsonl or .xml (NAACCR)")
    return kind


@dataclass
class Source:
    """An input file: its columns, Arrow schema and a batch stream (``row_error`` if it has that column)."""

    path: Path
    kind: str
    columns: list[str]
    arrow_schema: pa.Schema
    batches: Callable[[], Iterator[pa.RecordBatch]]

    @property
    def row_error(self) -> bool:
        """Whether the batches carry a reader error column."""
        return ROW_ERROR_COLUMN in self.arrow_schema.names


def check_columns(columns: Sequence[str], path: Path) -> None:
    """Refuse a file that lacks the site column or a T/size column, or already has output columns."""
    names = list(columns)
    if "site" not in names:
        raise InvalidInput(f"{path}: missing required column(s) site; found {', '.join(names) or 'no columns'}")
    clash = [c for c in OUTPUT_COLUMNS if c in names]
    if clash:
        raise InvalidInput(f"{path}: input already has output column(s) {', '.join(clash)}; rename or drop them")
    if not {"size_cm", "size_mm", "t", "extent"} & set(names):
        raise InvalidInput(f"{path}: needs a size_cm, size_mm, t or extent column")


def _text_batch(columns: Sequence[str], rows: list[list[str | None]], errors: list[str | None]) -> pa.RecordBatch:
    arrays = [pa.array([r[i] for r in rows], pa.string()) for i in range(len(columns))]
    arrays.append(pa.array(errors, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=[*columns, ROW_ERROR_COLUMN])


def _text_schema(columns: Sequence[str]) -> pa.Schema:
    return pa.schema([pa.field(c, pa.string()) for c in [*columns, ROW_ERROR_COLUMN]])


def _open_csv(path: Path) -> Source:
    with path.open(newline="", encoding="utf-8-sig") as f:
        try:
            header = next(csv.reader(f))
        except StopIteration:
            raise InvalidInput(f"{path}: the file is empty; it needs a header row") from None

    def batches() -> Iterator[pa.RecordBatch]:
        width = len(header)
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            next(reader)
            rows: list[list[str | None]] = []
            errors: list[str | None] = []
            for line in reader:
                if len(line) != width:
                    errors.append(message("malformed_csv", line=reader.line_num, expected=width, found=len(line)))
                    line = (line + [""] * width)[:width]
                else:
                    errors.append(None)
                rows.append(list(line))
                if len(rows) == BATCH_ROWS:
                    yield _text_batch(header, rows, errors)
                    rows, errors = [], []
            if rows:
                yield _text_batch(header, rows, errors)

    return Source(path, "csv", header, _text_schema(header), batches)


def _ndjson_columns(path: Path) -> list[str]:
    seen: dict[str, None] = {}
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= SCAN_LINES:
                break
            try:
                record = json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                seen.update(dict.fromkeys(record))
    return list(seen)


def _open_ndjson(path: Path) -> Source:
    columns = _ndjson_columns(path)

    def batches() -> Iterator[pa.RecordBatch]:
        rows: list[list[str | None]] = []
        errors: list[str | None] = []
        with path.open(encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                record: Any
                try:
                    record = json.loads(line)
                    problem = None if isinstance(record, dict) else "not a JSON object"
                except json.JSONDecodeError as exc:
                    record, problem = {}, exc.msg
                if problem is not None:
                    record = {}
                errors.append(None if problem is None else message("malformed_json", line=number, problem=problem))
                rows.append([to_text(record.get(c)) for c in columns])
                if len(rows) == BATCH_ROWS:
                    yield _text_batch(columns, rows, errors)
                    rows, errors = [], []
        if rows:
            yield _text_batch(columns, rows, errors)

    return Source(path, "ndjson", columns, _text_schema(columns), batches)


def _open_parquet(path: Path) -> Source:
    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InvalidInput(f"{path}: not a readable Parquet file ({exc})") from None
    schema = file.schema_arrow

    def batches() -> Iterator[pa.RecordBatch]:
        yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS)

    return Source(path, "parquet", list(schema.names), schema, batches)


def open_input(path: Path, kind: str | None = None) -> Source:
    """Open an input file, refusing a missing, empty or unreadable one before any work."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    kind = detect_format(path, kind)
    try:
        if kind == "csv":
            return _open_csv(path)
        if kind == "ndjson":
            return _open_ndjson(path)
        if kind == "naaccr-xml":
            from ._naaccr import open_naaccr_xml

            return open_naaccr_xml(path)
        return _open_parquet(path)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror or exc})") from None


_EMPTY = pa.scalar("", pa.large_string())


def _csv_field(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A column as CSV text with minimal quoting (as Python's csv.QUOTE_MINIMAL): only values holding a
    quote, comma or line break are quoted; nulls are empty."""
    text = pc.cast(column, pa.large_string())
    quote = pa.scalar('"', pa.large_string())
    quoted = pc.binary_join_element_wise(quote, pc.replace_substring(text, '"', '""'), quote, _EMPTY)
    needs = pc.match_substring_regex(text, '[",\r\n]')
    field = pc.if_else(pc.fill_null(needs, False), quoted, text)
    return pc.fill_null(field, _EMPTY)


def csv_bytes(table: pa.Table, header: bool) -> bytes:
    """The rows of ``table`` (and its header line if asked) as CSV with minimal quoting, ``\n`` line ends."""
    comma, newline = pa.scalar(",", pa.large_string()), pa.scalar("\n", pa.large_string())
    lines = pc.binary_join_element_wise(*[_csv_field(c) for c in table.columns], comma)
    body = pc.binary_join_element_wise(lines, newline, _EMPTY)
    chunks = [c for c in (body.chunks if isinstance(body, pa.ChunkedArray) else [body]) if len(c)]
    parts = [_csv_field(pa.array(table.column_names, pa.string())).to_pylist()] if header else []
    data = b"".join(_array_bytes(c) for c in chunks)
    return (",".join(parts[0]) + "\n").encode() + data if header else data


def _array_bytes(array: pa.Array) -> bytes:
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    return memoryview(array.buffers()[2])[int(offsets[0]) : int(offsets[-1])].tobytes()


class Sink:
    """Writes output batches: the input columns (without the reader error column), then the outputs."""

    def __init__(self, path: Path, kind: str, columns: Sequence[str]) -> None:
        self.path, self.kind, self.columns = path, kind, [c for c in columns if c != ROW_ERROR_COLUMN]
        self._parquet: pq.ParquetWriter | None = None
        self._csv: BinaryIO | None = None
        self._json: Any = None

    def __enter__(self) -> Sink:
        if self.kind == "ndjson":
            self._json = self.path.open("w", encoding="utf-8")
        return self

    def __exit__(self, *exc: object | TracebackType | None) -> None:
        for writer in (self._parquet, self._csv, self._json):
            if writer is not None:
                writer.close()

    def write(self, batch: pa.RecordBatch | pa.Table) -> None:
        """Write a batch that has every output column (extra columns are dropped)."""
        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        table = table.select(self.columns)
        if self.kind == "parquet":
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table)
        elif self.kind == "csv":
            header = self._csv is None
            if self._csv is None:
                self._csv = self.path.open("wb")
            self._csv.write(csv_bytes(table, header))
        else:
            for row in table.to_pylist():
                self._json.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")

    def write_rows(self, batch: pa.RecordBatch, outputs: list[list[str]]) -> None:
        """Write an input batch with output columns given as Python lists."""
        arrays = [batch.column(i) for i in range(batch.num_columns)] + [pa.array(o, pa.string()) for o in outputs]
        names = [*batch.schema.names, *OUTPUT_COLUMNS]
        self.write(pa.RecordBatch.from_arrays(arrays, names=names))


def open_output(path: Path, columns: Sequence[str], kind: str | None = None) -> Sink:
    """Open an output file; its format comes from ``kind`` or its extension (not XML)."""
    kind = detect_format(path, kind)
    if kind == "naaccr-xml":
        raise InvalidInput(f"{path.name}: write the output as .csv, .parquet or .ndjson")
    if path.parent and not path.parent.exists():
        raise InvalidInput(f"{path}: the folder {path.parent} does not exist")
    return Sink(path, kind, columns)
