"""Vectors recomputed by hand from the published formulas, independently of the package code.

The coefficients below are typed in again from the riskcalc.org calculator source
(ClevelandClinicQHS/riskcalc-website@831985e2, SarcomaPredictingPostOp12YearDiseaseSpecificMortality/server.R
and SarcomaPredictingDiseaseSpecificDeathAfterLocalRecurrence/server.R), not read from the package's
YAML, and the arithmetic is spelled out term by term as in a spreadsheet.
"""

from __future__ import annotations

import math

import pytest

from sarcoma.prognosis import kattan2002, kattan2003


def cube_plus(u: float) -> float:
    return max(u, 0.0) ** 3


def by_hand_2002(age: float, size: str, depth: str, site: str, histo: str, grade: str) -> float:
    x = math.log(age)
    age_term = (
        0.29697501 * x
        + 0.4606532 * cube_plus(x - 3.2833593)
        - 1.2313568 * cube_plus(x - 3.925628)
        + 0.77070362 * cube_plus(x - 4.3095151)
    )
    size_term = {"<=5": -0.73661411, "5-10": 0.0, ">10": 0.43366449}[size]
    depth_term = {"Superficial": -0.48941318, "Deep": 0.0}[depth]
    site_term = {
        "Head & Neck": 0.0,
        "Upper Extremity": -1.0290006,
        "Lower Extremity": -0.92503872,
        "Retro-Intraabdominal": -0.36490333,
        "Thoracic or Trunk": -0.50206697,
        "Visceral": -0.57383052,
    }[site]
    histo_term = {
        "Other": 0.0,
        "Fibrosarcoma": -1.1026615,
        "Leiomyosarcoma": -0.095052484,
        "Liposarcoma": -0.44073869,
        "MFH": -0.24425099,
        "MPNT": 0.56271564,
        "Synovial": 0.081272466,
    }[histo]
    lp = -0.12440647 + size_term + depth_term + site_term + histo_term + age_term
    s0 = {"High": 0.5875453, "Low": 0.8373887}[grade]
    return 1.0 - s0 ** math.exp(lp)


def by_hand_2003(age: float, size: str, depth: str, site: str, histo: str, grade: str) -> dict[str, float]:
    a = age
    age_term = (
        0.024251435 * a
        - 0.0000052683762 * cube_plus(a - 27.80384)
        + 0.000013633246 * cube_plus(a - 57.8137)
        - 0.0000083648697 * cube_plus(a - 76.71456)
    )
    size_term = {"<=5 cm": 0.0, "5-10 cm": 0.74191358, ">10 cm": 1.3331259}[size]
    grade_term = {"High": 0.0, "Low": -0.96882638}[grade]
    depth_term = {"Superficial": -0.25283017, "Deep": 0.0}[depth]
    site_term = {
        "Head and Neck": 0.0,
        "Upper Extremity": -1.0460627,
        "Lower Extremity": -0.96487627,
        "Retro-Intraabdominal": -0.45219689,
        "Thoracic/Trunk": -0.55362894,
        "Visceral": -0.19709084,
    }[site]
    histo_term = {
        "Fibrosarcoma": 0.0,
        "Leiomyosarcoma": 1.256304,
        "Liposarcoma": 0.86376689,
        "MFH": 0.84095501,
        "MPNT": 2.0887329,
        "Other": 1.2993295,
        "Synovial": 1.7930444,
    }[histo]
    lp = age_term + size_term + grade_term + depth_term + site_term + histo_term
    return {
        "1y": 1.0 - 0.9779854 ** math.exp(lp),
        "2y": 1.0 - 0.9512977 ** math.exp(lp),
        "3y": 1.0 - 0.9390208 ** math.exp(lp),
    }


# (package inputs) -> (calculator inputs)
CASES_2002 = [
    (
        {"age": 60, "size_cm": 8, "depth": "deep", "site": "leg", "histology": "UPS", "grade": "3"},
        (60, "5-10", "Deep", "Lower Extremity", "MFH", "High"),
    ),
    (
        {"age": 45, "size_cm": 3, "depth": "superficial", "site": "arm", "histology": "synovial sarcoma", "grade": "1"},
        (45, "<=5", "Superficial", "Upper Extremity", "Synovial", "Low"),
    ),
    (
        {
            "age": 72,
            "size_cm": 22,
            "depth": "deep",
            "site": "retroperitoneum",
            "histology": "dedifferentiated liposarcoma",
            "grade": "3",
        },
        (72, ">10", "Deep", "Retro-Intraabdominal", "Liposarcoma", "High"),
    ),
    (
        {"age": 25, "size_cm": 5, "depth": "deep", "site": "head_neck", "histology": "MPNST", "grade": "high"},
        (25, "<=5", "Deep", "Head & Neck", "MPNT", "High"),
    ),
    (
        {"age": 88, "size_cm": 10, "depth": "superficial", "site": "chest wall", "histology": "8890/3", "grade": "low"},
        (88, "5-10", "Superficial", "Thoracic or Trunk", "Leiomyosarcoma", "Low"),
    ),
    (
        {"age": 51, "size_cm": 10.05, "depth": "deep", "site": "stomach", "histology": "angiosarcoma", "grade": "2"},
        (51, ">10", "Deep", "Visceral", "Other", "High"),
    ),
    (
        {"age": 10, "size_cm": 0.4, "depth": "deep", "site": "C49.1", "histology": "fibrosarcoma", "grade": "G1"},
        (10, "<=5", "Deep", "Upper Extremity", "Fibrosarcoma", "Low"),
    ),
    (
        {
            "age": 100,
            "size_cm": 40,
            "depth": "deep",
            "site": "upper_extremity",
            "histology": "myxofibrosarcoma",
            "grade": "G3",
        },
        (100, ">10", "Deep", "Upper Extremity", "MFH", "High"),
    ),
]

CASES_2003 = [
    (
        {"age": 60, "size_cm": 8, "depth": "deep", "site": "thigh", "histology": "MPNST", "grade": "3"},
        (60, "5-10 cm", "Deep", "Lower Extremity", "MPNT", "High"),
    ),
    (
        {"age": 17, "size_cm": 2, "depth": "superficial", "site": "forearm", "histology": "8810/3", "grade": "1"},
        (17, "<=5 cm", "Superficial", "Upper Extremity", "Fibrosarcoma", "Low"),
    ),
    (
        {
            "age": 89.5,
            "size_cm": 15,
            "depth": "deep",
            "site": "retroperitoneal_intra_abdominal",
            "histology": "UPS",
            "grade": "high",
        },
        (89.5, ">10 cm", "Deep", "Retro-Intraabdominal", "MFH", "High"),
    ),
    (
        {"age": 40, "size_cm": 6, "depth": "deep", "site": "neck", "histology": "synovial", "grade": "2"},
        (40, "5-10 cm", "Deep", "Head and Neck", "Synovial", "High"),
    ),
    (
        {
            "age": 77,
            "size_cm": 4.5,
            "depth": "superficial",
            "site": "trunk",
            "histology": "myxoid liposarcoma",
            "grade": "low",
        },
        (77, "<=5 cm", "Superficial", "Thoracic/Trunk", "Liposarcoma", "Low"),
    ),
    (
        {"age": 58, "size_cm": 12, "depth": "deep", "site": "visceral", "histology": "sarcoma NOS", "grade": "3"},
        (58, ">10 cm", "Deep", "Visceral", "Other", "High"),
    ),
    (
        {"age": 30, "size_cm": 9, "depth": "deep", "site": "leg", "histology": "leiomyosarcoma", "grade": "1"},
        (30, "5-10 cm", "Deep", "Lower Extremity", "Leiomyosarcoma", "Low"),
    ),
]


@pytest.mark.parametrize(("inputs", "calculator"), CASES_2002)
def test_kattan2002_matches_the_hand_computation(inputs: dict[str, object], calculator: tuple[object, ...]) -> None:
    result = kattan2002(**inputs)  # type: ignore[arg-type]
    assert result.probabilities["12y"] == pytest.approx(by_hand_2002(*calculator), abs=1e-12)  # type: ignore[arg-type]
    other = "Low" if calculator[-1] == "High" else "High"
    by_grade = result.by_grade[other.lower()]["12y"]
    assert by_grade == pytest.approx(by_hand_2002(*calculator[:-1], other), abs=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize(("inputs", "calculator"), CASES_2003)
def test_kattan2003_matches_the_hand_computation(inputs: dict[str, object], calculator: tuple[object, ...]) -> None:
    result = kattan2003(**inputs)  # type: ignore[arg-type]
    expected = by_hand_2003(*calculator)  # type: ignore[arg-type]
    assert result.probabilities.keys() == expected.keys()
    for key, value in expected.items():
        assert result.probabilities[key] == pytest.approx(value, abs=1e-12)


def test_anchor_worked_by_pencil() -> None:
    # Age 60: x = ln 60 = 4.094345; spline = 1.215918 + 0.245704 - 0.005914 = 1.455709.
    # LP = -0.124406 + 1.455709 - 0.925039 (lower extremity) - 0.244251 (MFH) = 0.162013; exp = 1.175875.
    # High grade: 1 - 0.5875453 ** 1.175875 = 1 - exp(1.175875 * -0.531802) = 1 - exp(-0.625333) = 0.464917.
    # Low grade: 1 - 0.8373887 ** 1.175875 = 0.188344.
    result = kattan2002(age=60, size_cm=8, depth="deep", site="leg", histology="UPS", grade="3")
    assert result.probabilities["12y"] == pytest.approx(0.464917, abs=1e-6)
    assert result.by_grade["low"]["12y"] == pytest.approx(0.188344, abs=1e-6)
    assert result.display == {"12y": "46%"}
    assert result.by_grade_display == {"low": {"12y": "19%"}, "high": {"12y": "46%"}}
