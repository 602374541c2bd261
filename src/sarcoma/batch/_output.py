"""Safe output files: never the input, written whole or not at all, and safe to open in a spreadsheet.

- :func:`refuse_same_file` stops a run whose output is its input (same inode, so also through a
  symlink, a hard link or another spelling of the path) before anything is opened for writing.
- :class:`PartialFile` writes beside the target, in the same folder, under a hidden name
  ``.<name>.partial-<random>``, and renames it onto the target only when every row is written
  (an atomic ``os.replace``). Any failure removes it. A killed process (``kill -9``) can leave that
  hidden partial file, but never a file with the target's name that looks complete; the previous
  output, if any, is untouched until the rename.
- Excel safety (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return gets a leading ``'`` in CSV output, unless the whole cell is a plain number
  such as ``-3`` or ``+4.5e2`` (a number cannot run as a formula). Typed (numeric, date) columns are
  never changed. :func:`excel_safe_array` does it with Arrow compute and :func:`excel_safe_sql` with a
  SQL ``CASE`` for engines that write CSV themselves; both give the same text.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InvalidInput

__all__ = [
    "MIN_MEMORY",
    "FORMULA_CHARS",
    "PLAIN_NUMBER",
    "BatchRunError",
    "PartialFile",
    "check_memory_limit",
    "run_failures",
    "excel_safe_array",
    "excel_safe_sql",
    "excel_safe_text",
    "refuse_same_file",
]

FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""
PLAIN_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
"""A cell that is only a number stays as it is, even if it starts with + or -."""


MIN_MEMORY = "512MB"
"""The smallest ``--memory-limit`` the vectorized engine is run with: it stages about a million rows
at a time and DuckDB writes them out (measured: 1M-row CSV to CSV fails at 256MB, runs at 512MB)."""
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30}
_UNITS["tib"] = 2**40


class BatchRunError(ValueError):
    """A run that failed after it started (out of memory, disk full); no output file is left.

    .. versionadded:: 0.2
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refuse_same_file(source: Path, out: Path) -> None:
    """Refuse an output path that is the input file, or a folder."""
    if out.is_dir():
        raise InvalidInput(f"{out}: is a folder; give an output file name such as {out / 'staged.csv'}")
    try:
        same = out.exists() and os.path.samefile(source, out)
    except OSError:
        same = False
    if same:
        raise InvalidInput(f"{out}: the output is the input file {source}; write the output to another file")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class PartialFile:
    """A hidden file beside ``target`` that becomes ``target`` on :meth:`commit` and is removed on :meth:`discard`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        folder = target.parent if str(target.parent) else Path(".")
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.partial-", dir=folder)
        os.close(fd)
        self.path = Path(name)
        os.chmod(self.path, 0o666 & ~_umask())

    def commit(self) -> None:
        """Put the finished file in place of the target in one step."""
        os.replace(self.path, self.target)

    def discard(self) -> None:
        """Remove the unfinished file."""
        self.path.unlink(missing_ok=True)


_QUOTE = pa.scalar("'", pa.large_string())


def excel_safe_array(text: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Prefix ``'`` to cells that would start a formula (text columns only; numbers stay)."""
    first = pc.utf8_slice_codeunits(text, 0, 1)
    risky = pc.fill_null(pc.is_in(first, value_set=pa.array(FORMULA_CHARS, first.type)), False)
    if not pc.any(risky).as_py():
        return text
    risky = pc.and_(risky, pc.invert(pc.fill_null(pc.match_substring_regex(text, PLAIN_NUMBER), False)))
    prefixed = pc.binary_join_element_wise(_QUOTE.cast(text.type), text, pa.scalar("", text.type))
    return pc.if_else(risky, prefixed, text)


def excel_safe_text(value: str) -> str:
    """The same rule for one string (column names in a CSV header)."""
    import re

    if value[:1] in FORMULA_CHARS and not re.match(PLAIN_NUMBER, value):
        return "'" + value
    return value


def excel_safe_sql(expr: str) -> str:
    """The same rule as a DuckDB ``CASE`` expression over a text expression."""
    chars = "".join(FORMULA_CHARS).replace("'", "''")
    starts = f"strpos('{chars}', left({expr}, 1)) > 0 AND length({expr}) > 0"
    return (
        f"CASE WHEN {starts} AND NOT regexp_full_match({expr}, '{PLAIN_NUMBER[1:-1]}') "
        f"THEN '''' || {expr} ELSE {expr} END"
    )


def _bytes(text: str) -> int | None:
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]i?b|b)\s*", text, re.IGNORECASE)
    if match is None:
        return None
    return int(float(match[1]) * _UNITS[match[2].lower()])


def check_memory_limit(text: str) -> str:
    """A memory limit DuckDB can run the engine with, such as ``2GB``; refuse others with the minimum."""
    size = _bytes(text)
    if not size:
        raise InvalidInput(f"--memory-limit {text!r}: give a size such as 2GB or 512MB")
    minimum = _bytes(MIN_MEMORY)
    assert minimum is not None
    if size < minimum:
        raise InvalidInput(
            f"--memory-limit {text}: the engine needs at least {MIN_MEMORY} (it stages about a million rows at a time)"
        )
    return text.strip()


@contextmanager
def run_failures(memory_limit: str = "") -> Iterator[None]:
    """Turn a failure after the run started into :class:`BatchRunError` with one line (no output is left)."""
    from ._reading import BatchIntegrityError

    try:
        yield
    except BatchIntegrityError as exc:
        raise BatchRunError(exc.message) from None
    except MemoryError:
        raise BatchRunError("the run ran out of memory; free memory or stage the file in parts") from None
    except OSError as exc:
        raise BatchRunError(f"the output could not be written ({exc.strerror or exc})") from None
    except Exception as exc:
        if type(exc).__name__ != "OutOfMemoryException":
            raise
        limit = memory_limit or "the memory limit"
        raise BatchRunError(f"DuckDB ran out of memory under --memory-limit {limit}; raise it (default 2GB)") from None
