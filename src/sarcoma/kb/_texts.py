"""Every patient-facing text, by name, for the readability gate and report."""

from __future__ import annotations

from collections.abc import Iterator

from ._load import load_kb

__all__ = ["glossary_words", "patient_texts"]


def glossary_words() -> list[str]:
    """Every glossary term and alias (what the readability gate masks)."""
    words: list[str] = []
    for term in load_kb().glossary.values():
        words.append(term.term)
        words.extend(term.aliases)
    return words


def patient_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for each knowledge-base item, glossary definition and treatment text."""
    kb = load_kb()
    for item in kb.items:
        yield f"kb:{item.id}", " ".join([*item.key_points, *item.patient_body])
    for term in kb.glossary.values():
        yield f"glossary:{term.id}", term.definition
    from ..treatments._data import patient_texts as treatment_texts

    yield from treatment_texts()
