"""Treatment options while facts are unknown: only what every possible state shares (issue 10/11)."""

from __future__ import annotations

from sarcoma.treatments import shared_treatment_options, treatment_options


def _ids(plan: object) -> set[str]:
    return {o.id for s in plan.option_sets for o in s.options}  # type: ignore[attr-defined]


def _shared_ids(plan: object) -> set[str]:
    """The options in the 'fits every way it could turn out' set (scenario sets come after it)."""
    return {o.id for s in plan.option_sets if s.id == "shared" for o in s.options}  # type: ignore[attr-defined]


def test_unknown_grade_does_not_get_the_low_risk_set() -> None:
    case = {"site": "retroperitoneum", "size_cm": 12, "grade": "X", "n": "N0", "m": "M0"}
    plan = shared_treatment_options(case)
    assert plan.state == "uncertain"
    assert "IB or IIIB" in plan.state_explanation and "the grade" in plan.state_explanation
    low = treatment_options({**case, "grade": "1"})
    high = treatment_options({**case, "grade": "3"})
    assert _shared_ids(plan) == _ids(low) & _ids(high)
    assert all("low" not in s.id for s in plan.option_sets)
    # what would change them: one set for grade 2 or 3, named by that condition, with only the extra options
    scenario = [s for s in plan.option_sets if s.id != "shared"]
    assert [s.title.split(":")[0] for s in scenario] == ["If it is grade 2 or 3"]
    assert {o.id for o in scenario[0].options} == _ids(high) - _ids(low)


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
    assert _shared_ids(plan) == both


def test_each_way_the_spread_could_turn_out_gets_its_own_named_set() -> None:
    """N and M not given: no option fits every case, so the answer lists the options per case, said in words."""
    case = {"site": "leg", "size_cm": 8, "grade": "3"}
    plan = shared_treatment_options(case)
    assert plan.state == "uncertain"
    titles = {s.id: s.title for s in plan.option_sets}
    assert "shared" not in titles
    assert titles["if_stage_ii_iii_n0"].startswith(
        "If no cancer is in nearby lymph nodes, and it has not spread to distant parts of the body:"
    )
    assert titles["if_stage_iv"].startswith("If it has spread to distant parts of the body:")
    assert titles["if_node_positive"].startswith("If it has spread to nearby lymph nodes, and it has not spread")
    known = treatment_options({**case, "n": "N0", "m": "M0"})
    by_id = {s.id: {o.id for o in s.options} for s in plan.option_sets}
    assert by_id["if_stage_ii_iii_n0"] == _ids(known)
    for text in [plan.state_explanation, *titles.values()]:
        assert "has not spread to lymph nodes or to distant" not in text
