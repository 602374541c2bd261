"""CSV output of the vectorized engine: each staged chunk becomes CSV bytes with Arrow kernels.

The bytes are those of :func:`._formats.csv_bytes` (minimal quoting as Python's ``csv`` module,
``\\n`` line ends, blank and null as an empty field, formula cells neutralised with ``excel_safe``),
so the vectorized and the per-row engines write the same file. It is made without Python per row
and with as little copying of text as possible:

- the output columns are dictionary arrays (a few thousand distinct values, each row an index).
  Consecutive ones whose values follow from one column's index (in a staged chunk the seven plan
  outputs and ``message_codes`` follow from ``messages``) are joined once per distinct value into one
  text ``T2,N0,M0,G3,IIIA,ok,codes,"messages"\\n``, and each row takes its line end from it: one copy
  of the output text per row instead of a decode per column and a join;
- an input column is quoted or neutralised only when its bytes hold a character that needs it (one
  numpy pass over its buffer), so a plain export's columns are joined as they were read;
- the rows are joined a slice at a time (``binary_join_element_wise``) and the slice's text buffer
  is written to the file as it is.

Only for text columns (CSV, NAACCR and NDJSON inputs, text Parquet): typed columns (numbers, dates)
are written by DuckDB's CSV writer (:mod:`._write`), which formats them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._factor import _groups
from ._output import FORMULA_CHARS, excel_safe_array, excel_safe_text

__all__ = ["SLICE_ROWS", "all_text", "csv_header", "csv_parts"]

SLICE_ROWS = 65_536
"""Rows joined into text at a time: the text of a few slices is in memory at once, not a chunk's."""
_AHEAD = 3
_SPECIAL = np.zeros(256, dtype=bool)
_SPECIAL[list(b'",\r\n')] = True
_FORMULA = np.zeros(256, dtype=bool)
_FORMULA[[ord(c) for c in FORMULA_CHARS]] = True
_TEXT = pa.large_string()
_COMMA = pa.scalar(",", _TEXT)
_NEWLINE = pa.scalar("\n", _TEXT)
_QUOTE = pa.scalar('"', _TEXT)
_EMPTY = pa.scalar("", _TEXT)


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def all_text(schema: pa.Schema) -> bool:
    """Whether every column is text (or dictionary-encoded text): those this writer handles."""
    return all(_is_text(f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema)


def _bytes_of(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(value offsets, data bytes) of a string or large_string array, offsets relative to its slice."""
    _, offsets_buffer, data_buffer = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    return offsets, data


def _fields(array: pa.Array, excel_safe: bool) -> pa.Array:
    """Text values as CSV fields (large_string; nulls stay null and are written empty).

    Quoting and the formula check run only when the bytes call for them: a quote, comma or line
    break anywhere in the values; a formula character at the start of a value.
    """
    if len(array) == 0:
        return array.cast(_TEXT)
    offsets, data = _bytes_of(array)
    start, end = int(offsets[0]), int(offsets[-1])
    text = array.cast(_TEXT)
    if excel_safe and end > start:
        firsts = offsets[:-1].copy()
        firsts[offsets[1:] == offsets[:-1]] = -1  # empty and null values start with nothing
        risky = np.flatnonzero(firsts >= 0)
        risky = risky[_FORMULA[data[firsts[risky]]]]
        if len(risky):  # the rule of excel_safe_array on those values only (often a few negative sizes)
            where = pa.array(risky)
            changed = excel_safe_array(text.take(where))
            mask = np.zeros(len(text), dtype=bool)
            mask[risky] = True
            text = pc.replace_with_mask(text, pa.array(mask), changed)
    if end > start and _SPECIAL[data[start:end]].any():
        needs = pc.fill_null(pc.match_substring_regex(text, '[",\r\n]'), False)
        quoted = pc.binary_join_element_wise(_QUOTE, pc.replace_substring(text, '"', '""'), _QUOTE, _EMPTY)
        text = pc.if_else(needs, quoted, text)
    return text


def csv_header(names: list[str], excel_safe: bool) -> bytes:
    """The header line: names neutralised as cells are (with ``excel_safe``), quoted where needed."""
    shown = [excel_safe_text(n) if excel_safe else n for n in names]
    return (",".join(_fields(pa.array(shown, pa.string()), False).to_pylist()) + "\n").encode()


def _join(parts: list[pa.Array], separator: pa.Scalar) -> pa.Array:
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, separator, null_handling="replace", null_replacement="")


class _Run:
    """Consecutive dictionary columns that take their values from one index: one joined text per value."""

    def __init__(self, values: pa.Array, indices: np.ndarray) -> None:
        self.values, self.indices = values, indices

    def take(self, start: int, stop: int) -> pa.Array:
        return self.values.take(pa.array(self.indices[start:stop]))


def _dictionary_runs(columns: list[pa.DictionaryArray], excel_safe: bool) -> list[_Run] | None:
    """``columns`` (consecutive, dictionary-encoded) as one run keyed by the last column's index when
    every other column's value follows from that index; None when one does not.

    A chunk's dictionaries have one entry per group (some 145,000 per million rows) but few distinct
    texts: each column's texts are made CSV fields once per distinct text, and the run's lines once
    per distinct combination of them (a few thousand).
    """
    key = columns[-1]
    indices = np.asarray(key.indices)
    codes: list[tuple[np.ndarray, int]] = []
    fields = []
    # Columns that share one index buffer (a staged chunk's outputs but ``messages``) are checked once.
    found: dict[tuple[int, int, int], np.ndarray] = {}
    for column in columns:
        own = np.asarray(column.indices)
        buffer = column.indices.buffers()[1]
        where = (buffer.address if buffer is not None else 0, column.indices.offset, len(column))
        per_key = found.get(where)
        if column is key:
            per_key = np.arange(len(key.dictionary))
        elif per_key is None:
            per_key = np.zeros(len(key.dictionary), dtype=own.dtype)
            per_key[indices] = own
            if not np.array_equal(per_key[indices], own):
                return None
            found[where] = per_key
        encoded = pc.dictionary_encode(column.dictionary, null_encoding="encode")
        codes.append((np.asarray(encoded.indices)[per_key], len(encoded.dictionary)))
        fields.append(_fields(encoded.dictionary, excel_safe))
    combination, first = _groups(codes, len(key.dictionary))
    lines = _join([f.take(pa.array(code[first])) for f, (code, _) in zip(fields, codes, strict=True)], _COMMA)
    return [_Run(lines, combination[indices])]


def _plan(table: pa.Table, excel_safe: bool) -> list[int | _Run]:
    """The chunk's columns in order: a plain column by its number, or a run of dictionary columns."""
    plan: list[int | _Run] = []
    pending: list[pa.DictionaryArray] = []

    def flush() -> None:
        if not pending:
            return
        runs = _dictionary_runs(pending, excel_safe)
        if runs is None:  # each column taken on its own
            runs = [_Run(_fields(c.dictionary, excel_safe), np.asarray(c.indices)) for c in pending]
        plan.extend(runs)
        pending.clear()

    for i, column in enumerate(table.columns):
        if pa.types.is_dictionary(column.type) and column.null_count == 0:
            pending.append(column.combine_chunks() if column.num_chunks != 1 else column.chunk(0))
        else:
            flush()
            plan.append(i)
    flush()
    return plan


def _slice_text(table: pa.Table, plan: list[int | _Run], start: int, stop: int, excel_safe: bool) -> memoryview:
    """Rows ``start:stop`` of ``table`` as CSV text (the line end is in the plan's last run, or added)."""
    parts = []
    for item in plan:
        if isinstance(item, _Run):
            parts.append(item.take(start, stop))
        else:
            # Large (64-bit offset) text before the pieces are joined: a slice of very long rows stays valid.
            column = table.column(item).slice(start, stop - start).cast(_TEXT).combine_chunks()
            parts.append(_fields(column, excel_safe))
    if not isinstance(plan[-1], _Run):
        parts[-1] = _join([parts[-1], pa.array([""] * (stop - start), _TEXT)], _NEWLINE)
    lines = _join(parts, _COMMA)
    offsets, _ = _bytes_of(lines)
    return memoryview(lines.buffers()[2])[int(offsets[0]) : int(offsets[-1])]


def _slices(table: pa.Table, excel_safe: bool) -> Iterator[tuple[pa.Table, list[int | _Run], int, int]]:
    """The work for one chunk: (table, plan, first row, end row) per slice."""
    if table.num_rows == 0:
        return
    plan = _plan(table, excel_safe)
    last = plan[-1]
    if isinstance(last, _Run):  # the line end joins the run's values once, not every row
        plan[-1] = _Run(_join([last.values, pa.array([""] * len(last.values), _TEXT)], _NEWLINE), last.indices)
    for start in range(0, table.num_rows, SLICE_ROWS):
        yield table, plan, start, min(start + SLICE_ROWS, table.num_rows)


def csv_parts(table: pa.Table, excel_safe: bool) -> Iterator[memoryview]:
    """The CSV text of ``table``'s rows (no header), a slice at a time, as buffers to write."""
    for table_, plan, start, stop in _slices(table, excel_safe):
        yield _slice_text(table_, plan, start, stop, excel_safe)


def write_csv(chunks: Iterator[pa.Table], names: list[str], out: IO[bytes], excel_safe: bool) -> None:
    """Write the header and every chunk's rows to ``out``.

    Slices are made text on two threads (Arrow's kernels release the GIL) and written in order; at
    most ``_AHEAD`` slices wait, so memory holds a few slices' text, not a chunk's.
    """
    out.write(csv_header(names, excel_safe))
    waiting: deque[Future[memoryview]] = deque()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="sarcoma-csv") as pool:
        for chunk in chunks:
            for table, plan, start, stop in _slices(chunk, excel_safe):
                waiting.append(pool.submit(_slice_text, table, plan, start, stop, excel_safe))
                if len(waiting) >= _AHEAD:
                    out.write(waiting.popleft().result())
        while waiting:
            out.write(waiting.popleft().result())
