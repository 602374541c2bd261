"""Benchmark: wall and CPU time of `sarcoma stage --json` for one case against a bare typer/rich/yaml/pydantic start.

Both run as fresh processes of the same Python (the one running this script, normally .venv/bin/python),
alternating, N times each, so a noisy shared machine slows both alike. Prints the medians, the spread
(lowest to highest, and the middle half) and the ratio of the medians as a Markdown table.

    .venv/bin/python benchmarks/cli_startup.py [--runs 30] [--warmup 3] [--parts 5]

With ``--parts N`` it then times each part of both starts in-process (N runs, medians of CPU time).

The goal (issue 12) is a ratio of at most 1.5 on wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASELINE_CODE = "import typer, typer.main, rich.console, yaml; from pydantic import BaseModel"
STAGE_ARGS = ["stage", "--json", "--site", "leg", "--size-cm", "8", "--grade", "3", "--n", "N0", "--m", "M0"]


def commands(python: Path) -> dict[str, list[str]]:
    """The two commands, both started with ``python``; the stage command through the installed console script."""
    script = python.parent / "sarcoma"
    return {
        "baseline": [str(python), "-c", BASELINE_CODE],
        "sarcoma stage --json": [str(python), str(script), *STAGE_ARGS],
    }


# As installed (pip writes bytecode): the warm-up runs may write __pycache__ even where the shell sets
# PYTHONDONTWRITEBYTECODE, so the timed runs do not compile the sources on every start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one fresh process; a stage run must answer IIIA."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    if cmd[2:] == STAGE_ARGS:
        stage = json.loads(proc.stdout)["stage"]
        if stage != "IIIA":
            raise SystemExit(f"sarcoma stage gave {stage!r}, expected 'IIIA'")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(values: list[float]) -> str:
    """Lowest, middle half and highest, in milliseconds."""
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"{min(values) * 1e3:.0f} / {q1 * 1e3:.0f}-{q3 * 1e3:.0f} / {max(values) * 1e3:.0f}"


# CPU time by part, in one process each (--parts): the same imports as the two commands, with time.process_time
# marks between them; what the whole process used beyond the last mark is the interpreter's start and exit.
PARTS_CODE = f"""
import contextlib, io, json, sys, time
marks = [time.process_time()]
sys.argv = ["sarcoma", *{STAGE_ARGS!r}]
{BASELINE_CODE.replace("; ", chr(10))}
marks.append(time.process_time())
if sys.argv[1:] and STAGE:
    import sarcoma, sarcoma.cli
    marks.append(time.process_time())
    import sarcoma.staging
    marks.append(time.process_time())
    from sarcoma.cli._main import main
    marks.append(time.process_time())
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main()
        except SystemExit:
            pass
    marks.append(time.process_time())
sys.stderr.write("MARKS " + json.dumps(marks) + chr(10))
"""
PARTS = (
    "the baseline imports (typer, rich.console, yaml, pydantic)",
    "`import sarcoma` and `sarcoma.cli` (lazy names; the pydantic plugin check)",
    "`import sarcoma.staging` (its pydantic models; the staging schema and messages from the cache)",
    "the CLI modules",
    "the command: the first `stage()` (tables from the cache), the JSON, freezing the objects left",
)


def parts(python: Path, runs: int) -> None:
    """Print the median CPU milliseconds of each part of the stage command, and the baseline's, over ``runs``."""
    found: dict[str, list[list[float]]] = {"baseline": [], "stage": []}
    for _ in range(runs):
        for name in found:
            code = PARTS_CODE.replace("STAGE", str(name == "stage"))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            proc = subprocess.run([str(python), "-c", code], capture_output=True, check=True, env=ENV)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            marks = json.loads(proc.stderr.decode().rsplit("MARKS ", 1)[1])
            steps = [b - a for a, b in zip(marks, marks[1:], strict=False)]
            found[name].append([*steps, total - sum(steps)])
    print("\n| part | baseline ms CPU | stage ms CPU |\n|---|---:|---:|")
    med = {name: [statistics.median(col) * 1e3 for col in zip(*rows, strict=True)] for name, rows in found.items()}
    base, stage = med["baseline"], med["stage"]
    labels = [*PARTS, "the interpreter's start and exit (whole process minus the parts above)"]
    for i, label in enumerate(labels):
        b = base[0] if i == 0 else base[-1] if i == len(labels) - 1 else None
        print(f"| {label} | {'' if b is None else f'{b:.0f}'} | {stage[i]:.0f} |")
    print(f"| total | {sum(base):.0f} | {sum(stage):.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command (alternating)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each first (file cache, .pyc)")
    parser.add_argument("--parts", type=int, default=0, help="then this many runs timing each part in-process")
    args = parser.parse_args(argv)
    if args.runs < 4:
        parser.error("--runs must be at least 4 (the spread needs quartiles)")

    cmds = commands(Path(sys.executable))
    for _ in range(args.warmup):
        for cmd in cmds.values():
            run_once(cmd)
    wall: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            w, c = run_once(cmd)
            wall[name].append(w)
            cpu[name].append(c)

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.runs} alternating runs each, {sys.executable}, Python {sys.version.split()[0]}, load {load}\n")
    print("| command | median wall (ms) | wall min / middle half / max (ms) | median CPU (ms) |")
    print("|---|---:|---|---:|")
    for name in cmds:
        med_wall = statistics.median(wall[name]) * 1e3
        med_cpu = statistics.median(cpu[name]) * 1e3
        print(f"| `{name}` | {med_wall:.0f} | {spread(wall[name])} | {med_cpu:.0f} |")
    base, stage = "baseline", "sarcoma stage --json"
    ratio_wall = statistics.median(wall[stage]) / statistics.median(wall[base])
    ratio_cpu = statistics.median(cpu[stage]) / statistics.median(cpu[base])
    print(f"\nratio (stage / baseline): wall {ratio_wall:.2f}x, CPU {ratio_cpu:.2f}x (goal: wall <= 1.5x)")
    if args.parts:
        parts(Path(sys.executable), args.parts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
