"""Read the treatment data files under ``sarcoma/data/treatments``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._data import load_data
from .._tables import Table, load_table

__all__ = ["routing_table", "clinician_table", "doc", "patient_texts"]


def routing_table() -> Table:
    """The disease-state routing table (first match wins)."""
    return load_table("treatments/routing")


def clinician_table() -> Table:
    """The clinician-layer table (every matching row applies)."""
    return load_table("treatments/clinician")


def doc(name: str) -> dict[str, Any]:
    """Return a strictly loaded data file: ``states``, ``options``, ``option_sets`` or ``questions``."""
    data: dict[str, Any] = load_data(f"treatments/{name}.yaml")
    return data


def patient_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for every patient-facing treatment text (templates with sample values)."""
    sample = {
        "site_label": "head and neck",
        "stage_label": "Stage IIIA",
        "t": "T2",
        "n": "N0",
        "m": "M0",
        "grade": "G3",
        "grade_words": "high grade (grade 3)",
        "size_words": ", 8 cm across,",
        "histology": "epithelioid sarcoma",
        "histology_text": "",
    }
    states = doc("states")
    yield "treatments:trials", states["trials"]["text"]
    yield "treatments:not_staged", states["not_staged"].format(histology="epithelioid sarcoma", routed_as="stage IIIA")
    for key, value in states["explanations"].items():
        text = value["text"].format(**sample)
        if text:  # own_care is the histology table's message, gated with the tables
            yield f"treatments:state:{key}", text
    for key, value in doc("options")["options"].items():
        yield f"treatments:option:{key}", f"{value['title']}. {value['description']}"
    for key, value in doc("option_sets")["sets"].items():
        reasons = " ".join(o["reason"] for o in value["options"])
        yield f"treatments:set:{key}", f"{value['reason'].format(**sample)} {reasons}"
    questions = doc("questions")
    yield "treatments:questions:common", " ".join([*questions["before_surgery"], *questions["common"]])
    for basis, own in questions.get("by_basis", {}).items():
        yield f"treatments:questions:basis:{basis}", " ".join(own["questions"])
    for key, value in questions["by_state"].items():
        yield f"treatments:questions:{key}", " ".join(value)
