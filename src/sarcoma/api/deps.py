"""Shared dependencies of the API routes (``Annotated`` aliases, FastAPI template style)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body

from .schemas import ApiError, GradeRequest, StagingRequest, TreatmentRequest

__all__ = ["StagingBody", "GradeBody", "TreatmentBody", "ERROR_RESPONSES", "NOT_FOUND", "INTERNAL_ERROR"]

StagingBody = Annotated[
    StagingRequest, Body(examples=[{"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"}])
]
GradeBody = Annotated[GradeRequest, Body(examples=[{"differentiation": 2, "mitoses": 12, "necrosis": "lt50"}])]
TreatmentBody = Annotated[
    TreatmentRequest,
    Body(examples=[{"site": "leg", "size_cm": 8, "grade": "3", "recurrent": False, "resectable": "yes"}]),
]

INTERNAL_ERROR: dict[int | str, dict[str, object]] = {
    500: {"model": ApiError, "description": "Our bug (type InternalError): a plain message, never a traceback."},
}
"""The answer to an unhandled error or a defect in the rule tables, declared on every JSON route."""

ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    413: {"model": ApiError, "description": "Request body too large."},
    422: {"model": ApiError, "description": "Bad input: every field-level problem, in one line each."},
    429: {
        "model": ApiError,
        "description": "Too many requests from this client; wait the seconds in Retry-After.",
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
    },
    **INTERNAL_ERROR,
}
"""Error answers every POST route may give, declared so the OpenAPI document matches."""

NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": ApiError, "description": "No such item; the message suggests close ids."},
    422: {"model": ApiError, "description": "Bad parameter."},
    429: ERROR_RESPONSES[429],
    **INTERNAL_ERROR,
}
