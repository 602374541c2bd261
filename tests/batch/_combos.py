"""Every combination from the staging tables, as batch records.

Built from the tables themselves: one value per row of the nodes/metastasis and grade tables, every
T category and extent, sizes on each side of every cut point, every topography code C00.0-C80.9
with every schema discriminator, every histology range end, and the FNCLCC bands.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from sarcoma._tables import load_table

SITES = [
    "trunk",
    "arm",
    "leg",
    "retroperitoneum",
    "head_neck",
    "visceral",
    "C49.2",
    "C48.0",
    "C16.2",
    "C38.1",
    "C49.4",
    "C47.3",
    "uterus",
    "moon",
]


def _first_values(table_id: str, **fixed: str) -> list[str]:
    values = []
    for row in load_table(table_id).rows:
        if all(v in row.sets.get(k, {v}) for k, v in fixed.items()):
            raw = str(row.cells.get("value", ""))
            values.append(raw.split(",")[0])
    return values


def _t_values() -> list[str]:
    return [""] + sorted({r.get("t") for r in load_table("t_categories").rows})


def _sizes() -> list[str]:
    cuts = sorted({hi for r in load_table("t_size").rows for _, hi in r.ranges["size_mm"]})
    sizes = {""}
    for mm in cuts:
        for delta in (-0.5, -0.1, 0, 0.4, 0.5, 1):
            cm = (mm + delta) / 10
            if 0 < cm <= 300:
                sizes.add(f"{cm:.2f}")
    return sorted(sizes)


def combinations() -> list[dict[str, Any]]:
    """The records (a few tens of thousands)."""
    records: list[dict[str, Any]] = []
    ns, ms, grades = (
        _first_values("nodes_metastasis", axis="N"),
        _first_values("nodes_metastasis", axis="M"),
        _first_values("grade"),
    )
    for site, t, n, m, grade in product(SITES, _t_values(), ns, ms, grades):
        records.append({"site": site, "schema_discriminator_2": "2", "t": t, "n": n, "m": m, "grade": grade})
    for site, t, size in product(SITES, _t_values(), _sizes()):
        records.append({"site": site, "schema_discriminator_2": "1", "t": t, "size_cm": size, "grade": "2"})
    extents = [""] + [r.get("extent") for r in load_table("t_extent").rows]
    for site, t, extent, size in product(SITES, _t_values(), extents, ["", "3", "30"]):
        records.append({"site": site, "t": t, "extent": extent, "size_cm": size, "n": "N1"})
    for topo, sd2 in product(range(0, 810), ["", "1", "2", "8", "9"]):
        records.append({"site": f"C{topo // 10:02d}.{topo % 10}", "schema_discriminator_2": sd2, "size_cm": "6"})
    morphs = sorted({b for r in load_table("histology").rows for span in r.ranges.get("morphology", ()) for b in span})
    for site, morph, behavior in product(["leg", "head_neck", "retroperitoneum", "visceral"], morphs, ["", "/1", "/3"]):
        records.append({"site": site, "histology": f"{morph}{behavior}", "size_cm": "12", "grade": "3"})
    for diff, mitoses, necrosis, grade in product(
        ["1", "2", "3"], ["0", "9", "10", "19", "20"], ["none", "lt50", "ge50"], [""] + grades
    ):
        records.append(
            {
                "site": "leg",
                "size_cm": "7",
                "differentiation": diff,
                "mitoses": mitoses,
                "necrosis": necrosis,
                "grade": grade,
            }
        )
    for basis, grade, n, m in product(BASES, ["", "1", "3", "X"], ["", "N0", "N1"], ["", "M0", "M1"]):
        records.append({"site": "leg", "size_cm": "8", "grade": grade, "n": n, "m": m, "basis": basis})
    return records


BASES = ["", "clinical", "pathologic", "post_therapy", "recurrence"]
