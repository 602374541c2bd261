"""File formats for batch staging: CSV, Parquet and NDJSON in; the same formats out.

Readers stream Arrow record batches of bounded size. CSV and NDJSON cells are read as text by the
strict readers of :mod:`._reading`: a malformed record is kept as a row whose ``_sarcoma_row_error``
column says what is wrong, so that rows out always equal records in. NAACCR XML is read by
:mod:`._naaccr`. Output goes through :mod:`._output`: a hidden partial file renamed into place at the
end, and CSV cells that could start a spreadsheet formula neutralised.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    import pyarrow.parquet as pq

from ..errors import InvalidInput
from ._output import PartialFile, excel_safe_array, excel_safe_text, refuse_same_file
from ._reading import Record, Tally, csv_header, csv_records, ndjson_columns, ndjson_records
from ._sql import OUTPUT_COLUMNS, ROW_ERROR_COLUMN

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
    ".naaccr": "naaccr-flat",
}


def detect_format(path: Path, given: str | None = None) -> str:
    """The format of ``path``: ``given``, or by extension; refuse an unknown one."""
    if given:
        if given not in set(FORMATS.values()):
            raise InvalidInput(f"unknown format {given!r}; use one of {', '.join(sorted(set(FORMATS.values())))}")
        return given
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(
            f"{path.name}: unknown file type; use .csv, .parquet, .ndjson, .jsonl, .xml (NAACCR XML) or .naaccr "
            "(NAACCR flat), or name the format with --input-format"
        )
    return kind


@dataclass
class Source:
    """An input file: its columns, Arrow schema and a batch stream (``row_error`` if it has that column).

    ``tally`` counts the records the last ``batches()`` stream read (None: the reader keeps no count).
    """

    path: Path
    kind: str
    columns: list[str]
    arrow_schema: pa.Schema
    batches: Callable[[], Iterator[pa.RecordBatch]]
    tally: Tally | None = None

    @property
    def row_error(self) -> bool:
        """Whether the batches carry a reader error column."""
        return ROW_ERROR_COLUMN in self.arrow_schema.names


def check_columns(columns: Sequence[str], path: Path) -> None:
    """Refuse a file that lacks the site column or a T/size column, or already has output columns."""
    names = list(columns)
    if "site" not in names:
        other = next((d for d in (";", "\t", "|") if len(names) == 1 and d in names[0]), None)
        if other is not None:  # a semicolon, tab or bar separated export read as one column
            sep = "tabs" if other == "\t" else repr(other)
            raise InvalidInput(f"{path}: the header is one column separated by {sep}; save the file as CSV with commas")
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


def _batched(columns: Sequence[str], records: Iterator[Record]) -> Iterator[pa.RecordBatch]:
    rows: list[list[str | None]] = []
    errors: list[str | None] = []
    for cells, error in records:
        rows.append(cells)
        errors.append(error)
        if len(rows) == BATCH_ROWS:
            yield _text_batch(columns, rows, errors)
            rows, errors = [], []
    if rows:
        yield _text_batch(columns, rows, errors)


def _open_csv(path: Path) -> Source:
    header = csv_header(path)
    source = Source(path, "csv", header, _text_schema(header), lambda: iter(()))

    def batches() -> Iterator[pa.RecordBatch]:
        source.tally = Tally()
        yield from _batched(header, csv_records(path, len(header), source.tally))

    source.batches = batches
    return source


def _open_ndjson(path: Path, schema: Sequence[str] | None = None) -> Source:
    columns = list(schema) if schema else ndjson_columns(path)
    source = Source(path, "ndjson", columns, _text_schema(columns), lambda: iter(()))

    def batches() -> Iterator[pa.RecordBatch]:
        source.tally = Tally()
        yield from _batched(columns, ndjson_records(path, columns, source.tally, strict_keys=bool(schema)))

    source.batches = batches
    return source


def _open_parquet(path: Path) -> Source:
    import pyarrow.parquet as pq  # imported when used: it imports pyarrow.fs and ssl (60 ms of a CSV run)

    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InvalidInput(f"{path}: not a readable Parquet file ({exc})") from None
    schema = file.schema_arrow

    names = list(schema.names)
    twice = sorted({c for c in names if names.count(c) > 1})
    if twice:
        raise InvalidInput(f"{path}: column(s) {', '.join(twice)} appear more than once; names must be unique")
    rows = file.metadata.num_rows

    def batches() -> Iterator[pa.RecordBatch]:
        source.tally = Tally(rows=rows)
        yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS)

    source = Source(path, "parquet", names, schema, batches)
    return source


def open_input(path: Path, kind: str | None = None, schema: Sequence[str] | None = None) -> Source:
    """Open an input file, refusing a missing, empty or unreadable one before any work.

    ``schema``: for NDJSON, the columns to read (all as text); keys outside it make a row an error.
    Without it the columns are every key of the whole file.
    """
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    kind = detect_format(path, kind)
    if schema and kind != "ndjson":
        raise InvalidInput("--schema applies to NDJSON input only")
    try:
        if kind == "csv":
            return _open_csv(path)
        if kind == "ndjson":
            return _open_ndjson(path, schema)
        if kind == "naaccr-xml":
            from ._naaccr import open_naaccr_xml

            return open_naaccr_xml(path)
        if kind == "naaccr-flat":
            from ._naaccr_flat import open_naaccr_flat

            return open_naaccr_flat(path)
        return _open_parquet(path)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror or exc})") from None


_EMPTY = pa.scalar("", pa.large_string())


def _csv_field(column: pa.ChunkedArray | pa.Array, excel_safe: bool = False) -> pa.Array:
    """A column as CSV text with minimal quoting (as Python's csv.QUOTE_MINIMAL): only values holding a
    quote, comma or line break are quoted; nulls are empty. ``excel_safe``: neutralise formula cells
    of text columns (see :mod:`._output`)."""
    is_text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    try:
        text = pc.cast(column, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InvalidInput(f"a {column.type} column cannot be written as CSV text ({exc}); write .parquet") from None
    if excel_safe and is_text:
        text = excel_safe_array(text)
    quote = pa.scalar('"', pa.large_string())
    quoted = pc.binary_join_element_wise(quote, pc.replace_substring(text, '"', '""'), quote, _EMPTY)
    needs = pc.match_substring_regex(text, '[",\r\n]')
    field = pc.if_else(pc.fill_null(needs, False), quoted, text)
    return pc.fill_null(field, _EMPTY)


def csv_bytes(table: pa.Table, header: bool, excel_safe: bool = False) -> bytes:
    """The rows of ``table`` (and its header line if asked) as CSV with minimal quoting, ``\n`` line ends."""
    comma, newline = pa.scalar(",", pa.large_string()), pa.scalar("\n", pa.large_string())
    lines = pc.binary_join_element_wise(*[_csv_field(c, excel_safe) for c in table.columns], comma)
    body = pc.binary_join_element_wise(lines, newline, _EMPTY)
    chunks = [c for c in (body.chunks if isinstance(body, pa.ChunkedArray) else [body]) if len(c)]
    names = [excel_safe_text(c) for c in table.column_names] if excel_safe else table.column_names
    parts = [_csv_field(pa.array(names, pa.string())).to_pylist()] if header else []
    data = b"".join(_array_bytes(c) for c in chunks)
    return (",".join(parts[0]) + "\n").encode() + data if header else data


def _array_bytes(array: pa.Array) -> bytes:
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    return memoryview(array.buffers()[2])[int(offsets[0]) : int(offsets[-1])].tobytes()


def _check_csv_types(schema: pa.Schema) -> None:
    """Refuse columns CSV cannot hold (nested: struct, list, map) before any work."""
    for field in schema:
        t = field.type
        if pa.types.is_nested(t):
            raise InvalidInput(
                f"column {field.name!r} is {t}; CSV output holds only text, numbers, booleans and dates: "
                "write .parquet, or drop or flatten the column"
            )


class Sink:
    """Writes output batches: the input columns (without the reader error column), then the outputs.

    Rows go to a hidden partial file beside ``path`` that replaces ``path`` only when the ``with``
    block ends without an error; otherwise it is removed and ``path`` is left as it was.
    """

    def __init__(
        self, path: Path, kind: str, columns: Sequence[str], schema: pa.Schema | None = None, excel_safe: bool = True
    ) -> None:
        self.path, self.kind, self.columns = path, kind, [c for c in columns if c != ROW_ERROR_COLUMN]
        self.schema = schema or pa.schema([pa.field(c, pa.string()) for c in self.columns])
        self.excel_safe = excel_safe
        self._partial: PartialFile | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._csv: BinaryIO | None = None
        self._json: Any = None

    @property
    def _target(self) -> Path:
        assert self._partial is not None, "use the Sink in a with block"
        return self._partial.path

    def __enter__(self) -> Sink:
        self._partial = PartialFile(self.path)
        if self.kind == "ndjson":
            self._json = self._target.open("w", encoding="utf-8")
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object | TracebackType | None) -> None:
        assert self._partial is not None
        try:
            if kind is None:
                self._finish()
            for writer in (self._parquet, self._csv, self._json):
                if writer is not None:
                    writer.close()
        except BaseException:
            self._partial.discard()
            raise
        if kind is None:
            self._partial.commit()
        else:
            self._partial.discard()

    def _finish(self) -> None:
        """An input with no rows still gives a valid file: the header, or an empty Parquet table."""
        import pyarrow.parquet as pq

        if self.kind == "parquet" and self._parquet is None:
            self._parquet = pq.ParquetWriter(self._target, self.schema)
        elif self.kind == "csv" and self._csv is None:
            known = {f.name: f for f in self.schema}
            fields = [known.get(c, pa.field(c, pa.string())) for c in self.columns]
            self.write(pa.schema(fields).empty_table())

    def write(self, batch: pa.RecordBatch | pa.Table) -> None:
        """Write a batch that has every output column (extra columns are dropped)."""
        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        table = table.select(self.columns)
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._target, table.schema)
            self._parquet.write_table(table)
        elif self.kind == "csv":
            header = self._csv is None
            if self._csv is None:
                _check_csv_types(table.schema)
                self._csv = self._target.open("wb")
            self._csv.write(csv_bytes(table, header, self.excel_safe))
        else:
            for row in table.to_pylist():
                self._json.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")

    def write_rows(self, batch: pa.RecordBatch, outputs: list[list[str]]) -> None:
        """Write an input batch with output columns given as Python lists."""
        arrays = [batch.column(i) for i in range(batch.num_columns)] + [pa.array(o, pa.string()) for o in outputs]
        names = [*batch.schema.names, *OUTPUT_COLUMNS]
        self.write(pa.RecordBatch.from_arrays(arrays, names=names))


def _empty_schema(source: Source) -> pa.Schema:
    """The output schema for a source: its columns (without the reader error) and the text outputs."""
    fields = [f for f in source.arrow_schema if f.name != ROW_ERROR_COLUMN]
    return pa.schema([*fields, *(pa.field(c, pa.string()) for c in OUTPUT_COLUMNS)])


def open_output(
    path: Path,
    columns: Sequence[str],
    kind: str | None = None,
    *,
    source: Source | None = None,
    excel_safe: bool = True,
) -> Sink:
    """Open an output file; its format comes from ``kind`` or its extension (not XML).

    With ``source``: refuse an output that is the input file, and know the schema of an empty output.
    ``excel_safe``: neutralise CSV cells that could start a spreadsheet formula.
    """
    kind = detect_format(path, kind)
    if kind == "naaccr-xml":
        raise InvalidInput(f"{path.name}: write the output as .csv, .parquet or .ndjson")
    if path.parent and not path.parent.exists():
        raise InvalidInput(f"{path}: the folder {path.parent} does not exist")
    schema = None
    if source is not None:
        refuse_same_file(source.path, path)
        schema = _empty_schema(source)
        if kind == "csv":
            _check_csv_types(schema)
    return Sink(path, kind, columns, schema, excel_safe)
