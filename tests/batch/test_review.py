"""A registrar's review of batch staging: every reader and engine gives each row the same status.

The vectorized engine reads CSV with pyarrow's C++ parser when it can (:mod:`sarcoma.batch._fastcsv`)
and with the strict Python reader otherwise; the per-row engine always uses the strict reader. A row
must come out the same whichever path read it.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from sarcoma.batch import _duckdb, stage_file, stage_file_rowwise
from sarcoma.batch._fastcsv import Fallback, _lines, open_fast_csv
from sarcoma.batch._formats import Source
from sarcoma.cli._main import app

HEADER = "id,site,histology,size_cm,grade,n,m"
GOOD = "9,C49.2,8802/3,5,1,N0,M0"
runner = CliRunner()

MISPLACED_QUOTES = {
    "text after a closing quote": '1,"C49"2,8802/3,5,1,N0,M0',
    "text after an empty quoted cell": '1,""C49.2,8802/3,5,1,N0,M0',
    "text after an escaped quote and the closing quote": '1,"C49.2"""x,8802/3,5,1,N0,M0',
    "a quote inside an unquoted cell": '1,C4"9.2,8802/3,5,1,N0,M0',
    "a misplaced quote in the last cell": '1,C49.2,8802/3,5,1,N0,"M0"x',
}
WELL_QUOTED = {
    "quoted cells": '1,"C49.2","8802/3","5","1","N0","M0"',
    "an escaped quote inside a quoted cell": '1,"C49.2 ""left""",8802/3,5,1,N0,M0',
    "an empty quoted cell": '1,"",8802/3,5,1,N0,M0',
}


def _statuses(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return [(row["status"], row["message_codes"]) for row in csv.DictReader(f)]


def _write(tmp_path: Path, line: str) -> Path:
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\n{GOOD}\n{line}\n{GOOD}\n", encoding="utf-8")
    return src


def _strict_reader(src: Path, out: Path) -> int:
    """The vectorized engine with the strict Python reader (as when the fast reader falls back at once)."""

    def refuse(path: Path) -> Source:
        raise Fallback(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_duckdb, "open_fast_csv", refuse)
        return stage_file(src, out)


def _all_paths(src: Path, tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    """Statuses from: the default engine (fast reader when it applies), the same engine with the strict
    reader, and the per-row engine."""
    runs: dict[str, Callable[[Path], int]] = {
        "vectorized": lambda out: stage_file(src, out),
        "vectorized-strict-reader": lambda out: _strict_reader(src, out),
        "rowwise": lambda out: stage_file_rowwise(src, out),
    }
    found = {}
    for name, run in runs.items():
        out = tmp_path / f"{name}.csv"
        assert run(out) == 3, name
        found[name] = _statuses(out)
    return found


@pytest.mark.parametrize("case", sorted(MISPLACED_QUOTES))
def test_a_misplaced_quote_gives_the_same_row_whichever_reader_reads_it(tmp_path: Path, case: str) -> None:
    src = _write(tmp_path, MISPLACED_QUOTES[case])
    with pytest.raises(Fallback):
        list(open_fast_csv(src).batches())
    found = _all_paths(src, tmp_path)
    assert found["vectorized"] == found["rowwise"] == found["vectorized-strict-reader"], found
    assert found["vectorized"][0] == found["vectorized"][2] == ("ok", "")


def test_text_after_a_closing_quote_is_an_error_row_not_a_silent_ok(tmp_path: Path) -> None:
    found = _all_paths(_write(tmp_path, MISPLACED_QUOTES["text after a closing quote"]), tmp_path)
    assert {statuses[1] for statuses in found.values()} == {("error", "csv_quote")}


@pytest.mark.parametrize("case", sorted(WELL_QUOTED))
def test_well_quoted_cells_stay_on_the_fast_reader_and_agree(tmp_path: Path, case: str) -> None:
    src = _write(tmp_path, WELL_QUOTED[case])
    assert sum(b.num_rows for b in open_fast_csv(src).batches()) == 3
    found = _all_paths(src, tmp_path)
    assert found["vectorized"] == found["rowwise"] == found["vectorized-strict-reader"], found


# Memory: the fast reader must not read ahead with the file (16 MB blocks held the first 512 MB).


def test_the_fast_csv_reader_holds_a_bounded_part_of_the_file(tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    line = (GOOD + "\n").encode()
    with src.open("wb") as f:
        f.write((HEADER + "\n").encode())
        block = line * ((1 << 20) // len(line) + 1)
        while f.tell() < 96 << 20:
            f.write(block)
    rows, held = 0, 0
    base = pa.total_allocated_bytes()  # other tests' session fixtures may hold Arrow memory: count only ours
    for batch in open_fast_csv(src).batches():
        rows += batch.num_rows
        held = max(held, pa.total_allocated_bytes() - base)
        del batch
    assert rows == (src.stat().st_size - len(HEADER) - 1) // len(line)
    assert held < 64 << 20, f"the reader held {held >> 20} MB of a {src.stat().st_size >> 20} MB file"


def _peak_rss_mb(src: Path, out: Path) -> float:
    done = subprocess.run(
        [
            "/usr/bin/time",
            "-f",
            "MAXRSS_KB %M",
            str(Path(sys.executable).with_name("sarcoma")),
            "batch",
            str(src),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stderr.rsplit("MAXRSS_KB ", 1)[1].split()[0]) / 1024


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/time").exists(), reason="GNU time is needed to read the peak RSS")
def test_peak_memory_of_a_csv_run_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """4M and 12M rows (both several chunks): the lower of two peaks differs by under 15% (before the reader
    fix: +27 MB per 1M rows, +216 MB here). A run's peak varies by about 60 MB from one run to the next
    with jemalloc's page reuse, so each size runs twice, alternating, and the lower peak counts."""
    import duckdb
    import pyarrow.parquet as pq

    from sarcoma.batch._synthetic import synthetic_batches

    parquet = tmp_path / "rows.parquet"
    with pq.ParquetWriter(parquet, next(synthetic_batches(1, kind="registry")).schema) as writer:
        for chunk in synthetic_batches(12_000_000, kind="registry"):
            writer.write_table(chunk)
    files = {}
    for rows in (4_000_000, 12_000_000):
        files[rows] = tmp_path / f"{rows}.csv"
        duckdb.sql(
            f"COPY (SELECT * FROM read_parquet('{parquet}') LIMIT {rows}) TO '{files[rows]}' (HEADER, DELIMITER ',')"
        )
    parquet.unlink()
    peaks: dict[int, list[float]] = {rows: [] for rows in files}
    for _ in range(2):
        for rows, src in files.items():
            peaks[rows].append(_peak_rss_mb(src, tmp_path / "out.csv"))
    assert min(peaks[12_000_000]) < 1.15 * min(peaks[4_000_000]), peaks


# Registrar's malformed files: same rows on both engines, rows out = records in, summary = output.

ROWS = [GOOD, "2,C49.2,8802/3,12,3,N1,M0"]
MALFORMED_FILES = {
    "bom": ("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n").encode(),
    "crlf": ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode(),
    "trailing delimiter": ("\n".join(f"{line}," for line in [HEADER, *ROWS]) + "\n").encode(),
    "no final newline": "\n".join([HEADER, *ROWS]).encode(),
    "nul byte": ("\n".join([HEADER, "1,C49.2,88\x0002/3,5,1,N0,M0", ROWS[1]]) + "\n").encode(),
    "line over the field limit": (
        "\n".join([HEADER, "1,C49.2,8802/3,5,1,N0,M0," + "x" * 300_000, ROWS[1]]) + "\n"
    ).encode(),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_FILES))
def test_malformed_files_keep_every_record_and_the_summary_counts_the_output(tmp_path: Path, case: str) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(MALFORMED_FILES[case])
    found = {}
    for engine in ("vectorized", "rowwise"):
        out, summary = tmp_path / f"{engine}.csv", tmp_path / f"{engine}.json"
        result = runner.invoke(
            app, ["batch", str(src), "-o", str(out), "--engine", engine, "--summary-json", str(summary)]
        )
        assert result.exit_code == 0, result.output
        statuses = [status for status, _ in _statuses(out)]
        counts = json.loads(summary.read_text())
        assert len(statuses) == counts["rows"] == 2
        assert {s: statuses.count(s) for s in ("ok", "warning", "error")} == {
            s: counts[s] for s in ("ok", "warning", "error")
        }
        found[engine] = _statuses(out)
    assert found["vectorized"] == found["rowwise"]
    assert found["vectorized"][1][0] == "warning"  # the second record is never merged into the first


@pytest.mark.parametrize("sep, said", [(";", "';'"), ("\t", "tabs"), ("|", "'|'")])
def test_a_header_split_by_another_separator_says_so_in_one_line(tmp_path: Path, sep: str, said: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text(HEADER.replace(",", sep) + "\n" + GOOD.replace(",", sep) + "\n")
    for engine in ("vectorized", "rowwise"):
        result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv"), "--engine", engine])
        assert result.exit_code == 2
        assert f"separated by {said}; save the file as CSV with commas" in result.output
        assert "Traceback" not in result.output


def test_an_unknown_extension_names_naaccr_flat_and_input_format(tmp_path: Path) -> None:
    src = tmp_path / "registry.txt"
    src.write_text("x" * 100 + "\n")
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert ".naaccr (NAACCR flat)" in result.output and "--input-format" in result.output


def _strict_refuses(text: str) -> bool:
    """Whether the strict reader refuses text after a closing quote (an unclosed quote is another error,
    found by the fast reader's record count)."""
    try:
        list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return "expected after" in str(exc)
    return False


def test_every_short_line_the_strict_reader_refuses_for_a_quote_is_sent_to_it(tmp_path: Path) -> None:
    """Exhaustive over lines of up to 7 characters from a, comma and quote: whenever the strict reader
    refuses the line, the fast reader's scan flags it (it may flag more; that only costs speed)."""
    src = tmp_path / "in.csv"
    missed = []
    for size in range(1, 8):
        for chars in itertools.product('a,"', repeat=size):
            line = "".join(chars)
            if not _strict_refuses(f"h,i\n{line}\n"):
                continue
            src.write_text(f"h,i\n{line}\n")
            if not _lines(src)[2]:
                missed.append(line)
    assert not missed


def test_a_misplaced_quote_across_the_scan_block_boundary_is_found(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    head = f"{HEADER}\n".encode()
    filler = (GOOD + "\n").encode()
    body = head + filler * ((1 << 24) // len(filler))
    body = body[: (1 << 24) - 8] + b"\n" + b'1,"C49"'  # the closing quote is the last byte of the block
    src.write_bytes(body + b"2,8802/3,5,1,N0,M0\n")
    assert src.read_bytes()[(1 << 24) - 1 : (1 << 24) + 1] == b'"2'
    assert _lines(src)[2]


def test_the_summary_json_is_written_even_when_stderr_is_closed(tmp_path: Path) -> None:
    """``sarcoma batch ... 2>&1 | head -2`` closes the pipe while the summary table prints."""
    src, out, summary = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "summary.json"
    src.write_text("\n".join([HEADER, *ROWS]) + "\n")
    read, write = os.pipe()
    os.close(read)
    try:
        subprocess.run(
            [str(Path(sys.executable).with_name("sarcoma")), "batch", str(src), "-o", str(out)]
            + ["--summary-json", str(summary)],
            stdout=subprocess.DEVNULL,
            stderr=write,
            check=False,
        )
    finally:
        os.close(write)
    assert json.loads(summary.read_text())["rows"] == 2
    assert len(_statuses(out)) == 2


@pytest.mark.parametrize(
    "data, said",
    [
        (("\r".join([HEADER, *ROWS]) + "\r").encode(), "carriage return alone"),
        (("\n".join([HEADER, *ROWS]) + "\n").encode("utf-16"), "the file is UTF-16 text; save it as CSV in UTF-8"),
    ],
    ids=["old-mac-line-ends", "utf-16"],
)
def test_a_file_saved_in_the_wrong_text_format_says_how_to_save_it(tmp_path: Path, data: bytes, said: str) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(data)
    for engine in ("vectorized", "rowwise"):
        result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv"), "--engine", engine])
        assert result.exit_code == 2, result.output
        assert said in result.output and "Traceback" not in result.output
        assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("final_newline", [True, False])
def test_the_scan_finds_the_longest_line_across_block_boundaries(tmp_path: Path, final_newline: bool) -> None:
    """The fast reader trusts the scan's longest line instead of measuring every field (no field is longer
    than its line); lines that span the 4 MB scan blocks are measured whole."""
    src = tmp_path / "in.csv"
    rng = np.random.default_rng(7)
    lines = [b"h,i"] + [b"x" * int(n) for n in rng.integers(0, 3_000_000, 6)] + [b"", b"a,b"]
    body = b"\n".join(lines) + (b"\n" if final_newline else b"")
    src.write_bytes(body)
    assert _lines(src)[3] == max(len(line) for line in lines)
    src.write_bytes(b"h,i\n" + b"y" * (1 << 22) + b"\n1,2")  # a line longer than a block, across its end
    assert _lines(src)[3] == 1 << 22
