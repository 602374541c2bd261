"""The knowledge base's patient-facing texts and glossary words, for the readability gate.

Every text the product shows is collected by :func:`sarcoma._texts.patient_texts`; each package names its
own (the knowledge base here, treatments, web and prognosis in theirs), so ``kb`` imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._load import load_kb

__all__ = ["glossary_words", "kb_texts"]


def glossary_words() -> list[str]:
    """Every glossary term and alias (what the readability gate masks)."""
    words: list[str] = []
    for term in load_kb().glossary.values():
        words.append(term.term)
        words.extend(term.aliases)
    return words


def kb_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for every knowledge-base item (key points and patient text) and glossary definition."""
    kb = load_kb()
    for item in kb.items:
        yield f"kb:{item.id}", " ".join([*item.key_points, *item.patient_body])
    for term in kb.glossary.values():
        yield f"glossary:{term.id}", term.definition
