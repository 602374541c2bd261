"""The UICC TNM 9, UICC TNM 8 and AJCC 7 tables (data/editions) against oracles written from the sources.

The oracles below are plain Python written from the source documents, not from the YAML tables:

- UICC TNM 9: NHS England NDRS TNM 9 staging sheet "Soft tissues" (one stage table for extremity,
  superficial trunk and retroperitoneum; N1 M0 is IIIB; no stage for head and neck or viscera;
  UICC lets unassessed nodes count as N0).
- UICC TNM 8: the same rows, provisionally (the book's own stage table was not read; see
  data/editions/README.md).
- AJCC 7: NAACCR Collaborative Stage v02.05.50 (tables ajcc7_stage_ubj, ajcc7_stage_upm,
  extension_size_xfn, extension_size_xqj) and the AJCC 7 staging form.
- AJCC 8 (only to check the differences file): SEER EOD 2018 tnm8_path_stage_ubj / _upm.

Each edition and site group is checked over every T x N x M x G (and size x depth for AJCC 7) by
looking the case up with ``load_table(...).require(...)``. Mismatches are collected, so one failure
lists every wrong cell.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from sarcoma._data import data_files, load_data
from sarcoma._schemas import schema_for
from sarcoma._tables import Table, load_table, normalize_token
from sarcoma.kb._readability import MAX_GRADE, MAX_RAW_FK, reading_level

EDITIONS = ("ajcc8", "uicc9", "uicc8", "ajcc7")
GROUPS = ("trunk_extremities", "retroperitoneum", "head_neck", "abdomen_thoracic_visceral")
GRADES = ("G1", "G2", "G3", "GX")
LOW = ("G1", "GX")

# T categories each edition defines per site group, written from the sources (NDRS sheet; CS).
T_UICC = {
    "trunk_extremities": ("TX", "T0", "T1", "T2", "T3", "T4"),
    "retroperitoneum": ("TX", "T0", "T1", "T2", "T3", "T4"),
    "head_neck": ("TX", "T0", "T1", "T2", "T3", "T4", "T4a", "T4b"),
    "abdomen_thoracic_visceral": ("TX", "T0", "T1", "T2", "T2a", "T2b", "T3", "T4", "T4a", "T4b", "T4c"),
}
T_AJCC7 = {
    "trunk_extremities": ("TX", "T0", "T1", "T1a", "T1b", "T2", "T2a", "T2b"),
    "head_neck": ("TX", "T0", "T1", "T1a", "T1b", "T2", "T2a", "T2b"),
    "retroperitoneum": ("TX", "T0", "T1", "T1b", "T2", "T2b"),
    "abdomen_thoracic_visceral": ("TX", "T0", "T1", "T1b", "T2", "T2b"),
}
# ICD-O-3 topography (C49.2 -> 492) samples: a staged site and, where AJCC 7 has one, an organ it does not stage.
TOPOGRAPHY = {
    "trunk_extremities": (492, 471, 496, 500, 504),
    "retroperitoneum": (480, 481),
    "head_neck": (490, 470, 320, 110),
    "abdomen_thoracic_visceral": (381, 380, 388, 160, 341, 384),
}


def table_id(edition: str, name: str) -> str:
    return name if edition == "ajcc8" else f"editions/{edition}/{name}"


# --- oracles -------------------------------------------------------------------------------------


def uicc_stage(group: str, t: str, n: str, m: str, g: str) -> str:
    """UICC TNM 9 (NDRS sheet); UICC TNM 8 provisionally the same. N is already N0 or N1."""
    if group in ("head_neck", "abdomen_thoracic_visceral"):
        return "none"
    if m == "M1":
        return "IV"
    if n == "N1":
        return "IIIB"  # any T, any G, trunk and retroperitoneum alike
    if t == "T0":
        return "unknown"
    if t == "TX":
        return "I" if g in LOW else "unknown"
    if g in LOW:
        return "IA" if t == "T1" else "IB"
    return {"T1": "II", "T2": "IIIA"}.get(t, "IIIB")


def ajcc8_stage(group: str, t: str, n: str, m: str, g: str) -> str:
    """AJCC 8 (SEER EOD 2018): as UICC 9 except N1 M0 is IV for the trunk and extremities."""
    if group == "trunk_extremities" and n == "N1" and m == "M0":
        return "IV"
    return uicc_stage(group, t, n, m, g)


def ajcc7_staged(group: str, topography: int) -> bool:
    """AJCC 7 soft tissue staging covers C47, C48, C49 and the heart and mediastinum, not organs or the breast."""
    if group == "trunk_extremities":
        return not 500 <= topography <= 509
    if group == "head_neck":
        return topography in (470, 490)
    if group == "abdomen_thoracic_visceral":
        return topography in (380, 381, 382, 383, 388)
    return True


def ajcc7_stage(group: str, topography: int, t: str, n: str, m: str, g: str) -> str:
    """AJCC 7 (CS v02.05.50 ajcc7_stage_ubj/upm). N is N0, N1 or NX; NX is not N0 in AJCC 7."""
    if not ajcc7_staged(group, topography):
        return "none"
    if m == "M1":
        return "IV"
    if n == "N1":
        return "III"
    if n == "NX" or t == "T0":
        return "unknown"
    if t == "TX":
        return {"G1": "I", "GX": "I", "G2": "II"}.get(g, "unknown")
    if t.startswith("T1"):
        return "IA" if g in LOW else "IIA"
    return "IB" if g in LOW else ("IIB" if g == "G2" else "III")


def t_by_size(group: str, size_mm: int | None) -> str:
    """AJCC 8 and UICC T from whole millimetres (NDRS sheet: 5/10/15 cm; head and neck 2/4 cm)."""
    if size_mm is None:
        return "TX"
    if group == "head_neck":
        return "T1" if size_mm <= 20 else "T2" if size_mm <= 40 else "T3"
    return "T1" if size_mm <= 50 else "T2" if size_mm <= 100 else "T3" if size_mm <= 150 else "T4"


def ajcc7_t(group: str, size_mm: int | None, depth: str) -> str:
    """AJCC 7: T1 up to 5 cm, T2 above; a superficial, b deep, no letter when depth is not known."""
    if size_mm is None:
        return "TX"
    base = "T1" if size_mm <= 50 else "T2"
    if group in ("retroperitoneum", "abdomen_thoracic_visceral"):
        return base + "b"  # deep by definition
    return base + {"superficial": "a", "deep": "b"}.get(depth, "")


def ajcc7_t_from_ajcc8(group: str, t: str, depth: str) -> str:
    """AJCC 7 T from an AJCC 8 T alone: only where the AJCC 8 T settles the 5 cm cut point."""
    if t in ("TX", "T0"):
        return t
    if group in ("trunk_extremities", "retroperitoneum") and t in ("T1", "T2", "T3", "T4"):
        return ajcc7_t(group, 30 if t == "T1" else 80, depth)
    if group == "head_neck" and t in ("T1", "T2"):
        return ajcc7_t(group, 30, depth)
    return "TX"  # head and neck T3/T4, visceral extent: the size is needed


def ajcc7_t_given(group: str, t: str, depth: str, size_mm: int | None) -> str:
    """AJCC 7 T from a T given in AJCC 7 terms (staging form: T1 up to 5 cm, T2 over; a superficial,
    b deep; retroperitoneal and chest tumors deep). The T is kept as given, letter and all; without
    the letter it takes the depth's (or the deep site's). ``invalid``: not a T of the site group;
    ``conflict``: the size or the depth says otherwise."""
    if t not in T_AJCC7[group]:
        return "invalid"
    if size_mm is not None and (t in ("TX", "T0") or t[:2] != ("T1" if size_mm <= 50 else "T2")):
        return "conflict"
    if t in ("TX", "T0"):
        return t
    if group in ("retroperitoneum", "abdomen_thoracic_visceral"):
        return t[:2] + "b"  # deep by definition; a depth given there is not used
    letter = {"superficial": "a", "deep": "b"}.get(depth, "")
    if len(t) == 3:
        return "conflict" if letter and t[2] != letter else t
    return t + letter


# --- exhaustive table checks ----------------------------------------------------------------------


def _stage_table(edition: str, group: str) -> Table:
    return load_table(table_id(edition, f"stage_{group}"))


@pytest.mark.parametrize("edition", ["uicc9", "uicc8"])
@pytest.mark.parametrize("group", GROUPS)
def test_uicc_every_t_n_m_g_matches_the_oracle(edition: str, group: str) -> None:
    table = _stage_table(edition, group)
    wrong = []
    for t, n, m, g in itertools.product(T_UICC[group], ("N0", "N1"), ("M0", "M1"), GRADES):
        got = table.require(t=t, n=n, m=m, grade=g).get("stage")
        if got != uicc_stage(group, t, n, m, g):
            wrong.append((t, n, m, g, got, uicc_stage(group, t, n, m, g)))
    assert wrong == []
    assert table.extra["site_group"] == group


@pytest.mark.parametrize("group", GROUPS)
def test_the_ajcc8_oracle_used_for_differences_matches_the_ajcc8_tables(group: str) -> None:
    table = _stage_table("ajcc8", group)
    wrong = [
        (t, n, m, g)
        for t, n, m, g in itertools.product(T_UICC[group], ("N0", "N1"), ("M0", "M1"), GRADES)
        if table.require(t=t, n=n, m=m, grade=g).get("stage") != ajcc8_stage(group, t, n, m, g)
    ]
    assert wrong == []


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_every_t_n_m_g_matches_the_oracle(group: str) -> None:
    table = _stage_table("ajcc7", group)
    wrong = []
    for topo, t, n, m, g in itertools.product(
        TOPOGRAPHY[group], T_AJCC7[group], ("N0", "N1", "NX"), ("M0", "M1"), GRADES
    ):
        got = table.require(topography=topo, t=t, n=n, m=m, grade=g).get("stage")
        want = ajcc7_stage(group, topo, t, n, m, g)
        if got != want:
            wrong.append((topo, t, n, m, g, got, want))
    assert wrong == []
    assert table.extra["site_group"] == group


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_t_from_every_size_and_depth_matches_the_oracle(group: str) -> None:
    table = load_table("editions/ajcc7/t_size")
    wrong = [
        (size, depth, row.get("t"))
        for size, depth in itertools.product(range(1, 3001), ("superficial", "deep", "unknown", "", None))
        if (row := table.require(site_group=group, depth=depth, size_mm=size)).get("t")
        != ajcc7_t(group, size, depth or "unknown")
    ]
    assert wrong == []


def test_ajcc7_unknown_depth_gives_no_letter_and_never_changes_the_stage() -> None:
    sizes = (1, 50, 51, 100, 3000, None)
    for group, topo in (("trunk_extremities", 492), ("head_neck", 490)):
        for size, n, m, g in itertools.product(sizes, ("N0", "N1", "NX"), ("M0", "M1"), GRADES):
            stages = set()
            for depth in ("superficial", "deep", "unknown"):
                t = (
                    "TX"
                    if size is None
                    else load_table("editions/ajcc7/t_size")
                    .require(site_group=group, depth=depth, size_mm=size)
                    .get("t")
                )
                if depth == "unknown" and size is not None:
                    assert t in ("T1", "T2")
                stages.add(_stage_table("ajcc7", group).require(topography=topo, t=t, n=n, m=m, grade=g).get("stage"))
            assert len(stages) == 1, (group, size, n, m, g, stages)


@pytest.mark.parametrize("group", ["trunk_extremities", "retroperitoneum", "head_neck"])
def test_uicc_t_from_size_uses_the_shared_ajcc8_cut_points(group: str) -> None:
    """UICC TNM 9 uses the AJCC 8 T table; its cut points are the NDRS sheet's."""
    table = load_table("t_size")
    wrong = [s for s in range(1, 3001) if table.require(site_group=group, size_mm=s).get("t") != t_by_size(group, s)]
    assert wrong == []


def test_ajcc7_size_depth_n_m_g_chain_matches_the_oracle() -> None:
    """From raw size and depth through T to the stage group, every site group, boundary sizes."""
    t_table = load_table("editions/ajcc7/t_size")
    wrong = []
    for group in GROUPS:
        for topo, size, depth, n, m, g in itertools.product(
            TOPOGRAPHY[group],
            (1, 50, 51, 3000, None),
            ("superficial", "deep", "unknown"),
            ("N0", "N1", "NX"),
            ("M0", "M1"),
            GRADES,
        ):
            t = "TX" if size is None else t_table.require(site_group=group, depth=depth, size_mm=size).get("t")
            got = _stage_table("ajcc7", group).require(topography=topo, t=t, n=n, m=m, grade=g).get("stage")
            want = ajcc7_stage(group, topo, ajcc7_t(group, size, depth), n, m, g)
            if got != want:
                wrong.append((group, topo, size, depth, n, m, g, got, want))
    assert wrong == []


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_t_categories_are_the_oracles(group: str) -> None:
    rows = [r for r in load_table("editions/ajcc7/t_categories").rows if normalize_token(group) in r.sets["site_group"]]
    assert tuple(r.get("t") for r in rows) == T_AJCC7[group]
    for row in rows:
        t = row.get("t")
        assert row.get("depth") == {"a": "superficial", "b": "deep"}.get(t[-1], "")
        assert row.get("size_defined") == ("yes" if t[:2] in ("T1", "T2") else "no")


@pytest.mark.parametrize("group", GROUPS)
def test_uicc_t_categories_are_the_ajcc8_ones(group: str) -> None:
    """UICC TNM 9 defines the same T per site group as AJCC 8 (NDRS sheet), so it reuses t_categories."""
    rows = [r for r in load_table("t_categories").rows if normalize_token(group) in r.sets["site_group"]]
    assert tuple(r.get("t") for r in rows) == T_UICC[group]


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_t_from_an_ajcc8_t_matches_the_oracle(group: str) -> None:
    table = load_table("editions/ajcc7/t_from_ajcc8")
    wrong = [
        (t, depth, got)
        for t, depth in itertools.product(T_UICC[group], ("superficial", "deep", "unknown", ""))
        if (got := table.require(site_group=group, t=t, depth=depth).get("t7")) != ajcc7_t_from_ajcc8(group, t, depth)
    ]
    assert wrong == []


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_t_given_in_ajcc7_terms_matches_the_oracle(group: str) -> None:
    """editions/ajcc7/t_explicit over every AJCC 7 T x depth x size (from the size table, as the engine reads it)."""
    table, sizes = load_table("editions/ajcc7/t_explicit"), load_table("editions/ajcc7/t_size")
    wrong = []
    for t, depth, size in itertools.product(
        T_AJCC7[group], ("superficial", "deep", "unknown"), (None, 1, 50, 51, 3000)
    ):
        size_t = "" if size is None else sizes.require(site_group=group, depth=depth, size_mm=size).get("t")
        row = table.require(site_group=group, t=t, depth=depth, size_t=size_t)
        got = "conflict" if row.get("error") else row.get("t7")
        if got != ajcc7_t_given(group, t, depth, size):
            wrong.append((t, depth, size, got, ajcc7_t_given(group, t, depth, size)))
    assert wrong == []


@pytest.mark.parametrize("group", ["trunk_extremities", "retroperitoneum", "head_neck"])
def test_ajcc7_t_from_an_ajcc8_t_agrees_with_the_size_tables(group: str) -> None:
    """For every size, restating the AJCC 8 T gives the AJCC 7 T of the size itself, or TX (size needed)."""
    cross, t8, t7 = (load_table(n) for n in ("editions/ajcc7/t_from_ajcc8", "t_size", "editions/ajcc7/t_size"))
    wrong = []
    for size, depth in itertools.product(range(1, 3001), ("superficial", "deep", "unknown")):
        via_t = cross.require(site_group=group, t=t8.require(site_group=group, size_mm=size).get("t"), depth=depth)
        direct = t7.require(site_group=group, size_mm=size, depth=depth).get("t")
        if via_t.get("t7") not in ("TX", direct):
            wrong.append((size, depth, via_t.get("t7"), direct))
    assert wrong == []


# --- the editions index ---------------------------------------------------------------------------


def _editions() -> dict[str, Any]:
    doc: dict[str, Any] = load_data("editions/editions.yaml")
    return doc


def test_editions_index_names_every_edition_and_its_tables() -> None:
    doc = _editions()
    assert tuple(doc["editions"]) == EDITIONS and doc["default"] == "ajcc8"
    for edition, entry in doc["editions"].items():
        assert set(entry["site_groups"]) == set(GROUPS), edition
        for group, ref in entry["site_groups"].items():
            stage_table = load_table(ref["stage_table"])
            assert stage_table.id == ref["stage_table"] == table_id(edition, f"stage_{group}")
            assert stage_table.extra["site_group"] == group
            assert {r.get("stage") for r in stage_table.rows} <= {
                "IA",
                "IB",
                "I",
                "II",
                "IIA",
                "IIB",
                "III",
                "IIIA",
                "IIIB",
                "IV",
                "unknown",
                "none",
            }
            load_table(ref["t_table"])
        load_table(entry["t_categories"])
        if entry.get("t_from_ajcc8"):
            assert load_table(entry["t_from_ajcc8"]).id == entry["t_from_ajcc8"]
        if edition == "ajcc8":  # the AJCC 8 labels belong to the engine (stage_labels.yaml)
            assert entry["stage_labels"] == "stage_labels"
            continue
        labels = {r.get("stage") for r in load_table(entry["stage_labels"]).rows}
        assert entry["stage_labels"] == table_id(edition, "stage_labels")
        for ref in entry["site_groups"].values():
            assert {r.get("stage") for r in load_table(ref["stage_table"]).rows} <= labels, (edition, ref)
        read = {
            key
            for ref in entry["site_groups"].values()
            for name in ref.values()
            if "/" in name
            for key in load_table(name).inputs
        }
        assert set(entry["inputs"]) <= read, edition
    assert _editions()["editions"]["ajcc7"]["unknown_n"] == "NX"
    assert {e["unknown_n"] for k, e in doc["editions"].items() if k != "ajcc7"} == {"N0"}


def test_warning_overrides_and_table_warnings_all_have_wording() -> None:
    base = {r.get("code") for r in load_table("messages").rows}
    ours = {r.get("code") for r in load_table("editions/messages").rows}
    assert not base & ours, "an edition message must not reuse a code of the catalogue"
    assert {r.get("kind") for r in load_table("editions/messages").rows} == {"warning"}
    for edition, entry in _editions()["editions"].items():
        for old, new in entry["warning_overrides"].items():
            assert old in base and new in ours, (edition, old, new)
        for ref in entry["site_groups"].values():
            for name in (ref["stage_table"], ref["t_table"]):
                for row in load_table(name).rows:
                    if row.get("warning"):
                        assert row.get("warning") in base | ours, (name, row.id)
    used = {
        row.get("warning") for path in _edition_table_ids() for row in load_table(path).rows if row.get("warning")
    } | {v for e in _editions()["editions"].values() for v in e["warning_overrides"].values()}
    used.add(_editions()["editions"]["ajcc7"]["depth"]["conflict_warning"])
    assert ours <= used, f"unused edition warnings: {sorted(ours - used)}"


def test_fhir_method_codes_come_from_the_vendored_mcode_value_set() -> None:
    path = resources.files("sarcoma") / "data" / "fhir" / "mcode" / "ValueSet-mcode-tnm-staging-method-vs.json"
    value_set = json.loads(path.read_text(encoding="utf-8"))
    allowed = {(inc["system"], c["code"]) for inc in value_set["compose"]["include"] for c in inc["concept"]}
    methods = {k: e["fhir_method"] for k, e in _editions()["editions"].items()}
    for edition, method in methods.items():
        assert (method["system"], method["code"]) in allowed, edition
    assert methods["ajcc8"]["code"] == "897275008" and methods["ajcc7"]["code"] == "443830009"
    assert methods["uicc9"]["code"] == methods["uicc8"]["code"] == "C188404"
    assert methods["uicc9"]["names_edition"] == "no"


def test_scope_rules_are_ranges_with_a_plain_message() -> None:
    for edition, entry in _editions()["editions"].items():
        ids = [rule["id"] for rule in entry["scope"]]
        assert len(ids) == len(set(ids)) and all(i.startswith(edition[:4]) for i in ids), edition
        for rule in entry["scope"]:
            for key in ("histology", "topography", "except_topography"):
                for part in str(rule.get(key) or "").split(","):
                    if part:
                        low, _, high = part.partition("-")
                        assert int(low) <= int(high or low), (rule["id"], part)
            assert rule.get("histology") or rule.get("topography") or rule.get("site_groups"), rule["id"]
            assert rule["message"].endswith(".") and len(rule["message"].split()) < 45, rule["id"]
    uicc = {r["id"]: r for r in _editions()["editions"]["uicc9"]["scope"]}
    assert uicc["uicc_kaposi"]["histology"] == "9140" and uicc["uicc_angiosarcoma"]["histology"] == "9120"
    assert uicc["uicc_dfsp"]["histology"] == "8832-8833" and uicc["uicc_desmoid"]["action"] == "refuse"
    assert _editions()["editions"]["uicc8"]["scope"] == _editions()["editions"]["uicc9"]["scope"]


# --- differences ----------------------------------------------------------------------------------


def _case_space() -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """Raw cases (size, depth, N as given) with their stage in every edition, from the oracles."""
    for group in GROUPS:
        for topo, size, depth, n, m, g in itertools.product(
            TOPOGRAPHY[group],
            (30, 80, 120, 200, None),
            ("superficial", "deep", "unknown"),
            ("N0", "N1", "NX", ""),
            ("M0", "M1"),
            GRADES,
        ):
            t8 = "TX" if group == "abdomen_thoracic_visceral" else t_by_size(group, size)
            n8 = "N1" if n == "N1" else "N0"
            stages = {
                "ajcc8": ajcc8_stage(group, t8, n8, m, g),
                "uicc9": uicc_stage(group, t8, n8, m, g),
                "uicc8": uicc_stage(group, t8, n8, m, g),
                "ajcc7": ajcc7_stage(group, topo, ajcc7_t(group, size, depth), n or "NX", m, g),
            }
            yield {"site_group": group, "topography": topo, "t": t8, "n": n, "m": m, "grade": g}, stages


def test_every_stage_difference_has_a_sentence_and_every_sentence_a_difference() -> None:
    table = load_table("editions/differences")
    missing: set[tuple[str, ...]] = set()
    unsound: list[tuple[str, str, str, dict[str, Any]]] = []
    used: set[str] = set()
    for case, stages in _case_space():
        for a, b in itertools.combinations(sorted(EDITIONS), 2):
            rows = [r for r in table.rows if r.matches({**case, "editions": f"{a} {b}"})]
            used.update(r.id for r in rows)
            if stages[a] != stages[b] and not rows:
                missing.add((a, b, case["site_group"], str(case["topography"]), stages[a], stages[b]))
            unsound += [(r.id, a, b, case) for r in rows if stages[a] == stages[b]]
    assert sorted(missing) == []
    assert unsound[:3] == []
    scope_rows = {r.id for r in table.rows if r.get("histology")}
    assert {r.id for r in table.rows} - scope_rows <= used


def test_scope_differences_match_the_scope_rules() -> None:
    """A histology row is true: one edition of each pair refuses the type, the other does not."""
    editions = _editions()["editions"]
    for row in load_table("editions/differences").rows:
        if not row.get("histology"):
            continue
        code = row.ranges["histology"][0][0]
        for pair in row.sets["editions"]:
            refused = [
                any(
                    r["action"] == "refuse" and _in_ranges(code, str(r.get("histology") or ""))
                    for r in editions[e.lower()]["scope"]
                )
                for e in pair.split()
            ]
            assert sorted(refused) == [False, True], (row.id, pair)


def _in_ranges(code: int, cell: str) -> bool:
    for part in filter(None, cell.split(",")):
        low, _, high = part.partition("-")
        if int(low) <= code <= int(high or low):
            return True
    return False


def test_the_issue_example_sentence() -> None:
    row = load_table("editions/differences").row("n1_trunk")
    assert row.get("text") == (
        "UICC TNM 9 puts lymph-node spread in stage IIIB; AJCC 8 puts it in stage IV for the trunk and limbs."
    )
    case = {
        "editions": "ajcc8 uicc9",
        "site_group": "trunk_extremities",
        "t": "T3",
        "n": "N1",
        "m": "M0",
        "grade": "G3",
    }
    assert row.matches(case)


# --- every file loads strictly --------------------------------------------------------------------


def _edition_files() -> list[str]:
    return [name for name in data_files() if name.startswith("editions/")]


def _edition_table_ids() -> list[str]:
    return [name.removesuffix(".yaml") for name in _edition_files() if name != "editions/editions.yaml"]


def test_there_are_edition_files() -> None:
    assert len(_edition_files()) == 22


@pytest.mark.parametrize("name", _edition_files())
def test_every_edition_file_loads_strictly_with_a_schema(name: str) -> None:
    doc = load_data(name)
    assert schema_for(name, doc) is not None, f"{name}: add a schema to sarcoma/_schemas.py"
    assert doc["source"]["document"] and doc["source"]["date"]


@pytest.mark.parametrize("table_name", _edition_table_ids())
def test_every_edition_table_is_well_formed(table_name: str) -> None:
    table = load_table(table_name)
    assert table.id == table_name
    assert table.title and table.edition
    ids = [r.id for r in table.rows]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    for row in table.rows:
        assert set(row.cells) <= {"id", *table.inputs, *table.outputs}, row.id


def _plain_texts() -> Iterator[tuple[str, str]]:
    for name in _edition_table_ids():
        for row in load_table(name).rows:
            for key in ("plain", "text"):
                if row.get(key):
                    yield f"{name}:{row.id}", row.get(key)
    for edition, entry in _editions()["editions"].items():
        for rule in entry["scope"]:
            yield f"{edition}:{rule['id']}", rule["message"]
    yield "ajcc7:depth", _editions()["editions"]["ajcc7"]["depth"]["question"]


def test_plain_texts_read_at_grade_8_or_lower() -> None:
    """Patient-facing sentences, scored without masking any glossary term (stricter than the kb gate)."""
    hard = []
    for where, text in _plain_texts():
        level = reading_level(text, [])
        if level.grade > MAX_GRADE or level.raw_fk > MAX_RAW_FK:
            hard.append((where, round(level.grade, 1), text))
    assert hard == []
