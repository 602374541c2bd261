"""Ranked full-text search over the knowledge base (BM25, rank-bm25)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rank_bm25 import BM25Okapi

from ._model import GlossaryTerm, KbItem

__all__ = ["tokenize", "SearchIndex"]

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by can for from has have how in is it its may of on or that the their them this to "
    "was what when where which who will with you your".split()
)
TITLE_WEIGHT = 3
"""Title words count three times, so an item about a thing outranks items that only mention it."""


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lower-case words without stop words, with a light plural stem."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def _document(item: KbItem, glossary: dict[str, GlossaryTerm]) -> list[str]:
    terms = [glossary[t].term for t in item.glossary_terms if t in glossary]
    text = " ".join([*item.key_points, *item.patient_body, *item.clinician_body, *terms])
    return tokenize(item.title) * TITLE_WEIGHT + tokenize(text)


class SearchIndex:
    """A BM25 index over items, built once."""

    def __init__(self, items: Sequence[KbItem], glossary: dict[str, GlossaryTerm]) -> None:
        self.items = list(items)
        self._bm25 = BM25Okapi([_document(item, glossary) for item in self.items])

    def search(self, text: str, limit: int = 10) -> list[tuple[KbItem, float]]:
        """Return up to ``limit`` (item, score) pairs with a positive score, best first."""
        query = tokenize(text)
        if not query or limit <= 0:
            return []
        scores = self._bm25.get_scores(query)
        ranked = sorted(range(len(self.items)), key=lambda i: (-scores[i], i))
        return [(self.items[i], float(scores[i])) for i in ranked[:limit] if scores[i] > 0]
