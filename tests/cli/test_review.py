"""Clinical review (issue 10): the CLI does not list registry conventions as assumptions about the person."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sarcoma.cli._main import app

CONVENTIONS = ("counts as N0", "counts as M0", "grouped like G1", "this is stage I,")


@pytest.mark.parametrize(
    "args",
    [
        ["stage", "--site", "leg", "--size-cm", "3", "--grade", "X"],
        ["stage", "--site", "leg"],
        ["treatments", "--site", "retroperitoneum", "--size-cm", "25", "--grade", "1", "--resectable"],
        ["treatments", "--site", "head_neck", "--size-cm", "3", "--grade", "X", "--n", "N0", "--m", "M0"],
    ],
)
def test_conventions_are_rules_for_records_not_assumptions(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    records = text.split("Rules for records, not findings", 1)[1]
    assert "tell you nothing about your tumor" in records
    assert any(words in records for words in CONVENTIONS)
    if "Assumptions made" in text:
        ours = text.split("Assumptions made", 1)[1].split("Rules for records", 1)[0]
        assert not any(words in ours for words in CONVENTIONS), ours


def test_a_type_with_its_own_care_is_said_once() -> None:
    """8851: the whole message was printed as the answer and again under 'Assumptions made'."""
    args = ["treatments", "--site", "leg", "--histology", "8851/3", "--size-cm", "8", "--grade", "1"]
    result = CliRunner().invoke(app, [*args, "--n", "N0", "--m", "M0"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert text.count("slow-growing tumor of fat cells") == 1
    assert "Learn more: sarcoma kb show atypical-lipomatous-tumor" in text


def test_stage_says_ewing_sarcoma_is_treated_like_a_bone_sarcoma() -> None:
    """`sarcoma stage --histology 9364/3` gave stage IIIA in plain words with no word that Ewing care differs."""
    args = ["stage", "--site", "leg", "--histology", "9364/3", "--size-cm", "8", "--grade", "3"]
    text = " ".join(CliRunner().invoke(app, [*args, "--n", "N0", "--m", "M0"]).output.split())
    assert "treated like a bone sarcoma" in text
    assert text.index("So it is stage IIIA") < text.index("treated like a bone sarcoma") < text.index("How this was")
    plain = " ".join(
        CliRunner().invoke(app, ["stage", "--site", "leg", "--size-cm", "8", "--grade", "3"]).output.split()
    )
    assert "bone sarcoma" not in plain
