"""Clinical and phone review of the result page (issues 10, 11, 14): sentences that were wrong for the case."""

from __future__ import annotations

from typing import Any

import pytest

from ._html import text_of

NO_OPTIONS = {
    "ewing": ("site=leg&size=8&unit=cm&grade=3&n=no&m=no&histology=9364/3", "treated like Ewing sarcoma of the bone"),
    "own_care": ("site=leg&size=8&unit=cm&grade=1&n=no&m=no&histology=8851/3", "atypical lipomatous tumor"),
    "no_tumor": ("site=leg&t=T0&grade=3&n=no&m=no", "No main tumor was found"),
}


@pytest.mark.parametrize("case", sorted(NO_OPTIONS))
def test_what_happens_next_gives_the_reason_when_no_option_fits(client: Any, case: str) -> None:
    """Ewing 9364 said 'doctors usually talk with people about these kinds of treatment' above an empty list."""
    query, words = NO_OPTIONS[case]
    response = client.get(f"/result?{query}", headers={"accept": "text/html"})
    assert response.status_code == 200
    if 'id="next-h"' not in response.text:
        pytest.skip(f"{case}: no next-steps section on this page")
    section = text_of(response.text.split('id="next-h"', 1)[1].split("</section>", 1)[0])
    assert "these kinds of treatment" not in section
    assert words in section
