"""GET/POST /api/v1/prognosis: run a nomogram, list the models, draw the icon array.

Nothing is logged or stored: answers carry ``Cache-Control: no-store``. Errors use the API's one error
body, :class:`sarcoma.api.schemas.ApiError`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ...prognosis import (
    MODEL_IDS,
    PrognosisInputError,
    PrognosisResult,
    icon_array_svg,
    load_mapping,
    load_model,
    predict,
)
from ..deps import INTERNAL_ERROR
from ..schemas import ApiError, error_body

__all__ = ["router", "PrognosisRequest", "ModelInfo"]

router = APIRouter(prefix="/api/v1/prognosis", tags=["prognosis"])

_NO_STORE = {"Cache-Control": "no-store"}

_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ApiError, "description": "Request body too large."},
    422: {
        "model": ApiError,
        "description": "An input the model cannot use, or a case no model fits (type NoModelFits), with the reason.",
    },
    **INTERNAL_ERROR,
}


class PrognosisRequest(BaseModel):
    """The inputs of a prognosis model."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    model: Literal["kattan2002", "kattan2003"] | None = Field(
        None, description="Which nomogram to run; left out, it is chosen from the situation."
    )
    age: float = Field(description="Age in years (kattan2002: at diagnosis, 10-100; kattan2003: at surgery, 17-89.5).")
    size_cm: float = Field(description="Greatest tumor dimension in cm.")
    depth: str = Field(description="deep or superficial.")
    site: str = Field(
        description="upper_extremity, lower_extremity, trunk, head_neck, "
        "retroperitoneal_intra_abdominal, visceral, an everyday word or ICD-O-3 topography."
    )
    histology: str = Field(description="Tumor type by name (UPS, MPNST, liposarcoma, ...) or ICD-O-3 code.")
    grade: str = Field(description="FNCLCC 1, 2 or 3, or low/high.")
    presentation: Literal["primary", "recurrence"] | None = Field(
        None, description="primary, or recurrence (came back where it started). Left out: the model's population."
    )
    n: str | None = Field(None, description="Lymph nodes: N0, N1 or NX. N1: no model fits (422 NoModelFits).")
    m: str | None = Field(None, description="Distant spread: M0, M1 or MX. M1: no model fits (422 NoModelFits).")
    removed: Literal["yes", "no", "unknown"] | None = Field(
        None, description="Was or will the tumor be removed with surgery. no: no model fits for a primary tumor."
    )


class ModelInfo(BaseModel):
    """What a model needs and predicts."""

    id: str
    title: str
    kind: str
    population: str
    endpoint: str
    horizon: str
    horizons: list[str]
    c_index: float | None
    citation: str
    source: str
    age_label: str
    age_min: float
    age_max: float
    sites: dict[str, str]
    depths: list[str]


def _info(model_id: str) -> ModelInfo:
    spec = load_model(model_id)
    mapping = load_mapping()
    return ModelInfo(
        id=spec.id,
        title=spec.title,
        kind=spec.kind,
        population=spec.population,
        endpoint=spec.endpoint,
        horizon=spec.horizon_text,
        horizons=[h.key for h in spec.horizons],
        c_index=spec.c_index,
        citation=spec.citation,
        source=spec.source["code"],
        age_label=spec.age_label,
        age_min=spec.age_min,
        age_max=spec.age_max,
        sites=dict(mapping["site"]["labels"]),
        depths=sorted(mapping["depth"]["values"]),
    )


@router.post("", response_model=PrognosisResult, responses=_ERRORS)
def run_prognosis(request: PrognosisRequest, response: Response) -> Any:
    """Run a nomogram and return the population estimate with its assumptions."""
    response.headers.update(_NO_STORE)
    inputs = request.model_dump(exclude={"model"})
    try:
        return predict(request.model, **inputs)
    except PrognosisInputError as exc:
        # The same body as the app's StagingError handler, so this works mounted or on a bare app.
        return JSONResponse(exc.to_dict(), status_code=422, headers=_NO_STORE)


@router.get("/models", response_model=list[ModelInfo])
def list_models() -> list[ModelInfo]:
    """List the prognosis models with their populations, horizons and input ranges."""
    return [_info(m) for m in MODEL_IDS]


@router.get(
    "/icon-array.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, 422: {"model": ApiError, "description": "Bad parameter."}},
)
def icon_array(
    probability: Annotated[float, Query(ge=0.0, le=1.0, description="Probability from 0 to 1.")],
    label: Annotated[str, Query(min_length=1, max_length=120, description="What the shaded figures mean.")],
) -> Response:
    """Draw a 100-person icon array for a probability."""
    try:
        svg = icon_array_svg(probability, label=label)
    except ValueError as exc:
        return JSONResponse(error_body("InvalidInput", f"label: {exc}", "label"), status_code=422, headers=_NO_STORE)
    return Response(svg, media_type="image/svg+xml", headers=_NO_STORE)
