"""Synthetic batch inputs with a fixed seed: adversarial (for differential tests) and registry-like.

``adversarial`` draws every input column from pools of valid, edge and invalid values (quotes,
non-ASCII, bad numbers, conflicts) so that every branch of the rules is exercised. ``registry``
draws from distributions shaped like a cancer registry's soft tissue sarcoma file: mostly
topography codes and common histologies, log-normal sizes, some unknowns and a few errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa

__all__ = ["ADVERSARIAL", "REGISTRY", "synthetic_batches", "synthetic_table"]

Pool = tuple[Sequence[str], Sequence[float] | None]

ADVERSARIAL: dict[str, tuple[Sequence[str], Sequence[str], float]] = {
    "site": (
        [
            "leg",
            "arm",
            "trunk",
            "Retroperitoneum",
            "head_neck",
            "visceral",
            "stomach",
            "C49.2",
            "c49.2",
            "C 49 .4",
            "C49.4",
            "C47.3",
            "C49.5",
            "C48.0",
            "C16.2",
            "C38.1",
            "C76.0",
            "lower-limb",
            "LOWER_LIMB",
            "head and neck",
            "C00.0",
            "C15.0",
            "C49.3",
            "C47.5",
            "C49.1",
            "C49.6",
            "C48.2",
            "C71.0",
        ],
        [
            "uterus",
            "bone",
            "moon",
            "",
            "  ",
            "C40.1",
            "C44.5",
            "C99.9",
            "C69.6",
            "o'brien",
            'a"b',
            "x'y\"z",
            "back\\slash",
            "caf\u00e9",
            "C49",
            "skin",
            "eye",
            "C72.3",
            "tab\there",
        ],
        0.05,
    ),
    "histology": (
        ["", "", "", "", "8890/3", "8890", "88903", "8802/3", "8850/6", "9120/3", "8858/3", "9040/3"],
        [
            "8935/3",
            "8890/1",
            "9140/3",
            "7000/3",
            "abc",
            "8910/3",
            "0000",
            "8804/3",
            "8992/3",
            "8000/3",
            "8821/1",
            "9260/3",
        ],
        0.03,
    ),
    "schema_discriminator_2": (["", "", "", "1", "2", "8", "9"], ["3", "x"], 0.01),
    "size_cm": (
        [
            "",
            "",
            "5",
            "5.04",
            "5.05",
            "5.0",
            "10",
            "10.05",
            "15.04",
            "15.05",
            "2",
            "2.05",
            "4.04",
            "4.05",
            "300",
            "150.5",
            "150.55",
            ".5",
            "5.",
            "+8",
            "101",
            " 7 ",
            "120.01",
            "99.99",
            "20",
            "40",
            "3.14",
            "0.05",
            "0.01",
            "100.5",
            "2.5",
            "12",
        ],
        ["0", "0.04", "-1", "abc", "1e3", "301", "5.123", "1234567", "0.00", "nan", "inf"],
        0.02,
    ),
    "size_mm": (
        [""] * 200 + ["50", "50.4", "50.5", "1000", "1000.5", "3000", "20.5", "40.5", "150", "151", "0.5"],
        ["0.4", "3000.1", "12.34", "x", "0"],
        0.005,
    ),
    "t": (
        [""] * 30
        + ["T1", "t2", "pT3", "T4", "T4a", "T4b", "T4c", "T2a", "T2b", "TX", "T0", "ypT2", "t-4-a", "T3", "cT_1"],
        ["T5", "x"],
        0.01,
    ),
    "extent": (
        [""] * 80
        + [
            "orbit",
            "skull_base",
            "Skull Base",
            "brain",
            "serosa",
            "beyond-serosa",
            "another_organ",
            "multifocal_2",
            "multifocal_3_5",
            "multifocal_gt5",
            "organ_confined",
            "carotid encasement",
        ],
        ["nowhere", "it's", 'say "x"'],
        0.005,
    ),
    "n": (["", "", "N0", "N1", "NX", "yes", "no", "unknown", "9", "n1", " n0 "], ["N7", "2"], 0.01),
    "m": (["", "", "M0", "M1", "MX", "yes", "no", "unknown", "9", "m1"], ["M7"], 0.01),
    "grade": (
        [
            "",
            "",
            "1",
            "2",
            "3",
            "X",
            "GX",
            "low",
            "Mid",
            "high grade",
            "A",
            "b",
            "C",
            "D",
            "H",
            "9",
            "G2",
            "high",
            "unknown",
        ],
        ["4", "G4"],
        0.01,
    ),
    "differentiation": (["1", "2", "3", "02"], ["0", "4", "x"], 0.02),
    "mitoses": (["0", "9", "10", "19", "20", "1000000"], ["1000001", "-1", "abc"], 0.02),
    "necrosis": (["none", "lt50", "ge50", "LT 50", "ge-50", "0", "1", "2"], ["3", "some"], 0.02),
    "basis": (["", "", "", "clinical", "pathologic", "post_therapy", "recurrence"], ["Clinical", "xyz"], 0.01),
}
"""Differential-test pools per column: (good values, bad values, chance of a bad value)."""

FNCLCC = ("differentiation", "mitoses", "necrosis")
SCORED = 0.15
"""Chance that a record has FNCLCC scores (then all three, save for a small chance of one missing)."""

REGISTRY: dict[str, Pool] = {
    "site": (
        [
            "C49.2",
            "C49.1",
            "C49.6",
            "C49.0",
            "C48.0",
            "C49.4",
            "C49.5",
            "C16.2",
            "C17.1",
            "leg",
            "arm",
            "trunk",
            "C40.2",
            "C44.5",
            "moon",
        ],
        [0.30, 0.10, 0.10, 0.07, 0.12, 0.05, 0.04, 0.05, 0.03, 0.06, 0.03, 0.02, 0.01, 0.01, 0.01],
    ),
    "histology": (
        [
            "8890/3",
            "8802/3",
            "8858/3",
            "8852/3",
            "8811/3",
            "9040/3",
            "9540/3",
            "8850/3",
            "9120/3",
            "8935/3",
            "",
            "88x0",
        ],
        [0.20, 0.18, 0.10, 0.08, 0.08, 0.07, 0.05, 0.06, 0.04, 0.03, 0.10, 0.01],
    ),
    "schema_discriminator_2": (["", "1", "2", "9"], [0.85, 0.07, 0.07, 0.01]),
    "n": (["N0", "N1", "NX", ""], [0.70, 0.03, 0.12, 0.15]),
    "m": (["M0", "M1", "MX", ""], [0.70, 0.10, 0.05, 0.15]),
    "grade": (
        ["1", "2", "3", "9", "A", "C", "D", "H", "", "4"],
        [0.15, 0.20, 0.35, 0.10, 0.03, 0.03, 0.03, 0.02, 0.08, 0.01],
    ),
}
"""Registry-like distributions; sizes are drawn log-normally (median 8 cm) with 10% unknown."""


def _column(rng: np.random.Generator, pool: Pool, rows: int) -> pa.Array:
    values, weights = pool
    p = None if weights is None else np.asarray(weights, dtype=float) / float(np.sum(weights))
    idx = rng.choice(len(values), size=rows, p=p).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(list(values), pa.string())).cast(pa.string())


def _registry_sizes(rng: np.random.Generator, rows: int) -> pa.Array:
    cm = np.round(np.exp(rng.normal(np.log(8.0), 0.8, rows)), 1)
    text = pa.compute.cast(pa.array(cm), pa.string())
    unknown = pa.array(rng.random(rows) < 0.10)
    bad = pa.array(rng.random(rows) < 0.002)
    with_unknown = pa.compute.if_else(unknown, pa.scalar("", pa.string()), text)
    return pa.compute.if_else(bad, pa.scalar("-1", pa.string()), with_unknown)


def synthetic_table(rows: int, seed: int = 20261127, kind: str = "adversarial", start_id: int = 0) -> pa.Table:
    """One table of ``rows`` synthetic records with an ``id`` column first."""
    import pyarrow.compute  # noqa: F401 - registers pa.compute

    rng = np.random.default_rng(seed)
    columns: dict[str, pa.Array] = {"id": pa.array(np.arange(start_id, start_id + rows, dtype=np.int64))}
    if kind == "registry":
        for name, pool in REGISTRY.items():
            columns[name] = _column(rng, pool, rows)
        columns["size_cm"] = _registry_sizes(rng, rows)
        return pa.table(columns)
    scored = rng.random(rows) < SCORED
    for name, (good, bad, p_bad) in ADVERSARIAL.items():
        values = [*good, *bad]
        weights = [(1 - p_bad) / len(good)] * len(good) + [p_bad / len(bad)] * len(bad)
        column = _column(rng, (values, weights), rows)
        if name in FNCLCC:
            keep = pa.array(scored | (rng.random(rows) < 0.003))
            column = pa.compute.if_else(keep, column, pa.scalar("", pa.string()))
        columns[name] = column
    return pa.table(columns)


def synthetic_batches(
    rows: int, seed: int = 20261127, kind: str = "registry", chunk: int = 1_000_000
) -> Iterator[pa.Table]:
    """``rows`` records in chunks (each chunk seeded from ``seed`` and its position), for huge files."""
    done = 0
    while done < rows:
        size = min(chunk, rows - done)
        yield synthetic_table(size, seed + done, kind, start_id=done)
        done += size
