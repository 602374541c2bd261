"""ICD-O-3 codes: the one reader of topography (C49.2) and morphology (8890/3) codes.

The patterns are the staging schema's (``data/schemas/ajcc8.yaml``: ``site.pattern`` for a
topography, ``histology.pattern`` for a morphology), so the staging engine, the SQL compiler, FHIR
and prognosis read codes alike.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from ._staging_schema import input_spec

__all__ = ["Morphology", "topography_pattern", "histology_pattern", "parse_topography", "parse_morphology"]


class Morphology(NamedTuple):
    """A morphology code and its behavior (``None`` when the code gave none)."""

    code: int
    behavior: int | None

    def text(self, default_behavior: int = 3) -> str:
        """``8890/3`` (the behavior defaults to malignant, /3)."""
        return f"{self.code}/{self.behavior if self.behavior is not None else default_behavior}"


@cache
def topography_pattern() -> str:
    """The pattern of a topography code, on the code upper-cased with spaces removed."""
    return input_spec("site").pattern or ""


@cache
def histology_pattern() -> str:
    """The pattern of a morphology code with an optional behavior digit."""
    return input_spec("histology").pattern or ""


def _compact(text: str) -> str:
    return text.strip().replace(" ", "").upper()


def parse_topography(text: str) -> int | None:
    """Return C49.2 as 492, or ``None`` if the text is not a topography code."""
    code = _compact(text)
    if not re.match(topography_pattern(), code):
        return None
    digits = code[1:].replace(".", "")
    return int(digits)


def topography_code(text: str) -> str | None:
    """``C49.2`` for C49.2, c492 or C 49.2; ``None`` if the text is not a topography code."""
    value = parse_topography(text)
    return None if value is None else f"C{value // 10:02d}.{value % 10}"


def parse_morphology(text: str) -> Morphology | None:
    """Return (8890, 3) for 8890/3, 88903 or (8890, None) for 8890; ``None`` if not a morphology code."""
    code = text.strip()
    if not re.match(histology_pattern(), code):
        return None
    digits = code.replace("/", "")
    return Morphology(int(digits[:4]), int(digits[4]) if len(digits) > 4 else None)
