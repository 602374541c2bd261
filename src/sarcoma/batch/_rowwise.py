"""Per-row batch staging: the reference engine for files of many cases.

Each row is checked with the batch value rules (:mod:`._validate`) and then staged with
:func:`sarcoma.stage`, one Python call per row. It is slow (thousands of rows a second) and is kept
as the reference that the vectorized and SQL engines are tested against.

Every input row gives exactly one output row, in input order. A bad row is marked
``status=error`` with a specific message; it never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import RuleTableDefect, StagingError
from ..staging import stage
from ._codes import CODES_COLUMN, codes_of
from ._formats import check_columns, open_input, open_output
from ._naaccr import is_naaccr, naaccr_record
from ._reading import check_rows
from ._sql import OUTPUT_COLUMNS, ROW_ERROR_COLUMN
from ._summary import Summary
from ._validate import INPUT_COLUMNS, prevalidate
from ._write import output_columns

__all__ = [
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "MESSAGE_SEPARATOR",
    "stage_record",
    "stage_records",
    "stage_file_rowwise",
]

REQUIRED_COLUMNS = ("site",)
POSSIBLE_COLUMN = "possible_stages"
"""Optional output column (``sarcoma batch --possible-stages``): the stages a row could have, ``|``-joined."""
MESSAGE_SEPARATOR = " | "

Progress = Callable[[int], None]


def _error(message: str) -> dict[str, str]:
    return {**dict.fromkeys(OUTPUT_COLUMNS, ""), "status": "error", "messages": message}


def stage_record(
    record: Mapping[str, Any], *, possible_stages: bool = False, edition: str | None = None
) -> dict[str, str]:
    """Stage one record (a mapping of column to value) and return the output columns.

    ``edition`` is the staging edition of a record whose ``edition`` column is blank (default: AJCC 8).
    ``possible_stages`` adds the ``possible_stages`` column: every stage the row could have once its
    unknowns are known, ``|``-joined in stage order (see :attr:`sarcoma.StageResult.possible_stages`).

    A reader's error for the row (column ``_sarcoma_row_error``) makes the row an error; then the
    batch value rules apply (see the message catalogue, ``data/messages.yaml``); then
    :func:`sarcoma.stage`.
    """
    reader_error = record.get(ROW_ERROR_COLUMN)
    if reader_error:
        return _error(str(reader_error))
    fields, problem = prevalidate(record)
    if problem is not None:
        return _error(problem)
    if edition is not None and fields.get("edition") is None:
        fields = {**fields, "edition": edition}
    try:
        result = stage(fields)
    except (StagingError, RuleTableDefect) as exc:  # a table defect is an error row too, never a lost row
        return _error(exc.message)
    out = {
        "ajcc_t": result.t,
        "ajcc_n": result.n,
        "ajcc_m": result.m,
        "ajcc_grade": result.grade,
        "ajcc_stage": result.stage,
        "status": "warning" if result.warnings else "ok",
        "messages": MESSAGE_SEPARATOR.join(w.message for w in result.warnings),
    }
    if possible_stages:
        out[POSSIBLE_COLUMN] = "|".join(result.possible_stages)
    return out


def stage_records(records: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, str]]:
    """Stage many records, one output mapping per input record, in order."""
    for record in records:
        yield stage_record(record)


def stage_file_rowwise(
    path: Path,
    out: Path,
    progress: Progress | None = None,
    *,
    schema: Sequence[str] | None = None,
    excel_safe: bool = True,
    messages: str = "both",
    summary: Summary | None = None,
    possible_stages: bool = False,
    edition: str | None = None,
) -> int:
    """Stage a file row by row with :func:`stage_record` (the reference engine); return the row count.

    ``possible_stages`` adds that column last (empty on error rows); only this engine computes it.

    The output is written whole or not at all (see :mod:`._output`); ``schema`` names NDJSON columns.
    ``messages`` and ``summary`` as for :func:`sarcoma.batch.stage_file`.
    """
    source = open_input(path, schema=schema)
    naaccr = is_naaccr(source.columns)
    if not naaccr:
        check_columns(source.columns, path)
    count = 0
    columns = [*source.columns, *output_columns(messages), *([POSSIBLE_COLUMN] if possible_stages else [])]
    with open_output(out, columns, source=source, excel_safe=excel_safe) as sink:
        for batch in source.batches():
            rows = batch.to_pylist()
            results = [
                stage_record(naaccr_record(r) if naaccr else r, possible_stages=possible_stages, edition=edition)
                for r in rows
            ]
            table = pa.Table.from_batches([batch])
            for column in OUTPUT_COLUMNS:
                table = table.append_column(column, pa.array([r[column] for r in results], pa.string()))
            table = table.append_column(CODES_COLUMN, pa.array([codes_of(r["messages"]) for r in results], pa.string()))
            if possible_stages:
                possible = pa.array([r.get(POSSIBLE_COLUMN, "") for r in results], pa.string())
                table = table.append_column(POSSIBLE_COLUMN, possible)
            if summary is not None:
                summary.add(table)
            sink.write(table)
            count += len(rows)
            if progress is not None:
                progress(len(rows))
        check_rows(path, count, source.tally)
    return count
