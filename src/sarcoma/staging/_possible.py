"""Possible stages: run every completion of the unknown inputs through the same stage table.

The registry register groups unknowns by convention (NX as N0, MX as M0, GX with G1, TX as stage
I). The person register asks instead which stages the case *could* have: each unknown input takes
each value it can take (T: the site's T categories other than TX and T0, since a tumor is there;
N: N0/N1; M: M0/M1; grade: G1-G3), and every completion is looked up in the site group's stage
table. No new rule is written here. Results are cached per site group and pattern of unknowns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import product

from .._tables import load_table
from ._result import STAGES

__all__ = ["Completion", "Possible", "possible", "completions", "AXIS_FACT", "fact_name", "known_values", "t_values"]

AXIS_FACT = {"t": "size", "n": "nodes", "m": "distant_spread", "grade": "grade"}
"""The fact that settles each axis (``size`` becomes ``extent`` where T comes from extent only)."""


@cache
def known_values(axis: str) -> tuple[str, ...]:
    """The categories a known N, M or grade can take, in table order: those of the rows that carry no
    unknown-value convention (``nodes_metastasis`` for n and m, ``grade`` for grade)."""
    if axis == "grade":
        rows = load_table("grade").rows
        return tuple(dict.fromkeys(r.get("grade") for r in rows if not r.get("warning")))
    rows = load_table("nodes_metastasis").select(axis=axis)
    return tuple(dict.fromkeys(r.get("category") for r in rows if not r.get("warning")))


def t_values(table_id: str, site_group: str) -> tuple[str, ...]:
    """The T categories a measured tumor can have at this site group (``size_possible``: not TX or T0)."""
    return tuple(
        r.get("t") for r in load_table(table_id).select(site_group=site_group) if r.get("size_possible") == "yes"
    )


@dataclass(frozen=True)
class Completion:
    """One way the unknowns could turn out, and the stage table row it reaches."""

    t: str
    n: str
    m: str
    grade: str
    stage: str
    row: str

    def value(self, axis: str) -> str:
        """The value this completion gives ``axis`` (t, n, m or grade)."""
        return str(getattr(self, axis))


@dataclass(frozen=True, eq=False)
class Possible:
    """The stages a case could have, and the facts that would settle it, most decisive first.

    :func:`possible` gives one instance per site group and pattern of unknowns, so instances compare
    and hash by identity: the person texts built from one are cached on it cheaply.
    """

    stages: tuple[str, ...]
    missing: tuple[str, ...]
    axes: tuple[str, ...]
    """The missing facts as axes (t, n, m, grade), in the same order as ``missing``."""
    completions: tuple[Completion, ...]


@cache
def fact_name(site_group: str, axis: str) -> str:
    """The fact that settles ``axis`` at this site group: size, extent, nodes, distant_spread or grade."""
    if axis == "t":
        basis = load_table("site_groups").require(site_group=site_group).get("t_basis")
        return "size" if "size" in basis else "extent"
    return AXIS_FACT[axis]


def _t_values(site_group: str) -> tuple[str, ...]:
    return t_values("t_categories", site_group)


@cache
def completions(
    site_group: str, t: str | None, n: str | None, m: str | None, grade: str | None
) -> tuple[Completion, ...]:
    """Every completion of the unknowns (``None``) looked up in the site group's stage table."""
    table = load_table(load_table("site_groups").require(site_group=site_group).get("stage_table"))
    choices = (
        (t,) if t is not None else _t_values(site_group),
        (n,) if n is not None else known_values("n"),
        (m,) if m is not None else known_values("m"),
        (grade,) if grade is not None else known_values("grade"),
    )
    out = []
    for ct, cn, cm, cg in product(*choices):
        row = table.require(t=ct, n=cn, m=cm, grade=cg)
        out.append(Completion(ct, cn, cm, cg, row.get("stage"), row.id))
    return tuple(out)


def _stages(items: tuple[Completion, ...] | list[Completion]) -> tuple[str, ...]:
    return tuple(sorted({c.stage for c in items}, key=STAGES.index))


def _decisiveness(items: tuple[Completion, ...], axis: str) -> float | None:
    """Mean number of stages left once ``axis`` is known; ``None`` when knowing it changes nothing."""
    groups: dict[str, list[Completion]] = {}
    for c in items:
        groups.setdefault(c.value(axis), []).append(c)
    # the axis matters when two completions that differ only in it give different stages
    others = [a for a in ("t", "n", "m", "grade") if a != axis]
    by_rest: dict[tuple[str, ...], set[str]] = {}
    for c in items:
        by_rest.setdefault(tuple(c.value(a) for a in others), set()).add(c.stage)
    if all(len(s) == 1 for s in by_rest.values()):
        return None
    return sum(len(_stages(g)) for g in groups.values()) / len(groups)


@cache
def possible(site_group: str, t: str | None, n: str | None, m: str | None, grade: str | None) -> Possible:
    """The possible stages of a case whose unknown axes are ``None``, with the facts that would settle it."""
    items = completions(site_group, t, n, m, grade)
    stages = _stages(items)
    unknown = [a for a, v in (("t", t), ("n", n), ("m", m), ("grade", grade)) if v is None]
    scored = []
    if len(stages) > 1:
        for order, axis in enumerate(unknown):
            score = _decisiveness(items, axis)
            if score is not None:
                scored.append((score, order, axis))
    axes = tuple(a for _, _, a in sorted(scored))
    return Possible(stages, tuple(fact_name(site_group, a) for a in axes), axes, items)
