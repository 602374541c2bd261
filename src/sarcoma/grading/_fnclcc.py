"""FNCLCC histologic grade from its three component scores."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from .._messages import entry
from .._tables import load_table, normalize_token
from .._trusted import trusted
from ..errors import InvalidInput

__all__ = [
    "GradeResult",
    "fnclcc_grade",
    "grade_caveats",
    "post_therapy_warning",
    "NECROSIS_LEVELS",
    "NECROSIS_TOKENS",
    "MAX_MITOSES",
]

CAVEAT_CODES = ("fnclcc_caveat_neoadjuvant", "fnclcc_caveat_types")
"""Rows of ``messages.yaml`` shown with every FNCLCC grade."""
POST_THERAPY_CODE = "fnclcc_post_therapy"
"""Row of ``messages.yaml`` for a grade taken after treatment before surgery."""

MAX_MITOSES = 1_000_000
"""Largest mitotic count read (per 10 high-power fields): the top of the fnclcc table's last mitoses row."""

NECROSIS_LEVELS = {"none": 0, "lt50": 1, "ge50": 2}
"""Necrosis words and their FNCLCC scores."""
NECROSIS_TOKENS = {
    **{normalize_token(word): score for word, score in NECROSIS_LEVELS.items()},
    "LT 50": 1,
    "GE 50": 2,
    **{str(score): score for score in NECROSIS_LEVELS.values()},
}
"""Every spelling a case input may use for necrosis (after ``normalize_token``), with its score."""


class GradeResult(BaseModel):
    """An FNCLCC grade with its component scores and explanation."""

    # built on first use (validation, JSON, a schema): ``sarcoma stage`` imports this module but rarely grades
    model_config = ConfigDict(frozen=True, defer_build=True)

    differentiation_score: int
    mitosis_score: int
    necrosis_score: int
    score: int = Field(description="Sum of the three component scores, 2 to 8.")
    grade: str = Field(description="G1, G2 or G3.")
    technical: str
    plain: str
    steps: list[str] = Field(description="One plain sentence per component, then the total.")
    source: str
    caveats: list[str] = Field(
        default_factory=list,
        description="Limits of the FNCLCC grade, shown with every grade: not valid after treatment before "
        "surgery, and not used for some types (messages.yaml rows fnclcc_caveat_*).",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Warnings for this grade: a grade from tissue taken after treatment before surgery "
        "(post_therapy) is not valid (messages.yaml row fnclcc_post_therapy).",
    )
    caveat_sources: list[str] = Field(default_factory=list, description="Where the caveats and warnings come from.")


def _necrosis_score(necrosis: int | str) -> int:
    if isinstance(necrosis, int):
        if necrosis not in (0, 1, 2):
            raise InvalidInput("necrosis: score must be 0, 1 or 2", field="necrosis")
        return necrosis
    key = normalize_token(necrosis).replace(" ", "").lower()
    if key not in NECROSIS_LEVELS:
        raise InvalidInput(
            f"necrosis: {necrosis!r} is not a necrosis level; use none, lt50 (under 50%) or ge50 (50% or more)",
            field="necrosis",
        )
    return NECROSIS_LEVELS[key]


@cache
def _warning(code: str) -> tuple[str, str]:
    row = entry(code)
    return str(row.get("message")), str(row.get("source"))


@cache
def _caveat_sources() -> tuple[str, ...]:
    return tuple(sorted({_warning(c)[1] for c in (*CAVEAT_CODES, POST_THERAPY_CODE)}))


def grade_caveats() -> list[str]:
    """The limits of the FNCLCC grade, in plain words (shown with every grade and in the grade item)."""
    return [_warning(code)[0] for code in CAVEAT_CODES]


def post_therapy_warning() -> str:
    """The warning for a grade from tissue taken after treatment before surgery (basis ``post_therapy``)."""
    return _warning(POST_THERAPY_CODE)[0]


def fnclcc_grade(differentiation: int, mitoses: int, necrosis: int | str, *, post_therapy: bool = False) -> GradeResult:
    """Grade a soft tissue sarcoma with the FNCLCC system.

    Parameters
    ----------
    differentiation
        Differentiation score 1 to 3 (by histologic type).
    mitoses
        Mitotic count per 10 high-power fields (0 or more).
    necrosis
        ``none``, ``lt50`` or ``ge50`` (or the score 0, 1 or 2).
    post_therapy
        The tissue was taken after chemotherapy or radiation given before surgery (AJCC basis
        ``post_therapy``, yp). The grade is still worked out, but carries a warning that the FNCLCC
        grade is not valid after such treatment.
    """
    if isinstance(differentiation, bool) or differentiation not in (1, 2, 3):
        raise InvalidInput(
            f"differentiation: {differentiation!r} is not a score; use 1, 2 or 3", field="differentiation"
        )
    if isinstance(mitoses, bool) or not isinstance(mitoses, int) or mitoses < 0:
        raise InvalidInput(f"mitoses: {mitoses!r} is not a count; use a whole number of 0 or more", field="mitoses")
    if mitoses > MAX_MITOSES:
        raise InvalidInput(f"mitoses: {mitoses} is more than {MAX_MITOSES:,} per 10 high-power fields", field="mitoses")
    table = load_table("fnclcc")
    nec = _necrosis_score(necrosis)
    d_row = table.require(component="differentiation", value=differentiation)
    m_row = table.require(component="mitoses", value=mitoses)
    n_row = table.require(component="necrosis", value=nec)
    d, m, n = int(d_row.get("score")), int(m_row.get("score")), int(n_row.get("score"))
    total = d + m + n
    sum_row = table.require(component="total", value=total)
    grade = sum_row.get("score")
    technical = f"FNCLCC: differentiation {d} + mitoses {m} ({mitoses}/10 HPF) + necrosis {n} = {total}, {grade}."
    return trusted(  # our own values, each list new
        GradeResult,
        differentiation_score=d,
        mitosis_score=m,
        necrosis_score=n,
        score=total,
        grade=grade,
        technical=technical,
        plain=sum_row.get("plain"),
        steps=[d_row.get("plain"), m_row.get("plain"), n_row.get("plain"), sum_row.get("plain")],
        source=table.citation,
        caveats=grade_caveats(),
        warnings=[post_therapy_warning()] if post_therapy else [],
        caveat_sources=list(_caveat_sources()),
    )
