"""Differential tests: the per-row reference, the vectorized engine and every SQL backend agree.

On three sets: the seeded random set (1M records: edge and invalid values included), every
combination from the staging tables, and a file of deliberately malformed values.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sarcoma.batch import INPUT_COLUMNS, OUTPUT_COLUMNS, stage_file, stage_file_rowwise

from ._backends import duckdb_outputs, first_difference, postgres_outputs, spark_outputs
from ._combos import combinations
from .conftest import reference_outputs

DATA = Path(__file__).parent / "data"
SPARK_ROWS = 200_000
"""Spark in local mode on two cores runs the compiled plan at roughly 10k rows/s, so it gets a 200k slice."""


def _outputs(path: Path) -> pa.Table:
    return pq.read_table(path).select(list(OUTPUT_COLUMNS))


@pytest.fixture(scope="module")
def combos() -> tuple[pa.Table, pa.Table]:
    records = combinations()
    table = pa.table({c: pa.array([str(r.get(c, "")) for r in records], pa.string()) for c in INPUT_COLUMNS})
    return table, reference_outputs(table)


@pytest.fixture(scope="module")
def malformed(tmp_path_factory: pytest.TempPathFactory) -> tuple[pa.Table, pa.Table]:
    """The malformed CSV staged by both engines (CSV reader included); returns (inputs, reference)."""
    folder = tmp_path_factory.mktemp("malformed")
    stage_file_rowwise(DATA / "malformed.csv", folder / "ref.csv")
    with (folder / "ref.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    inputs = pa.table({c: pa.array([r.get(c, "") for r in rows], pa.string()) for c in INPUT_COLUMNS})
    ref = pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in OUTPUT_COLUMNS})
    return inputs, ref


@pytest.mark.slow
def test_random_set_vectorized_engine_matches_rowwise(
    random_set: tuple[Path, pa.Table, pa.Table], tmp_path: Path
) -> None:
    path, table, reference = random_set
    out = tmp_path / "staged.parquet"
    assert stage_file(path, out) == table.num_rows
    staged = pq.read_table(out)
    assert staged["id"].to_pylist() == table["id"].to_pylist()
    assert first_difference(_outputs(out), reference, table) is None


@pytest.mark.slow
def test_random_set_duckdb_sql_matches_rowwise(random_set: tuple[Path, pa.Table, pa.Table]) -> None:
    _, table, reference = random_set
    assert first_difference(duckdb_outputs(table), reference, table) is None


@pytest.mark.slow
@pytest.mark.postgres
def test_random_set_postgres_matches_rowwise(random_set: tuple[Path, pa.Table, pa.Table], postgres_url: str) -> None:
    _, table, reference = random_set
    assert first_difference(postgres_outputs(postgres_url, table), reference, table) is None


@pytest.mark.slow
@pytest.mark.spark
def test_random_set_spark_matches_rowwise(
    random_set: tuple[Path, pa.Table, pa.Table], spark: object, tmp_path: Path
) -> None:
    _, table, reference = random_set
    part, want = table.slice(0, SPARK_ROWS), reference.slice(0, SPARK_ROWS)
    assert first_difference(spark_outputs(spark, part, tmp_path), want, part) is None


@pytest.mark.slow
def test_random_set_has_every_status(random_set: tuple[Path, pa.Table, pa.Table]) -> None:
    _, _, reference = random_set
    assert set(reference["status"].to_pylist()) == {"ok", "warning", "error"}


# The combinations set: its per-row reference (49,350 rows, two spawned processes) took ~8.5 s of every fast run.
@pytest.mark.slow
def test_combinations_duckdb(combos: tuple[pa.Table, pa.Table]) -> None:
    table, reference = combos
    assert set(reference["ajcc_stage"].to_pylist()) >= {"IA", "IB", "II", "IIIA", "IIIB", "IV", "I", "unknown", "none"}
    assert first_difference(duckdb_outputs(table), reference, table) is None


@pytest.mark.slow
def test_combinations_vectorized_csv(combos: tuple[pa.Table, pa.Table], tmp_path: Path) -> None:
    """The factorized engine through a CSV file (the portable plan on every row: ``test_combinations_duckdb``)."""
    table, reference = combos
    src, out = tmp_path / "combos.csv", tmp_path / "staged.csv"
    pa.csv.write_csv(table, src)  # type: ignore[attr-defined]
    stage_file(src, out)
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    got = pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in OUTPUT_COLUMNS})
    assert first_difference(got, reference, table) is None


@pytest.mark.postgres
def test_combinations_postgres(combos: tuple[pa.Table, pa.Table], postgres_url: str) -> None:
    table, reference = combos
    assert first_difference(postgres_outputs(postgres_url, table), reference, table) is None


@pytest.mark.spark
def test_combinations_spark(combos: tuple[pa.Table, pa.Table], spark: object, tmp_path: Path) -> None:
    table, reference = combos
    assert first_difference(spark_outputs(spark, table, tmp_path), reference, table) is None


def test_malformed_file_vectorized(malformed: tuple[pa.Table, pa.Table], tmp_path: Path) -> None:
    inputs, reference = malformed
    out = tmp_path / "fast.csv"
    assert stage_file(DATA / "malformed.csv", out) == reference.num_rows == 48
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    got = pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in OUTPUT_COLUMNS})
    assert first_difference(got, reference, inputs) is None
    statuses = reference["status"].to_pylist()
    assert statuses.count("error") > 30 and "ok" in statuses


def test_malformed_values_duckdb(malformed: tuple[pa.Table, pa.Table]) -> None:
    inputs, reference = malformed
    with_reader = reference["messages"].to_pylist()
    keep = [i for i, m in enumerate(with_reader) if not m.startswith("malformed CSV")]
    part = inputs.take(keep)
    assert first_difference(duckdb_outputs(part), reference.take(keep), part) is None


@pytest.mark.postgres
def test_malformed_values_postgres(malformed: tuple[pa.Table, pa.Table], postgres_url: str) -> None:
    inputs, reference = malformed
    keep = [i for i, m in enumerate(reference["messages"].to_pylist()) if not m.startswith("malformed CSV")]
    part = inputs.take(keep)
    assert first_difference(postgres_outputs(postgres_url, part), reference.take(keep), part) is None


@pytest.mark.spark
def test_malformed_values_spark(malformed: tuple[pa.Table, pa.Table], spark: object, tmp_path: Path) -> None:
    inputs, reference = malformed
    keep = [i for i, m in enumerate(reference["messages"].to_pylist()) if not m.startswith("malformed CSV")]
    part = inputs.take(keep)
    assert first_difference(spark_outputs(spark, part, tmp_path), reference.take(keep), part) is None
