"""Compile decision tables into SQL CASE expressions.

A table's rows become one ``CASE WHEN <row 0 matches> THEN 0 WHEN <row 1 matches> THEN 1 ... END``
that yields the index of the first matching row (first match wins, as in the per-row engine), and
each output column becomes ``CASE <index> WHEN 0 THEN <cell> ... END``. Set cells become ``IN``
lists of normalized tokens; range cells become ``BETWEEN`` chains. Inputs known when compiling
(``Const``) are decided at compile time, so rows that cannot match are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .._tables import Row, Table, load_table, normalize_token
from ._dialect import Dialect

__all__ = ["Const", "Plan", "TableCase", "normalize_sql", "template_sql"]


@dataclass(frozen=True)
class Const:
    """An input value known when compiling."""

    value: str | int


def normalize_sql(d: Dialect, expr: str) -> str:
    """SQL for :func:`sarcoma._tables.normalize_token` on printable-ASCII text (NULL stays NULL)."""
    spaced = f"replace(replace(upper({expr}), '_', ' '), '-', ' ')"
    return f"trim({d.sub(spaced, ' +', ' ')})"


def template_sql(d: Dialect, template: str, values: Mapping[str, str]) -> str:
    """SQL concatenation for a ``str.format`` template; ``values`` maps placeholders to SQL text."""
    parts: list[str] = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2:
            parts.append(values[piece])
        elif piece:
            parts.append(d.lit(piece))
    return "(" + " || ".join(parts or ["''"]) + ")"


def _cell_sql(d: Dialect, row: Row, key: str, expr: str | Const) -> str | bool:
    """SQL for one input cell, or a bool when it is decided at compile time."""
    if key in row.sets:
        allowed = row.sets[key]
        if isinstance(expr, Const):
            return normalize_token(expr.value) in allowed
        return f"{expr} IN ({', '.join(d.lit(v) for v in sorted(allowed))})"
    if key in row.ranges:
        spans = row.ranges[key]
        if isinstance(expr, Const):
            return isinstance(expr.value, int) and any(lo <= expr.value <= hi for lo, hi in spans)
        ors = [f"{expr} = {lo}" if lo == hi else f"{expr} BETWEEN {lo} AND {hi}" for lo, hi in spans]
        return "(" + " OR ".join(ors) + ")"
    return True


@dataclass
class TableCase:
    """A table compiled against input expressions: the matching-row index and its output cells."""

    dialect: Dialect
    table: Table
    index_col: str
    offset: int = 0
    rows: list[Row] = field(default_factory=list)

    @classmethod
    def build(
        cls, d: Dialect, table_id: str, inputs: Mapping[str, str | Const], index_col: str, offset: int = 0
    ) -> tuple[TableCase, str]:
        """Compile ``table_id``; return the case and the SQL for its matching-row index (NULL: none).

        Set inputs must be SQL for normalized tokens with blank as ``''``; range inputs SQL integers.
        Indexes are ``offset`` plus the row's position, so that several tables can share one column.
        """
        table = load_table(table_id)
        case = cls(d, table, index_col, offset)
        whens: list[str] = []
        for row in table.rows:
            conds = [_cell_sql(d, row, k, inputs.get(k, Const(""))) for k in table.inputs]
            if any(c is False for c in conds):
                continue
            sql = [c for c in conds if isinstance(c, str)]
            case.rows.append(row)
            if not sql:
                whens.append(f"ELSE {offset + row.index}")
                break
            whens.append(f"WHEN {' AND '.join(sql)} THEN {offset + row.index}")
        if not whens:
            return case, "CAST(NULL AS INTEGER)"
        if whens[0].startswith("ELSE"):
            return case, str(offset + case.rows[0].index)
        return case, "CASE " + " ".join(whens) + " END"

    def out(self, column: str, rows: list[Row] | None = None) -> str:
        """SQL for an output column of the matched row (NULL for a blank cell or no match)."""
        pairs = [(self.offset + r.index, r.get(column)) for r in (rows if rows is not None else self.rows)]
        whens = [f"WHEN {i} THEN {self.dialect.lit(v)}" for i, v in pairs if v]
        if not whens:
            return f"CAST(NULL AS {self.dialect.text_type})"
        return f"CASE {self.index_col} " + " ".join(whens) + " END"

    def where(self, predicate: str) -> str:
        """SQL: the matched row is one of those whose cells satisfy ``predicate`` (``column=value``)."""
        column, _, value = predicate.partition("=")
        hits = [str(self.offset + r.index) for r in self.rows if r.get(column) == value]
        return f"{self.index_col} IN ({', '.join(hits)})" if hits else "FALSE"


@dataclass
class Plan:
    """Named SQL expressions in layers; a layer may use only the names of earlier layers."""

    layers: list[list[tuple[str, str]]] = field(default_factory=lambda: [[]])

    def add(self, name: str, expr: str) -> str:
        """Define ``name`` in the current layer and return the name."""
        self.layers[-1].append((name, expr))
        return name

    def next(self) -> None:
        """Start a new layer."""
        self.layers.append([])

    def select(self, d: Dialect, source: str, final: list[tuple[str, str]]) -> str:
        """Nest the layers over ``source`` and select the ``final`` (name, expression) pairs."""
        sql = source
        # PostgreSQL would pull the subqueries up and copy each expression into every use of it;
        # OFFSET 0 keeps each layer a separate step.
        fence = "\nOFFSET 0" if d.name == "postgres" else ""
        for i, layer in enumerate(x for x in self.layers if x):
            cols = ", ".join(f"{expr} AS {name}" for name, expr in layer)
            sql = f"SELECT *, {cols}\nFROM {sql} AS _l{i}" if i else f"SELECT *, {cols}\nFROM {sql}"
            sql = f"(\n{sql}{fence}\n)"
        cols = ",\n  ".join(f"{expr} AS {d.ident(name)}" for name, expr in final)
        return f"SELECT\n  {cols}\nFROM {sql} AS _staged"
