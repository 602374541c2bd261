"""`sarcoma sql`: the printed SQL runs in DuckDB, PostgreSQL and Spark and matches the engine."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from sarcoma.batch import INPUT_COLUMNS, OUTPUT_COLUMNS, stage_record
from sarcoma.batch._duckdb import connect
from sarcoma.cli._main import app

runner = CliRunner()
CASES = [
    {"site": "leg", "size_cm": "8", "grade": "3", "n": "N0", "m": "M0"},
    {"site": "C48.0", "histology": "8850/3", "size_cm": "22", "grade": "1"},
    {"site": "head_neck", "extent": "orbit", "grade": "2"},
    {"site": "moon", "size_cm": "3"},
    {"site": "arm", "size_cm": "5.05", "grade": "X"},
]


def _sql(*args: str) -> str:
    result = runner.invoke(app, ["sql", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _expected() -> list[tuple[str, ...]]:
    return [tuple(stage_record(c)[k] for k in OUTPUT_COLUMNS) for c in CASES]


def test_sql_prints_case_expressions_from_the_tables() -> None:
    text = _sql("--dialect", "postgres")
    assert text.startswith("-- Sarcoma Navigator") and "Not medical advice" in text
    assert "CASE" in text and "BETWEEN 51 AND 100" in text and "OFFSET 0" in text
    assert 'FROM "registry"' in text


def test_sql_refuses_an_unknown_dialect() -> None:
    result = runner.invoke(app, ["sql", "--dialect", "oracle"])
    assert result.exit_code == 2 and "unknown dialect" in result.stderr


def test_duckdb_view_runs_and_matches() -> None:
    con = connect()
    con.register("cases", pa.table({c: [r.get(c) for r in CASES] for c in INPUT_COLUMNS}))
    con.sql("CREATE TABLE registry AS SELECT * FROM cases")
    con.sql(_sql("--dialect", "duckdb", "--view", "staged"))
    rows = con.sql(f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM staged").fetchall()
    assert rows == _expected()


@pytest.mark.postgres
def test_postgres_sql_runs_in_postgres_and_matches(postgres_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("DROP VIEW IF EXISTS sarcoma_staged; DROP TABLE IF EXISTS sarcoma_registry")
        con.execute(
            "CREATE TABLE sarcoma_registry (id int, site text, size_cm numeric, histology text, extent text, "
            "n text, m text, grade text)"
        )
        for i, c in enumerate(CASES):
            con.execute(
                "INSERT INTO sarcoma_registry VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    i,
                    c.get("site"),
                    c.get("size_cm"),
                    c.get("histology"),
                    c.get("extent"),
                    c.get("n"),
                    c.get("m"),
                    c.get("grade"),
                ),
            )
        cols = "id,site,size_cm,histology,extent,n,m,grade"
        con.execute(
            _sql(
                "--dialect",
                "postgres",
                "--table",
                "sarcoma_registry",
                "--view",
                "sarcoma_staged",
                "--columns",
                cols,
                "--keep",
                "id",
            )
        )
        rows = con.execute(f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM sarcoma_staged ORDER BY id").fetchall()
        con.execute("DROP VIEW sarcoma_staged; DROP TABLE sarcoma_registry")
    assert rows == _expected()


@pytest.mark.spark
def test_spark_sql_runs_in_spark_and_matches(spark: object, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    table = pa.table({"id": list(range(len(CASES))), **{c: [r.get(c) for r in CASES] for c in INPUT_COLUMNS}})
    pq.write_table(table, tmp_path / "cases.parquet")
    spark.read.parquet(str(tmp_path / "cases.parquet")).createOrReplaceTempView("registry")  # type: ignore[attr-defined]
    spark.sql(_sql("--dialect", "spark", "--view", "staged", "--keep", "id").rstrip().rstrip(";"))  # type: ignore[attr-defined]
    rows = spark.sql(f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM staged ORDER BY id").collect()  # type: ignore[attr-defined]
    assert [tuple(r) for r in rows] == _expected()


@pytest.mark.spark
def test_spark_stage_needs_a_site_column(spark: object) -> None:
    import sarcoma.spark

    frame = spark.createDataFrame([(1, "3")], ["id", "size_cm"])  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="needs a site column"):
        sarcoma.spark.stage(frame)


def test_naaccr_sql_runs_in_duckdb_and_matches() -> None:
    from sarcoma.batch import naaccr_record
    from sarcoma.batch._naaccr import XML_COLUMNS

    items = [
        {"primarySite": "C492", "gradePathological": "3", "tumorSizeSummary": "080", "eodRegionalNodes": "000"},
        {"primarySite": "C494", "schemaId": "00421", "gradeClinical": "2", "tumorSizeSummary": "120"},
        {"primarySite": "C492", "schemaId": "00430", "tumorSizeSummary": "050"},
    ]
    con = connect()
    con.register("items", pa.table({c: pa.array([r.get(c) for r in items], pa.string()) for c in XML_COLUMNS}))
    con.sql("CREATE TABLE naaccr AS SELECT * FROM items")
    rows = con.sql(_sql("--dialect", "duckdb", "--naaccr", "--table", "naaccr", "--keep", "primarySite")).fetchall()
    want = [tuple(stage_record(naaccr_record(r))[k] for k in OUTPUT_COLUMNS) for r in items]
    assert [row[1:] for row in rows] == want
