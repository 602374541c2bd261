"""The vectorized engine's CSV writer (``_csvout``) writes the bytes of the reference ``csv_bytes``."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pytest

from sarcoma.batch import _csvout
from sarcoma.batch._csvout import all_text, write_csv
from sarcoma.batch._formats import csv_bytes

TEXT = pa.dictionary(pa.int32(), pa.string())
CELLS = ["", "plain", "a, b", 'say "hi"', "two\nlines", "cr\rline", "=1+1", "+4.5e2", "-3", "@x", "\tt", "  spaced  "]


def _written(table: pa.Table, excel_safe: bool) -> bytes:
    out = io.BytesIO()
    write_csv(iter([table]), list(table.column_names), out, excel_safe)
    return out.getvalue()


def _reference(table: pa.Table, excel_safe: bool) -> bytes:
    plain = pa.table([c.cast(pa.string()) for c in table.columns], names=table.column_names)
    return csv_bytes(plain, header=True, excel_safe=excel_safe)


@pytest.mark.parametrize("excel_safe", [True, False])
def test_every_cell_kind_in_plain_and_dictionary_columns(excel_safe: bool) -> None:
    cells = [*CELLS, None]
    rows = list(itertools.product(cells, repeat=2))
    a, b = [r[0] for r in rows], [r[1] for r in rows]
    group = np.arange(len(rows)) % 7
    table = pa.table(
        {
            "a": pa.array(a, pa.string()),
            "=name": pa.array(b, pa.string()),
            "d1": pa.DictionaryArray.from_arrays(pa.array(group, pa.int32()), pa.array(cells[:7], pa.string())),
            "d2": pa.DictionaryArray.from_arrays(pa.array(np.arange(len(rows)) % 13, pa.int32()), pa.array(cells)),
        }
    )
    assert all_text(table.schema)
    assert _written(table, excel_safe) == _reference(table, excel_safe)


def test_dictionary_columns_that_do_not_follow_one_index_and_null_indices() -> None:
    rng = np.random.default_rng(5)
    n = 1000
    values = pa.array(CELLS, pa.string())
    first = rng.integers(0, len(CELLS), n)
    table = pa.table(
        {
            "x": pa.DictionaryArray.from_arrays(pa.array(first, pa.int32()), values),
            "y": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, len(CELLS), n), pa.int32()), values),
            "z": pa.DictionaryArray.from_arrays(
                pa.array([None if i % 9 == 0 else int(i % 5) for i in range(n)], pa.int32()), values
            ),
            "last": pa.array([str(i) for i in range(n)]),
        }
    )
    assert _written(table, True) == _reference(table, True)


def test_several_slices_and_chunks_keep_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_csvout, "SLICE_ROWS", 7)
    ids = [str(i) for i in range(100)]
    plain = pa.chunked_array([ids[:30], ids[30:31], ids[31:]], pa.string())
    group = pa.array(np.arange(100) // 10, pa.int32())
    labels = pa.array([f"g{i}, {i}" for i in range(10)])
    table = pa.table(
        {
            "id": plain,
            "status": pa.DictionaryArray.from_arrays(group, pa.array(["ok"] * 10)),
            "messages": pa.DictionaryArray.from_arrays(group, labels),
        }
    )
    assert _written(table, True) == _reference(table, True)
    assert _written(table.slice(0, 0), True) == _reference(table.slice(0, 0), True)
    out = io.BytesIO()
    write_csv(iter([table, table.slice(0, 0), table.slice(50)]), list(table.column_names), out, True)
    assert out.getvalue() == _reference(pa.concat_tables([table, table.slice(50)]), True)


def test_typed_columns_are_left_to_duckdb() -> None:
    assert not all_text(pa.schema([pa.field("size", pa.float64()), pa.field("s", pa.string())]))
    assert all_text(pa.schema([pa.field("s", TEXT), pa.field("t", pa.large_string())]))


def test_parquet_dictionaries_are_compacted_without_changing_values() -> None:
    from sarcoma.batch._write import _compact

    group = pa.array([0, 1, 2, 3, 2, 1, 0], pa.int32())
    per_group = pa.array(["a", "b", "a", None])
    table = pa.table({"id": list("abcdefg"), "x": pa.DictionaryArray.from_arrays(group, per_group)})
    compact = _compact(table)
    assert compact.schema == table.schema
    assert compact.to_pylist() == table.to_pylist()
    assert compact["x"].chunk(0).dictionary.to_pylist() == ["a", "b"]


def test_the_staging_thread_keeps_at_most_one_chunk_ahead() -> None:
    import threading
    import time

    from sarcoma.batch._write import _background

    produced = []

    def chunks() -> Iterator[int]:
        for i in range(1, 7):
            produced.append(i)
            yield i

    seen = []
    for k in _background(chunks(), [], threading.Event()):
        time.sleep(0.05)  # the producer has time to run ahead if it could
        assert len(produced) <= k + 1, (k, produced)
        seen.append(k)
    assert seen == [1, 2, 3, 4, 5, 6]


def test_a_producer_error_ends_the_stream_and_is_kept() -> None:
    import threading

    from sarcoma.batch._write import _background

    def chunks() -> Iterator[int]:
        yield 1
        raise ValueError("bad chunk")

    errors: list[BaseException] = []
    assert list(_background(chunks(), errors, threading.Event())) == [1]
    assert [str(e) for e in errors] == ["bad chunk"]


def test_summary_counts_and_first_rows_equal_a_plain_count_over_chunks() -> None:
    import collections

    from sarcoma.batch._summary import FIRST_ROWS, Summary

    rng = np.random.default_rng(3)
    statuses = ["ok", "warning", "error"]
    code_texts = ["", "n_missing_as_n0", "n_missing_as_n0|m_missing_as_m0", "site_unknown", None]
    summary, rows = Summary(), []
    for part in range(3):
        n = 500
        status = rng.integers(0, 3, n)
        codes = rng.integers(0, len(code_texts), n)
        if part == 1:  # dictionary-encoded, with a repeated text under another index and a null index
            dictionary = pa.array([*code_texts, "site_unknown"])
            indices = pa.array([None if i % 50 == 0 else int(c) for i, c in enumerate(codes)], pa.int32())
            column = pa.DictionaryArray.from_arrays(indices, dictionary)
            texts = column.to_pylist()
        else:
            texts = [code_texts[c] for c in codes]
            column = pa.array(texts)
        table = pa.table({"status": pa.array([statuses[s] for s in status]), "message_codes": column})
        summary.add(table)
        rows += list(zip([statuses[s] for s in status], texts, strict=True))
    found = collections.defaultdict(list)
    for number, (_, text) in enumerate(rows, 1):
        for code in dict.fromkeys((text or "").split("|")):
            if code:
                found[code].append(number)
    data = summary.to_dict()
    assert [data[s] for s in statuses] == [sum(r[0] == s for r in rows) for s in statuses]
    listed = data["top_errors"] + data["top_warnings"]
    assert {e["code"] for e in listed} == set(found)
    for entry in listed:
        assert entry["rows"] == len(found[entry["code"]])
        assert entry["first_rows"] == found[entry["code"]][:FIRST_ROWS]
