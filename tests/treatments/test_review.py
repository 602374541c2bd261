"""Clinical review (issues 10, 11, 14): person-register sentences of `sarcoma treatments` wrong for the case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from sarcoma.cli._main import app

runner = CliRunner()


def _plan(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["treatments", *args, "--json"])
    assert result.exit_code == 0, result.output
    plan: dict[str, Any] = json.loads(result.stdout)
    return plan


@pytest.mark.parametrize("flag", [["--basis", "recurrence"], ["--recurrent"]])
def test_a_recurrence_with_spread_unknown_is_not_given_one_stage_as_fact(flag: list[str]) -> None:
    """`--basis recurrence` with N and M left out: the header says IIIA or IV; the text said 'is Stage IIIA'."""
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", *flag)
    assert plan["state"] == "recurrent"
    assert "Stage IIIA" not in plan["state_explanation"]


@pytest.mark.parametrize("code", ["8830/3", "8891/3", "8896/3", "9042/3", "8804/3"])
def test_a_type_not_staged_does_not_repeat_the_no_stage_label_as_a_sentence(code: str) -> None:
    plan = _plan("--site", "leg", "--histology", code, "--size-cm", "8", "--grade", "1", "--n", "N0", "--m", "M0")
    text = plan["state_explanation"]
    assert text.count("no AJCC stage") + text.count("No AJCC stage") == 1, text
    assert "are still shown" not in " ".join(w["message"] for w in plan["stage"]["warnings"])


@pytest.mark.parametrize(
    "where", [["--site", "head_neck", "--size-cm", "3"], ["--site", "visceral", "--extent", "serosa"]]
)
def test_a_branch_for_low_grade_is_not_titled_grade_not_known(where: list[str]) -> None:
    """Grade unknown: 'If the tumor is low grade: No stage group: low grade or grade not known' contradicted itself."""
    plan = _plan(*where, "--grade", "X", "--n", "N0", "--m", "M0")
    titles = [s["title"] for s in plan["option_sets"]]
    assert any(t.startswith("If the tumor is low grade") for t in titles), titles
    assert not any(t.startswith("If") and "not known" in t for t in titles), titles


def test_patient_option_reasons_name_no_trial_by_its_acronym() -> None:
    """The result page told patients 'the STRASS trial found no benefit'; trial names belong to the clinician view."""
    from sarcoma._data import load_data

    acronyms = ("STRASS", "PALETTE", "EORTC", "NCDB", "LMS-04")
    sets = load_data("treatments/option_sets.yaml")
    text = repr(sets)
    assert text.count("'reason'") > 10
    assert not [a for a in acronyms if a in text]


def test_a_recurrence_gets_the_r_prefix_however_it_is_said() -> None:
    """`treatments --recurrent` gave cT2 cN0 cM0 while `--basis recurrence` and the web page gave rT2 rN0 cM0."""
    from sarcoma.treatments import shared_treatment_options

    by_flag = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--recurrent")
    by_basis = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--basis", "recurrence")
    library = shared_treatment_options({"site": "leg", "size_cm": 8, "grade": "3"}, recurrent=True)
    # nodes not given stay cN
    assert by_flag["stage"]["tnm"] == by_basis["stage"]["tnm"] == library.stage.tnm == "rT2 cN0 cM0"
    assert by_flag["state"] == by_basis["state"] == library.state == "recurrent"


def test_retroperitoneal_node_spread_carries_the_radiation_caveat() -> None:
    """Retroperitoneum N1 said 'Chemo or radiation may come first' with no word that radiation first is not routine."""
    retro = _plan("--site", "retroperitoneum", "--size-cm", "12", "--grade", "3", "--n", "N1", "--m", "M0")
    ids = [o["id"] for s in retro["option_sets"] for o in s["options"]]
    assert "surgery_with_perioperative_retroperitoneum" in ids and "surgery_with_neoadjuvant_or_adjuvant" not in ids
    leg = _plan("--site", "leg", "--size-cm", "12", "--grade", "3", "--n", "N1", "--m", "M0")
    ids = [o["id"] for s in leg["option_sets"] for o in s["options"]]
    assert "surgery_with_neoadjuvant_or_adjuvant" in ids and "surgery_with_perioperative_retroperitoneum" not in ids
