"""Every patient-facing text, by name, for the readability gate and report.

One list covers all the places a patient reads our wording: knowledge-base items and glossary
definitions, treatment texts, the plain-language cells of the staging tables (what each T, N, M,
grade and stage means), the assumptions the engine reports, the out-of-scope messages, the web
app's questions, the person register and the prognosis statements. Each package names its own texts;
this module, above them all, only collects them (so ``kb`` need not import ``web``, ``treatments`` or
``prognosis``). Needs the ``web`` extra, for the web app's texts.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._tables import load_table, table_ids
from .kb import glossary_words, kb_texts
from .prognosis import patient_texts as prognosis_texts
from .treatments import patient_texts as treatment_texts
from .web import patient_texts as web_texts

__all__ = ["patient_texts", "glossary_words"]

_TABLE_TEXT_COLUMNS = ("plain", "message")
"""Staging-table columns written for patients (``label`` and ``notes`` are technical)."""


def _table_texts() -> Iterator[tuple[str, str]]:
    for table_id in table_ids():
        for row in load_table(table_id).rows:
            for column in _TABLE_TEXT_COLUMNS:
                if table_id == "messages" and column == "message" and row.get("kind") == "error":
                    continue  # an error's technical text is for the input's author; patients see its plain text
                text = row.get(column)
                if text and " " in text.strip():
                    yield f"table:{table_id}:{row.id}:{column}", text.replace("{", "").replace("}", "")


def _person_register_texts() -> Iterator[tuple[str, str]]:
    for row in load_table("person_register").rows:  # sentence pieces of the person register (issue 10)
        if len(row.get("plain").split()) >= 4:  # whole sentences; short fragments are scored inside them
            yield f"person_register:{row.id}", row.get("plain")


def patient_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for every patient-facing text the product shows."""
    yield from kb_texts()
    yield from treatment_texts()
    yield from _table_texts()
    yield from web_texts()
    yield from _person_register_texts()
    yield from prognosis_texts()
