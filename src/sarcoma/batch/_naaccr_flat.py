"""NAACCR flat (fixed-width) input: the items batch staging reads, cut from their columns.

The start columns are data (``data/naaccr/flat_layout.yaml``, NAACCR v18 flat layout, the last fixed-width
layout NAACCR published). The file is read in blocks of bytes; each block's lines become one Arrow
binary array over the memory-mapped file (line ends found with numpy, no copy), and each item is
cut from every line at once (``binary_slice``), so no Python code runs per line. Columns are named
by NAACCR XML id (``primarySite`` ...), so the NAACCR mapping of :mod:`._naaccr` applies as for
NAACCR XML. A line shorter than the last column read is kept as a row with a reader error.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._messages import entry
from .._tables import load_table
from ..errors import InvalidInput
from ._formats import Source
from ._sql import ROW_ERROR_COLUMN

__all__ = ["BLOCK_BYTES", "flat_layout", "open_naaccr_flat"]

BLOCK_BYTES = 32 << 20


def flat_layout() -> list[tuple[str, int, int]]:
    """(NAACCR XML id, start column counted from 1, length) of each item read."""
    return [
        (r.get("naaccr_id"), int(r.get("start")), int(r.get("length"))) for r in load_table("naaccr/flat_layout").rows
    ]


def _short(line: int, found: int, needed: int) -> str:
    text = entry("naaccr_flat_short_line").get("message")
    return text.format(line=line, found=found, needed=needed)


def _text(column: pa.Array) -> pa.Array:
    """Cut bytes as text: ASCII and UTF-8 as they are; other bytes as U+FFFD, which the ASCII check refuses."""
    try:
        return column.cast(pa.string())
    except pa.ArrowInvalid:
        return pa.array([None if v is None else v.decode("utf-8", "replace") for v in column.to_pylist()], pa.string())


def _batch(raw: pa.Array, first: int, layout: list[tuple[str, int, int]], needed: int) -> pa.RecordBatch:
    """One row per line of ``raw`` (each line with its line end, if any)."""
    ends = pc.cast(pc.ends_with(raw, b"\n"), pa.int64())
    ends = pc.add(ends, pc.cast(pc.ends_with(pc.binary_slice(raw, 0, -1), b"\r"), pa.int64()))
    lengths = np.asarray(pc.subtract(pc.binary_length(raw), ends))
    arrays = []
    for _, start, length in layout:
        cut = pc.binary_slice(raw, start - 1, start - 1 + length).cast(pa.binary())
        arrays.append(pc.utf8_trim_whitespace(_text(cut)))
    short = np.flatnonzero(lengths < needed)
    errors: list[str | None] = [None] * len(raw)
    for i in short:
        errors[i] = _short(first + int(i), int(lengths[i]), needed)
    arrays.append(pa.array(errors, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=[*(n for n, _, _ in layout), ROW_ERROR_COLUMN])


def _blocks(path: Path) -> Iterator[pa.Array]:
    """The file's lines, about ``BLOCK_BYTES`` at a time, as binary arrays over the mapped file (no copy)."""
    with path.open("rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    data = np.frombuffer(mapped, dtype=np.uint8)
    buffer = pa.py_buffer(mapped)
    size, pos = len(data), 0
    while pos < size:
        end = min(pos + BLOCK_BYTES, size)
        ends = np.flatnonzero(data[pos:end] == 10) + pos
        while not len(ends) and end < size:  # a line longer than a block
            end = min(end + BLOCK_BYTES, size)
            ends = np.flatnonzero(data[pos:end] == 10) + pos
        stops = ends + 1
        if end == size and (not len(ends) or ends[-1] != size - 1):
            stops = np.append(stops, size)  # a last line without a line end
        offsets = np.concatenate([[pos], stops]).astype(np.int64)
        yield pa.Array.from_buffers(pa.large_binary(), len(stops), [None, pa.py_buffer(offsets), buffer])
        pos = int(stops[-1])


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
        number = 1
        for lines in _blocks(path):
            yield _batch(lines, number, layout, needed)
            number += len(lines)

    return Source(path, "naaccr-flat", columns, schema, batches)
