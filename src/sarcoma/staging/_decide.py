"""The decision steps: each reads its tables for the few inputs it is given and explains what it did."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from .._messages import message
from .._tables import Row, Table, load_table, normalize_token
from .._trusted import trusted
from ..errors import ConflictingInput, InvalidInput
from ..grading import NECROSIS_TOKENS, fnclcc_grade
from ._edition_t import other_edition_error
from ._model import CHECK_UNIT_MM
from ._result import Notice, Step, table_step

__all__ = [
    "Trace",
    "round_size_mm",
    "size_of",
    "decide_t",
    "axis",
    "grade_of",
    "t_known",
    "grade_known",
    "stage_label",
]


def round_size_mm(size_cm: float | None = None, size_mm: float | None = None) -> int | None:
    """Round a size to whole millimetres, half up (5.04 cm is 50 mm, 5.05 cm is 51 mm)."""
    if size_cm is not None:
        exact = Decimal(repr(size_cm)) * 10
    elif size_mm is not None:
        exact = Decimal(repr(size_mm))
    else:
        return None
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Trace:
    """Collects steps and warnings while a case is staged."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.warnings: list[Notice] = []

    def add(self, table: Table, row: Row, step: str, result: str, technical: str, plain: str | None = None) -> None:
        self.steps.append(
            table_step(table, row, step, result, technical, plain if plain is not None else row.get("plain"))
        )

    def warn(self, code: str, **values: str) -> None:
        if any(w.code == code for w in self.warnings):
            return
        self.warnings.append(trusted(Notice, code=code, message=message(code, **values)))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _explicit_t(t: str | None, group: str, trace: Trace) -> Row | None:
    if t is None:
        return None
    table = load_table("t_categories")
    row = table.lookup(site_group=group, t=t)
    if row is None:
        allowed = ", ".join(r.get("t") for r in table.rows if normalize_token(group) in r.sets["site_group"])
        text = other_edition_error(t) or message("t_not_for_site", t=t, site_group=group, allowed=allowed)
        raise InvalidInput(text, field="t")
    trace.add(table, row, "t", t, f"Explicit {t}: {row.get('label')}.")
    return row


def _extent_rows(extent: str | None, group: str) -> list[Row]:
    """The extent rows given (several may be given, comma-separated); a row with no T adds nothing."""
    if extent is None:
        return []
    table = load_table("t_extent")
    values = [v.strip() for v in extent.split(",") if v.strip()]
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


def _extent_t(extent: str | None, group: str, trace: Trace) -> tuple[str | None, list[Row]]:
    rows = _extent_rows(extent, group)
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


def _size_t(size_mm: int | None, group: str, trace: Trace) -> str | None:
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


def decide_t(
    given_t: str | None, extent: str | None, group: str, size_mm: int | None, trace: Trace
) -> tuple[str, str, list[str]]:
    """T, where it came from (size, extent, explicit or missing) and what it says in plain words.

    Which of the explicit T, the extent's T and the size's T wins, and which combinations are refused,
    is the table ``t_decide``; this function only works out that table's inputs.
    """
    explicit = _explicit_t(given_t, group, trace)
    from_extent, extent_rows = _extent_t(extent, group, trace)
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
            "extent": repr(extent),
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


def axis(case_value: str | None, axis: str, trace: Trace) -> tuple[str, bool, str]:
    """The category, whether it was known (not NX/MX or blank), and its plain sentence."""
    table = load_table("nodes_metastasis")
    row = table.require(axis=axis, value=case_value or "")
    category = row.get("category")
    shown = case_value if case_value is not None else "not given"
    trace.add(table, row, axis, category, f"{axis.upper()} given as {shown}: {category}.")
    if row.get("warning"):
        trace.warn(row.get("warning"))
    return category, not row.get("warning"), row.get("plain")


def grade_of(
    given_grade: str | None,
    differentiation: int | None,
    mitoses: int | None,
    necrosis: str | None,
    basis: str,
    trace: Trace,
) -> str:
    """The grade: from the FNCLCC scores or as given, as the table ``grade_decide`` says."""
    from_scores: str | None = None
    if differentiation is not None and mitoses is not None and necrosis is not None:
        result = fnclcc_grade(differentiation, mitoses, NECROSIS_TOKENS[normalize_token(necrosis)])
        from_scores = result.grade
        table = load_table("fnclcc")
        row = table.require(component="total", value=result.score)
        trace.add(table, row, "grade", result.grade, result.technical, result.plain)
    grades = load_table("grade")
    given = grades.require(value=given_grade or "")
    decision = load_table("grade_decide").require(
        given=_yes(given_grade is not None),
        scores=_yes(from_scores is not None),
        agrees=_yes(given.get("grade") == from_scores),
    )
    if decision.get("error"):
        raise ConflictingInput(
            message(decision.get("error"), grade=given_grade, fnclcc_grade=from_scores), field="grade"
        )
    grade = from_scores if decision.get("take") == "scores" and from_scores else given.get("grade")
    if decision.get("take") != "scores":
        shown = given_grade if given_grade is not None else "not given"
        trace.add(grades, given, "grade", grade, f"Grade given as {shown}: {grade}.")
        if given.get("warning"):
            trace.warn(given.get("warning"), grade_input=str(given_grade))
    note = load_table("grade_notes").require(basis=basis, grade=grade)
    if note.get("warning"):
        trace.warn(note.get("warning"))
    return grade


def size_of(size_cm: float | None, size_mm_given: float | None, trace: Trace) -> int | None:
    size_mm = round_size_mm(size_cm, size_mm_given)
    if size_mm is None:
        return None
    given = f"{size_cm:g} cm" if size_cm is not None else f"{size_mm_given:g} mm"
    exact = Decimal(repr(size_cm)) * 10 if size_cm is not None else Decimal(repr(size_mm_given))
    if exact != size_mm:
        trace.warn("size_rounded", given=given, size_mm=str(size_mm))
    if size_mm > CHECK_UNIT_MM:
        trace.warn("size_check_unit", size_mm=str(size_mm))
    return size_mm


@lru_cache(maxsize=256)
def t_known(group: str, t: str) -> bool:
    """T was assessed (``t_categories`` column assessed: TX was not)."""
    return load_table("t_categories").require(site_group=group, t=t).get("assessed") == "yes"


@lru_cache(maxsize=256)
def grade_known(grade: str) -> bool:
    """The grade is known: not the grade a blank input gets (GX, ``grade`` table)."""
    return grade != load_table("grade").require(value="").get("grade")


@lru_cache(maxsize=256)
def stage_label(stage: str) -> str:
    return load_table("stage_labels").require(stage=stage).get("label")
