"""The writer: mCODE staging Observations, per site group and basis, valid three ways."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sarcoma import StagingInput, stage
from sarcoma.interop.fhir import bundle_to_case, result_to_bundle, validate_resource

PROFILE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
STAGE_GROUP = PROFILE + "mcode-tnm-stage-group"
TNM = {
    "t": PROFILE + "mcode-tnm-primary-tumor-category",
    "n": PROFILE + "mcode-tnm-regional-nodes-category",
    "m": PROFILE + "mcode-tnm-distant-metastases-category",
}

# One case per site group and basis: (case fields, expected stage, whether a stage group is sent).
CASES: list[tuple[str, dict[str, Any], str, bool]] = [
    ("trunk-clinical", {"site": "leg", "size_cm": 8, "grade": "3"}, "IIIA", True),
    (
        "trunk-pathologic",
        {"site": "C49.2", "histology": "8890/3", "size_cm": 12, "grade": "2", "n": "N0", "basis": "pathologic"},
        "IIIB",
        True,
    ),
    ("trunk-wall-sd2", {"site": "C49.3", "schema_discriminator_2": "1", "size_cm": 4, "grade": "1"}, "IA", True),
    ("trunk-n1", {"site": "arm", "size_cm": 3, "grade": "2", "n": "N1"}, "IV", True),
    ("trunk-tx", {"site": "trunk", "t": "TX", "grade": "1"}, "I", True),
    (
        "retroperitoneum",
        {"site": "C48.0", "histology": "8858/3", "size_cm": 22, "grade": "3", "m": "M0", "basis": "pathologic"},
        "IIIB",
        True,
    ),
    (
        "retroperitoneum-post-therapy",
        {"site": "retroperitoneum", "size_cm": 9, "grade": "2", "basis": "post_therapy"},
        "IIIA",
        True,
    ),
    ("head-neck", {"site": "C49.0", "size_cm": 3, "grade": "2"}, "none", False),
    ("head-neck-extent", {"site": "head_neck", "extent": "orbit", "grade": "3", "basis": "pathologic"}, "none", False),
    ("visceral", {"site": "C16.2", "extent": "serosa", "grade": "X"}, "none", False),
    ("visceral-m1", {"site": "visceral", "t": "T3", "m": "M1", "grade": "2"}, "none", False),
]


def _resources(b: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in b["entry"]]


def _by_profile(b: dict[str, Any], profile: str) -> list[dict[str, Any]]:
    return [r for r in _resources(b) if profile in r.get("meta", {}).get("profile", [])]


@pytest.mark.parametrize(("fields", "expected", "has_group"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("snomed_values", [False, True], ids=["text", "snomed"])
def test_round_trip_each_site_group(
    fields: dict[str, Any], expected: str, has_group: bool, snomed_values: bool
) -> None:
    case = StagingInput(**fields)
    result = stage(case)
    assert result.stage == expected
    out = result_to_bundle(case, result, snomed_values=snomed_values)
    assert validate_resource(out) == []
    assert len(_by_profile(out, STAGE_GROUP)) == (1 if has_group else 0)
    again, _ = bundle_to_case(out)
    result2 = stage(again)
    assert (result2.tnm, result2.grade, result2.stage, result2.site_group) == (
        result.tnm,
        result.grade,
        result.stage,
        result.site_group,
    )


@pytest.mark.parametrize(
    ("basis", "group_code", "t_code", "m_code", "category"),
    [
        ("clinical", "399537006", "399504009", "399387003", "exam"),
        ("pathologic", "399588009", "384625004", "399387003", "laboratory"),  # pathologic M0 is cM0
        ("post_therapy", "399390009", "78873005", "399387003", "exam"),  # M0 is always cM0 (data/basis.yaml)
    ],
)
def test_codes_follow_the_basis(basis: str, group_code: str, t_code: str, m_code: str, category: str) -> None:
    case = StagingInput(site="leg", size_cm=8, grade="3", basis=basis)
    out = result_to_bundle(case, stage(case), condition_ref="Condition/c1", patient_ref="Patient/p1")
    group = _by_profile(out, STAGE_GROUP)[0]
    assert group["code"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": group_code,
        "display": group["code"]["coding"][0]["display"],
    }
    assert group["code"]["coding"][1]["system"] == "http://loinc.org"
    assert group["category"][0]["coding"][0]["code"] == category
    assert _by_profile(out, TNM["t"])[0]["code"]["coding"][0]["code"] == t_code
    assert _by_profile(out, TNM["m"])[0]["code"]["coding"][0]["code"] == m_code


def test_stage_group_shape() -> None:
    case = StagingInput(site="C49.2", size_cm=12, grade="3", n="N0", m="M0", basis="pathologic")
    out = result_to_bundle(case, stage(case), condition_ref="Condition/sts-1", patient_ref="Patient/pt-1")
    assert out["type"] == "collection"
    group = _by_profile(out, STAGE_GROUP)[0]
    assert group["status"] == "final"
    assert group["method"]["coding"][0]["code"] == "897275008"
    assert group["focus"] == [{"reference": "Condition/sts-1"}]
    assert group["subject"] == {"reference": "Patient/pt-1"}
    assert group["valueCodeableConcept"] == {"text": "Stage IIIB"}
    members = [m["reference"] for m in group["hasMember"]]
    full_urls = {e["fullUrl"]: e["resource"] for e in out["entry"]}
    assert [full_urls[m]["meta"]["profile"][0] for m in members] == [TNM["t"], TNM["n"], TNM["m"]]
    assert [full_urls[m]["valueCodeableConcept"]["text"] for m in members] == ["pT3", "pN0", "cM0"]
    assert all(full_urls[m]["focus"] == [{"reference": "Condition/sts-1"}] for m in members)
    assert not any(r["resourceType"] in ("Patient", "Condition") for r in _resources(out))
    notes = [n["text"] for n in group["note"]]
    assert "not medical advice" in " ".join(notes)


def test_values_are_text_only_by_default_and_ajcc_codes_never_appear() -> None:
    case = StagingInput(site="leg", size_cm=12, grade="3")
    result = stage(case)
    plain = result_to_bundle(case, result)
    coded = result_to_bundle(case, result, snomed_values=True)
    for r in _resources(plain):
        if r["resourceType"] == "Observation":
            assert "coding" not in r["valueCodeableConcept"]
            assert r["valueCodeableConcept"]["text"]
    values = {
        r["valueCodeableConcept"]["text"]: r["valueCodeableConcept"].get("coding")
        for r in _resources(coded)
        if r["resourceType"] == "Observation"
    }
    assert values["Stage IIIB"] == [{"system": "http://snomed.info/sct", "code": "1222805004"}]
    assert values["cT3"] == [{"system": "http://snomed.info/sct", "code": "1228938002"}]
    for b in (plain, coded):
        assert "cancerstaging.org" not in json.dumps(b)


def test_placeholders_when_no_references_and_determinism() -> None:
    case = StagingInput(site="C49.2", histology="8890/3", size_cm=8, grade="2")
    result = stage(case)
    out = result_to_bundle(case, result)
    kinds = [r["resourceType"] for r in _resources(out)]
    assert kinds.count("Condition") == 1 and kinds.count("Patient") == 1
    patient = next(r for r in _resources(out) if r["resourceType"] == "Patient")
    assert set(patient) == {"resourceType", "id"}  # no patient data
    condition = next(r for r in _resources(out) if r["resourceType"] == "Condition")
    assert condition["bodySite"][0]["coding"][0]["code"] == "C49.2"
    assert condition["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "8890/3"
    assert result_to_bundle(case, result) == out


@pytest.mark.parametrize("basis", ["clinical", "pathologic", "post_therapy", "recurrence"])
def test_codes_come_from_the_result_fields_not_the_tnm_string(basis: str) -> None:
    """Issue 12: the writer reads t_code/n_code/m_code and has_stage_group; ``tnm`` is only for people."""
    from sarcoma.staging import parse_input

    case = parse_input({"site": "leg", "size_cm": 7, "grade": "3", "n": "N1", "m": "pM1", "basis": basis})
    result = stage(case)
    garbled = result.model_copy(update={"tnm": "not a tnm string"})
    values = [
        e["resource"]["valueCodeableConcept"]["text"]
        for e in result_to_bundle(case, garbled)["entry"]
        if e["resource"]["resourceType"] == "Observation" and e["resource"]["code"]["text"] != "Histologic grade"
    ]
    assert values == [result.stage_label, result.t_code.code, result.n_code.code, result.m_code.code]
