"""`sarcoma stage --edition/--depth` and `--compare-editions`, text and JSON (issue 15)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from sarcoma.cli._main import app

runner = CliRunner()
CASE = ["stage", "--site", "thigh", "--size-cm", "12", "--grade", "3", "--n", "N1", "--m", "M0"]


def test_edition_option_stages_in_that_edition() -> None:
    result = runner.invoke(app, [*CASE, "--edition", "uicc9", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["edition"], data["stage"]) == ("UICC TNM 9", "IIIB")
    text = runner.invoke(app, [*CASE, "--edition", "ajcc7", "--depth", "deep"])
    assert text.exit_code == 0, text.output
    assert "Stage III " in text.output and "AJCC 7" in text.output and "cT2b" in text.output


def test_the_default_edition_is_unchanged() -> None:
    plain = json.loads(runner.invoke(app, [*CASE, "--json"]).output)
    explicit = json.loads(runner.invoke(app, [*CASE, "--edition", "ajcc8", "--json"]).output)
    assert plain == explicit and plain["edition"] == "AJCC 8th" and plain["stage"] == "IV"


def test_compare_editions_text_has_every_edition_and_the_issue_sentence() -> None:
    result = runner.invoke(app, [*CASE, "--compare-editions"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for label in ("AJCC 8th", "UICC TNM 9", "UICC TNM 8", "AJCC 7"):
        assert label in flat
    assert (
        "UICC TNM 9 puts lymph-node spread in stage IIIB; AJCC 8 puts it in stage IV for the trunk and limbs." in flat
    )


def test_compare_editions_json_lists_stages_and_differences() -> None:
    result = runner.invoke(app, [*CASE, "--compare-editions", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    stages = {row["edition"]: row["stage"] for row in data["editions"]}
    assert stages == {"ajcc8": "IV", "uicc9": "IIIB", "uicc8": "IIIB", "ajcc7": "III"}
    ids = [d["id"] for d in data["differences"]]
    assert "n1_trunk" in ids and len(ids) == len(set(ids))
    assert next(d for d in data["differences"] if d["id"] == "n1_trunk")["pairs"] == ["ajcc8 uicc9"]


def test_compare_editions_reports_an_edition_that_refuses_the_type() -> None:
    args = ["stage", "--site", "C49.2", "--histology", "9120/3", "--size-cm", "3", "--grade", "1", "--n", "N0"]
    data = json.loads(runner.invoke(app, [*args, "--m", "M0", "--compare-editions", "--json"]).output)
    refused = {row["edition"]: row["refused"] for row in data["editions"] if not row["staged"]}
    assert set(refused) == {"uicc9", "uicc8"} and "angiosarcoma" in refused["uicc9"]
    assert "angiosarcoma_uicc" in [d["id"] for d in data["differences"]]


def test_compare_editions_same_stage_says_so() -> None:
    args = ["stage", "--site", "C49.2", "--size-cm", "3", "--grade", "1", "--n", "N0", "--m", "M1"]
    result = runner.invoke(app, [*args, "--compare-editions"])
    assert result.exit_code == 0, result.output
    assert "Every edition gives this case the same stage." in " ".join(result.output.split())


def test_bad_edition_or_depth_exits_2_with_the_catalogue_message() -> None:
    for extra, text in ((["--edition", "tnm5"], "edition: use ajcc8"), (["--depth", "x"], "depth: use superficial")):
        for compare in ([], ["--compare-editions"]):
            result = runner.invoke(app, [*CASE, *extra, *compare])
            assert result.exit_code == 2, result.output
            assert text in result.output and "Traceback" not in result.output


BATCH = """id,site,size_cm,grade,n,m,edition,depth
1,thigh,12,3,N1,M0,,
2,thigh,12,3,N1,M0,uicc9,
3,C49.2,3,2,N0,M0,ajcc7,superficial
4,C48.0,3,1,,M0,,deep
5,C49.2,3,1,N0,M0,ajcc7,sideways
6,C49.2,3,1,N0,M0,tnm5,
7,C50.4,3,3,N0,M0,,
"""


def _batch(tmp_path: Path, *args: str) -> list[dict[str, str]]:
    source = tmp_path / "in.csv"
    source.write_text(BATCH, encoding="utf-8")
    out = tmp_path / f"out{len(list(tmp_path.iterdir()))}.csv"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_batch_edition_applies_to_blank_cells_in_both_engines(tmp_path: Path) -> None:
    vectorized = _batch(tmp_path, "--edition", "ajcc7")
    assert vectorized == _batch(tmp_path, "--edition", "ajcc7", "--engine", "rowwise")
    stages = [(r["ajcc_t"], r["ajcc_stage"]) for r in vectorized]
    assert stages[:4] == [("T2", "III"), ("T3", "IIIB"), ("T1a", "IIA"), ("T1b", "unknown")]
    assert stages[6] == ("T1", "none")  # AJCC 7 does not stage the breast
    assert [r["message_codes"] for r in vectorized[4:6]] == ["depth_code", "edition_code"]
    default = _batch(tmp_path)
    assert [r["ajcc_stage"] for r in default][:2] == ["IV", "IIIB"]


def test_batch_bad_edition_option_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(BATCH, encoding="utf-8")
    result = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "o.csv"), "--edition", "tnm5"])
    assert result.exit_code == 2 and "edition: use ajcc8" in result.output
    assert not (tmp_path / "o.csv").exists()


AJCC7_RECORD = ["stage", "--site", "leg", "--t", "T1a", "--grade", "1", "--n", "N0", "--m", "M0"]


def test_an_explicit_ajcc7_t_stages_in_ajcc7() -> None:
    """A 2010-2017 registry record: `sarcoma stage --site leg --t T1a --grade 1 --n N0 --m M0 --edition ajcc7`."""
    text = runner.invoke(app, [*AJCC7_RECORD, "--edition", "ajcc7"])
    assert text.exit_code == 0, text.output
    assert "Stage IA" in text.output and "cT1a cN0 cM0" in text.output
    data = json.loads(runner.invoke(app, [*AJCC7_RECORD, "--edition", "ajcc7", "--json"]).output)
    assert (data["edition"], data["t"], data["stage"], data["t_from"]) == ("AJCC 7", "T1a", "IA", "explicit")


def test_an_ajcc7_t_in_another_edition_exits_2_naming_ajcc7() -> None:
    for edition in ("ajcc8", "uicc9", "uicc8"):
        result = runner.invoke(app, [*AJCC7_RECORD, "--edition", edition])
        assert result.exit_code == 2, result.output
        assert "T1a is an AJCC 7 T category; to stage with it, use edition ajcc7" in " ".join(result.output.split())
        assert "Traceback" not in result.output
    conflict = runner.invoke(app, [*AJCC7_RECORD, "--edition", "ajcc7", "--depth", "deep"])
    assert conflict.exit_code == 2 and "T1a contradicts the depth given (deep)" in conflict.output
