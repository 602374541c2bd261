"""Every patient-facing text, by name, for the readability gate and report.

One list covers all the places a patient reads our wording: knowledge-base items and glossary
definitions, treatment texts, the plain-language cells of the staging tables (what each T, N, M,
grade and stage means), the assumptions the engine reports, the out-of-scope messages, the web
app's questions, and the prognosis statements.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._tables import load_table, table_ids
from ._load import load_kb

__all__ = ["glossary_words", "patient_texts"]

_TABLE_TEXT_COLUMNS = ("plain", "message")
"""Staging-table columns written for patients (``label`` and ``notes`` are technical)."""


def glossary_words() -> list[str]:
    """Every glossary term and alias (what the readability gate masks)."""
    words: list[str] = []
    for term in load_kb().glossary.values():
        words.append(term.term)
        words.extend(term.aliases)
    return words


def _table_texts() -> Iterator[tuple[str, str]]:
    for table_id in table_ids():
        for row in load_table(table_id).rows:
            for column in _TABLE_TEXT_COLUMNS:
                text = row.get(column)
                if text and " " in text.strip():
                    yield f"table:{table_id}:{row.id}:{column}", text.replace("{", "").replace("}", "")


def _web_texts() -> Iterator[tuple[str, str]]:
    from ..web._content import content

    doc = content()
    home = doc["home"]
    yield "web:home", " ".join([*home["intro"], home["applies"]["covered_intro"], *home["applies"]["covered"]])
    for step in doc["steps"]:
        yield f"web:step:{step['id']}", " ".join([step["title"], *step["help"]])
    for section in ("quick", "next_steps", "registry_rules", "plain_notes", "survival"):
        for key, text in _strings(doc.get(section, {}), section):
            yield f"web:{key}", text
    from .._tables import load_table

    for row in load_table("person_register").rows:  # sentence pieces of the person register (issue 10)
        if len(row.get("plain").split()) >= 4:  # whole sentences; short fragments are scored inside them
            yield f"person_register:{row.id}", row.get("plain")


def _strings(node: object, path: str) -> Iterator[tuple[str, str]]:
    """Every text of a content section with four or more words, keyed by its path."""
    if isinstance(node, str):
        if len(node.split()) >= 4:
            yield path, " ".join(node.split())
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("source", "url", "citation"):  # citations, not patient text
                yield from _strings(value, f"{path}:{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}:{i}")


def _prognosis_texts() -> Iterator[tuple[str, str]]:
    from ..prognosis import kattan2002, kattan2003

    case = {"depth": "deep", "site": "leg", "histology": "leiomyosarcoma", "grade": "2"}
    for result in (kattan2002(age=60, size_cm=8, **case), kattan2003(age=60, size_cm=8, **case)):
        yield f"prognosis:{result.model}:statement", result.statement
    from ..prognosis import applicability_rules

    rules = applicability_rules()
    for row in rules["rows"]:
        yield f"prognosis:applicability:{row['id']}", " ".join(str(row["reason"]).split())
        if row.get("assumption"):
            yield f"prognosis:applicability:{row['id']}:assumption", " ".join(str(row["assumption"]).split())
    for key in ("unknown_n", "unknown_m"):
        yield f"prognosis:applicability:{key}", " ".join(str(rules[key]).split())
    from ..prognosis._data import load_mapping

    for row in load_mapping()["histology"]:
        if row.get("refuse"):
            yield f"prognosis:refused:{row['id']}", f"No model fits this tumor type: {row['message']}"


def patient_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for every patient-facing text the product shows."""
    kb = load_kb()
    for item in kb.items:
        yield f"kb:{item.id}", " ".join([*item.key_points, *item.patient_body])
    for term in kb.glossary.values():
        yield f"glossary:{term.id}", term.definition
    from ..treatments._data import patient_texts as treatment_texts

    yield from treatment_texts()
    yield from _table_texts()
    yield from _web_texts()
    yield from _prognosis_texts()
