"""The staging engine: read the decision tables in order and explain each step."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from .._messages import message
from .._tables import Row, Table, load_table, normalize_token
from .._trusted import trusted
from ..errors import ConflictingInput, InvalidInput
from ..grading import fnclcc_grade
from ._basis import structured_fields, tnm_codes
from ._editions import in_edition
from ._model import CHECK_UNIT_MM, StagingInput, parse_input
from ._person import CaseFacts, person_text
from ._possible import fact_name, possible
from ._result import Notice, StageResult, Step
from ._site import SiteRouting, route_site

__all__ = ["stage", "round_size_mm"]


def round_size_mm(size_cm: float | None = None, size_mm: float | None = None) -> int | None:
    """Round a size to whole millimetres, half up (5.04 cm is 50 mm, 5.05 cm is 51 mm)."""
    if size_cm is not None:
        exact = Decimal(repr(size_cm)) * 10
    elif size_mm is not None:
        exact = Decimal(repr(size_mm))
    else:
        return None
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _Trace:
    """Collects steps and warnings while a case is staged."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.warnings: list[Notice] = []

    def add(self, table: Table, row: Row, step: str, result: str, technical: str, plain: str | None = None) -> None:
        self.steps.append(
            trusted(  # our own values: validating them again was a tenth of stage()
                Step,
                step=step,
                table=table.id,
                row=row.id,
                result=result,
                technical=technical,
                plain=plain if plain is not None else row.get("plain"),
                source=table.citation,
            )
        )

    def warn(self, code: str, **values: str) -> None:
        if any(w.code == code for w in self.warnings):
            return
        self.warnings.append(trusted(Notice, code=code, message=message(code, **values)))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _explicit_t(case: StagingInput, group: str, trace: _Trace) -> Row | None:
    if case.t is None:
        return None
    table = load_table("t_categories")
    row = table.lookup(site_group=group, t=case.t)
    if row is None:
        allowed = ", ".join(r.get("t") for r in table.rows if normalize_token(group) in r.sets["site_group"])
        raise InvalidInput(message("t_not_for_site", t=case.t, site_group=group, allowed=allowed), field="t")
    trace.add(table, row, "t", case.t, f"Explicit {case.t}: {row.get('label')}.")
    return row


def _extent_rows(case: StagingInput, group: str) -> list[Row]:
    """The extent rows given (several may be given, comma-separated); a row with no T adds nothing."""
    if case.extent is None:
        return []
    table = load_table("t_extent")
    values = [v.strip() for v in case.extent.split(",") if v.strip()]
    rows: list[Row] = []
    for value in values:
        row = table.lookup(site_group=group, extent=value)
        if row is not None and not row.get("t"):
            continue
        if row is None:
            allowed = sorted(
                {r.get("extent") for r in table.rows if r.get("t") and normalize_token(group) in r.sets["site_group"]}
            )
            if not allowed:
                raise InvalidInput(message("extent_not_for_site", site_group=group), field="extent")
            raise InvalidInput(
                message("extent_unknown", extent=repr(value), site_group=group, allowed=", ".join(allowed)),
                field="extent",
            )
        if row not in rows:
            rows.append(row)
    return rows


def _extent_t(case: StagingInput, group: str, trace: _Trace) -> tuple[str | None, list[Row]]:
    rows = _extent_rows(case, group)
    if not rows:
        return None, []
    order = [r.get("t") for r in load_table("t_categories").rows if normalize_token(group) in r.sets["site_group"]]
    rows.sort(key=lambda r: (order.index(r.get("t")), r.index))
    table = load_table("t_extent")
    row = rows[-1]
    t = row.get("t")
    given = ", ".join(r.get("extent") for r in rows)
    trace.add(
        table,
        row,
        "t",
        t,
        f"Extent {given}: the most advanced, {row.get('extent')} ({row.get('label')}, "
        f"EOD {row.get('eod')}), gives {t}.",
    )
    trace.warn("t_from_extent", extent=given)
    return t, rows


def _size_t(size_mm: int | None, group: str, trace: _Trace) -> str | None:
    if size_mm is None:
        return None
    group_row = load_table("site_groups").require(site_group=group)
    if "size" not in [basis.strip() for basis in group_row.get("t_basis").split(",")]:
        trace.warn(group_row.get("size_warning"))
        return None
    table = load_table("t_size")
    row = table.require(site_group=group, size_mm=size_mm)
    t = row.get("t")
    trace.add(table, row, "t", t, f"Size {size_mm} mm falls in {row.get('size_mm')} mm, which is {t} for {group}.")
    return t


@cache
def _families(group: str) -> dict[str, str]:
    """Each T of the site group and its family (``t_categories``: T4a, T4b and T4 are family T4)."""
    return {r.get("t"): r.get("family") for r in load_table("t_categories").select(site_group=group)}


def _decide_t(case: StagingInput, group: str, size_mm: int | None, trace: _Trace) -> tuple[str, str, list[str]]:
    """T, where it came from (size, extent, explicit or missing) and what it says in plain words.

    Which of the explicit T, the extent's T and the size's T wins, and which combinations are refused,
    is the table ``t_decide``; this function only works out that table's inputs.
    """
    explicit = _explicit_t(case, group, trace)
    from_extent, extent_rows = _extent_t(case, group, trace)
    from_size = _size_t(size_mm, group, trace)
    size_plain = trace.steps[-1].plain if from_size is not None else ""
    t = explicit.get("t") if explicit is not None else ""
    categories = load_table("t_categories")
    family = _families(group)
    agrees = from_extent is not None and (
        t == from_extent or family.get(t) == from_extent or family.get(from_extent) == t
    )
    facts = {
        "explicit": _yes(explicit is not None),
        "extent": _yes(from_extent is not None),
        "size": _yes(from_size is not None),
        "extent_agrees": _yes(agrees),
        "extent_finer": _yes(from_extent is not None and from_extent != t and family.get(from_extent) == t),
        "size_defined": explicit.get("size_defined") if explicit is not None else "no",
        "size_agrees": _yes(from_size is not None and from_size == t),
        "size_possible": explicit.get("size_possible") if explicit is not None else "yes",
        "assessed": explicit.get("assessed") if explicit is not None else "yes",
    }
    table = load_table("t_decide")
    row = table.require(**facts)
    if row.get("error"):
        values = {
            "t": t,
            "extent": repr(case.extent),
            "t_from_extent": from_extent or "",
            "size_mm": str(size_mm),
            "t_from_size": from_size or "",
        }
        raise ConflictingInput(message(row.get("error"), **values), field="t")
    take = row.get("take")
    chosen = {"explicit": t, "extent": from_extent, "size": from_size}.get(take) or row.get("t")
    if take == "cell":
        trace.add(categories, categories.require(site_group=group, t=chosen), "t", chosen, row.get("technical"))
    if row.get("warning"):
        trace.warn(row.get("warning"))
    plain = {
        "explicit": [explicit.get("plain")] if explicit is not None else [],
        "extent": [r.get("plain") for r in extent_rows],
        "size": [size_plain],
    }.get(take, [])
    return chosen, row.get("t_from"), plain


def _axis(case_value: str | None, axis: str, trace: _Trace) -> tuple[str, bool, str]:
    """The category, whether it was known (not NX/MX or blank), and its plain sentence."""
    table = load_table("nodes_metastasis")
    row = table.require(axis=axis, value=case_value or "")
    category = row.get("category")
    shown = case_value if case_value is not None else "not given"
    trace.add(table, row, axis, category, f"{axis.upper()} given as {shown}: {category}.")
    if row.get("warning"):
        trace.warn(row.get("warning"))
    return category, not row.get("warning"), row.get("plain")


def _grade(case: StagingInput, trace: _Trace) -> str:
    """The grade: from the FNCLCC scores or as given, as the table ``grade_decide`` says."""
    from_scores: str | None = None
    if case.differentiation is not None and case.mitoses is not None and case.necrosis_score is not None:
        result = fnclcc_grade(case.differentiation, case.mitoses, case.necrosis_score)
        from_scores = result.grade
        table = load_table("fnclcc")
        row = table.require(component="total", value=result.score)
        trace.add(table, row, "grade", result.grade, result.technical, result.plain)
    grades = load_table("grade")
    given = grades.require(value=case.grade or "")
    decision = load_table("grade_decide").require(
        given=_yes(case.grade is not None),
        scores=_yes(from_scores is not None),
        agrees=_yes(given.get("grade") == from_scores),
    )
    if decision.get("error"):
        raise ConflictingInput(
            message(decision.get("error"), grade=case.grade, fnclcc_grade=from_scores), field="grade"
        )
    grade = from_scores if decision.get("take") == "scores" and from_scores else given.get("grade")
    if decision.get("take") != "scores":
        shown = case.grade if case.grade is not None else "not given"
        trace.add(grades, given, "grade", grade, f"Grade given as {shown}: {grade}.")
        if given.get("warning"):
            trace.warn(given.get("warning"), grade_input=str(case.grade))
    note = load_table("grade_notes").require(basis=case.basis.value, grade=grade)
    if note.get("warning"):
        trace.warn(note.get("warning"))
    return grade


def _size(case: StagingInput, trace: _Trace) -> int | None:
    size_mm = round_size_mm(case.size_cm, case.size_mm)
    if size_mm is None:
        return None
    given = f"{case.size_cm:g} cm" if case.size_cm is not None else f"{case.size_mm:g} mm"
    exact = Decimal(repr(case.size_cm)) * 10 if case.size_cm is not None else Decimal(repr(case.size_mm))
    if exact != size_mm:
        trace.warn("size_rounded", given=given, size_mm=str(size_mm))
    if size_mm > CHECK_UNIT_MM:
        trace.warn("size_check_unit", size_mm=str(size_mm))
    return size_mm


def _t_known(group: str, t: str) -> bool:
    """T was assessed (``t_categories`` column assessed: TX was not)."""
    return load_table("t_categories").require(site_group=group, t=t).get("assessed") == "yes"


def _grade_known(grade: str) -> bool:
    """The grade is known: not the grade a blank input gets (GX, ``grade`` table)."""
    return grade != load_table("grade").require(value="").get("grade")


def _stage_label(stage: str) -> str:
    return load_table("stage_labels").require(stage=stage).get("label")


def _finish(routing: SiteRouting, trace: _Trace) -> None:
    trace.steps[:0] = routing.steps
    for code, values in routing.warnings:
        trace.warn(code, **values)


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
    """
    parsed = parse_input(case if case is not None else fields)
    trace = _Trace()
    routing = route_site(parsed.site, parsed.histology, parsed.schema_discriminator_2)
    group = routing.site_group
    size_mm = _size(parsed, trace)
    t, t_from, t_plain = _decide_t(parsed, group, size_mm, trace)
    n, n_known, n_plain = _axis(parsed.n, "n", trace)
    m, m_known, m_plain = _axis(parsed.m, "m", trace)
    grade = _grade(parsed, trace)
    grade_plain = next(s.plain for s in reversed(trace.steps) if s.step == "grade")
    group_row = load_table("site_groups").require(site_group=group)
    table = load_table(group_row.get("stage_table"))
    row = table.require(t=t, n=n, m=m, grade=grade)
    stage_value = row.get("stage")
    trace.add(
        table, row, "stage", stage_value, f"{t} {n} {m} {grade} matches row {row.id}: {_stage_label(stage_value)}."
    )
    if row.get("warning"):
        trace.warn(row.get("warning"), site_label=group_row.get("label"))
    _finish(routing, trace)
    known = {"t": _t_known(group, t), "n": n_known, "m": m_known, "grade": _grade_known(grade)}
    values = {"t": t, "n": n, "m": m, "grade": grade}
    found = possible(group, *(values[a] if known[a] else None for a in ("t", "n", "m", "grade")))
    facts = CaseFacts(
        site_group=group,
        site_plain=group_row.get("plain"),
        size_mm=size_mm,
        t=t,
        t_from=t_from,
        t_plain=t_plain,
        n=n,
        n_known=n_known,
        n_plain=n_plain,
        m=m,
        m_known=m_known,
        m_plain=m_plain,
        grade=grade,
        grade_known=known["grade"],
        grade_plain=grade_plain,
        stage=stage_value,
        possible=found,
    )
    person = person_text(facts)
    result = trusted(
        StageResult,
        site_group=group,
        site_label=group_row.get("label"),
        fine_site=routing.fine_site,
        schema_id=routing.schema_id or group_row.get("schema_id"),
        histology=routing.histology,
        basis=parsed.basis.value,
        size_mm=size_mm,
        t=t,
        n=n,
        m=m,
        grade=grade,
        stage=stage_value,
        stage_label=_stage_label(stage_value),
        tnm=tnm_codes(parsed.basis, t, n, m, n_given=n_known, m_raw=parsed.m),
        **structured_fields(parsed, group, t, n, m, grade, stage_value, n_given=n_known, m_given=m_known),
        t_from=t_from,
        possible_stages=list(found.stages),
        missing=list(found.missing),
        unknown=[fact_name(group, a) for a in ("t", "grade", "n", "m") if not known[a]],
        headline=person.headline,
        summary=person.summary,
        plain_parts=person.parts,
        plain_codes=person.codes,
        stage_meaning=person.stage_meaning,
        registry_summary=row.get("plain"),
        warnings=trace.warnings,
        explanation=trace.steps,
    )
    return in_edition(result, parsed)  # the default edition: result itself
