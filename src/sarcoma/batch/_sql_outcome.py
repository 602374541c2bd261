"""The outcome part of the compiled staging SQL: N, M, grade, stage group, warnings and the output columns.

Split from :mod:`._sql` (which builds the inputs, routing and T) to keep modules small; the order of
warnings follows ``sarcoma.staging._engine``.
"""

from __future__ import annotations

from .._messages import entries, entry
from .._tables import load_table
from ..staging import CHECK_UNIT_MM
from ._compile import Const, Plan, TableCase, normalize_sql, template_sql
from ._dialect import Dialect
from ._sql_editions import TAIL_SLOTS, edition_sql, replaced_sql

__all__ = ["nm_grade", "stage_group", "outputs", "warn_const"]


_OFFSET = 10_000
"""Row indexes of the stage tables of several site groups are kept apart by this much in one column."""


def _c(name: str) -> str:
    return f"_s_{name}"


def _warning(d: Dialect, case: TableCase, code_col: str, **values: str) -> str:
    """SQL for the message of the warning whose code (one of ``case``'s) is in ``code_col``."""
    codes = {r.get("warning") for r in case.rows if r.get("warning")}
    if not codes:
        return f"CAST(NULL AS {d.text_type})"
    whens = []
    for row in entries():
        if row.get("code") not in codes:
            continue
        text = row.get("message")
        whens.append(
            f"WHEN {d.lit(row.get('code'))} THEN {template_sql(d, text, values) if '{' in text else d.lit(text)}"
        )
    return f"CASE {code_col} " + " ".join(whens) + " END"


def warn_const(d: Dialect, code: str, **values: str) -> str:
    text = entry(code).get("message")
    return template_sql(d, text, values) if "{" in text else d.lit(text)


def nm_grade(plan: Plan, d: Dialect) -> dict[str, TableCase]:
    cases: dict[str, TableCase] = {}
    for axis in ("n", "m"):
        tc, idx = TableCase.build(
            d, "nodes_metastasis", {"axis": Const(axis), "value": _c(f"{axis}_tok")}, _c(f"{axis}_row")
        )
        plan.add(_c(f"{axis}_row"), idx)
        cases[axis] = tc
    gc, g_idx = TableCase.build(d, "grade", {"value": _c("grade_tok")}, _c("grade_row"))
    plan.add(_c("grade_row"), g_idx)
    cases["grade"] = gc
    score_sql: list[str] = []
    for component, expr in (
        ("differentiation", "differentiation_int"),
        ("mitoses", "mitoses_int"),
        ("necrosis", "nec_score"),
    ):
        name = _c(f"fn_{component}")
        fc, f_idx = TableCase.build(d, "fnclcc", {"component": Const(component), "value": _c(expr)}, name)
        plan.add(name, f_idx)
        score_sql.append(f"CAST({fc.out('score')} AS INTEGER)")
    plan.next()
    plan.add(_c("fn_total"), " + ".join(score_sql))
    plan.next()
    sc, s_idx = TableCase.build(d, "fnclcc", {"component": Const("total"), "value": _c("fn_total")}, _c("fn_sum_row"))
    plan.add(_c("fn_sum_row"), s_idx)
    plan.next()
    all_scores = " AND ".join(f"{_c(x)} IS NOT NULL" for x in ("differentiation_int", "mitoses_int", "nec_score"))
    plan.add(_c("from_scores"), f"CASE WHEN {all_scores} THEN {sc.out('score')} END")
    plan.next()
    gtab, scores = gc.out("grade"), _c("from_scores")
    facts = {
        "given": f"CASE WHEN {_c('grade')} IS NOT NULL THEN 'YES' ELSE 'NO' END",
        "scores": f"CASE WHEN {scores} IS NOT NULL THEN 'YES' ELSE 'NO' END",
        "agrees": f"CASE WHEN COALESCE({gtab} = {scores}, FALSE) THEN 'YES' ELSE 'NO' END",
    }
    decide, idx = TableCase.build(d, "grade_decide", facts, _c("grade_decide_row"))
    plan.add(_c("grade_decide_row"), idx)
    plan.next()
    by_scores = decide.where("take=scores")
    plan.add(_c("grade_final"), f"CASE WHEN {by_scores} AND {scores} IS NOT NULL THEN {scores} ELSE {gtab} END")
    errors = [
        f"WHEN {decide.offset + r.index} THEN "
        f"{template_sql(d, entry(r.get('error')).get('message'), {'grade': _c('grade'), 'fnclcc_grade': scores})}"
        for r in decide.rows
        if r.get("error")
    ]
    plan.add(_c("grade_err"), f"CASE {_c('grade_decide_row')} {' '.join(errors)} END")
    plan.add(_c("grade_wcode"), f"CASE WHEN {by_scores} THEN NULL ELSE {gc.out('warning')} END")
    for axis in ("n", "m"):
        plan.add(_c(f"{axis}_cat"), cases[axis].out("category"))
        plan.add(_c(f"{axis}_wcode"), cases[axis].out("warning"))
    plan.next()
    plan.add(_c("grade_warn"), _warning(d, gc, _c("grade_wcode"), grade_input=_c("grade")))
    notes, n_idx = TableCase.build(
        d,
        "grade_notes",
        {"basis": f"COALESCE({normalize_sql(d, _c('basis'))}, '')", "grade": _c("grade_final")},
        _c("grade_note_row"),
    )
    plan.add(_c("grade_note_row"), n_idx)
    plan.next()
    plan.add(_c("grade_note"), _warning(d, notes, notes.out("warning")))
    for axis in ("n", "m"):
        plan.add(_c(f"{axis}_warn"), _warning(d, cases[axis], _c(f"{axis}_wcode")))
    return cases


def stage_group(
    plan: Plan, d: Dialect, edition: str | None = None, *, per_row: bool = True, mm_text: str | None = None
) -> None:
    """The AJCC 8 stage group, then each row's ``edition`` (default ``edition``, else the index's default)."""
    inputs = {
        "t": f"upper({_c('t_final')})",
        "n": f"upper({_c('n_cat')})",
        "m": f"upper({_c('m_cat')})",
        "grade": f"upper({_c('grade_final')})",
    }
    key_whens, cases = [], []
    for i, group in enumerate(load_table("site_groups").rows):
        tc, idx = TableCase.build(d, group.get("stage_table"), inputs, _c("stage_key"), offset=_OFFSET * (i + 1))
        key_whens.append(f"WHEN {d.lit(group.id)} THEN {idx}")
        cases.append((group, tc))
    plan.add(_c("stage_key"), f"CASE {_c('grp')} {' '.join(key_whens)} END")
    plan.next()
    stage_whens = [f"WHEN {tc.offset + r.index} THEN {d.lit(r.get('stage'))}" for _, tc in cases for r in tc.rows]
    plan.add(_c("stage"), f"CASE {_c('stage_key')} {' '.join(stage_whens)} END")
    warn_whens = []
    for group, tc in cases:
        for row in tc.rows:
            code = row.get("warning")
            if code:
                text = warn_const(d, code, site_label=d.lit(group.get("label")))
                warn_whens.append(f"WHEN {tc.offset + row.index} THEN {text}")
    plan.add(_c("stage_warn"), f"CASE {_c('stage_key')} {' '.join(warn_whens)} END")
    plan.next()
    edition_sql(plan, d, edition, per_row=per_row, mm_text=mm_text)


def outputs(d: Dialect, mm_text: str) -> list[tuple[str, str]]:
    errors = ["err_pre", "route_err", "hist_err", "t_err", "ext_err", "conflict_err", "grade_err", "ed_err"]
    error = f"COALESCE({', '.join(_c(e) for e in errors)})"
    mm = _c("size_mm_int")
    warnings = [
        f"CASE WHEN {_c('size_exact')} <> {mm} THEN "
        f"{warn_const(d, 'size_rounded', given=_c('size_given'), size_mm=mm_text)} END",
        f"CASE WHEN {mm} > {CHECK_UNIT_MM} THEN {warn_const(d, 'size_check_unit', size_mm=mm_text)} END",
        f"CASE WHEN {_c('from_extent')} IS NOT NULL AND NOT {replaced_sql(d, d.lit('t_from_extent'))} THEN "
        f"{warn_const(d, 't_from_extent', extent=_c('extent_cell'))} END",
        f"CASE WHEN {mm} IS NOT NULL THEN {_c('w_size')} END",
        f"CASE WHEN NOT {replaced_sql(d, _c('t_decide_wcode'))} THEN {_c('t_decide_warn')} END",
        _c("w_n"),
        _c("w_m"),
        _c("grade_warn"),
        _c("grade_note"),
        _c("w_stage"),
        f"CASE WHEN {_c('schema_discriminator_2')} IS NOT NULL AND NOT {_c('sd2_used')} THEN "
        f"{warn_const(d, 'sd2_ignored', sd2=_c('schema_discriminator_2'))} END",
        f"CASE WHEN {_c('histology')} IS NOT NULL AND {_c('beh')} IS NULL THEN "
        f"{warn_const(d, 'behavior_assumed', histology=_c('histology'))} END",
        *(_c(slot) for slot in TAIL_SLOTS),  # the edition's own notes (sarcoma.staging._editions)
    ]
    joined = f"concat_ws(' | ', {', '.join(warnings)})"
    ok = f"{error} IS NULL"
    outputs = [
        ("ajcc_t", _c("ed_t")),
        ("ajcc_n", _c("ed_n")),
        ("ajcc_m", _c("m_cat")),
        ("ajcc_grade", _c("grade_final")),
        ("ajcc_stage", _c("ed_stage")),
    ]
    final = [(name, f"CASE WHEN {ok} THEN {expr} ELSE '' END") for name, expr in outputs]
    final.append(("status", f"CASE WHEN NOT ({ok}) THEN 'error' WHEN {joined} <> '' THEN 'warning' ELSE 'ok' END"))
    final.append(("messages", f"COALESCE({error}, {joined})"))
    return final
