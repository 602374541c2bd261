"""Restricted cubic splines in the truncated-power form that the MSKCC nomograms publish.

A spline with knots ``k1 < k2 < k3`` is written

    f(x) = b * x + c1 * (x - k1)+^3 + c2 * (x - k2)+^3 + c3 * (x - k3)+^3

where ``(u)+^3 = max(u, 0)^3``. It is *restricted* (linear beyond the outer knots) when
``sum(c) == 0`` and ``sum(c * k) == 0``: then the cubic and square terms cancel past ``k3``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["RestrictedCubicSpline"]


@dataclass(frozen=True)
class RestrictedCubicSpline:
    """A restricted cubic spline in truncated-power form.

    Parameters
    ----------
    linear
        Coefficient of the linear term ``x``.
    knots
        Knot positions, increasing.
    cubic
        Coefficients of the truncated cubic terms, one per knot.
    """

    linear: float
    knots: tuple[float, ...]
    cubic: tuple[float, ...]

    @classmethod
    def from_lists(cls, linear: float, knots: Sequence[float], cubic: Sequence[float]) -> RestrictedCubicSpline:
        """Build a spline from plain sequences, checking the shape and the restriction."""
        spline = cls(float(linear), tuple(float(k) for k in knots), tuple(float(c) for c in cubic))
        spline.check()
        return spline

    def check(self, tolerance: float = 1e-6) -> None:
        """Raise ``ValueError`` unless knots increase and the tail is linear (up to ``tolerance``).

        The tolerance is relative to the size of the coefficients, since published numbers are rounded.
        """
        if len(self.knots) != len(self.cubic) or len(self.knots) < 3:
            raise ValueError("a restricted cubic spline needs at least three knots and one coefficient per knot")
        if any(b <= a for a, b in zip(self.knots, self.knots[1:], strict=False)):
            raise ValueError(f"spline knots must increase: {self.knots}")
        scale = max(abs(c) for c in self.cubic)
        if abs(sum(self.cubic)) > tolerance * scale:
            raise ValueError(f"spline cubic coefficients must sum to 0 (sum {sum(self.cubic):.3g})")
        weighted = sum(c * k for c, k in zip(self.cubic, self.knots, strict=True))
        if abs(weighted) > tolerance * scale * max(abs(k) for k in self.knots):
            raise ValueError(f"spline knot-weighted coefficients must sum to 0 (sum {weighted:.3g})")

    def __call__(self, x: float) -> float:
        """Return the value of the spline at ``x``."""
        total = self.linear * x
        for knot, coef in zip(self.knots, self.cubic, strict=True):
            if x > knot:
                total += coef * (x - knot) ** 3
        return total

    def derivative(self, x: float, order: int = 1) -> float:
        """Return the first, second or third derivative at ``x`` (right-hand limit at a knot for the third)."""
        if order not in (1, 2, 3):
            raise ValueError("order must be 1, 2 or 3")
        total = self.linear if order == 1 else 0.0
        factor = {1: 3.0, 2: 6.0, 3: 6.0}[order]
        power = 3 - order
        for knot, coef in zip(self.knots, self.cubic, strict=True):
            if x > knot or (order == 3 and x == knot):
                total += factor * coef * (x - knot) ** power
        return total
