"""The prognosis result and the display rounding of the original calculators."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..staging import DISCLAIMER

__all__ = ["PrognosisResult", "display_percent", "in_100"]

ModelId = Literal["kattan2002", "kattan2003"]


def display_percent(probability: float) -> str:
    """Round a probability to a whole percent the way the riskcalc.org calculators do.

    The calculators print ``round(p * 100)`` (R rounds halves to even, as Python's :func:`round`
    does), and "<1%" or ">99%" when that rounds to 0 or 100.
    """
    if math.isnan(probability) or not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
    whole = round(probability * 100)
    if whole < 1:
        return "<1%"
    if whole > 99:
        return ">99%"
    return f"{whole}%"


def in_100(display: str) -> str:
    """Say a displayed percent as a natural frequency: 'about 31 in 100', 'fewer than 1 in 100'."""
    if display == "<1%":
        return "fewer than 1 in 100"
    if display == ">99%":
        return "more than 99 in 100"
    return f"about {display.rstrip('%')} in 100"


class PrognosisResult(BaseModel):
    """A population estimate from a published nomogram, with everything needed to read it honestly."""

    model_config = ConfigDict(frozen=True)

    model: ModelId = Field(description="Model id: kattan2002 or kattan2003.")
    title: str = Field(description="The model's name and paper.")
    kind: Literal["exact"] = Field("exact", description="'exact': the published formula, not a digitised chart.")
    population: str = Field(description="Who the model was built from.")
    endpoint: str = Field(description="What the probability is the probability of.")
    horizon: str = Field(description="The time frame, in words.")
    c_index: float | None = Field(description="Concordance index reported for the model, when known.")
    c_index_note: str = Field(description="Where the C-index comes from, or why it is missing.")
    citation: str = Field(description="The paper, with a link.")
    source: str = Field(description="Where the numbers were transcribed from (owner/repo:path@commit).")
    inputs: dict[str, str] = Field(description="The model categories that were used.")
    probabilities: dict[str, float] = Field(description="Probability per horizon (12y, or 1y, 2y, 3y), 0 to 1.")
    display: dict[str, str] = Field(description="The same as whole percent, '<1%' and '>99%' at the ends.")
    grade_ambiguous: bool = Field(description="True when the FNCLCC grade does not map cleanly (grade 2).")
    by_grade: dict[str, dict[str, float]] = Field(
        description="Probabilities per horizon if the grade were low and if it were high, as the calculator shows."
    )
    by_grade_display: dict[str, dict[str, str]] = Field(description="by_grade as displayed percentages.")
    situation: dict[str, str] = Field(
        default_factory=dict,
        description="The situation the model was checked against: presentation, n, m, removed.",
    )
    applicability: str = Field("", description="Why this model fits the situation (the rule that chose it).")
    applicability_rule: str = Field("", description="Id of the applicability rule (data/prognosis/applicability.yaml).")
    assumptions: list[str] = Field(description="How today's terms were mapped to the model's categories.")
    statement: str = Field(description="Plain statement: a population estimate, not a prediction for one person.")
    disclaimer: str = Field(DISCLAIMER, description="Not medical advice.")
