"""The size box reads what reports and people write, and answers mistakes in plain words."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sarcoma.web._case import read_case
from sarcoma.web._size import SizeError, parse_size, size_fields

READS = [
    # text, chosen unit, staging fields
    ("5", "cm", {"size_cm": 5.0}),
    ("5 cm", "cm", {"size_cm": 5.0}),
    ("5cm", "mm", {"size_cm": 5.0}),
    ("5 centimetres", "cm", {"size_cm": 5.0}),
    ("50 mm", "cm", {"size_mm": 50.0}),
    ("50mm", "cm", {"size_mm": 50.0}),
    ("50", "mm", {"size_mm": 50.0}),
    ("5,5", "cm", {"size_cm": 5.5}),
    ("5.5", "cm", {"size_cm": 5.5}),
    (".5", "cm", {"size_cm": 0.5}),
    ("8 x 5 x 4 cm", "cm", {"size_cm": 8.0}),
    ("8x5x4", "cm", {"size_cm": 8.0}),
    ("8×5×4", "cm", {"size_cm": 8.0}),
    ("4 × 8 × 5 cm", "mm", {"size_cm": 8.0}),
    ("8 cm x 5 cm x 4 cm", "cm", {"size_cm": 8.0}),
    ("80 x 50 mm", "cm", {"size_mm": 80.0}),
    ("8 by 5 cm", "cm", {"size_cm": 8.0}),
    ("2 in", "cm", {"size_mm": 50.8}),
    ('2"', "cm", {"size_mm": 50.8}),
    ("2 inches", "cm", {"size_mm": 50.8}),
    ("2", "in", {"size_mm": 50.8}),
    ("  8  CM ", "cm", {"size_cm": 8.0}),
    ("", "cm", {}),
]


@pytest.mark.parametrize(("text", "unit", "fields"), READS)
def test_each_spelling_is_read(text: str, unit: str, fields: dict[str, Any]) -> None:
    assert size_fields(text, unit) == fields


def test_several_dimensions_say_which_was_used() -> None:
    parsed = parse_size("8 x 5 x 4 cm")
    assert parsed.value == 8 and parsed.dimensions == (8, 5, 4)
    assert parsed.notes() == ["You gave 8 x 5 x 4 cm. We used the greatest, 8 cm."]


def test_inches_are_converted_and_shown() -> None:
    assert parse_size('2"').notes() == ["2 inches is about 5.1 cm."]
    assert parse_size("5 cm").notes() == []


BAD = ["abc", "-3", "0", "0 cm", "8 x abc", "5 cm x 4 mm", "1 x 2 x 3 x 4", "400 cm", "5 feet", "x"]


@pytest.mark.parametrize("text", BAD)
def test_mistakes_are_plain_words(text: str) -> None:
    with pytest.raises(SizeError) as info:
        parse_size(text)
    message = info.value.message
    assert info.value.field == "size"
    assert not re.search(r"size_cm|size_mm|\bsize:|is not a number|'[^']*'", message), message
    assert (message[0].isupper() or message[0].isdigit()) and message.endswith(".")


def test_unknown_unit_choice() -> None:
    with pytest.raises(SizeError, match="Choose the unit"):
        parse_size("5", "furlong")


def test_case_reader_uses_the_size_reader() -> None:
    fields = read_case({"site": "leg", "size": "8 x 5 x 4 cm"}).staging_fields()
    assert fields["size_cm"] == 8.0
    assert read_case({"site": "leg", "size": '2"'}).staging_fields()["size_mm"] == 50.8


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        ("8", "cm", "8 cm"),
        ("8 x 5 x 4 cm", "cm", "8 x 5 x 4 cm (greatest: 8 cm)"),
        ('2"', "cm", "2 inches (about 5.1 cm)"),
        ("50", "mm", "50 mm"),
    ],
)
def test_your_answers_show_the_size_as_given_and_as_used(text: str, unit: str, shown: str) -> None:
    from sarcoma.web._size import size_answer

    assert size_answer(text, unit) == shown
