"""``sarcoma.stage_table`` on pandas, Polars and Arrow equals ``sarcoma batch`` on the same rows."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import sarcoma
from sarcoma.batch._synthetic import synthetic_table
from sarcoma.batch._write import output_columns
from sarcoma.cli._main import app
from sarcoma.errors import InvalidInput

pd = pytest.importorskip("pandas", reason="pandas is not installed (dev extra): pandas stage_table tests NOT RUN")
pl = pytest.importorskip("polars")

ROWS = 3000
ADDED = list(output_columns("both"))


@pytest.fixture(scope="module")
def rows_and_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[pa.Table, pa.Table]:
    """(the input rows, what `sarcoma batch` writes for them) for adversarial synthetic rows."""
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("table")
    table = synthetic_table(ROWS, seed=11)
    pq.write_table(table, folder / "in.parquet")
    result = CliRunner().invoke(app, ["batch", str(folder / "in.parquet"), "-o", str(folder / "out.parquet")])
    assert result.exit_code == 0, result.output
    return table, pq.read_table(folder / "out.parquet")


def _as_arrow(kind: str, table: Any) -> pa.Table:
    if kind == "pandas":
        return pa.Table.from_pandas(table, preserve_index=False)
    if kind == "polars":
        return table.to_arrow()  # type: ignore[no-any-return]
    return table  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_stage_table_equals_sarcoma_batch(rows_and_batch: tuple[pa.Table, pa.Table], kind: str) -> None:
    table, batch = rows_and_batch
    given: Any = {"pandas": table.to_pandas(), "polars": pl.from_arrow(table), "arrow": table}[kind]
    staged = sarcoma.stage_table(given)
    assert type(staged) is type(given)
    got = _as_arrow(kind, staged)
    assert got.column_names == [*table.column_names, *ADDED]
    for column in ADDED:
        assert got[column].cast(pa.string()).to_pylist() == batch[column].cast(pa.string()).to_pylist(), column
    assert got["id"].to_pylist() == table["id"].to_pylist()


def test_stage_table_keeps_the_pandas_index_and_types() -> None:
    frame = pd.DataFrame({"site": ["leg", "arm"], "size_cm": [8.0, 3.5], "grade": ["3", "1"]}, index=[10, 20])
    staged = sarcoma.stage_table(frame, messages="codes")
    assert list(staged.index) == [10, 20]
    assert staged["size_cm"].dtype == frame["size_cm"].dtype
    assert list(staged["ajcc_stage"]) == ["IIIA", "IA"]
    assert "messages" not in staged.columns and list(staged["message_codes"])[0].startswith("n_missing_as_n0")
    assert list(frame.columns) == ["site", "size_cm", "grade"]


def test_stage_table_reads_naaccr_columns() -> None:
    table = pa.table(
        {
            "primarySite": ["C492"],
            "histologicTypeIcdO3": ["8890"],
            "behaviorCodeIcdO3": ["3"],
            "tumorSizeSummary": ["080"],
        }
    )
    staged = sarcoma.stage_table(table)
    assert staged["ajcc_t"].to_pylist() == ["T2"]


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        (pa.table({"size_cm": ["3"]}), "missing required column(s) site"),
        (pa.table({"site": ["leg"], "size_cm": ["3"], "status": ["x"]}), "already has output column"),
        ([{"site": "leg"}], "needs a pandas DataFrame, a Polars DataFrame or a pyarrow Table"),
    ],
)
def test_stage_table_refuses_a_table_it_cannot_stage(given: Any, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=".*") as info:
        sarcoma.stage_table(given)
    assert fragment in str(info.value)


def test_stage_table_on_an_empty_table() -> None:
    staged = sarcoma.stage_table(pa.table({"site": pa.array([], pa.string()), "size_cm": pa.array([], pa.string())}))
    assert staged.num_rows == 0 and staged.column_names[-len(ADDED) :] == ADDED


def test_stage_table_is_exported() -> None:
    assert "stage_table" in sarcoma.__all__
    with pytest.raises(AttributeError):
        sarcoma.no_such_name  # noqa: B018
