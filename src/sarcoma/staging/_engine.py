"""The staging engine: the decision steps in the schema's order, each keeping its results by its own inputs."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, ParamSpec, TypeVar

from .._tables import load_table
from .._trusted import trusted_whole
from ._basis import histology_code, structured_fields, tnm_codes
from ._decide import Trace, axis, decide_t, grade_known, grade_of, round_size_mm, size_of, stage_label, t_known
from ._edition_t import reads_t
from ._editions import editions, in_edition
from ._model import Basis, StagingInput, checked_values, forget_inputs, parse_input
from ._person import CaseFacts, person_text, sized_summary
from ._possible import fact_name, possible
from ._result import DISCLAIMER, EDITION, Notice, StageResult, Step
from ._site import SiteRouting, route_site

__all__ = ["stage", "round_size_mm", "forget", "STEP_EVALUATORS"]

P = ParamSpec("P")
R = TypeVar("R")

_BASIS_TEXT = {basis: basis.value for basis in Basis}
_GIVEN = frozenset(StageResult.model_fields) - {"edition", "disclaimer"}
"""The result fields ``stage()`` sets (``model_fields_set``): all but the two that keep their defaults."""

Notices = tuple[Notice, ...]
Steps = tuple[Step, ...]

_STEP_MEMO = 4096
"""Results each decision step keeps, by its own inputs (then the least recently used go): bounded memory."""


def _memo(fn: Callable[P, R]) -> Callable[P, R]:
    """Keep ``fn``'s results by its arguments (a step is a pure function of the few inputs it reads).

    Only results are kept, never errors: a step that raises is run again the next time.
    """
    kept = lru_cache(maxsize=_STEP_MEMO, typed=True)(fn)
    _MEMOS.append(kept)
    return kept  # type: ignore[return-value]  # lru_cache keeps the signature; its stub does not say so


def _step(*names: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register ``fn`` as the evaluator of the staging schema's steps ``names`` and keep its results.

    Its parameters are named as the inputs the schema says those steps read (``reads``, less what
    one of them sets for the next), and a test holds them to it: a step's results are kept by
    exactly the inputs the schema declares, so a kept result cannot hide an input it depends on.
    """

    def register(fn: Callable[P, R]) -> Callable[P, R]:
        kept = _memo(fn)
        for name in names:
            STEP_EVALUATORS[name] = kept
        return kept

    return register


_MEMOS: list[Any] = []
STEP_EVALUATORS: dict[str, Callable[..., Any]] = {}
"""The evaluator of each step of the staging schema (``data/schemas/ajcc8.yaml``, ``steps``)."""


def forget() -> None:
    """Drop every kept step result and accepted input value (for tests that change a table in place)."""
    for kept in _MEMOS:
        kept.cache_clear()
    forget_inputs()


@_step("site", "histology")
def _routed(site: str, schema_discriminator_2: str | None, histology: str | None) -> tuple[SiteRouting, Steps, Notices]:
    routing = route_site(site, histology, schema_discriminator_2)
    trace = Trace()
    for code, values in routing.warnings:
        trace.warn(code, **values)
    return routing, tuple(routing.steps), tuple(trace.warnings)


@_step("size")
def _size_step(size_cm: float | None, size_mm: float | None) -> tuple[int | None, Notices]:
    trace = Trace()
    return size_of(size_cm, size_mm, trace), tuple(trace.warnings)


@_step("t")
def _t_step(
    site_group: str, t: str | None, extent: str | None, size_mm_int: int | None
) -> tuple[str, str, tuple[str, ...], Steps, Notices]:
    trace = Trace()
    chosen, t_from, plain = decide_t(t, extent, site_group, size_mm_int, trace)
    return chosen, t_from, tuple(plain), tuple(trace.steps), tuple(trace.warnings)


def _axis_step(value: str | None, name: str) -> tuple[str, bool, str, Steps, Notices]:
    trace = Trace()
    category, known, plain = axis(value, name, trace)
    return category, known, plain, tuple(trace.steps), tuple(trace.warnings)


@_step("n")
def _n_step(n: str | None) -> tuple[str, bool, str, Steps, Notices]:
    return _axis_step(n, "n")


@_step("m")
def _m_step(m: str | None) -> tuple[str, bool, str, Steps, Notices]:
    return _axis_step(m, "m")


@_step("grade")
def _grade_step(
    grade: str | None, differentiation: int | None, mitoses: int | None, necrosis: str | None, basis: str
) -> tuple[str, str, Steps, Notices]:
    trace = Trace()
    value = grade_of(grade, differentiation, mitoses, necrosis, basis, trace)
    plain = next(s.plain for s in reversed(trace.steps) if s.step == "grade")
    return value, plain, tuple(trace.steps), tuple(trace.warnings)


@_step("stage")
def _stage_step(
    site_group: str, t_category: str, n_category: str, m_category: str, grade_category: str
) -> tuple[str, str, Steps, Notices]:
    """The stage group, the stage table row's sentence, and the step and warning that found it."""
    trace = Trace()
    t, n, m, grade = t_category, n_category, m_category, grade_category
    group_row = load_table("site_groups").require(site_group=site_group)
    table = load_table(group_row.get("stage_table"))
    row = table.require(t=t, n=n, m=m, grade=grade)
    stage_value = row.get("stage")
    trace.add(
        table, row, "stage", stage_value, f"{t} {n} {m} {grade} matches row {row.id}: {stage_label(stage_value)}."
    )
    if row.get("warning"):
        trace.warn(row.get("warning"), site_label=group_row.get("label"))
    return stage_value, row.get("plain"), tuple(trace.steps), tuple(trace.warnings)


@_memo
def _described(
    group: str,
    t: tuple[str, str, tuple[str, ...]],
    n: tuple[str, bool, str],
    m: tuple[str, bool, str],
    grade: tuple[str, str],
    stage_value: str,
    basis: Basis,
    m_raw: str | None,
) -> dict[str, Any]:
    """The result fields that follow from the decided categories: codes, labels, possible stages, person texts.

    Not the size (the summary's size sentence is put in front by :func:`sized_summary`) nor the
    histology code, so a case of a size not met before finds these already made.
    """
    t_value, t_from, t_plain = t
    n_value, n_known, n_plain = n
    m_value, m_known, m_plain = m
    grade_value, grade_plain = grade
    group_row = load_table("site_groups").require(site_group=group)
    known = {"t": t_known(group, t_value), "n": n_known, "m": m_known, "grade": grade_known(grade_value)}
    values = {"t": t_value, "n": n_value, "m": m_value, "grade": grade_value}
    found = possible(group, *(values[a] if known[a] else None for a in ("t", "n", "m", "grade")))
    person = person_text(
        CaseFacts(
            site_group=group,
            site_plain=group_row.get("plain"),
            size_mm=None,
            t=t_value,
            t_from=t_from,
            t_plain=list(t_plain),
            n=n_value,
            n_known=n_known,
            n_plain=n_plain,
            m=m_value,
            m_known=m_known,
            m_plain=m_plain,
            grade=grade_value,
            grade_known=known["grade"],
            grade_plain=grade_plain,
            stage=stage_value,
            possible=found,
        )
    )
    return {
        "site_label": group_row.get("label"),
        "schema_id": group_row.get("schema_id"),
        "stage_label": stage_label(stage_value),
        "tnm": tnm_codes(basis, t_value, n_value, m_value, n_given=n_known, m_raw=m_raw),
        **structured_fields(
            basis,
            None,
            m_raw,
            group,
            t_value,
            n_value,
            m_value,
            grade_value,
            stage_value,
            n_given=n_known,
            m_given=m_known,
        ),
        "t_from": t_from,
        "possible_stages": tuple(found.stages),
        "missing": tuple(found.missing),
        "unknown_facts": tuple(fact_name(group, a) for a in ("t", "grade", "n", "m") if not known[a]),
        "headline": person.headline,
        "summary": person.summary,
        "plain_parts": person.parts,
        "plain_codes": person.codes,
        "stage_meaning": tuple(person.stage_meaning),
    }


def _notices(*groups: Notices) -> list[Notice]:
    """The warnings of every step in order, each code once (the first one given)."""
    out: list[Notice] = []
    seen: set[str] = set()
    for group in groups:
        for notice in group:
            if notice.code not in seen:
                seen.add(notice.code)
                out.append(notice)
    return out


def stage(case: StagingInput | dict[str, Any] | None = None, /, **fields: Any) -> StageResult:
    """Stage one tumor with the AJCC 8th-edition soft tissue sarcoma tables.

    Parameters
    ----------
    case
        A :class:`StagingInput`, or a mapping of its fields. Fields may also be passed as keywords:
        ``stage(site="leg", size_cm=8, grade="3")``.

    Returns
    -------
    StageResult
        T, N, M, grade, stage, the warnings (assumptions made) and the rule trace.

    Raises
    ------
    InvalidInput, ConflictingInput, UnknownSite, OutOfScope
        With a specific one-line message.

    Each decision step (site, size, T, N, M, grade, stage group, and the texts that follow from the
    categories) is a pure function of the few inputs it reads, and keeps its results by them
    (:func:`_memo`), so a case costs its input check and the steps it has not met before.
    """
    data = case if case is not None else fields
    given = checked_values(data)
    routing, site_steps, site_notices = _routed(given["site"], given["schema_discriminator_2"], given["histology"])
    group = routing.site_group
    size_mm, size_notices = _size_step(given["size_cm"], given["size_mm"])
    in_default = given["edition"] == editions()["default"]
    t_given = given["t"]
    if t_given is not None and not in_default and reads_t(given["edition"], group, t_given):
        t_given = None  # a T in the edition's own terms (AJCC 7 T1a): in_edition reads it
    t, t_from, t_plain, t_steps, t_notices = _t_step(group, t_given, given["extent"], size_mm)
    n, n_known, n_plain, n_steps, n_notices = _n_step(given["n"])
    m, m_known, m_plain, m_steps, m_notices = _m_step(given["m"])
    basis = given["basis"]
    grade, grade_plain, grade_steps, grade_notices = _grade_step(
        given["grade"], given["differentiation"], given["mitoses"], given["necrosis"], basis
    )
    stage_value, registry_summary, stage_steps, stage_notices = _stage_step(group, t, n, m, grade)
    described = _described(
        group,
        (t, t_from, t_plain),
        (n, n_known, n_plain),
        (m, m_known, m_plain),
        (grade, grade_plain),
        stage_value,
        basis,
        given["m"],
    )
    result = trusted_whole(
        StageResult,
        {
            "edition": EDITION,
            "site_group": group,
            "site_label": described["site_label"],
            "fine_site": routing.fine_site,
            "schema_id": routing.schema_id or described["schema_id"],
            "histology": routing.histology,
            "basis": _BASIS_TEXT[basis],
            "size_mm": size_mm,
            "t": t,
            "n": n,
            "m": m,
            "grade": grade,
            "stage": stage_value,
            "stage_label": described["stage_label"],
            "tnm": described["tnm"],
            "t_code": described["t_code"],
            "n_code": described["n_code"],
            "m_code": described["m_code"],
            "grade_label": described["grade_label"],
            "histology_code": histology_code(given["histology"]),
            "has_stage_group": described["has_stage_group"],
            "stage_assigned": described["stage_assigned"],
            "t_from": t_from,
            "possible_stages": list(described["possible_stages"]),  # lists and dicts of the result are its own
            "missing": list(described["missing"]),
            "unknown": list(described["unknown_facts"]),
            "headline": described["headline"],
            "summary": sized_summary(described["summary"], size_mm, t_from),
            "plain_parts": dict(described["plain_parts"]),
            "plain_codes": dict(described["plain_codes"]),
            "stage_meaning": list(described["stage_meaning"]),
            "registry_summary": registry_summary,
            "warnings": _notices(
                size_notices, t_notices, n_notices, m_notices, grade_notices, stage_notices, site_notices
            ),
            "explanation": [*site_steps, *t_steps, *n_steps, *m_steps, *grade_steps, *stage_steps],
            "disclaimer": DISCLAIMER,
        },
        _GIVEN,
    )
    if in_default:
        return result
    return in_edition(result, parse_input(data))
