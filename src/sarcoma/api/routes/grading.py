"""POST /api/v1/grade: FNCLCC grade from its three component scores."""

from __future__ import annotations

from fastapi import APIRouter

from ...grading import GradeResult, fnclcc_grade
from ..deps import ERROR_RESPONSES, GradeBody

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["grading"])


@router.post("/grade", response_model=GradeResult, responses=ERROR_RESPONSES)
def grade(scores: GradeBody) -> GradeResult:
    """Work out the FNCLCC grade from differentiation, mitoses and necrosis."""
    return fnclcc_grade(scores.differentiation, scores.mitoses, scores.necrosis, post_therapy=scores.post_therapy)
