"""Boundary sizes, read from tests/data/size_vectors.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sarcoma import stage
from sarcoma.staging import round_size_mm

VECTORS = Path(__file__).parents[1] / "data" / "size_vectors.csv"


def _rows() -> list[dict[str, str]]:
    with VECTORS.open() as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['site']}-{r['size']}{r['unit']}")
def test_boundary_size(row: dict[str, str]) -> None:
    key = "size_cm" if row["unit"] == "cm" else "size_mm"
    result = stage({"site": row["site"], key: float(row["size"]), "grade": "1", "n": "N0", "m": "M0"})
    assert result.size_mm == int(row["size_mm"])
    assert result.t == row["t"]


def test_rounding_is_reported_only_when_it_changes_the_value() -> None:
    assert "size_rounded" in {w.code for w in stage(site="leg", size_cm=5.04).warnings}
    assert "size_rounded" not in {w.code for w in stage(site="leg", size_cm=5.0).warnings}


def test_large_size_is_accepted_with_a_unit_warning() -> None:
    result = stage(site="retroperitoneum", size_cm=120, grade="1")
    assert result.t == "T4"
    assert "size_check_unit" in {w.code for w in result.warnings}


def test_visceral_size_is_reported_but_not_used_for_t() -> None:
    result = stage(site="visceral", size_cm=12, extent="serosa")
    assert result.t == "T2a"
    assert result.size_mm == 120
    assert "visceral_size_ignored" in {w.code for w in result.warnings}


@given(st.decimals(min_value="0.05", max_value="300", places=3))
def test_half_up_rounding_matches_decimal_arithmetic(cm: object) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    value = Decimal(str(cm))
    expected = int((value * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert round_size_mm(size_cm=float(value)) == expected
