"""FastAPI router for ``/api/v1/prognosis``: run a nomogram, list the models, draw the icon array.

Nothing is logged or stored: answers carry ``Cache-Control: no-store``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ._data import MODEL_IDS, load_mapping, load_model
from ._icons import icon_array_svg
from ._inputs import PrognosisInputError
from ._models import predict
from ._result import PrognosisResult

__all__ = ["router", "PrognosisRequest", "ModelInfo", "ErrorBody"]

router = APIRouter(prefix="/api/v1/prognosis", tags=["prognosis"])

_NO_STORE = {"Cache-Control": "no-store"}


class FieldProblem(BaseModel):
    """One field-level problem."""

    field: str | None = None
    message: str


class ErrorBody(BaseModel):
    """A refused request: the first problem, then every field-level problem (the app's error shape)."""

    type: str = Field(description="Error class, e.g. PrognosisInputError or InvalidInput.")
    field: str | None = Field(None, description="The first field at fault, if any.")
    message: str = Field(description="The first problem, in one line.")
    errors: list[FieldProblem] = Field(description="Every field-level problem.")


_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "Request body too large."},
    422: {
        "model": ErrorBody,
        "description": "An input the model cannot use, or a case no model fits (type NoModelFits), with the reason.",
    },
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
    responses={200: {"content": {"image/svg+xml": {}}}, 422: {"model": ErrorBody, "description": "Bad parameter."}},
)
def icon_array(
    probability: Annotated[float, Query(ge=0.0, le=1.0, description="Probability from 0 to 1.")],
    label: Annotated[str, Query(min_length=1, max_length=120, description="What the shaded figures mean.")],
) -> Response:
    """Draw a 100-person icon array for a probability."""
    try:
        svg = icon_array_svg(probability, label=label)
    except ValueError as exc:
        message = f"label: {exc}"
        body = {
            "type": "InvalidInput",
            "field": "label",
            "message": message,
            "errors": [{"field": "label", "message": message}],
        }
        return JSONResponse(body, status_code=422, headers=_NO_STORE)
    return Response(svg, media_type="image/svg+xml", headers=_NO_STORE)
