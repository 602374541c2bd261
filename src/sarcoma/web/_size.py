"""Read a tumor size the way reports and people write it: "5 cm", "50 mm", "5,5", "8 x 5 x 4 cm", '2"'.

Used by the guided size question, the one-page form and the URL case reader. Errors are in plain
words for the person typing (never a field code), and the reading is explained back when it is not
obvious: the greatest of several dimensions is used, and inches are converted to centimetres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInput
from ..staging import MAX_SIZE_MM

__all__ = ["INCH_MM", "ParsedSize", "SizeError", "parse_size", "size_fields"]

INCH_MM = 25.4
UNITS = ("cm", "mm", "in")
_UNIT_WORDS = {
    "cm": "cm",
    "cms": "cm",
    "centimeter": "cm",
    "centimeters": "cm",
    "centimetre": "cm",
    "centimetres": "cm",
    "mm": "mm",
    "mms": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "in": "in",
    "ins": "in",
    "inch": "in",
    "inches": "in",
    '"': "in",
}
_UNIT_NAMES = {"cm": "cm", "mm": "mm", "in": "inches"}
_NUMBER = r"\d+(?:[.,]\d+)?|[.,]\d+"
_UNIT = r'(?:centimet(?:er|re)s?|millimet(?:er|re)s?|inch(?:es)?|cms?|mms?|ins?|")'
_PART = re.compile(rf"^\s*({_NUMBER})\s*({_UNIT})?\s*$")
_SEPARATOR = re.compile(r"\s*(?:x|×|\*|by)\s*")
_HELP = "Type the size as a number, such as 8 or 8.5. You can add cm, mm or in, or give all three sizes as 8 x 5 x 4."


class SizeError(InvalidInput):
    """A size the reader cannot use; ``message`` is a plain sentence for the person who typed it."""

    def __init__(self, message: str, field: str = "size") -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class ParsedSize:
    """The size that will be staged, in the unit it was given, and how it was read."""

    value: float
    """The greatest dimension, in ``unit``."""
    unit: str
    """cm, mm or in."""
    dimensions: tuple[float, ...]
    """Every number given, in ``unit``."""

    @property
    def mm(self) -> float:
        """The greatest dimension in millimetres."""
        return self.value * {"cm": 10.0, "mm": 1.0, "in": INCH_MM}[self.unit]

    def fields(self) -> dict[str, Any]:
        """Staging fields: ``size_cm`` for cm, ``size_mm`` for mm and inches (converted, 0.1 mm)."""
        if self.unit == "cm":
            return {"size_cm": self.value}
        if self.unit == "mm":
            return {"size_mm": self.value}
        return {"size_mm": round(self.value * INCH_MM, 1)}

    def notes(self) -> list[str]:
        """Sentences that say how the size was read, when that is not obvious (else empty)."""
        found: list[str] = []
        name = _UNIT_NAMES[self.unit]
        if len(self.dimensions) > 1:
            given = " x ".join(_num(d) for d in self.dimensions)
            found.append(f"You gave {given} {name}. We used the greatest, {_num(self.value)} {name}.")
        if self.unit == "in":
            found.append(f"{_num(self.value)} inches is about {_num(round(self.mm / 10, 1))} cm.")
        return found


def _num(value: float) -> str:
    return f"{value:g}"


def _read_number(text: str) -> float:
    return float(text.replace(",", "."))


def _normalise(text: str) -> str:
    text = text.strip().lower()
    for quote in ("″", "”", "“", "''"):
        text = text.replace(quote, '"')
    return re.sub(r"\s+", " ", text)


def parse_size(text: str, unit: str = "cm") -> ParsedSize:
    """Read ``text`` as a size; ``unit`` is the chosen unit, used when the text names none.

    A unit written in the text wins over ``unit``. Raise :class:`SizeError` with a plain message.
    """
    if unit not in UNITS:
        raise SizeError("Choose the unit: centimetres, millimetres or inches.", field="unit")
    cleaned = _normalise(text)
    if not cleaned:
        raise SizeError("Type the size, or leave the box empty if you do not know it.")
    if cleaned.startswith("-"):
        raise SizeError("The size must be more than 0. " + _HELP)
    parts = _SEPARATOR.split(cleaned)
    numbers: list[float] = []
    units: set[str] = set()
    for part in parts:
        match = _PART.match(part)
        if match is None:
            raise SizeError(f"We could not read “{text.strip()[:40]}” as a size. {_HELP}")
        numbers.append(_read_number(match.group(1)))
        if match.group(2):
            units.add(_UNIT_WORDS[match.group(2)])
    if len(units) > 1:
        raise SizeError("Use one unit for all the sizes, such as 8 x 5 x 4 cm.")
    if len(numbers) > 3:
        raise SizeError("Give at most three sizes, such as 8 x 5 x 4 cm.")
    used = units.pop() if units else unit
    greatest = max(numbers)
    if min(numbers) <= 0:
        raise SizeError("The size must be more than 0. " + _HELP)
    parsed = ParsedSize(value=greatest, unit=used, dimensions=tuple(numbers))
    if parsed.mm > MAX_SIZE_MM:
        raise SizeError(
            f"{_num(greatest)} {_UNIT_NAMES[used]} is more than 300 cm, which is not a possible tumor size. "
            "Check the number and the unit."
        )
    return parsed


def size_fields(text: str, unit: str = "cm") -> dict[str, Any]:
    """Staging fields for a typed size (empty when nothing was typed): the one call the case reader makes."""
    if not text.strip():
        return {}
    return parse_size(text, unit or "cm").fields()


def size_answer(text: str, unit: str = "cm") -> str:
    """The size as given and as used, for "Your answers": '8 x 5 x 4 cm (greatest: 8 cm)', '2 inches (about 5.1 cm)'."""
    try:
        parsed = parse_size(text, unit or "cm")
    except SizeError:
        return text
    name = _UNIT_NAMES[parsed.unit]
    shown = " x ".join(_num(d) for d in parsed.dimensions) + f" {name}"
    if len(parsed.dimensions) > 1:
        shown += f" (greatest: {_num(parsed.value)} {name})"
    if parsed.unit == "in":
        shown += f" (about {_num(round(parsed.mm / 10, 1))} cm)"
    return shown
