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
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InvalidInput

__all__ = [
    "FORMULA_CHARS",
    "PLAIN_NUMBER",
    "BatchRunError",
    "PartialFile",
    "excel_safe_array",
    "excel_safe_sql",
    "excel_safe_text",
    "refuse_same_file",
]

FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""
PLAIN_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
"""A cell that is only a number stays as it is, even if it starts with + or -."""


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
