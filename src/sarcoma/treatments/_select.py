"""Pick the option sets, options and clinician items whose conditions fit a case.

Every condition is data (``when`` in ``options.yaml`` and ``option_sets.yaml``, the input cells of
``clinician.yaml``) and is read by one interpreter, :func:`sarcoma._conditions.evaluate`. Each
item shown carries the conditions it met, for the clinician view.
"""

from __future__ import annotations

from typing import Any

from .._conditions import CaseFacts, evaluate
from ..kb import summary_source
from ._data import clinician_table, doc
from ._model import ClinicianOption, Option, OptionSet

__all__ = ["option_set", "clinician_items"]


def _option(option_id: str, reason: str, facts: CaseFacts) -> Option | None:
    raw = doc("options")["options"][option_id]
    found = evaluate(raw.get("when", {}), facts)
    if not found:
        return None
    return Option(
        id=option_id,
        title=raw["title"],
        description=raw["description"],
        kb_item=raw["kb_item"],
        reason=reason,
        conditions_met=list(found.reasons),
    )


def option_set(set_id: str, facts: CaseFacts, values: dict[str, str]) -> OptionSet | None:
    """Return the option set with the options whose conditions hold, or ``None`` when none is left."""
    raw = doc("option_sets")["sets"][set_id]
    found = evaluate(raw.get("when", {}), facts)
    if not found:
        return None
    options = [o for entry in raw["options"] if (o := _option(entry["option"], entry["reason"], facts))]
    if not options:
        return None
    return OptionSet(
        id=set_id,
        title=raw["title"],
        reason=raw["reason"].format(**values),
        options=options,
        source=summary_source(raw["section"]),
        conditions_met=list(found.reasons),
    )


def clinician_items(facts: CaseFacts, values: dict[str, Any]) -> list[ClinicianOption]:
    """Every clinician row whose input cells all hold for the case (not first match)."""
    table = clinician_table()
    out: list[ClinicianOption] = []
    for row in table.rows:
        cells = {key: row.cells.get(key) for key in table.inputs}
        found = evaluate(cells, facts)
        if not found:
            continue
        out.append(
            ClinicianOption(
                id=row.id,
                title=row.get("title"),
                body=row.get("body"),
                citation=row.get("citation"),
                kb_item=row.get("kb_item") or None,
                applies_because=row.get("applies_because").format(**values, marker=found.marker),
                conditions_met=list(found.reasons),
            )
        )
    return out
