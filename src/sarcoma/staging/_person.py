"""The person register: what a patient reads about their own case, built from the case's own facts.

The registry register (``stage``, ``tnm``, the batch, SQL and FHIR codes) keeps the unknown-value
conventions. The sentences here never state a convention-derived value as a fact: an unknown size,
grade, node status or spread is said to be unknown, and when the unknowns leave several possible
stages the headline says so and names the fact that decides each one. The sentence pieces are data
(``data/person_register.yaml``); the stages come from :mod:`._possible`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .._tables import load_table
from ._possible import Possible
from ._result import STAGES

__all__ = ["CaseFacts", "PersonText", "person_text", "piece", "sized_summary"]


@cache
def _pieces() -> dict[str, str]:
    return {row.get("key"): row.get("plain") for row in load_table("person_register").rows}


def piece(key: str, **values: str) -> str:
    """One sentence piece from ``person_register.yaml``, filled with ``values``."""
    return _pieces()[key].format(**values)


@cache
def _fixed(key: str) -> str:
    """A piece with nothing to fill, as :func:`piece` gives it (formatted once)."""
    return piece(key)


@dataclass(frozen=True)
class CaseFacts:
    """What the case says, axis by axis, before any convention is applied."""

    site_group: str
    site_plain: str
    size_mm: int | None
    t: str
    t_from: str
    """size, extent, explicit or missing."""
    t_plain: list[str]
    n: str
    n_known: bool
    n_plain: str
    m: str
    m_known: bool
    m_plain: str
    grade: str
    grade_known: bool
    grade_plain: str
    stage: str
    possible: Possible


@dataclass(frozen=True)
class PersonText:
    """The person-register texts of one case."""

    headline: str
    summary: str
    parts: dict[str, str]
    codes: dict[str, str]
    stage_meaning: list[str] = field(default_factory=list)


def _cm(mm: int) -> str:
    return f"{mm / 10:g} cm"


def _join(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


@lru_cache(maxsize=4096)
def _size_sentence(size_mm: int | None, t_from: str) -> str | None:
    """The summary's first sentence, the size, when it was measured and T was not given outright."""
    if size_mm is None or t_from == "explicit":
        return None
    return piece("size_known", size=_cm(size_mm))


def sized_summary(summary: str, size_mm: int | None, t_from: str) -> str:
    """``summary`` (of the case's facts without its size) with the size sentence first, as
    :func:`person_text` gives it with the size: the rest of the texts does not depend on the size."""
    sentence = _size_sentence(size_mm, t_from)
    return summary if sentence is None else f"{sentence} {summary}"


def _tumor(f: CaseFacts) -> list[str]:
    out: list[str] = []
    if (sentence := _size_sentence(f.size_mm, f.t_from)) is not None:
        out.append(sentence)
    if f.t_from in ("extent", "explicit"):
        out.extend(f.t_plain)
    elif f.t_from == "missing":
        out.append(_fixed("extent_unknown" if f.site_group == "abdomen_thoracic_visceral" else "size_unknown"))
    return out


def _spread(f: CaseFacts) -> list[str]:
    if f.n_known and f.m_known and f.n == "N0" and f.m == "M0":
        return [_fixed("n0_m0")]
    if not f.n_known and not f.m_known:
        return [_fixed("nm_unknown")]
    n = _fixed(f"n_{f.n}") if f.n_known else _fixed("n_unknown")
    m = _fixed(f"m_{f.m}") if f.m_known else _fixed("m_unknown")
    return [n, m]


@cache
def _band(site_group: str, ts: tuple[str, ...]) -> str:
    rows = load_table("t_size").select(site_group=site_group)
    spans = [r.ranges["size_mm"][0] for r in rows if r.get("t") in ts]
    low, high = min(s[0] for s in spans), max(s[1] for s in spans)
    last = max(r.ranges["size_mm"][0][1] for r in rows)
    if low <= 1:
        return piece("band_upto", high=_cm(high))
    if high >= last:
        return piece("band_over", low=_cm(low - 1))
    return piece("band_between", low=_cm(low - 1), high=_cm(high))


def condition_text(site_group: str, axis: str, values: list[str]) -> str:
    """'the tumor is low grade', 'it has spread to nearby lymph nodes': one axis taking ``values``."""
    if axis == "grade":
        if values == ["G1"]:
            return _fixed("if_grade_low")
        return piece("if_grade", numbers=_join([v[1:] for v in values], "or"))
    if axis == "t":
        return piece("if_size", band=_band(site_group, tuple(values)))
    return _join([_fixed(f"if_{axis}_{v}") for v in values], "or")


def _choices(site_group: str, found: Possible, axis: str) -> str:
    by_stage: dict[str, list[str]] = {}
    for c in found.completions:
        values = by_stage.setdefault(c.stage, [])
        if c.value(axis) not in values:
            values.append(c.value(axis))
    parts = [f"{s} if {condition_text(site_group, axis, by_stage[s])}" for s in sorted(by_stage, key=STAGES.index)]
    return ", ".join(parts[:-1]) + ", or " + parts[-1]


def _ask(missing: tuple[str, ...]) -> str:
    if len(missing) == 1:
        return _fixed(f"ask_{missing[0]}")
    return piece("ask_many", facts=_join([_fixed(f"about_{m}") for m in missing]))


def _conclusion(f: CaseFacts) -> tuple[str, tuple[str, ...]]:
    anyway = not (f.n_known and f.m_known and f.grade_known and f.t != "TX")
    return _conclusion_for(f.site_group, f.site_plain, f.stage, anyway, f.possible)


@cache
def _conclusion_for(
    site_group: str, site_plain: str, stage: str, anyway: bool, found: Possible
) -> tuple[str, tuple[str, ...]]:
    """The headline and the closing lines: the same for every case with these stages and unknowns."""
    stages = found.stages
    if stage == "none":
        return _fixed("headline_none"), (piece("no_group", site=site_plain),)
    if len(stages) == 1:
        if stages[0] == "unknown":
            return _fixed("headline_unknown"), (_fixed("no_tumor"),)
        return piece("headline_one", stage=stages[0]), (
            piece("one_stage_anyway" if anyway else "one_stage", stage=stages[0]),
        )
    shown = _join(list(stages), "or")
    lines = [_fixed("several")]
    if len(found.axes) == 1:
        lines.append(piece("several_if", choices=_choices(site_group, found, found.axes[0])))
    else:
        lines.append(piece("several_list", stages=shown))
    if found.missing:
        lines.append(_ask(found.missing))
    return piece("headline_several", stages=shown), tuple(lines)


def _parts(f: CaseFacts) -> tuple[dict[str, str], dict[str, str]]:
    unknown = _fixed("value_unknown")
    if f.t_from == "missing" or f.t == "TX":
        t_part = _fixed("extent_unknown" if f.site_group == "abdomen_thoracic_visceral" else "card_t_unknown")
    else:
        t_part = " ".join(f.t_plain)
    parts = {
        "t": t_part,
        "n": f.n_plain if f.n_known else _fixed("card_n_unknown"),
        "m": f.m_plain if f.m_known else _fixed("card_m_unknown"),
        "grade": f.grade_plain if f.grade_known else _fixed("card_grade_unknown"),
    }
    codes = {
        "t": f.t,
        "n": f.n if f.n_known else unknown,
        "m": f.m if f.m_known else unknown,
        "grade": f.grade if f.grade_known else unknown,
    }
    return parts, codes


_STAGE_TAIL = re.compile(r", so it is stage [IVAB]+\.$")


def _meaning(f: CaseFacts) -> list[str]:
    if f.stage == "none":
        return []
    return list(_meaning_for(f.site_group, f.possible))  # a new list: the result's own


@cache
def _meaning_for(site_group: str, found: Possible) -> tuple[str, ...]:
    """What the possible stages mean: the same for every case with these stages and unknowns."""
    group = load_table("site_groups").require(site_group=site_group)
    table = load_table(group.get("stage_table"))
    rows = sorted(
        {c.row for c in found.completions},
        key=lambda r: (STAGES.index(table.row(r).get("stage")), table.row(r).index),
    )
    if len(rows) == 1:
        return (table.row(rows[0]).get("plain"),)
    by_stage: dict[str, list[str]] = {}  # one line per stage: a second row of a stage follows "Or it would mean:"
    for row_id in rows:
        row = table.row(row_id)
        line = _STAGE_TAIL.sub(".", row.get("plain"))  # "..., so it is stage IIIA." repeats the label
        label = "A stage" if row.get("stage") == "unknown" else f"Stage {row.get('stage')}"
        by_stage.setdefault(label, []).append(line[0].lower() + line[1:])
    out = []
    for label, lines in by_stage.items():
        text = piece("meaning_would", stage=label, line=lines[0])
        for line in lines[1:]:
            text = piece("meaning_or", first=text, line=line)
        out.append(text)
    return tuple(out)


def person_text(f: CaseFacts) -> PersonText:
    """The headline, plain summary, part cards and stage meaning for one case, from its own facts."""
    headline, conclusion = _conclusion(f)
    facts = [*_tumor(f), _fixed(f"grade_{f.grade}") if f.grade_known else _fixed("grade_unknown"), *_spread(f)]
    parts, codes = _parts(f)
    return PersonText(
        headline=headline,
        summary=" ".join([*facts, *conclusion]),
        parts=parts,
        codes=codes,
        stage_meaning=_meaning(f),
    )
