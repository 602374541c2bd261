"""Treatment options while facts are unknown: only what every possible state shares (issue 10/11)."""

from __future__ import annotations

from sarcoma.treatments import shared_treatment_options, treatment_options


def _ids(plan: object) -> set[str]:
    return {o.id for s in plan.option_sets for o in s.options}  # type: ignore[attr-defined]


def test_unknown_grade_does_not_get_the_low_risk_set() -> None:
    case = {"site": "retroperitoneum", "size_cm": 12, "grade": "X", "n": "N0", "m": "M0"}
    plan = shared_treatment_options(case)
    assert plan.state == "uncertain"
    assert "IB or IIIB" in plan.state_explanation and "the grade" in plan.state_explanation
    low = treatment_options({**case, "grade": "1"})
    high = treatment_options({**case, "grade": "3"})
    assert _ids(plan) == _ids(low) & _ids(high)
    assert all("low" not in s.id for s in plan.option_sets)


def test_a_known_case_keeps_its_plan() -> None:
    case = {"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"}
    assert shared_treatment_options(case) == treatment_options(case)


def test_nothing_shared_says_so_and_names_the_facts() -> None:
    plan = shared_treatment_options({"site": "leg"})
    assert plan.state == "uncertain"
    assert "lymph nodes" in plan.state_explanation


def test_head_and_neck_unknown_grade_shares_only_what_both_grades_share() -> None:
    case = {"site": "head_neck", "size_cm": 3, "n": "no", "m": "no"}
    plan = shared_treatment_options(case)
    both = _ids(treatment_options({**case, "grade": "1"})) & _ids(treatment_options({**case, "grade": "3"}))
    assert _ids(plan) == both
