"""Every decision table loads, names its source and edition, and has unique row ids."""

from __future__ import annotations

import pytest

from sarcoma._tables import load_table, table_ids

TABLE_IDS = table_ids()


def test_the_core_tables_are_there() -> None:
    expected = {
        "site_aliases",
        "site_groups",
        "topography",
        "schema_discriminator_2",
        "histology",
        "t_size",
        "t_extent",
        "t_categories",
        "nodes_metastasis",
        "grade",
        "fnclcc",
        "messages",
        "stage_trunk_extremities",
        "stage_retroperitoneum",
        "stage_head_neck",
        "stage_abdomen_thoracic_visceral",
    }
    assert expected <= set(TABLE_IDS)


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_table_is_sourced_and_well_formed(table_id: str) -> None:
    table = load_table(table_id)
    assert table.id == table_id
    assert table.title and table.edition
    assert table.source.get("document") and table.source.get("date")
    ids = [r.id for r in table.rows]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    for row in table.rows:
        assert set(row.cells) <= {"id", *table.inputs, *table.outputs}, row.id


def test_warning_codes_used_by_tables_all_have_wording() -> None:
    codes = {r.get("code") for r in load_table("messages").rows if r.get("kind") == "warning"}
    for table_id in TABLE_IDS:
        for row in load_table(table_id).rows:
            if row.get("warning"):
                assert row.get("warning") in codes, (table_id, row.id)
