"""Hypothesis properties: the model implies that larger size, higher grade and deep location never lower the risk."""

from __future__ import annotations

from hypothesis import strategies as st

from sarcoma.prognosis import PrognosisResult, predict

from .._examples import fast_and_slow

SITES = ["upper_extremity", "lower_extremity", "trunk", "head_neck", "retroperitoneal_intra_abdominal", "visceral"]
SUPERFICIAL_SITES = SITES[:4]
HISTOLOGIES = ["fibrosarcoma", "leiomyosarcoma", "liposarcoma", "UPS", "MPNST", "synovial sarcoma", "other"]

models = st.sampled_from(["kattan2002", "kattan2003"])
ages = st.floats(min_value=17.0, max_value=89.5, allow_nan=False)
sizes = st.floats(min_value=0.05, max_value=300.0, allow_nan=False)
sites = st.sampled_from(SITES)
histologies = st.sampled_from(HISTOLOGIES)
grades = st.sampled_from(["1", "2", "3"])
depths = st.sampled_from(["deep", "superficial"])


def risk(model: str, **inputs: object) -> PrognosisResult:
    return predict(model, **inputs)


def at_least(high: PrognosisResult, low: PrognosisResult) -> bool:
    return all(high.probabilities[k] >= low.probabilities[k] for k in low.probabilities)


def _larger_size_never_lowers_the_risk(
    model: str, age: float, a: float, b: float, site: str, histo: str, grade: str
) -> None:
    small, large = sorted((a, b))
    common = {"age": age, "depth": "deep", "site": site, "histology": histo, "grade": grade}
    assert at_least(risk(model, size_cm=large, **common), risk(model, size_cm=small, **common))


test_larger_size_never_lowers_the_risk, test_larger_size_never_lowers_the_risk_all_examples = fast_and_slow(
    300, models, ages, sizes, sizes, sites, histologies, grades
)(_larger_size_never_lowers_the_risk)


def _higher_grade_never_lowers_the_risk(model: str, age: float, size: float, site: str, histo: str, depth: str) -> None:
    if site not in SUPERFICIAL_SITES:
        depth = "deep"
    common = {"age": age, "size_cm": size, "depth": depth, "site": site, "histology": histo}
    g1, g2, g3 = (risk(model, grade=g, **common) for g in ("1", "2", "3"))
    assert at_least(g2, g1)
    assert at_least(g3, g2)
    assert g2.probabilities == g3.probabilities  # FNCLCC 2 and 3 both count as the model's high grade
    for r in (g1, g2, g3):
        assert at_least(
            PrognosisResult.model_validate({**r.model_dump(), "probabilities": r.by_grade["high"]}),
            PrognosisResult.model_validate({**r.model_dump(), "probabilities": r.by_grade["low"]}),
        )


test_higher_grade_never_lowers_the_risk, test_higher_grade_never_lowers_the_risk_all_examples = fast_and_slow(
    300, models, ages, sizes, sites, histologies, depths
)(_higher_grade_never_lowers_the_risk)


def _deep_location_never_lowers_the_risk(
    model: str, age: float, size: float, site: str, histo: str, grade: str
) -> None:
    common = {"age": age, "size_cm": size, "site": site, "histology": histo, "grade": grade}
    assert at_least(risk(model, depth="deep", **common), risk(model, depth="superficial", **common))


test_deep_location_never_lowers_the_risk, test_deep_location_never_lowers_the_risk_all_examples = fast_and_slow(
    300, models, ages, sizes, st.sampled_from(SUPERFICIAL_SITES), histologies, grades
)(_deep_location_never_lowers_the_risk)


def _probabilities_are_between_0_and_1_and_grow_with_time(
    model: str, age: float, size: float, site: str, histo: str, grade: str
) -> None:
    result = risk(model, age=age, size_cm=size, depth="deep", site=site, histology=histo, grade=grade)
    values = list(result.probabilities.values())
    assert all(0.0 < p < 1.0 for p in values)
    assert values == sorted(values)
    assert set(result.display) == set(result.probabilities)


(
    test_probabilities_are_between_0_and_1_and_grow_with_time,
    test_probabilities_are_between_0_and_1_and_grow_with_time_all_examples,
) = fast_and_slow(300, models, ages, sizes, sites, histologies, grades)(
    _probabilities_are_between_0_and_1_and_grow_with_time
)
