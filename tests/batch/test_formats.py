"""File formats, refusals before any work, rows out equal rows in, and the progress/quiet CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sarcoma.batch import OUTPUT_COLUMNS, stage_file, stage_file_rowwise
from sarcoma.batch._write import output_columns
from sarcoma.cli._main import app
from sarcoma.errors import InvalidInput

runner = CliRunner()
RECORDS = [
    {"id": 1, "site": "leg", "size_cm": "8", "grade": "3", "n": "N0", "m": "M0"},
    {"id": 2, "site": "arm", "size_cm": "-4"},
    {"id": 3, "site": "C48.0", "size_cm": "22", "grade": "1"},
]


def test_ndjson_round_trip_keeps_order_and_types(tmp_path: Path) -> None:
    src = tmp_path / "in.ndjson"
    lines = [json.dumps(r) for r in RECORDS] + [
        "{not json",
        "[1, 2]",
        "",
        json.dumps({"id": 9, "site": "leg", "size_cm": 3.5}),
    ]
    src.write_text("\n".join(lines) + "\n")
    out, ref = tmp_path / "out.jsonl", tmp_path / "ref.ndjson"
    assert stage_file(src, out) == 7
    stage_file_rowwise(src, ref)
    got = [json.loads(x) for x in out.read_text().splitlines()]
    ref_rows = [json.loads(x) for x in ref.read_text().splitlines()]
    assert [{k: v for k, v in g.items() if k in ref_rows[0]} for g in got] == ref_rows
    assert [g["id"] for g in got] == ["1", "2", "3", None, None, None, "9"]
    assert got[0]["ajcc_stage"] == "IIIA" and got[1]["status"] == "error"
    assert got[3]["messages"].startswith("malformed JSON line 4") and "not a JSON object" in got[4]["messages"]
    assert got[5]["status"] == "error" and got[5]["messages"].startswith("empty line 6")
    assert got[6]["ajcc_t"] == "T1"


@pytest.mark.parametrize("out_name", ["out.csv", "out.parquet", "out.ndjson"])
def test_any_input_format_to_any_output_format(tmp_path: Path, out_name: str) -> None:
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(RECORDS), src)
    out = tmp_path / out_name
    assert stage_file(src, out) == 3
    if out.suffix == ".parquet":
        rows = pq.read_table(out).to_pylist()
    elif out.suffix == ".csv":
        rows = pa.csv.read_csv(out).to_pylist()  # type: ignore[attr-defined]
    else:
        rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["status"] for r in rows] == ["ok", "error", "warning"]
    added = output_columns("both")  # the seven outputs, with message_codes before messages
    assert list(rows[0])[-len(added) :] == list(added)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.csv", None, "no such file"),
        ("empty.csv", "", "empty"),
        ("nosite.csv", "id,size_cm\n1,3\n", "missing required column(s) site"),
        ("nosize.csv", "id,site\n1,leg\n", "needs a size_cm, size_mm, t or extent column"),
        ("clash.csv", "site,size_cm,status\nleg,3,x\n", "already has output column"),
        ("latin1.csv", b"s\xefte,size_cm\nleg,3\n", "not UTF-8"),
        ("broken.parquet", b"PAR1 this is not parquet", "not a readable Parquet file"),
        ("data.txt", "site\nleg\n", "unknown file type"),
    ],
)
def test_bad_files_are_refused_before_any_work(
    tmp_path: Path, name: str, content: str | bytes | None, fragment: str
) -> None:
    src = tmp_path / name
    if isinstance(content, bytes):
        src.write_bytes(content)
    elif content is not None:
        src.write_text(content)
    out = tmp_path / "out.csv"
    with pytest.raises(InvalidInput, match=None) as info:
        stage_file(src, out)
    assert fragment in info.value.message
    assert not out.exists()
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 2 and fragment in result.stderr and "Traceback" not in result.output


def test_cli_batch_is_quiet_without_a_terminal_and_reports_the_rate(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(RECORDS * 1000), src)
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "staged 3,000 rows" in result.stderr and "rows/s" in result.stderr and "staging" not in result.stderr


def test_cli_batch_rowwise_engine_gives_the_same_file(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,site,size_cm,grade\n1,leg,8,3\n2,moon,3,1\n3,arm,5.05,X\n")
    for engine in ("vectorized", "rowwise"):
        result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / f"{engine}.csv"), "--engine", engine])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "vectorized.csv").read_text() == (tmp_path / "rowwise.csv").read_text()
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "x.csv"), "--engine", "fast"])
    assert result.exit_code == 2 and "unknown engine" in result.stderr


@pytest.mark.slow  # stages 300,000 rows
def test_large_parquet_streams_in_chunks_and_keeps_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sarcoma.batch import _duckdb
    from sarcoma.batch._synthetic import synthetic_table

    monkeypatch.setattr(_duckdb, "CHUNK_ROWS", 100_000)
    src = tmp_path / "big.parquet"
    pq.write_table(synthetic_table(300_000, kind="registry"), src, row_group_size=65_536)
    out = tmp_path / "staged.parquet"
    assert stage_file(src, out, memory_limit="256MB") == 300_000
    meta = pq.ParquetFile(out).metadata
    assert meta.num_rows == 300_000 and meta.num_row_groups > 1
    assert pq.read_table(out, columns=["id"])["id"].to_pylist() == list(range(300_000))


def test_csv_output_quotes_only_where_needed_and_round_trips(tmp_path: Path) -> None:
    import csv
    import io

    notes = ["plain", "a, b", 'say "hi"', "two\nlines", "", "  spaced  "]
    src = tmp_path / "in.csv"
    with src.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "site", "size_cm", "note"])
        writer.writerows([i, "leg", "8", note] for i, note in enumerate(notes))
    out, ref = tmp_path / "out.csv", tmp_path / "ref.csv"
    stage_file(src, out)
    stage_file_rowwise(src, ref)
    text = out.read_text()
    assert text == ref.read_text()
    assert (
        text.startswith("id,site,size_cm,note,ajcc_t,")
        and "\n0,leg,8,plain,T2,N0,M0,GX,IB,warning,n_missing_as_n0|" in text
    )
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["note"] for r in rows] == notes
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(list(rows[0]))
    writer.writerows(list(r.values()) for r in rows)
    assert text == expected.getvalue()


def test_typed_parquet_columns_stage_as_the_reference(tmp_path: Path) -> None:
    """Floats (0.0 and -0.0 read differently), integers and nulls go through the factorized engine as text."""
    table = pa.table(
        {
            "site": ["leg", "leg", "arm", None, "leg", "leg"],
            "size_cm": [8.0, -0.0, 0.0, 3.5, None, 1e20],
            "grade": pa.array([3, 2, None, 1, 9, 3], pa.int64()),
        }
    )
    src = tmp_path / "typed.parquet"
    pq.write_table(table, src)
    stage_file(src, tmp_path / "fast.parquet")
    stage_file_rowwise(src, tmp_path / "ref.parquet")
    fast = pq.read_table(tmp_path / "fast.parquet").select(list(OUTPUT_COLUMNS))
    ref = pq.read_table(tmp_path / "ref.parquet").select(list(OUTPUT_COLUMNS))
    assert fast.to_pylist() == ref.to_pylist()


def test_column_features_are_exactly_the_per_column_layers() -> None:
    from sarcoma.batch import _sql
    from sarcoma.batch._compile import Plan
    from sarcoma.batch._dialect import get_dialect
    from sarcoma.batch._features import COLUMN_FEATURES

    plan = Plan()
    _sql._read(plan, get_dialect("duckdb"), [], None)
    _sql._parse(plan, get_dialect("duckdb"))
    defined = {name for layer in plan.layers for name, _ in layer}
    per_column = defined - {"_s_row_error"} - {n for n in defined if n.startswith("_s_r_")}
    listed = {n for names in COLUMN_FEATURES.values() for n in names}
    assert listed == per_column
