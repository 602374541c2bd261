"""The Bundle reader: facts and their locations, basis, malformed bundles (tests/fhir)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fhir_builders import PATIENT, bundle, category_obs, condition, grade_obs, size_obs

from sarcoma.errors import InvalidInput
from sarcoma.interop.fhir import FhirInputError, bundle_to_case, stage_bundle


def test_integrator_bundle_facts_and_locations(integrator: dict[str, Any]) -> None:
    case, report = bundle_to_case(integrator)
    assert (case.site, case.histology, case.size_mm, case.grade, case.n, case.m) == (
        "C49.2",
        "8858/3",
        125.0,
        "3",
        "N0",
        "M0",
    )
    assert case.basis.value == "pathologic"
    assert report.condition_ref == "Condition/sts-1"
    assert report.patient_ref == "Patient/pt-4711"
    where = {f.field: (f.resource, f.expression) for f in report.facts}
    assert where["size_mm"] == ("Observation/size-path-1", "Bundle.entry[3].resource.component[0].valueQuantity")
    assert where["grade"] == ("Observation/grade-1", "Bundle.entry[4].resource.valueCodeableConcept.text")
    assert where["n"] == ("Observation/pn-1", "Bundle.entry[5].resource.valueString")
    assert where["histology"][1].endswith("extension[0].valueCodeableConcept.coding[0]")


@pytest.mark.parametrize(
    ("observations", "basis", "t"),
    [
        ([category_obs("t", "clinical", "cT2"), category_obs("n", "clinical", "cN0")], "clinical", "T2"),
        (
            [
                category_obs("t", "pathologic", "pT3"),
                category_obs("n", "pathologic", "pN0"),
                category_obs("m", "clinical", "cM0"),
            ],
            "pathologic",
            "T3",
        ),
        ([category_obs("t", "generic", "pT2")], "pathologic", "T2"),
        ([category_obs("t", "generic", "T2")], "clinical", "T2"),
        ([category_obs("t", "clinical", "cT3"), category_obs("t", "pathologic", "pT2")], "pathologic", "T2"),
    ],
    ids=["clinical", "pathologic-with-cM0", "generic-code-prefixed-value", "generic-unprefixed", "c-and-p"],
)
def test_basis_from_codes_and_prefixes(observations: list[dict[str, Any]], basis: str, t: str) -> None:
    case, report = bundle_to_case(bundle(condition(), *observations))
    assert case.basis.value == basis
    assert case.t == t
    if len({o["code"]["coding"][0]["code"] for o in observations if o["id"].startswith("t-")}) > 1:
        assert [w.message for w in report.warnings] == [
            "Observation/t-clinical: T3 (clinical) was not used for pathologic staging."
        ]


def _drop_subject(b: dict[str, Any]) -> dict[str, Any]:
    del b["entry"][1]["resource"]["subject"]
    return b


def _two_conditions(b: dict[str, Any]) -> dict[str, Any]:
    b["entry"].append({"resource": condition(rid="c2")})
    return b


MALFORMED: list[tuple[str, Callable[[], Any], str, str | None, str | None]] = [
    # id, bundle factory, message fragment, resource, expression fragment
    (
        "wrong-resourceType",
        lambda: {"resourceType": "Patient", "id": "x"},
        "expected resourceType 'Bundle'",
        "Bundle",
        "resourceType",
    ),
    ("not-an-object", lambda: [1, 2], "not a JSON object", "Bundle", None),
    ("no-entries", lambda: {"resourceType": "Bundle", "type": "collection"}, "no entries", "Bundle", "Bundle.entry"),
    (
        "missing-subject",
        lambda: _drop_subject(bundle(condition(), size_obs(8))),
        "subject is missing",
        "Observation/size",
        "Bundle.entry[1].resource.subject",
    ),
    (
        "size-in-inches",
        lambda: bundle(condition(), size_obs(3, "[in_i]")),
        "(inches) is not accepted",
        "Observation/size",
        "component[0].valueQuantity.code",
    ),
    (
        "size-unit-unknown",
        lambda: bundle(condition(), size_obs(3, "ft")),
        "'ft' is not understood",
        "Observation/size",
        "valueQuantity.code",
    ),
    (
        "t-contradicts-size",
        lambda: bundle(condition(), size_obs(8), category_obs("t", "clinical", "cT1")),
        "contradicts the size 80 mm",
        "Observation/t-clinical and Observation/size",
        "Bundle.entry[2].resource",
    ),
    (
        "non-sarcoma-histology",
        lambda: bundle(condition(histology="8500/3"), size_obs(3)),
        "not one that the AJCC 8 soft tissue sarcoma chapters stage",
        "Condition/c1",
        "extension[0]",
    ),
    ("gist", lambda: bundle(condition(histology="8936/3"), size_obs(3)), "GIST", "Condition/c1", "extension[0]"),
    ("no-condition", lambda: bundle(size_obs(3)), "no primary cancer Condition", "Bundle", "Bundle.entry"),
    (
        "two-conditions",
        lambda: _two_conditions(bundle(condition(), size_obs(3))),
        "2 primary cancer Conditions",
        "Bundle",
        "Bundle.entry",
    ),
    (
        "no-body-site",
        lambda: bundle(condition(topography=None), size_obs(3)),
        "has no body site",
        "Condition/c1",
        "bodySite",
    ),
    (
        "conflicting-sizes",
        lambda: bundle(condition(), size_obs(3), size_obs(4, rid="size2")),
        "conflicting size values",
        "Observation/size",
        "component[0]",
    ),
    (
        "prefix-disagrees",
        lambda: bundle(condition(), category_obs("t", "clinical", "pT2")),
        "prefix says pathologic but Observation.code says clinical",
        "Observation/t-clinical",
        "valueCodeableConcept",
    ),
    (
        "other-patient",
        lambda: bundle(condition(), size_obs(3, subject={"reference": "Patient/other"})),
        "is not the patient",
        "Observation/size",
        "subject.reference",
    ),
    (
        "t-not-a-category",
        lambda: bundle(condition(), category_obs("t", "clinical", "big")),
        "not an AJCC T category",
        "Observation/t-clinical",
        "valueCodeableConcept.text",
    ),
    (
        "n3-not-sts",
        lambda: bundle(condition(), category_obs("n", "clinical", "cN3")),
        "valueCodeableConcept.text: use N0, N1 or NX",
        "Observation/n-clinical",
        "valueCodeableConcept.text",
    ),
    (
        "grade-not-a-grade",
        lambda: bundle(condition(), size_obs(3), grade_obs("purple")),
        "valueCodeableConcept.text: use FNCLCC 1, 2, 3 or X",
        "Observation/grade",
        "valueCodeableConcept.text",
    ),
    (
        "topography-needs-sd2",
        lambda: bundle(condition(topography="C49.4"), size_obs(3)),
        "needs it",
        "Condition/c1",
        "bodySite[0].coding[0]",
    ),
    (
        "bone-site",
        lambda: bundle(condition(topography="C40.2"), size_obs(3)),
        "bone chapter",
        "Condition/c1",
        "bodySite[0]",
    ),
]


@pytest.mark.parametrize(
    ("factory", "message", "resource", "expression"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_bundles_get_located_messages(
    factory: Callable[[], Any], message: str, resource: str | None, expression: str | None
) -> None:
    with pytest.raises(FhirInputError) as info:
        bundle_to_case(factory())
    err = info.value
    assert isinstance(err, InvalidInput)
    assert message in err.message
    assert "\n" not in err.message
    assert err.issues[0].resource == resource
    if expression is None:
        assert err.issues[0].expression is None
    else:
        assert expression in (err.issues[0].expression or "")
    outcome = err.operation_outcome()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["severity"] == "error"


def test_every_issue_is_reported_not_only_the_first() -> None:
    b = bundle(condition(topography=None), size_obs(3, "[in_i]"), category_obs("t", "clinical", "big"))
    with pytest.raises(FhirInputError) as info:
        bundle_to_case(b)
    assert len(info.value.issues) == 3
    assert "(and 2 more)" in info.value.message
    assert {i["code"] for i in info.value.to_dict()["errors"]} == {"required", "value"}


def test_out_of_scope_carries_reason() -> None:
    with pytest.raises(FhirInputError) as info:
        bundle_to_case(bundle(condition(histology="9140/3"), size_obs(3)))
    assert info.value.reason == "kaposi"
    assert info.value.issues[0].code == "not-supported"


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ({"coding": [{"system": "http://snomed.info/sct", "code": "61685007"}]}, ("C49.2", None)),
        ({"coding": [{"system": "http://snomed.info/sct", "code": "78904004"}]}, ("C49.3", "1")),
        ({"coding": [{"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": "C492"}]}, ("C49.2", None)),
        ({"text": "thigh"}, ("thigh", None)),
    ],
    ids=["snomed-lower-limb", "snomed-chest-wall-sd2", "icdo3-without-dot", "text-word"],
)
def test_body_site_encodings(site: dict[str, Any], expected: tuple[str, str | None]) -> None:
    cond = condition(topography=None)
    cond["bodySite"] = [site]
    case, _ = bundle_to_case(bundle(cond, size_obs(3)))
    assert (case.site, case.schema_discriminator_2) == expected


def test_icd10cm_condition_code_gives_site_and_gist_is_out_of_scope() -> None:
    cond = condition(topography=None, histology=None)
    cond["code"] = {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C49.22"}]}
    case, report = bundle_to_case(bundle(cond, size_obs(3)))
    assert case.site == "C49.2"
    assert any("ICD-10-CM" in w.message for w in report.warnings)
    cond["code"]["coding"][0]["code"] = "C49.A2"
    with pytest.raises(FhirInputError, match="GIST"):
        bundle_to_case(bundle(cond, size_obs(3)))


def test_plain_observations_and_units() -> None:
    plain_size = {
        "resourceType": "Observation",
        "id": "s",
        "status": "final",
        "subject": {"reference": PATIENT},
        "code": {"coding": [{"system": "http://loinc.org", "code": "33728-7"}]},
        "valueQuantity": {"value": 95, "unit": "mm", "system": "http://unitsofmeasure.org", "code": "mm"},
    }
    plain_t = category_obs("t", "clinical", "cT2")
    plain_t["code"] = {"coding": [{"system": "http://loinc.org", "code": "21905-5"}]}
    del plain_t["method"]
    case, _ = bundle_to_case(bundle(condition(), plain_size, plain_t, grade_obs("G2")))
    assert (case.size_mm, case.t, case.grade, case.basis.value) == (95.0, "T2", "G2", "clinical")


def test_ignored_resources_do_not_break_reading(integrator: dict[str, Any]) -> None:
    b = copy.deepcopy(integrator)
    entered = copy.deepcopy(b["entry"][3])
    entered["resource"]["id"] = "size-wrong"
    entered["resource"]["status"] = "entered-in-error"
    entered["resource"]["component"][0]["valueQuantity"]["value"] = 999
    b["entry"].append(entered)
    other = category_obs("t", "clinical", "cT4", rid="other-tumor", focus=[{"reference": "Condition/other"}])
    other["subject"] = {"reference": "Patient/pt-4711"}
    b["entry"].append({"resource": other})
    case, report = bundle_to_case(b)
    assert case.size_mm == 125.0 and case.t is None
    assert any("another condition" in w.message for w in report.warnings)


def test_references_match_across_absolute_relative_and_urn_forms(integrator: dict[str, Any]) -> None:
    b = copy.deepcopy(integrator)
    b["entry"][5]["resource"]["subject"]["reference"] = "https://ehr.example.org/fhir/Patient/pt-4711"
    b["entry"][6]["resource"]["focus"][0]["reference"] = "https://ehr.example.org/fhir/Condition/sts-1/_history/2"
    case, report = bundle_to_case(b)
    assert (case.n, case.m) == ("N0", "M0")
    assert report.warnings == []
    urn = bundle(condition(), size_obs(3))
    urn["entry"][0]["fullUrl"] = "urn:uuid:0f6a3b1e-4c55-4d6e-9d0f-3c1f0a9b2d11"
    del urn["entry"][0]["resource"]["id"]
    urn["entry"][1]["resource"]["focus"] = [{"reference": "urn:uuid:0f6a3b1e-4c55-4d6e-9d0f-3c1f0a9b2d11"}]
    case, report = bundle_to_case(urn)
    assert case.size_cm == 3
    assert report.condition_ref == "urn:uuid:0f6a3b1e-4c55-4d6e-9d0f-3c1f0a9b2d11"


def test_a_stage_already_in_the_bundle_is_compared_not_used() -> None:
    reported = category_obs("stage_group", "clinical", "Stage IA", focus=[{"reference": "Condition/c1"}])
    out = stage_bundle(bundle(condition(), size_obs(8), grade_obs("FNCLCC grade 3"), reported))
    group = out["entry"][0]["resource"]
    assert group["valueCodeableConcept"]["text"] == "Stage IIIA"
    assert any("already held stage IA" in n["text"] for n in group["note"])
