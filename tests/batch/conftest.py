"""Shared fixtures for the batch tests: the 1M-record random set and its per-row reference outputs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sarcoma.batch import OUTPUT_COLUMNS, stage_record
from sarcoma.batch._synthetic import synthetic_table

RANDOM_ROWS = int(os.environ.get("SARCOMA_TEST_RANDOM_ROWS", "1000000"))
"""Size of the random differential set (1M in CI; set lower for a quick local run)."""
SEED = 20261127


def _reference_chunk(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [stage_record(r) for r in rows]


def reference_outputs(table: pa.Table, workers: int = 2) -> pa.Table:
    """Stage every row with the per-row reference engine, in parallel processes, in order."""
    rows = table.to_pylist()
    size = 50_000
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        results = [r for chunk in pool.map(_reference_chunk, chunks) for r in chunk]
    return pa.table({c: pa.array([r[c] for r in results], pa.string()) for c in OUTPUT_COLUMNS})


@pytest.fixture(scope="session")
def random_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pa.Table, pa.Table]:
    """(parquet path, inputs, per-row reference outputs) for the seeded random set."""
    folder = tmp_path_factory.mktemp("random")
    table = synthetic_table(RANDOM_ROWS, seed=SEED)
    path = folder / "random.parquet"
    pq.write_table(table, path, row_group_size=131_072)
    return path, table, reference_outputs(table)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session, or a loud skip when pyspark or Java is missing."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark differential tests NOT RUN (apt-get install default-jre-headless)")
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="pyspark is not installed: Spark tests NOT RUN")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("sarcoma-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.codegen.wholeStage", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test PostgreSQL URL from SARCOMA_TEST_POSTGRES, or a loud skip."""
    url = os.environ.get("SARCOMA_TEST_POSTGRES")
    if not url:
        pytest.skip("SARCOMA_TEST_POSTGRES is not set: PostgreSQL differential tests NOT RUN (.ci/run sets it)")
    return url
