"""The icon array: 100 figures, the right number shaded by colour and pattern, a text alternative, no script."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from sarcoma.prognosis import icon_array_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    ("probability", "shaded"), [(0.0, 0), (0.004, 0), (0.31, 31), (0.465, 46), (0.995, 100), (1.0, 100)]
)
def test_shades_round_p_times_100_figures(probability: float, shaded: int) -> None:
    root = parse(icon_array_svg(probability, label="died of sarcoma within 12 years"))
    figures = root.findall(".//svg:g/svg:path", NS)
    assert len(figures) == 100
    hatched = [f for f in figures if f.get("fill", "").startswith("url(#")]
    assert len(hatched) == shaded


def test_text_alternative_and_role() -> None:
    svg = icon_array_svg(0.31, label="died of sarcoma within 12 years", id_prefix="case1")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "case1-title case1-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.get("id") == "case1-title"
    assert desc is not None and desc.get("id") == "case1-desc"
    assert title.text == "31% died of sarcoma within 12 years: icon array of 100 people"
    assert desc.text is not None
    assert "about 31 died of sarcoma within 12 years" in desc.text
    assert "about 69 did not" in desc.text
    assert "diagonal stripes" in desc.text  # the pattern is described, not only the colour


@pytest.mark.parametrize(("probability", "words"), [(0.001, "fewer than 1"), (0.999, "more than 99")])
def test_text_alternative_at_the_ends(probability: float, words: str) -> None:
    desc = parse(icon_array_svg(probability, label="x")).find("svg:desc", NS)
    assert desc is not None and desc.text is not None and words in desc.text


def test_colour_plus_pattern_and_no_script() -> None:
    svg = icon_array_svg(0.5, label="died <of> sarcoma & more")
    root = parse(svg)  # well-formed even with markup characters in the label
    assert root.find(".//svg:pattern/svg:line", NS) is not None
    assert "<script" not in svg.lower()
    assert not any(attr.lower().startswith("on") for el in root.iter() for attr in el.attrib)
    assert "&lt;of&gt;" in svg


def test_default_ids_differ_between_arrays() -> None:
    a = parse(icon_array_svg(0.2, label="at 1 year")).get("aria-labelledby")
    b = parse(icon_array_svg(0.3, label="at 2 years")).get("aria-labelledby")
    assert a != b


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan])
def test_refuses_non_probabilities(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        icon_array_svg(bad, label="x")


def test_refuses_an_empty_label() -> None:
    with pytest.raises(ValueError, match="label"):
        icon_array_svg(0.5, label="  ")


def test_control_characters_in_the_label_keep_the_svg_well_formed() -> None:
    root = parse(icon_array_svg(0.2, label="died\x00 of\x1b sarcoma\n"))
    title = root.find("svg:title", NS)
    assert title is not None and title.text == "20% died of sarcoma: icon array of 100 people"
