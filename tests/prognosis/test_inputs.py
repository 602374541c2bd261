"""Input mapping and refusal: today's terms map to the 2002 categories with assumptions, or are refused."""

from __future__ import annotations

import math
from typing import Any

import pytest

from sarcoma.errors import InvalidInput, StagingError
from sarcoma.prognosis import PrognosisInputError, from_case, inputs_from_case, kattan2002, kattan2003, predict

BASE: dict[str, Any] = {
    "age": 60,
    "size_cm": 8,
    "depth": "deep",
    "site": "leg",
    "histology": "leiomyosarcoma",
    "grade": "3",
}


def run(model: str = "kattan2002", **changes: Any) -> Any:
    return predict(model, **{**BASE, **changes})


# field, value, model, fragment of the message
REFUSALS = [
    ("age", 9.9, "kattan2002", "outside the range this model was built for (10 to 100 years)"),
    ("age", 100.5, "kattan2002", "not extrapolated"),
    ("age", 16.9, "kattan2003", "17 to 89.5"),
    ("age", 90, "kattan2003", "17 to 89.5"),
    ("age", math.nan, "kattan2002", "outside the range"),
    ("age", "sixty", "kattan2002", "not a number of years"),
    ("size_cm", 0, "kattan2002", "not a possible tumor size"),
    ("size_cm", -3, "kattan2002", "not a possible tumor size"),
    ("size_cm", 301, "kattan2002", "not a possible tumor size"),
    ("size_cm", "big", "kattan2002", "not a number of centimetres"),
    ("depth", "intermediate", "kattan2002", "use deep or superficial"),
    ("depth", "", "kattan2002", "a value is required"),
    ("site", "moon", "kattan2002", "not a known site"),
    ("site", "bone", "kattan2003", "bone chapter"),
    ("site", "trunk_extremities", "kattan2002", "joins sites the model keeps apart"),
    ("site", "extremity", "kattan2002", "give arm or leg"),
    ("site", "limb", "kattan2002", "does not tell which of the model's sites"),
    ("site", "C49.4", "kattan2002", "does not tell the model's site"),
    ("site", "C49.9", "kattan2002", "does not tell which of the model's sites"),
    ("histology", "GIST", "kattan2002", "GIST is a different disease"),
    ("histology", "8936/3", "kattan2002", "GIST is a different disease"),
    ("histology", "Kaposi sarcoma", "kattan2003", "Kaposi"),
    ("histology", "desmoid tumour", "kattan2002", "desmoid"),
    ("histology", "embryonal rhabdomyosarcoma", "kattan2002", "childhood-type"),
    ("histology", "lipoma", "kattan2002", "not a type the model knows"),
    ("histology", "8890/0", "kattan2002", "not a malignant tumor"),
    ("histology", "8000/3", "kattan2002", "not a type the mapping knows"),
    ("grade", "X", "kattan2002", "needs the grade"),
    ("grade", "9", "kattan2003", "needs the grade"),
    ("grade", "B", "kattan2002", "degree of differentiation"),
    ("grade", "4", "kattan2002", "not a grade the model can use"),
]


@pytest.mark.parametrize(("field", "value", "model", "fragment"), REFUSALS)
def test_refused_with_a_clear_reason(field: str, value: Any, model: str, fragment: str) -> None:
    with pytest.raises(PrognosisInputError) as info:
        run(model, **{field: value})
    assert info.value.field == field
    assert info.value.message.startswith(f"{field}: ")
    assert fragment in info.value.message
    assert "\n" not in info.value.message
    assert isinstance(info.value, InvalidInput)
    assert isinstance(info.value, ValueError)
    refused_type = info.value.to_dict()["type"]
    assert refused_type == (
        "NoModelFits" if "no model fits this tumor type" in info.value.message else "PrognosisInputError"
    )


@pytest.mark.parametrize("site", ["retroperitoneum", "visceral", "C48.0", "stomach"])
def test_superficial_is_refused_where_tumors_are_deep_by_definition(site: str) -> None:
    with pytest.raises(PrognosisInputError, match="deep by definition") as info:
        run(site=site, depth="superficial")
    assert info.value.field == "depth"


@pytest.mark.parametrize(
    ("model", "age"), [("kattan2002", 10), ("kattan2002", 100), ("kattan2003", 17), ("kattan2003", 89.5)]
)
def test_the_ends_of_the_age_range_are_accepted(model: str, age: float) -> None:
    assert run(model, age=age).probabilities


def test_unknown_model_and_inputs_are_refused() -> None:
    with pytest.raises(PrognosisInputError, match="model: 'sarculator' is not a model"):
        predict("sarculator", **BASE)
    with pytest.raises(PrognosisInputError, match="margin: not an input"):
        predict("kattan2002", margin="R1", **BASE)
    with pytest.raises(PrognosisInputError, match="grade: a value is required"):
        predict("kattan2002", **{k: v for k, v in BASE.items() if k != "grade"})


SIZES = [
    (0.1, "5 cm or less"),
    (5.0, "5 cm or less"),
    (5.04, "5 cm or less"),
    (5.05, "over 5 cm up to 10 cm"),
    (10.0, "over 5 cm up to 10 cm"),
    (10.04, "over 5 cm up to 10 cm"),
    (10.05, "over 10 cm"),
    (300, "over 10 cm"),
]


@pytest.mark.parametrize(("size", "label"), SIZES)
def test_size_boundaries(size: float, label: str) -> None:
    result = run(size_cm=size)
    assert result.inputs["size"] == label
    assert any(f'"{label}" group' in a and "exactly 10 cm" in a for a in result.assumptions)


# given histology -> model class label, fragment of the assumption
HISTOLOGY = [
    ("UPS", "malignant fibrous histiocytoma (MFH)", "UPS) is counted as malignant fibrous histiocytoma"),
    ("undifferentiated pleomorphic sarcoma", "malignant fibrous histiocytoma (MFH)", "older name"),
    ("8802/3", "malignant fibrous histiocytoma (MFH)", "older name"),
    ("myxofibrosarcoma", "malignant fibrous histiocytoma (MFH)", "this is our assumption"),
    ("MPNST", "malignant peripheral nerve tumor (MPNT)", "(MPNST) is counted as the model's malignant peripheral"),
    ("malignant peripheral nerve sheath tumour", "malignant peripheral nerve tumor (MPNT)", "MPNT"),
    ("9540/3", "malignant peripheral nerve tumor (MPNT)", "MPNT"),
    ("well-differentiated liposarcoma", "liposarcoma", "does not tell the subtypes apart"),
    ("myxoid liposarcoma", "liposarcoma", "does not tell the subtypes apart"),
    ("8858/3", "liposarcoma", "does not tell the subtypes apart"),
    ("8851", "liposarcoma", "does not tell the subtypes apart"),
    ("angiosarcoma", "other", 'Angiosarcoma is counted in the model\'s "other" group'),
    ("9120/3", "other", 'ICD-O-3 9120/3 is counted in the model\'s "other" group'),
    ("Synovial_Sarcoma", "synovial sarcoma", "synovial sarcoma"),
    ("fibrosarcoma", "fibrosarcoma", "different name today"),
]


@pytest.mark.parametrize(("given", "label", "fragment"), HISTOLOGY)
def test_histology_mapping_is_shown_as_an_assumption(given: str, label: str, fragment: str) -> None:
    low_grade = given in ("8851", "well-differentiated liposarcoma")  # low grade by definition
    result = run(histology=given, **({"grade": "1"} if low_grade else {}))
    assert result.inputs["histology"] == label
    assert any(fragment in a for a in result.assumptions), result.assumptions


GRADES = [
    ("1", "low", False, "FNCLCC grade 1"),
    ("G2", "high", True, "uncertain"),
    ("mid", "high", True, "uncertain"),
    ("3", "high", False, "FNCLCC grade 3"),
    ("low", "low", False, "as it is"),
    ("H", "high", False, "as it is"),
]


@pytest.mark.parametrize(("given", "tier", "ambiguous", "fragment"), GRADES)
def test_grade_mapping(given: str, tier: str, ambiguous: bool, fragment: str) -> None:
    for model in ("kattan2002", "kattan2003"):
        result = run(model, grade=given)
        assert result.inputs["grade"] == f"{tier} (2-tier)"
        assert result.grade_ambiguous is ambiguous
        assert result.probabilities == result.by_grade[tier]
        assert any(fragment in a for a in result.assumptions)
        assert ("Grade 2 does not map cleanly" in result.statement) is ambiguous


SITES = [
    ("arm", "upper extremity (arm)"),
    ("upper_extremity", "upper extremity (arm)"),
    ("C49.1", "upper extremity (arm)"),
    ("thigh", "lower extremity (leg)"),
    ("Lower-Extremity", "lower extremity (leg)"),
    ("chest wall", "thoracic or trunk"),
    ("trunk", "thoracic or trunk"),
    ("C49.6", "thoracic or trunk"),
    ("head_neck", "head and neck"),
    ("scalp", "head and neck"),
    ("retroperitoneal_intra_abdominal", "retroperitoneal or intra-abdominal"),
    ("C48.1", "retroperitoneal or intra-abdominal"),
    ("visceral", "visceral (an organ)"),
    ("C16.2", "visceral (an organ)"),
    ("Retro-Intraabdominal", "retroperitoneal or intra-abdominal"),
    ("intra-abdominal", "retroperitoneal or intra-abdominal"),
    ("Head & Neck", "head and neck"),
    ("Thoracic/Trunk", "thoracic or trunk"),
]


@pytest.mark.parametrize(("given", "label"), SITES)
def test_site_mapping(given: str, label: str) -> None:
    result = run(site=given)
    assert result.inputs["site"] == label
    words = given.replace("_", " ")  # code names are said in words (review)
    assert any(f'The site "{words}" is counted as the model\'s "{label}" site' in a for a in result.assumptions)


def test_result_carries_every_guardrail() -> None:
    for fn in (kattan2002, kattan2003):
        r = fn(age=60, size_cm=8, depth="deep", site="leg", histology="UPS", grade="2")
        assert r.population and r.endpoint and r.horizon and r.citation.startswith("Kattan MW")
        assert "riskcalc-website" in r.source
        assert "not a prediction for any one person" in r.statement
        assert "not medical advice" in r.disclaimer
        assert r.kind == "exact"
        assert len(r.assumptions) == 6
        assert r.assumptions[0].startswith("The situation was not given")
    assert kattan2002(**BASE).c_index == 0.77
    assert kattan2003(**BASE).c_index is None


def test_from_case_reads_the_staging_case() -> None:
    case = {"site": "C49.2", "histology": "8802/3", "size_mm": 81, "grade": "3", "n": "N0", "m": "M0"}
    inputs = inputs_from_case(case, age=60, depth="deep")
    assert inputs == {
        "age": 60,
        "size_cm": 8.1,
        "depth": "deep",
        "site": "lower_extremity",
        "histology": "8802/3",
        "grade": "3",
        "presentation": "primary",
        "n": "N0",
        "m": "M0",
        "removed": "unknown",
    }
    result = from_case(case, age=60, depth="deep", recurrent=True)
    assert result.model == "kattan2003"
    assert result.inputs["histology"] == "malignant fibrous histiocytoma (MFH)"
    named = from_case(case, age=60, depth="deep", histology="myxofibrosarcoma")
    assert any("Myxofibrosarcoma" in a for a in named.assumptions)


def test_from_case_with_fnclcc_scores_uses_the_computed_grade() -> None:
    case = {"site": "arm", "size_cm": 4, "differentiation": 2, "mitoses": 12, "necrosis": "lt50"}
    result = from_case(case, age=50, depth="superficial", histology="synovial sarcoma")
    assert result.inputs["grade"] == "high (2-tier)"


@pytest.mark.parametrize(
    ("case", "error", "fragment"),
    [
        ({"site": "extremity", "size_cm": 4, "grade": "3"}, PrognosisInputError, "site:"),
        ({"site": "arm", "t": "T2", "grade": "3"}, PrognosisInputError, "size_cm: the models need the tumor size"),
        ({"site": "arm", "size_cm": 4, "grade": "X", "histology": "8890/3"}, PrognosisInputError, "needs the grade"),
        ({"site": "arm", "size_cm": 4, "grade": "3"}, PrognosisInputError, "histology: a value is required"),
        ({"site": "bone", "size_cm": 4, "grade": "3"}, StagingError, "bone"),
    ],
)
def test_from_case_refuses_incomplete_cases(case: dict[str, Any], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        from_case(case, age=50, depth="deep")


@pytest.mark.parametrize("grade", ["2", "3", "high"])
def test_a_high_grade_well_differentiated_liposarcoma_is_refused_with_the_reason(grade: str) -> None:
    from sarcoma.prognosis import predict

    with pytest.raises(ValueError, match="low grade by definition"):
        predict("kattan2002", age=60, size_cm=12, depth="deep", site="leg", histology="8851/3", grade=grade)
    assert predict("kattan2002", age=60, size_cm=12, depth="deep", site="leg", histology="8851/3", grade="1")
