"""``import sarcoma`` is light (PEP 562): the public names load on first use and are the same objects as eagerly."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import sarcoma

HOME = {
    "stage": "sarcoma.staging",
    "StagingInput": "sarcoma.staging",
    "StageResult": "sarcoma.staging",
    "Basis": "sarcoma.staging",
    "Notice": "sarcoma.staging",
    "Step": "sarcoma.staging",
    "EDITION": "sarcoma.staging",
    "fnclcc_grade": "sarcoma.grading",
    "GradeResult": "sarcoma.grading",
    "stage_table": "sarcoma.batch._table",
}


def test_every_public_name_has_a_home_or_is_loaded_eagerly() -> None:
    eager = {"__version__", "StagingError", "InvalidInput", "ConflictingInput", "UnknownSite", "OutOfScope"}
    eager |= {"RuleTableDefect", "NoMatchingRule"}
    assert set(sarcoma.__all__) == eager | set(HOME)


@pytest.mark.parametrize("name", sorted(HOME))
def test_a_lazy_name_is_the_object_of_its_module(name: str) -> None:
    assert getattr(sarcoma, name) is getattr(importlib.import_module(HOME[name]), name)
    assert name in dir(sarcoma)


def test_subpackages_load_on_first_use_and_unknown_names_are_attribute_errors() -> None:
    assert sarcoma.staging is importlib.import_module("sarcoma.staging")
    assert sarcoma.treatments is importlib.import_module("sarcoma.treatments")
    with pytest.raises(AttributeError, match="module 'sarcoma' has no attribute 'nothing_here'"):
        _ = sarcoma.nothing_here
    assert not hasattr(sarcoma, "_private_thing")


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_import_sarcoma_builds_no_model_and_reads_no_table() -> None:
    loaded = _fresh("import sys, sarcoma; print(sorted(m for m in sys.modules if m.startswith('sarcoma')))")
    assert loaded == "['sarcoma', 'sarcoma.errors']"


def test_from_sarcoma_import_and_star_import_work_in_a_fresh_process() -> None:
    code = (
        "from sarcoma import stage, fnclcc_grade\n"
        "print(stage(site='leg', size_cm=8, grade='3').stage, fnclcc_grade(3, 12, 'lt50').grade)\n"
        "from sarcoma import *\n"
        "print(StagingInput.__name__, GradeResult.__name__, callable(stage_table))\n"
    )
    assert _fresh(code).split() == ["IIIA", "G3", "StagingInput", "GradeResult", "True"]
