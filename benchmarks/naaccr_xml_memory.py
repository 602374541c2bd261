"""NAACCR XML memory benchmark: peak RSS of reading and of staging 50, 200 and 400 MB files.

Run by hand (each measurement runs in a fresh Python process, so peaks do not carry over):

    .venv/bin/python benchmarks/naaccr_xml_memory.py --sizes 50,200,400 --dir /tmp/naaccr-bench

For each size it writes a NAACCR XML file of about that many MB (one to three tumors per patient,
realistic codes, fixed seed), then reports the peak resident memory (ru_maxrss) of

- ``read``: streaming every tumor through the XML reader (the part issue 16 found growing), and
- ``batch``: ``stage_file`` to Parquet (reader plus the DuckDB engine, which stages up to about a
  million rows per chunk, so it grows with the row count up to one chunk and is flat after that).

Memory is flat when ``read`` stays about the same from 50 to 400 MB.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-250.xml" '
    'recordType="I" specificationVersion="1.7" xmlns="http://naaccr.org/naaccrxml">\n'
    '  <Item naaccrId="naaccrRecordVersion">250</Item>\n'
)
SITES = ("C49.2", "C49.1", "C49.6", "C48.0", "C49.0", "C16.0")
MORPH = ("8890", "8850", "8830", "8815", "9044")


def _tumor(rng: random.Random, number: int) -> str:
    items = {
        "tumorRecordNumber": f"{number:02d}",
        "primarySite": rng.choice(SITES).replace(".", ""),
        "histologicTypeIcdO3": rng.choice(MORPH),
        "behaviorCodeIcdO3": "3",
        "gradePathological": rng.choice("123A9"),
        "tumorSizeSummary": f"{rng.randint(1, 400):03d}",
        "eodRegionalNodes": rng.choice(("000", "300", "999")),
        "eodMets": rng.choice(("00", "10", "99")),
        "schemaId": "00450",
    }
    body = "".join(f'<Item naaccrId="{k}">{v}</Item>' for k, v in items.items())
    return f"    <Tumor>{body}</Tumor>\n"


def generate(path: Path, megabytes: int, seed: int = 20261128) -> tuple[Path, int]:
    """Write a NAACCR XML file of about ``megabytes`` MB; return it and its tumor count."""
    rng = random.Random(seed)
    target, written, tumors, patient = megabytes * 1_000_000, 0, 0, 0
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        while written < target:
            patient += 1
            parts = [f'  <Patient>\n    <Item naaccrId="patientIdNumber">{patient:08d}</Item>\n']
            for t in range(rng.choice((1, 1, 1, 2, 3))):
                parts.append(_tumor(rng, t + 1))
                tumors += 1
            parts.append("  </Patient>\n")
            block = "".join(parts)
            f.write(block)
            written += len(block)
        f.write("</NaaccrData>\n")
    return path, tumors


CHILD = """
import resource, sys, time
from pathlib import Path
from sarcoma.batch._formats import open_input
from sarcoma.batch import stage_file
path, mode = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
if mode == "read":
    rows = sum(b.num_rows for b in open_input(path).batches())
else:
    rows = stage_file(path, path.with_suffix(".out.parquet"))
print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter() - start)
"""


def measure(path: Path, mode: str) -> tuple[int, float, float]:
    """Rows, peak RSS in MB and seconds of one run in a fresh process."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), mode], capture_output=True, text=True, check=True)
    rows, rss, seconds = done.stdout.split()
    return int(rows), float(rss), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,400", help="File sizes in MB, comma-separated.")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/naaccr-bench"), help="Folder for the files.")
    parser.add_argument("--modes", default="read,batch", help="read, batch or both.")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print("| file MB | tumors | mode | peak RSS MB | seconds |")  # noqa: T201 - a benchmark report
    print("|---:|---:|---|---:|---:|")  # noqa: T201
    for size in (int(s) for s in args.sizes.split(",")):
        path = args.dir / f"naaccr-{size}mb.xml"
        start = time.perf_counter()
        path, tumors = generate(path, size)
        sys.stderr.write(f"wrote {path} ({tumors:,} tumors) in {time.perf_counter() - start:.1f} s\n")
        for mode in args.modes.split(","):
            rows, rss, seconds = measure(path, mode)
            assert rows == tumors, (rows, tumors)
            print(f"| {path.stat().st_size / 1e6:,.0f} | {tumors:,} | {mode} | {rss:,.0f} | {seconds:.1f} |")  # noqa: T201
        path.with_suffix(".out.parquet").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
