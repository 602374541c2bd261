"""Load the knowledge base: hand-written topic files, the glossary and the generated stage items."""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from .._data import load_data
from ._model import GlossaryTerm, KbItem, SearchHit, Source, Topic
from ._search import SearchAnswer, SearchIndex
from ._stages import STAGE_TOPIC, stage_items

__all__ = ["KnowledgeBase", "load_kb", "summary_source", "source_date_note", "SUMMARY_URL"]

SUMMARY_URL = "https://www.cancer.gov/types/soft-tissue-sarcoma/patient/adult-soft-tissue-treatment-pdq"


def _read(name: str) -> Any:
    return load_data(f"kb/{name}")


@cache
def _index_doc() -> dict[str, Any]:
    doc: dict[str, Any] = _read("topics.yaml")
    return doc


def source_date_note() -> str:
    """The NCI summary's own update date, or a plain note that our copy does not state it."""
    summary = _index_doc()["summary"]
    if summary.get("updated"):
        return str(summary["updated"])
    read = summary.get("copy_read")
    return f"not stated in our copy (read {read})" if read else "not stated in our copy"


def summary_source(section: str, citation: str | None = None) -> Source:
    """A source pointing at a section of the NCI patient summary."""
    summary = _index_doc()["summary"]
    updated = summary.get("updated")
    return Source(
        section=section, url=summary["url"], date=None if updated is None else str(updated), citation=citation
    )


def _item(raw: dict[str, Any], topic: str, default_section: str) -> KbItem:
    fields = dict(raw)
    section = fields.pop("section", default_section)
    citation = fields.pop("citation", None)
    url = fields.pop("url", None)
    source = summary_source(section, citation)
    if url is not None:
        source = source.model_copy(update={"url": url, "date": fields.pop("date", None)})
    return KbItem(topic=topic, source=source, **fields)


class KnowledgeBase:
    """All items in topic order, the glossary, and a search index."""

    def __init__(self, topics: list[Topic], glossary: dict[str, GlossaryTerm]) -> None:
        self._topics = topics
        self.items: list[KbItem] = [item for topic in topics for item in topic.items]
        self.glossary = glossary
        self._by_id = {item.id: item for item in self.items}
        self._index = SearchIndex(self.items, glossary)

    def get(self, item_id: str) -> KbItem:
        """Return the item with this id, or raise ``KeyError`` naming close ids."""
        try:
            return self._by_id[item_id]
        except KeyError:
            close = self.suggest(item_id)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"no knowledge-base item {item_id!r}{hint}") from None

    def suggest(self, item_id: str, n: int = 3) -> list[str]:
        """Return up to ``n`` item ids close to ``item_id``."""
        return difflib.get_close_matches(item_id, list(self._by_id), n=n, cutoff=0.5)

    def search(self, text: str, limit: int = 10) -> list[SearchHit]:
        """Return items ranked by BM25 relevance to ``text``, best first."""
        return [SearchHit(item=item, score=score) for item, score in self._index.search(text, limit)]

    def answer(self, text: str, limit: int = 10) -> SearchAnswer:
        """Search with the extras a person needs: the corrected spelling and a Spanish pointer."""
        return self._index.answer(text, limit)

    def topics(self) -> list[Topic]:
        """Return the topics in reading order, each with its items."""
        return list(self._topics)

    def dump(self) -> dict[str, Any]:
        """Return every topic, item and glossary term as one JSON-ready document."""
        summary = _index_doc()["summary"]
        return {
            "summary": summary,
            "topics": [{"id": t.id, "title": t.title, "items": [i.id for i in t.items]} for t in self._topics],
            "items": [item.model_dump(mode="json") for item in self.items],
            "glossary": [term.model_dump(mode="json") for term in self.glossary.values()],
        }


def _glossary() -> dict[str, GlossaryTerm]:
    doc = _read("glossary.yaml")
    terms: dict[str, GlossaryTerm] = {}
    for raw in doc["terms"]:
        fields = dict(raw)
        source = summary_source(fields.pop("section", doc["section"]), fields.pop("citation", None))
        term = GlossaryTerm(source=source, **fields)
        if term.id in terms:
            raise ValueError(f"glossary.yaml: term id {term.id!r} is defined twice")
        terms[term.id] = term
    return terms


@cache
def load_kb() -> KnowledgeBase:
    """Load and cache the knowledge base from ``sarcoma/data/kb``."""
    topics: list[Topic] = []
    seen: set[str] = set()
    for entry in _index_doc()["topics"]:
        if entry["id"] == STAGE_TOPIC:
            items = stage_items()
        else:
            doc = _read(entry["file"])
            items = [_item(raw, entry["id"], doc["section"]) for raw in doc["items"]]
        for item in items:
            if item.id in seen:
                raise ValueError(f"knowledge base: item id {item.id!r} is used twice")
            seen.add(item.id)
        topics.append(Topic(id=entry["id"], title=entry["title"], items=items))
    return KnowledgeBase(topics, _glossary())
