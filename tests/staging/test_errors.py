"""Each bad input gets a specific error (case-factory style: inputs, error class, message part)."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma import ConflictingInput, InvalidInput, OutOfScope, StagingError, UnknownSite, stage

BAD_INPUTS: list[tuple[str, dict[str, Any], type[StagingError], str]] = [
    ("negative size", {"site": "leg", "size_cm": -1}, InvalidInput, "greater than 0"),
    ("zero size", {"site": "leg", "size_cm": 0}, InvalidInput, "greater than 0"),
    ("zero mm", {"site": "leg", "size_mm": 0}, InvalidInput, "greater than 0"),
    ("rounds to zero", {"site": "leg", "size_mm": 0.4}, InvalidInput, "rounds to 0 mm"),
    ("impossible size", {"site": "leg", "size_cm": 301}, InvalidInput, "over 300 cm"),
    ("impossible size mm", {"site": "leg", "size_mm": 3001}, InvalidInput, "over 300 cm"),
    ("not a number", {"site": "leg", "size_cm": "big"}, InvalidInput, "size_cm"),
    ("both units", {"site": "leg", "size_cm": 5, "size_mm": 50}, ConflictingInput, "not both"),
    ("T5", {"site": "leg", "t": "T5"}, InvalidInput, "not an AJCC 8 T category"),
    ("T4a on trunk", {"site": "leg", "t": "T4a"}, InvalidInput, "not a T category for trunk_extremities"),
    ("grade 4", {"site": "leg", "size_cm": 3, "grade": "4"}, InvalidInput, "grade: use FNCLCC 1, 2, 3 or X"),
    ("N2", {"site": "leg", "n": "N2"}, InvalidInput, "n: use N0, N1 or NX"),
    ("M2", {"site": "leg", "m": "M2"}, InvalidInput, "m: use M0, M1 or MX"),
    ("unknown site", {"site": "elbowpit"}, UnknownSite, "not a known site"),
    ("unknown topography", {"site": "C99.9"}, UnknownSite, "topography"),
    ("GIST", {"site": "C16.2", "histology": "8936/3"}, OutOfScope, "GIST"),
    ("Kaposi", {"site": "leg", "histology": "9140/3"}, OutOfScope, "Kaposi"),
    ("embryonal RMS", {"site": "leg", "histology": "8910/3"}, OutOfScope, "childhood rhabdomyosarcoma"),
    ("alveolar RMS", {"site": "arm", "histology": "8920/3"}, OutOfScope, "rhabdomyosarcoma"),
    ("desmoid", {"site": "trunk", "histology": "8821/1"}, OutOfScope, "malignant"),
    ("desmoid coded /3", {"site": "trunk", "histology": "8821/3"}, OutOfScope, "Desmoid"),
    ("bone by site", {"site": "C40.2", "histology": "9180/3"}, OutOfScope, "bone"),
    ("bone word", {"site": "bone"}, OutOfScope, "bone"),
    ("Ewing", {"site": "leg", "histology": "9260/3"}, OutOfScope, "Ewing"),
    ("uterine", {"site": "C54.1", "histology": "8890/3"}, OutOfScope, "uterine"),
    ("uterus word", {"site": "uterus"}, OutOfScope, "uterine"),
    ("carcinoma", {"site": "leg", "histology": "8140/3"}, OutOfScope, "not one that"),
    ("bad morphology", {"site": "leg", "histology": "leio"}, InvalidInput, "ICD-O-3 morphology"),
    ("T vs size", {"site": "leg", "size_cm": 3, "t": "T3"}, ConflictingInput, "contradicts the size"),
    ("TX vs size", {"site": "leg", "size_cm": 3, "t": "TX"}, ConflictingInput, "contradicts"),
    ("T vs extent", {"site": "head_neck", "extent": "brain", "t": "T4a"}, ConflictingInput, "contradicts the extent"),
    ("extent on trunk", {"site": "leg", "extent": "orbit"}, InvalidInput, "apply only"),
    ("wrong extent", {"site": "visceral", "extent": "orbit"}, InvalidInput, "not an extent"),
    (
        "grade vs scores",
        {"site": "leg", "grade": "1", "differentiation": 3, "mitoses": 25, "necrosis": "ge50"},
        ConflictingInput,
        "contradicts the FNCLCC",
    ),
    ("partial scores", {"site": "leg", "differentiation": 3}, InvalidInput, "all three"),
    ("bad necrosis", {"site": "leg", "differentiation": 1, "mitoses": 1, "necrosis": "some"}, InvalidInput, "necrosis"),
    ("sd2 missing", {"site": "C49.4"}, InvalidInput, "schema_discriminator_2"),
    ("sd2 unknown", {"site": "C49.4", "schema_discriminator_2": "9"}, OutOfScope, "00459"),
    ("unknown field", {"site": "leg", "colour": "red"}, InvalidInput, "colour"),
    ("missing site", {"size_cm": 3}, InvalidInput, "site"),
]


@pytest.mark.parametrize(("fields", "error", "text"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gets_a_specific_error(fields: dict[str, Any], error: type[StagingError], text: str) -> None:
    with pytest.raises(error) as info:
        stage(fields)
    assert text in info.value.message
    assert isinstance(info.value, ValueError)
    assert "\n" not in info.value.message


def test_out_of_scope_has_a_reason_key() -> None:
    with pytest.raises(OutOfScope) as info:
        stage(site="leg", histology="8936/3")
    assert info.value.reason == "gist"
    assert info.value.to_dict()["reason"] == "gist"


def test_field_errors_list_every_bad_field() -> None:
    with pytest.raises(InvalidInput) as info:
        stage({"site": "leg", "size_cm": -2, "grade": "4"})
    fields = {e["field"] for e in info.value.errors}
    assert {"size_cm", "grade"} <= fields


def test_a_table_defect_is_not_a_user_error(broken_stage_table: str) -> None:
    """``except StagingError`` (or ``except ValueError``) never hides a defect in the tables."""
    from sarcoma import NoMatchingRule, RuleTableDefect

    assert not issubclass(NoMatchingRule, StagingError | ValueError)
    assert issubclass(NoMatchingRule, RuleTableDefect) and issubclass(RuleTableDefect, RuntimeError)
    with pytest.raises(NoMatchingRule) as info:
        try:
            stage({"site": "leg", "size_cm": 8, "grade": "3"})
        except (StagingError, ValueError):  # pragma: no cover - the point of the test: this must not catch it
            pytest.fail("a table defect was caught as a user error")
    error = info.value
    assert broken_stage_table in error.message
    assert error.inputs == {"t": "T2", "n": "N0", "m": "M0", "grade": "G3"}
    assert error.to_dict()["type"] == "NoMatchingRule"
    assert error.to_dict()["message"] == error.message


def test_a_table_defect_is_an_error_row_in_the_batch(broken_stage_table: str) -> None:
    """The per-row batch keeps the row, as an error row with the defect's message."""
    from sarcoma.batch import stage_record

    row = stage_record({"site": "leg", "size_cm": "8", "grade": "3"})
    assert row["status"] == "error"
    assert broken_stage_table in row["messages"]
