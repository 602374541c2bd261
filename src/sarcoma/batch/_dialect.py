"""SQL dialects: the few functions whose spelling differs between DuckDB, PostgreSQL and Spark SQL.

Everything else the compiler writes (CASE, COALESCE, NULLIF, IN, BETWEEN, ``||``, CAST, ROUND,
UPPER, TRIM, REPLACE, SUBSTR, LENGTH, CONCAT_WS) is spelled the same in all three.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Dialect", "DIALECTS", "get_dialect"]


@dataclass(frozen=True)
class Dialect:
    """How one SQL engine spells text types, literals and regular expressions."""

    name: str
    text_type: str
    quote: str

    def lit(self, value: str) -> str:
        """A string literal. Spark reads backslash escapes; the others double the quote."""
        if self.name == "spark":
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + value.replace("'", "''") + "'"

    def ident(self, name: str) -> str:
        """A quoted identifier."""
        q = self.quote
        return q + name.replace(q, q + q) + q

    def char(self, code: int) -> str:
        """A one-character string by code point (Polars SQL has no ``chr``)."""
        return self.lit(chr(code)) if self.name == "polars" else f"chr({code})"

    def cast(self, expr: str, type_: str) -> str:
        """A cast of text already checked by a pattern (Polars evaluates every CASE branch, so it tries)."""
        return f"TRY_CAST({expr} AS {type_})" if self.name == "polars" else f"CAST({expr} AS {type_})"

    def text(self, expr: str) -> str:
        """Cast to text."""
        return f"CAST({expr} AS {self.text_type})"

    def match(self, expr: str, pattern: str) -> str:
        """Whether ``expr`` contains a match of ``pattern`` (anchor it with ^ and $ for a full match)."""
        if self.name == "postgres":
            return f"({expr} ~ {self.lit(pattern)})"
        if self.name == "spark":
            return f"({expr} RLIKE {self.lit(pattern)})"
        if self.name == "polars":
            return f"regexp_like({expr}, {self.lit(pattern)})"
        return f"regexp_matches({expr}, {self.lit(pattern)})"

    def sub(self, expr: str, pattern: str, replacement: str, every: bool = True) -> str:
        """Replace matches of ``pattern`` (all of them, or the first)."""
        if self.name == "spark":
            return f"regexp_replace({expr}, {self.lit(pattern)}, {self.lit(replacement)})"
        if self.name == "polars" and not every:
            return f"regexp_replace({expr}, {self.lit(pattern)}, {self.lit(replacement)})"
        flags = ", 'g'" if every else ""
        return f"regexp_replace({expr}, {self.lit(pattern)}, {self.lit(replacement)}{flags})"

    def contains(self, expr: str, char_code: int) -> str:
        """Whether ``expr`` contains the character with this code point."""
        if self.name == "spark":
            return f"(instr({expr}, chr({char_code})) > 0)"
        return f"(strpos({expr}, {self.char(char_code)}) > 0)"


DIALECTS = {
    "duckdb": Dialect("duckdb", "VARCHAR", '"'),
    "postgres": Dialect("postgres", "TEXT", '"'),
    "spark": Dialect("spark", "STRING", "`"),
    "polars": Dialect("polars", "VARCHAR", '"'),
}
"""duckdb, postgres and spark are supported; polars (Polars' SQL) exists only to measure it against DuckDB."""


def get_dialect(name: str) -> Dialect:
    """Return a dialect by name, or raise ``ValueError`` naming the choices."""
    try:
        return DIALECTS[name]
    except KeyError:
        raise ValueError(f"unknown SQL dialect {name!r}; use one of {', '.join(DIALECTS)}") from None
