"""Batch `--possible-stages`: an optional column from the per-row engine; the default output is unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from sarcoma.batch import stage_record
from sarcoma.batch._rowwise import POSSIBLE_COLUMN
from sarcoma.cli._main import app


def test_stage_record_adds_the_column_only_when_asked() -> None:
    record = {"site": "retroperitoneum", "size_cm": "12", "grade": "X", "n": "N0", "m": "M0"}
    assert POSSIBLE_COLUMN not in stage_record(record)
    assert stage_record(record, possible_stages=True)[POSSIBLE_COLUMN] == "IB|IIIB"
    assert stage_record({"site": "leg"}, possible_stages=True)[POSSIBLE_COLUMN] == "IA|IB|II|IIIA|IIIB|IV"


def test_cli_flag_adds_a_last_column_and_keeps_every_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("site,size_cm,grade,n,m\nretroperitoneum,12,X,N0,M0\nxyz,1,1,,\nleg,8,3,N0,M0\n")
    plain, flagged = tmp_path / "plain.csv", tmp_path / "flagged.csv"
    runner = CliRunner()
    assert runner.invoke(app, ["batch", str(source), "-o", str(plain)]).exit_code == 0
    assert runner.invoke(app, ["batch", str(source), "-o", str(flagged), "--possible-stages"]).exit_code == 0
    plain_rows = list(csv.DictReader(plain.read_text().splitlines()))
    flagged_rows = list(csv.DictReader(flagged.read_text().splitlines()))
    assert POSSIBLE_COLUMN not in plain_rows[0]
    assert list(flagged_rows[0])[-1] == POSSIBLE_COLUMN
    assert [r[POSSIBLE_COLUMN] for r in flagged_rows] == ["IB|IIIB", "", "IIIA"]
    for before, after in zip(plain_rows, flagged_rows, strict=True):
        assert {k: v for k, v in after.items() if k != POSSIBLE_COLUMN} == before
