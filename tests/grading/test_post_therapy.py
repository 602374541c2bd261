"""The FNCLCC grade says its limits: not valid after treatment before surgery, not used for some types."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sarcoma._tables import load_table
from sarcoma.cli import _staging
from sarcoma.grading import fnclcc_grade, grade_caveats, post_therapy_warning
from sarcoma.kb import load_kb


@pytest.mark.parametrize(
    ("d", "mitoses", "necrosis"), list(itertools.product([1, 2, 3], [0, 15, 30], ["none", "ge50"]))
)
def test_every_grade_carries_the_caveats_and_only_post_therapy_the_warning(d: int, mitoses: int, necrosis: str) -> None:
    plain = fnclcc_grade(d, mitoses, necrosis)
    assert plain.caveats == grade_caveats() and plain.warnings == []
    treated = fnclcc_grade(d, mitoses, necrosis, post_therapy=True)
    assert treated.grade == plain.grade
    assert treated.warnings == [post_therapy_warning()]
    assert "not valid" in treated.warnings[0]


def test_caveats_are_data_with_a_checkable_source() -> None:
    table = load_table("messages")
    for code in ("fnclcc_post_therapy", "fnclcc_caveat_neoadjuvant", "fnclcc_caveat_types"):
        row = table.require(code=code)
        assert "oncologypro.esmo.org" in str(row.get("source")) or "ESMO OncologyPRO" in str(row.get("source"))
    assert "doi:10.1111/j.1365-2559.2005.02288.x" in str(table.require(code="fnclcc_caveat_types").get("source"))
    text = " ".join(grade_caveats())
    for word in ("before surgery", "Ewing sarcoma", "epithelioid sarcoma"):
        assert word in text


def test_the_grade_item_says_the_same_limits() -> None:
    item = load_kb().get("grades")
    patient = " ".join([*item.key_points, *item.patient_body])
    assert "before surgery" in patient and "not valid" in patient
    assert "Ewing sarcoma" in patient
    assert "10.1111/j.1365-2559.2005.02288.x" in (item.source.citation or "")


cli = typer.Typer(pretty_exceptions_enable=False)


@cli.callback()
def _root() -> None:
    """Test app."""


cli.command("grade")(_staging.grade_command)


def test_cli_grade_warns_after_treatment() -> None:
    args = ["grade", "--differentiation", "2", "--mitoses", "12", "--necrosis", "lt50"]
    plain = CliRunner().invoke(cli, args)
    treated = CliRunner().invoke(cli, [*args, "--post-therapy"])
    assert plain.exit_code == 0 and treated.exit_code == 0
    assert "Warning:" not in plain.output and "Warning:" in treated.output
    assert "only holds for tissue" in " ".join(plain.output.split())


def test_api_grade_warns_after_treatment(client: Any) -> None:
    body = {"differentiation": 2, "mitoses": 12, "necrosis": "lt50"}
    assert client.post("/api/v1/grade", json=body).json()["warnings"] == []
    treated = client.post("/api/v1/grade", json={**body, "post_therapy": True}).json()
    assert treated["warnings"] == [post_therapy_warning()] and treated["caveats"] == grade_caveats()
