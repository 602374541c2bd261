"""Search that forgives: spelling, synonyms, overviews first, and a Spanish pointer (issue 14)."""

from __future__ import annotations

import pytest

from sarcoma.kb import load_kb
from sarcoma.kb._search import search_aids

SPANISH_URL = (
    "https://www.cancer.gov/espanol/tipos/sarcoma-de-tejido-blando/paciente/tratamiento-tejido-blando-adultos-pdq"
)


@pytest.mark.parametrize(
    ("query", "corrected", "first"),
    [
        ("sarcomma", "sarcoma", "sts-what-is"),
        ("biopsi", "biopsy", "diagnosis-biopsy"),
        ("amputaton", "amputation", "surgery-amputation"),
        ("chemotherapie", "chemotherapy", "chemotherapy"),
    ],
)
def test_misspelling_is_corrected_and_said(query: str, corrected: str, first: str) -> None:
    answer = load_kb().answer(query)
    assert answer.corrected == corrected
    assert answer.hits[0][0].id == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("radiation", "radiation-therapy"),
        ("radiotherapy", "radiation-therapy"),
        ("chemo", "chemotherapy"),
        ("biopsy", "diagnosis-biopsy"),
        ("surgery", "surgery"),
        ("operation", "surgery"),
        ("immunotherapy", "immunotherapy"),
    ],
)
def test_synonyms_and_overview_first(query: str, first: str) -> None:
    answer = load_kb().answer(query)
    assert answer.hits[0][0].id == first
    assert answer.corrected is None


def test_overview_above_its_sub_items() -> None:
    ids = [item.id for item, _ in load_kb().answer("radiation", 10).hits]
    assert ids.index("radiation-therapy") < ids.index("risk-past-radiation")
    assert ids.index("radiation-therapy") < ids.index("radiation-external")
    ids = [item.id for item, _ in load_kb().answer("biopsy", 10).hits]
    assert ids.index("diagnosis-biopsy") < ids.index("biopsy-incisional")


def test_specific_queries_still_find_the_specific_item() -> None:
    assert load_kb().answer("core needle").hits[0][0].id == "biopsy-core-needle"
    assert load_kb().answer("PET scan").hits[0][0].id == "test-pet-scan"


@pytest.mark.parametrize("query", ["cirugía", "cirugia", "quimioterapia", "radioterapia", "¿qué es el sarcoma?"])
def test_spanish_query_points_to_nci_spanish_summary(query: str) -> None:
    answer = load_kb().answer(query)
    assert answer.spanish is not None
    assert answer.spanish.url == SPANISH_URL
    assert answer.corrected is None


@pytest.mark.parametrize("query", ["radiation", "sarcoma", "cancer", "metastasis", "what is the stage"])
def test_english_query_gets_no_spanish_pointer(query: str) -> None:
    assert load_kb().answer(query).spanish is None


def test_unknown_words_are_not_forced_into_a_match() -> None:
    answer = load_kb().answer("zzzzqqq")
    assert answer.hits == [] and answer.corrected is None


def test_aids_are_data_with_a_source() -> None:
    aids = search_aids()
    assert aids["source"]["reference"] == SPANISH_URL
    assert ["chemo", "chemotherapy"] in aids["synonyms"]
    ids = {item.id for item in load_kb().items}
    assert set(aids["overviews"]) <= ids
