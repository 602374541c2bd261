"""Classify a staging-relevant Observation by its code and read its value into the Bundle reader."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import _codes
from ._facts import Bad, Found, category_value, codings, grade_value, morphology_value, size_value, text_of

if TYPE_CHECKING:
    from ._bundle import Reader, Res

__all__ = ["observation_kind", "read_observation"]

_STAGE = re.compile(r"(?:stage\s*)?\b(IV|I{1,3})([A-C])?\b")


def observation_kind(obs: dict[str, Any]) -> str | None:
    """Return t, n, m, stage_group, size, grade or histology for a staging-relevant Observation."""
    size = _codes.codes()["tumor_size"]
    for _, coding in codings(obs.get("code")):
        sys, code = coding.get("system"), str(coding.get("code", ""))
        row = _codes.observation_code(sys, code)
        if row is not None:
            return row.kind
        if sys == _codes.system("loinc") and code in (size["panel"], size["longest"]):
            return "size"
        for key, kind in (("grade_codes", "grade"), ("histology_codes", "histology")):
            if any(sys == _codes.system(r["system"]) and code == r["code"] for r in _codes.codes()[key]):
                return kind
    meta = obs.get("meta")
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    if isinstance(profiles, list) and _codes.profile("tumor_size") in profiles:
        return "size"
    return None


def _code_basis(obs: dict[str, Any]) -> str:
    for _, coding in codings(obs.get("code")):
        row = _codes.observation_code(coding.get("system"), str(coding.get("code", "")))
        if row is not None:
            return row.basis
    return "generic"


def _check_method(res: Res, reader: Reader) -> None:
    method = res.resource.get("method")
    for _, coding in codings(method):
        known = _codes.method_edition(coding.get("system"), str(coding.get("code", "")))
        if known is not None and known[0] != "8":
            reader.warn(
                "fhir_other_edition",
                f"{res.ref}: staged with {known[1]}; its value was checked against the AJCC 8th-edition categories.",
            )
            return


def _stage_value(obs: dict[str, Any]) -> Found | None:
    concept = obs.get("valueCodeableConcept")
    for i, coding in codings(concept):
        if coding.get("system") == _codes.system("snomed"):
            row = _codes.value_from_code(str(coding.get("code", "")))
            if row is not None and row["kind"] == "stage_group":
                return Found(row["value"], f"valueCodeableConcept.coding[{i}]")
        display = coding.get("display")
        match = _STAGE.search(display) if isinstance(display, str) else None
        if match:
            return Found(match.group(1) + (match.group(2) or ""), f"valueCodeableConcept.coding[{i}].display")
    text = text_of(concept)
    match = _STAGE.search(text) if text else None
    return Found(match.group(1) + (match.group(2) or ""), "valueCodeableConcept.text") if match else None


def _category(res: Res, kind: str, reader: Reader) -> None:
    obs = res.resource
    code_basis = _code_basis(obs)
    _check_method(res, reader)
    found = category_value(kind, obs) if kind != "stage_group" else _stage_value(obs)
    if found is None:
        if kind != "stage_group":
            reader.warn("fhir_value_absent", f"{res.ref}: the {kind.upper()} value is marked absent; not used.")
        return
    if found.basis and code_basis != "generic" and found.basis != code_basis:
        raise Bad(
            found.element,
            f"the value's prefix says {found.basis} but Observation.code says {code_basis}; "
            "the prefix must agree with the code",
            "conflict",
        )
    reader.add(kind, replace(found, basis=found.basis or code_basis), res)


def read_observation(res: Res, kind: str, reader: Reader) -> None:
    """Read one Observation of a known kind; problems become issues at its elements."""
    obs = res.resource
    fields = {
        "t": "t",
        "n": "n",
        "m": "m",
        "stage_group": None,
        "size": "size",
        "grade": "grade",
        "histology": "histology",
    }
    try:
        if kind in ("t", "n", "m", "stage_group"):
            _category(res, kind, reader)
        elif kind == "size":
            reader.add("size", size_value(obs), res)
        elif kind == "grade":
            found = grade_value(obs)
            if found is not None:
                reader.add("grade", found, res)
        elif kind == "histology":
            reader.add("histology", morphology_value(obs.get("valueCodeableConcept"), "valueCodeableConcept"), res)
    except Bad as bad:
        reader.issue(res, bad.element, bad.message, bad.code, fields[kind])
