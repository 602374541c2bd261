"""Code maps for FHIR: read once from ``sarcoma/data/fhir/*.yaml``."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..._data import load_data

__all__ = [
    "ObsCode",
    "data_file",
    "codes",
    "system",
    "profile",
    "observation_code",
    "observation_code_for",
    "method_edition",
    "value_code",
    "value_from_code",
    "grade_from_code",
    "body_site",
    "wall_site",
    "icd10cm_out_of_scope",
    "morphology",
    "fhir_schema",
    "mcode_resource",
]


def data_file(name: str) -> Any:
    """Return a traversable for ``sarcoma/data/fhir/<name>``."""
    return resources.files("sarcoma") / "data" / "fhir" / name


@cache
def _yaml(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = load_data(f"fhir/{name}")
    return loaded


def codes() -> dict[str, Any]:
    """The staging code document (``staging_codes.yaml``)."""
    return _yaml("staging_codes.yaml")


def system(key: str) -> str:
    """Return the URI of a code system by its short key (``snomed``, ``loinc``, ...)."""
    return str(codes()["systems"][key])


def profile(key: str) -> str:
    """Return an mCODE profile URL by its short key (``stage_group``, ``t``, ...)."""
    return str(codes()["profiles"][key])


@dataclass(frozen=True)
class ObsCode:
    """One staging Observation.code: what it stages (kind) and the AJCC classification (basis)."""

    kind: str
    basis: str
    snomed: str
    snomed_display: str
    loinc: str
    loinc_display: str


@cache
def _obs_codes() -> tuple[ObsCode, ...]:
    return tuple(ObsCode(**{k: str(v) for k, v in row.items()}) for row in codes()["observation_codes"])


def observation_code(system_uri: str | None, code: str | None) -> ObsCode | None:
    """Return the staging code row for a coding, or ``None`` if it is not a TNM staging code."""
    for row in _obs_codes():
        if (system_uri == system("snomed") and code == row.snomed) or (
            system_uri == system("loinc") and code == row.loinc
        ):
            return row
    return None


def observation_code_for(kind: str, basis: str) -> ObsCode:
    """Return the staging code row for a kind and basis (clinical, pathologic or generic)."""
    for row in _obs_codes():
        if row.kind == kind and row.basis == basis:
            return row
    raise KeyError(f"no staging code for {kind}/{basis}")


def method_edition(system_uri: str | None, code: str | None) -> tuple[str, str] | None:
    """Return (edition, display) for a staging method coding, or ``None``."""
    for row in codes()["methods"]:
        if system_uri == system(row["system"]) and code == row["code"]:
            return str(row["edition"]), str(row["display"])
    return None


def value_code(kind: str, basis: str, value: str) -> dict[str, str] | None:
    """Return the SNOMED value row (code, status) for a category value, or ``None``."""
    for row in _yaml("value_codes.yaml")["values"]:
        if row["kind"] == kind and row["value"] == value and row["basis"] in (basis, "any"):
            return {k: str(v) for k, v in row.items()}
    return None


def value_from_code(code: str) -> dict[str, str] | None:
    """Return the value row (kind, basis, value) for a SNOMED value code, or ``None``."""
    for row in _yaml("value_codes.yaml")["values"]:
        if row["code"] == code:
            return {k: str(v) for k, v in row.items()}
    return None


def grade_from_code(code: str) -> dict[str, str] | None:
    """Return the grade row for a SNOMED grade code, or ``None``."""
    for row in _yaml("value_codes.yaml")["grades"]:
        if row["code"] == code:
            return {k: str(v) for k, v in row.items()}
    return None


def body_site(code: str) -> dict[str, str] | None:
    """Return the body-site row (topography, optional sd2) for a SNOMED body structure code."""
    for row in _yaml("site_codes.yaml")["body_sites"]:
        if row["code"] == code:
            return {k: str(v) for k, v in row.items()}
    return None


def wall_site(topography: str, sd2: str | None) -> dict[str, str] | None:
    """The SNOMED body structure that carries schema discriminator 2 for a topography, if any."""
    if sd2 is None:
        return None
    for row in _yaml("site_codes.yaml")["body_sites"]:
        if row["topography"] == topography and str(row.get("sd2", "")) == sd2:
            return {k: str(v) for k, v in row.items()}
    return None


def morphology(code: str) -> dict[str, str] | None:
    """Return the morphology row (icdo3) for a SNOMED morphology code."""
    for row in _yaml("site_codes.yaml")["morphologies"]:
        if row["code"] == code:
            return {k: str(v) for k, v in row.items()}
    return None


def icd10cm_out_of_scope(code: str) -> dict[str, str] | None:
    """Return the out-of-scope row for an ICD-10-CM code, or ``None``."""
    for row in _yaml("site_codes.yaml")["icd10cm_out_of_scope"]:
        if code.upper().startswith(row["prefix"]):
            return {k: str(v) for k, v in row.items()}
    return None


@cache
def fhir_schema() -> dict[str, Any]:
    """The official FHIR R4 JSON schema (vendored, gzip-compressed)."""
    with data_file("fhir.schema.json.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        loaded: dict[str, Any] = json.load(text)
    return loaded


@cache
def mcode_resource(name: str) -> dict[str, Any] | None:
    """A vendored mCODE StructureDefinition or ValueSet by file stem, or ``None`` if not vendored."""
    path = data_file("mcode") / f"{name}.json"
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
