"""Batch staging benchmark: per-row, vectorized (factorized; plan on every row in DuckDB and Polars), DuckDB SQL, floor.

Run by hand (results in benchmarks/batch.md):

    .venv/bin/python benchmarks/batch.py --rows 1000000 --rowwise-rows 20000 --memory 1000000,10000000,100000000

All engines read the same synthetic registry Parquet file (fixed seed; realistic distributions with
unknowns and errors). The floor reads the same input columns and writes the same number of output
columns through the same chunked pipeline, with no staging.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sarcoma.batch import OUTPUT_COLUMNS, _duckdb, stage_file, stage_file_rowwise, staging_sql
from sarcoma.batch._synthetic import synthetic_batches


def generate(path: Path, rows: int, seed: int = 20261127) -> Path:
    """Write ``rows`` registry-like records in 1M-row chunks (bounded memory), unless already there."""
    if path.exists() and pq.ParquetFile(path).metadata.num_rows == rows:
        return path
    writer = None
    for chunk in synthetic_batches(rows, seed=seed, kind="registry"):
        if writer is None:
            writer = pq.ParquetWriter(path, chunk.schema)
        writer.write_table(chunk, row_group_size=1_048_576)
    assert writer is not None
    writer.close()
    return path


def timed(label: str, rows: int, fn: object, repeat: int) -> tuple[str, int, float]:
    """Best of ``repeat`` runs (every engine gets the same number, so each is measured warm)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    seconds = min(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:<40} {rows:>12,} rows {seconds:8.2f} s {rows / seconds:>12,.0f} rows/s  (runs: {runs})", flush=True)
    return label, rows, seconds


def floor(src: Path, out: Path) -> None:
    """Same reader, chunking, DuckDB hand-off and writer as the vectorized engine; no staging."""
    source = _duckdb.open_input(src)
    con = _duckdb.connect()
    copies = ", ".join(f"site AS {c}" for c in OUTPUT_COLUMNS)
    with _duckdb.open_output(out, [*source.columns, *OUTPUT_COLUMNS]) as sink:
        for chunk in _duckdb._chunks(source):
            con.register("_sarcoma_chunk", chunk)
            sink.write(con.sql(f"SELECT *, {copies} FROM _sarcoma_chunk").to_arrow_table())


def duckdb_copy(src: Path, out: Path, staged: bool) -> None:
    cols = pq.ParquetFile(src).schema_arrow.names
    source = f"read_parquet('{src}')"
    if staged:
        query = staging_sql("duckdb", source, columns=cols, keep=cols)
    else:
        query = f"SELECT *, {', '.join(f'site AS {c}' for c in OUTPUT_COLUMNS)} FROM {source}"
    con = duckdb.connect(config={"memory_limit": "2GB", "preserve_insertion_order": True})
    con.sql(f"COPY ({query}) TO '{out}' (FORMAT parquet)")


def peak_rss(src: Path, out: Path) -> tuple[float, float]:
    """Stage ``src`` in a fresh process; return (seconds, peak RSS in MB)."""
    code = (
        "import sys; from pathlib import Path; from sarcoma.batch import stage_file; "
        "stage_file(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(src), str(out)])
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"staging {src} failed with status {status}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rowwise-rows", type=int, default=20_000)
    parser.add_argument("--memory", default="1000000,10000000", help="comma-separated sizes for the peak-RSS runs")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/sarcoma-bench"))
    parser.add_argument("--repeat", type=int, default=2, help="runs per engine; the best is reported")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    w = args.workdir
    versions = f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, cores {os.cpu_count()}"
    print(f"python {sys.version.split()[0]}, {versions}")
    src = generate(w / f"registry-{args.rows}.parquet", args.rows)
    sample = w / f"registry-sample-{args.rowwise_rows}.parquet"
    pq.write_table(pq.read_table(src).slice(0, args.rowwise_rows), sample)
    r = args.repeat
    results = [
        timed("per-row reference", args.rowwise_rows, lambda: stage_file_rowwise(sample, w / "out-rowwise.parquet"), r),
        timed("vectorized (DuckDB, factorized)", args.rows, lambda: stage_file(src, w / "out-duckdb.parquet"), r),
        timed(
            "vectorized (DuckDB, plan on every row)",
            args.rows,
            lambda: stage_file(src, w / "out-rows.parquet", engine="duckdb-rows"),
            r,
        ),
        timed(
            "vectorized (Polars SQL, every row)",
            args.rows,
            lambda: stage_file(src, w / "out-polars.parquet", engine="polars"),
            r,
        ),
        timed("DuckDB SQL (COPY ... TO)", args.rows, lambda: duckdb_copy(src, w / "out-copy.parquet", True), r),
        timed("floor (chunked, no staging)", args.rows, lambda: floor(src, w / "out-floor.parquet"), r),
        timed(
            "floor (DuckDB COPY, no staging)", args.rows, lambda: duckdb_copy(src, w / "out-floor2.parquet", False), r
        ),
    ]
    rate = {label: rows / seconds for label, rows, seconds in results}
    duck = pq.read_table(w / "out-duckdb.parquet")
    for other in ("out-rows.parquet", "out-polars.parquet"):
        table = pq.read_table(w / other)
        print(f"\nfactorized and {other} outputs identical: {duck.equals(table.cast(duck.schema))}")
    speedup = rate["vectorized (DuckDB, factorized)"] / rate["per-row reference"]
    print(f"vectorized / per-row: {speedup:.0f}x (target 100x)")
    cost = rate["floor (chunked, no staging)"] / rate["vectorized (DuckDB, factorized)"]
    print(f"staging cost vs floor (chunked): {cost:.2f}x (target 2x)")
    print(
        f"DuckDB COPY vs its floor: {rate['floor (DuckDB COPY, no staging)'] / rate['DuckDB SQL (COPY ... TO)']:.2f}x"
    )
    print("\npeak memory (fresh process, `stage_file`):")
    for size in [int(x) for x in args.memory.split(",") if x]:
        path = generate(w / f"registry-{size}.parquet", size)
        seconds, mb = peak_rss(path, w / f"out-{size}.parquet")
        print(f"{size:>12,} rows {seconds:8.1f} s {size / seconds:>10,.0f} rows/s  peak RSS {mb:,.0f} MB", flush=True)
        (w / f"out-{size}.parquet").unlink()


if __name__ == "__main__":
    main()
