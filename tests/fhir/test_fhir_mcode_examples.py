"""The official mCODE STU4 examples (tests/fhir/data/mcode, CC0) through the reader and validator."""

from __future__ import annotations

from typing import Any

import pytest
from fhir_builders import MCODE, bundle, condition, load

from sarcoma import stage
from sarcoma.interop.fhir import FhirInputError, bundle_to_case, result_to_bundle, validate_resource

EXAMPLES = sorted(p.name for p in MCODE.glob("*.json"))

# Each staging Observation example, wrapped with a sarcoma PrimaryCancerCondition of the same
# patient: the field it fills, the value read, and the basis; None = a clear error expected.
STAGING_EXAMPLES: dict[str, tuple[str, str | None, str]] = {
    "Observation-tnm-clinical-primary-tumor-category-cT3.json": ("t", "T3", "clinical"),
    "Observation-tnm-clinical-primary-tumor-category-jenny-m.json": ("t", "T3", "clinical"),
    "Observation-tnm-clinical-regional-nodes-category-jenny-m.json": ("n", "N0", "clinical"),
    "Observation-tnm-clinical-regional-nodes-category-cN3.json": ("n", None, "use N0, N1 or NX"),
    "Observation-tnm-clinical-distant-metastases-category-cM0.json": ("m", "M0", "clinical"),
    "Observation-tnm-clinical-distant-metastases-category-jenny-m.json": ("m", "M0", "clinical"),
    "Observation-tnm-pathologic-primary-tumor-category-jenny-m.json": ("t", "T3", "pathologic"),
    "Observation-tnm-pathologic-regional-nodes-category-jenny-m.json": ("n", "N0", "pathologic"),
    "Observation-tnm-pathologic-distant-metastases-category-jenny-m.json": ("m", None, "pathologic"),
    "Observation-tnm-clinical-stage-group-3c.json": ("stage", "IIIC", "clinical"),
    "Observation-tnm-clinical-stage-group-jenny-m.json": ("stage", "IIB", "clinical"),
    "Observation-tnm-pathologic-stage-group-jenny-m.json": ("stage", "IIB", "pathologic"),
    "Observation-tumor-size-jenny-m.json": ("size_cm", "2.5", "clinical"),
    "Observation-tumor-size-pathology.json": ("size_cm", "1.2", "clinical"),
    "Observation-histologic-grade-intermediate.json": ("grade", "intermediate", "clinical"),
    "Observation-histologic-behavior-and-type-non-small-cell.json": ("histology", None, "not an ICD-O-3 morphology"),
}

# The primary cancer condition examples alone: all are carcinomas or leukemias, so each must get a
# clear out-of-scope or missing-fact message.
CONDITION_EXAMPLES = {
    "Condition-primary-cancer-condition-breast.json": "Only malignant tumors (cancers, behavior /3) get a stage",
    "Condition-primary-cancer-condition-jenny-m.json": "has no body site",
    "Condition-primary-cancer-condition-brian-l.json": "has no body site",
    "Condition-primary-cancer-condition-cll.json": "has no body site",
    "Condition-primary-cancer-condition-nonspecific.json": "has no body site",
    "Condition-primary-cancer-condition-nsclc.json": "not one that the AJCC 8 soft tissue sarcoma chapters stage",
    "Condition-secondary-cancer-condition-brain-mets.json": "no primary cancer Condition",
}


def test_every_vendored_example_is_listed() -> None:
    assert set(EXAMPLES) == set(STAGING_EXAMPLES) | set(CONDITION_EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_pass_all_three_validation_layers(name: str) -> None:
    assert validate_resource(load(f"mcode/{name}")) == []


def _with_sarcoma_condition(obs: dict[str, Any]) -> dict[str, Any]:
    focus = [f["reference"] for f in obs.get("focus", []) if f["reference"].startswith("Condition/")]
    histology = None if obs["code"]["coding"][0]["code"] == "31206-6" else "8890/3"
    cond = condition(
        rid=focus[0].split("/")[1] if focus else "c1", subject=obs["subject"]["reference"], histology=histology
    )
    return bundle(cond, obs)


@pytest.mark.parametrize("name", sorted(STAGING_EXAMPLES))
def test_staging_examples_round_trip_through_the_reader(name: str) -> None:
    field, value, basis_or_message = STAGING_EXAMPLES[name]
    source = _with_sarcoma_condition(load(f"mcode/{name}"))
    if value is None and field != "m":
        with pytest.raises(FhirInputError, match=basis_or_message):
            bundle_to_case(source)
        return
    case, report = bundle_to_case(source)
    if field == "stage":
        assert report.reported_stage == value
        return
    if value is None:  # pM data-absent-reason: not given, with a warning
        assert case.m is None
        assert any("marked absent" in w.message for w in report.warnings)
        return
    assert str(getattr(case, field)).removesuffix(".0") == value
    assert case.basis.value == basis_or_message
    result = stage(case)
    again, _ = bundle_to_case(result_to_bundle(case, result))
    assert stage(again).tnm == result.tnm
    assert stage(again).stage == result.stage


def test_all_jenny_m_staging_observations_together() -> None:
    obs = [load(f"mcode/{n}") for n in STAGING_EXAMPLES if "jenny-m" in n and "tumor-size" not in n]
    cond = condition(rid="primary-cancer-condition-jenny-m", subject="Patient/cancer-patient-jenny-m")
    case, report = bundle_to_case(bundle(cond, *obs))
    assert (case.basis.value, case.t, case.n, case.m) == ("pathologic", "T3", "N0", "M0")
    assert report.reported_stage == "IIB"
    assert any("was not used for pathologic staging" in w.message for w in report.warnings)


@pytest.mark.parametrize("name", sorted(CONDITION_EXAMPLES))
def test_non_sarcoma_conditions_get_clear_messages(name: str) -> None:
    with pytest.raises(FhirInputError) as info:
        bundle_to_case(bundle(load(f"mcode/{name}")))
    assert CONDITION_EXAMPLES[name] in info.value.message
