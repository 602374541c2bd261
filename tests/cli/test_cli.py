"""The `sarcoma` command line: human and JSON output, exit codes, batch."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sarcoma.cli._main import app

runner = CliRunner()


def test_stage_human_output_leads_with_the_stage_and_says_not_advice() -> None:
    result = runner.invoke(app, ["stage", "--site", "leg", "--size-cm", "8", "--grade", "3"])
    assert result.exit_code == 0, result.output
    assert "Stage IIIA" in result.output
    assert "not medical" in result.output
    assert "t_size/te_t2" in result.output


def test_stage_json_has_the_result_fields() -> None:
    result = runner.invoke(
        app,
        [
            "stage",
            "--site",
            "C49.2",
            "--histology",
            "8890/3",
            "--size-mm",
            "51",
            "--grade",
            "2",
            "--n",
            "N0",
            "--m",
            "M0",
            "--basis",
            "pathologic",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stage"] == "IIIA"
    assert data["tnm"] == "pT2 pN0 cM0"
    assert data["edition"] == "AJCC 8th"
    for key in ("t", "n", "m", "grade", "warnings", "explanation"):
        assert key in data


@pytest.mark.parametrize(
    "args",
    [
        ["stage", "--site", "leg", "--size-cm", "-1"],
        ["stage", "--site", "leg", "--t", "T5"],
        ["stage", "--site", "leg", "--grade", "4"],
        ["stage", "--site", "moon"],
        ["stage", "--site", "leg", "--histology", "8936/3"],
        ["stage", "--site", "leg", "--size-cm", "3", "--t", "T2"],
        ["grade", "--differentiation", "5", "--mitoses", "3", "--necrosis", "none"],
        ["batch", "missing.csv", "-o", "out.csv"],
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().startswith("error:")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_grade_command() -> None:
    result = runner.invoke(app, ["grade", "--differentiation", "2", "--mitoses", "12", "--necrosis", "lt50", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["grade"] == "G2"


def test_demo_runs() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0
    assert result.output.count("not medical") == 3


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_batch_keeps_every_row_in_order_and_marks_bad_ones(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "id,site,size_cm,t,n,m,grade,note\n"
        "1,leg,8,,N0,M0,3,keep me\n"
        "2,leg,-4,,,,,negative\n"
        "3,arm,2,,,,X,\n"
        "4,leg,3,T3,,,1,\n"
        "5,leg,3\n"
        "6,stomach,,,,,2,\n"
        "7,leg,3,,,,,,extra,fields\n"
        "8,C16.2,,,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _read_csv(out)
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 9)]
    assert rows[0]["ajcc_stage"] == "IIIA" and rows[0]["status"] == "ok" and rows[0]["note"] == "keep me"
    assert rows[1]["status"] == "error" and "greater than 0" in rows[1]["messages"]
    assert rows[2]["ajcc_stage"] == "IA" and rows[2]["status"] == "warning"
    assert rows[3]["status"] == "error" and "contradicts" in rows[3]["messages"]
    assert rows[4]["status"] == "error" and "malformed CSV record at line" in rows[4]["messages"]
    assert rows[5]["ajcc_stage"] == "none"
    assert rows[6]["status"] == "error" and "malformed CSV record at line" in rows[6]["messages"]
    assert rows[7]["ajcc_stage"] == "none" and rows[7]["ajcc_t"] == "TX"


def test_batch_refuses_a_file_without_a_site_column(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,size_cm\n1,3\n")
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert "missing required column" in result.stderr


def test_batch_10000_rows(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    sites = ["leg", "arm", "trunk", "retroperitoneum", "head_neck", "visceral", "C49.2", "moon"]
    header = ["id", "site", "size_cm", "n", "m", "grade"]
    rows = [
        [
            str(i),
            rng.choice(sites),
            rng.choice(["", "0", "-1", "abc", f"{rng.uniform(0.1, 40):.2f}"]),
            rng.choice(["", "N0", "N1", "NX", "N7"]),
            rng.choice(["", "M0", "M1", "MX"]),
            rng.choice(["", "1", "2", "3", "X", "4", "high"]),
        ]
        for i in range(10_000)
    ]
    src = tmp_path / "big.csv"
    _write_csv(src, header, rows)
    out = tmp_path / "big-out.csv"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    staged = _read_csv(out)
    assert len(staged) == 10_000
    assert [r["id"] for r in staged] == [r[0] for r in rows]
    statuses = {r["status"] for r in staged}
    assert statuses == {"ok", "warning", "error"}
    assert all(r["messages"] for r in staged if r["status"] != "ok")


def test_batch_parquet_round_trip(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {"id": [1, 2, 3], "site": ["leg", "arm", None], "size_cm": [8.0, None, 3.0], "grade": ["3", "1", "2"]}
    )
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    staged = pq.read_table(out).to_pylist()
    assert [r["id"] for r in staged] == [1, 2, 3]
    assert staged[0]["ajcc_stage"] == "IIIA"
    assert staged[1]["ajcc_stage"] == "I"
    assert staged[2]["status"] == "error"
