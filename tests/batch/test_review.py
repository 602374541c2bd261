"""A registrar's review of batch staging: every reader and engine gives each row the same status.

The vectorized engine reads CSV with pyarrow's C++ parser when it can (:mod:`sarcoma.batch._fastcsv`)
and with the strict Python reader otherwise; the per-row engine always uses the strict reader. A row
must come out the same whichever path read it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from sarcoma.batch._fastcsv import open_fast_csv

HEADER = "id,site,histology,size_cm,grade,n,m"
GOOD = "9,C49.2,8802/3,5,1,N0,M0"


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
    for batch in open_fast_csv(src).batches():
        rows += batch.num_rows
        held = max(held, pa.total_allocated_bytes())
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
    """2M and 8M rows (both several chunks): the peak differs by under 15% (before: +27 MB per 1M rows)."""
    import duckdb
    import pyarrow.parquet as pq

    from sarcoma.batch._synthetic import synthetic_batches

    peaks = {}
    for rows in (2_000_000, 8_000_000):
        parquet, src = tmp_path / f"{rows}.parquet", tmp_path / f"{rows}.csv"
        with pq.ParquetWriter(parquet, next(synthetic_batches(1, kind="registry")).schema) as writer:
            for chunk in synthetic_batches(rows, kind="registry"):
                writer.write_table(chunk)
        duckdb.sql(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{src}' (HEADER, DELIMITER ',')")
        peaks[rows] = _peak_rss_mb(src, tmp_path / "out.csv")
    assert peaks[8_000_000] < 1.15 * peaks[2_000_000], peaks
