"""Decision tables: load the YAML rule tables and look rows up.

A table has typed input columns and output columns. Input cells are either ``set`` cells
(comma-separated values; an empty cell matches anything) or ``range`` cells (comma-separated
integers or inclusive ``low-high`` ranges). The first row whose every input cell matches wins,
as in the imsweb staging engine. Tables hold no code, so the same rows can be compiled to
vectorized and SQL engines.

A lookup does not scan the rows: each table is compiled once (:class:`_Index`) into one bit mask
of rows per column value (set cells) or per interval between range bounds (range cells); the
masks of the inputs are ANDed and the lowest set bit is the first matching row. This gives the
same row as the plain scan (:meth:`Row.matches` over ``rows`` in order), which a property test
checks on every shipped table.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from ._data import data_root, load_data
from .errors import NoMatchingRule

__all__ = ["Row", "Table", "load_table", "table_ids", "normalize_token"]


def normalize_token(value: object) -> str:
    """Normalize a set-cell or input value: strip, upper-case, underscores and hyphens to spaces."""
    if value.__class__ is str:
        token = _NORMAL.get(value)
        if token is not None:
            return token
    text = "" if value is None else str(value)
    token = " ".join(text.replace("_", " ").replace("-", " ").upper().split())
    if value.__class__ is str and token in _VOCABULARY and len(_NORMAL) < _MEMO_LIMIT * 8:
        _NORMAL[value] = token
    return token


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
    _texts: dict[str, str] = field(init=False, repr=False, compare=False)
    """The cells that are not blank, as text: what :meth:`get` returns."""

    def __post_init__(self) -> None:
        texts = {key: str(value) for key, value in self.cells.items() if value is not None and value != ""}
        object.__setattr__(self, "_texts", texts)

    def get(self, key: str, default: str = "") -> str:
        """Return an output (or input) cell as text, or ``default`` when it is blank."""
        return self._texts.get(key, default)

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


_MEMO_LIMIT = 512
"""Most raw spellings remembered per set column."""
_VOCABULARY: set[str] = set()
"""Every set-cell value of the tables compiled so far: a spelling is remembered only if it normalizes
to one of these, so the memos hold words of the data files, never other text a user typed."""
_NORMAL: dict[str, str] = {}
"""Raw spelling -> :func:`normalize_token` of it, for words of the data files (``_VOCABULARY``)."""


class _SetColumn:
    """One set column: the mask of rows each normalized value matches (rows with a blank cell match all)."""

    __slots__ = ("key", "by_token", "wild", "memo")

    def __init__(self, key: str, rows: tuple[Row, ...]) -> None:
        self.key = key
        self.wild = 0
        by_token: dict[str, int] = {}
        for pos, row in enumerate(rows):
            allowed = row.sets.get(key)
            if allowed is None:
                self.wild |= 1 << pos
                continue
            for token in allowed:
                by_token[token] = by_token.get(token, 0) | 1 << pos
        self.by_token = {token: mask | self.wild for token, mask in by_token.items()}
        _VOCABULARY.update(by_token)
        self.memo: dict[str | None, int] = {None: self.by_token.get("", self.wild)}
        """Raw text (or None) -> mask, for spellings of words in the data files (see ``_VOCABULARY``)."""

    def mask(self, value: object) -> int:
        """The rows that match ``value`` (the slow way; :meth:`_Index.first` reads ``memo`` first)."""
        if value.__class__ is str:
            token = normalize_token(value)
            found = self.by_token.get(token, self.wild)
            if token in _VOCABULARY and len(self.memo) < _MEMO_LIMIT:
                self.memo[value] = found
            return found
        return self.by_token.get(normalize_token(value), self.wild)


class _RangeColumn:
    """One range column: sorted interval starts and the mask of rows whose spans cover each interval."""

    __slots__ = ("key", "starts", "masks", "wild")

    def __init__(self, key: str, rows: tuple[Row, ...]) -> None:
        self.key = key
        self.wild = 0
        bounds: set[int] = set()
        for pos, row in enumerate(rows):
            spans = row.ranges.get(key)
            if spans is None:
                self.wild |= 1 << pos
                continue
            for low, high in spans:
                bounds.update((low, high + 1))
        self.starts = sorted(bounds)
        # between two consecutive bounds no span starts or ends, so one point stands for the interval
        self.masks = [self.wild | _covering(rows, key, start) for start in self.starts]

    def mask(self, value: object) -> int:
        if not isinstance(value, int):
            return self.wild
        at = bisect_right(self.starts, value) - 1
        return self.wild if at < 0 else self.masks[at]


def _covering(rows: tuple[Row, ...], key: str, value: int) -> int:
    mask = 0
    for pos, row in enumerate(rows):
        spans = row.ranges.get(key)
        if spans is not None and any(low <= value <= high for low, high in spans):
            mask |= 1 << pos
    return mask


class _Index:
    """A table compiled for lookups; built from one ``rows`` tuple and valid only for it."""

    __slots__ = ("rows", "sets", "ranges", "everything", "by_id", "selections")

    def __init__(self, rows: tuple[Row, ...]) -> None:
        self.rows = rows
        set_keys = dict.fromkeys(key for row in rows for key in row.sets)
        range_keys = dict.fromkeys(key for row in rows for key in row.ranges)
        self.everything = (1 << len(rows)) - 1
        sets = [_SetColumn(key, rows) for key in set_keys]
        ranges = [_RangeColumn(key, rows) for key in range_keys]
        # all-blank columns decide nothing
        self.sets = tuple((c.key, c.memo, c) for c in sets if c.wild != self.everything)
        self.ranges = tuple(c for c in ranges if c.wild != self.everything)
        self.by_id: dict[str, Row] = {}
        for row in rows:
            self.by_id.setdefault(row.id, row)
        self.selections: dict[int, tuple[Row, ...]] = {}
        """Mask -> its rows in order (masks come from the data, so there are few)."""

    def matching(self, inputs: Mapping[str, Any], *, named_only: bool = False) -> int:
        """The mask of every row whose input cells all match ``inputs`` (bit ``i`` is ``rows[i]``).

        A column missing from ``inputs`` is blank, as in :meth:`Row.matches`; with ``named_only`` it is
        left out instead (it matches every row).
        """
        mask = self.everything
        for key, memo, column in self.sets:
            if named_only and key not in inputs:
                continue
            value = inputs.get(key)
            found = memo.get(value, -1) if value.__class__ is str or value is None else -1
            mask &= found if found >= 0 else column.mask(value)
            if not mask:
                return 0
        for ranged in self.ranges:
            if named_only and ranged.key not in inputs:
                continue
            mask &= ranged.mask(inputs.get(ranged.key))
            if not mask:
                return 0
        return mask

    def first(self, inputs: Mapping[str, Any]) -> Row | None:
        """The first row whose every input cell matches ``inputs``, or ``None``."""
        mask = self.matching(inputs)
        return self.rows[(mask & -mask).bit_length() - 1] if mask else None

    def select(self, inputs: Mapping[str, Any]) -> tuple[Row, ...]:
        """Every row whose cells in the columns named by ``inputs`` match, in order."""
        mask = self.matching(inputs, named_only=True)
        rows = self.selections.get(mask)
        if rows is None:
            rows = tuple(row for pos, row in enumerate(self.rows) if mask >> pos & 1)
            self.selections[mask] = rows
        return rows


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

    @cached_property
    def citation(self) -> str:
        """One-line source: document, reference and date."""
        parts = [self.source.get("document", ""), self.source.get("reference", ""), self.source.get("date", "")]
        return "; ".join(p for p in parts if p)

    def _index(self) -> _Index:
        index: _Index | None = self.__dict__.get("_compiled")
        if index is None or index.rows is not self.rows:  # rebuilt if ``rows`` was swapped (a test's defect)
            index = _Index(self.rows)
            self.__dict__["_compiled"] = index  # a cache beside the frozen fields, not a field
        return index

    def lookup(self, **inputs: Any) -> Row | None:
        """Return the first row that matches, or ``None`` (the same row as scanning ``rows`` in order)."""
        index: _Index | None = self.__dict__.get("_compiled")
        if index is None or index.rows is not self.rows:
            index = self._index()
        return index.first(inputs)

    def require(self, **inputs: Any) -> Row:
        """Return the first row that matches, or raise :class:`NoMatchingRule` listing the inputs."""
        index: _Index | None = self.__dict__.get("_compiled")
        if index is None or index.rows is not self.rows:
            index = self._index()
        row = index.first(inputs)
        if row is None:
            shown = ", ".join(f"{k}={v!r}" for k, v in inputs.items())
            raise NoMatchingRule(f"no row of table {self.id} matches {shown}", inputs=inputs)
        return row

    def select(self, **inputs: Any) -> tuple[Row, ...]:
        """Every row whose cells in the named columns match, in order; columns not named are not read.

        ``select(site_group=group)`` gives a site group's rows of a table (a blank ``site_group`` cell
        matches every group), without scanning the rows.
        """
        return self._index().select(inputs)

    def row(self, row_id: str) -> Row:
        """Return the (first) row with this id."""
        row = self._index().by_id.get(row_id)
        if row is None:
            raise KeyError(f"{self.id}: no row {row_id!r}")
        return row


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
    folder = data_root()
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))
