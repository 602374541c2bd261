"""Hypothesis properties: within a site group, the stage never goes down as findings get worse."""

from __future__ import annotations

from hypothesis import strategies as st

from sarcoma import stage

from .._examples import fast_and_slow

ORDER = {"IA": 1, "I": 1, "IB": 2, "II": 3, "IIIA": 4, "IIIB": 5, "IV": 6}
GRADES = ["1", "2", "3"]

sizes = st.floats(min_value=0.1, max_value=299.0, allow_nan=False)
group = st.sampled_from(["trunk_extremities", "retroperitoneum"])
grade = st.sampled_from(GRADES)
n_values = st.sampled_from(["N0", "N1"])
m_values = st.sampled_from(["M0", "M1"])


def rank(**fields: object) -> int:
    return ORDER[stage(fields).stage]


def _larger_size_never_lowers_the_stage(site: str, a: float, b: float, g: str, n: str, m: str) -> None:
    small, large = sorted((a, b))
    assert rank(site=site, size_cm=small, grade=g, n=n, m=m) <= rank(site=site, size_cm=large, grade=g, n=n, m=m)


test_larger_size_never_lowers_the_stage, test_larger_size_never_lowers_the_stage_all_examples = fast_and_slow(
    300, group, sizes, sizes, grade, n_values, m_values
)(_larger_size_never_lowers_the_stage)


def _higher_grade_never_lowers_the_stage(site: str, size: float, grades: tuple[str, str], n: str, m: str) -> None:
    low, high = grades
    assert rank(site=site, size_cm=size, grade=low, n=n, m=m) <= rank(site=site, size_cm=size, grade=high, n=n, m=m)


test_higher_grade_never_lowers_the_stage, test_higher_grade_never_lowers_the_stage_all_examples = fast_and_slow(
    300, group, sizes, st.sampled_from([(a, b) for a in GRADES for b in GRADES if a <= b]), n_values, m_values
)(_higher_grade_never_lowers_the_stage)


def _n1_never_lowers_the_stage(site: str, size: float, g: str, m: str) -> None:
    assert rank(site=site, size_cm=size, grade=g, n="N0", m=m) <= rank(site=site, size_cm=size, grade=g, n="N1", m=m)


test_n1_never_lowers_the_stage, test_n1_never_lowers_the_stage_all_examples = fast_and_slow(
    200, group, sizes, grade, m_values
)(_n1_never_lowers_the_stage)


def _m1_never_lowers_the_stage(site: str, size: float, g: str, n: str) -> None:
    assert rank(site=site, size_cm=size, grade=g, n=n, m="M0") <= rank(site=site, size_cm=size, grade=g, n=n, m="M1")


test_m1_never_lowers_the_stage, test_m1_never_lowers_the_stage_all_examples = fast_and_slow(
    200, group, sizes, grade, n_values
)(_m1_never_lowers_the_stage)
