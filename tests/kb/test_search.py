"""BM25 search: ranked, limited, robust to odd queries."""

from __future__ import annotations

import pytest

from sarcoma.kb import load_kb, tokenize


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("core needle", "biopsy-core-needle"),
        ("Core Needle Biopsy", "biopsy-core-needle"),
        ("PET scan", "test-pet-scan"),
        ("limb sparing", "surgery-limb-sparing"),
        ("what is soft tissue sarcoma", "sts-what-is"),
        ("stages retroperitoneum", "stages-retroperitoneum"),
    ],
)
def test_best_hit(query: str, first: str) -> None:
    assert load_kb().search(query)[0].item.id == first


def test_results_are_ranked_and_limited() -> None:
    hits = load_kb().search("radiation therapy", limit=5)
    assert len(hits) == 5
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


@pytest.mark.parametrize("query", ["", "   ", "the and of", "zzzzqqq", "!!!"])
def test_empty_or_unknown_queries_give_no_hits(query: str) -> None:
    assert load_kb().search(query) == []


def test_tokenize_lowercases_drops_stop_words_and_plurals() -> None:
    assert tokenize("The Biopsies of Lymph Nodes") == ["biopsy", "lymph", "node"]
