"""FHIR R4 / mCODE STU4 interoperability: stage from a Bundle, answer with staging Observations.

>>> from sarcoma.interop.fhir import stage_bundle  # doctest: +SKIP
>>> out = stage_bundle(bundle)                      # doctest: +SKIP

Needs the ``fhir`` extra (``fhir.resources``, ``fhirpathpy``, ``jsonschema``); ``router`` also
needs the ``web`` extra (FastAPI) and is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import FhirInputError, Issue
from ._read import Fact, ReadReport, bundle_to_case
from ._stage import stage_bundle
from ._validate import validate_resource
from ._write import result_to_bundle

if TYPE_CHECKING:
    from fastapi import APIRouter

    router: APIRouter

__all__ = [
    "bundle_to_case",
    "result_to_bundle",
    "stage_bundle",
    "validate_resource",
    "FhirInputError",
    "Issue",
    "Fact",
    "ReadReport",
    "router",
]


def __getattr__(name: str) -> Any:
    if name == "router":
        from ._router import router

        return router
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
