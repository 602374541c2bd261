"""NAACCR flat (fixed-width) input: the items batch staging reads, cut from their columns.

The start columns are data (``data/naaccr/flat_layout.yaml``, NAACCR v18 flat layout, the last
fixed-width layout NAACCR published). The file is read in blocks of bytes; each block's lines become
one Arrow binary array, and each item is cut from every line at once (``binary_slice``), so no
Python code runs per item. Columns are named by NAACCR XML id (``primarySite`` ...), so the NAACCR
mapping of :mod:`._naaccr` applies as for NAACCR XML. A line shorter than the last column read is
kept as a row with a reader error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._tables import load_table
from ..errors import InvalidInput
from ._formats import Source
from ._sql import ROW_ERROR_COLUMN

__all__ = ["BLOCK_BYTES", "flat_layout", "open_naaccr_flat"]

BLOCK_BYTES = 8 << 20


def flat_layout() -> list[tuple[str, int, int]]:
    """(NAACCR XML id, start column counted from 1, length) of each item read."""
    return [
        (r.get("naaccr_id"), int(r.get("start")), int(r.get("length"))) for r in load_table("naaccr/flat_layout").rows
    ]


def _short(line: int, found: int, needed: int) -> str:
    text = load_table("batch/message_codes").require(code="naaccr_flat_short_line").get("message")
    return text.format(line=line, found=found, needed=needed)


def _text(column: pa.Array) -> pa.Array:
    """Cut bytes as text: ASCII and UTF-8 as they are; other bytes as U+FFFD, which the ASCII check refuses."""
    try:
        return column.cast(pa.string())
    except pa.ArrowInvalid:
        return pa.array([None if v is None else v.decode("utf-8", "replace") for v in column.to_pylist()], pa.string())


def _batch(lines: list[bytes], first: int, layout: list[tuple[str, int, int]], needed: int) -> pa.RecordBatch:
    raw = pa.array(lines, pa.binary())
    raw = pc.if_else(pc.ends_with(raw, b"\r"), pc.binary_slice(raw, 0, -1), raw)
    lengths = np.asarray(pc.binary_length(raw))
    arrays = []
    for _, start, length in layout:
        cut = pc.utf8_trim_whitespace(_text(pc.binary_slice(raw, start - 1, start - 1 + length)))
        arrays.append(cut)
    short = np.flatnonzero(lengths < needed)
    errors: list[str | None] = [None] * len(lines)
    for i in short:
        errors[i] = _short(first + int(i), int(lengths[i]), needed)
    arrays.append(pa.array(errors, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=[*(n for n, _, _ in layout), ROW_ERROR_COLUMN])


def open_naaccr_flat(path: Path) -> Source:
    """Open a NAACCR flat file as a source of one row per line (a last empty line is not a row)."""
    layout = flat_layout()
    needed = max(start + length - 1 for _, start, length in layout)
    with path.open("rb") as f:
        head = f.read(needed + 2)
    if not head.strip():
        raise InvalidInput(f"{path}: the file is empty")
    columns = [name for name, _, _ in layout]
    schema = pa.schema([pa.field(c, pa.string()) for c in [*columns, ROW_ERROR_COLUMN]])

    def batches() -> Iterator[pa.RecordBatch]:
        number, rest = 1, b""
        with path.open("rb") as f:
            while block := f.read(BLOCK_BYTES):
                lines = (rest + block).split(b"\n")
                rest = lines.pop()
                if lines:
                    yield _batch(lines, number, layout, needed)
                    number += len(lines)
        if rest:
            yield _batch([rest], number, layout, needed)

    return Source(path, "naaccr-flat", columns, schema, batches)
