"""Issue 11 (part A): each case the clinical review reproduced, run through the CLI as it was reported."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from sarcoma.cli._main import app

runner = CliRunner()


def _plan(*args: str) -> dict[str, Any]:
    """The plan for a reported command, with N0 and M0 given where the report left them out.

    Left out, they are unknown to the person register (issue 10), which then lists options per way the
    spread could turn out; ``test_reported_commands_without_spread_list_no_excluded_option`` checks that form.
    """
    spread = [*([] if "--n" in args else ["--n", "N0"]), *([] if "--m" in args else ["--m", "M0"])]
    result = runner.invoke(app, ["treatments", *args, *spread, "--json"])
    assert result.exit_code == 0, result.output
    plan: dict[str, Any] = json.loads(result.stdout)
    return plan


def _options(plan: dict[str, Any]) -> list[str]:
    return [o["id"] for s in plan["option_sets"] for o in s["options"]]


def _clinician(plan: dict[str, Any]) -> list[str]:
    return [c["id"] for c in plan["clinician"]]


def test_mohs_is_not_offered_for_a_25_cm_retroperitoneal_tumor() -> None:
    plan = _plan("--site", "retroperitoneum", "--size-cm", "25", "--grade", "1", "--resectable")
    assert plan["state"] == "stage_i"
    assert "mohs_surgery" not in _options(plan)
    assert "wide_local_excision" in _options(plan)


def test_mohs_is_offered_for_a_small_dfsp_and_says_which_conditions_it_met() -> None:
    plan = _plan("--site", "trunk", "--histology", "8832/3", "--size-cm", "3", "--grade", "1")
    mohs = next(o for s in plan["option_sets"] for o in s["options"] if o["id"] == "mohs_surgery")
    assert any("histology 8832" in c for c in mohs["conditions_met"])
    assert any("size (mm) 30" in c for c in mohs["conditions_met"])


def test_a_removable_recurrence_gets_surgery() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--recurrent", "--resectable")
    assert [s["id"] for s in plan["option_sets"]][:2] == ["recurrent_surgery", "recurrent_lung_surgery"]
    assert "recurrent_excision" in _options(plan)


def test_tazemetostat_is_not_shown_for_leiomyosarcoma_with_the_ini1_marker() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--histology", "8890/3", "--marker", "INI1")
    assert "tazemetostat_epithelioid" not in _clinician(plan)


def test_epithelioid_sarcoma_gets_options_and_tazemetostat_when_advanced() -> None:
    plan = _plan("--site", "arm", "--size-cm", "4", "--grade", "3", "--histology", "8804/3", "--m", "M1")
    assert plan["state"] == "stage_iv" and plan["stage"]["stage"] == "none"
    assert "tazemetostat_epithelioid" in _clinician(plan)
    assert "chemotherapy" in _options(plan)
    assert any(w["code"] == "histology_not_staged" for w in plan["stage"]["warnings"])
    localized = _plan("--site", "arm", "--size-cm", "4", "--grade", "3", "--histology", "8804/3")
    assert "tazemetostat_epithelioid" not in _clinician(localized)
    assert "wide_local_excision" in _options(localized)


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--histology", "9040/3", "--marker", "MAGE-A4"], "afami_cel_synovial"),
        (["--marker", "NTRK"], "ntrk_inhibitors"),
        (["--histology", "8832/3"], "imatinib_dfsp"),
    ],
)
def test_advanced_only_agents_are_not_shown_for_localized_stage_i_or_ii(args: list[str], absent: str) -> None:
    for size, grade in (("4", "1"), ("4", "3")):
        plan = _plan("--site", "leg", "--size-cm", size, "--grade", grade, *args)
        assert plan["state"] in ("stage_i", "stage_ii_iii_n0")
        assert absent not in _clinician(plan) and absent not in _options(plan)


def test_ewing_sarcoma_keeps_its_stage_but_gets_a_pointer_and_no_adult_sts_options() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--histology", "9364/3")
    assert plan["stage"]["stage"] == "IIIA"
    assert plan["state"] == "ewing" and plan["option_sets"] == []
    assert "https://www.cancer.gov/types/bone/patient/ewing-treatment-pdq" in plan["state_explanation"]
    assert "bone" in plan["state_title"]


def test_basis_recurrence_gets_the_recurrent_options() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--basis", "recurrence")
    assert plan["state"] == "recurrent"
    assert "recurrent_drugs" in [s["id"] for s in plan["option_sets"]]


def test_basis_post_therapy_does_not_offer_treatment_before_surgery() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--basis", "post_therapy")
    assert "local_neoadjuvant" not in [s["id"] for s in plan["option_sets"]]
    assert "neoadjuvant_before_surgery" not in _options(plan)
    nodal = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--n", "N1", "--basis", "post_therapy")
    assert "surgery_with_neoadjuvant_or_adjuvant" not in _options(nodal)


def test_retroperitoneal_radiation_carries_the_strass_caveat_for_patients_and_clinicians() -> None:
    plan = _plan("--site", "retroperitoneum", "--size-cm", "12", "--grade", "3")
    options = {o["id"]: o for s in plan["option_sets"] for o in s["options"]}
    assert "radiation_before_or_after" not in options and "neoadjuvant_before_surgery" not in options
    assert "not a routine choice" in options["radiation_retroperitoneum"]["title"]
    assert "did not help" in options["radiation_retroperitoneum"]["description"]
    # the patient reason says it in plain words; the trial's name is in the clinician item (review)
    radiation = next(s for s in plan["option_sets"] if s["id"] == "local_radiation")["options"][0]
    assert "did not help" in radiation["reason"]
    assert "strass_retroperitoneum" in _clinician(plan)


@pytest.mark.parametrize(
    ("histology", "pazopanib", "imatinib"),
    [("8852/3", False, False), ("8858/3", False, False), ("8832/3", False, True), ("8890/3", True, False)],
)
def test_pazopanib_and_imatinib_split_by_histology(histology: str, pazopanib: bool, imatinib: bool) -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--m", "M1", "--histology", histology)
    assert ("pazopanib" in _options(plan)) is pazopanib
    assert ("imatinib_dfsp" in _options(plan)) is imatinib


def test_unresectable_n1_gets_drugs_as_well_as_radiation() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--n", "N1", "--unresectable")
    assert [s["id"] for s in plan["option_sets"]] == ["unresectable_radiation", "unresectable_systemic"]
    assert "chemotherapy" in _options(plan)


def test_recurrent_and_unresectable_keeps_surgery_for_lung_metastases() -> None:
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--recurrent", "--unresectable")
    assert "recurrent_lung_surgery" in _options(plan)
    assert "recurrent_excision" not in _options(plan)


def test_t0_is_not_offered_excision_of_the_tumor() -> None:
    plan = _plan("--site", "leg", "--t", "T0", "--grade", "3")
    assert plan["state"] == "no_tumor_found" and _options(plan) == []
    nodal = _plan("--site", "leg", "--t", "T0", "--n", "N1", "--grade", "3")
    assert "excision_with_lymphadenectomy" not in _options(nodal)
    assert "lymph_node_surgery" in _options(nodal)
    assert all("the tumor" not in o["description"] for s in nodal["option_sets"] for o in s["options"])


@pytest.mark.parametrize(
    ("histology", "words", "treatment_state"),
    [
        ("8851/3", "atypical lipomatous tumor", "own_care"),
        ("8830/3", "undifferentiated pleomorphic sarcoma", "stage_ii_iii_n0"),
        ("9042/3", "synovial sarcoma", "stage_ii_iii_n0"),
        ("8891/3", "leiomyosarcoma", "stage_ii_iii_n0"),
        ("8896/3", "leiomyosarcoma", "stage_ii_iii_n0"),
        ("8900/3", "rhabdomyosarcoma-treatment-pdq", "own_care"),
    ],
)
def test_histologies_the_seer_tables_do_not_stage_get_a_specific_answer(
    histology: str, words: str, treatment_state: str
) -> None:
    staged = runner.invoke(app, ["stage", "--site", "leg", "--size-cm", "8", "--grade", "3", "--histology", histology])
    assert staged.exit_code == 2
    text = " ".join(staged.output.split())
    assert words in text and "For registries" in text and "(88)" in text
    assert "Traceback" not in staged.output
    plan = _plan("--site", "leg", "--size-cm", "8", "--grade", "3", "--histology", histology)
    assert plan["state"] == treatment_state
    assert plan["stage"]["stage"] == "none"
    assert bool(plan["option_sets"]) is (treatment_state != "own_care")


def test_well_differentiated_liposarcoma_links_to_its_own_knowledge_item() -> None:
    from sarcoma.kb import load_kb

    plan = _plan("--site", "thigh", "--size-cm", "12", "--grade", "1", "--histology", "8851/3")
    assert plan["state_kb_item"] == "atypical-lipomatous-tumor"
    load_kb().get(plan["state_kb_item"])
    assert "atypical lipomatous tumor" in plan["state_explanation"]


def test_every_histology_answer_links_to_an_existing_knowledge_item() -> None:
    from sarcoma._tables import load_table
    from sarcoma.kb import load_kb

    kb = load_kb()
    for row in load_table("histology").rows:
        if row.get("kb_item"):
            kb.get(row.get("kb_item"))
        assert row.get("treat_as") in ("", "sts", "pointer"), row.id


def test_ewing_9260_refused_by_staging_gets_the_same_ewing_answer() -> None:
    plan = _plan("--site", "thigh", "--size-cm", "8", "--histology", "9260/3")
    assert plan["state"] == "ewing" and plan["option_sets"] == []
    assert plan["state_kb_item"] == "ewing-soft-tissue"


@pytest.mark.parametrize(
    ("args", "excluded"),
    [
        (["--site", "retroperitoneum", "--size-cm", "25", "--grade", "1", "--resectable"], "mohs_surgery"),
        (["--site", "leg", "--size-cm", "8", "--grade", "3", "--histology", "8890/3", "--marker", "INI1"], "x"),
    ],
)
def test_reported_commands_without_spread_list_no_excluded_option(args: list[str], excluded: str) -> None:
    result = runner.invoke(app, ["treatments", *args, "--json"])
    assert result.exit_code == 0, result.output
    plan: dict[str, Any] = json.loads(result.stdout)
    assert plan["state"] == "uncertain"
    assert excluded not in _options(plan)
    assert "tazemetostat_epithelioid" not in _clinician(plan)
