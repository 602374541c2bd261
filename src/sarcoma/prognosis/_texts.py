"""The prognosis texts a patient reads, by name, for the readability gate (all texts: :mod:`sarcoma._texts`)."""

from __future__ import annotations

from collections.abc import Iterator

from ._applicability import applicability_rules
from ._data import load_mapping
from ._models import kattan2002, kattan2003

__all__ = ["patient_texts"]


def patient_texts() -> Iterator[tuple[str, str]]:
    """Yield (name, text) for both models' statements, the applicability reasons and the refusals."""
    case = {"depth": "deep", "site": "leg", "histology": "leiomyosarcoma", "grade": "2"}
    for result in (kattan2002(age=60, size_cm=8, **case), kattan2003(age=60, size_cm=8, **case)):
        yield f"prognosis:{result.model}:statement", result.statement
    rules = applicability_rules()
    for row in rules["rows"]:
        yield f"prognosis:applicability:{row['id']}", " ".join(str(row["reason"]).split())
        if row.get("assumption"):
            yield f"prognosis:applicability:{row['id']}:assumption", " ".join(str(row["assumption"]).split())
    for key in ("unknown_n", "unknown_m"):
        yield f"prognosis:applicability:{key}", " ".join(str(rules[key]).split())
    for row in load_mapping()["histology"]:
        if row.get("refuse"):
            yield f"prognosis:refused:{row['id']}", f"No model fits this tumor type: {row['message']}"
        if row.get("grade_message"):
            yield f"prognosis:grade_conflict:{row['id']}", str(row["grade_message"]).removeprefix("grade: ")
