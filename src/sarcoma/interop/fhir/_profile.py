"""Layer 3 of validation: mCODE profile constraints, read from the package snapshots, run in FHIRPath.

For each profile a resource claims in ``meta.profile`` whose StructureDefinition is vendored under
``sarcoma/data/fhir/mcode/``, the snapshot is turned once into FHIRPath checks (fhirpathpy, R4
model): cardinality of every element, fixed and pattern codes, choice-type restrictions,
reference target types, slices discriminated by value or pattern (counted), bindings to value
sets that can be expanded offline (required and extensible), and the error-severity invariants.
What cannot be checked offline is listed in :data:`UNCHECKED` and in the data README.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import _codes

__all__ = ["Check", "profile_checks", "check_profiles", "UNCHECKED"]

UNCHECKED = (
    "slices discriminated by profile (hasMember:TNMCategory needs the referenced resource)",
    "bindings to intensional SNOMED CT value sets (descendent-of filters need a terminology server)",
    "invariants using FHIRPath functions fhirpathpy lacks (ele-1 hasValue(); skipped per expression)",
    "must-support flags (obligations on systems, not on instances)",
)

_FHIRPATH_CACHE: dict[str, Callable[..., Any] | None] = {}


@dataclass(frozen=True)
class Check:
    """One FHIRPath check: it passes when the expression is true (or empty)."""

    key: str
    expression: str
    message: str


def _quiet_trace(label: str, value: Any) -> None:
    """Swallow FHIRPath trace() output (dom-3 traces unmatched contained ids)."""


def _compiled(expression: str) -> Callable[..., Any] | None:
    if expression not in _FHIRPATH_CACHE:
        from fhirpathpy import compile as fp_compile
        from fhirpathpy.models import models

        try:
            _FHIRPATH_CACHE[expression] = fp_compile(expression, models["r4"], {"traceFn": _quiet_trace})
        except Exception:  # noqa: BLE001 - unsupported FHIRPath is skipped, see UNCHECKED
            _FHIRPATH_CACHE[expression] = None
    return _FHIRPATH_CACHE[expression]


def _lit(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _scoped(path: str, test: str) -> str:
    """Apply ``test`` to the element at ``path`` (``Observation.component.code``)."""
    parts = [p.replace("[x]", "") for p in path.split(".")[1:]]
    leaf, parents = parts[-1], parts[:-1]
    inner = test.replace("$leaf", leaf)
    return f"{'.'.join(parents)}.all({inner})" if parents else inner


def _value_set_codes(url: str) -> dict[str, set[str]] | None:
    """(system -> codes) for an enumerated value set we hold offline, else ``None``."""
    canonical = url.split("|")[0]
    external = _codes.codes().get("external_value_sets", {})
    if canonical in external:
        return {str(s): {str(c) for c in cs} for s, cs in external[canonical].items()}
    doc = _codes.mcode_resource("ValueSet-" + canonical.rsplit("/", 1)[-1])
    if doc is None:
        return None
    out: dict[str, set[str]] = {}
    for inc in doc.get("compose", {}).get("include", []):
        if "filter" in inc or "valueSet" in inc or not inc.get("concept"):
            return None
        out.setdefault(inc["system"], set()).update(c["code"] for c in inc["concept"])
    return out


def _in_value_set(codes_by_system: dict[str, set[str]]) -> str:
    terms = [
        f"(system = {_lit(s)} and ({' or '.join(f'code = {_lit(c)}' for c in sorted(cs))}))"
        for s, cs in sorted(codes_by_system.items())
    ]
    return " or ".join(terms)


def _pattern_test(value: Any) -> str | None:
    """FHIRPath test that ``$leaf`` matches a CodeableConcept/Coding pattern or a primitive."""
    if isinstance(value, str | int | bool):
        return f"$leaf = {_lit(str(value)) if isinstance(value, str) else json.dumps(value)}"
    if isinstance(value, dict) and isinstance(value.get("coding"), list):
        parts = [
            f"$leaf.coding.where(system = {_lit(c['system'])} and code = {_lit(c['code'])}).exists()"
            for c in value["coding"]
        ]
        return " and ".join(parts)
    if isinstance(value, dict) and "code" in value:
        return f"$leaf.where(system = {_lit(value.get('system', ''))} and code = {_lit(value['code'])}).exists()"
    return None


def _element_checks(name: str, el: dict[str, Any]) -> list[Check]:
    path, out = el["path"], []
    where = f"{name}: {el['id']}"
    if el.get("min", 0) >= 1:
        out.append(
            Check("min", _scoped(path, f"$leaf.count() >= {el['min']}"), f"{where}: at least {el['min']} required")
        )
    if el.get("max") not in (None, "*"):
        out.append(
            Check("max", _scoped(path, f"$leaf.count() <= {el['max']}"), f"{where}: at most {el['max']} allowed")
        )
    for key, value in el.items():
        if key.startswith(("fixed", "pattern")):
            test = _pattern_test(value)
            if test:
                out.append(Check(key, _scoped(path, f"$leaf.empty() or ({test})"), f"{where}: must match {key}"))
    types = [t["code"] for t in el.get("type", [])]
    if path.endswith("[x]") and types and path.count(".") == 1:
        allowed = " or ".join(f"$leaf.ofType({t}).exists()" for t in types)
        out.append(
            Check("type", _scoped(path, f"$leaf.empty() or {allowed}"), f"{where}: type must be {', '.join(types)}")
        )
    targets = [
        _codes.codes()["profile_types"].get(p.rsplit("/", 1)[-1], p.rsplit("/", 1)[-1])
        for t in el.get("type", [])
        if t["code"] == "Reference"
        for p in t.get("targetProfile", [])
    ]
    if targets and path.count(".") == 1:
        ok = " or ".join(
            f"reference.startsWith({_lit(t + '/')}) or reference.contains({_lit('/' + t + '/')})"
            for t in sorted(set(targets))
        )
        test = f"$leaf.all(reference.empty() or reference.startsWith('urn:') or reference.startsWith('#') or {ok})"
        out.append(
            Check("targetProfile", _scoped(path, test), f"{where}: must reference {', '.join(sorted(set(targets)))}")
        )
    binding = el.get("binding", {})
    vs = _value_set_codes(binding["valueSet"]) if binding.get("valueSet") else None
    if vs and "CodeableConcept" in types and binding.get("strength") in ("required", "extensible"):
        member = f"$leaf.coding.where({_in_value_set(vs)}).exists()"
        if binding["strength"] == "required":
            test = f"$leaf.empty() or {member}"
        else:
            systems = " or ".join(f"system = {_lit(s)}" for s in sorted(vs))
            test = f"$leaf.empty() or $leaf.coding.where({systems}).empty() or {member}"
        out.append(
            Check("binding", _scoped(path, test), f"{where}: {binding['strength']} binding to {binding['valueSet']}")
        )
    for c in el.get("constraint", []):
        if c.get("severity") == "error" and c.get("expression"):
            expr = c["expression"] if path.count(".") == 0 else _scoped(path, f"$leaf.all({c['expression']})")
            out.append(Check(c["key"], expr, f"{where}: {c['key']} {c.get('human', '')}".rstrip()))
    return out


def _slice_checks(name: str, el: dict[str, Any], base: dict[str, Any] | None) -> list[Check]:
    """Count members of a slice discriminated by url (extensions) or by pattern/binding on $this."""
    if base is None or path_depth(el["path"]) != 1:
        return []
    disc = base.get("slicing", {}).get("discriminator", [])
    leaf = el["path"].split(".")[-1]
    member: str | None = None
    if disc and disc[0].get("path") == "url":
        url = next((p for t in el.get("type", []) for p in t.get("profile", [])), None)
        member = f"{leaf}.where(url = {_lit(url)})" if url else None
    elif disc and disc[0].get("type") in ("pattern", "value") and disc[0].get("path") == "$this":
        pattern = next((v for k, v in el.items() if k.startswith("pattern")), None)
        vs = _value_set_codes(el["binding"]["valueSet"]) if el.get("binding", {}).get("valueSet") else None
        if isinstance(pattern, dict) and pattern.get("coding"):
            c = pattern["coding"][0]
            member = f"{leaf}.where(coding.where(system = {_lit(c['system'])} and code = {_lit(c['code'])}).exists())"
        elif vs:
            member = f"{leaf}.where(coding.where({_in_value_set(vs)}).exists())"
    if member is None:
        return []
    out = []
    if el.get("min", 0) >= 1:
        out.append(
            Check("slice-min", f"{member}.count() >= {el['min']}", f"{name}: {el['id']}: at least {el['min']} required")
        )
    if el.get("max") not in (None, "*"):
        out.append(
            Check("slice-max", f"{member}.count() <= {el['max']}", f"{name}: {el['id']}: at most {el['max']} allowed")
        )
    return out


def path_depth(path: str) -> int:
    """Number of dots in an element path (``Observation.code`` is 1)."""
    return path.count(".")


@cache
def profile_checks(profile_url: str) -> tuple[Check, ...] | None:
    """The checks for one profile URL, or ``None`` when its snapshot is not vendored."""
    name = profile_url.split("|")[0].rsplit("/", 1)[-1]
    sd = _codes.mcode_resource("StructureDefinition-" + name)
    if sd is None:
        return None
    elements = sd["snapshot"]["element"]
    by_id = {e["id"]: e for e in elements}
    checks: list[Check] = []
    for el in elements[1:]:
        if ":" in el["id"]:
            if el.get("sliceName") and el["id"].count(":") == 1 and "." not in el["id"].split(":")[1]:
                checks.extend(_slice_checks(name, el, by_id.get(el["id"].split(":")[0])))
            continue
        checks.extend(_element_checks(name, el))
    checks.extend(_element_checks(name, {**elements[0], "min": 0, "max": None}))
    return tuple(dict.fromkeys(checks))


def check_profiles(resource: dict[str, Any], where: str = "") -> list[str]:
    """Run the checks of every vendored profile the resource claims; return failure messages."""
    meta = resource.get("meta")
    claimed = meta.get("profile", []) if isinstance(meta, dict) else []
    problems: list[str] = []
    for url in claimed if isinstance(claimed, list) else []:
        checks = profile_checks(str(url))
        for check in checks or ():
            fn = _compiled(check.expression)
            if fn is None:
                continue
            try:
                result = fn(resource)
            except Exception:  # noqa: BLE001 - evaluation gaps are skipped like unsupported syntax
                continue
            if result not in ([], [True]):
                problems.append(f"{where}profile {check.message}")
    return problems
