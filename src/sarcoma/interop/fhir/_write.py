"""Write a stage result as mCODE STU4 staging Observations in a FHIR R4 Bundle.

The Bundle (type ``collection``) holds a TNMStageGroup Observation (trunk, extremities and
retroperitoneum only: head and neck and visceral sites have no AJCC stage group) whose
``hasMember`` points to the T, N and M category Observations. Values always carry text ("cT2",
"Stage IIIA"); SNOMED CT value codes are added only with ``snomed_values=True`` (their use needs a
SNOMED CT licence), and AJCC's own code system is never written. Ids are derived from the case, so
the same case gives the same Bundle.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from ..._icdo import parse_morphology, topography_code
from ..._messages import message
from ...errors import InvalidInput
from ...staging import DISCLAIMER, EDITION, StageResult, StagingInput, edition_codes, edition_entry, edition_label
from . import _codes

__all__ = ["result_to_bundle", "observation_basis"]

_NAMESPACE = uuid.UUID("6f1c6c1e-58a4-4b0e-9a57-5a2c0e0f7d11")
_PREFIX_BASIS = {"c": "clinical", "p": "pathologic"}
_KIND_LABEL = {"t": "primary tumor (T)", "n": "regional lymph nodes (N)", "m": "distant metastasis (M)"}


def observation_basis(prefix: str) -> str:
    """The Observation.code basis for an AJCC prefix: clinical, pathologic, or generic (yp, r)."""
    return _PREFIX_BASIS.get(prefix, "generic")


def _coding(system_key: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": _codes.system(system_key), "code": code}
    if display:
        out["display"] = display
    return out


def _obs_code(kind: str, basis: str) -> dict[str, Any]:
    row = _codes.observation_code_for(kind, basis)
    return {
        "coding": [_coding("snomed", row.snomed, row.snomed_display), _coding("loinc", row.loinc, row.loinc_display)],
        "text": row.snomed_display,
    }


def edition_method(label: str) -> tuple[str, dict[str, str]]:
    """The edition code and its staging-method coding (``editions.yaml`` ``fhir_method``).

    Raises ``InvalidInput`` with the reason when the vendored mCODE value set has no such code.
    """
    code = next(c for c in edition_codes() if edition_label(c) == label)
    method: dict[str, str] = edition_entry(code)["fhir_method"]
    allowed = {(_codes.system(r["system"]), str(r["code"])) for r in _codes.codes()["methods"]}
    if (method["system"], method["code"]) not in allowed:
        raise InvalidInput(message("edition_no_fhir_method", edition=label), field="edition")
    return code, method


def _method(result: StageResult | None = None) -> dict[str, Any]:
    if result is not None and result.edition != EDITION:  # another edition: its code in editions.yaml
        code, method = edition_method(result.edition)
        return {
            "coding": [{"system": method["system"], "code": method["code"], "display": method["display"]}],
            "text": edition_entry(code)["name"],
        }
    row = next(r for r in _codes.codes()["methods"] if r["edition"] == "8")
    return {
        "coding": [_coding("snomed", row["code"], row["display"])],
        "text": "AJCC Cancer Staging Manual, 8th edition",
    }


def _category(basis: str) -> list[dict[str, Any]]:
    row = _codes.codes()["categories"][basis]
    return [{"coding": [_coding("observation_category", row["code"], row["display"])]}]


def _value(kind: str, basis: str, value: str, text: str, snomed_values: bool) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": text}
    row = _codes.value_code(kind, basis, value) if snomed_values else None
    if row is not None:
        concept["coding"] = [_coding("snomed", row["code"])]
    return concept


def _notes(lines: list[str]) -> list[dict[str, str]]:
    return [{"text": line} for line in lines if line]


def _condition(case: StagingInput, result: StageResult, rid: str, patient: str) -> dict[str, Any]:
    site: dict[str, Any] = {"text": case.site}
    code = topography_code(case.site)
    if code is not None:
        site = {"coding": [_coding("icdo3", code)], "text": result.site_label}
        wall = _codes.wall_site(code, case.schema_discriminator_2)
        if wall is not None:
            site["coding"].append(_coding("snomed", wall["code"], wall["display"]))
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": rid,
        "meta": {"profile": [_codes.profile("primary_condition")]},
        "clinicalStatus": {"coding": [_coding("condition_clinical", "active")]},
        "verificationStatus": {"coding": [_coding("condition_ver_status", "confirmed")]},
        "category": [{"coding": [_coding("condition_category", "problem-list-item")]}],
        "code": {
            "coding": [_coding("snomed", "363346000", "Malignant neoplastic disease (disorder)")],
            "text": "Soft tissue sarcoma",
        },
        "bodySite": [site],
        "subject": {"reference": patient},
    }
    hist = parse_morphology(case.histology) if case.histology else None
    if hist is not None:
        code = hist.text()
        concept: dict[str, Any] = {"coding": [_coding("icdo3", code)]}
        if result.histology:
            concept["text"] = result.histology
        resource["extension"] = [{"url": _codes.profile("histology_extension"), "valueCodeableConcept": concept}]
    return resource


def _grade(result: StageResult, rid: str, patient: str, condition: str, snomed_values: bool) -> dict[str, Any]:
    label = {"GX": "FNCLCC GX (grade cannot be assessed)"}.get(result.grade, f"FNCLCC {result.grade}")
    value: dict[str, Any] = {"text": label}
    tier = {"G1": "1155708003", "G2": "1286893008", "G3": "1155707008"}.get(result.grade)
    if snomed_values and tier:
        value["coding"] = [_coding("snomed", tier)]
    return {
        "resourceType": "Observation",
        "id": rid,
        "meta": {"profile": [_codes.profile("histologic_grade")]},
        "extension": [{"url": _codes.profile("related_condition"), "valueReference": {"reference": condition}}],
        "status": "final",
        "category": [{"coding": [_coding("observation_category", "laboratory", "Laboratory")]}],
        "code": {"coding": [_coding("ncit", "C18000", "Histologic Grade")], "text": "Histologic grade"},
        "subject": {"reference": patient},
        "valueCodeableConcept": value,
        "method": {"text": "FNCLCC (French Federation of Cancer Centers Sarcoma Group) grading system"},
        "note": _notes(["The grade used for AJCC 8th-edition stage grouping.", DISCLAIMER]),
    }


def _possible_notes(result: StageResult) -> list[str]:
    """A note with the possible stages when the unknown inputs leave more than one (data/basis.yaml, issue 10)."""
    if len(result.possible_stages) < 2:
        return []
    missing = ", ".join(m.replace("_", " ") for m in result.missing)
    return [
        f"Possible stages given the unknown inputs: {', '.join(result.possible_stages)} "
        f"(the registry stage {result.stage} follows the AJCC unknown-value conventions). Would settle it: {missing}."
    ]


def result_to_bundle(
    case: StagingInput,
    result: StageResult,
    *,
    condition_ref: str | None = None,
    patient_ref: str | None = None,
    snomed_values: bool = False,
) -> dict[str, Any]:
    """Write a stage result as an mCODE STU4 Bundle of staging Observations.

    Parameters
    ----------
    case, result
        The staged case and its result.
    condition_ref, patient_ref
        References to the primary cancer Condition and the Patient in the caller's system. When
        not given, the Bundle also holds a minimal PrimaryCancerCondition built from the case and a
        Patient with no identifying data, so that the Observations can point somewhere.
    snomed_values
        Add SNOMED CT value codes (AJCC categories) next to the text. Off by default: using SNOMED
        CT needs the implementer's own licence.
    """
    seed = json.dumps(
        [case.model_dump(mode="json"), result.tnm, result.stage, condition_ref, patient_ref, snomed_values],
        sort_keys=True,
    )
    digest = hashlib.sha256(seed.encode()).hexdigest()

    def new_id(role: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{digest}/{role}"))

    extra: list[dict[str, Any]] = []
    if patient_ref is None:
        pid = new_id("patient")
        patient_ref = f"urn:uuid:{pid}"
        extra.append({"fullUrl": patient_ref, "resource": {"resourceType": "Patient", "id": pid}})
    if condition_ref is None:
        cid = new_id("condition")
        condition_ref = f"urn:uuid:{cid}"
        extra.insert(0, {"fullUrl": condition_ref, "resource": _condition(case, result, cid, patient_ref)})
    notes = [result.summary, *_possible_notes(result), *(w.message for w in result.warnings), DISCLAIMER]
    members: list[dict[str, Any]] = []
    for code in (result.t_code, result.n_code, result.m_code):
        kind, value = code.axis, code.category
        basis = observation_basis(code.prefix)
        if kind == "n" and not code.known and result.basis in ("pathologic", "post_therapy"):
            continue  # no nodes examined: no pN to report, and a cN0 here would read back as examined
        oid = new_id(kind)
        members.append(
            {
                "fullUrl": f"urn:uuid:{oid}",
                "resource": {
                    "resourceType": "Observation",
                    "id": oid,
                    "meta": {"profile": [_codes.profile(kind)]},
                    "status": "final",
                    "category": _category(basis),
                    "code": _obs_code(kind, basis),
                    "subject": {"reference": patient_ref},
                    "focus": [{"reference": condition_ref}],
                    "valueCodeableConcept": _value(kind, basis, value, code.code, snomed_values),
                    "method": _method(result),
                    "note": _notes([f"AJCC 8th edition {_KIND_LABEL[kind]}: {code.code}.", DISCLAIMER]),
                },
            }
        )
    entries = list(members)
    gid = new_id("grade")
    entries.append(
        {"fullUrl": f"urn:uuid:{gid}", "resource": _grade(result, gid, patient_ref, condition_ref, snomed_values)}
    )
    if result.has_stage_group:
        basis = result.basis if result.basis in ("clinical", "pathologic") else "generic"
        sid = new_id("stage_group")
        group = {
            "resourceType": "Observation",
            "id": sid,
            "meta": {"profile": [_codes.profile("stage_group")]},
            "status": "final",
            "category": _category(basis),
            "code": _obs_code("stage_group", basis),
            "subject": {"reference": patient_ref},
            "focus": [{"reference": condition_ref}],
            "valueCodeableConcept": _value("stage_group", basis, result.stage, result.stage_label, snomed_values),
            "method": _method(result),
            "hasMember": [{"reference": m["fullUrl"]} for m in members],
            "note": _notes(notes),
        }
        entries.insert(0, {"fullUrl": f"urn:uuid:{sid}", "resource": group})
    else:
        first = members[0]["resource"]
        first["note"] = _notes([f"{result.stage_label}: AJCC 8 has no stage group for {result.site_label}.", *notes])
    return {"resourceType": "Bundle", "id": new_id("bundle"), "type": "collection", "entry": entries + extra}
