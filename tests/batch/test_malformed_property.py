"""Property: random malformations never lose, merge or reorder rows, and a malformed record is never ``ok``.

Hypothesis writes CSV and NDJSON files of well-formed records and damages some of them (an unclosed
quote, a blank line, a stray delimiter, a missing field, a byte that is not UTF-8, broken JSON). The
vectorized engine (fast C++ CSV reader with its strict fallback, and the NDJSON reader) must give one
row per record, in order; every damaged record is an error row, and every intact record stages as the
per-row reference stages it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sarcoma.batch import stage_file, stage_record
from sarcoma.errors import InvalidInput

COLUMNS = ["id", "site", "size_cm", "grade", "n", "m", "note"]
CSV_DAMAGE = ("none", "none", "none", "unclosed_quote", "blank_line", "stray_delimiter", "missing_field", "bad_utf8")
JSON_DAMAGE = ("none", "none", "none", "blank_line", "truncated", "stray_delimiter", "bad_utf8", "not_object")

# A note never starts with a quote: then the opening quote of a quoted note, met inside a field that an
# unclosed quote left open, is always followed by text, which the strict reader refuses. (A note that
# starts with a quote can close such a field by chance; that record is then valid CSV by definition.)
notes = st.text(alphabet="ab ,;\"'=", max_size=8).filter(lambda s: not s.startswith('"'))
records = st.fixed_dictionaries(
    {
        "site": st.sampled_from(["leg", "arm", "trunk", "C49.2", "moon", ""]),
        "size_cm": st.sampled_from(["3", "8", "12.5", "-1", "", "abc"]),
        "grade": st.sampled_from(["1", "2", "3", "X", ""]),
        "n": st.sampled_from(["N0", "N1", ""]),
        "m": st.sampled_from(["M0", "M1", ""]),
        "note": notes,
    }
)
FAST = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Each example stages a file through DuckDB (about 0.2 s), so the fast suite runs a few; ``slow`` runs many."""
SLOW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
csv_files = st.lists(st.tuples(records, st.sampled_from(CSV_DAMAGE)), min_size=1, max_size=30)
ndjson_files = st.lists(st.tuples(records, st.sampled_from(JSON_DAMAGE)), min_size=1, max_size=30)


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def _csv_damaged(values: list[str], damage: str) -> bytes:
    if damage == "unclosed_quote":
        return _csv_line(values[:1]).encode() + b',"' + _csv_line(values[1:]).encode()
    if damage == "stray_delimiter":
        return (_csv_line(values) + ",").encode()
    if damage == "missing_field":
        return _csv_line(values[:-1]).encode()
    if damage == "bad_utf8":
        return _csv_line(values).encode().replace(b",", b",\xff", 1)
    return _csv_line(values).encode()


def _check(out: Path, expected: list[tuple[dict[str, str] | None, int]]) -> None:
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(expected), "rows out must equal records in"
    for row, (record, number) in zip(rows, expected, strict=True):
        if record is None:
            assert row["status"] == "error", (number, row)
            assert re.search(rf"(row|line) {number}\b", row["messages"]), (number, row["messages"])
        else:
            assert row["id"] == record["id"], "order kept"
            reference = stage_record(record)
            assert {k: row[k] or "" for k in reference} == reference, (record, row)


def _csv_case(data: list[tuple[dict[str, str], str]], crlf: bool) -> None:
    end = b"\r\n" if crlf else b"\n"
    lines = [",".join(COLUMNS).encode()]
    expected: list[tuple[dict[str, str] | None, int]] = []
    for i, (fields, damage) in enumerate(data):
        record = {"id": str(i), **fields}
        if damage == "blank_line":
            lines.append(b"")
            expected.append((None, len(lines)))
        lines.append(_csv_damaged([record[c] for c in COLUMNS], damage))
        expected.append((record if damage in ("none", "blank_line") else None, len(lines)))
    with TemporaryDirectory() as folder:
        src, out = Path(folder) / "in.csv", Path(folder) / "out.ndjson"
        src.write_bytes(end.join(lines) + end)
        assert stage_file(src, out) == len(expected)
        _check(out, expected)


def _json_damaged(record: dict[str, str], damage: str) -> bytes:
    text = json.dumps(record)
    if damage == "truncated":
        return text[: len(text) // 2].encode()
    if damage == "stray_delimiter":
        return (text + ",").encode()
    if damage == "bad_utf8":
        return text.encode().replace(b'"site": "', b'"site": "\xff', 1)
    if damage == "not_object":
        return json.dumps(list(record.values())).encode()
    return text.encode()


def _ndjson_case(data: list[tuple[dict[str, str], str]]) -> None:
    lines: list[bytes] = []
    expected: list[tuple[dict[str, str] | None, int]] = []
    for i, (fields, damage) in enumerate(data):
        record = {"id": str(i), **fields}
        if damage == "blank_line":
            lines.append(b"")
            expected.append((None, len(lines)))
        lines.append(_json_damaged(record, damage))
        expected.append((record if damage in ("none", "blank_line") else None, len(lines)))
    with TemporaryDirectory() as folder:
        src, out = Path(folder) / "in.ndjson", Path(folder) / "out.ndjson"
        src.write_bytes(b"\n".join(lines) + b"\n")
        if all(record is None for record, _ in expected):
            # No line is a JSON object, so the file has no columns: refused before any work.
            with pytest.raises(InvalidInput, match="missing required column"):
                stage_file(src, out)
            return
        assert stage_file(src, out) == len(expected)
        _check(out, expected)


@pytest.mark.slow  # each example is a vectorized run (~0.35 s CPU of DuckDB planning): ~3 s per test
@given(data=csv_files, crlf=st.booleans())
@FAST
def test_damaged_csv_gives_one_row_per_record_in_order(data: list[tuple[dict[str, str], str]], crlf: bool) -> None:
    _csv_case(data, crlf)


@pytest.mark.slow  # each example is a vectorized run (~0.35 s CPU of DuckDB planning): ~3 s per test
@given(data=ndjson_files)
@FAST
def test_damaged_ndjson_gives_one_row_per_line_in_order(data: list[tuple[dict[str, str], str]]) -> None:
    _ndjson_case(data)


@pytest.mark.slow
@given(data=csv_files, crlf=st.booleans())
@SLOW
def test_damaged_csv_many_examples(data: list[tuple[dict[str, str], str]], crlf: bool) -> None:
    _csv_case(data, crlf)


@pytest.mark.slow
@given(data=ndjson_files)
@SLOW
def test_damaged_ndjson_many_examples(data: list[tuple[dict[str, str], str]]) -> None:
    _ndjson_case(data)
