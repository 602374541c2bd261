"""Decision tables: load the YAML rule tables and look rows up.

A table has typed input columns and output columns. Input cells are either ``set`` cells
(comma-separated values; an empty cell matches anything) or ``range`` cells (comma-separated
integers or inclusive ``low-high`` ranges). The first row whose every input cell matches wins,
as in the imsweb staging engine. Tables hold no code, so the same rows can be compiled to
vectorized and SQL engines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ._data import load_data
from .errors import NoMatchingRule

__all__ = ["Row", "Table", "load_table", "table_ids", "normalize_token"]


def normalize_token(value: object) -> str:
    """Normalize a set-cell or input value: strip, upper-case, underscores and hyphens to spaces."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("_", " ").replace("-", " ").upper().split())


def _parse_ranges(cell: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for part in cell.split(","):
        part = part.strip()
        if not part:
            continue
        low, sep, high = part.partition("-")
        spans.append((int(low), int(high if sep else low)))
    return tuple(spans)


@dataclass(frozen=True)
class Row:
    """One table row: its id, position, raw cells and parsed matchers."""

    table_id: str
    id: str
    index: int
    cells: Mapping[str, Any]
    sets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        """Return an output (or input) cell as text, or ``default`` when it is blank."""
        value = self.cells.get(key)
        return default if value is None or value == "" else str(value)

    def matches(self, inputs: Mapping[str, Any]) -> bool:
        """Return whether every input cell of this row matches ``inputs``."""
        for key, allowed in self.sets.items():
            if normalize_token(inputs.get(key)) not in allowed:
                return False
        for key, spans in self.ranges.items():
            value = inputs.get(key)
            if not isinstance(value, int) or not any(low <= value <= high for low, high in spans):
                return False
        return True


@dataclass(frozen=True)
class Table:
    """A decision table read from ``sarcoma/data/<id>.yaml``."""

    id: str
    title: str
    edition: str
    source: Mapping[str, str]
    notes: str
    inputs: Mapping[str, str]
    outputs: tuple[str, ...]
    rows: tuple[Row, ...]
    extra: Mapping[str, Any]

    @property
    def citation(self) -> str:
        """One-line source: document, reference and date."""
        parts = [self.source.get("document", ""), self.source.get("reference", ""), self.source.get("date", "")]
        return "; ".join(p for p in parts if p)

    def lookup(self, **inputs: Any) -> Row | None:
        """Return the first row that matches, or ``None``."""
        for row in self.rows:
            if row.matches(inputs):
                return row
        return None

    def require(self, **inputs: Any) -> Row:
        """Return the first row that matches, or raise :class:`NoMatchingRule` listing the inputs."""
        row = self.lookup(**inputs)
        if row is None:
            shown = ", ".join(f"{k}={v!r}" for k, v in inputs.items())
            raise NoMatchingRule(f"no row of table {self.id} matches {shown}", inputs=inputs)
        return row

    def row(self, row_id: str) -> Row:
        """Return the row with this id."""
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(f"{self.id}: no row {row_id!r}")


def _build_row(table_id: str, index: int, cells: Mapping[str, Any], inputs: Mapping[str, str]) -> Row:
    sets: dict[str, frozenset[str]] = {}
    ranges: dict[str, tuple[tuple[int, int], ...]] = {}
    for key, kind in inputs.items():
        raw = cells.get(key)
        if raw is None:
            continue
        text = str(raw)
        if kind == "range":
            ranges[key] = _parse_ranges(text)
        elif kind == "set":
            sets[key] = frozenset(normalize_token(v) for v in text.split(","))
        else:  # pragma: no cover - guarded by the table tests
            raise ValueError(f"{table_id}: unknown column kind {kind!r}")
    return Row(table_id, str(cells["id"]), index, dict(cells), sets, ranges)


@cache
def load_table(table_id: str) -> Table:
    """Load and cache one table by id, strictly (:func:`sarcoma._data.load_data`)."""
    doc = load_data(f"{table_id}.yaml")
    inputs = dict(doc.get("inputs", {}))
    rows = tuple(_build_row(doc["id"], i, cells, inputs) for i, cells in enumerate(doc.get("rows", [])))
    known = {"id", "title", "edition", "source", "notes", "inputs", "outputs", "rows", "last_modified"}
    return Table(
        id=doc["id"],
        title=doc["title"],
        edition=str(doc.get("edition", "")),
        source={k: str(v) for k, v in doc.get("source", {}).items()},
        notes=str(doc.get("notes", "")),
        inputs=inputs,
        outputs=tuple(doc.get("outputs", [])),
        rows=rows,
        extra={k: v for k, v in doc.items() if k not in known},
    )


def table_ids() -> list[str]:
    """Return the ids of every decision table shipped in ``sarcoma/data``."""
    folder = resources.files("sarcoma") / "data"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))
