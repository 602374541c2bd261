"""Patient wording of the web app reads at grade 8 or lower (mean of Flesch-Kincaid grade and SMOG)."""

from __future__ import annotations

import pytest
import textstat

from sarcoma.web._content import content

TARGET = 8.0


def _texts() -> dict[str, str]:
    doc = content()
    home = doc["home"]
    texts = {"home": " ".join([*home["intro"], home["applies"]["covered_intro"], *home["applies"]["covered"]])}
    for step in doc["steps"]:
        texts[f"step:{step['id']}"] = " ".join([step["title"], *step["help"]])
    return texts


@pytest.mark.parametrize(("name", "text"), sorted(_texts().items()))
def test_patient_text_is_plain(name: str, text: str) -> None:
    score = (textstat.flesch_kincaid_grade(text) + textstat.smog_index(text)) / 2
    assert score <= TARGET, f"{name} reads at grade {score:.1f}"
