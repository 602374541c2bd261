"""Every option and clinician item against a grid of cases, with an independent oracle.

The oracle below is written from the clinical rules (NCI Adult STS Treatment, patient and health
professional versions; drug labels on the NCI drug pages; PALETTE; STRASS), not from the data
files or the condition interpreter: for each option id it says where the option may be shown. The
grid crosses site group (and trunk versus limb), size (T, and T0), N, M, grade, histology family,
recurrence (flag and basis), resectability, basis and markers. A test fails if any option or
clinician item is shown where the oracle excludes it, and if any option in the data has no oracle.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import product

import pytest

from sarcoma._tables import load_table
from sarcoma.errors import OutOfScope
from sarcoma.treatments import treatment_options
from sarcoma.treatments._data import doc

SITES = {  # site word -> (site group, is the trunk rather than a limb)
    "leg": ("trunk_extremities", False),
    "chest wall": ("trunk_extremities", True),
    "retroperitoneum": ("retroperitoneum", False),
    "neck": ("head_neck", False),
    "stomach": ("abdomen_thoracic_visceral", False),
}
SIZES = ("3", "8", "25", "T0")  # cm, or T0 (no main tumor found)
HISTOLOGIES = (None, "8832/3", "8852/3", "8858/3", "8890/3", "9040/3", "8804/3", "9364/3", "8851/3", "9120/3")
DFSP, LIPO, LMS, SYNOVIAL = range(8832, 8834), range(8850, 8860), (8890,), range(9040, 9044)
EPITHELIOID, EWING, ALT, ANGIO, MYXOID_LPS = 8804, 9364, 8851, 9120, 8852


@dataclass(frozen=True)
class Case:
    site: str
    size: str
    n1: bool
    m1: bool
    grade: str
    histology: str | None
    recurrent_flag: bool
    resectable: str
    basis: str
    markers: tuple[str, ...]

    @property
    def group(self) -> str:
        return SITES[self.site][0]

    @property
    def trunk(self) -> bool:
        return SITES[self.site][1]

    @property
    def code(self) -> int | None:
        return None if self.histology is None else int(self.histology[:4])

    @property
    def t0(self) -> bool:
        return self.size == "T0"

    @property
    def rec(self) -> bool:
        return self.recurrent_flag or self.basis == "recurrence"

    @property
    def operated(self) -> bool:
        """Staged on the tumor removed after treatment given first (yp): the operation has been done."""
        return self.basis == "post_therapy"

    @property
    def advanced(self) -> bool:
        """Recurrent, metastatic or not removable: where drug treatment and advanced-disease labels apply."""
        return self.rec or self.m1 or self.resectable == "no"

    @property
    def local(self) -> bool:
        """Not recurrent, no distant spread, and not known to be unremovable: local treatment applies."""
        return not self.rec and not self.m1 and self.resectable != "no"

    def fields(self) -> dict[str, object]:
        out: dict[str, object] = {"site": self.site, "grade": self.grade, "basis": self.basis}
        out |= {"n": "N1" if self.n1 else "N0", "m": "M1" if self.m1 else "M0"}
        out |= {"t": "T0"} if self.t0 else {"size_cm": float(self.size)}
        if self.histology:
            out["histology"] = self.histology
        return out


def _in(code: int | None, codes: object) -> bool:
    return code is not None and code in codes  # type: ignore[operator]


Oracle = Callable[[Case], bool]

OPTIONS: dict[str, Oracle] = {
    # Mohs: very small skin sarcomas; DFSP is the sarcoma it is used for; never deep, large or advanced.
    "mohs_surgery": lambda c: (
        _in(c.code, DFSP)
        and not c.t0
        and float(c.size) <= 5
        and c.group in ("trunk_extremities", "head_neck")
        and c.local
        and not c.operated
    ),
    "wide_local_excision": lambda c: c.local and not c.t0 and not c.operated,
    "limb_sparing_surgery": lambda c: (
        c.local and not c.t0 and c.group == "trunk_extremities" and not c.trunk and not c.operated
    ),
    "radiation_before_and_or_after": lambda c: c.local and not c.t0 and c.group != "retroperitoneum" and not c.operated,
    "radiation_before_or_after": lambda c: c.local and not c.t0 and c.group != "retroperitoneum" and not c.operated,
    # staged on the tumor removed after treatment given first: the operation is done (issue 11 review)
    "radiation_after_surgery": lambda c: c.operated and c.local and c.group != "retroperitoneum",
    "follow_up_after_surgery": lambda c: c.operated and c.local,
    "radiation_retroperitoneum": lambda c: c.local and not c.t0 and c.group == "retroperitoneum",
    "neoadjuvant_before_surgery": lambda c: (
        c.local and not c.t0 and not c.n1 and c.basis != "post_therapy" and c.group != "retroperitoneum"
    ),
    "neoadjuvant_retroperitoneum": lambda c: (
        c.local and not c.t0 and not c.n1 and c.basis != "post_therapy" and c.group == "retroperitoneum"
    ),
    "high_dose_radiation": lambda c: (
        not c.t0 and not c.rec and not c.m1 and (c.resectable == "no" or (c.resectable == "unknown" and not c.operated))
    ),
    "excision_with_lymphadenectomy": lambda c: c.local and c.n1 and not c.t0 and not c.operated,
    "lymph_node_surgery": lambda c: c.local and c.n1 and c.t0 and not c.operated,
    "surgery_with_neoadjuvant_or_adjuvant": lambda c: (
        c.local and c.n1 and c.basis != "post_therapy" and c.group != "retroperitoneum"
    ),
    "surgery_with_perioperative_retroperitoneum": lambda c: (
        c.local and c.n1 and c.basis != "post_therapy" and c.group == "retroperitoneum"
    ),
    "chemotherapy": lambda c: c.rec or c.m1 or (c.resectable == "no" and c.n1),
    # PALETTE left out liposarcoma; DFSP gets imatinib instead.
    "pazopanib": lambda c: (
        (c.rec or c.m1 or (c.resectable == "no" and c.n1)) and not _in(c.code, LIPO) and not _in(c.code, DFSP)
    ),
    "imatinib_dfsp": lambda c: _in(c.code, DFSP) and c.advanced,
    "lung_metastasis_surgery": lambda c: c.m1 and not c.rec,
    "recurrent_excision": lambda c: c.rec and c.resectable != "no",
    "amputation": lambda c: c.rec and c.resectable != "no" and c.group == "trunk_extremities" and not c.trunk,
    "recurrent_lung_surgery": lambda c: c.rec,
    "checkpoint_trial": lambda c: c.rec,
}

CLINICIAN: dict[str, Oracle] = {
    "imatinib_dfsp": lambda c: _in(c.code, DFSP) and c.advanced,
    "tazemetostat_epithelioid": lambda c: c.code == EPITHELIOID and c.advanced,
    "ntrk_inhibitors": lambda c: "NTRK" in c.markers and c.advanced,
    "afami_cel_synovial": lambda c: _in(c.code, SYNOVIAL) and "MAGE-A4" in c.markers and c.advanced,
    "l_sarcoma_trabectedin_eribulin": lambda c: (_in(c.code, LIPO) or _in(c.code, LMS)) and c.advanced,
    "lms_doxorubicin_trabectedin": lambda c: _in(c.code, LMS) and c.advanced,
    "myxoid_liposarcoma": lambda c: c.code == MYXOID_LPS,
    "angiosarcoma_taxane": lambda c: c.code == ANGIO,
    "advanced_first_line": lambda c: c.rec or c.m1,
    "checkpoint_evidence": lambda c: c.rec or c.m1,
    "preop_rt_convention": lambda c: c.local and c.group == "trunk_extremities" and c.basis != "post_therapy",
    "adjuvant_chemo_controversy": lambda c: c.local and c.group == "trunk_extremities" and c.grade in ("2", "3"),
    "strass_retroperitoneum": lambda c: not c.rec and not c.m1 and c.group == "retroperitoneum",
    "sarcoma_center": lambda c: True,
}

OWN_CARE = (EWING, ALT)
"""Ewing sarcoma and well-differentiated liposarcoma get their own answer: no adult STS options at all."""


def _check(case: Case) -> set[str]:
    """Plan one case and check every shown option against the oracle; return the ids shown."""
    try:
        plan = treatment_options(
            case.fields(), recurrent=case.recurrent_flag, resectable=case.resectable, markers=list(case.markers)
        )
    except OutOfScope:
        assert case.code == ANGIO and case.group == "head_neck", case  # angiosarcoma of head and neck: ch. 45
        return set()
    shown = [o.id for s in plan.option_sets for o in s.options]
    if case.code in OWN_CARE:
        assert not shown, (case, shown)
    for option_id in shown:
        assert OPTIONS[option_id](case), f"{option_id} shown for {case}"
    for item in plan.clinician:
        assert CLINICIAN[item.id](case) and (case.code not in OWN_CARE or item.id == "sarcoma_center"), (
            f"{item.id} shown for {case}"
        )
        assert item.conditions_met or item.id == "sarcoma_center"
    assert all(
        o.conditions_met or not doc("options")["options"][o.id].get("when") for s in plan.option_sets for o in s.options
    )
    return {*shown, *(f"clinician:{c.id}" for c in plan.clinician)}


def _grid(full: bool) -> Iterator[Case]:
    for i, (site, n1, m1, histology, basis) in enumerate(
        product(SITES, (False, True), (False, True), HISTOLOGIES, ("clinical", "post_therapy", "recurrence"))
    ):
        pick = random.Random(i)  # the fast grid takes one size and grade per combination, reproducibly
        sizes = SIZES if full else tuple(dict.fromkeys(("3", pick.choice(SIZES))))
        grades = ("1", "3", "X") if full else (pick.choice(("1", "3", "X")),)
        for size, grade in product(sizes, grades):
            for recurrent, resectable, markers in product(
                (False, True), ("yes", "no", "unknown"), ((), ("NTRK", "MAGE-A4"))
            ):
                yield Case(site, size, n1, m1, grade, histology, recurrent, resectable, basis, markers)


def test_every_option_and_clinician_row_has_an_oracle() -> None:
    assert set(doc("options")["options"]) == set(OPTIONS)
    assert {row.id for row in load_table("treatments/clinician").rows} == set(CLINICIAN)


@pytest.mark.slow  # 5,000+ plans, ~6 s; the full grid below (a superset) is slow too
def test_grid_never_shows_an_option_its_conditions_exclude() -> None:
    cases = list(_grid(full=False))
    shown = set().union(*(_check(case) for case in cases))
    assert len(cases) > 5000
    # The grid reaches every option and clinician item, so each oracle is exercised.
    assert shown == {*OPTIONS, *(f"clinician:{c}" for c in CLINICIAN)}


@pytest.mark.slow
def test_full_grid_never_shows_an_option_its_conditions_exclude() -> None:
    cases = list(_grid(full=True))
    assert len(cases) > 80_000
    for case in cases:
        _check(case)
