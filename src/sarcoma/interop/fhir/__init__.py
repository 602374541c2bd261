"""FHIR R4 / mCODE STU4 interoperability: stage from a Bundle, answer with staging Observations.

>>> from sarcoma.interop.fhir import stage_bundle  # doctest: +SKIP
>>> out = stage_bundle(bundle)                      # doctest: +SKIP

Needs the ``fhir`` extra (``fhir.resources``, ``fhirpathpy``, ``jsonschema``). The HTTP operation
``POST /fhir/r4/$stage`` lives with the other routes, in :mod:`sarcoma.api.routes.fhir`.
"""

from __future__ import annotations

from ._errors import FhirInputError, Issue
from ._read import Fact, ReadReport, bundle_to_case
from ._stage import stage_bundle
from ._validate import validate_resource
from ._write import result_to_bundle

__all__ = [
    "bundle_to_case",
    "result_to_bundle",
    "stage_bundle",
    "validate_resource",
    "FhirInputError",
    "Issue",
    "Fact",
    "ReadReport",
]
