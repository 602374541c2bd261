"""The Bundle being read: its entries, how to name them, and the reader's running state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...staging import Notice
from ._errors import Issue
from ._facts import Found

__all__ = ["Res", "Reader", "entries", "ref", "profiles", "aliases", "canonical"]


@dataclass
class Res:
    """One Bundle entry's resource and how to name and find it."""

    index: int
    resource: dict[str, Any]
    full_url: str | None

    @property
    def type(self) -> str:
        return str(self.resource.get("resourceType"))

    @property
    def ref(self) -> str:
        rid = self.resource.get("id")
        if isinstance(rid, str) and rid:
            return f"{self.type}/{rid}"
        return self.full_url or f"{self.type} (entry {self.index})"

    @property
    def path(self) -> str:
        return f"Bundle.entry[{self.index}].resource"

    def keys(self) -> set[str]:
        keys = {self.ref}
        if self.full_url:
            keys.add(self.full_url)
            keys.add("/".join(self.full_url.rstrip("/").split("/")[-2:]))
        return keys


@dataclass
class Reader:
    """Collects candidate facts, warnings and issues while reading one Bundle."""

    issues: list[Issue] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    found: dict[str, list[tuple[Found, Res]]] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)

    def issue(self, res: Res | None, element: str, message: str, code: str = "invalid", fld: str | None = None) -> None:
        expression = f"{res.path}.{element}" if res is not None and element else (res.path if res else element)
        self.issues.append(Issue(message, res.ref if res else "Bundle", expression or None, code, fld))

    def warn(self, code: str, message: str) -> None:
        if all(w.message != message for w in self.warnings):
            self.warnings.append(Notice(code=code, message=message))

    def add(self, key: str, found: Found, res: Res) -> None:
        self.found.setdefault(key, []).append((found, res))
        if found.note:
            self.warn("fhir_mapped", f"{res.ref}: {found.note}.")


def entries(bundle: Any, reader: Reader) -> list[Res]:
    if not isinstance(bundle, dict):
        reader.issue(None, "", "the request body is not a JSON object; send a FHIR R4 Bundle", "structure")
        return []
    kind = bundle.get("resourceType")
    if kind != "Bundle":
        reader.issue(
            None,
            "Bundle.resourceType" if kind is None else "resourceType",
            f"expected resourceType 'Bundle', got {kind!r}; wrap the resources in a FHIR R4 Bundle",
            "structure",
        )
        return []
    raw = bundle.get("entry")
    if not isinstance(raw, list) or not raw:
        reader.issue(None, "Bundle.entry", "the Bundle has no entries", "required")
        return []
    out: list[Res] = []
    for i, entry in enumerate(raw):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            reader.issue(None, f"Bundle.entry[{i}].resource", "entry has no resource with a resourceType", "structure")
            continue
        full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
        out.append(Res(i, resource, full_url))
    return out


def ref(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("reference"), str):
        return str(value["reference"])
    return None


def profiles(resource: dict[str, Any]) -> list[str]:
    meta = resource.get("meta")
    found = meta.get("profile") if isinstance(meta, dict) else None
    return [str(p).split("|")[0] for p in found] if isinstance(found, list) else []


_TYPED = re.compile(r"(?:^|/)([A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def aliases(resources: list[Res]) -> dict[str, str]:
    """Every way an entry can be referenced (fullUrl, Type/id) mapped to its canonical name."""
    return {key: res.ref for res in resources for key in res.keys()}


def canonical(reference: str, known: dict[str, str]) -> str:
    """The canonical name of a reference: the entry it resolves to, else its ``Type/id`` tail."""
    if reference in known:
        return known[reference]
    match = _TYPED.search(reference)
    if match:
        return known.get(match.group(1), match.group(1))
    return reference
