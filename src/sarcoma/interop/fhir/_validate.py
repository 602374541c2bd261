"""Validate FHIR resources three ways: R4B models, the official R4 JSON schema, mCODE profiles.

1. ``fhir.resources.R4B`` (pydantic) parses the resource: structure, data types, unknown elements.
2. The official FHIR R4 JSON schema (``fhir.schema.json``, vendored) checks it with ``jsonschema``:
   R4 element names, required-binding code enums, primitive formats.
3. The mCODE profiles it claims (``meta.profile``) are checked from the package snapshots in
   FHIRPath (see :mod:`._profile`).

A Bundle is checked as a whole by layers 1 and 2 and entry by entry by layer 3.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from . import _codes
from ._profile import check_profiles

__all__ = ["validate_resource", "model_errors", "schema_errors", "schema_issues"]


def model_errors(resource: dict[str, Any]) -> list[str]:
    """Layer 1: parse with the ``fhir.resources.R4B`` model for the resource type."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    kind = resource.get("resourceType")
    try:
        model = get_fhir_model_class(str(kind))
    except (KeyError, ValueError):
        return [f"model: resourceType {kind!r} is not a FHIR resource type"]
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        return [
            f"model: {'.'.join(str(p) for p in err['loc']) or kind}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
    return []


@cache
def _validator(kind: str, shallow: bool) -> Any:
    """A validator for one resource type; ``shallow`` leaves contained/entry resources to the caller."""
    import jsonschema

    definitions = dict(_codes.fhir_schema()["definitions"])
    if kind not in definitions:
        return None
    if shallow:  # Bundle.entry.resource is a oneOf over every resource type: check each entry by its own type
        definitions["ResourceList"] = {"type": "object", "required": ["resourceType"]}
    return jsonschema.Draft6Validator({"$ref": f"#/definitions/{kind}", "definitions": definitions})


def _schema_messages(resource: dict[str, Any], prefix: str, shallow: bool) -> list[str]:
    kind = str(resource.get("resourceType"))
    validator = _validator(kind, shallow)
    if validator is None:
        return [f"schema: {prefix}resourceType {kind!r} is not in the FHIR R4 schema"]
    out = []
    for err in sorted(validator.iter_errors(resource), key=lambda e: list(map(str, e.absolute_path))):
        where = prefix + (".".join(str(p) for p in err.absolute_path) or kind)
        message = err.message if len(err.message) <= 200 else err.message[:197] + "..."
        out.append(f"schema: {where}: {message}")
    return out


def schema_issues(resource: dict[str, Any]) -> list[tuple[str, str]]:
    """(FHIRPath-like element path, message) for each R4 JSON schema error of one resource."""
    validator = _validator(str(resource.get("resourceType")), False)
    if validator is None:
        return [("resourceType", f"{resource.get('resourceType')!r} is not a FHIR R4 resource type")]
    out = []
    for err in validator.iter_errors(resource):
        parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path]
        message = err.message if len(err.message) <= 160 else err.message[:157] + "..."
        out.append(("".join(parts).lstrip("."), message))
    return sorted(out)


def schema_errors(resource: dict[str, Any]) -> list[str]:
    """Layer 2: validate against the official FHIR R4 JSON schema (a Bundle entry by entry)."""
    if resource.get("resourceType") != "Bundle":
        return _schema_messages(resource, "", shallow=False)
    out = _schema_messages(resource, "", shallow=True)
    for i, entry in enumerate(resource.get("entry") or []):
        inner = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(inner, dict):
            out += _schema_messages(inner, f"entry.{i}.resource.", shallow=False)
    return out


def validate_resource(resource: dict[str, Any]) -> list[str]:
    """Return every problem found by the three layers; an empty list means the resource passes.

    Parameters
    ----------
    resource
        A FHIR R4 resource as a JSON-ready dict (a Bundle is checked with all its entries).
    """
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return ["model: not a FHIR resource (no resourceType)"]
    problems = model_errors(resource) + schema_errors(resource)
    problems += check_profiles(resource)
    if resource["resourceType"] == "Bundle":
        for i, entry in enumerate(resource.get("entry") or []):
            inner = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(inner, dict):
                label = f"{inner.get('resourceType')}/{inner.get('id', '?')}"
                problems += check_profiles(inner, f"entry[{i}] ({label}): ")
    return problems
