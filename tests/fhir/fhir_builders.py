"""Builders for FHIR test bundles: a sarcoma PrimaryCancerCondition and staging Observations."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
MCODE = DATA / "mcode"
PATIENT = "Patient/p1"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
UCUM = "http://unitsofmeasure.org"
PROFILE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
STAGING_CODES = {  # (kind, basis) -> SNOMED code, from the mCODE staging-type value sets
    ("t", "clinical"): "399504009",
    ("t", "pathologic"): "384625004",
    ("t", "generic"): "78873005",
    ("n", "clinical"): "399534004",
    ("n", "pathologic"): "371494008",
    ("m", "clinical"): "399387003",
    ("m", "pathologic"): "371497001",
    ("stage_group", "clinical"): "399537006",
    ("stage_group", "pathologic"): "399588009",
}


def load(name: str) -> dict[str, Any]:
    """A JSON file from tests/fhir/data (or data/mcode with an mcode/ prefix)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def condition(
    topography: str | None = "C49.2", histology: str | None = "8890/3", rid: str = "c1", subject: str | None = PATIENT
) -> dict[str, Any]:
    """An mCODE PrimaryCancerCondition in the ICD-O-3 encoding."""
    res: dict[str, Any] = {
        "resourceType": "Condition",
        "id": rid,
        "meta": {"profile": [PROFILE + "mcode-primary-cancer-condition"]},
        "clinicalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
        },
        "category": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "problem-list-item"}
                ]
            }
        ],
        "code": {"coding": [{"system": SNOMED, "code": "363346000"}]},
    }
    if histology:
        res["extension"] = [
            {
                "url": PROFILE + "mcode-histology-morphology-behavior",
                "valueCodeableConcept": {"coding": [{"system": ICDO3, "code": histology}]},
            }
        ]
    if topography:
        res["bodySite"] = [{"coding": [{"system": ICDO3, "code": topography}]}]
    if subject:
        res["subject"] = {"reference": subject}
    return res


def category_obs(kind: str, basis: str, value: str, rid: str | None = None, **extra: Any) -> dict[str, Any]:
    """A T, N, M or stage-group Observation with a text value (``cT2``)."""
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "id": rid or f"{kind}-{basis}",
        "status": "final",
        "code": {"coding": [{"system": SNOMED, "code": STAGING_CODES[(kind, basis)]}]},
        "subject": {"reference": PATIENT},
        "valueCodeableConcept": {"text": value},
        "method": {"coding": [{"system": SNOMED, "code": "897275008"}]},
    }
    res.update(extra)
    return res


def size_obs(value: float, unit: str = "cm", rid: str = "size", **extra: Any) -> dict[str, Any]:
    """An mCODE TumorSize Observation with the longest dimension."""
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "id": rid,
        "meta": {"profile": [PROFILE + "mcode-tumor-size"]},
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "21889-1"}]},
        "subject": {"reference": PATIENT},
        "component": [
            {
                "code": {"coding": [{"system": LOINC, "code": "33728-7"}]},
                "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
            }
        ],
    }
    res.update(extra)
    return res


def grade_obs(text: str, rid: str = "grade") -> dict[str, Any]:
    """A HistologicGrade Observation with a text value."""
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": {"coding": [{"system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "code": "C18000"}]},
        "subject": {"reference": PATIENT},
        "valueCodeableConcept": {"text": text},
    }


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    """A collection Bundle with RESTful fullUrls."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"https://ehr.example.org/fhir/{r['resourceType']}/{r['id']}", "resource": copy.deepcopy(r)}
            for r in resources
        ],
    }
