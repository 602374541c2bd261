"""Per-column features: the part of the staging plan that reads one input column at a time.

The first layers of the plan (:func:`._sql._read` and :func:`._sql._parse`: text cast, ASCII check,
trim, token normalisation, pattern checks, numbers) each depend on one input column only. The
factorized engine (:mod:`._factor`) evaluates them once per distinct value of each column and hands
the rest of the plan (``staging_sql(..., features=True)``) the features instead of the inputs.
"""

from __future__ import annotations

from .._tables import load_table
from ..staging import CHECK_UNIT_MM
from ._compile import Plan
from ._dialect import get_dialect
from ._sql import _c, _parse, _read, size_given_sql, size_mm_sql
from ._validate import INPUT_COLUMNS, NOT_ASCII, SIZE_RULES

__all__ = ["COLUMN_FEATURES", "features_sql", "size_bounds", "size_key_sql"]


def _features() -> dict[str, tuple[str, ...]]:
    found = {col: [col] for col in INPUT_COLUMNS}
    found["site"] += ["is_topo", "site_tok", "site_raw", "site_u", "topo"]
    found["histology"] += ["histology_ok", "morph", "beh"]
    for rule in SIZE_RULES:
        found[rule.column] += [f"{rule.column}_ok", f"{rule.column}_dec"]
    found["t"] += ["t_tok", "t_ok", "t_body"]
    for col in ("n", "m", "grade", "necrosis", "extent"):
        found[col].append(f"{col}_tok")
    for col in ("differentiation", "mitoses"):
        found[col] += [f"{col}_ok", f"{col}_int"]
    found["necrosis"].append("nec_score")
    return {col: tuple(_c(n) for n in [*names, f"nonascii_{col}"]) for col, names in found.items()}


COLUMN_FEATURES = _features()
"""For each input column, the plan's names that depend on it alone (``_s_nonascii_<column>``: the ASCII check)."""


def size_bounds() -> list[int]:
    """Millimetre values where the plan's decision on a size can change (``mm > bound``)."""
    bounds = {CHECK_UNIT_MM}
    for row in load_table("t_size").rows:
        for lo, hi in row.ranges["size_mm"]:
            bounds |= {lo - 1, hi}
    return sorted(bounds)


def size_key_sql(column: str, nonascii: str) -> tuple[str, str, str]:
    """SQL over a size column's features: (its class key, its millimetres as text, its text as given).

    Two values with the same key are read alike by the rest of the plan: same error, same rounding,
    same side of every bound of :func:`size_bounds`; only the quoted texts differ.
    """
    d = get_dialect("duckdb")
    rule = next(r for r in SIZE_RULES if r.column == column)
    dec = _c(f"{column}_dec")
    mm = size_mm_sql(rule, dec)
    key = [
        nonascii,
        f"{_c(column)} IS NULL",
        _c(f"{column}_ok"),
        f"{dec} <= 0",
        f"{dec} > {rule.maximum}",
        f"{mm} = 0",
        f"{dec} * {rule.to_mm} <> {mm}",
        *(f"{mm} > {b}" for b in size_bounds()),
    ]
    return f"CAST(row({', '.join(key)}) AS VARCHAR)", f"CAST({mm} AS VARCHAR)", size_given_sql(d, rule, dec)


def features_sql(source: str) -> str:
    """DuckDB SQL: every column's features for each row of ``source`` (every input column and ``_i``).

    Each feature reads its own column only, so ``source`` may stack unrelated distinct values of the
    columns side by side. Size columns also get ``_k_<column>``, ``_mm_<column>`` and ``_given_<column>``
    (:func:`size_key_sql`).
    """
    d = get_dialect("duckdb")
    plan = Plan()
    _read(plan, d, INPUT_COLUMNS, None)
    _parse(plan, d)
    flags = {col: f"COALESCE({d.match(_c('r_' + col), NOT_ASCII)}, FALSE)" for col in INPUT_COLUMNS}
    final = [("_i", "_i")]
    for col, names in COLUMN_FEATURES.items():
        final += [(n, flags[col] if n == _c(f"nonascii_{col}") else n) for n in names]
    for rule in SIZE_RULES:
        key, mm, given = size_key_sql(rule.column, flags[rule.column])
        final += [(f"_k_{rule.column}", key), (f"_mm_{rule.column}", mm), (f"_given_{rule.column}", given)]
    return plan.select(d, source, final)
