"""Single-case speed: ``sarcoma.stage()`` (full trace and person text) against tnmhelper, in one run.

tnmhelper 0.1.0 (PyPI, MIT) is a per-row Python AJCC TNM engine without a trace: observations
(size, nodes, spread) are turned into T, N and M by ordered rules (``derivation.json``) and T, N,
M and the other columns into a stage group by a rules table (``rules.csv``, most specific row
first). It ships no rules for sarcoma, so this file writes them: the AJCC 8 trunk and extremities
and retroperitoneum T by size (chapters 41 and 44: up to 5, 10 and 15 cm, then over 15 cm) and
stage groups (the same rows as ``data/stage_trunk_extremities.yaml`` and
``data/stage_retroperitoneum.yaml``). Every timed case is checked to get the same stage from both.

What is timed, per case, in a warm process:

- ``sarcoma``: ``sarcoma.stage(fields)`` from the raw registry fields (strings as a file gives
  them): input check, site and histology routing, size rounding, T, N, M, grade, stage group,
  the rule trace (one step per table, with sources), warnings, possible stages and the person
  texts. No cache keyed on the whole case: every case of the set is a different case.
- ``tnmhelper``: ``tnmhelper.stage_from_observations(organ, "AJCC 8", observations, Grade=...)``
  from inputs already in its own vocabulary (size in cm as a number, N0/N1, M0/M1, G1-GX), prepared
  before timing; its routing (which organ) is taken from sarcoma's result, also before timing.
  This favours tnmhelper: it parses no strings and routes nothing.

The two alternate case by case over the same cases (sarcoma then tnmhelper, then the other way
round in the next pass), each call timed, so drift in the load of this shared machine hits both
alike; the report gives per-case means of each pass (median, fastest, slowest), the median single
call, and the ratios.

Run it in its own environment (tnmhelper is not a dependency of sarcoma)::

    python3.11 -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install tnmhelper==0.1.0 pyarrow==26.0.1 numpy==2.4.6 -e .
    /tmp/bench-venv/bin/python benchmarks/stage_speed.py            # 2,000 cases, 11 passes
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sarcoma
from sarcoma._tables import load_table
from sarcoma.batch._synthetic import synthetic_table
from sarcoma.errors import StagingError
from sarcoma.staging._engine import forget

ORGANS = {"trunk_extremities": "sts_trunk", "retroperitoneum": "sts_retroperitoneum"}

MODEL_PY = """
from enum import StrEnum
from typing import NamedTuple

from tnmhelper.backend._shared import Edition, StagingModel


class TCat(StrEnum):
    TX = "TX"
    T0 = "T0"
    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"


class NCat(StrEnum):
    NX = "NX"
    N0 = "N0"
    N1 = "N1"


class MCat(StrEnum):
    M0 = "M0"
    M1 = "M1"


class GradeCat(StrEnum):
    GX = "GX"
    G1 = "G1"
    G2 = "G2"
    G3 = "G3"


class State(NamedTuple):
    T: TCat
    N: NCat
    M: MCat
    Grade: GradeCat


MODEL = StagingModel(
    name="{name}",
    edition=Edition.AJCC_8,
    category="soft_tissue",
    state_cls=State,
    columns={{"T": TCat, "N": NCat, "M": MCat, "Grade": GradeCat}},
)
"""

# AJCC 8 stage groups. tnmhelper tries the most specific rows first; these rows do not overlap, so the
# order does not matter. Its engine reads NX as N0; a missing M is M0 (its derivation default).
N0_M0_ROWS = """\
T0,N0,M0,ANY,unknown
TX,N0,M0,G1,I
TX,N0,M0,GX,I
TX,N0,M0,G2,unknown
TX,N0,M0,G3,unknown
T1,N0,M0,G1,IA
T1,N0,M0,GX,IA
T2,N0,M0,G1,IB
T2,N0,M0,GX,IB
T3,N0,M0,G1,IB
T3,N0,M0,GX,IB
T4,N0,M0,G1,IB
T4,N0,M0,GX,IB
T1,N0,M0,G2,II
T1,N0,M0,G3,II
T2,N0,M0,G2,IIIA
T2,N0,M0,G3,IIIA
T3,N0,M0,G2,IIIB
T3,N0,M0,G3,IIIB
T4,N0,M0,G2,IIIB
T4,N0,M0,G3,IIIB
"""
RULES_CSV = {
    # chapter 44 (trunk and extremities): N1 M0 is stage IV
    "sts_trunk": "T,N,M,Grade,Stage\nANY,ANY,M1,ANY,IV\nANY,N1,M0,ANY,IV\n" + N0_M0_ROWS,
    # chapter 45 (retroperitoneum): N1 M0 is stage IIIB
    "sts_retroperitoneum": "T,N,M,Grade,Stage\nANY,ANY,M1,ANY,IV\nANY,N1,M0,ANY,IIIB\n" + N0_M0_ROWS,
}


def derivation(name: str) -> dict[str, Any]:
    """T by size (same cut points at both sites), N and M from what was given; else TX, NX, M0."""
    return {
        "organ": name,
        "edition": "AJCC 8",
        "observables": {
            "size_cm": {"type": "number", "unit": "cm", "description": "Greatest tumor dimension."},
            "nodes": {"type": "enum", "values": ["N0", "N1"], "description": "Regional lymph nodes."},
            "metastasis": {"type": "enum", "values": ["M0", "M1"], "description": "Distant metastasis."},
        },
        "axes": {
            "T": [
                {"label": "T1 up to 5 cm", "when": {"size_cm": {"lte": 5}}, "then": "T1"},
                {"label": "T2 over 5 up to 10 cm", "when": {"size_cm": {"lte": 10}}, "then": "T2"},
                {"label": "T3 over 10 up to 15 cm", "when": {"size_cm": {"lte": 15}}, "then": "T3"},
                {"label": "T4 over 15 cm", "when": {"size_cm": {"gt": 15}}, "then": "T4"},
            ],
            "N": [
                {"label": "N1", "when": {"nodes": "N1"}, "then": "N1"},
                {"label": "N0", "when": {"nodes": "N0"}, "then": "N0"},
            ],
            "M": [{"label": "M1", "when": {"metastasis": "M1"}, "then": "M1"}],
        },
    }


def write_tnmhelper_data(root: Path) -> None:
    """The data tree tnmhelper reads: models/ajcc8/<organ>.py and ajcc8/<organ>/{rules.csv, ...}."""
    (root / "models" / "ajcc8").mkdir(parents=True)
    (root / "models" / "ajcc8" / "__init__.py").write_text("")
    for name, rules in RULES_CSV.items():
        (root / "models" / "ajcc8" / f"{name}.py").write_text(MODEL_PY.format(name=name))
        folder = root / "ajcc8" / name
        folder.mkdir(parents=True)
        (folder / "rules.csv").write_text(rules)
        (folder / "derivation.json").write_text(json.dumps(derivation(name), indent=1))
        (folder / "criteria.json").write_text(json.dumps({"edition": "AJCC 8", "axes": {}}))


def registry_cases(count: int, seed: int) -> tuple[list[dict[str, str]], int]:
    """``count`` different registry-like cases that stage (and how many drawn ones were refused)."""
    out: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
    refused = 0
    for record in synthetic_table(count * 3, seed=seed, kind="registry").to_pylist():
        case = {k: str(v) for k, v in record.items() if k != "id" and v not in (None, "")}
        key = tuple(sorted(case.items()))
        if key in out:
            continue
        try:
            sarcoma.stage(case)
        except StagingError:
            refused += 1
            continue
        out[key] = case
        if len(out) == count:
            break
    return list(out.values()), refused


def tnmhelper_input(case: dict[str, str], result: sarcoma.StageResult) -> tuple[str, dict[str, Any], str]:
    """The same case in tnmhelper's vocabulary: organ, observations and grade."""
    observations: dict[str, Any] = {}
    if "size_cm" in case:
        observations["size_cm"] = float(case["size_cm"])
    if case.get("n") in ("N0", "N1"):
        observations["nodes"] = case["n"]
    if case.get("m") in ("M0", "M1"):
        observations["metastasis"] = case["m"]
    grade = load_table("grade").require(value=case.get("grade", "")).get("grade")
    return ORGANS[result.site_group], observations, grade


def _stage_or_refuse(case: dict[str, str]) -> object:
    """Stage a case as a registry stream would: a refused case (out of scope, bad value) is an answer too."""
    try:
        return sarcoma.stage(case)
    except StagingError as exc:
        return exc.message


def _block(run: Callable[[Any], Any], items: list[Any]) -> float:
    """Seconds per item for one pass over ``items``."""
    start = time.perf_counter()
    for item in items:
        run(item)
    return (time.perf_counter() - start) / len(items)


def _paired(
    ours: Callable[[Any], Any], theirs: Callable[[Any], Any], pairs: list[tuple[Any, Any]], flip: bool
) -> tuple[list[int], list[int]]:
    """Nanoseconds of each call, case by case, the two engines one right after the other."""
    clock = time.perf_counter_ns
    a: list[int] = []
    b: list[int] = []
    for mine, other in pairs:
        if flip:
            t0 = clock()
            theirs(other)
            t1 = clock()
            ours(mine)
            t2 = clock()
            a.append(t2 - t1)
            b.append(t1 - t0)
        else:
            t0 = clock()
            ours(mine)
            t1 = clock()
            theirs(other)
            t2 = clock()
            a.append(t1 - t0)
            b.append(t2 - t1)
    return a, b


def _unseen(
    cases: list[dict[str, str]], count: int, seed: int, blocks: int
) -> tuple[list[float], list[float], list[float]]:
    """Seconds per case when the steps have not met the cases: a stream of new records (each pass
    another seed, steps kept), the first pass over ``cases`` after dropping what the steps keep, and
    500 cases with everything dropped before each."""
    stream = []
    for block in range(blocks):
        fresh = [
            {k: str(v) for k, v in record.items() if k != "id" and v not in (None, "")}
            for record in synthetic_table(count, seed=seed + 1 + block, kind="registry").to_pylist()
        ]
        stream.append(_block(_stage_or_refuse, fresh))
    first = []
    for _ in range(3):
        forget()
        first.append(_block(sarcoma.stage, cases))
    nothing_kept = []
    for _ in range(3):
        start = time.perf_counter()
        for case in cases[:500]:
            forget()
            sarcoma.stage(case)
        nothing_kept.append((time.perf_counter() - start) / 500)
    return stream, first, nothing_kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--blocks", type=int, default=11, help="timed passes over the cases")
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()
    try:
        import tnmhelper
    except ImportError:
        print("tnmhelper is not installed here; see the docstring: it runs in its own venv", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        write_tnmhelper_data(Path(tmp))
        tnmhelper.set_data_source(tmp)
        cases, refused = registry_cases(args.cases, args.seed)
        results = [sarcoma.stage(c) for c in cases]
        shared = [(c, r) for c, r in zip(cases, results, strict=True) if r.site_group in ORGANS]
        ours = [c for c, _ in shared]
        theirs = [tnmhelper_input(c, r) for c, r in shared]

        def run_theirs(item: tuple[str, dict[str, Any], str]) -> str:
            organ, observations, grade = item
            return str(tnmhelper.stage_from_observations(organ, "AJCC 8", observations, Grade=grade).stage)

        differ = [
            (c, r.stage, s) for (c, r), item in zip(shared, theirs, strict=True) if (s := run_theirs(item)) != r.stage
        ]
        for item in ours:  # warm both once more
            sarcoma.stage(item)
        for item in theirs:
            run_theirs(item)

        pairs = list(zip(ours, theirs, strict=True))
        ours_t: list[float] = []  # per-case mean of each pass
        theirs_t: list[float] = []
        ours_calls: list[int] = []  # every call
        theirs_calls: list[int] = []
        all_t: list[float] = []
        for block in range(args.blocks):
            a, b = _paired(sarcoma.stage, run_theirs, pairs, flip=block % 2 == 1)
            ours_t.append(sum(a) / len(a) / 1e9)
            theirs_t.append(sum(b) / len(b) / 1e9)
            ours_calls += a
            theirs_calls += b
            all_t.append(_block(sarcoma.stage, cases))
        one = cases[0]
        repeated = statistics.median(_block(sarcoma.stage, [one] * 2000) for _ in range(5))
        stream, first, nothing_kept = _unseen(cases, args.cases, args.seed, args.blocks)

    ratios = [o / t for o, t in zip(ours_t, theirs_t, strict=True)]
    call_ratio = statistics.median(ours_calls) / statistics.median(theirs_calls)
    us = 1e6
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{len(cases)} different registry-like cases (synthetic, seed {args.seed}; {refused} drawn cases refused)")
    print(f"{len(shared)} of them at trunk/extremities or retroperitoneum, timed with both engines")
    print(f"stage agreement on those: {len(shared) - len(differ)}/{len(shared)}")
    for case, mine, other in differ[:10]:
        print(f"  differs: {case} sarcoma {mine} tnmhelper {other}")
    print()
    print("| µs per case | median of passes | fastest pass | slowest pass | median call |")
    print("|---|---:|---:|---:|---:|")
    for label, times, calls in (
        ("sarcoma.stage(), all cases", all_t, None),
        ("sarcoma.stage(), shared cases", ours_t, ours_calls),
        ("tnmhelper, shared cases", theirs_t, theirs_calls),
    ):
        call = f"{statistics.median(calls) / 1e3:.1f}" if calls else ""
        print(
            f"| {label} | {statistics.median(times) * us:.1f} | {min(times) * us:.1f} | {max(times) * us:.1f} "
            f"| {call} |"
        )
    print(f"| sarcoma.stage(), one case repeated 2,000 times | {repeated * us:.1f} | | | |")
    for label, times in (
        (f"sarcoma.stage(), {args.cases:,} new registry records each pass, refused ones too (steps kept)", stream),
        ("sarcoma.stage(), all cases, first pass after dropping what steps keep", first),
        ("sarcoma.stage(), nothing kept (dropped before each of 500 cases)", nothing_kept),
    ):
        print(f"| {label} | {statistics.median(times) * us:.1f} | {min(times) * us:.1f} | {max(times) * us:.1f} | |")
    print()
    print(
        f"ratio sarcoma / tnmhelper, same cases: {call_ratio:.2f} (median call over median call); per pass "
        f"median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f} ({len(ratios)} passes)"
    )
    return 0 if not differ else 1


if __name__ == "__main__":
    raise SystemExit(main())
