"""Prognosis from a StageResult (issue 12): the web passes the result it has; nothing is staged again."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from sarcoma import stage
from sarcoma.prognosis import (
    NoModelFits,
    check_case,
    check_result,
    from_case,
    from_result,
    inputs_from_case,
    inputs_from_result,
)

CASES: list[dict[str, Any]] = [
    {"site": site, "size_cm": size, "grade": grade, "histology": "8890/3", **spread}
    for site, size, grade, spread in product(
        ("arm", "leg", "trunk", "retroperitoneum", "C49.2"),
        (3, 12),
        ("1", "2", "3", "high", "low"),
        ({}, {"n": "N0", "m": "M0"}, {"basis": "recurrence", "n": "N0", "m": "MX"}),
    )
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_from_result_matches_from_case(case: dict[str, Any]) -> None:
    result = stage(case)
    assert from_result(result, age=60, depth="deep", grade=case["grade"]) == from_case(case, age=60, depth="deep")
    assert check_result(result) == check_case(case)


def test_the_situation_comes_from_the_result_fields() -> None:
    case = {"site": "leg", "size_cm": 8, "grade": "3", "histology": "8890/3", "n": "NX", "m": "M0"}
    inputs = inputs_from_result(stage(case), age=60, depth="deep")
    assert (inputs["n"], inputs["m"], inputs["presentation"]) == ("NX", "M0", "primary")
    with pytest.raises(NoModelFits, match="M1"):
        check_result(stage({**case, "m": "pM1"}))
    recurrence = stage({**case, "m": "M0", "basis": "recurrence"})
    assert check_result(recurrence).model == "kattan2003"


def test_the_grade_as_given_can_say_more_than_the_staging_grade() -> None:
    case = {"site": "leg", "size_cm": 8, "grade": "H", "histology": "8890/3"}  # registry H: GX for staging
    result = stage(case)
    assert result.grade == "GX"
    assert from_result(result, age=60, depth="deep", grade="H") == from_case(case, age=60, depth="deep")
    assert inputs_from_case(case, age=60, depth="deep")["grade"] == "H"
