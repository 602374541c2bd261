"""Stage a case in another edition (UICC TNM 9, UICC TNM 8, AJCC 7) with the tables of ``data/editions``.

The AJCC 8 engine works out the site group, size, T, N, M and grade first; this module then reads,
per edition, what ``data/editions/editions.yaml`` names: the scope rules, the T table (AJCC 7: size
and depth), what unknown N becomes, the stage table, the stage words and the warnings that replace
AJCC 8 ones. No rule, cut point or text is written here: every one is a row of those tables.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from itertools import product
from typing import Any

from .._data import load_data
from .._messages import entry
from .._staging_schema import input_spec
from .._tables import Table, load_table, normalize_token
from .._trusted import trusted
from ..errors import OutOfScope
from ._basis import prefix_for, tnm_codes
from ._edition_t import given_t, reads_t
from ._model import StagingInput
from ._person import CaseFacts, _join, _spread, _tumor, piece
from ._possible import Completion, Possible, fact_name, known_values, t_values
from ._result import STAGES, Notice, StageResult, Step, TNMCode, table_step
from ._site import parse_topography

__all__ = [
    "editions",
    "edition_codes",
    "edition_entry",
    "edition_label",
    "edition_message",
    "edition_template",
    "in_edition",
    "site_topography",
]


@cache
def editions() -> dict[str, Any]:
    """The editions index (``data/editions/editions.yaml``)."""
    doc: dict[str, Any] = load_data("editions/editions.yaml")
    return doc


def edition_codes() -> tuple[str, ...]:
    """ajcc8, uicc9, uicc8, ajcc7: in the index's order, the default first."""
    return tuple(editions()["editions"])


def edition_entry(code: str) -> dict[str, Any]:
    """One edition's entry of the index."""
    entry: dict[str, Any] = editions()["editions"][code]
    return entry


def edition_label(code: str) -> str:
    """The edition in words, as :attr:`StageResult.edition` gives it ("AJCC 8th" for the default)."""
    if code == editions()["default"]:
        return StageResult.model_fields["edition"].default  # type: ignore[no-any-return]
    return str(edition_entry(code)["label"])


@cache
def _edition_messages() -> dict[str, str]:
    return {row.get("code"): row.get("message") for row in load_table("editions/messages").rows}


def edition_template(code: str) -> str:
    """The text of a warning of an edition (``editions/messages.yaml``), or else of the catalogue."""
    return _edition_messages().get(code) or entry(code).get("message")


def edition_message(code: str, **values: object) -> str:
    """A warning of an edition (``editions/messages.yaml``), or else of the catalogue, with values filled."""
    template = edition_template(code)
    return template.format(**values) if _names(template) else template


def _names(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _in_cell(value: int | None, cell: str) -> bool:
    """A code in a range cell of the index (``"8832-8833"``, ``"380,384,388"``)."""
    if value is None:
        return False
    for part in filter(None, (p.strip() for p in cell.split(","))):
        low, _, high = part.partition("-")
        if int(low) <= value <= int(high or low):
            return True
    return False


def _scope(entry: dict[str, Any], group: str, topography: int | None, histology: int | None) -> list[Notice]:
    """The edition's scope rules: refuse (raise) or a notice that there is no stage group."""
    notices = []
    for rule in entry["scope"]:
        hit = (
            _in_cell(histology, str(rule.get("histology") or ""))
            or _in_cell(topography, str(rule.get("topography") or ""))
            or group in str(rule.get("site_groups") or "").split(",")
        )
        if hit and rule.get("except_topography") and _in_cell(topography, str(rule["except_topography"])):
            hit = False
        if not hit:
            continue
        if rule["action"] == "refuse":
            raise OutOfScope(rule["message"], reason=rule["id"], field="histology" if rule.get("histology") else "site")
        notices.append(trusted(Notice, code=rule["id"], message=rule["message"]))
    return notices


@dataclass
class _Warnings:
    values: dict[str, str]
    notices: list[Notice]

    def add(self, code: str) -> None:
        if code and all(n.code != code for n in self.notices):
            self.notices.append(trusted(Notice, code=code, message=edition_message(code, **self.values)))


def _ajcc8_stage_warning(result: StageResult) -> str:
    step = next(s for s in result.explanation if s.step == "stage")
    return load_table(step.table).row(step.row).get("warning")


def _edition_t(entry: dict[str, Any], result: StageResult, depth: str) -> tuple[str, Step, str]:
    """T in the edition's terms: AJCC 8's T unless the edition reads size and depth itself (AJCC 7)."""
    group = result.site_group
    ref = entry["site_groups"][group]
    if "depth" not in entry["inputs"]:
        return result.t, next(s for s in result.explanation if s.step == "t"), ""
    if result.size_mm is not None:
        table = load_table(ref["t_table"])
        row = table.require(site_group=group, depth=depth, size_mm=result.size_mm)
        t = row.get("t")
        text = f"Size {result.size_mm} mm and depth {depth} give {t} ({entry['label']})."
    else:
        table = load_table(entry["t_from_ajcc8"])
        row = table.require(site_group=group, t=result.t, depth=depth)
        t = row.get("t7")
        text = f"AJCC 8 {result.t} with depth {depth} is {entry['label']} {t}."
    label = load_table(entry["t_categories"]).require(site_group=group, t=t).get("plain")
    return t, table_step(table, row, "t", t, text, row.get("plain") or label), row.get("warning")


def _completions(
    table: Table, ts: tuple[str, ...], known: dict[str, str | None], extra: dict[str, Any]
) -> tuple[Completion, ...]:
    choices = (
        (known["t"],) if known["t"] is not None else ts,
        (known["n"],) if known["n"] is not None else known_values("n"),
        (known["m"],) if known["m"] is not None else known_values("m"),
        (known["grade"],) if known["grade"] is not None else known_values("grade"),
    )
    out = []
    for ct, cn, cm, cg in product(*choices):
        row = table.require(t=ct, n=cn, m=cm, grade=cg, **extra)
        out.append(Completion(ct, cn, cm, cg, row.get("stage"), row.id))
    return tuple(out)


def _possible(group: str, items: tuple[Completion, ...], unknown: list[str]) -> Possible:
    stages = tuple(sorted({c.stage for c in items}, key=STAGES.index))
    axes = []
    if len(stages) > 1:
        for axis in unknown:
            others = [a for a in ("t", "n", "m", "grade") if a != axis]
            by_rest: dict[tuple[str, ...], set[str]] = {}
            for c in items:
                by_rest.setdefault(tuple(c.value(a) for a in others), set()).add(c.stage)
            if any(len(s) > 1 for s in by_rest.values()):
                axes.append(axis)
    return Possible(stages, tuple(fact_name(group, a) for a in axes), tuple(axes), items)


def _label(labels: Table, stage: str, column: str) -> bool:
    """A stage's ``has_stage_group`` or ``assigned`` cell in the edition's stage words."""
    return labels.require(stage=stage).get(column) == "yes"


def _conclusion(labels: Table, stage: str, site_plain: str, found: Possible) -> tuple[str, list[str]]:
    """The headline and closing lines, from the person register pieces (as ``_person`` words them)."""
    if not _label(labels, stage, "has_stage_group"):
        return piece("headline_none"), [piece("no_group", site=site_plain)]
    if len(found.stages) == 1:
        if not _label(labels, found.stages[0], "assigned"):
            return piece("headline_unknown"), [piece("no_tumor")]
        return piece("headline_one", stage=stage), [piece("one_stage", stage=stage)]
    shown = _join(list(found.stages), "or")
    lines = [piece("several"), piece("several_list", stages=shown)]
    if found.missing:
        many = [piece(f"about_{m}") for m in found.missing]
        lines.append(piece(f"ask_{found.missing[0]}") if len(many) == 1 else piece("ask_many", facts=_join(many)))
    return piece("headline_several", stages=shown), lines


def _meaning(labels: Table, table: Table, stage: str, found: Possible) -> list[str]:
    if not _label(labels, stage, "has_stage_group"):
        return []
    rows = sorted({c.row for c in found.completions}, key=lambda r: table.row(r).index)
    return [table.row(r).get("plain") for r in rows]


def _t_code(entry: dict[str, Any], result: StageResult, t: str) -> TNMCode:
    row = load_table(entry["t_categories"]).require(site_group=result.site_group, t=t)
    assessed = row.get("assessed") == "yes"
    return TNMCode(
        axis="t",
        prefix=result.t_code.prefix,
        category=t,
        code=result.t_code.prefix + t,
        known=assessed,
        label=row.get("label"),
    )


def site_topography(code: str, site: str, group: str) -> int | None:
    """The ICD-O-3 topography the edition's tables read: the code given, or ``word_topography`` for a word."""
    given = parse_topography(site)
    if given is not None:
        return given
    words = {normalize_token(k): v for k, v in (edition_entry(code).get("word_topography") or {}).items()}
    found = words.get(normalize_token(site))
    return found if found is not None else words.get(normalize_token(group))


def in_edition(result: StageResult, case: StagingInput) -> StageResult:
    """The AJCC 8 ``result`` of ``case`` staged again in ``case.edition``; the same result for the default."""
    code = case.edition
    if code == editions()["default"]:
        return result
    entry = edition_entry(code)
    group = result.site_group
    topography = site_topography(code, case.site, result.site_group)
    histology = int(result.histology_code[:4]) if result.histology_code else None
    scope = _scope(entry, group, topography, histology)
    depth = case.depth or input_spec("depth").default or ""
    given = given_t(code, group, case.t, depth, result.size_mm) if case.t and reads_t(code, group, case.t) else None
    if given is not None:
        t, t_step, t_warning = given.t, given.step, given.warning
    else:
        t, t_step, t_warning = _edition_t(entry, result, depth)
    n_known = result.n_code.known
    n = result.n if n_known else entry["unknown_n"]
    ref = entry["site_groups"][group]
    table = load_table(ref["stage_table"])
    extra = {"topography": topography, "depth": depth}
    row = table.require(t=t, n=n, m=result.m, grade=result.grade, **extra)
    stage = row.get("stage")
    labels = load_table(entry["stage_labels"])
    label_row = labels.require(stage=stage)
    values = {"site_label": result.site_label, "t": t, "t8": result.t, "depth": case.depth or ""}
    warnings = _Warnings(values, [])
    overrides: dict[str, str] = entry["warning_overrides"]
    dropped = {_ajcc8_stage_warning(result), *(entry["explicit_t"]["replaces_warnings"] if given else ())}
    for notice in result.warnings:
        if notice.code in dropped:
            continue
        if notice.code in overrides:
            warnings.add(overrides[notice.code])
        else:
            warnings.notices.append(notice)
    warnings.add(t_warning)
    depth_rule = entry.get("depth") or {}
    if case.depth not in (None, input_spec("depth").default) and group in depth_rule.get("deep_only_site_groups", []):
        warnings.add(depth_rule["conflict_warning"])
    warnings.add(row.get("warning"))
    warnings.notices.extend(n for n in scope if all(w.code != n.code for w in warnings.notices))
    stage_step = table_step(
        table,
        row,
        "stage",
        stage,
        f"{t} {n} {result.m} {result.grade} matches row {row.id}: {label_row.get('label')}.",
        row.get("plain"),
    )
    steps = [s for s in result.explanation if s.step != "stage"]
    if given is not None:  # the edition's T step in place of the default edition's
        at = next((i for i, s in enumerate(steps) if s.step == "t"), len(steps))
        steps = [*steps[:at], t_step, *(s for s in steps[at:] if s.step != "t")]
    elif t != result.t or t_step not in steps:
        steps.append(t_step)
    steps.append(stage_step)
    m_known, grade_known = result.m_code.known, "grade" not in result.unknown
    t_known = load_table(entry["t_categories"]).require(site_group=group, t=t).get("assessed") == "yes"
    completion_ts = t_values(entry["t_categories"], group)
    known = {
        "t": t if t_known else None,
        "n": n if n_known else None,
        "m": result.m if m_known else None,
        "grade": result.grade if grade_known else None,
    }
    found = _possible(
        group, _completions(table, completion_ts, known, extra), [a for a, v in known.items() if v is None]
    )
    site_plain = load_table("site_groups").require(site_group=group).get("plain")
    headline, closing = _conclusion(labels, stage, site_plain, found)
    facts = CaseFacts(
        site_group=group,
        site_plain=site_plain,
        size_mm=result.size_mm,
        t=given.t if given else result.t,
        t_from=given.t_from if given else result.t_from,
        t_plain=[given.plain] if given else [s.plain for s in result.explanation if s.step == "t"],
        n=result.n,
        n_known=n_known,
        n_plain="",
        m=result.m,
        m_known=m_known,
        m_plain="",
        grade=result.grade,
        grade_known=grade_known,
        grade_plain="",
        stage=stage,
        possible=found,
    )
    grade_text = piece(f"grade_{result.grade}") if grade_known else piece("grade_unknown")
    summary = " ".join([*_tumor(facts), grade_text, *_spread(facts), *closing])
    n_prefix = prefix_for("n", case.basis, n, n_known)
    update: dict[str, Any] = {
        "edition": edition_label(code),
        "t": t,
        "n": n,
        "stage": stage,
        "stage_label": label_row.get("label"),
        "tnm": tnm_codes(case.basis, t, n, result.m, n_given=n_known, m_raw=case.m),
        "t_code": _t_code(entry, result, t),
        "n_code": result.n_code.model_copy(update={"category": n, "code": n_prefix + n})
        if n != result.n
        else result.n_code,
        "has_stage_group": label_row.get("has_stage_group") == "yes",
        "stage_assigned": label_row.get("assigned") == "yes",
        "possible_stages": list(found.stages),
        "missing": list(found.missing),
        "headline": headline,
        "summary": summary,
        "stage_meaning": _meaning(labels, table, stage, found),
        "registry_summary": row.get("plain"),
        "warnings": warnings.notices,
        "explanation": steps,
    }
    if given is not None:  # T was given in the edition's terms: known unless TX
        t_fact = fact_name(group, "t")
        update |= {
            "t_from": given.t_from,
            "plain_parts": {**result.plain_parts, "t": given.plain},
            "plain_codes": {**result.plain_codes, "t": given.t},
            "unknown": [*([] if t_known else [t_fact]), *(f for f in result.unknown if f != t_fact)],
        }
    return result.model_copy(update=update)
