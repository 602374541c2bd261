"""Display rounding as the riskcalc.org calculators do it: R's round(p * 100), '<1%' and '>99%' at the ends."""

from __future__ import annotations

import math

import pytest

from sarcoma.prognosis import display_percent
from sarcoma.prognosis._result import in_100

# R's round() rounds halves to even: round(0.5) = 0, round(2.5) = 2, round(12.5) = 12, round(99.5) = 100.
ROUNDING = [
    (0.0, "<1%"),
    (0.004, "<1%"),
    (0.005, "<1%"),
    (0.0051, "1%"),
    (0.0149, "1%"),
    (0.015, "2%"),
    (0.025, "2%"),
    (0.125, "12%"),
    (0.5, "50%"),
    (0.985, "98%"),
    (0.99, "99%"),
    (0.9949, "99%"),
    (0.995, ">99%"),
    (1.0, ">99%"),
]


@pytest.mark.parametrize(("probability", "shown"), ROUNDING)
def test_display_rounds_like_the_calculator(probability: float, shown: str) -> None:
    assert display_percent(probability) == shown


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, math.inf])
def test_display_refuses_non_probabilities(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        display_percent(bad)


@pytest.mark.parametrize(
    ("shown", "words"),
    [("<1%", "fewer than 1 in 100"), (">99%", "more than 99 in 100"), ("31%", "about 31 in 100")],
)
def test_natural_frequencies(shown: str, words: str) -> None:
    assert in_100(shown) == words
