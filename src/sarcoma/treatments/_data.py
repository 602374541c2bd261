"""Read the treatment data files under ``sarcoma/data/treatments``."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._tables import Table, load_table

__all__ = ["routing_table", "clinician_table", "doc", "patient_texts"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The libyaml safe loader when available (several times faster), else the pure-Python one."""


def routing_table() -> Table:
    """The disease-state routing table (first match wins)."""
    return load_table("treatments/routing")


def clinician_table() -> Table:
    """The clinician-layer table (every matching row applies)."""
    return load_table("treatments/clinician")


@cache
def doc(name: str) -> dict[str, Any]:
    """Return a parsed data file: ``states``, ``options``, ``option_sets`` or ``questions``."""
    path = resources.files("sarcoma") / "data" / "treatments" / f"{name}.yaml"
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
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
    }
    states = doc("states")
    yield "treatments:trials", states["trials"]["text"]
    for key, value in states["explanations"].items():
        yield f"treatments:state:{key}", value["text"].format(**sample)
    for key, value in doc("options")["options"].items():
        yield f"treatments:option:{key}", f"{value['title']}. {value['description']}"
    for key, value in doc("option_sets")["sets"].items():
        reasons = " ".join(o["reason"] for o in value["options"])
        yield f"treatments:set:{key}", f"{value['reason'].format(**sample)} {reasons}"
    questions = doc("questions")
    yield "treatments:questions:common", " ".join(questions["common"])
    for key, value in questions["by_state"].items():
        yield f"treatments:questions:{key}", " ".join(value)
