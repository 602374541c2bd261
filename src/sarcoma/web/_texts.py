"""The web app's patient-facing texts, by name, for the readability gate (all texts: :mod:`sarcoma._texts`)."""

from __future__ import annotations

from collections.abc import Iterator

from ._content import content

__all__ = ["patient_texts"]

_SECTIONS = ("quick", "next_steps", "registry_rules", "survival")
"""Content sections read as whole: every text of four or more words in them is scored. (The engine's notes
in plain words are the ``plain`` cells of data/messages.yaml, scored with the tables: :mod:`sarcoma._texts`.)"""


def patient_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for the home page, the questions' help and the result page's plain sections."""
    doc = content()
    home = doc["home"]
    yield "web:home", " ".join([*home["intro"], home["applies"]["covered_intro"], *home["applies"]["covered"]])
    for step in doc["steps"]:
        yield f"web:step:{step['id']}", " ".join([step["title"], *step["help"]])
    for section in _SECTIONS:
        for key, text in _strings(doc.get(section, {}), section):
            yield f"web:{key}", text


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
