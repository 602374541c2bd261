"""Read, stage and write in one call: an mCODE Bundle in, an mCODE staging Bundle out."""

from __future__ import annotations

from typing import Any

from ...errors import StagingError
from ...staging import stage
from ._errors import FhirInputError, Issue
from ._read import read_and_stage
from ._validate import validate_resource
from ._write import edition_method, result_to_bundle

__all__ = ["stage_bundle"]


def stage_bundle(
    bundle: dict[str, Any], *, snomed_values: bool = False, validate: bool = True, edition: str | None = None
) -> dict[str, Any]:
    """Stage the tumor described by a FHIR R4 Bundle and answer with mCODE staging Observations.

    The output refers to the input's primary cancer Condition and Patient. What the reader
    assumed or mapped is added to the notes of the first Observation, next to the staging
    warnings.

    ``edition`` (ajcc8, uicc9, uicc8, ajcc7) stages the same facts with that edition's tables; the
    Observations then carry its staging-method code from the vendored mCODE value set (UICC has one
    code for every UICC edition; Observation.method.text names the edition).

    Raises
    ------
    FhirInputError
        When the Bundle cannot be read or staged; every issue names its resource and element.
    RuntimeError
        When the output fails validation (a defect in Sarcoma Navigator, never in the input).
    """
    case, report, result = read_and_stage(bundle, edition)
    base = result
    if edition is not None and edition != case.edition:  # another edition: the same facts, its tables
        try:
            result = stage({**case.model_dump(exclude_none=True), "edition": edition})  # checked by the schema
            edition_method(result.edition)  # refused when the value set has no code for it
        except StagingError as exc:
            issue = Issue(message=exc.message, resource="Bundle", code="not-supported")
            raise FhirInputError([issue], reason=getattr(exc, "reason", None)) from None
    out = result_to_bundle(
        case, result, condition_ref=report.condition_ref, patient_ref=report.patient_ref, snomed_values=snomed_values
    )
    notes = [w.message for w in report.warnings]
    if report.reported_stage and report.reported_stage != base.stage:
        notes.append(
            f"The Bundle already held stage {report.reported_stage}; the facts it holds give {base.stage_label} "
            "under the AJCC 8th-edition soft tissue sarcoma rules."
        )
    if notes:
        first = out["entry"][0]["resource"]
        first["note"] = first.get("note", []) + [{"text": n} for n in notes]
    if validate:
        problems = validate_resource(out)
        if problems:
            raise RuntimeError("staging Bundle failed validation: " + "; ".join(problems[:5]))
    return out
