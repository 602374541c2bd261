"""Batch staging benchmark: whole `sarcoma batch` processes against their floors, and the engines in-process.

Run by hand (results in benchmarks/batch.md):

    .venv/bin/python benchmarks/batch.py --rows 1000000 --repeat 3 --memory 1000000,10000000
    .venv/bin/python benchmarks/batch.py --engines --rows 1000000 --rowwise-rows 20000   # engine comparison

Whole-process paths (each a fresh `sarcoma batch IN -o OUT` process, as a registry runs it, cold):
CSV -> CSV, CSV -> Parquet, Parquet -> Parquet, NAACCR flat -> CSV and NAACCR XML -> CSV. Each path's
floor is a fresh process in which DuckDB reads that path's output file and writes it back in the
same format (for CSV: ``read_csv(all_varchar=true)`` then ``COPY ... TO`` CSV), i.e. the cost of
just moving the output bytes. Path and floor runs alternate, ``--repeat`` times each, so both see the
same machine load; the median and the spread (min-max) are reported, with CPU seconds (user+sys),
which a busy machine disturbs less than wall time, and the peak RSS.

All inputs are built from the same synthetic registry rows (``sarcoma/batch/_synthetic.py``, fixed
seed; realistic distributions with unknowns and errors): the Parquet file, the CSV DuckDB writes from
it (blank cells unquoted), a NAACCR flat file with the items at their NAACCR v18 columns and a NAACCR
XML file (``--xml-rows``; the XML reader is Python, element by element).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from batch_engines import stage_file_every_row  # benchmarks/ is on sys.path when run as a script

from sarcoma.batch import OUTPUT_COLUMNS, _duckdb, stage_file, stage_file_rowwise, staging_sql
from sarcoma.batch._naaccr_flat import flat_layout
from sarcoma.batch._synthetic import synthetic_batches

SARCOMA = str(Path(sys.executable).with_name("sarcoma"))


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


def _lit(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def to_csv(src: Path, out: Path) -> Path:
    """The registry rows as CSV (blank cells unquoted, as most exports write them)."""
    if not out.exists():
        cols = pq.ParquetFile(src).schema_arrow.names
        select = ", ".join(f'NULLIF(CAST("{c}" AS VARCHAR), \'\') AS "{c}"' for c in cols)
        duckdb.sql(f"COPY (SELECT {select} FROM read_parquet({_lit(src)})) TO {_lit(out)} (HEADER, DELIMITER ',')")
    return out


NAACCR_SQL = {
    "patientIdNumber": "lpad(CAST(id AS VARCHAR), 8, '0')",
    "primarySite": "replace(site, '.', '')",
    "histologicTypeIcdO3": "split_part(histology, '/', 1)",
    "behaviorCodeIcdO3": "split_part(histology, '/', 2)",
    "tumorSizeSummary": (
        "CASE WHEN TRY_CAST(size_cm AS DOUBLE) IS NULL THEN '999' "
        "ELSE lpad(CAST(least(greatest(round(TRY_CAST(size_cm AS DOUBLE) * 10), 1), 989) AS INTEGER)::VARCHAR, "
        "3, '0') END"
    ),
    "eodRegionalNodes": "CASE n WHEN 'N0' THEN '000' WHEN 'N1' THEN '300' WHEN 'NX' THEN '999' ELSE '' END",
    "eodMets": "CASE m WHEN 'M0' THEN '00' WHEN 'M1' THEN '10' WHEN 'MX' THEN '99' ELSE '' END",
    "gradeClinical": "''",
    "gradePathological": "COALESCE(grade, '')",
    "schemaId": "''",
    "schemaDiscriminator2": "COALESCE(schema_discriminator_2, '')",
}


def to_naaccr_flat(src: Path, out: Path, width: int = 1800) -> Path:
    """The registry rows as NAACCR flat lines: each item at its v18 start column (lines of ``width``)."""
    if out.exists():
        return out
    parts, position = [], 1
    for name, start, length in sorted(flat_layout(), key=lambda item: item[1]):
        if start > position:
            parts.append(f"repeat(' ', {start - position})")
        parts.append(f"rpad(left(COALESCE({NAACCR_SQL[name]}, ''), {length}), {length}, ' ')")
        position = start + length
    parts.append(f"repeat(' ', {width - position + 1})")
    line = " || ".join(parts)
    duckdb.sql(
        f"COPY (SELECT {line} AS line FROM read_parquet({_lit(src)})) TO {_lit(out)} "
        "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')"
    )
    return out


def to_naaccr_xml(src: Path, out: Path, rows: int) -> Path:
    """The first ``rows`` registry rows as NAACCR XML, one patient per tumor."""
    if out.exists():
        return out
    items = [n for n in NAACCR_SQL if n != "patientIdNumber"]
    tumor = " || ".join(
        f"CASE WHEN COALESCE({NAACCR_SQL[n]}, '') <> '' THEN '<Item naaccrId=\"{n}\">' || {NAACCR_SQL[n]} || '</Item>' "
        "ELSE '' END"
        for n in items
    )
    line = (
        "'<Patient><Item naaccrId=\"patientIdNumber\">' || "
        f"{NAACCR_SQL['patientIdNumber']} || '</Item><Tumor>' || {tumor} || '</Tumor></Patient>'"
    )
    body = out.with_suffix(".body")
    duckdb.sql(
        f"COPY (SELECT {line} FROM read_parquet({_lit(src)}) LIMIT {rows}) TO {_lit(body)} "
        "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')"
    )
    with out.open("w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/')
        f.write(
            'naaccr-dictionary-260.xml" recordType="I" specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">\n'
        )
        f.write(body.read_text())
        f.write("</NaaccrData>\n")
    body.unlink()
    return out


def run(args: list[str]) -> tuple[float, float, float]:
    """Run a fresh process; return (wall seconds, CPU seconds user+sys, peak RSS MB).

    The peak RSS is GNU time's (``/usr/bin/time -f %M``): ``wait4``'s ``ru_maxrss`` would also count the
    benchmark's own memory, which a forked child shares until it execs.
    """
    # An installed package has compiled bytecode; let the processes write and reuse it here too.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["/usr/bin/time", "-f", "MAXRSS_KB %M", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed ({status}): {err[-500:]}")
    # GNU time's line may follow text that did not end with a line end (a library's message at exit).
    rss = [line.rpartition("MAXRSS_KB ")[2].split()[0] for line in err.splitlines() if "MAXRSS_KB " in line]
    return wall, usage.ru_utime + usage.ru_stime, int(rss[-1]) / 1024 if rss else float("nan")


def floor_args(out: Path) -> list[str]:
    """A fresh process: DuckDB reads ``out`` and writes it back in the same format (the cost of the bytes)."""
    back = out.with_name("floor-" + out.name)
    if out.suffix == ".csv":
        query = f"COPY (SELECT * FROM read_csv({_lit(out)}, all_varchar=true)) TO {_lit(back)} (HEADER)"
    else:
        query = f"COPY (SELECT * FROM read_parquet({_lit(out)})) TO {_lit(back)} (FORMAT parquet)"
    return [sys.executable, "-c", f"import duckdb; duckdb.connect().execute({query!r})"]


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}-{max(values):.2f})"


def whole_process(paths: list[tuple[str, Path, Path]], repeat: int, rows: dict[str, int]) -> dict[str, float]:
    """Each path and its floor, alternating, ``repeat`` times; print the table; return the median ratios."""
    print(
        f"\n{'path':<24} {'rows':>10} {'wall s, median (min-max)':>26} {'CPU s':>8} {'RSS MB':>7}"
        f" {'floor wall s':>22} {'floor CPU':>9} {'ratio':>6} {'CPU ratio':>9}"
    )
    ratios: dict[str, float] = {}
    floors: dict[str, list[float]] = {}
    for label, src, out in paths:
        walls, cpus, rss, fwalls, fcpus = [], [], [], [], []
        for _ in range(repeat):
            wall, cpu, mb = run([SARCOMA, "batch", str(src), "-o", str(out)])
            walls, cpus, rss = [*walls, wall], [*cpus, cpu], [*rss, mb]
            fwall, fcpu, _ = run(floor_args(out))
            fwalls, fcpus = [*fwalls, fwall], [*fcpus, fcpu]
        floors[label] = fwalls
        ratio = statistics.median(walls) / statistics.median(fwalls)
        cpu_ratio = statistics.median(cpus) / statistics.median(fcpus)
        ratios[label] = ratio
        print(
            f"{label:<24} {rows[label]:>10,} {_summary(walls):>26} {statistics.median(cpus):8.2f} {max(rss):7.0f}"
            f" {_summary(fwalls):>22} {statistics.median(fcpus):9.2f} {ratio:6.2f} {cpu_ratio:9.2f}",
            flush=True,
        )
    if "CSV -> Parquet" in ratios and "CSV -> CSV" in floors:
        # The second target compares CSV -> Parquet with the CSV floor.
        own = ratios["CSV -> Parquet"] * statistics.median(floors["CSV -> Parquet"])
        print(f"CSV -> Parquet against the CSV floor: {own / statistics.median(floors['CSV -> CSV']):.2f}x")
    return ratios


def memory(w: Path, sizes: list[int]) -> None:
    print("\npeak memory, whole `sarcoma batch in.csv -o out.csv|out.parquet` process:")
    for size in sizes:
        src = to_csv(generate(w / f"registry-{size}.parquet", size), w / f"registry-{size}.csv")
        for suffix in (".csv", ".parquet"):
            out = w / f"mem-{size}{suffix}"
            wall, cpu, mb = run([SARCOMA, "batch", str(src), "-o", str(out)])
            print(
                f"{size:>12,} rows -> {suffix:<8} {wall:8.1f} s {size / wall:>10,.0f} rows/s  CPU {cpu:7.1f} s"
                f"  peak RSS {mb:,.0f} MB",
                flush=True,
            )
            out.unlink()


# ---- In-process engine comparison (--engines): unchanged method from the first benchmark ----


def timed(label: str, rows: int, fn: Callable[[], object], repeat: int) -> tuple[str, int, float]:
    """Best of ``repeat`` runs (every engine gets the same number, so each is measured warm)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    seconds = min(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:<40} {rows:>12,} rows {seconds:8.2f} s {rows / seconds:>12,.0f} rows/s  (runs: {runs})", flush=True)
    return label, rows, seconds


def floor(src: Path, out: Path) -> None:
    """Same reader, chunking and DuckDB hand-off as the vectorized engine; no staging."""
    source = _duckdb.open_input(src)
    con = _duckdb.connect()
    copies = ", ".join(f"site AS {c}" for c in OUTPUT_COLUMNS)
    writer = None
    for chunk in _duckdb._chunks(source):
        con.register("_sarcoma_chunk", chunk)
        table = con.sql(f"SELECT *, {copies} FROM _sarcoma_chunk").to_arrow_table()
        writer = writer or pq.ParquetWriter(out, table.schema)
        writer.write_table(table)
    if writer is not None:
        writer.close()


def duckdb_copy(src: Path, out: Path, staged: bool) -> None:
    cols = pq.ParquetFile(src).schema_arrow.names
    source = f"read_parquet('{src}')"
    if staged:
        query = staging_sql("duckdb", source, columns=cols, keep=cols)
    else:
        query = f"SELECT *, {', '.join(f'site AS {c}' for c in OUTPUT_COLUMNS)} FROM {source}"
    con = duckdb.connect(config={"memory_limit": "2GB", "preserve_insertion_order": True})
    con.sql(f"COPY ({query}) TO '{out}' (FORMAT parquet)")


def engines(w: Path, src: Path, rows: int, rowwise_rows: int, r: int) -> None:
    sample = w / f"registry-sample-{rowwise_rows}.parquet"
    pq.write_table(pq.read_table(src).slice(0, rowwise_rows), sample)
    results = [
        timed("per-row reference", rowwise_rows, lambda: stage_file_rowwise(sample, w / "out-rowwise.parquet"), r),
        timed("vectorized (DuckDB, factorized)", rows, lambda: stage_file(src, w / "out-duckdb.parquet"), r),
        timed(
            "vectorized (DuckDB, plan on every row)",
            rows,
            lambda: stage_file_every_row(src, w / "out-rows.parquet", engine="duckdb-rows"),
            r,
        ),
        timed(
            "vectorized (Polars SQL, every row)",
            rows,
            lambda: stage_file_every_row(src, w / "out-polars.parquet", engine="polars"),
            r,
        ),
        timed("DuckDB SQL (COPY ... TO)", rows, lambda: duckdb_copy(src, w / "out-copy.parquet", True), r),
        timed("floor (chunked, no staging)", rows, lambda: floor(src, w / "out-floor.parquet"), r),
        timed("floor (DuckDB COPY, no staging)", rows, lambda: duckdb_copy(src, w / "out-floor2.parquet", False), r),
    ]
    rate = {label: n / seconds for label, n, seconds in results}
    duck = pq.read_table(w / "out-duckdb.parquet").select(list(OUTPUT_COLUMNS))
    for other in ("out-rows.parquet", "out-polars.parquet"):
        table = pq.read_table(w / other).select(list(OUTPUT_COLUMNS))
        same = duck.cast(table.schema).equals(table)
        print(f"\nfactorized and {other} outputs identical: {same}")
    print(f"vectorized / per-row: {rate['vectorized (DuckDB, factorized)'] / rate['per-row reference']:.0f}x")
    cost = rate["floor (chunked, no staging)"] / rate["vectorized (DuckDB, factorized)"]
    print(f"staging cost vs floor (chunked): {cost:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xml-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path and of its floor")
    parser.add_argument("--memory", default="1000000,10000000", help="comma-separated sizes for the peak-RSS runs")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/sarcoma-bench"))
    parser.add_argument("--engines", action="store_true", help="run the in-process engine comparison instead")
    parser.add_argument("--rowwise-rows", type=int, default=20_000)
    parser.add_argument(
        "--paths",
        default="csv,parquet,pq,flat,xml",
        help="whole-process paths to run (comma-separated): csv (CSV -> CSV), parquet (CSV -> Parquet), "
        "pq (Parquet -> Parquet), flat (NAACCR flat -> CSV), xml (NAACCR XML -> CSV)",
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    w = args.workdir
    versions = f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, cores {os.cpu_count()}"
    print(f"python {sys.version.split()[0]}, {versions}, load average {os.getloadavg()[0]:.1f}")
    src = generate(w / f"registry-{args.rows}.parquet", args.rows)
    if args.engines:
        engines(w, src, args.rows, args.rowwise_rows, args.repeat)
        return
    wanted = set(args.paths.split(","))
    csv_in = to_csv(src, w / f"registry-{args.rows}.csv")
    paths = [
        ("CSV -> CSV", csv_in, w / "out-csv.csv"),
        ("CSV -> Parquet", csv_in, w / "out-csv.parquet"),
        ("Parquet -> Parquet", src, w / "out-pq.parquet"),
    ]
    paths = [p for p, key in zip(paths, ("csv", "parquet", "pq"), strict=True) if key in wanted]
    if "flat" in wanted:
        flat = to_naaccr_flat(src, w / f"registry-{args.rows}.naaccr")
        paths.append(("NAACCR flat -> CSV", flat, w / "out-flat.csv"))
    if "xml" in wanted:
        xml = to_naaccr_xml(src, w / f"registry-{args.xml_rows}.xml", args.xml_rows)
        paths.append(("NAACCR XML -> CSV", xml, w / "out-xml.csv"))
    sizes = {label: args.rows for label, _, _ in paths} | {"NAACCR XML -> CSV": args.xml_rows}
    whole_process(paths, args.repeat, sizes)
    (w / "one.csv").write_text("site,size_cm\nleg,8\n")
    wall, cpu, _ = run([SARCOMA, "batch", str(w / "one.csv"), "-o", str(w / "one-out.csv")])
    print(f"\n`sarcoma batch` on a 1-row CSV: {wall:.2f} s (CPU {cpu:.2f} s)")
    memory(w, [int(x) for x in args.memory.split(",") if x])


if __name__ == "__main__":
    main()
