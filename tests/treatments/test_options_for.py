"""Treatment options from a StageResult (issue 12): the web, CLI and API pass the result they have.

``options_for`` and ``shared_options_for`` read the result and never stage again; the raw-field
``treatment_options`` and ``shared_treatment_options`` stage once and give the same plan.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from sarcoma import stage
from sarcoma.errors import InvalidInput
from sarcoma.treatments import options_for, shared_options_for, shared_treatment_options, treatment_options

CASES: list[dict[str, Any]] = [
    {"site": site, **size, **grade, **spread}
    for site, size, grade, spread in product(
        ("leg", "retroperitoneum", "head_neck", "abdomen_thoracic_visceral"),
        ({}, {"size_cm": 3}, {"size_cm": 12}),
        ({}, {"grade": "1"}, {"grade": "3"}),
        ({}, {"n": "N1"}, {"m": "M1"}, {"n": "N0", "m": "M0"}),
    )
]


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("resectable", ["yes", "unknown"])
def test_result_entry_points_match_the_raw_field_ones(case: dict[str, Any], resectable: Any) -> None:
    result = stage(case)
    assert options_for(result, resectable=resectable) == treatment_options(case, resectable=resectable)
    assert shared_options_for(result, resectable=resectable) == shared_treatment_options(case, resectable=resectable)


def test_a_recurrence_is_a_result_staged_with_the_recurrence_basis() -> None:
    case = {"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"}
    plan = options_for(stage({**case, "basis": "recurrence"}))
    assert plan.state == treatment_options(case, recurrent=True).state == "recurrent"


def test_histology_and_markers_come_from_the_result() -> None:
    ewing = {"site": "leg", "size_cm": 12, "grade": "3", "histology": "9364/3"}  # staged, but treated apart
    assert options_for(stage(ewing)).state == treatment_options(ewing).state == "ewing"
    spread = {"site": "leg", "size_cm": 12, "grade": "3", "m": "M1"}
    with_marker = options_for(stage(spread), markers=["NTRK"])
    assert with_marker == treatment_options(spread, markers=["NTRK"])
    assert with_marker.clinician != options_for(stage(spread)).clinician


def test_resectable_is_checked() -> None:
    with pytest.raises(InvalidInput, match="resectable"):
        options_for(stage(site="leg"), resectable="maybe")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="resectable"):
        shared_options_for(stage(site="leg"), resectable="maybe")  # type: ignore[arg-type]


@pytest.mark.parametrize("histology", ["8804/3", "8804", "9364/3", "8890/3"])
@pytest.mark.parametrize("grade", [{}, {"grade": "3"}])
def test_a_plans_own_result_gives_the_same_plan(histology: str, grade: dict[str, str]) -> None:
    """A type the tables do not stage (epithelioid sarcoma 8804) keeps its answer when its plan's result is reused."""
    case = {"site": "leg", "size_cm": 8, "histology": histology, **grade}
    plan = treatment_options(case)
    assert options_for(plan.stage) == plan
    shared = shared_treatment_options(case)
    assert shared_options_for(shared.stage) == shared
