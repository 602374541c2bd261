"""The compiled table index gives the same row as the plain first-match scan, on every shipped table.

``Table.lookup`` ANDs one bit mask per input column instead of scanning the rows; these tests hold
it to the definition (the first row, in file order, whose every input cell matches) for random
inputs: each column's own values in other spellings, blanks, ``None``, unknown text, numbers, and
integers on and beside every range bound.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from importlib import resources
from importlib.abc import Traversable
from itertools import product
from math import prod
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sarcoma._tables import Row, Table, load_table, normalize_token


def _walk(folder: Traversable, prefix: str = "") -> Iterator[str]:
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.is_dir():
            yield from _walk(path, f"{prefix}{path.name}/")
        elif path.name.endswith(".yaml"):
            yield prefix + path.name[: -len(".yaml")]


def _decision_tables() -> list[str]:
    """Every data file shaped as a decision table (inputs mapping each column to set or range)."""
    found = []
    folder = resources.files("sarcoma") / "data"
    for name in _walk(folder):
        text = folder.joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # shape only (libyaml)
        inputs = doc.get("inputs") if isinstance(doc, dict) else None
        if isinstance(inputs, dict) and "rows" in doc and set(inputs.values()) <= {"set", "range"}:
            found.append(name)  # load_table reads it strictly
    return found


TABLES = _decision_tables()


def scan(table: Table, inputs: Mapping[str, Any]) -> Row | None:
    """The definition: the first row in order whose every input cell matches."""
    return next((row for row in table.rows if row.matches(inputs)), None)


def named(table: Table, inputs: Mapping[str, Any]) -> tuple[Row, ...]:
    """What ``select`` means: the rows whose cells in the named columns match (others are not read)."""
    out = []
    for row in table.rows:
        sets = {k: v for k, v in row.sets.items() if k in inputs}
        ranges = {k: v for k, v in row.ranges.items() if k in inputs}
        if replace(row, sets=sets, ranges=ranges).matches(inputs):
            out.append(row)
    return tuple(out)


def _respell(token: str, style: int) -> str:
    """Another spelling of a set value that normalizes to the same token."""
    if style == 1:
        return token.lower()
    if style == 2:
        return f"  {token.replace(' ', '_')} "
    if style == 3:
        return token.replace(" ", "-").title()
    return token


def _set_values(table: Table, key: str) -> st.SearchStrategy[Any]:
    tokens = sorted({t for row in table.rows for t in row.sets.get(key, ())})
    spelled = st.builds(_respell, st.sampled_from(tokens), st.integers(0, 3)) if tokens else st.just("")
    return st.one_of(
        spelled,
        st.sampled_from([None, "", "  ", "zz", "-", "_"]),
        st.text(max_size=4),
        st.integers(-2, 12),
    )


def _bounds(table: Table, key: str) -> list[int]:
    return sorted({b for row in table.rows for low, high in row.ranges.get(key, ()) for b in (low, high)})


def _range_values(table: Table, key: str) -> st.SearchStrategy[Any]:
    edges = [b + d for b in _bounds(table, key) for d in (-1, 0, 1)] or [0]
    return st.one_of(
        st.sampled_from(edges),
        st.integers(-10, 10**7),
        st.sampled_from([None, "", "5", 5.0, True, False]),
    )


def _inputs(table: Table) -> st.SearchStrategy[dict[str, Any]]:
    columns = {
        key: _set_values(table, key) if kind == "set" else _range_values(table, key)
        for key, kind in table.inputs.items()
    }
    return st.fixed_dictionaries({}, optional=columns)  # a column may be left out altogether


def _choices(table: Table) -> list[list[Any]]:
    """Per column: its values, blank, None and an unknown word; or every range bound and its neighbours."""
    choices: list[list[Any]] = []
    for key, kind in table.inputs.items():
        if kind == "set":
            choices.append([*sorted({t for r in table.rows for t in r.sets.get(key, ())}), "", None, "zz"])
        else:
            choices.append([*sorted({b + d for b in _bounds(table, key) for d in (-1, 0, 1)}), None])
    return choices


SMALL = [t for t in TABLES if prod(len(c) for c in _choices(load_table(t))) <= 5_000]
"""Tables small enough to try every combination (the property test covers the others)."""


# A SMALL table is checked on every combination of its values in the fast suite (below); its random
# respellings, junk text and numbers run with the slow tests. The other tables keep this test fast.
@pytest.mark.parametrize("table_id", [pytest.param(t, marks=pytest.mark.slow) if t in SMALL else t for t in TABLES])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_indexed_lookup_is_the_first_matching_row(table_id: str, data: st.DataObject) -> None:
    table = load_table(table_id)
    for inputs in data.draw(st.lists(_inputs(table), min_size=1, max_size=20)):
        expected = scan(table, inputs)
        assert table.lookup(**inputs) is expected, inputs
        assert table.lookup(**inputs) is expected, inputs  # a second time, through the spelling memo
        assert table.select(**inputs) == named(table, inputs), inputs


@pytest.mark.parametrize("table_id", SMALL)
def test_every_combination_of_known_values(table_id: str) -> None:
    """Every combination of each column's values, blank, None and one unknown word."""
    table = load_table(table_id)
    for values in product(*_choices(table)):
        inputs = dict(zip(table.inputs, values, strict=True))
        assert table.lookup(**inputs) is scan(table, inputs), inputs
        assert table.select(**inputs) == named(table, inputs), inputs


def test_tables_are_found() -> None:
    assert {"t_size", "histology", "fnclcc", "stage_trunk_extremities", "topography"} <= set(TABLES)
    assert {"t_size", "fnclcc", "stage_trunk_extremities", "grade", "site_aliases"} <= set(SMALL)


def test_swapped_rows_rebuild_the_index() -> None:
    """A table whose rows are replaced (the broken-table fixture) is looked up in its new rows."""
    table = load_table("stage_trunk_extremities")
    case = {"t": "T2", "n": "N0", "m": "M0", "grade": "G3"}
    row = table.lookup(**case)
    assert row is not None
    rows = table.rows
    object.__setattr__(table, "rows", ())
    try:
        assert table.lookup(**case) is None
        assert table.select(**case) == ()
    finally:
        object.__setattr__(table, "rows", rows)
    assert table.lookup(**case) is row


@pytest.mark.parametrize("table_id", TABLES)
def test_row_by_id_is_the_first_with_that_id(table_id: str) -> None:
    table = load_table(table_id)
    for row in table.rows:
        assert table.row(row.id) is next(r for r in table.rows if r.id == row.id)
    with pytest.raises(KeyError, match="no row"):
        table.row("no such row id")


@pytest.mark.parametrize("table_id", ["t_categories", "t_size", "t_extent"])
def test_select_by_site_group_is_the_groups_rows(table_id: str) -> None:
    table = load_table(table_id)
    for group in ("trunk_extremities", "retroperitoneum", "head_neck", "abdomen_thoracic_visceral"):
        expected = tuple(
            r for r in table.rows if normalize_token(group) in r.sets.get("site_group", {normalize_token(group)})
        )
        assert table.select(site_group=group) == expected


def test_memos_keep_only_words_of_the_data_files() -> None:
    """Text a user typed that is no word of the tables is normalized each time, never remembered."""
    from sarcoma import _tables

    typed = "Mrs Example's tumour, left thigh"
    table = load_table("site_aliases")
    assert table.lookup(alias=typed) is None
    assert normalize_token(typed) == "MRS EXAMPLE'S TUMOUR, LEFT THIGH"
    assert typed not in _tables._NORMAL
    assert all(typed not in memo for _, memo, _ in table._index().sets)
    assert table.lookup(alias="Lower-limb") is table.lookup(alias="lower limb") is not None
    assert "Lower-limb" in _tables._NORMAL
