"""`sarcoma stage --edition/--depth` and `--compare-editions`, text and JSON (issue 15)."""

from __future__ import annotations

import json

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
