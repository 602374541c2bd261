"""FHIR staging in another edition: the method code comes from the vendored mCODE value set (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from fhir_builders import bundle, category_obs, condition, grade_obs, size_obs
from typer.testing import CliRunner

from sarcoma.cli._main import app
from sarcoma.interop.fhir import FhirInputError, stage_bundle
from sarcoma.interop.fhir._write import edition_method

SNOMED = "http://snomed.info/sct"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"


def _case(histology: str = "8890/3") -> dict[str, Any]:
    return bundle(
        condition(histology=histology),
        size_obs(12),
        grade_obs("FNCLCC grade 3"),
        category_obs("n", "clinical", "N1"),
        category_obs("m", "clinical", "M0"),
    )


def _stage_group(out: dict[str, Any]) -> dict[str, Any]:
    observations = [e["resource"] for e in out["entry"] if e["resource"]["resourceType"] == "Observation"]
    return next(o for o in observations if "Stage" in o["valueCodeableConcept"]["text"])


@pytest.mark.parametrize(
    ("edition", "system", "code", "stage"),
    [
        (None, SNOMED, "897275008", "Stage IV"),
        ("ajcc8", SNOMED, "897275008", "Stage IV"),
        ("uicc9", NCIT, "C188404", "Stage IIIB"),
        ("uicc8", NCIT, "C188404", "Stage IIIB"),
        ("ajcc7", SNOMED, "443830009", "Stage III"),
    ],
)
def test_each_edition_sends_its_method_code(edition: str | None, system: str, code: str, stage: str) -> None:
    out = stage_bundle(_case(), edition=edition)  # validated against the profiles as always
    group = _stage_group(out)
    assert group["valueCodeableConcept"]["text"] == stage
    assert group["method"]["coding"][0]["system"] == system and group["method"]["coding"][0]["code"] == code
    if edition and edition.startswith("uicc"):  # the UICC code does not name the edition: the text does
        assert f"{edition[-1]}th edition" in group["method"]["text"]


def test_an_edition_that_refuses_the_type_is_a_located_issue() -> None:
    with pytest.raises(FhirInputError) as info:
        stage_bundle(_case("9120/3"), edition="uicc9")
    assert info.value.reason == "uicc_angiosarcoma" and "angiosarcoma" in info.value.issues[0].message
    assert info.value.issues[0].code == "not-supported"


def test_an_edition_without_a_code_in_the_value_set_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal path: an edition whose code is not in the vendored value set (here: a code changed)."""
    from sarcoma.staging import edition_entry

    method = edition_entry("ajcc7")["fhir_method"]
    monkeypatch.setitem(method, "code", "000000000")
    with pytest.raises(FhirInputError, match="no staging-method code in the vendored mCODE value set"):
        stage_bundle(_case(), edition="ajcc7")
    with pytest.raises(ValueError, match="^edition: AJCC 7 has no staging-method code"):
        edition_method("AJCC 7")


def test_cli_fhir_stage_edition(tmp_path: Any) -> None:
    import json

    path = tmp_path / "case.json"
    path.write_text(json.dumps(_case()), encoding="utf-8")
    result = CliRunner().invoke(app, ["fhir", "stage", str(path), "--edition", "uicc9"])
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(app, ["fhir", "stage", str(path), "--edition", "tnm5"])
    assert bad.exit_code == 2 and "edition: use ajcc8" in bad.output


def test_the_stage_endpoint_takes_the_edition_as_a_query_parameter(client: Any) -> None:
    import json

    body = json.dumps(_case())
    headers = {"content-type": "application/fhir+json"}
    uicc = client.post("/fhir/r4/$stage?edition=uicc9", content=body, headers=headers)
    assert uicc.status_code == 200
    group = _stage_group(uicc.json())
    assert group["valueCodeableConcept"]["text"] == "Stage IIIB" and group["method"]["coding"][0]["code"] == "C188404"
    default = client.post("/fhir/r4/$stage", content=body, headers=headers)
    assert _stage_group(default.json())["valueCodeableConcept"]["text"] == "Stage IV"
    bad = client.post("/fhir/r4/$stage?edition=uicc99", content=body, headers=headers)
    assert bad.status_code == 422 and bad.json()["resourceType"] == "OperationOutcome"
    assert "use ajcc8, uicc9, uicc8 or ajcc7" in bad.json()["issue"][0]["diagnostics"]


def _ajcc7_record(t: str, *extra: dict[str, Any]) -> dict[str, Any]:
    return bundle(
        condition(histology="8890/3"),
        *extra,
        grade_obs("FNCLCC grade 1"),
        category_obs("t", "clinical", t),
        category_obs("n", "clinical", "N0"),
        category_obs("m", "clinical", "M0"),
    )


def test_an_ajcc7_t_observation_is_staged_in_ajcc7_and_refused_elsewhere() -> None:
    out = stage_bundle(_ajcc7_record("cT1a"), edition="ajcc7")
    group = _stage_group(out)
    assert group["valueCodeableConcept"]["text"] == "Stage IA" and group["method"]["coding"][0]["code"] == "443830009"
    texts = [e["resource"].get("valueCodeableConcept", {}).get("text") for e in out["entry"]]
    assert "cT1a" in texts
    for edition in (None, "uicc9"):  # AJCC 8 and UICC: refused at the T Observation, naming AJCC 7
        with pytest.raises(FhirInputError) as info:
            stage_bundle(_ajcc7_record("cT1a"), edition=edition)
        assert "T1a is an AJCC 7 T category" in info.value.issues[0].message
        assert info.value.issues[0].resource == "Observation/t-clinical"
    with pytest.raises(FhirInputError, match="T2b contradicts the size 30 mm"):
        stage_bundle(_ajcc7_record("cT2b", size_obs(3)), edition="ajcc7")
