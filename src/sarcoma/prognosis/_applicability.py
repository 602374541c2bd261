"""Which model fits a situation: primary or recurrence, lymph nodes, distant spread, removal.

The rules are a first-match decision table in ``sarcoma/data/prognosis/applicability.yaml``.
Every interface (library, CLI, API, web page) goes through :func:`check_applicability`, so a case
the models were not built for gets the same plain "no model fits this situation" and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .._tables import load_table, normalize_token
from ._data import MODEL_IDS, read_data
from ._inputs import NoModelFits, PrognosisInputError

__all__ = ["NoModelFits", "Applicability", "check_applicability", "applicability_rules", "SITUATION_FIELDS"]

SITUATION_FIELDS = ("presentation", "n", "m", "removed")
"""The situation inputs, beside the tumor inputs of the models."""

_PRESENTATION = {
    "primary": "primary",
    "first": "primary",
    "new": "primary",
    "recurrence": "recurrence",
    "recurrent": "recurrence",
    "local recurrence": "recurrence",
    "came back": "recurrence",
}
_REMOVED = {"yes": "yes", "true": "yes", "removed": "yes", "no": "no", "false": "no", "unknown": "unknown"}


@dataclass(frozen=True)
class Applicability:
    """The model that fits a situation, the rule that chose it, and what was assumed."""

    model: str
    rule_id: str
    reason: str
    situation: dict[str, str]
    assumptions: tuple[str, ...]


@cache
def applicability_rules() -> dict[str, Any]:
    """The decision table and its texts (``applicability.yaml``)."""
    return read_data("applicability")


def _flat(text: Any) -> str:
    return " ".join(str(text).split())


def _word(value: Any, field: str, table: dict[str, str], choices: str) -> str:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    word = " ".join(str(value).strip().lower().replace("_", " ").split())
    if word not in table:
        raise PrognosisInputError(f"{field}: {value!r} is not understood; use {choices}", field=field)
    return table[word]


def _axis(value: Any, axis: str) -> tuple[str, bool]:
    """N or M category and whether it was unknown (counted as N0/M0, as in staging)."""
    token = "" if value is None else normalize_token(str(value))
    row = load_table("nodes_metastasis").lookup(axis=axis, value=token)
    if row is None:
        kind = "N0, N1 or NX" if axis == "n" else "M0, M1 or MX"
        raise PrognosisInputError(f"{axis}: {value!r} is not a valid {axis.upper()}: use {kind}", field=axis)
    return str(row.get("category")), bool(row.get("warning"))


def _matches(row: dict[str, Any], situation: dict[str, str]) -> bool:
    return all(row.get(key) in (None, situation[key]) for key in SITUATION_FIELDS)


def _situation(model: str | None, given: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    rules = applicability_rules()
    notes: list[str] = []
    stated = {k: v for k, v in given.items() if v is not None and v != ""}
    base = rules["defaults"][model or "kattan2002"]
    if not stated:
        notes.append(_flat(rules["assumed"]).format(situation=rules["situations"][model or "kattan2002"]))
    raw = {**base, **stated}
    presentation = _word(raw["presentation"], "presentation", _PRESENTATION, "primary or recurrence")
    removed = _word(raw["removed"], "removed", _REMOVED, "yes, no or unknown")
    n, n_unknown = _axis(raw["n"], "n")
    m, m_unknown = _axis(raw["m"], "m")
    # Once any part of the situation is stated, nodes and spread left out are unknown, not the model's N0/M0.
    if stated and (n_unknown or "n" not in stated):
        notes.append(_flat(rules["unknown_n"]))
    if stated and (m_unknown or "m" not in stated):
        notes.append(_flat(rules["unknown_m"]))
    return {"presentation": presentation, "n": n, "m": m, "removed": removed}, notes


def check_applicability(model: str | None = None, **situation: Any) -> Applicability:
    """Return the model that fits the situation, or raise :class:`NoModelFits` with the reason.

    Parameters
    ----------
    model
        ``kattan2002``, ``kattan2003``, or ``None`` to choose the model from the situation.
    **situation
        ``presentation`` (primary or recurrence), ``n`` (N0, N1, NX), ``m`` (M0, M1, MX) and
        ``removed`` (yes, no, unknown: the tumor was or will be removed). Missing values take the
        named model's population (or a removed primary tumor when no model is named), and the
        result says so.

    Raises
    ------
    NoModelFits
        When no row gives a model, or the named model is not the one that fits.
    """
    if model is not None and model not in MODEL_IDS:
        raise PrognosisInputError(f"model: {model!r} is not a model; use {' or '.join(MODEL_IDS)}", field="model")
    unknown = sorted(set(situation) - set(SITUATION_FIELDS))
    if unknown:
        raise PrognosisInputError(f"{unknown[0]}: not a situation input", field=unknown[0])
    facts, notes = _situation(model, situation)
    rules = applicability_rules()
    row = next(r for r in rules["rows"] if _matches(r, facts))
    reason = _flat(row["reason"])
    field = next((k for k in reversed(SITUATION_FIELDS) if row.get(k) is not None), None)
    if row["model"] is None:
        raise NoModelFits(_flat(rules["no_model"]).format(reason=reason), field=field, rule_id=str(row["id"]))
    if model is not None and row["model"] != model:
        message = _flat(rules["wrong_model"]).format(model=model, reason=reason, fits=row["model"])
        raise NoModelFits(message, field=field, rule_id=str(row["id"]))
    if row.get("assumption"):
        notes.append(_flat(row["assumption"]))
    return Applicability(str(row["model"]), str(row["id"]), reason, facts, tuple(notes))
