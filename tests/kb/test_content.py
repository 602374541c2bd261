"""Knowledge-base integrity: ids, sources, glossary, wording rules, the public API."""

from __future__ import annotations

import re

import pytest

from sarcoma.kb import SUMMARY_URL, KbItem, load_kb

ITEMS = load_kb().items


def test_item_ids_are_unique_and_stable_looking() -> None:
    ids = [item.id for item in ITEMS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_every_item_has_a_source_key_points_and_patient_text(item: KbItem) -> None:
    assert item.source.section and item.source.url.startswith("https://")
    assert item.key_points and item.patient_body
    if not item.generated:
        assert item.source.url == SUMMARY_URL


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_every_referenced_glossary_term_is_defined(item: KbItem) -> None:
    missing = [t for t in item.glossary_terms if t not in load_kb().glossary]
    assert not missing


def test_glossary_terms_are_defined_once_and_all_used() -> None:
    glossary = load_kb().glossary
    words = [t.term.lower() for t in glossary.values()]
    assert len(words) == len(set(words))
    used = {t for item in ITEMS for t in item.glossary_terms}
    assert set(glossary) == used, f"unused terms: {sorted(set(glossary) - used)}"
    assert all(t.definition and t.source.url == SUMMARY_URL for t in glossary.values())


def test_every_clinician_body_carries_its_citation() -> None:
    for item in ITEMS:
        if item.clinician_body:
            assert item.source.citation, item.id


def test_our_content_is_never_called_pdq() -> None:
    for item in ITEMS:
        text = " ".join([item.title, *item.key_points, *item.patient_body, *item.clinician_body])
        assert "PDQ" not in re.sub(r"https?://\S+", "", text), item.id


def test_get_unknown_id_raises_key_error_with_close_ids() -> None:
    with pytest.raises(KeyError, match="biopsy-core-needle"):
        load_kb().get("biopsy-core-needl")


def test_topics_hold_every_item_once_in_order() -> None:
    topics = load_kb().topics()
    assert [i for t in topics for i in t.items] == ITEMS
    assert all(item.topic == topic.id for topic in topics for item in topic.items)


def test_dump_is_one_json_ready_document() -> None:
    dump = load_kb().dump()
    assert len(dump["items"]) == len(ITEMS)
    assert len(dump["glossary"]) == len(load_kb().glossary)
    assert dump["summary"]["url"] == SUMMARY_URL


def test_load_kb_is_cached() -> None:
    assert load_kb() is load_kb()
