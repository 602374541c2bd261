"""Read single facts out of FHIR elements: T/N/M values, sizes, grades, sites and morphologies.

Each reader returns the value and where it came from, or raises :class:`_Bad` with the element
(relative to the resource) and a one-line message; the Bundle reader adds the resource location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..._icdo import parse_morphology, parse_topography
from . import _codes

__all__ = [
    "Bad",
    "Found",
    "PREFIX_BASIS",
    "codings",
    "category_value",
    "size_value",
    "grade_value",
    "topography_value",
    "morphology_value",
    "text_of",
]

PREFIX_BASIS = {"c": "clinical", "p": "pathologic", "yp": "post_therapy", "yc": "post_therapy", "r": "recurrence"}
"""AJCC prefix to the StagingInput basis."""

_CATEGORY = r"(yp|yc|c|p|r)?\s?({axis})(X|is|[0-4])([a-d])?"
_FNCLCC = re.compile(r"(?i)\bFNCLCC\s*(?:grade\s*|G)?([123X])\b")


class Bad(ValueError):
    """A fact that cannot be read: ``element`` is relative to the resource."""

    def __init__(self, element: str, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.element = element
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Found:
    """A value read from one element, with an optional note (a warning for the report)."""

    value: str
    element: str
    basis: str | None = None
    note: str | None = None
    sd2: str | None = None


def codings(concept: Any) -> list[tuple[int, dict[str, Any]]]:
    """The (index, coding) pairs of a CodeableConcept, tolerating malformed input."""
    if not isinstance(concept, dict) or not isinstance(concept.get("coding"), list):
        return []
    return [(i, c) for i, c in enumerate(concept["coding"]) if isinstance(c, dict)]


def text_of(concept: Any) -> str | None:
    """The CodeableConcept.text, if it is a non-blank string."""
    if isinstance(concept, dict) and isinstance(concept.get("text"), str) and concept["text"].strip():
        return str(concept["text"]).strip()
    return None


def _parse_category(axis: str, text: str, whole: bool) -> tuple[str, str | None] | None:
    pattern = _CATEGORY.format(axis=axis)
    if whole:
        match = re.fullmatch(pattern, text.strip(), re.IGNORECASE)
    else:
        match = re.search(r"(?<![A-Za-z0-9])" + pattern + r"(?![A-Za-z0-9])", text)
    if not match:
        return None
    prefix = match.group(1).lower() if match.group(1) else None
    body = match.group(3).upper() if match.group(3).lower() != "is" else "is"
    return axis.upper() + body + (match.group(4) or "").lower(), prefix


def _with_prefix(parsed: tuple[str, str | None], element: str, note: str | None) -> Found:
    value, prefix = parsed
    if value.endswith("is"):
        raise Bad(element, f"{value} (in situ) is not a soft tissue sarcoma category", "value")
    return Found(value, element, PREFIX_BASIS.get(prefix) if prefix else None, note)


_ABSENT = Found("", "")
"""Marker: the value is coded as absent (data-absent-reason)."""


def _from_coding(kind: str, coding: dict[str, Any], element: str) -> Found | None:
    axis = kind.upper()
    sys, code = coding.get("system"), str(coding.get("code", ""))
    if sys == _codes.system("data_absent_reason"):
        return _ABSENT
    row = _codes.value_from_code(code) if sys == _codes.system("snomed") else None
    if row is not None:
        if row["kind"] != kind:
            raise Bad(element, f"SNOMED {code} is a {row['kind'].upper()} value, not a {axis} value", "value")
        return Found(row["value"], element, row["basis"] if row["basis"] != "any" else None)
    parsed = _parse_category(axis, code, whole=True) if sys == _codes.system("ajcc") else None
    if parsed:
        return _with_prefix(parsed, element, None)
    display = coding.get("display")
    parsed = _parse_category(axis, display, whole=False) if isinstance(display, str) else None
    if parsed:
        shown = f"{parsed[1] or ''}{parsed[0]}"
        return _with_prefix(
            parsed, element, f"{sys} code {code} is not in the code list; {shown} read from its display"
        )
    return None


def category_value(kind: str, obs: dict[str, Any]) -> Found | None:
    """Read a T, N or M value (``kind`` t/n/m). ``None`` when the value is marked absent."""
    axis = kind.upper()
    concept = obs.get("valueCodeableConcept")
    for i, coding in codings(concept):
        found = _from_coding(kind, coding, f"valueCodeableConcept.coding[{i}]")
        if found is not None:
            return None if found is _ABSENT else found
    texts = [(text_of(concept), "valueCodeableConcept.text"), (obs.get("valueString"), "valueString")]
    for text, element in texts:
        if isinstance(text, str) and text.strip():
            parsed = _parse_category(axis, text, whole=True) or _parse_category(axis, text, whole=False)
            if parsed:
                return _with_prefix(parsed, element, None)
            raise Bad(element, f"{text!r} is not an AJCC {axis} category such as {axis}0 or {axis}1", "value")
    if concept is None and obs.get("valueString") is None:
        if "dataAbsentReason" in obs:
            return None
        message = f"the {axis} category has no value; send valueCodeableConcept (text such as c{axis}0)"
        raise Bad("value[x]", message, "required")
    raise Bad("valueCodeableConcept", f"no coding or text gives an AJCC {axis} category", "value")


def _quantity_mm(q: Any, element: str) -> tuple[float, str]:
    if not isinstance(q, dict) or not isinstance(q.get("value"), int | float) or isinstance(q.get("value"), bool):
        raise Bad(f"{element}.value", "the size has no numeric value", "required")
    unit = str(q.get("code") or q.get("unit") or "").strip()
    units = _codes.codes()["tumor_size"]
    if unit.lower() in [u.lower() for u in units["inches"]]:
        raise Bad(
            f"{element}.code",
            f"size unit {unit!r} (inches) is not accepted; send the size in cm or mm (UCUM code cm or mm)",
            "value",
        )
    if unit not in units["units"]:
        shown = repr(unit) if unit else "missing"
        raise Bad(f"{element}.code", f"size unit {shown} is not understood; use UCUM cm or mm", "value")
    return float(q["value"]), unit


def size_value(obs: dict[str, Any]) -> Found:
    """Read the greatest tumor dimension from a TumorSize (or plain size) Observation."""
    longest = _codes.codes()["tumor_size"]["longest"]
    for i, comp in enumerate(obs.get("component") or []):
        if not isinstance(comp, dict):
            continue
        if any(c.get("code") == longest for _, c in codings(comp.get("code"))):
            value, unit = _quantity_mm(comp.get("valueQuantity"), f"component[{i}].valueQuantity")
            return Found(f"{value:g} {unit}", f"component[{i}].valueQuantity")
    if "valueQuantity" in obs:
        value, unit = _quantity_mm(obs["valueQuantity"], "valueQuantity")
        return Found(f"{value:g} {unit}", "valueQuantity")
    raise Bad("component", f"no longest-dimension component (LOINC {longest}) with a valueQuantity", "required")


def grade_value(obs: dict[str, Any]) -> Found | None:
    """Read a histologic grade; ``None`` when marked absent. An explicit FNCLCC text wins over a code."""
    concept = obs.get("valueCodeableConcept")
    text = text_of(concept)
    explicit = _FNCLCC.search(text) if text else None
    if explicit:
        return Found(explicit.group(1).upper(), "valueCodeableConcept.text")
    for i, coding in codings(concept):
        element = f"valueCodeableConcept.coding[{i}]"
        if coding.get("system") == _codes.system("data_absent_reason"):
            return None
        if coding.get("system") == _codes.system("snomed"):
            row = _codes.grade_from_code(str(coding.get("code", "")))
            if row is not None:
                return Found(row["grade"], element)
    if text is not None:
        cleaned = re.sub(r"(?i)\bFNCLCC\b", "", text).strip(" :,-")
        return Found(cleaned, "valueCodeableConcept.text")
    for key in ("valueString", "valueInteger"):
        if key in obs and not isinstance(obs[key], bool):
            return Found(str(obs[key]).strip(), key)
    if "dataAbsentReason" in obs:
        return None
    raise Bad("value[x]", "the grade has no value; send valueCodeableConcept (e.g. text 'FNCLCC grade 2')", "required")


def topography_value(site: Any, element: str) -> Found | None:
    """Read a primary site from one Condition.bodySite CodeableConcept; ``None`` if it has nothing."""
    walls = [
        _codes.body_site(str(c.get("code", ""))) for _, c in codings(site) if c.get("system") == _codes.system("snomed")
    ]
    for i, coding in codings(site):
        code = str(coding.get("code", "")).strip().upper()
        if coding.get("system") == _codes.system("icdo3") and parse_topography(code) is not None:
            topo = code if "." in code else f"{code[:3]}.{code[3:]}"
            sd2 = next((w["sd2"] for w in walls if w and w.get("sd2") and w["topography"] == topo), None)
            return Found(topo, f"{element}.coding[{i}]", sd2=sd2)
    for i, coding in codings(site):
        code = str(coding.get("code", "")).strip()
        if coding.get("system") == _codes.system("snomed"):
            row = _codes.body_site(code)
            if row is not None:
                note = f"SNOMED body site {code} ({row['display']}) read as ICD-O-3 topography {row['topography']}"
                return Found(row["topography"], f"{element}.coding[{i}]", note=note, sd2=row.get("sd2"))
    text = text_of(site)
    if text is not None:
        return Found(text, f"{element}.text")
    pairs = [f"{c.get('system')}|{c.get('code')}" for _, c in codings(site)]
    if pairs:
        raise Bad(
            element,
            f"body site {', '.join(pairs)} is not a code Sarcoma Navigator can map; send an ICD-O-3 "
            f"topography (system {_codes.system('icdo3')}, e.g. C49.2)",
            "code-invalid",
        )
    return None


def morphology_value(concept: Any, element: str) -> Found:
    """Read an ICD-O-3 morphology (or a mapped SNOMED morphology) from a CodeableConcept."""
    for i, coding in codings(concept):
        if coding.get("system") == _codes.system("icdo3"):
            return Found(str(coding.get("code", "")).strip(), f"{element}.coding[{i}]")
    for i, coding in codings(concept):
        code = str(coding.get("code", "")).strip()
        if coding.get("system") == _codes.system("snomed"):
            row = _codes.morphology(code)
            if row is not None:
                note = f"SNOMED morphology {code} ({row['display']}) read as ICD-O-3 {row['icdo3']}"
                return Found(row["icdo3"], f"{element}.coding[{i}]", note=note)
            display = f" ({coding['display']})" if isinstance(coding.get("display"), str) else ""
            raise Bad(
                f"{element}.coding[{i}]",
                f"SNOMED morphology {code}{display} is not one Sarcoma Navigator "
                "can map to ICD-O-3; send the ICD-O-3 morphology code (e.g. 8890/3)",
                "not-supported",
            )
    text = text_of(concept)
    if text is not None and (morphology := parse_morphology(text)) is not None and morphology.behavior is not None:
        return Found(text, f"{element}.text")
    raise Bad(
        element, f"no ICD-O-3 morphology code (system {_codes.system('icdo3')}, e.g. 8890/3) was found", "required"
    )
