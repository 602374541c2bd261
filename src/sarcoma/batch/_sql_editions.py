"""The staging editions in the compiled SQL: each row is staged in its ``edition`` (default: the plan's).

The SQL twin of :mod:`sarcoma.staging._editions`, compiled from the same data
(``data/editions/editions.yaml`` and the tables it names): the scope rules become errors or
notices, AJCC 7's T comes from its size-and-depth table (or from the AJCC 8 T), unknown N becomes
the edition's ``unknown_n``, the stage is looked up in the edition's table for the row's site
group, and warnings are replaced as ``warning_overrides`` says. The default edition keeps the
AJCC 8 columns as they are. Warnings follow the per-row order: the AJCC 8 ones (overridden in
place, the AJCC 8 stage warning left out), then the edition's T, depth, stage and scope notes,
each only once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._staging_schema import input_spec
from .._tables import load_table, normalize_token
from ..staging import edition_codes, edition_entry, edition_template, editions
from ._compile import Plan, TableCase, normalize_sql, template_sql
from ._dialect import Dialect

__all__ = ["edition_sql", "edition_inputs_sql", "other_edition_sql", "replaced_sql", "EDITION_SLOTS", "TAIL_SLOTS"]

_OFFSET = 100_000
"""Row indexes of the edition tables are kept apart by this much in one key column."""

EDITION_SLOTS = {"size_warn": "w_size", "n_warn": "w_n", "m_warn": "w_m", "stage_warn": "w_stage"}
"""AJCC 8 warning columns and the edition-aware columns that replace them in the output."""
TAIL_SLOTS = ("w_ed_t", "w_ed_depth", "w_ed_stage", "w_ed_scope")
"""Warnings an edition adds after the AJCC 8 ones, in the per-row engine's order."""


def _c(name: str) -> str:
    return f"_s_{name}"


def _text(d: Dialect, code: str, values: dict[str, str]) -> str:
    """SQL for an edition (or catalogue) message; placeholders are SQL expressions."""
    template = edition_template(code)
    return template_sql(d, template, values) if "{" in template else d.lit(template)


def _in_cell(expr: str, cell: str) -> str:
    parts = []
    for part in filter(None, (p.strip() for p in cell.split(","))):
        low, _, high = part.partition("-")
        parts.append(f"{expr} BETWEEN {int(low)} AND {int(high or low)}")
    return "(" + " OR ".join(parts) + ")" if parts else "FALSE"


def _scope_hit(rule: dict[str, Any], d: Dialect, topo: str) -> str:
    hits = [
        f"COALESCE({_in_cell(_c('morph'), str(rule.get('histology') or ''))}, FALSE)",
        f"COALESCE({_in_cell(topo, str(rule.get('topography') or ''))}, FALSE)",
    ]
    groups = [g for g in str(rule.get("site_groups") or "").split(",") if g]
    if groups:
        hits.append(f"{_c('grp')} IN ({', '.join(d.lit(g) for g in groups)})")
    hit = "(" + " OR ".join(hits) + ")"
    if rule.get("except_topography"):
        hit += f" AND NOT COALESCE({_in_cell(topo, str(rule['except_topography']))}, FALSE)"
    return hit


def _override(d: Dialect, entry: dict[str, Any], code_sql: str, base: str, values: dict[str, str]) -> str:
    """The edition's text for a warning whose AJCC 8 code is ``code_sql``; otherwise ``base``."""
    overrides: dict[str, str] = entry["warning_overrides"]
    whens = [f"WHEN {d.lit(old)} THEN {_text(d, new, values)}" for old, new in overrides.items()]
    return f"CASE {code_sql} {' '.join(whens)} ELSE {base} END" if whens else base


@dataclass
class _Parts:
    """What one pass over the editions compiles, for the layers that follow."""

    others: list[str]
    mm_text: str
    t_sql: dict[str, str] = field(default_factory=dict)
    t_code_sql: dict[str, str] = field(default_factory=dict)
    err: dict[str, str] = field(default_factory=dict)
    size_t: dict[str, str] = field(default_factory=dict)
    scope: dict[str, list[str]] = field(default_factory=dict)


def _needed(default: str | None, per_row: bool) -> tuple[str, ...]:
    return edition_codes() if per_row else (default or editions()["default"],)


def edition_inputs_sql(plan: Plan, d: Dialect, default: str | None = None, *, per_row: bool = True) -> None:
    """The row's edition and depth, and ``t_own``: the row's edition reads its explicit T itself.

    ``t_own`` is the SQL of :func:`sarcoma.staging._edition_t.reads_t`: an edition with ``explicit_t``
    reads a T of its own T categories for the site group, and one that is no T of the default
    edition's for the site group either; then the AJCC 8 T step takes the row as giving no T.
    """
    base = editions()["default"]
    default = default or base
    plan.add(_c("ed"), f"COALESCE(lower({normalize_sql(d, _c('edition'))}), {d.lit(default)})")
    plan.add(_c("depth_tok"), f"COALESCE({normalize_sql(d, _c('depth'))}, 'UNKNOWN')")
    plan.add(_c("depth_given"), f"lower(trim({_c('depth')}))")
    plan.next()
    whens = []
    groups = load_table("site_groups").rows
    base_ts = load_table(edition_entry(base)["t_categories"])
    for code in _needed(default, per_row):
        entry = edition_entry(code)
        if code == base or not entry.get("explicit_t"):
            continue
        own = load_table(entry["t_categories"])
        by_group = []
        for g in groups:
            mine = [r.get("t") for r in own.select(site_group=g.id)]
            theirs = [r.get("t") for r in base_ts.select(site_group=g.id)]
            test = " OR ".join(
                part
                for part in (
                    f"{_c('t_canon')} IN ({', '.join(d.lit(t) for t in mine)})" if mine else "",
                    f"{_c('t_canon')} NOT IN ({', '.join(d.lit(t) for t in theirs)})" if theirs else "TRUE",
                )
                if part
            )
            by_group.append(f"WHEN {d.lit(g.id)} THEN {test}")
        whens.append(f"WHEN {d.lit(code)} THEN CASE {_c('grp')} {' '.join(by_group)} ELSE FALSE END")
    own_t = f"CASE {_c('ed')} {' '.join(whens)} ELSE FALSE END" if whens else "FALSE"
    plan.add(_c("t_own"), f"COALESCE({_c('t_canon')} IS NOT NULL AND {own_t}, FALSE)")
    plan.next()


def other_edition_sql(d: Dialect, otherwise: str) -> str:
    """SQL: the message for a T only an edition with its own T categories defines (AJCC 7 T1a), where
    the default edition's T step refuses it; else ``otherwise`` (``_edition_t.other_edition_error``)."""
    whens = []
    for code in edition_codes():
        entry = edition_entry(code)
        if entry.get("explicit_t"):
            ts = sorted({r.get("t") for r in load_table(entry["t_categories"]).rows})
            values = {"t": _c("t_canon"), "label": d.lit(entry["label"]), "edition": d.lit(code)}
            text = _text(d, entry["explicit_t"]["other_edition_error"], values)
            whens.append(f"WHEN {_c('t_canon')} IN ({', '.join(d.lit(t) for t in ts)}) THEN {text}")
    return f"CASE {' '.join(whens)} ELSE {otherwise} END" if whens else otherwise


def replaced_sql(d: Dialect, code_sql: str) -> str:
    """SQL: the row's edition read its own T, and the AJCC 8 T warning whose code is ``code_sql`` is one it
    leaves out (``explicit_t.replaces_warnings``)."""
    whens = []
    for code in edition_codes():
        replaced = (edition_entry(code).get("explicit_t") or {}).get("replaces_warnings") or []
        if replaced:
            whens.append(f"WHEN {d.lit(code)} THEN {code_sql} IN ({', '.join(d.lit(w) for w in replaced)})")
    if not whens:
        return "FALSE"
    return f"COALESCE({_c('t_own')} AND CASE {_c('ed')} {' '.join(whens)} ELSE FALSE END, FALSE)"


def edition_sql(
    plan: Plan, d: Dialect, default: str | None = None, *, per_row: bool = True, mm_text: str | None = None
) -> None:
    """Add the edition-aware columns: ed_t, ed_n, ed_stage, ed_err and the warning slots.

    ``per_row`` is false when no row can name its own edition (the source has no ``edition`` column):
    then only ``default``'s tables are compiled, and for the default edition (AJCC 8) none at all, so
    the query DuckDB plans is smaller.
    """
    base = editions()["default"]
    default = default or base
    _inputs(plan, d)
    needed = _needed(default, per_row)
    if base in needed and len(needed) == 1:
        _default_only(plan)
        return
    parts = _Parts([e for e in needed if e != base], mm_text or d.text(_c("size_mm_int")))
    for i, code in enumerate(parts.others):
        _edition_t_and_scope(plan, d, parts, i, code)
    plan.next()
    for code in parts.others:
        _given_t(plan, d, parts, code)
    plan.next()
    for code in parts.others:
        plan.add(_c(f"ed_t_{code}"), parts.t_sql.get(code, _c("t_final")))
        unknown_n = d.lit(edition_entry(code)["unknown_n"])
        plan.add(_c(f"ed_n_{code}"), f"CASE WHEN {_c('n_wcode')} IS NOT NULL THEN {unknown_n} ELSE {_c('n_cat')} END")
    plan.next()
    stage_whens, warn_whens = _stage_key(plan, d, parts.others)
    plan.next()
    _pick(plan, d, parts, stage_whens, warn_whens)
    _tail(plan, d, parts)
    plan.next()
    earlier = [_c("w_size"), _c("w_n"), _c("w_m")]
    default_ed = f"{_c('ed')} = {d.lit(editions()['default'])}"
    for slot, raw in (("w_ed_t", "w_ed_t0"), ("w_ed_depth", "w_ed_depth0"), ("w_ed_stage", "ed_stage_text")):
        seen = " OR ".join(f"{_c(raw)} = COALESCE({e}, '')" for e in earlier)
        plan.add(_c(slot), f"CASE WHEN {default_ed} OR {seen} THEN NULL ELSE {_c(raw)} END")
        earlier.append(_c(raw))
    plan.next()


def _default_only(plan: Plan) -> None:
    """Every row is in the default edition: its columns are the AJCC 8 ones, and it adds no note."""
    for name, base in (
        ("ed_t", "t_final"),
        ("ed_n", "n_cat"),
        ("ed_stage", "stage"),
        ("w_size", "size_warn"),
        ("w_n", "n_warn"),
        ("w_m", "m_warn"),
        ("w_stage", "stage_warn"),
    ):
        plan.add(_c(name), _c(base))
    plan.add(_c("ed_err"), "NULL")
    for slot in TAIL_SLOTS:
        plan.add(_c(slot), "NULL")
    plan.next()


def _inputs(plan: Plan, d: Dialect) -> None:
    groups = load_table("site_groups").rows
    size_code = " ".join(
        f"WHEN {d.lit(g.id)} THEN {d.lit(g.get('size_warning'))}" for g in groups if g.get("size_warning")
    )
    plan.add(_c("size_wcode"), f"CASE {_c('grp')} {size_code} END" if size_code else "NULL")
    plan.next()


def _edition_t_and_scope(plan: Plan, d: Dialect, parts: _Parts, i: int, code: str) -> None:
    """The edition's topography, its own T (AJCC 7: size and depth) and its scope rules."""
    entry = edition_entry(code)
    words = {normalize_token(k): int(v) for k, v in (entry.get("word_topography") or {}).items()}
    groups = {normalize_token(g.id) for g in load_table("site_groups").rows}
    by_word = " ".join(f"WHEN {d.lit(w)} THEN {v}" for w, v in words.items())
    by_group = " ".join(f"WHEN {d.lit(w)} THEN {v}" for w, v in words.items() if w in groups)
    fallback = f"CASE {_c('grp_tok')} {by_group} END" if by_group else "NULL"
    topo = f"CASE WHEN {_c('is_topo')} THEN {_c('topo')} " + (
        f"ELSE COALESCE(CASE {_c('site_tok')} {by_word} END, {fallback}) END" if by_word else "END"
    )
    plan.add(_c(f"topo_{code}"), topo)
    if "depth" in entry["inputs"]:
        (t_table,) = {r["t_table"] for r in entry["site_groups"].values()}  # one T table for every site group
        tsz, s_idx = TableCase.build(
            d,
            t_table,
            {"site_group": _c("grp_tok"), "depth": _c("depth_tok"), "size_mm": _c("size_mm_int")},
            _c(f"t7s_{code}"),
            offset=_OFFSET * (2 * i + 1),
        )
        tfa, f_idx = TableCase.build(
            d,
            entry["t_from_ajcc8"],
            {"site_group": _c("grp_tok"), "t": f"upper({_c('t_final')})", "depth": _c("depth_tok")},
            _c(f"t7f_{code}"),
            offset=_OFFSET * (2 * i + 2),
        )
        plan.add(_c(f"t7s_{code}"), s_idx)
        plan.add(_c(f"t7f_{code}"), f_idx)
        by_size = f"{_c('size_mm_int')} IS NOT NULL"
        parts.t_sql[code] = f"CASE WHEN {by_size} THEN {tsz.out('t')} ELSE {tfa.out('t7')} END"
        parts.t_code_sql[code] = f"CASE WHEN {by_size} THEN {tsz.out('warning')} ELSE {tfa.out('warning')} END"
        parts.size_t[code] = tsz.out("t")
    where = _c(f"topo_{code}")
    refuse = [
        f"WHEN {_scope_hit(r, d, where)} THEN {d.lit(r['message'])}" for r in entry["scope"] if r["action"] == "refuse"
    ]
    parts.err[code] = f"CASE {' '.join(refuse)} END" if refuse else "NULL"
    parts.scope[code] = [
        f"CASE WHEN {_scope_hit(r, d, where)} THEN {d.lit(r['message'])} END"
        for r in entry["scope"]
        if r["action"] == "no_stage"
    ]


def _given_t(plan: Plan, d: Dialect, parts: _Parts, code: str) -> None:
    """A T given in the edition's own terms (``explicit_t``; ``_edition_t.given_t``): its T, warning and error."""
    entry = edition_entry(code)
    if not entry.get("explicit_t") or code not in parts.size_t:
        return
    t_in = f"upper({_c('t_canon')})"
    cat, c_idx = TableCase.build(d, entry["t_categories"], {"site_group": _c("grp_tok"), "t": t_in}, _c(f"t7c_{code}"))
    size_t = f"COALESCE(upper({parts.size_t[code]}), '')"
    inputs = {"site_group": _c("grp_tok"), "t": t_in, "depth": _c("depth_tok"), "size_t": size_t}
    given, g_idx = TableCase.build(d, entry["explicit_t"]["table"], inputs, _c(f"t7e_{code}"))
    plan.add(_c(f"t7c_{code}"), c_idx)
    plan.add(_c(f"t7e_{code}"), g_idx)
    allowed = [
        f"WHEN {d.lit(g.id)} THEN {d.lit(', '.join(r.get('t') for r in cat.table.select(site_group=g.id)))}"
        for g in load_table("site_groups").rows
    ]
    not_for_site = _text(
        d,
        "t_not_for_site",
        {"t": _c("t_canon"), "site_group": _c("grp"), "allowed": f"CASE {_c('grp')} {' '.join(allowed)} END"},
    )
    values = {
        "t": _c("t_canon"),
        "size_mm": parts.mm_text,
        "t_from_size": parts.size_t[code],
        "depth": _c("depth"),
    }
    errors = " ".join(
        f"WHEN {given.offset + r.index} THEN {_text(d, r.get('error'), values)}" for r in given.rows if r.get("error")
    )
    refused = f"CASE WHEN {_c(f't7c_{code}')} IS NULL THEN {not_for_site} " + (
        f"ELSE CASE {_c(f't7e_{code}')} {errors} END END" if errors else "END"
    )
    own = _c("t_own")
    parts.err[code] = f"COALESCE({parts.err[code]}, CASE WHEN {own} THEN {refused} END)"
    parts.t_sql[code] = f"CASE WHEN {own} THEN {given.out('t7')} ELSE {parts.t_sql[code]} END"
    parts.t_code_sql[code] = f"CASE WHEN {own} THEN {given.out('warning')} ELSE {parts.t_code_sql[code]} END"


def _stage_key(plan: Plan, d: Dialect, others: list[str]) -> tuple[list[str], list[str]]:
    """One key column over every edition's stage table of every site group; the stage and warning WHENs."""
    stage_whens, warn_whens, key_whens = [], [], []
    for i, code in enumerate(others):
        entry = edition_entry(code)
        inputs = {
            "t": f"upper({_c(f'ed_t_{code}')})",
            "n": f"upper({_c(f'ed_n_{code}')})",
            "m": f"upper({_c('m_cat')})",
            "grade": f"upper({_c('grade_final')})",
            "topography": _c(f"topo_{code}"),
            "depth": _c("depth_tok"),
        }
        per_group = []
        for j, group in enumerate(load_table("site_groups").rows):
            name = entry["site_groups"][group.id]["stage_table"]
            tc, idx = TableCase.build(d, name, inputs, _c("ed_key"), offset=_OFFSET * (10 + 5 * i + j))
            per_group.append(f"WHEN {d.lit(group.id)} THEN {idx}")
            values = {"site_label": d.lit(group.get("label")), "t": _c(f"ed_t_{code}")}
            for row in tc.rows:
                stage_whens.append(f"WHEN {tc.offset + row.index} THEN {d.lit(row.get('stage'))}")
                if row.get("warning"):
                    warn_whens.append(f"WHEN {tc.offset + row.index} THEN {_text(d, row.get('warning'), values)}")
        key_whens.append(f"WHEN {d.lit(code)} THEN CASE {_c('grp')} {' '.join(per_group)} END")
    plan.add(_c("ed_key"), f"CASE {_c('ed')} {' '.join(key_whens)} END")
    return stage_whens, warn_whens


def _pick(plan: Plan, d: Dialect, parts: _Parts, stage_whens: list[str], warn_whens: list[str]) -> None:
    """Each row's outputs in its edition (the AJCC 8 columns for the default edition)."""
    ed, others = _c("ed"), parts.others
    default_ed = f"{ed} = {d.lit(editions()['default'])}"
    for name, base in (("ed_t", "t_final"), ("ed_n", "n_cat")):
        picks = " ".join(f"WHEN {d.lit(c)} THEN {_c(f'{name}_{c}')}" for c in others)
        plan.add(_c(name), f"CASE {ed} {picks} ELSE {_c(base)} END")
    by_key = f"CASE {_c('ed_key')} {' '.join(stage_whens)} END"
    plan.add(_c("ed_stage"), f"CASE WHEN {default_ed} THEN {_c('stage')} ELSE {by_key} END")
    plan.add(_c("ed_err"), f"CASE {ed} " + " ".join(f"WHEN {d.lit(c)} THEN {parts.err[c]}" for c in others) + " END")
    plan.add(_c("ed_stage_text"), f"CASE {_c('ed_key')} {' '.join(warn_whens)} END" if warn_whens else "NULL")
    for slot, code_col, base in (
        ("w_size", "size_wcode", "size_warn"),
        ("w_n", "n_wcode", "n_warn"),
        ("w_m", "m_wcode", "m_warn"),
    ):
        whens = []
        for c in others:
            values = {"site_label": "''", "t": _c(f"ed_t_{c}")}
            whens.append(f"WHEN {d.lit(c)} THEN {_override(d, edition_entry(c), _c(code_col), _c(base), values)}")
        plan.add(_c(slot), f"CASE {ed} {' '.join(whens)} ELSE {_c(base)} END")
    plan.add(_c("w_stage"), f"CASE WHEN {default_ed} THEN {_c('stage_warn')} END")


def _tail(plan: Plan, d: Dialect, parts: _Parts) -> None:
    """The edition's own notes: its T warning, the depth it ignored, and its scope notes."""
    ed = _c("ed")
    t_whens, depth_whens, scope_whens = [], [], []
    values = {"t8": _c("t_final"), "depth": _c("depth_given")}
    for c in parts.others:
        entry = edition_entry(c)
        if c in parts.t_code_sql:
            tables = (
                entry["t_from_ajcc8"],
                *{r["t_table"] for r in entry["site_groups"].values()},
                *([entry["explicit_t"]["table"]] if entry.get("explicit_t") else []),
            )
            codes = sorted({r.get("warning") for name in tables for r in load_table(name).rows if r.get("warning")})
            texts = " ".join(f"WHEN {d.lit(k)} THEN {_text(d, k, {**values, 't': _c(f'ed_t_{c}')})}" for k in codes)
            t_whens.append(f"WHEN {d.lit(c)} THEN CASE {parts.t_code_sql[c]} {texts} END")
        depth_rule = entry.get("depth") or {}
        if depth_rule:
            deep = ", ".join(d.lit(g) for g in depth_rule["deep_only_site_groups"])
            text = _text(d, depth_rule["conflict_warning"], values)
            unknown = d.lit(input_spec("depth").default or "")
            given = f"{_c('depth_given')} IS NOT NULL AND {_c('depth_given')} <> {unknown}"
            depth_whens.append(f"WHEN {d.lit(c)} THEN CASE WHEN {given} AND {_c('grp')} IN ({deep}) THEN {text} END")
        if parts.scope[c]:
            scope_whens.append(f"WHEN {d.lit(c)} THEN concat_ws(' | ', {', '.join(parts.scope[c])})")
    plan.add(_c("w_ed_t0"), f"CASE {ed} {' '.join(t_whens)} END" if t_whens else "NULL")
    plan.add(_c("w_ed_depth0"), f"CASE {ed} {' '.join(depth_whens)} END" if depth_whens else "NULL")
    plan.add(_c("w_ed_scope"), f"NULLIF(CASE {ed} {' '.join(scope_whens)} END, '')" if scope_whens else "NULL")
