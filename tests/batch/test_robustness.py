"""Registries can trust every row: issue 16 batch failures, each reproduced as a regression test.

Malformed records are error rows (never merged, never dropped), NDJSON columns come from the whole
file, the output is never the input, it is written whole or not at all, CSV cells cannot start a
spreadsheet formula, and bad files give one line instead of a traceback. Both engines are checked.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sarcoma.batch import stage_file, stage_file_rowwise
from sarcoma.batch._output import excel_safe_array, excel_safe_sql, excel_safe_text
from sarcoma.batch._reading import BatchIntegrityError, Tally, check_rows, count_lines
from sarcoma.cli._main import app
from sarcoma.errors import InvalidInput

runner = CliRunner()
Engine = Callable[[Path, Path], int]
ENGINES: dict[str, Engine] = {
    "vectorized": lambda src, out: stage_file(src, out),
    "rowwise": lambda src, out: stage_file_rowwise(src, out),
}
engines = pytest.mark.parametrize("engine", sorted(ENGINES))
big_engines = pytest.mark.parametrize("engine", ["vectorized", pytest.param("rowwise", marks=pytest.mark.slow)])
"""For files of thousands of rows the per-row engine takes seconds: it runs with the slow tests."""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _partials(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".partial" in p.name]


# 7. Rows vanish: an unclosed quote swallowed every later row into one cell (5,000 in -> 1,001 out).


@big_engines
def test_an_unclosed_quote_costs_its_own_row_only(tmp_path: Path, engine: str) -> None:
    lines = ["id,site,size_cm,grade,n,m"] + [f"{i},leg,8,3,N0,M0" for i in range(5000)]
    lines[1001] = '1000,"leg,8,3,N0,M0'
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("\n".join(lines) + "\n")
    assert ENGINES[engine](src, out) == 5000
    rows = _rows(out)
    assert len(rows) == 5000
    bad = [r for r in rows if r["status"] == "error"]
    assert len(bad) == 1
    assert bad[0]["messages"].startswith("malformed CSV record at line 1002: a quote opened in this row")
    assert [r["id"] for r in rows if r["status"] != "error"] == [str(i) for i in range(5000) if i != 1000]
    assert {r["ajcc_stage"] for r in rows if r["status"] != "error"} == {"IIIA"}


@engines
def test_quoted_line_breaks_are_one_record_and_a_stray_closing_quote_never_merges(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    text = 'id,site,size_cm,note\n1,leg,8,"two\nlines"\n2,"leg,8,x\n3,arm,3,y\n4,leg,"5,a\n5,leg",4,b\n'
    src.write_text(text)
    ENGINES[engine](src, out)
    rows = _rows(out)
    assert [r["note"] for r in rows][:1] == ["two\nlines"] and rows[0]["status"] != "error"
    # Line 7 (5,leg",4,b) is read alone after line 6 is refused: a quote inside a field is a character.
    assert [r["id"] for r in rows] == ["1", "", "3", "", "5"]
    assert [r["status"] == "error" for r in rows] == [False, True, False, True, True]
    assert "line 4: a quote opened" in rows[1]["messages"] and "line 6: a quote opened" in rows[3]["messages"]


@engines
def test_blank_lines_and_bad_field_counts_are_error_rows_in_place(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,site,size_cm\n1,leg,8\n\n2,arm,3,extra\n3,leg\n   \n4,arm,3\n")
    assert ENGINES[engine](src, out) == 6
    rows = _rows(out)
    assert [r["status"] == "error" for r in rows] == [False, True, True, True, True, False]
    assert rows[1]["messages"].startswith("empty line 3") and rows[4]["messages"].startswith("empty line 6")
    assert rows[2]["messages"] == "malformed CSV record at line 4: expected 3 fields, found 4" and rows[2]["id"] == "2"
    assert [r["id"] for r in rows] == ["1", "", "2", "3", "", "4"]


@big_engines
def test_a_late_non_utf8_byte_is_an_error_row_with_its_line(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    body = b"".join(b"%d,leg,8\n" % i for i in range(3000))
    src.write_bytes(b"id,site,size_cm\n" + body + b"7,l\xe9g,8\n8,leg,3\n")
    assert ENGINES[engine](src, out) == 3002
    rows = _rows(out)
    assert rows[3000]["status"] == "error" and rows[3000]["messages"].startswith("line 3002: not UTF-8 text")
    assert rows[3001]["id"] == "8" and rows[3001]["status"] != "error"


@engines
def test_a_field_over_128_kb_is_an_error_row(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    big = "y" * 200_000
    src.write_text(f'id,site,size_cm,note\n1,leg,8,x\n2,arm,3,{big}\n3,leg,4,"{big}"\n4,leg,4,z\n')
    assert ENGINES[engine](src, out) == 4
    rows = _rows(out)
    assert [r["status"] == "error" for r in rows] == [False, True, True, False]
    assert rows[1]["messages"] == "line 3: a field is longer than 131072 characters"


def test_the_reader_accounts_for_every_line() -> None:
    tally = Tally(rows=3, lines=4)
    check_rows(Path("x.csv"), 3, tally)
    with pytest.raises(BatchIntegrityError, match="3 records read but 2 rows staged"):
        check_rows(Path("x.csv"), 2, tally)


def test_count_lines_counts_a_last_line_without_newline(tmp_path: Path) -> None:
    for text, expected in [(b"", 0), (b"a", 1), (b"a\n", 1), (b"a\n\n", 2), (b"a\nb", 2), (b'"x\ny"\n', 2)]:
        (tmp_path / "f").write_bytes(text)
        assert count_lines(tmp_path / "f") == expected


# 8. Wrong stage, silently: NDJSON columns were inferred from the first 10,000 lines.


@big_engines
def test_ndjson_columns_come_from_the_whole_file(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.ndjson", tmp_path / "out.ndjson"
    with src.open("w") as f:
        for i in range(10_000):
            f.write(json.dumps({"id": i, "site": "leg", "size_cm": "3"}) + "\n")
        f.write(json.dumps({"id": 10_000, "site": "leg", "size_cm": "3", "grade": 3, "n": "N1", "m": "M1"}) + "\n")
    assert ENGINES[engine](src, out) == 10_001
    last = json.loads(out.read_text().splitlines()[-1])
    assert last["ajcc_stage"] == "IV" and last["grade"] == "3"


def test_ndjson_explicit_schema_refuses_unknown_keys_per_row(tmp_path: Path) -> None:
    src, out = tmp_path / "in.ndjson", tmp_path / "out.ndjson"
    src.write_text('{"site": "leg", "size_cm": 3}\n{"site": "leg", "size_cm": 3, "grade": 3}\n')
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--schema", "site,size_cm"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert list(rows[0])[:2] == ["site", "size_cm"] and "grade" not in rows[0]
    assert rows[0]["status"] != "error"
    assert rows[1]["status"] == "error" and rows[1]["messages"].startswith("malformed JSON line 2: key(s) grade")
    (tmp_path / "x.csv").write_text("site,size_cm\nleg,3\n")
    result = runner.invoke(app, ["batch", str(tmp_path / "x.csv"), "-o", str(out), "--schema", "site"])
    assert result.exit_code == 2 and "--schema applies to NDJSON input only" in result.stderr


# 9. The input is destroyed when -o names it.


def _same_file_spellings(tmp_path: Path, src: Path) -> list[Path]:
    link = tmp_path / f"link{src.suffix}"
    link.symlink_to(src)
    hard = tmp_path / f"hard{src.suffix}"
    os.link(src, hard)
    return [src, tmp_path / "sub" / ".." / src.name, link, hard]


@pytest.mark.parametrize(
    ("engine", "name", "text"),
    [
        ("vectorized", "in.ndjson", '{"site": "leg", "size_cm": 3}\n' * 5),
        ("rowwise", "in.ndjson", '{"site": "leg", "size_cm": 3}\n' * 5),
        ("vectorized", "in.csv", "site,size_cm\n" + "leg,3\n" * 5),
    ],
)
def test_output_that_is_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, engine: str, name: str, text: str
) -> None:
    (tmp_path / "sub").mkdir()
    src = tmp_path / name
    src.write_text(text)
    for out in _same_file_spellings(tmp_path, src):
        result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--engine", engine])
        assert result.exit_code == 2, (out, result.output)
        assert "the output is the input file" in result.stderr and "Traceback" not in result.output
        assert src.read_text() == text
    assert not _partials(tmp_path)


def test_output_folder_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("site,size_cm\nleg,3\n")
    (tmp_path / "out.csv").mkdir()
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2 and "is a folder" in result.stderr


# 10. Output is not atomic.


@pytest.mark.parametrize("out_name", ["out.csv", "out.parquet", "out.ndjson"])
@engines
def test_header_only_input_replaces_the_previous_output_with_a_valid_empty_file(
    tmp_path: Path, engine: str, out_name: str
) -> None:
    src, out = tmp_path / "in.csv", tmp_path / out_name
    src.write_text("id,site,size_cm\n1,leg,8\n")
    ENGINES[engine](src, out)
    src.write_text("id,site,size_cm\n")
    assert ENGINES[engine](src, out) == 0
    if out.suffix == ".csv":
        assert out.read_text().splitlines()[0].startswith("id,site,size_cm,ajcc_t")
        assert len(out.read_text().splitlines()) == 1
    elif out.suffix == ".parquet":
        table = pq.read_table(out)
        assert table.num_rows == 0 and table.column_names[:3] == ["id", "site", "size_cm"]
    else:
        assert out.read_text() == ""
    assert not _partials(tmp_path)


def _naaccr_xml(tumors: int, broken: bool) -> str:
    items = '<Item naaccrId="primarySite">C492</Item><Item naaccrId="tumorSizeSummary">080</Item>'
    body = "".join(
        f'<Patient><Item naaccrId="patientIdNumber">{i}</Item><Tumor>{items}</Tumor></Patient>\n' for i in range(tumors)
    )
    tail = "<Patient><Tumor><Item" if broken else "</NaaccrData>\n"
    return f'<NaaccrData xmlns="http://naaccr.org/naaccrxml">\n{body}{tail}'


@pytest.mark.parametrize("engine", ["vectorized", "rowwise"])
def test_a_failure_mid_file_leaves_the_previous_output_untouched(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.xml", tmp_path / "out.csv"
    src.write_text(_naaccr_xml(3, broken=False))
    assert runner.invoke(app, ["batch", str(src), "-o", str(out), "--engine", engine]).exit_code == 0
    before = out.read_bytes()
    src.write_text(_naaccr_xml(2000, broken=True))
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--engine", engine])
    assert result.exit_code == 2 and "NAACCR XML breaks off" in result.stderr and "Traceback" not in result.output
    assert out.read_bytes() == before
    assert not _partials(tmp_path)


@pytest.mark.slow  # writes a 600,000-row file and stops a real `sarcoma batch` process
def test_kill_9_during_a_run_leaves_no_output_file(tmp_path: Path) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with src.open("w") as f:
        f.write("id,site,size_cm,grade,n,m,note\n")
        f.writelines(f"{i},leg,{i % 300 + 1},{i % 3 + 1},N0,M0,n{i}\n" for i in range(600_000))
    out.write_text("previous run\n")
    command = [str(Path(sys.executable).parent / "sarcoma"), "batch", str(src), "-o", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not _partials(tmp_path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed; use a bigger file"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert out.read_text() == "previous run\n"
    partials = _partials(tmp_path)
    # The hidden partial file (and DuckDB's own tmp_ copy of it, if its writer was mid-way): never out.csv.
    assert all(".out.csv.partial-" in p.name for p in partials), partials
    assert {p.name for p in tmp_path.iterdir()} - {p.name for p in partials} == {"in.csv", "out.csv"}


@pytest.mark.slow  # as above, per engine
@pytest.mark.parametrize("engine", ["vectorized", "rowwise"])
def test_sigterm_during_a_run_removes_the_partial_file_and_says_so(tmp_path: Path, engine: str) -> None:
    """A scheduler's SIGTERM unwinds like an error: one line, exit 143, no partial file, old output untouched."""
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with src.open("w") as f:
        f.write("id,site,size_cm,grade,n,m,note\n")
        f.writelines(f"{i},leg,{i % 300 + 1},{i % 3 + 1},N0,M0,n{i}\n" for i in range(600_000))
    out.write_text("previous run\n")
    command = [str(Path(sys.executable).parent / "sarcoma"), "batch", str(src), "-o", str(out), "--engine", engine]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _partials(tmp_path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be stopped; use a bigger file"
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == "error: stopped before the end; no output file was written"
    assert out.read_text() == "previous run\n"
    assert {p.name for p in tmp_path.iterdir()} == {"in.csv", "out.csv"}


# 11. Formula injection.

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "-3", "+4.5e2", "plain", "", "'=x"]
SAFE = ["'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\tTAB", "'\rCR", "-3", "+4.5e2", "plain", "", "'=x"]


def test_excel_safety_rule_is_the_same_in_arrow_python_and_duckdb_sql() -> None:
    assert excel_safe_array(pa.array([*FORMULAS, None], pa.large_string())).to_pylist() == [*SAFE, None]
    assert [excel_safe_text(v) for v in FORMULAS] == SAFE
    con = duckdb.connect()
    values = ", ".join(f"({i}, ?)" for i in range(len(FORMULAS)))
    rows = con.execute(f"SELECT {excel_safe_sql('v')} FROM (VALUES {values}) t(i, v) ORDER BY i", FORMULAS).fetchall()
    assert [r[0] for r in rows] == SAFE


@engines
def test_csv_output_neutralises_formula_cells(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with src.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "site", "size_cm", "=note"])
        writer.writerows([v, "leg", "8", v] for v in FORMULAS)
    ENGINES[engine](src, out)
    rows = _rows(out)
    assert [r["id"] for r in rows] == SAFE and [r["'=note"] for r in rows] == SAFE


def test_no_excel_safety_and_other_formats_keep_cells_as_given(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": FORMULAS, "site": ["leg"] * len(FORMULAS), "size_cm": [-3.0] * len(FORMULAS)}), src)
    for engine in ("vectorized", "rowwise"):
        out = tmp_path / f"{engine}.csv"
        result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--engine", engine, "--no-excel-safety"])
        assert result.exit_code == 0, result.output
        assert [r["id"] for r in _rows(out)][:7] == FORMULAS[:7]
        result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "safe.csv"), "--engine", engine])
        assert not any(r["size_cm"].startswith("'") for r in _rows(tmp_path / "safe.csv"))
        stage_file(src, tmp_path / "out.parquet")
        assert pq.read_table(tmp_path / "out.parquet")["id"].to_pylist() == FORMULAS


# 13. One line instead of a traceback.


def _cli(src: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), *extra])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "dup.csv"
    src.write_text("id,site,site,size_cm\n1,leg,arm,8\n")
    code, err = _cli(src, tmp_path / "out.csv")
    assert code == 2 and "'site' appear more than once" in err
    pq.write_table(
        pa.Table.from_arrays([pa.array(["leg"]), pa.array(["arm"])], names=["site", "site"]), tmp_path / "d.parquet"
    )
    code, err = _cli(tmp_path / "d.parquet", tmp_path / "out.csv")
    assert code == 2 and "more than once" in err


def test_parquet_struct_and_binary_columns_give_one_line(tmp_path: Path) -> None:
    """The vectorized engine writes them as DuckDB's text; the per-row reference refuses them in one line."""
    struct = tmp_path / "struct.parquet"
    pq.write_table(pa.table({"site": ["leg"], "size_cm": ["8"], "s": [{"a": 1}]}), struct)
    code, _ = _cli(struct, tmp_path / "out.csv")
    assert code == 0 and _rows(tmp_path / "out.csv")[0]["s"] == "{'a': 1}"
    code, err = _cli(struct, tmp_path / "row.csv", "--engine", "rowwise")
    assert code == 2 and "column 's' is struct" in err
    code, _ = _cli(struct, tmp_path / "out.parquet")
    assert code == 0 and pq.read_table(tmp_path / "out.parquet")["s"].to_pylist() == [{"a": 1}]
    binary = tmp_path / "bin.parquet"
    pq.write_table(pa.table({"site": ["leg"], "size_cm": ["8"], "b": [b"\x00\xff"]}), binary)
    code, _ = _cli(binary, tmp_path / "out.csv")
    assert code == 0 and _rows(tmp_path / "out.csv")[0]["b"] == "\\x00\\xFF"
    code, err = _cli(binary, tmp_path / "row.csv", "--engine", "rowwise")
    assert code == 2 and "cannot be written as CSV text" in err
    assert not _partials(tmp_path)


@pytest.mark.parametrize(
    ("limit", "fragment"),
    [("60MB", "at least 512MB"), ("1KB", "at least 512MB"), ("abc", "a size such as 2GB"), ("0", "a size such as 2GB")],
)
def test_memory_limit_is_checked_with_the_minimum(tmp_path: Path, limit: str, fragment: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("site,size_cm\nleg,3\n")
    code, err = _cli(src, tmp_path / "out.csv", "--memory-limit", limit)
    assert code == 2 and fragment in err
    assert not (tmp_path / "out.csv").exists()


def test_bad_input_errors_subclass_value_error() -> None:
    assert issubclass(BatchIntegrityError, ValueError) and issubclass(InvalidInput, ValueError)
