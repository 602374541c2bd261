"""The age splines are restricted cubic splines: linear in the tails, smooth (C2) at the knots."""

from __future__ import annotations

import math

import pytest

from sarcoma.prognosis._data import MODEL_IDS, load_model
from sarcoma.prognosis._spline import RestrictedCubicSpline

SPLINES = {m: load_model(m).spline for m in MODEL_IDS}


def numeric(f: RestrictedCubicSpline, x: float, order: int, h: float) -> float:
    if order == 1:
        return (f(x + h) - f(x - h)) / (2 * h)
    return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)


@pytest.mark.parametrize("model", MODEL_IDS)
def test_linear_below_the_first_knot(model: str) -> None:
    f = SPLINES[model]
    k1 = f.knots[0]
    for x in (k1 - 3.0, k1 - 1.0, k1 - 1e-9):
        assert f(x) == pytest.approx(f.linear * x, rel=1e-15)
        assert f.derivative(x, 2) == 0.0


@pytest.mark.parametrize("model", MODEL_IDS)
def test_linear_beyond_the_last_knot(model: str) -> None:
    f = SPLINES[model]
    last = f.knots[-1]
    span = f.knots[-1] - f.knots[0]
    # Second derivative 6 * (x * sum(c) - sum(c * k)) vanishes up to the rounding of the published numbers.
    curvature_scale = 6 * max(abs(c) for c in f.cubic) * span
    for x in (last + 1e-9, last + span / 10, last + span, last + 3 * span):
        assert abs(f.derivative(x, 2)) < 1e-5 * curvature_scale
        assert abs(f.derivative(x, 3)) < 1e-6 * 6 * max(abs(c) for c in f.cubic)
    # So the slope is (nearly) constant beyond the last knot.
    assert f.derivative(last + span, 1) == pytest.approx(f.derivative(last + 1e-9, 1), rel=1e-4)


@pytest.mark.parametrize("model", MODEL_IDS)
def test_value_and_first_two_derivatives_are_continuous_at_the_knots(model: str) -> None:
    f = SPLINES[model]
    eps = 1e-7 * (f.knots[-1] - f.knots[0])
    for k in f.knots:
        assert f(k - eps) == pytest.approx(f(k + eps), abs=1e-6)
        assert f.derivative(k - eps, 1) == pytest.approx(f.derivative(k + eps, 1), abs=1e-6)
        assert f.derivative(k - eps, 2) == pytest.approx(f.derivative(k + eps, 2), abs=1e-5 * abs(f.cubic[0]) * 6)


@pytest.mark.parametrize("model", MODEL_IDS)
def test_the_third_derivative_jumps_at_each_knot(model: str) -> None:
    f = SPLINES[model]
    for k, c in zip(f.knots, f.cubic, strict=True):
        jump = f.derivative(k, 3) - f.derivative(k - 1e-9, 3)
        assert jump == pytest.approx(6 * c, rel=1e-9)


@pytest.mark.parametrize("model", MODEL_IDS)
def test_analytic_derivatives_agree_with_finite_differences(model: str) -> None:
    f = SPLINES[model]
    lo, hi = f.knots[0], f.knots[-1]
    h = (hi - lo) * 1e-4
    for i in range(1, 20):
        x = lo - (hi - lo) * 0.2 + i * (hi - lo) * 1.4 / 20
        assert numeric(f, x, 1, h) == pytest.approx(f.derivative(x, 1), rel=1e-6, abs=1e-9)
        assert numeric(f, x, 2, h) == pytest.approx(f.derivative(x, 2), rel=1e-3, abs=1e-6)


def test_kattan2002_knots_are_at_the_ages_the_paper_describes() -> None:
    ages = [math.exp(k) for k in SPLINES["kattan2002"].knots]
    assert ages == pytest.approx([26.7, 50.7, 74.4], abs=0.05)


def test_kattan2002_uses_log_age_and_kattan2003_raw_age() -> None:
    assert load_model("kattan2002").age_log_scale is True
    assert load_model("kattan2003").age_log_scale is False


@pytest.mark.parametrize(
    ("knots", "cubic", "message"),
    [
        ((1.0, 2.0, 3.0), (1.0, -1.0, 1.0), "sum to 0"),
        ((1.0, 2.0, 3.0), (1.0, -3.0, 1.0), "sum to 0"),
        ((1.0, 2.0, 4.0), (1.0, -2.0, 1.0), "knot-weighted"),
        ((1.0, 3.0, 2.0), (1.0, -2.0, 1.0), "increase"),
        ((1.0, 2.0), (1.0, -1.0), "three knots"),
    ],
)
def test_unrestricted_coefficients_are_refused(
    knots: tuple[float, ...], cubic: tuple[float, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        RestrictedCubicSpline.from_lists(0.5, knots, cubic)


def test_a_restricted_spline_is_accepted_and_linear_after_the_last_knot() -> None:
    f = RestrictedCubicSpline.from_lists(0.5, (1.0, 2.0, 3.0), (1.0, -2.0, 1.0))
    assert f.derivative(10.0, 2) == 0.0
    assert f(11.0) - f(10.0) == pytest.approx(f.derivative(10.0, 1))
    with pytest.raises(ValueError, match="order"):
        f.derivative(1.0, 4)
