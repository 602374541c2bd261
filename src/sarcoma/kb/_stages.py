"""Stage descriptions generated from the staging tables, so the text cannot contradict the engine.

Every T category of a site group (``t_categories``), N0/N1, M0/M1 and G1/G2/G3/GX is looked up in
the site group's stage table; the combinations are grouped by the stage they give, and each stage is
described with the plain sentences of the rows that give it.
"""

from __future__ import annotations

from functools import cache
from itertools import product

from .._tables import Row, load_table, normalize_token
from ..staging import STAGES
from ._model import Combination, KbItem, Source, StageDescription

__all__ = ["stage_descriptions", "stage_items", "STAGE_TOPIC"]

STAGE_TOPIC = "stages"


def _title(stage: str) -> str:
    """The stage in words: the ``stage_labels`` label the engine gives it too."""
    return load_table("stage_labels").require(stage=stage).get("label")


def _axis_values(axis: str) -> tuple[str, ...]:
    """Every category of N or M (``nodes_metastasis``) or of the grade (``grade``), in table order,
    the one an unknown value gets included (GX; NX and MX are staged as N0 and M0, so add nothing)."""
    if axis == "grade":
        return tuple(dict.fromkeys(row.get("grade") for row in load_table("grade").rows))
    return tuple(dict.fromkeys(row.get("category") for row in load_table("nodes_metastasis").select(axis=axis)))


def _either(sentences: list[str]) -> str:
    """Join the sentences of rows that each give the stage: the first, then 'Or: ...' for the rest."""
    rest = [f"Or: {s[0].lower()}{s[1:]}" for s in sentences[1:]]
    return " ".join([sentences[0], *rest])


def _t_values(site_group: str) -> list[str]:
    token = normalize_token(site_group)
    return [row.get("t") for row in load_table("t_categories").rows if token in row.sets["site_group"]]


def _url(source: dict[str, str]) -> str:
    for key in ("also", "reference"):
        for word in source.get(key, "").replace(",", " ").split():
            if word.startswith("http"):
                return word
    return source.get("reference", "")


def _describe_group(group_row: Row) -> list[StageDescription]:
    site_group = group_row.get("site_group")
    table = load_table(group_row.get("stage_table"))
    found: dict[str, tuple[list[Row], list[Combination]]] = {}
    for t, n, m, grade in product(_t_values(site_group), *(_axis_values(axis) for axis in ("n", "m", "grade"))):
        row = table.require(t=t, n=n, m=m, grade=grade)
        rows, combos = found.setdefault(row.get("stage"), ([], []))
        if row not in rows:
            rows.append(row)
        combos.append(Combination(t=t, n=n, m=m, grade=grade))
    source = Source(
        section=table.title,
        url=_url(dict(table.source)),
        date=table.source.get("date") or None,
        citation=table.citation,
    )
    out: list[StageDescription] = []
    for stage in sorted(found, key=STAGES.index):
        rows, combos = found[stage]
        rows.sort(key=lambda r: r.index)
        out.append(
            StageDescription(
                site_group=site_group,
                site_label=group_row.get("label"),
                stage=stage,
                title=_title(stage),
                patient=[r.get("plain") for r in rows],
                patient_text=_either([r.get("plain") for r in rows]),
                table=table.id,
                rows=[r.id for r in rows],
                combinations=combos,
                source=source,
            )
        )
    return out


@cache
def _all() -> tuple[StageDescription, ...]:
    out: list[StageDescription] = []
    for group_row in load_table("site_groups").rows:
        out.extend(_describe_group(group_row))
    return tuple(out)


def stage_descriptions(site_group: str | None = None) -> list[StageDescription]:
    """Return the generated stage descriptions, for one site group or all, in stage order."""
    return [d for d in _all() if site_group is None or d.site_group == site_group]


def _technical(description: StageDescription) -> str:
    table = load_table(description.table)
    parts = []
    for row_id in description.rows:
        row = table.row(row_id)
        cells = ", ".join(f"{key.upper() if key != 'grade' else 'G'} {row.get(key, 'any')}" for key in table.inputs)
        parts.append(f"row {row_id} ({cells})")
    count = len(description.combinations)
    return (
        f"{description.title}: {'; '.join(parts)}; first matching row of {table.id} wins. "
        f"{count} of the T x N x M x G combinations give this stage."
    )


def stage_items() -> list[KbItem]:
    """One knowledge-base item per site group, built from :func:`stage_descriptions`."""
    items: list[KbItem] = []
    for group_row in load_table("site_groups").rows:
        site_group = group_row.get("site_group")
        descriptions = stage_descriptions(site_group)
        has_group = group_row.get("has_stage_group") == "yes"
        intro = (
            f"Sarcomas of {group_row.get('plain')} are staged with these rules."
            if has_group
            else f"Sarcomas of {group_row.get('plain')} have no stage group. "
            "Your care team looks at the size and reach of the tumor, its grade and any spread."
        )
        items.append(
            KbItem(
                id="stages-" + site_group.replace("_", "-"),
                topic=STAGE_TOPIC,
                title=f"Stages of sarcoma of the {group_row.get('label')}",
                # every row of a stage, not the first only (retroperitoneal IIIB is N1 or a large grade 2-3 tumor)
                key_points=[f"{d.title}: {d.patient_text}" for d in descriptions if d.stage != "unknown"],
                patient_body=[intro] + [f"{d.title}. {d.patient_text}" for d in descriptions],
                clinician_body=[_technical(d) for d in descriptions],
                glossary_terms=["stage", "grade", "lymph-node", "metastasis"],
                source=descriptions[0].source,
                generated=True,
            )
        )
    return items
