"""The c/p/yp/r prefix of each T, N and M code, read from the ``basis`` table (AJCC 8 general rules).

One rule for every interface: the library, the CLI, the API, the web pages and FHIR all write
their codes through :func:`tnm_codes`, and a recurrence (the web's "has it come back?" answer, or
the treatment API's ``recurrent``) picks its basis with :func:`basis_for`.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from .._staging_schema import check_text
from .._tables import Row, load_table
from ..errors import InvalidInput
from ._model import Basis
from ._result import TNMCode
from ._site import parse_histology

__all__ = ["basis_for", "tnm_codes", "prefix_for", "structured_fields", "histology_code"]


def basis_for(given: Basis | str | None, *, recurrent: bool = False) -> Basis:
    """The staging basis: a tumor that came back is staged as a recurrence (r), whatever else was given."""
    if recurrent:
        return Basis.recurrence
    if not given:
        return Basis.clinical
    if isinstance(given, Basis):
        return given
    _, error = check_text("basis", given)
    if error is not None:
        raise InvalidInput(error, field="basis")
    return Basis(given)


@cache
def prefix_for(axis: str, basis: Basis, category: str, examined: bool) -> str:
    """The prefix for one code, from the first matching row of the basis table."""
    table = load_table("basis")
    row = table.require(axis=axis, basis=basis.value, category=category, examined="yes" if examined else "no")
    return row.get("prefix")


@lru_cache(maxsize=1024)
def _m_proven(m: str, m_raw: str | None) -> bool:
    """Distant spread given as proven on pathology (a ``proven`` row of ``nodes_metastasis``)."""
    row = load_table("nodes_metastasis").lookup(axis="m", value=m_raw or "")
    return row is not None and row.get("proven") == "yes" and row.get("category") == m


def _prefixes(basis: Basis, t: str, n: str, m: str, n_given: bool, m_proven: bool) -> tuple[str, str, str]:
    return prefix_for("t", basis, t, True), prefix_for("n", basis, n, n_given), prefix_for("m", basis, m, m_proven)


def tnm_codes(basis: Basis, t: str, n: str, m: str, *, n_given: bool, m_raw: str | None) -> str:
    """``pT2 pN0 cM0``: each category with the prefix the basis table gives it.

    ``n_given`` says N was stated (N0/N1), so nodes count as examined for pN/ypN; ``m_raw`` is the
    M value as given, so ``pM1`` (proven on pathology) keeps its p.
    """
    prefixes = _prefixes(basis, t, n, m, n_given, _m_proven(m, m_raw))
    return " ".join(p + c for p, c in zip(prefixes, (t, n, m), strict=True))


@cache
def _label(axis: str, category: str, site_group: str) -> str:
    if axis == "t":
        return load_table("t_categories").require(site_group=site_group, t=category).get("label")
    return load_table("category_labels").require(axis=axis, category=category).get("label")


@cache
def _code(axis: str, prefix: str, category: str, known: bool, site_group: str) -> TNMCode:
    """One frozen code, built once per distinct value (a result shares it)."""
    return TNMCode.model_validate(
        {
            "axis": axis,
            "prefix": prefix,
            "category": category,
            "code": prefix + category,
            "known": known,
            "label": _label(axis, category, site_group),
        }
    )


@lru_cache(maxsize=1024)
def histology_code(histology: str | None) -> str | None:
    """``8890/3`` for a morphology given as 8890/3, 88903 or 8890 (behavior 3 when not given)."""
    if histology is None:
        return None
    morphology, behavior = parse_histology(histology)
    return f"{morphology}/{3 if behavior is None else behavior}"


def structured_fields(
    basis: Basis,
    histology: str | None,
    m_raw: str | None,
    site_group: str,
    t: str,
    n: str,
    m: str,
    grade: str,
    stage: str,
    *,
    n_given: bool,
    m_given: bool,
) -> dict[str, Any]:
    """The :class:`StageResult` fields that FHIR, the web and treatments read instead of parsing ``tnm``.

    The three :class:`TNMCode` fields (their codes are the tokens of :func:`tnm_codes`), the grade
    label, the ICD-O-3 histology code, ``has_stage_group`` and ``stage_assigned``, all from one set of
    prefixes (data/basis.yaml) and labels (data/t_categories.yaml, data/category_labels.yaml).
    ``basis``, ``histology`` and ``m_raw`` (the M value as written: pM1) are the case's inputs;
    ``n_given`` and ``m_given`` say N and M were known.
    """
    fields = dict(_fields(basis, site_group, t, n, m, grade, stage, n_given, m_given, _m_proven(m, m_raw)))
    fields["histology_code"] = histology_code(histology)
    return fields


def _stage_row(stage: str) -> Row:
    return load_table("stage_labels").require(stage=stage)


def _t_assessed(site_group: str, t: str) -> bool:
    """T was assessed (``t_categories`` column assessed: TX was not)."""
    row = load_table("t_categories").lookup(site_group=site_group, t=t)
    return row is None or row.get("assessed") == "yes"


@cache
def _fields(
    basis: Basis,
    site_group: str,
    t: str,
    n: str,
    m: str,
    grade: str,
    stage: str,
    n_given: bool,
    m_given: bool,
    m_proven: bool,
) -> dict[str, Any]:
    """The fields for one distinct combination of categories, computed once (callers get a copy)."""
    t_prefix, n_prefix, m_prefix = _prefixes(basis, t, n, m, n_given, m_proven)
    return {
        "t_code": _code("t", t_prefix, t, _t_assessed(site_group, t), site_group),
        "n_code": _code("n", n_prefix, n, n_given, site_group),
        "m_code": _code("m", m_prefix, m, m_given, site_group),
        "grade_label": _label("grade", grade, site_group),
        "has_stage_group": _stage_row(stage).get("has_stage_group") == "yes",
        "stage_assigned": _stage_row(stage).get("assigned") == "yes",
    }
