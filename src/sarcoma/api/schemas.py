"""Request and response schemas of the JSON API that are not library models.

Staging requests are :class:`sarcoma.StagingInput` itself and responses are the library models
(:class:`sarcoma.StageResult`, :class:`sarcoma.GradeResult`), so the API speaks the same
vocabulary as the CLI ``--json``, the batch columns and Python.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from ..grading import MAX_MITOSES
from ..kb import SearchHit
from ..staging import Basis, StagingInput

__all__ = [
    "ApiError",
    "FieldError",
    "GradeRequest",
    "Health",
    "StagingRequest",
    "TreatmentRequest",
    "SearchResults",
    "error_body",
]


FNCLCC_TOGETHER: dict[str, JsonValue] = {
    "differentiation": ["mitoses", "necrosis"],
    "mitoses": ["differentiation", "necrosis"],
    "necrosis": ["differentiation", "mitoses"],
}
"""The three FNCLCC scores come together (JSON Schema ``dependentRequired``); a blank or null score counts
as not given, so a partial set is refused with 422 naming the missing scores."""


class StagingRequest(StagingInput):
    """One tumor's findings, as :class:`sarcoma.StagingInput`, read strictly from JSON.

    JSON types must match the schema (a number for ``size_cm``, a string for ``grade``); the value
    checks and messages are the library's.
    """

    model_config = ConfigDict(strict=True, json_schema_extra={"dependentRequired": FNCLCC_TOGETHER})

    basis: Basis = Field(Basis.clinical, strict=False, description="clinical, pathologic, post_therapy or recurrence.")


class FieldError(BaseModel):
    """One problem with one input field."""

    field: str | None = Field(description="The request field at fault (batch column name), or null for the whole body.")
    message: str = Field(description="What is wrong, in one line.")


class ApiError(BaseModel):
    """The one error body of the JSON API: every 4xx and 5xx answer under /api/ has this shape.

    It holds the first problem, then every field-level problem. The FHIR operation (/fhir/r4/$stage)
    answers its errors with a FHIR OperationOutcome instead, as the FHIR specification requires.
    """

    type: str = Field(
        description="Error class, e.g. InvalidInput, ConflictingInput, OutOfScope, NotFound, PrognosisInputError, "
        "NoModelFits, PayloadTooLarge, TooManyRequests, InternalError."
    )
    field: str | None = Field(None, description="The first field at fault, if any.")
    message: str = Field(description="The first problem, in one line.")
    errors: list[FieldError] = Field(description="Every field-level problem.")
    reason: str | None = Field(None, description="For OutOfScope: gist, kaposi, uterine, childhood, bone, ...")


def error_body(kind: str, message: str, field: str | None = None) -> dict[str, JsonValue]:
    """An :class:`ApiError` body with one problem, as JSON-ready data (for answers built by hand)."""
    return {"type": kind, "field": field, "message": message, "errors": [{"field": field, "message": message}]}


class GradeRequest(BaseModel):
    """FNCLCC component scores."""

    model_config = ConfigDict(extra="forbid", strict=True)

    differentiation: int = Field(ge=1, le=3, description="Differentiation score 1-3.")
    mitoses: int = Field(ge=0, le=MAX_MITOSES, description="Mitoses per 10 high-power fields (0 to 1,000,000).")
    necrosis: str = Field(pattern=r"\S", description="Tumor necrosis: none, lt50 (under 50%) or ge50 (50% or more).")
    post_therapy: bool = Field(
        False, description="The tissue was taken after treatment before surgery: the grade then carries a warning."
    )


class Health(BaseModel):
    """A trivial answer: the service is up."""

    status: Literal["ok"] = "ok"
    version: str


class TreatmentRequest(StagingRequest):
    """A staging request plus the two facts that change the treatment options."""

    recurrent: bool = Field(False, description="True when the cancer has come back after treatment.")
    resectable: Literal["yes", "no", "unknown"] = Field(
        "unknown", description="Whether surgery can remove the tumor: yes, no or unknown."
    )
    markers: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list,
        max_length=20,
        description="Tumor markers for the clinician layer, e.g. NTRK, MAGE-A4, SMARCB1.",
    )

    def staging_fields(self) -> dict[str, object]:
        """The staging fields alone, as given."""
        return self.model_dump(exclude={"recurrent", "resectable", "markers"}, exclude_none=True)


class SearchResults(BaseModel):
    """Knowledge-base search results, best first."""

    query: str
    count: int
    data: list[SearchHit]
