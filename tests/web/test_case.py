"""Reading a case from the page URL into staging fields."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma.errors import InvalidInput
from sarcoma.web._case import MAX_VALUE_CHARS, read_case, step_of_field

FIELDS: list[tuple[dict[str, str], dict[str, Any]]] = [
    ({"site": "leg", "size": "8", "unit": "cm"}, {"site": "leg", "size_cm": 8.0}),
    ({"site": "leg", "size": "8,5"}, {"site": "leg", "size_cm": 8.5}),
    ({"site": "leg", "size": "45", "unit": "mm"}, {"site": "leg", "size_mm": 45.0}),
    ({"site": "leg", "size": "3", "unit": "in"}, {"site": "leg", "size_mm": 76.2}),
    (
        {"site": "leg", "grade": "X", "n": "unknown", "m": "no"},
        {"site": "leg", "grade": "X", "n": "unknown", "m": "no"},
    ),
    (
        {"site": "arm", "grade": "scores", "differentiation": "2", "mitoses": "12", "necrosis": "lt50"},
        {"site": "arm", "differentiation": 2, "mitoses": 12, "necrosis": "lt50"},
    ),
    ({"site": "visceral", "extent": "serosa"}, {"site": "visceral", "extent": "serosa"}),
    ({"site": "head_neck", "extent": "none", "size": "3"}, {"site": "head_neck", "size_cm": 3.0}),
    ({"site": "leg", "recurrent": "yes"}, {"site": "leg", "basis": "recurrence"}),
    (
        {"site": "C49.2", "histology": "8890/3", "size_cm": "8"},
        {"site": "C49.2", "histology": "8890/3", "size_cm": "8"},
    ),
]


@pytest.mark.parametrize(("query", "fields"), FIELDS)
def test_staging_fields(query: dict[str, str], fields: dict[str, Any]) -> None:
    assert read_case(query).staging_fields() == fields


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "site"),
        ({"site": "leg", "size": "big"}, "size"),
        ({"site": "leg", "size": "3", "unit": "ft"}, "unit"),
        ({"site": "leg", "grade": "scores", "mitoses": "many"}, "mitoses"),
        ({"site": "leg", "recurrent": "maybe"}, "recurrent"),
        ({"site": "leg", "resectable": "perhaps"}, "resectable"),
    ],
)
def test_unreadable_answers_name_their_field(query: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        read_case(query).staging_fields()
    assert info.value.field == field


def test_unknown_keys_are_dropped_and_values_bounded() -> None:
    case = read_case({"site": " leg ", "evil": "x", "grade": "3" * 1000, "size": ""})
    assert case.answers == {"site": "leg", "grade": "3" * MAX_VALUE_CHARS}


def test_query_round_trips() -> None:
    case = read_case({"site": "leg", "size": "8", "unit": "cm", "grade": "3"})
    assert read_case(dict(pair.split("=") for pair in case.query().split("&"))) == case
    assert "step=grade" in case.query(step="grade")
    assert "size" not in case.query(size=None)


@pytest.mark.parametrize(
    ("field", "step"),
    [
        ("size_cm", "size"),
        ("extent", "size"),
        ("t", "size"),
        ("necrosis", "grade"),
        ("n", "nodes"),
        ("m", "spread"),
        ("histology", "site"),
        (None, None),
        ("unknown", None),
    ],
)
def test_step_of_field(field: str | None, step: str | None) -> None:
    assert step_of_field(field) == step


def test_error_step_finds_the_step_to_fix() -> None:
    found = read_case({"site": "leg", "size": "2", "unit": "cm", "n": "N7"}).error_step()
    assert found is not None and found[0] == "nodes"
    assert read_case({"site": "leg", "size": "2"}).error_step() is None


def test_recurrence_basis_comes_from_the_core_rule() -> None:
    fields = read_case({"site": "leg", "size": "7", "recurrent": "yes", "basis": "pathologic"}).staging_fields()
    assert fields["basis"] == "recurrence"
    assert "basis" not in read_case({"site": "leg", "recurrent": "no"}).staging_fields()


def test_several_extents_are_one_comma_list_and_none_is_dropped() -> None:
    case = read_case({"site": "head_neck", "extent": "none,brain,orbit"})
    assert case.extents == ["brain", "orbit"]
    assert case.staging_fields()["extent"] == "brain,orbit"
    assert "extent" not in read_case({"site": "head_neck", "extent": "none"}).staging_fields()


def test_answer_rows_list_every_answer_with_its_step() -> None:
    from sarcoma import stage
    from sarcoma.web._case import answer_rows

    case = read_case(
        {
            "site": "head_neck",
            "size": "3",
            "extent": "brain",
            "grade": "scores",
            "differentiation": "2",
            "mitoses": "12",
            "necrosis": "lt50",
            "n": "no",
            "m": "unknown",
        }
    )
    rows = answer_rows(case, stage(case.staging_fields()))
    steps = [step for _, _, step in rows]
    assert steps == ["site", "size", "size", "grade", "nodes", "spread", "recurrence", "removable"]
    answers = {q: a for q, a, _ in rows}
    assert answers["How far the tumor has grown"] == "The tumor has grown into the brain."
    assert answers["What is the grade of the tumor?"].startswith("Scores: differentiation 2, mitoses 12")
    leg = answer_rows(read_case({"site": "leg"}), stage(site="leg"))
    assert "How far the tumor has grown" not in {q for q, _, _ in leg}
