"""POST /api/v1/stage: AJCC 8th-edition stage of one tumor."""

from __future__ import annotations

from fastapi import APIRouter

from ...staging import StageResult, stage
from ..deps import ERROR_RESPONSES, StagingBody

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["staging"])


@router.post("/stage", response_model=StageResult, responses=ERROR_RESPONSES)
def stage_case(case: StagingBody) -> StageResult:
    """Stage one tumor; fields are named like the batch columns."""
    return stage(case)
