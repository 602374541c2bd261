"""Ranked full-text search over the knowledge base (BM25, rank-bm25) that forgives.

On top of BM25: synonyms from data (radiation/radiotherapy, chemo/chemotherapy, ...), spelling
tolerance with rapidfuzz over the words of titles and glossary terms ("sarcomma" finds "sarcoma" and
says "did you mean"), overview items ranked above their sub-items, and a pointer to NCI's Spanish
summary for a query in Spanish. The aids live in ``sarcoma/data/kb/search.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process

from .._data import load_data
from ._model import GlossaryTerm, KbItem

__all__ = ["tokenize", "SearchIndex", "SearchAnswer", "SpanishPointer", "search_aids"]

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by can for from has have how in is it its may of on or that the their them this to "
    "was what when where which who will with you your".split()
)
_SPANISH_MARKS = frozenset("áéíóúñü¿¡")
TITLE_WEIGHT = 3
"""Title words count three times, so an item about a thing outranks items that only mention it."""


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _fold(text: str) -> str:
    """Lower case without accents ("cirugía" -> "cirugia")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    """Lower-case words without accents or stop words, with a light plural stem."""
    return [_stem(w) for w in _WORD.findall(_fold(text)) if w not in _STOP]


@cache
def search_aids() -> dict[str, Any]:
    """The search aids document (synonyms, overviews, fuzzy limits, Spanish pointer)."""
    doc: dict[str, Any] = load_data("kb/search.yaml")
    return doc


@dataclass(frozen=True)
class SpanishPointer:
    """Where to read in Spanish, until this app has Spanish pages."""

    label: str
    text: str
    text_es: str
    url: str


@dataclass(frozen=True)
class SearchAnswer:
    """Hits for a query, the corrected query when spelling was fixed, and a Spanish pointer when it fits."""

    hits: list[tuple[KbItem, float]]
    corrected: str | None = None
    spanish: SpanishPointer | None = None
    corrections: dict[str, str] = field(default_factory=dict)


def _document(item: KbItem, glossary: dict[str, GlossaryTerm]) -> list[str]:
    terms = [glossary[t].term for t in item.glossary_terms if t in glossary]
    text = " ".join([*item.key_points, *item.patient_body, *item.clinician_body, *terms])
    return tokenize(item.title) * TITLE_WEIGHT + tokenize(text)


def _is_spanish(text: str) -> bool:
    aids = search_aids()["spanish"]
    words = _WORD.findall(_fold(text))
    if not words:
        return False
    if any(ch in _SPANISH_MARKS for ch in text.lower()) or any(w in aids["strong_words"] for w in words):
        return True
    known = sum(w in aids["words"] for w in words)
    return len(words) >= 2 and known / len(words) >= 0.6


class SearchIndex:
    """A BM25 index over items, built once, with synonyms, spelling tolerance and overview order."""

    def __init__(self, items: Sequence[KbItem], glossary: dict[str, GlossaryTerm]) -> None:
        aids = search_aids()
        self.items = list(items)
        self._bm25 = BM25Okapi([_document(item, glossary) for item in self.items])
        self._synonyms: dict[str, list[str]] = {}
        for group in aids["synonyms"]:
            words = [w for word in group for w in tokenize(word)]
            for word in words:
                self._synonyms.setdefault(word, []).extend(w for w in words if w != word)
        overviews = set(aids["overviews"])
        self._boost = float(aids["overview_boost"])
        self._overview_titles = {
            i: set(tokenize(item.title)) for i, item in enumerate(self.items) if item.id in overviews
        }
        names = [item.title for item in self.items]
        names += [name for term in glossary.values() for name in (term.term, *term.aliases)]
        self._spelling = sorted({w for name in names for w in tokenize(name)} | set(self._synonyms))
        self._fuzzy = aids["fuzzy"]

    def _known(self, word: str) -> bool:
        return word in self._bm25.idf or word in self._synonyms

    def _correct(self, word: str) -> str | None:
        """The closest title or glossary word to an unknown ``word``, or ``None``."""
        if self._known(word) or len(word) < int(self._fuzzy["min_length"]) or word.isdigit():
            return None
        found = process.extractOne(word, self._spelling, scorer=fuzz.ratio, score_cutoff=self._fuzzy["min_score"])
        return None if found is None else str(found[0])

    def _ranked(self, words: list[str], limit: int) -> list[tuple[KbItem, float]]:
        expanded = list(dict.fromkeys(w for word in words for w in (word, *self._synonyms.get(word, ()))))
        scores = self._bm25.get_scores(expanded)
        boosted = [float(s) for s in scores]
        for i, title in self._overview_titles.items():
            # An overview whose title names every word asked for comes before its sub-items.
            if all(title & {word, *self._synonyms.get(word, ())} for word in words):
                boosted[i] *= self._boost
        ranked = sorted(range(len(self.items)), key=lambda i: (-boosted[i], i))
        return [(self.items[i], boosted[i]) for i in ranked[:limit] if boosted[i] > 0]

    def answer(self, text: str, limit: int = 10) -> SearchAnswer:
        """Search ``text``: hits, the spelling it was corrected to (if any) and a Spanish pointer (if Spanish)."""
        spanish = None
        if _is_spanish(text):
            doc = search_aids()["spanish"]
            spanish = SpanishPointer(label=doc["label"], text=doc["text"], text_es=doc["text_es"], url=doc["url"])
        words = tokenize(text)
        if not words or limit <= 0:
            return SearchAnswer([], spanish=spanish)
        corrections = {} if spanish else {w: c for w in words if (c := self._correct(w)) is not None}
        hits = self._ranked([corrections.get(w, w) for w in words], limit)
        corrected = None
        if corrections and hits:
            corrected = " ".join(corrections.get(w, w) for w in words)
        return SearchAnswer(hits, corrected=corrected, spanish=spanish, corrections=corrections)

    def search(self, text: str, limit: int = 10) -> list[tuple[KbItem, float]]:
        """Return up to ``limit`` (item, score) pairs with a positive score, best first."""
        return self.answer(text, limit).hits
