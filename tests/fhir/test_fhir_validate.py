"""The three validation layers each catch what they are for."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fhir_builders import load

from sarcoma.interop.fhir import validate_resource
from sarcoma.interop.fhir._profile import UNCHECKED, profile_checks


def _stage_group() -> dict[str, Any]:
    return load("mcode/Observation-tnm-clinical-stage-group-3c.json")


def _mutate(path: str, value: Any) -> dict[str, Any]:
    res = copy.deepcopy(_stage_group())
    if value is None:
        del res[path]
    else:
        res[path] = value
    return res


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (_mutate("bogusElement", 1), "model: bogusElement: Extra inputs are not permitted"),
        (_mutate("status", "bogus"), "schema: status: 'bogus' is not one of"),
        (_mutate("focus", None), "profile mcode-tnm-stage-group: Observation.focus: at least 1 required"),
        (_mutate("method", None), "profile mcode-tnm-stage-group: Observation.method: at least 1 required"),
        (
            _mutate("method", {"coding": [{"system": "http://snomed.info/sct", "code": "123"}]}),
            "extensible binding to http://hl7.org/fhir/us/mcode/ValueSet/mcode-tnm-staging-method-vs",
        ),
        (_mutate("subject", {"reference": "Practitioner/x"}), "Observation.subject: must reference Patient"),
        (
            {**{k: v for k, v in _stage_group().items() if k != "valueCodeableConcept"}, "valueString": "IIIC"},
            "Observation.value[x]: type must be CodeableConcept",
        ),
        ({"resourceType": "Nonsense"}, "model: resourceType 'Nonsense' is not a FHIR resource type"),
    ],
    ids=["model", "schema", "focus", "method", "method-binding", "subject-type", "value-type", "unknown-type"],
)
def test_layers_catch_errors(resource: dict[str, Any], expected: str) -> None:
    problems = validate_resource(resource)
    assert any(expected in p for p in problems), problems


def test_condition_profile_checks_category_and_extension_slices() -> None:
    cond = load("mcode/Condition-primary-cancer-condition-jenny-m.json")
    cond["category"][0]["coding"][0]["code"] = "encounter-diagnosis"
    cond["extension"].append(copy.deepcopy(cond["extension"][0]))
    problems = validate_resource(cond)
    assert any("Condition.category:us-core: at least 1 required" in p for p in problems)
    assert any("extension:histologyMorphologyBehavior: at most 1 allowed" in p for p in problems)


def test_bundle_entries_are_checked_against_their_profiles(integrator: dict[str, Any]) -> None:
    assert validate_resource(integrator) == []
    del integrator["entry"][6]["resource"]["method"]
    assert any(p.startswith("entry[6] (Observation/cm-1): profile") for p in validate_resource(integrator))


def test_profile_checks_come_from_the_snapshots() -> None:
    checks = profile_checks("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tnm-stage-group")
    assert checks is not None and len(checks) > 50
    assert {"min", "max", "binding", "type", "targetProfile", "obs-6"} <= {c.key for c in checks}
    assert profile_checks("http://example.org/StructureDefinition/unknown") is None
    assert len(UNCHECKED) >= 3
