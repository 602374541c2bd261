"""The staging rules compiled to one SQL query, for DuckDB, PostgreSQL and Spark SQL.

Every CASE that decides a category is generated from the YAML decision tables (``_compile``); the
batch value checks come from ``_validate``; the order of checks and warnings follows
``sarcoma.staging._engine``. The query reads the input columns as text and returns the pass-through
columns followed by ``ajcc_t, ajcc_n, ajcc_m, ajcc_grade, ajcc_stage, status, messages``, equal to
:func:`sarcoma.batch.stage_record` row for row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._icdo import topography_pattern
from .._messages import entry
from .._staging_schema import InputSpec, input_spec, staging_schema
from .._tables import load_table, normalize_token
from ..grading import NECROSIS_TOKENS
from . import _validate as v
from ._compile import Plan, TableCase, normalize_sql, template_sql
from ._dialect import Dialect, get_dialect
from ._sql_editions import edition_inputs_sql, other_edition_sql
from ._sql_outcome import nm_grade, outputs, stage_group

__all__ = ["OUTPUT_COLUMNS", "ROW_ERROR_COLUMN", "size_given_sql", "size_mm_sql", "staging_sql"]

OUTPUT_COLUMNS = ("ajcc_t", "ajcc_n", "ajcc_m", "ajcc_grade", "ajcc_stage", "status", "messages")
ROW_ERROR_COLUMN = "_sarcoma_row_error"
"""Optional input column: a reader's error for the row (malformed CSV line, bad NAACCR code)."""


def _c(name: str) -> str:
    return f"_s_{name}"


def _msg(d: Dialect, code: str, **values: object) -> str:
    return d.lit(v.message(code, **values))


def _msg_sql(d: Dialect, code: str, **values: str) -> str:
    """SQL for the catalogue message ``code`` whose placeholders are the SQL expressions ``values``."""
    return template_sql(d, entry(code).get("message"), values)


def _repr_sql(d: Dialect, expr: str) -> str:
    """SQL for Python's ``repr()`` of a printable-ASCII string."""
    bs, dq, sq = d.char(92), d.char(34), d.char(39)
    esc = f"replace({expr}, {bs}, {bs} || {bs})"
    double = f"({dq} || {esc} || {dq})"
    single = f"({sq} || replace({esc}, {sq}, {bs} || {sq}) || {sq})"
    return f"CASE WHEN {d.contains(expr, 39)} AND NOT {d.contains(expr, 34)} THEN {double} ELSE {single} END"


def _in(d: Dialect, expr: str, values: Iterable[str]) -> str:
    return f"{expr} IN ({', '.join(d.lit(x) for x in sorted(values))})"


def _read(plan: Plan, d: Dialect, columns: Sequence[str], row_error: str | None) -> None:
    for col in v.INPUT_COLUMNS:
        plan.add(_c(f"r_{col}"), d.text(d.ident(col)) if col in columns else f"CAST(NULL AS {d.text_type})")
    plan.add(_c("row_error"), d.ident(row_error) if row_error else f"CAST(NULL AS {d.text_type})")
    plan.next()
    for col in v.INPUT_COLUMNS:
        plan.add(_c(f"nonascii_{col}"), f"COALESCE({d.match(_c(f'r_{col}'), v.NOT_ASCII)}, FALSE)")
    for col in v.INPUT_COLUMNS:
        plan.add(_c(col), f"NULLIF(trim({_c(f'r_{col}')}), '')")
    plan.next()


def size_mm_sql(rule: v.SizeRule, dec: str) -> str:
    """SQL: a size decimal in whole millimetres (half up)."""
    return f"CAST(ROUND({dec} * {rule.to_mm}) AS INTEGER)"


def size_given_sql(d: Dialect, rule: v.SizeRule, dec: str) -> str:
    """SQL: a size decimal as messages quote it (``5.05 cm``)."""
    return f"{d.sub(d.sub(d.text(dec), '0+$', ''), '[.]$', '')} || {d.lit(' ' + rule.column[-2:])}"


def _parse(plan: Plan, d: Dialect) -> None:
    site_u = f"upper(replace({_c('site')}, ' ', ''))"
    plan.add(_c("is_topo"), f"COALESCE({d.match(site_u, topography_pattern())}, FALSE)")
    plan.add(_c("site_tok"), f"COALESCE({normalize_sql(d, _c('site'))}, '')")
    plan.add(_c("site_raw"), f"upper({_c('site')})")
    plan.add(_c("site_u"), site_u)
    hist = _c("histology")
    plan.add(_c("histology_ok"), f"COALESCE({d.match(hist, v.HISTOLOGY_PATTERN)}, FALSE)")
    for rule in v.SIZE_RULES:
        col = _c(rule.column)
        plan.add(_c(f"{rule.column}_ok"), f"COALESCE({d.match(col, rule.pattern)}, FALSE)")
    t_tok = d.sub(f"upper({_c('t')})", "[ _-]", "")
    plan.add(_c("t_tok"), t_tok)
    for col in ("n", "m", "grade", "necrosis", "extent"):
        plan.add(_c(f"{col}_tok"), f"COALESCE({normalize_sql(d, _c(col))}, '')")
    for col in ("differentiation", "mitoses"):
        plan.add(_c(f"{col}_ok"), f"COALESCE({d.match(_c(col), v.INT_PATTERN)}, FALSE)")
    plan.next()
    site_u = _c("site_u")
    tens = d.cast(f"substr({site_u}, 2, 2)", "INTEGER")
    unit = d.cast(f"substr({site_u}, length({site_u}), 1)", "INTEGER")
    plan.add(_c("topo"), f"CASE WHEN {_c('is_topo')} THEN {tens} * 10 + {unit} END")
    morph = d.cast(f"substr({hist}, 1, 4)", "INTEGER")
    plan.add(_c("morph"), f"CASE WHEN {_c('histology_ok')} THEN {morph} END")
    plan.add(
        _c("beh"), f"CASE WHEN {_c('histology_ok')} AND length({hist}) > 4 THEN substr({hist}, length({hist}), 1) END"
    )
    for rule in v.SIZE_RULES:
        plan.add(
            _c(f"{rule.column}_dec"),
            f"CASE WHEN {_c(rule.column + '_ok')} THEN {d.cast(_c(rule.column), 'DECIMAL(12,2)')} END",
        )
    plan.add(_c("t_ok"), f"COALESCE({d.match(_c('t_tok'), v.T_PATTERN)}, FALSE)")
    plan.add(_c("t_body"), d.sub(_c("t_tok"), v.T_PREFIX, "", every=False))
    for col in ("differentiation", "mitoses"):
        plan.add(_c(f"{col}_int"), f"CASE WHEN {_c(col + '_ok')} THEN {d.cast(_c(col), 'INTEGER')} END")
    nec = [f"WHEN {_c('necrosis_tok')} = {d.lit(k)} THEN {s}" for k, s in NECROSIS_TOKENS.items()]
    plan.add(_c("nec_score"), "CASE " + " ".join(nec) + " END")
    plan.next()


def _value_check(d: Dialect, spec: InputSpec) -> list[tuple[str, str]]:
    """The SQL (condition, message) pairs of one input's check in the staging schema, in order."""
    col, given = _c(spec.key), f"{_c(spec.key)} IS NOT NULL"
    if spec.check == "route":
        found = [(f"{col} IS NULL", d.lit(spec.message()))] if spec.required else []
        if spec.file_pattern is not None:
            bad = f"{given} AND NOT COALESCE({d.match(col, spec.file_pattern)}, FALSE)"
            found.append((bad, _msg(d, spec.file_error or "")))
        return found
    if spec.check == "pattern":
        return [(f"{given} AND NOT {_c(spec.key + '_ok')}", d.lit(spec.message()))]
    if spec.check in ("table", "values"):
        token = _c(f"{spec.key}_tok") if spec.check == "table" or spec.normalize else col
        return [(f"{given} AND NOT {_in(d, token, v.allowed_tokens(spec.key))}", d.lit(spec.message()))]
    if spec.integer is not None:
        low, high = spec.integer.minimum, spec.integer.maximum
        in_range = f"COALESCE({_c(spec.key + '_int')} BETWEEN {low} AND {high}, FALSE)"
        return [(f"{given} AND NOT {in_range}", d.lit(spec.message()))]
    rule = next(r for r in v.SIZE_RULES if r.column == spec.key)
    dec = _c(f"{rule.column}_dec")
    return [
        (f"{col} IS NOT NULL AND NOT {_c(rule.column + '_ok')}", d.lit(spec.message())),
        (f"{dec} <= 0", _msg(d, "size_not_positive", column=rule.column)),
        (f"{dec} > {rule.maximum}", _msg(d, "size_too_large", column=rule.column)),
        (f"ROUND({dec} * {rule.to_mm}) = 0", _msg(d, "size_rounds_to_zero", column=rule.column)),
    ]


def _prevalidate(plan: Plan, d: Dialect, given_text: str | None) -> None:
    """The input checks of the staging schema (``_validate._check``): each column's first failed check (a
    character that is not printable ASCII first), in schema order, then the checks across columns;
    every one is reported, joined with `` | ``. A reader's error for the row is reported alone."""
    schema = staging_schema()
    parts: list[str] = []
    for spec in schema.inputs:
        whens = [(_c(f"nonascii_{spec.key}"), _msg(d, "not_ascii", column=spec.key)), *_value_check(d, spec)]
        parts.append("CASE " + " ".join(f"WHEN {w} THEN {m}" for w, m in whens) + " END")
        for group in schema.exclusive:
            if spec.key == group.inputs[-1]:
                both = " AND ".join(f"{_c(k)} IS NOT NULL" for k in group.inputs)
                parts.append(f"CASE WHEN {both} THEN {_msg(d, group.error)} END")
    for group in schema.together:
        given = [f"{_c(k)} IS NOT NULL" for k in group.inputs]
        parts.append(
            f"CASE WHEN ({' OR '.join(given)}) AND NOT ({' AND '.join(given)}) THEN {_msg(d, group.error)} END"
        )
    every = f"NULLIF(concat_ws({d.lit(' | ')}, {', '.join(parts)}), '')"
    plan.add(_c("err_pre"), f"CASE WHEN {_c('row_error')} IS NOT NULL THEN {_c('row_error')} ELSE {every} END")
    size_mm = [
        f"WHEN {_c(r.column + '_dec')} IS NOT NULL THEN {size_mm_sql(r, _c(r.column + '_dec'))}" for r in v.SIZE_RULES
    ]
    plan.add(_c("size_mm_int"), "CASE " + " ".join(size_mm) + " END")
    exact = [f"WHEN {_c(r.column + '_dec')} IS NOT NULL THEN {_c(r.column + '_dec')} * {r.to_mm}" for r in v.SIZE_RULES]
    plan.add(_c("size_exact"), "CASE " + " ".join(exact) + " END")
    given_txt = [
        f"WHEN {_c(r.column + '_dec')} IS NOT NULL THEN {size_given_sql(d, r, _c(r.column + '_dec'))}"
        for r in v.SIZE_RULES
    ]
    plan.add(_c("size_given"), given_text or "CASE " + " ".join(given_txt) + " END")
    t_spec = input_spec("t")  # the T categories of every edition the input accepts (AJCC 7 T1a too)
    tables = (t_spec.table or "", *t_spec.also_tables)
    spellings = {normalize_token(r.get("t"))[1:]: r.get("t") for name in tables for r in load_table(name).rows}
    canon = " ".join(f"WHEN {d.lit(body)} THEN {d.lit(t)}" for body, t in sorted(spellings.items()))
    plan.add(_c("t_canon"), f"CASE WHEN {_c('t_ok')} THEN (CASE {_c('t_body')} {canon} END) END")


def _route(plan: Plan, d: Dialect) -> None:
    topo, site_raw = _c("topo"), _c("site_raw")
    tc, topo_idx = TableCase.build(d, "topography", {"topography": topo}, _c("topo_row"))
    ac, alias_idx = TableCase.build(d, "site_aliases", {"alias": _c("site_tok")}, _c("alias_row"))
    sd2_in = {"sd2": f"COALESCE({_c('schema_discriminator_2')}, '')", "topography": topo}
    sc, sd2_idx = TableCase.build(d, "schema_discriminator_2", sd2_in, _c("sd2_row"))
    plan.add(_c("topo_row"), topo_idx)
    plan.add(_c("alias_row"), alias_idx)
    plan.add(_c("sd2_row"), sd2_idx)
    plan.next()
    needs = tc.where("needs_sd2=yes")
    sd2_err = (
        f"CASE WHEN {_c('schema_discriminator_2')} IS NULL THEN "
        f"{_msg_sql(d, 'sd2_needed', topography=site_raw, why=tc.out('message'))} "
        f"WHEN {_c('sd2_row')} IS NOT NULL AND {sc.out('out_of_scope')} IS NOT NULL THEN {sc.out('message')} END"
    )
    topo_err = (
        f"CASE WHEN {_c('topo_row')} IS NULL THEN {_msg_sql(d, 'topography_unknown', topography=site_raw)} "
        f"WHEN {tc.out('out_of_scope')} IS NOT NULL THEN {tc.out('message')} WHEN {needs} THEN {sd2_err} END"
    )
    alias_err = (
        f"CASE WHEN {_c('alias_row')} IS NULL THEN "
        f"{_msg_sql(d, 'site_unknown', site=_repr_sql(d, _c('site')))} "
        f"WHEN {ac.out('out_of_scope')} IS NOT NULL THEN {ac.out('message')} END"
    )
    plan.add(_c("route_err"), f"CASE WHEN {_c('is_topo')} THEN {topo_err} ELSE {alias_err} END")
    sd2_agrees = f"{tc.out('sd2_match')} = {_c('schema_discriminator_2')}"
    plan.add(_c("sd2_used"), f"COALESCE({_c('is_topo')} AND ({needs} OR {sd2_agrees}), FALSE)")
    plan.add(
        _c("grp"),
        f"CASE WHEN {_c('is_topo')} THEN "
        f"(CASE WHEN {needs} THEN {sc.out('site_group')} ELSE {tc.out('site_group')} END) "
        f"ELSE {ac.out('site_group')} END",
    )
    plan.next()
    plan.add(_c("grp_tok"), f"COALESCE({normalize_sql(d, _c('grp'))}, '')")
    plan.next()


def _group_ts(tcat: TableCase, group: str) -> list[str]:
    return [r.get("t") for r in tcat.table.rows if normalize_token(group) in r.sets["site_group"]]


def _histology_and_t(plan: Plan, d: Dialect) -> dict[str, TableCase]:
    grp_tok = _c("grp_tok")
    beh = f"COALESCE({_c('beh')}, '3')"
    hc, h_idx = TableCase.build(
        d, "histology", {"morphology": _c("morph"), "behavior": beh, "site_group": grp_tok}, _c("hist_row")
    )
    plan.add(_c("hist_row"), h_idx)
    tcat, t_idx = TableCase.build(
        d, "t_categories", {"site_group": grp_tok, "t": f"upper({_c('t_canon')})"}, _c("tcat_row")
    )
    plan.add(_c("tcat_row"), t_idx)
    tex, e_idx = TableCase.build(d, "t_extent", {"site_group": grp_tok, "extent": _c("extent_tok")}, _c("ext_row"))
    plan.add(_c("ext_row"), e_idx)
    tsz, s_idx = TableCase.build(d, "t_size", {"site_group": grp_tok, "size_mm": _c("size_mm_int")}, _c("size_row"))
    plan.add(_c("size_row"), s_idx)
    plan.next()
    quoted = {
        name: f"{d.char(39)} || {expr} || {d.char(39)}" for name, expr in (("behavior", beh), ("site_group", _c("grp")))
    }
    no_row = _msg_sql(d, "histology_no_row", morphology=d.text(_c("morph")), **quoted)
    plan.add(
        _c("hist_err"),
        f"CASE WHEN {_c('histology')} IS NULL THEN NULL WHEN {_c('hist_row')} IS NULL THEN {no_row} "
        f"WHEN NOT {hc.where('in_scope=yes')} THEN {hc.out('message')} END",
    )
    groups = load_table("site_groups").rows
    allowed_t = [f"WHEN {d.lit(g.id)} THEN {d.lit(', '.join(_group_ts(tcat, g.id)))}" for g in groups]
    not_for_site = _msg_sql(
        d,
        "t_not_for_site",
        t=_c("t_canon"),
        site_group=_c("grp"),
        allowed=f"CASE {_c('grp')} {' '.join(allowed_t)} END",
    )
    read = f"{_c('t')} IS NOT NULL AND NOT {_c('t_own')}"  # t_own: the row's edition reads this T itself
    refused = other_edition_sql(d, not_for_site)
    plan.add(_c("t_err"), f"CASE WHEN {read} AND {_c('tcat_row')} IS NULL THEN {refused} END")
    ext_whens: list[str] = []
    for g in groups:
        extents = sorted(
            {r.get("extent") for r in tex.table.rows if r.get("t") and normalize_token(g.id) in r.sets["site_group"]}
        )
        if not extents:
            ext_whens.append(f"WHEN {d.lit(g.id)} THEN {_msg(d, 'extent_not_for_site', site_group=g.id)}")
        else:
            text = _msg_sql(
                d,
                "extent_unknown",
                extent=_repr_sql(d, _c("extent")),
                site_group=d.lit(g.id),
                allowed=d.lit(", ".join(extents)),
            )
            ext_whens.append(f"WHEN {d.lit(g.id)} THEN {text}")
    plan.add(
        _c("ext_err"),
        f"CASE WHEN {_c('extent')} IS NOT NULL AND {_c('ext_row')} IS NULL THEN "
        f"CASE {_c('grp')} {' '.join(ext_whens)} END END",
    )
    no_size = [g for g in groups if "size" not in [b.strip() for b in g.get("t_basis").split(",")]]
    plan.add(_c("size_unused"), f"COALESCE({_in(d, _c('grp'), [g.id for g in no_size])}, FALSE)")
    size_warn = [f"WHEN {d.lit(g.id)} THEN {d.lit(v.message(g.get('size_warning')))}" for g in no_size]
    plan.add(_c("size_warn"), f"CASE {_c('grp')} {' '.join(size_warn)} END" if size_warn else "NULL")
    plan.add(_c("explicit_t"), f"CASE WHEN {read} THEN {tcat.out('t')} END")
    for column in ("size_defined", "family", "assessed", "size_possible"):
        plan.add(_c(f"t_{column}"), tcat.out(column))
    plan.add(_c("from_extent"), f"CASE WHEN {_c('extent')} IS NOT NULL THEN {tex.out('t')} END")
    plan.add(_c("extent_cell"), tex.out("extent"))
    plan.next()
    plan.add(
        _c("from_size"),
        f"CASE WHEN {_c('size_mm_int')} IS NOT NULL AND NOT {_c('size_unused')} THEN {tsz.out('t')} END",
    )
    families = [
        f"WHEN {d.lit(g.id)} THEN (CASE {_c('from_extent')} "
        + " ".join(
            f"WHEN {d.lit(r.get('t'))} THEN {d.lit(r.get('family'))}"
            for r in tcat.table.rows
            if normalize_token(g.id) in r.sets["site_group"]
        )
        + " END)"
        for g in groups
    ]
    plan.add(_c("extent_family"), f"CASE {_c('grp')} {' '.join(families)} END")
    plan.next()
    return {"histology": hc}


def _yes_sql(condition: str) -> str:
    return f"CASE WHEN COALESCE({condition}, FALSE) THEN 'YES' ELSE 'NO' END"


def _decide_t(plan: Plan, d: Dialect, mm_text: str) -> None:
    """T from the table ``t_decide``: the same inputs as the per-row engine's ``_decide_t``, as SQL."""
    ex, fe, fs = _c("explicit_t"), _c("from_extent"), _c("from_size")
    facts = {
        "explicit": _yes_sql(f"{ex} IS NOT NULL"),
        "extent": _yes_sql(f"{fe} IS NOT NULL"),
        "size": _yes_sql(f"{fs} IS NOT NULL"),
        "extent_agrees": _yes_sql(f"{fe} = {ex} OR {_c('t_family')} = {fe} OR {_c('extent_family')} = {ex}"),
        "extent_finer": _yes_sql(f"{fe} <> {ex} AND {_c('extent_family')} = {ex}"),
        "size_defined": f"CASE WHEN {ex} IS NOT NULL THEN upper({_c('t_size_defined')}) ELSE 'NO' END",
        "size_agrees": _yes_sql(f"{fs} = {ex}"),
        "size_possible": f"CASE WHEN {ex} IS NOT NULL THEN upper({_c('t_size_possible')}) ELSE 'YES' END",
        "assessed": f"CASE WHEN {ex} IS NOT NULL THEN upper({_c('t_assessed')}) ELSE 'YES' END",
    }
    decide, idx = TableCase.build(d, "t_decide", facts, _c("t_decide_row"))
    plan.add(_c("t_decide_row"), idx)
    plan.next()
    values = {
        "t": ex,
        "extent": _repr_sql(d, _c("extent")),
        "t_from_extent": fe,
        "size_mm": mm_text,
        "t_from_size": fs,
    }
    errors = [
        f"WHEN {decide.offset + r.index} THEN {_msg_sql(d, r.get('error'), **values)}"
        for r in decide.rows
        if r.get("error")
    ]
    plan.add(_c("conflict_err"), f"CASE {_c('t_decide_row')} {' '.join(errors)} END")
    takes = {"explicit": ex, "extent": fe, "size": fs}
    chosen = [
        f"WHEN {decide.offset + r.index} THEN {takes.get(r.get('take'), d.lit(r.get('t')))}"
        for r in decide.rows
        if r.get("take")
    ]
    plan.add(_c("t_final"), f"CASE {_c('t_decide_row')} {' '.join(chosen)} END")
    warns = [
        f"WHEN {decide.offset + r.index} THEN {_msg(d, r.get('warning'))}" for r in decide.rows if r.get("warning")
    ]
    plan.add(_c("t_decide_warn"), f"CASE {_c('t_decide_row')} {' '.join(warns)} END" if warns else "NULL")
    codes = [f"WHEN {decide.offset + r.index} THEN {d.lit(r.get('warning'))}" for r in decide.rows if r.get("warning")]
    plan.add(_c("t_decide_wcode"), f"CASE {_c('t_decide_row')} {' '.join(codes)} END" if codes else "NULL")


def staging_sql(
    dialect: str,
    source: str,
    columns: Sequence[str] = v.INPUT_COLUMNS,
    keep: Sequence[str] | None = None,
    row_error: str | None = None,
    size_text: tuple[str, str] | None = None,
    features: bool = False,
    edition: str | None = None,
    per_row_edition: bool | None = None,
) -> str:
    """Return one SQL SELECT that stages every row of ``source``.

    Parameters
    ----------
    dialect
        ``duckdb``, ``postgres`` or ``spark``.
    source
        A table name or any FROM item (``read_parquet('x.parquet')``).
    columns
        The source's columns; input columns it lacks are read as blank.
    keep
        Columns to pass through before the outputs, in order (default: ``columns``).
    row_error
        The column of ``source`` that holds a reader's error for the row, if it has one
        (``_sarcoma_row_error``).
    size_text
        SQL for the size in millimetres and the size as given, as they appear in messages (default:
        computed from the row). The factorized form (:mod:`._factor`) puts placeholders here.
    features
        The source already holds the per-column features of :mod:`._features` (``_s_site_tok`` ...,
        ``_s_nonascii_<column>`` and ``_s_row_error``) instead of the input columns.
    edition
        The edition of rows whose ``edition`` column is blank (default: ``editions.yaml`` default).
    per_row_edition
        Whether a row may name its own edition (default: the source has an ``edition`` column). When
        not, only the one edition's tables are compiled, which halves the query DuckDB plans.
    """
    d = get_dialect(dialect)
    plan = Plan()
    if not features:
        _read(plan, d, columns, row_error)
        _parse(plan, d)
    mm_text, given_text = size_text or (d.text(_c("size_mm_int")), None)
    _prevalidate(plan, d, given_text)
    _route(plan, d)
    if per_row_edition is None:  # a row names its own edition only if the source has the column
        per_row_edition = features or "edition" in columns
    edition_inputs_sql(plan, d, edition, per_row=per_row_edition)
    _histology_and_t(plan, d)
    _decide_t(plan, d, mm_text)
    nm_grade(plan, d)
    stage_group(plan, d, edition, per_row=per_row_edition, mm_text=mm_text)
    passthrough = [(c, d.ident(c)) for c in (columns if keep is None else keep)]
    return plan.select(d, source, passthrough + outputs(d, mm_text))
