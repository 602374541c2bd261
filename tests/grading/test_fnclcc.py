"""FNCLCC grade: every differentiation x mitosis band x necrosis combination."""

from __future__ import annotations

import itertools

import pytest

from sarcoma import InvalidInput, fnclcc_grade

MITOSES = {0: 1, 9: 1, 10: 2, 19: 2, 20: 3, 150: 3}
NECROSIS = {"none": 0, "lt50": 1, "ge50": 2}


def expected_grade(total: int) -> str:
    return "G1" if total <= 3 else "G2" if total <= 5 else "G3"


@pytest.mark.parametrize(("d", "mitoses", "necrosis"), list(itertools.product([1, 2, 3], MITOSES, NECROSIS)))
def test_every_combination(d: int, mitoses: int, necrosis: str) -> None:
    result = fnclcc_grade(d, mitoses, necrosis)
    total = d + MITOSES[mitoses] + NECROSIS[necrosis]
    assert result.score == total
    assert result.grade == expected_grade(total)
    assert len(result.steps) == 4
    assert "FNCLCC" in result.technical


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((0, 5, "none"), "differentiation"),
        ((4, 5, "none"), "differentiation"),
        ((2, -1, "none"), "mitoses"),
        ((2, 5, "half"), "necrosis"),
    ],
)
def test_bad_scores(args: tuple[int, int, str], text: str) -> None:
    with pytest.raises(InvalidInput, match=text):
        fnclcc_grade(*args)
