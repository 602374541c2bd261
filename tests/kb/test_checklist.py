"""Everything the NCI patient summary names is in the knowledge base and found by search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sarcoma.kb import load_kb

CHECKLIST: dict[str, list[dict[str, Any]]] = yaml.safe_load((Path(__file__).parent / "checklist.yaml").read_text())
ENTRIES = [(kind, entry) for kind, entries in CHECKLIST.items() for entry in entries]


def _text(item_id: str) -> str:
    item = load_kb().get(item_id)
    return " ".join([item.title, *item.key_points, *item.patient_body, *item.clinician_body])


@pytest.mark.parametrize(("kind", "entry"), ENTRIES, ids=[f"{k}:{e['words']}" for k, e in ENTRIES])
def test_named_thing_is_present_and_found_by_search(kind: str, entry: dict[str, Any]) -> None:
    assert entry["words"].lower() in _text(entry["item"]).lower(), f"{kind} {entry['words']!r} not in {entry['item']}"
    top = [hit.item.id for hit in load_kb().search(entry["words"], limit=3)]
    assert entry["item"] in top, f"search {entry['words']!r} gave {top}"


@pytest.mark.parametrize("entry", CHECKLIST["drug"], ids=[e["words"] for e in CHECKLIST["drug"]])
def test_each_drug_says_whether_it_is_in_use_or_under_study(entry: dict[str, Any]) -> None:
    item = load_kb().get(entry["item"])
    assert item.drug_status == entry["status"]
    label = {"in_use": "(in use)", "under_study": "(under study)"}[entry["status"]]
    assert label in item.title


def test_core_needle_search_finds_the_biopsy_item_first() -> None:
    assert load_kb().search("core needle")[0].item.id == "biopsy-core-needle"


def test_every_topic_of_the_summary_has_items() -> None:
    topics = {topic.id: topic for topic in load_kb().topics()}
    expected = [
        "about",
        "risk_factors",
        "signs",
        "diagnosis",
        "prognosis",
        "staging",
        "stages",
        "treatment_types",
        "drugs",
        "care",
        "treatment_by_stage",
    ]
    assert list(topics) == expected
    assert all(topics[t].items for t in expected)
