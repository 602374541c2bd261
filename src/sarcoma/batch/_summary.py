"""The run summary a registrar can check: row counts by status, the top codes and where they occur.

Computed over the staged output, one chunk at a time as it is written: each chunk is grouped by
``status`` and ``message_codes`` with numpy over their dictionary codes (a few thousand groups per
million rows), with the count and the first row numbers of each group; the groups of all chunks are
then merged and split into codes in Python. Row numbers count data rows from 1, in input order (the
header is not a row).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._codes import CODE_SEPARATOR, CODES_COLUMN, catalogue

__all__ = ["FAIL_ON", "FIRST_ROWS", "TOP_CODES", "Summary", "render_summary"]

FIRST_ROWS = 5
"""Row numbers kept for each code."""
TOP_CODES = 10
"""Codes listed per kind (error, warning) in the summary."""
FAIL_ON = ("never", "error", "warning")
STATUSES = ("ok", "warning", "error")


@dataclass
class _Code:
    rows: int = 0
    first: list[int] = field(default_factory=list)


@dataclass
class Summary:
    """Counts and codes gathered chunk by chunk (:meth:`add`), then :meth:`to_dict`."""

    input: str = ""
    output: str = ""
    engine: str = "vectorized"
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    codes: dict[tuple[str, str], _Code] = field(default_factory=dict)
    rows: int = 0
    seconds: float = 0.0

    def add(self, table: pa.Table) -> None:
        """Count one output chunk (it needs ``status`` and ``message_codes``); rows number on from the last chunk."""
        groups = _groups(table["status"], table[CODES_COLUMN], self.rows + 1)
        kinds = {c.code: c.kind for c in catalogue()}
        for status, codes, n, first in groups:
            self.statuses[status] = self.statuses.get(status, 0) + n
            for code in dict.fromkeys((codes or "").split(CODE_SEPARATOR)):
                if not code:
                    continue
                entry = self.codes.setdefault((kinds.get(code, "error"), code), _Code())
                entry.rows += n
                entry.first = sorted([*entry.first, *first])[:FIRST_ROWS]
        self.rows += table.num_rows

    def reset(self) -> None:
        """Forget the counts (the run starts again)."""
        self.statuses, self.codes, self.rows = dict.fromkeys(STATUSES, 0), {}, 0

    def close(self) -> None:
        """Nothing to release (kept for callers that close the summary when a run ends)."""

    def failed(self, fail_on: str) -> bool:
        """Whether ``--fail-on`` asks for exit code 1 for this run."""
        if fail_on == "error":
            return self.statuses.get("error", 0) > 0
        if fail_on == "warning":
            return self.statuses.get("error", 0) + self.statuses.get("warning", 0) > 0
        return False

    def top(self, kind: str, limit: int = TOP_CODES) -> list[dict[str, Any]]:
        """The most frequent codes of ``kind``: code, rows and the first row numbers."""
        found = [(code, c) for (k, code), c in self.codes.items() if k == kind]
        found.sort(key=lambda item: (-item[1].rows, item[0]))
        return [{"code": code, "rows": c.rows, "first_rows": c.first} for code, c in found[:limit]]

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (what ``--summary-json`` writes)."""
        return {
            "input": self.input,
            "output": self.output,
            "engine": self.engine,
            "rows": self.rows,
            "ok": self.statuses.get("ok", 0),
            "warning": self.statuses.get("warning", 0),
            "error": self.statuses.get("error", 0),
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows / self.seconds) if self.seconds > 0 else None,
            "top_errors": self.top("error"),
            "top_warnings": self.top("warning"),
        }

    def write_json(self, path: Path) -> None:
        """Write :meth:`to_dict` to ``path``."""
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")


def _encoded(column: pa.ChunkedArray) -> tuple[np.ndarray, list[Any]]:
    """(code per row, distinct values): equal codes for equal values, nulls included; a dictionary column
    is re-encoded by its values, so that equal texts under different indices count together."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        values, indices = array.dictionary, array.indices
        if indices.null_count:
            values = pa.concat_arrays([values, pa.nulls(1, values.type)])
            indices = pc.fill_null(indices, len(values) - 1)
        encoded = pc.dictionary_encode(values, null_encoding="encode")
        return np.asarray(encoded.indices)[np.asarray(indices)], encoded.dictionary.to_pylist()
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    return np.asarray(encoded.indices), encoded.dictionary.to_pylist()


def _groups(status: pa.ChunkedArray, codes: pa.ChunkedArray, first_row: int) -> list[tuple[Any, Any, int, list[int]]]:
    """(status, codes, rows, first row numbers) for each distinct pair, rows numbered from ``first_row``.

    With numpy over the chunk's codes (no Python per row): a pair's first ``FIRST_ROWS`` rows are found
    in as many passes, each taking the first remaining row of every pair.
    """
    status_code, status_values = _encoded(status)
    codes_code, codes_values = _encoded(codes)
    pairs = status_code.astype(np.int64) * max(len(codes_values), 1) + codes_code
    encoded = pc.dictionary_encode(pa.array(pairs))
    key, distinct = np.asarray(encoded.indices), np.asarray(encoded.dictionary)
    counts = np.bincount(key, minlength=len(distinct))
    firsts: list[list[int]] = [[] for _ in distinct]
    rows, left = np.arange(len(key)), key
    for _ in range(FIRST_ROWS):
        if not len(rows):
            break
        first = np.full(len(distinct), -1, dtype=np.int64)
        first[left[::-1]] = rows[::-1]
        found = np.flatnonzero(first >= 0)
        for pair in found.tolist():
            firsts[pair].append(int(first[pair]) + first_row)
        keep = np.ones(len(rows), dtype=bool)
        keep[np.searchsorted(rows, first[found])] = False
        rows, left = rows[keep], left[keep]
    width = max(len(codes_values), 1)
    return [
        (status_values[int(d) // width], codes_values[int(d) % width], int(n), f)
        for d, n, f in zip(distinct, counts, firsts, strict=True)
    ]


def render_summary(summary: Summary, console: Any) -> None:
    """Print the summary for a person (a ``rich`` console, usually stderr)."""
    from rich.table import Table

    data = summary.to_dict()
    rate = f"{data['rows_per_second']:,} rows/s" if data["rows_per_second"] else "-"
    console.print(
        f"staged {data['rows']:,} row{'' if data['rows'] == 1 else 's'} in {data['seconds']:.2f} s ({rate}) "
        f"-> {data['output']}",
        soft_wrap=True,
        markup=False,
    )
    console.print(f"ok {data['ok']:,} · warning {data['warning']:,} · error {data['error']:,}", markup=False)
    for kind in ("error", "warning"):
        rows = data[f"top_{kind}s"]
        if not rows:
            continue
        table = Table(title=f"top {kind} codes", title_justify="left", show_edge=False)
        table.add_column("code")
        table.add_column("rows", justify="right")
        table.add_column("first rows (1 = first record)")
        for row in rows:
            table.add_row(row["code"], f"{row['rows']:,}", ", ".join(str(r) for r in row["first_rows"]))
        console.print(table)
