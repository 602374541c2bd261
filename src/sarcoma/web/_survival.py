"""Survival shown both ways ("52 in 100 did not die of sarcoma; 48 in 100 did") and, where the model gives
several times (Kattan 2003: 1, 2 and 3 years), as a line over time with a table as its text alternative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..prognosis import PrognosisResult, display_percent, in_100

__all__ = ["Framing", "CurvePoint", "SurvivalCurve", "framings", "survival_curve"]

WIDTH = 360
HEIGHT = 240
LEFT = 52
RIGHT = 16
TOP = 16
BOTTOM = 52


@dataclass(frozen=True)
class Framing:
    """One time frame said both ways."""

    years: float
    when: str
    alive: str
    died: str
    alive_display: str
    died_display: str


@dataclass(frozen=True)
class CurvePoint:
    years: float
    label: str
    alive: int
    x: float
    y: float


@dataclass(frozen=True)
class SurvivalCurve:
    """Coordinates for an inline SVG line chart (0 to the last year on x, 0 to 100 people on y)."""

    points: list[CurvePoint]
    path: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT


def _years(key: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)y", key)
    if match is None:
        raise ValueError(f"horizon {key!r} is not in years")
    return float(match.group(1))


def _when(years: float) -> str:
    return f"within {years:g} year" + ("" if years == 1 else "s")


def framings(result: PrognosisResult) -> list[Framing]:
    """Each horizon of the estimate as 'did not die of sarcoma' and 'died of sarcoma', in words."""
    found = []
    for key, probability in result.probabilities.items():
        years = _years(key)
        died = display_percent(probability)
        alive = display_percent(1.0 - probability)
        found.append(Framing(years, _when(years), in_100(alive), in_100(died), alive, died))
    return found


def survival_curve(result: PrognosisResult) -> SurvivalCurve | None:
    """The line of people who had not died of sarcoma over time, or ``None`` when the model gives one time."""
    if len(result.probabilities) < 2:
        return None
    times = [(0.0, 100)] + [(_years(k), round((1.0 - p) * 100)) for k, p in result.probabilities.items()]
    last = max(t for t, _ in times)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return round(LEFT + plot_w * t / last, 1)

    def y(alive: float) -> float:
        return round(TOP + plot_h * (1 - alive / 100), 1)

    points = [
        CurvePoint(t, "the start" if t == 0 else f"{t:g} year" + ("" if t == 1 else "s"), a, x(t), y(a))
        for t, a in times
    ]
    path = "M" + " L".join(f"{p.x:g} {p.y:g}" for p in points)
    x_ticks = [(x(t), f"{t:g}") for t, _ in times]
    y_ticks = [(y(v), str(v)) for v in (0, 25, 50, 75, 100)]
    return SurvivalCurve(points, path, x_ticks, y_ticks)


@dataclass(frozen=True)
class SurvivalError:
    """A problem with one survival question: the control to jump to and the message in plain words."""

    field: str
    anchor: str
    message: str


_ANCHORS = {"age": "age", "depth": "depth-deep", "tumor_type": "tumor_type", "histology": "tumor_type"}


def survival_errors(answers: dict[str, str], model_message: str | None, model_field: str | None) -> list[SurvivalError]:
    """Every missing survival answer in words, else the model's own complaint (without its field code)."""
    from ._content import content
    from ._quick import plain_words

    words = content()["survival"]["errors"]
    found = []
    age = answers.get("age", "")
    if not re.fullmatch(r"\d+(?:[.,]\d+)?", age.strip()):
        found.append(SurvivalError("age", "age", str(words["age"])))
    for key in ("depth", "tumor_type"):
        if not answers.get(key):
            found.append(SurvivalError(key, _ANCHORS[key], str(words[key])))
    if found or model_message is None:
        return found
    field = model_field if model_field in _ANCHORS else "age"
    field = "tumor_type" if field == "histology" else field
    return [SurvivalError(field, _ANCHORS[field], plain_words(model_message))]
