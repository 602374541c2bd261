"""Read an mCODE (or plain FHIR R4) Bundle into a :class:`~sarcoma.StagingInput`.

The reader takes the primary cancer Condition (body site, histology extension), the TumorSize,
histologic grade, histologic behavior-and-type and TNM category Observations, and plain
Observations that carry the same codes. Every fact keeps the resource and element it came from,
so a missing, conflicting or out-of-scope fact is reported there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ...errors import ConflictingInput, OutOfScope, StagingError, UnknownSite
from ...staging import Notice, StageResult, StagingInput, edition_codes, in_default_edition, parse_input, stage
from . import _codes
from ._bundle import Reader, Res, aliases, canonical, entries, profiles, ref
from ._errors import FhirInputError, Issue
from ._facts import Bad, Found, codings, morphology_value, topography_value
from ._observations import observation_kind, read_observation
from ._validate import schema_issues

__all__ = ["Fact", "ReadReport", "bundle_to_case", "read_and_stage"]

_SKIP_STATUS = {"entered-in-error", "cancelled"}
T = TypeVar("T")
_BASIS_ORDER = ("recurrence", "post_therapy", "pathologic", "clinical")


class Fact(BaseModel):
    """Where one input field came from."""

    model_config = ConfigDict(frozen=True)

    field: str = Field(description="StagingInput field: site, histology, size_cm, size_mm, t, n, m, grade, basis.")
    value: str
    resource: str = Field(description="Type/id of the resource (or its fullUrl).")
    expression: str = Field(description="FHIRPath of the element from the Bundle root.")


class ReadReport(BaseModel):
    """What the reader used, from where, and what it assumed or ignored."""

    model_config = ConfigDict(frozen=True)

    facts: list[Fact]
    warnings: list[Notice]
    condition_ref: str | None = Field(None, description="Reference to the primary cancer Condition.")
    patient_ref: str | None = Field(None, description="Reference to the patient (the Condition's subject).")
    reported_stage: str | None = Field(None, description="A stage group the Bundle already held, if any.")


def _is_primary(res: Res) -> bool:
    r = res.resource
    if _codes.profile("primary_condition") in profiles(r):
        return True
    if _codes.profile("secondary_condition") in profiles(r):
        return False
    if any(
        isinstance(e, dict) and e.get("url") == _codes.profile("histology_extension") for e in r.get("extension") or []
    ):
        return True
    wanted = {(_codes.system(row["system"]), row["code"]) for row in _codes.codes()["primary_condition_codes"]}
    for _, coding in codings(r.get("code")):
        key = (coding.get("system"), str(coding.get("code", "")))
        if key in wanted or (key[0] == _codes.system("icd10cm") and key[1].upper().startswith("C")):
            return True
    return False


def _condition(entries: list[Res], reader: Reader) -> Res | None:
    conditions = [r for r in entries if r.type == "Condition"]
    primary = [r for r in conditions if _guard(reader, r, partial(_is_primary, r))]
    if len(primary) > 1:
        names = ", ".join(r.ref for r in primary)
        reader.issue(
            None,
            "Bundle.entry",
            f"the Bundle holds {len(primary)} primary cancer Conditions ({names}); send one tumor per Bundle",
            "business-rule",
        )
        return None
    if primary:
        return primary[0]
    if len(conditions) == 1 and _codes.profile("secondary_condition") not in profiles(conditions[0].resource):
        reader.warn(
            "fhir_condition_assumed",
            f"{conditions[0].ref} is not marked as a primary cancer condition; it was read as the primary tumor.",
        )
        return conditions[0]
    reader.issue(
        None,
        "Bundle.entry",
        "no primary cancer Condition (mCODE PrimaryCancerCondition) in the Bundle; "
        "send one with the body site and histology",
        "required",
    )
    return None


def _read_condition(cond: Res, reader: Reader) -> None:
    r = cond.resource
    for i, ext in enumerate(r.get("extension") or []):
        if isinstance(ext, dict) and ext.get("url") == _codes.profile("histology_extension"):
            try:
                reader.add(
                    "histology",
                    morphology_value(ext.get("valueCodeableConcept"), f"extension[{i}].valueCodeableConcept"),
                    cond,
                )
            except Bad as bad:
                reader.issue(cond, bad.element, bad.message, bad.code, "histology")
    sites: list[Any] = r["bodySite"] if isinstance(r.get("bodySite"), list) else []
    for i, site in enumerate(sites):
        try:
            found = topography_value(site, f"bodySite[{i}]")
        except Bad as bad:
            reader.issue(cond, bad.element, bad.message, bad.code, "site")
            return
        if found is not None:
            reader.add("site", found, cond)
            return
    for i, coding in codings(r.get("code")):
        code = str(coding.get("code", "")).strip().upper()
        if coding.get("system") == _codes.system("icd10cm") and code.startswith("C"):
            out = _codes.icd10cm_out_of_scope(code)
            if out is not None:
                reader.issue(cond, f"code.coding[{i}]", out["message"], "not-supported", "site")
                return
            topo = code[:3] + "." + code[4:5] if len(code) > 4 else code
            reader.add(
                "site", Found(topo, f"code.coding[{i}]", note=f"primary site {topo} taken from ICD-10-CM {code}"), cond
            )
            return
    reader.issue(
        cond,
        "bodySite",
        "the primary cancer Condition has no body site; send Condition.bodySite with an "
        "ICD-O-3 topography (e.g. C49.2) or a SNOMED CT body structure",
        "required",
        "site",
    )


def _subject_ok(res: Res, patient: str | None, reader: Reader) -> bool:
    subject = ref(res.resource.get("subject"))
    if subject is None:
        reader.issue(res, "subject", "subject is missing; every resource must name the patient it is about", "required")
        return False
    if patient is not None and canonical(subject, reader.known) != canonical(patient, reader.known):
        reader.issue(
            res,
            "subject.reference",
            f"subject {subject} is not the patient of the primary cancer Condition "
            f"({patient}); send one patient per Bundle",
            "conflict",
        )
        return False
    return True


def _pick(key: str, reader: Reader) -> tuple[Found, Res] | None:
    found = reader.found.get(key, [])
    values = {f.value for f, _ in found}
    if len(values) > 1:
        places = "; ".join(f"{f.value} in {r.ref} ({r.path}.{f.element})" for f, r in found)
        first = found[0]
        reader.issue(first[1], first[0].element, f"conflicting {key} values: {places}; send one", "conflict", key)
        return None
    return found[0] if found else None


def _choose_basis(reader: Reader) -> str:
    bases = {f.basis for key in ("t", "n", "m", "stage_group") for f, _ in reader.found.get(key, []) if f.basis}
    t_bases = {f.basis for f, _ in reader.found.get("t", []) if f.basis}
    for basis in _BASIS_ORDER:
        if basis in (t_bases or bases):
            return basis
    if reader.found.get("t") or reader.found.get("n") or reader.found.get("m"):
        reader.warn("fhir_basis_assumed", "The TNM observations do not say clinical or pathologic; clinical assumed.")
    return "clinical"


def _category(key: str, basis: str, reader: Reader) -> tuple[Found, Res] | None:
    found = reader.found.get(key, [])
    same = [(f, r) for f, r in found if f.basis == basis]
    generic = [(f, r) for f, r in found if f.basis in (None, "generic")]
    fallback = [(f, r) for f, r in found if f.basis == "clinical"] if key in ("n", "m") else []
    chosen = same or generic or fallback
    for f, r in found:
        if (f, r) not in chosen:
            reader.warn("fhir_other_basis", f"{r.ref}: {f.value} ({f.basis}) was not used for {basis} staging.")
    reader.found[key] = chosen
    return _pick(key, reader)


@dataclass
class CaseRead:
    """The fields read, where each came from, and the report."""

    fields: dict[str, Any]
    sources: dict[str, list[tuple[str, str]]]
    report: ReadReport


def _assemble(reader: Reader, cond: Res | None, patient: str | None) -> CaseRead:
    basis = _choose_basis(reader)
    fields: dict[str, Any] = {"basis": basis}
    sources: dict[str, list[tuple[str, str]]] = {}
    facts: list[Fact] = []

    def put(name: str, picked: tuple[Found, Res] | None, value: Any = None) -> None:
        if picked is None:
            return
        found, res = picked
        fields[name] = found.value if value is None else value
        sources.setdefault(name, []).append((res.ref, f"{res.path}.{found.element}"))
        facts.append(
            Fact(field=name, value=str(fields[name]), resource=res.ref, expression=f"{res.path}.{found.element}")
        )

    site = _pick("site", reader)
    put("site", site)
    if site is not None and site[0].sd2:
        put("schema_discriminator_2", site, site[0].sd2)
    put("histology", _pick("histology", reader))
    size = _pick("size", reader)
    if size is not None:
        number, unit = size[0].value.split()
        put("size_cm" if unit == "cm" else "size_mm", size, float(number))
    put("grade", _pick("grade", reader))
    for key in ("t", "n", "m"):
        put(key, _category(key, basis, reader))
    stage_group = _category("stage_group", basis, reader)
    report = ReadReport(
        facts=facts,
        warnings=reader.warnings,
        condition_ref=cond.ref if cond else None,
        patient_ref=patient,
        reported_stage=stage_group[0].value if stage_group else None,
    )
    return CaseRead(fields, sources, report)


_CRASHES = (TypeError, AttributeError, KeyError, IndexError, ValueError)


def _malformed(res: Res, reader: Reader) -> None:
    """Report a resource the reader could not walk, at the places the R4 JSON schema names."""
    if any(i.resource == res.ref and i.code == "structure" for i in reader.issues):
        return
    problems = schema_issues(res.resource)[:3]
    for path, message in problems:
        reader.issue(res, path, f"not valid FHIR R4: {message}", "structure")
    if not problems:
        reader.issue(res, "", "this resource could not be read; check it with `sarcoma fhir validate`", "structure")


def _guard(reader: Reader, res: Res, fn: Callable[[], T]) -> T | None:
    try:
        return fn()
    except _CRASHES:
        _malformed(res, reader)
        return None


def _observation(res: Res, reader: Reader, patient: str | None, cond_name: str | None) -> None:
    status = res.resource.get("status")
    if isinstance(status, str) and status in _SKIP_STATUS:
        return
    focus = [canonical(f, reader.known) for f in map(ref, res.resource.get("focus") or []) if f]
    if any(f.startswith("Condition/") and f != cond_name for f in focus):
        reader.warn("fhir_other_condition", f"{res.ref} is about another condition and was not used.")
        return
    kind = observation_kind(res.resource)
    if kind is not None and _subject_ok(res, patient, reader):
        read_observation(res, kind, reader)


def read_bundle(bundle: Any) -> CaseRead:
    """Read the facts of a Bundle; raise :class:`FhirInputError` listing every problem found."""
    reader = Reader()
    resources = entries(bundle, reader)
    reader.known = aliases(resources)
    cond = _condition(resources, reader) if resources else None
    patient = None
    if cond is not None:
        patient = _guard(reader, cond, lambda: ref(cond.resource.get("subject")))
        if _guard(reader, cond, lambda: _subject_ok(cond, None, reader)):
            _guard(reader, cond, lambda: _read_condition(cond, reader))
    cond_name = cond.ref if cond else None
    for res in resources:
        if res.type == "Observation":
            _guard(reader, res, partial(_observation, res, reader, patient, cond_name))
    read = _assemble(reader, cond, patient) if not reader.issues else None
    if reader.issues or read is None:
        raise FhirInputError(reader.issues)
    return read


_ISSUE_CODES: tuple[tuple[type[StagingError], str], ...] = (
    (OutOfScope, "not-supported"),
    (ConflictingInput, "conflict"),
    (UnknownSite, "code-invalid"),
)


def _locate(exc: StagingError, read: CaseRead) -> FhirInputError:
    code = next((c for cls, c in _ISSUE_CODES if isinstance(exc, cls)), "invalid")
    issues: list[Issue] = []
    for err in exc.errors:
        name = (err.get("field") or "").split(".")[0]
        names = [name]
        if name in ("size", "t") and "size" in (err.get("message") or ""):
            names = ["t", "size_cm", "size_mm"]
        if name == "size":
            names = ["size_cm", "size_mm"]
        if name == "schema_discriminator_2":
            names = ["site", "schema_discriminator_2"]
        places = [p for n in names for p in read.sources.get(n, [])]
        message = err.get("message") or exc.message
        if places:
            resource = " and ".join(dict.fromkeys(r for r, _ in places))
            issues.append(Issue(message, resource, places[0][1], code, name or None))
        else:
            issues.append(Issue(message, "Bundle", None, code, name or None))
    return FhirInputError(issues, reason=getattr(exc, "reason", None))


def read_and_stage(bundle: Any, edition: str | None = None) -> tuple[StagingInput, ReadReport, StageResult]:
    """Read a Bundle and stage it (AJCC 8); engine errors are reported at the resource they came from.

    ``edition``: the edition the caller stages the case in next. A T given in that edition's own
    terms (AJCC 7 T1a) is left out of this AJCC 8 staging (``in_default_edition``), not refused.
    """
    read = read_bundle(bundle)
    try:
        case = parse_input(read.fields)
        base = case.model_copy(update={"edition": edition}) if edition in edition_codes() else case
        result = stage(in_default_edition(base))
    except StagingError as exc:
        raise _locate(exc, read) from None
    return case, read.report, result


def bundle_to_case(bundle: dict[str, Any]) -> tuple[StagingInput, ReadReport]:
    """Turn a FHIR R4 Bundle into a staging case and a report of where each fact came from.

    Raises
    ------
    FhirInputError
        When a fact is missing, malformed, conflicting or out of scope, with the resource and
        element at fault (the case is checked with the staging engine before it is returned).
    """
    case, report, _ = read_and_stage(bundle)
    return case, report
