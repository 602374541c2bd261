"""Conditions as data: when a treatment option or clinician item fits a case, and why.

A condition is a mapping of cells, written like decision-table cells. ``set`` cells hold
comma-separated values; ``range`` cells hold integers or inclusive ``low-high`` ranges. A cell
named ``not_<key>`` excludes the listed values (an unknown value is not excluded). A positive
cell needs the value to be known and listed. All cells must hold (AND). ``marker`` matches when
any given marker is listed.

>>> facts = CaseFacts(site_group="retroperitoneum", size_mm=250, histology=8850)
>>> evaluate({"site_group": "trunk_extremities,head_neck"}, facts).ok
False
>>> evaluate({"not_histology": "8850-8859"}, facts).reasons
['histology 8850 is not in 8850-8859']

:func:`evaluate_any` evaluates the same conditions over several possible cases (for example the
stages a case could be when its grade is unknown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ._tables import normalize_token

__all__ = ["CONDITION_KEYS", "CaseFacts", "Match", "evaluate", "evaluate_any", "condition_keys", "parse_ranges"]

CONDITION_KEYS: dict[str, tuple[str, str]] = {
    "site_group": ("set", "site group"),
    "fine_site": ("set", "site"),
    "t": ("set", "T"),
    "size_mm": ("range", "size (mm)"),
    "n": ("set", "N"),
    "m": ("set", "M"),
    "grade": ("set", "grade"),
    "histology": ("range", "histology"),
    "state": ("set", "disease state"),
    "resectable": ("set", "resectable"),
    "basis": ("set", "basis"),
    "recurrent": ("set", "recurrent"),
    "marker": ("set", "marker"),
}
"""Every condition key: its cell kind and its label in reasons. ``not_<key>`` is allowed for each."""

_ALIASES = {"morphology": "histology"}
"""Older column names that mean a condition key (the clinician table's ``morphology``)."""


def condition_keys() -> set[str]:
    """Every allowed cell name: the keys, their ``not_`` forms and the aliases."""
    keys = set(CONDITION_KEYS) | {f"not_{k}" for k in CONDITION_KEYS}
    return keys | set(_ALIASES) | {f"not_{k}" for k in _ALIASES}


@dataclass(frozen=True)
class CaseFacts:
    """The facts of one case that conditions read. ``None`` means not known."""

    site_group: str | None = None
    fine_site: str | None = None
    t: str | None = None
    size_mm: int | None = None
    n: str | None = None
    m: str | None = None
    grade: str | None = None
    histology: int | None = None
    state: str | None = None
    resectable: str | None = None
    basis: str | None = None
    recurrent: str | None = None
    marker: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """Whether the conditions hold, the reasons (one per cell) and the matched marker, if any."""

    ok: bool
    reasons: tuple[str, ...]
    marker: str = ""

    def __bool__(self) -> bool:
        return self.ok


@cache
def parse_ranges(cell: str) -> tuple[tuple[int, int], ...]:
    """Parse ``"8832-8833,8804"`` into inclusive spans."""
    spans: list[tuple[int, int]] = []
    for part in cell.split(","):
        part = part.strip()
        if part:
            low, sep, high = part.partition("-")
            spans.append((int(low), int(high if sep else low)))
    return tuple(spans)


@cache
def _allowed(cell: str) -> frozenset[str]:
    return frozenset(normalize_token(v) for v in cell.split(","))


def _cell_hit(kind: str, cell: str, value: Any) -> tuple[bool, str]:
    """Return whether ``value`` is listed in ``cell`` and the listed value (for markers)."""
    if kind == "range":
        return isinstance(value, int) and any(lo <= value <= hi for lo, hi in parse_ranges(cell)), ""
    allowed = _allowed(cell)
    if isinstance(value, tuple):
        hits = [v for v in value if normalize_token(v) in allowed]
        return bool(hits), hits[0] if hits else ""
    return value is not None and normalize_token(value) in allowed, ""


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) if value else "none given"
    return "not known" if value is None else str(value)


def evaluate(cells: Mapping[str, Any], facts: CaseFacts) -> Match:
    """Evaluate condition cells against one case; unknown cell names raise ``KeyError``."""
    reasons: list[str] = []
    marker = ""
    for raw_key, raw_cell in cells.items():
        if raw_cell is None or raw_cell == "":
            continue
        negate = raw_key.startswith("not_")
        key = raw_key[4:] if negate else raw_key
        key = _ALIASES.get(key, key)
        kind, label = CONDITION_KEYS[key]
        value = getattr(facts, key)
        cell = str(raw_cell)
        hit, found = _cell_hit(kind, cell, value)
        if negate:
            if hit:
                return Match(False, tuple(reasons))
            reasons.append(f"{label} {_shown(value)} is not in {cell}")
        else:
            if not hit:
                return Match(False, tuple(reasons))
            marker = marker or found
            reasons.append(f"{label} {found or _shown(value)} is in {cell}")
    return Match(True, tuple(reasons), marker)


def evaluate_any(cells: Mapping[str, Any], possible: Iterable[CaseFacts]) -> Match:
    """Evaluate over several possible cases: the first that matches, or a failed match."""
    for facts in possible:
        found = evaluate(cells, facts)
        if found:
            return found
    return Match(False, ())
