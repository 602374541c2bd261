"""POST /api/v1/treatments: the treatment options for a staged case (unranked, with reasons)."""

from __future__ import annotations

from fastapi import APIRouter

from ...treatments import TreatmentPlan, shared_treatment_options
from ..deps import ERROR_RESPONSES, TreatmentBody

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["treatments"])


@router.post("/treatments", response_model=TreatmentPlan, responses=ERROR_RESPONSES)
def options(request: TreatmentBody) -> TreatmentPlan:
    """Stage the case and list the treatment options that fit it, with reasons and sources.

    Facts left out are not assumed: while they could change the options, the answer (state ``uncertain``)
    lists the options every possible case shares, then one set for each way the missing facts could turn out.
    """
    return shared_treatment_options(
        request.staging_fields(), recurrent=request.recurrent, resectable=request.resectable, markers=request.markers
    )
