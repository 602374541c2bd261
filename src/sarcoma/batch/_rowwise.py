"""Per-row batch staging: the reference engine for files of many cases.

Every input row gives exactly one output row, in input order. A bad row is marked
``status=error`` with a specific message; it never stops the batch.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, StagingError
from ..staging import stage

__all__ = [
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "MESSAGE_SEPARATOR",
    "stage_record",
    "stage_records",
    "stage_file",
]

INPUT_COLUMNS = (
    "site",
    "histology",
    "schema_discriminator_2",
    "size_cm",
    "size_mm",
    "t",
    "extent",
    "n",
    "m",
    "grade",
    "differentiation",
    "mitoses",
    "necrosis",
    "basis",
)
"""Columns the engine reads; every other column passes through unchanged."""
REQUIRED_COLUMNS = ("site",)
OUTPUT_COLUMNS = ("ajcc_t", "ajcc_n", "ajcc_m", "ajcc_grade", "ajcc_stage", "status", "messages")
MESSAGE_SEPARATOR = " | "

Progress = Callable[[int], None]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def stage_record(record: Mapping[str, Any]) -> dict[str, str]:
    """Stage one record (a mapping of column to value) and return the output columns."""
    fields = {
        k: (None if _blank(v) else (v if isinstance(v, str) else str(v)))
        for k, v in record.items()
        if k in INPUT_COLUMNS
    }
    empty = dict.fromkeys(OUTPUT_COLUMNS, "")
    try:
        result = stage(fields)
    except StagingError as exc:
        return {**empty, "status": "error", "messages": exc.message}
    return {
        "ajcc_t": result.t,
        "ajcc_n": result.n,
        "ajcc_m": result.m,
        "ajcc_grade": result.grade,
        "ajcc_stage": result.stage,
        "status": "warning" if result.warnings else "ok",
        "messages": MESSAGE_SEPARATOR.join(w.message for w in result.warnings),
    }


def stage_records(records: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, str]]:
    """Stage many records, one output mapping per input record, in order."""
    for record in records:
        yield stage_record(record)


def _check_columns(columns: Iterable[str], path: Path) -> list[str]:
    names = list(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InvalidInput(f"{path}: missing required column(s) {', '.join(missing)}; found {', '.join(names)}")
    clash = [c for c in OUTPUT_COLUMNS if c in names]
    if clash:
        raise InvalidInput(f"{path}: input already has output column(s) {', '.join(clash)}; rename or drop them")
    if "size_cm" not in names and "size_mm" not in names and "t" not in names:
        raise InvalidInput(f"{path}: needs a size_cm, size_mm or t column")
    return names


def _csv_rows(path: Path, out: Path, progress: Progress | None) -> int:
    count = 0
    with path.open(newline="", encoding="utf-8-sig") as src, out.open("w", newline="", encoding="utf-8") as dst:
        reader = csv.reader(src)
        try:
            header = next(reader)
        except StopIteration:
            raise InvalidInput(f"{path}: the file is empty; it needs a header row") from None
        names = _check_columns(header, path)
        writer = csv.writer(dst)
        writer.writerow([*names, *OUTPUT_COLUMNS])
        for line in reader:
            fields = (line + [""] * len(names))[: len(names)]
            if len(line) != len(names):
                result = dict.fromkeys(OUTPUT_COLUMNS, "")
                result["status"] = "error"
                result["messages"] = (
                    f"malformed CSV row {reader.line_num}: expected {len(names)} fields, found {len(line)}"
                )
            else:
                result = stage_record(dict(zip(names, fields, strict=True)))
            writer.writerow([*fields, *(result[c] for c in OUTPUT_COLUMNS)])
            count += 1
            if progress is not None:
                progress(1)
    return count


def _parquet_rows(path: Path, out: Path, progress: Progress | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    names = _check_columns(source.schema_arrow.names, path)
    out_schema = pa.schema([*source.schema_arrow, *(pa.field(c, pa.string()) for c in OUTPUT_COLUMNS)])
    count = 0
    with pq.ParquetWriter(out, out_schema) as writer:
        for batch in source.iter_batches(batch_size=65_536):
            rows = batch.to_pylist()
            results = [stage_record(r) for r in rows]
            arrays = [batch.column(i) for i in range(len(names))]
            arrays += [pa.array([r[c] for r in results], pa.string()) for c in OUTPUT_COLUMNS]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=out_schema))
            count += len(rows)
            if progress is not None:
                progress(len(rows))
    return count


def stage_file(path: Path, out: Path, progress: Progress | None = None) -> int:
    """Stage a CSV or Parquet file (by extension) into ``out``; return the number of rows.

    The whole file is refused before any work starts when it cannot be read or lacks a required
    column. After that, a bad row is an error on that row only.
    """
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    kinds = {".csv": _csv_rows, ".parquet": _parquet_rows}
    reader = kinds.get(path.suffix.lower())
    if reader is None or out.suffix.lower() != path.suffix.lower():
        raise InvalidInput(
            f"use matching .csv or .parquet extensions for input and output (got {path.name} -> {out.name})"
        )
    try:
        return reader(path, out, progress)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
