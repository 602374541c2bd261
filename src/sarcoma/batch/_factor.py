"""The factorized form of the vectorized engine: stage each distinct input once, then give it to its rows.

A registry file repeats a few thousand combinations of site, histology, grade, N, M ... many times,
and its sizes take a few thousand values; only their combination is close to unique. So:

1. every input column is dictionary-encoded (Arrow) and the plan's per-column layers (text cast,
   ASCII check, trim, tokens, patterns, numbers: :mod:`._features`) run once per distinct value of
   each column, all columns in one small query. Size values the plan cannot tell apart (same
   reading error, same rounding, same side of every T cut point and of the check-unit limit:
   :func:`._features.size_bounds`) share one class;
2. the codes of a row (size classes in place of sizes) make its group; the rest of the compiled
   plan (:func:`._sql.staging_sql` with ``features=True``: the same SQL ``sarcoma sql`` prints, from
   the checks on) runs once per group in DuckDB, with placeholders where a message quotes the size;
3. each row takes its group's outputs (Arrow ``take``) and gets its own size text put back.

Output equals the plan run on every row, value for value; the differential tests run both forms
against the per-row reference.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._codes import CODES_COLUMN, codes_array
from ._features import COLUMN_FEATURES, features_sql
from ._sql import OUTPUT_COLUMNS, staging_sql
from ._validate import INPUT_COLUMNS, SIZE_RULES

__all__ = ["stage_factorized"]

_PLACEHOLDERS = ("chr(1) || 'M'", "chr(1) || 'G'")
"""SQL for the size texts in messages (millimetres, as given): a control character never reaches a message
otherwise (the ASCII check refuses it), so they are found and filled in per row afterwards."""
_GROUP = "_sarcoma_group"
_SLICE = 8192
SIZES = {r.column for r in SIZE_RULES}


def _encode(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """(code per row, distinct values): equal codes for equal values, nulls included."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_floating(array.type):  # group by bit pattern: -0.0 and 0.0 read differently
        bits = {16: pa.int16(), 32: pa.int32(), 64: pa.int64()}[array.type.bit_width]
        encoded = pc.dictionary_encode(array.view(bits), null_encoding="encode")
        return np.asarray(encoded.indices), encoded.dictionary.view(array.type)
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    return np.asarray(encoded.indices), encoded.dictionary


def _features(con: Any, values: dict[str, pa.Array]) -> pa.Table:
    """Every column's features for each of its distinct values (columns stacked side by side, null-padded)."""
    height = max(len(v) for v in values.values())
    padded = {c: pa.concat_arrays([v, pa.nulls(height - len(v), v.type)]) for c, v in values.items()}
    con.register("_sarcoma_values", pa.table({**padded, "_i": pa.array(np.arange(height))}))
    table = con.sql(f"SELECT * FROM ({features_sql('_sarcoma_values')}) AS _f ORDER BY _i").to_arrow_table()
    con.unregister("_sarcoma_values")
    return table.combine_chunks()


def _groups(codes: list[tuple[np.ndarray, int]], rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(group per row, first row of each group) for rows identified by several codes."""
    key = np.zeros(rows, dtype=np.int64)
    width = 1
    for code, size in codes:
        code = code.astype(np.int64)
        if width * max(size, 1) >= 2**62:
            key = _encode(pa.array(key))[0]
            width = int(key.max(initial=0)) + 1
        key, width = key * max(size, 1) + code, width * max(size, 1)
    group, _ = _encode(pa.array(key))
    count = int(group.max(initial=-1)) + 1
    first = np.empty(count, dtype=np.int64)
    first[group[::-1]] = np.arange(rows - 1, -1, -1, dtype=np.int64)
    return group, first


def _fill_sizes(con: Any, template: pa.Array, given: pa.Array, mm: pa.Array) -> pa.Array:
    """Put each row's size texts in place of the placeholders of its message template."""
    part = pa.table({"m": template, "g": given, "mm": mm, "_i": pa.array(np.arange(len(template)))})
    con.register("_sarcoma_fill", part)
    filled = con.sql(
        "SELECT replace(replace(m, chr(1) || 'G', COALESCE(g, '')), chr(1) || 'M', COALESCE(mm, '')) AS m "
        "FROM _sarcoma_fill ORDER BY _i"
    ).to_arrow_table()
    con.unregister("_sarcoma_fill")
    return filled["m"].combine_chunks()


def _holds(array: pa.Array, byte: int) -> np.ndarray:
    """Whether each value of a string array holds ``byte`` (null: no), from one numpy pass over its bytes
    (a substring search per value took ten times as long on a chunk's 32 MB of messages)."""
    _, offsets_buffer, data_buffer = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)[array.offset : array.offset + len(array) + 1]
    found = np.zeros(len(array), dtype=bool)
    if data_buffer is None or not len(array):
        return found
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    at = np.flatnonzero(data == byte) + offsets[0]
    found[np.searchsorted(offsets, at, side="right") - 1] = True
    return found


def _parallel(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """Arrow kernels release the GIL: run independent ones on every core."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(fn, items))


def _size_texts(features: pa.Table, codes: dict[str, np.ndarray], where: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """(millimetres, as given) for the rows ``where``: from the first size column given, as the plan reads them."""
    rows = [(r.column, codes[r.column][where]) for r in SIZE_RULES]
    mm = pc.coalesce(*[features[f"_mm_{c}"].take(i) for c, i in rows])
    given = pc.coalesce(*[features[f"_given_{c}"].take(i) for c, i in rows])
    return mm, given


def stage_factorized(con: Any, chunk: pa.Table, row_error: str | None = None, edition: str | None = None) -> pa.Table:
    """The output columns and ``message_codes`` for every row of ``chunk`` (input columns, plus
    ``row_error`` if given), in order."""
    present = [c for c in INPUT_COLUMNS if c in chunk.column_names]
    encoded = dict(zip(present, _parallel(_encode, [chunk[c] for c in present]), strict=True))
    blank = (np.zeros(chunk.num_rows, dtype=np.int32), pa.nulls(1, pa.string()))  # an absent column reads as blank
    codes = {c: encoded.get(c, blank)[0] for c in INPUT_COLUMNS}
    features = _features(con, {c: encoded.get(c, blank)[1] for c in INPUT_COLUMNS})
    keys: list[tuple[np.ndarray, int]] = []
    for column in present:
        code, size = codes[column], len(encoded[column][1])
        if column in SIZES and size > 1:
            classes, _ = _encode(features[f"_k_{column}"].slice(0, size))
            code, size = classes[code], int(classes.max(initial=-1)) + 1
        if size > 1:
            keys.append((code, size))
    errors = chunk[row_error] if row_error else None
    if errors is not None:
        error_code, error_values = _encode(errors)
        keys.append((error_code, len(error_values)))
    group, first = _groups(keys, chunk.num_rows)
    # One row per group: each column's features, taken from its distinct value's row.
    names = [(column, name) for column, names in COLUMN_FEATURES.items() for name in names]
    taken = _parallel(lambda cn: features[cn[1]].take(pa.array(codes[cn[0]][first])), names)
    distinct = {name: array for (_, name), array in zip(names, taken, strict=True)}
    no_error = pa.nulls(len(first), pa.string())
    distinct["_s_row_error"] = no_error if errors is None else errors.take(pa.array(first)).cast(pa.string())
    distinct[_GROUP] = pa.array(np.arange(len(first)))
    # Several record batches, so that DuckDB's threads share the groups (it scans an Arrow table batch by batch).
    groups = pa.table(distinct)
    con.register("_sarcoma_groups", pa.Table.from_batches(groups.to_batches(max_chunksize=_SLICE)))
    named = distinct.get("_s_edition")  # a row names its own edition: every edition's tables are needed
    sql = staging_sql(
        "duckdb",
        "_sarcoma_groups",
        columns=[_GROUP],
        keep=[_GROUP],
        size_text=_PLACEHOLDERS,
        features=True,
        edition=edition,
        per_row_edition=named is None or named.null_count < len(named),
    )
    staged = con.sql(sql).to_arrow_table()
    con.unregister("_sarcoma_groups")
    # DuckDB returns the groups in any order: each row's index in the result is found through the group number.
    position = np.empty(len(first), dtype=np.int64)
    position[np.asarray(staged[_GROUP].combine_chunks())] = np.arange(len(first))
    group = position[group]
    out = {c: staged[c].combine_chunks() for c in OUTPUT_COLUMNS}
    # Codes come from each group's message template (the size placeholders do not change a code).
    out[CODES_COLUMN] = codes_array(out["messages"])
    # Rows whose group's messages quote a size get their own message, appended after the groups'.
    quoting = _holds(out["messages"], 1)
    mask = quoting[group]
    if errors is not None:
        mask &= np.asarray(errors.is_null(), dtype=bool)
    message_rows = group
    if mask.any():
        where = np.flatnonzero(mask)
        mm_text, given_text = _size_texts(features, codes, where)
        filled = _fill_sizes(con, out["messages"].take(pa.array(group[where])), given_text, mm_text)
        message_rows = group.copy()
        message_rows[where] = len(out["messages"]) + np.arange(len(where))
        out["messages"] = pa.concat_arrays([out["messages"], filled.cast(out["messages"].type)])
    # Each output column is the groups' values with each row's index into them (Arrow dictionary
    # arrays): no text is copied per row, and DuckDB and Parquet writers read them as dictionaries.
    wanted = [*OUTPUT_COLUMNS, CODES_COLUMN]
    indices = {"messages": pa.array(message_rows.astype(np.int32)), "other": pa.array(group.astype(np.int32))}
    # Not checked again (``safe=False``): every index is a group's or a filled message's position.
    return pa.table(
        {
            c: pa.DictionaryArray.from_arrays(
                indices[c if c == "messages" else "other"], out[c].cast(pa.string()), safe=False
            )
            for c in wanted
        }
    )
