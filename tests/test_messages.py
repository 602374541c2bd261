"""The message catalogue read backwards: every template's text gives its code, and its plain words."""

from __future__ import annotations

import re

import pytest

from sarcoma._messages import TextMatcher, code_of, entries, placeholders, plain_of

ROWS = list(entries())


def _sample(code: str) -> dict[str, str]:
    """A distinct sample value for each placeholder of ``code``."""
    return {name: f"<{name} {i}>" for i, name in enumerate(placeholders(code))}


@pytest.mark.parametrize("row", ROWS, ids=[r.get("code") for r in ROWS])
def test_every_template_filled_gives_back_its_code(row: object) -> None:
    code = row.get("code")  # type: ignore[attr-defined]
    text = row.get("message").format(**_sample(code))  # type: ignore[attr-defined]
    assert code_of(text) == code


def test_a_text_from_no_template_has_no_code() -> None:
    assert code_of("something went wrong") is None
    assert plain_of("something went wrong") is None


def test_the_most_specific_template_wins_and_values_are_found() -> None:
    matcher = TextMatcher([("any", "line {line}: {problem}"), ("keys", "line {line}: key(s) {keys} not in the list")])
    assert matcher.match("line 3: key(s) a, b not in the list") == ("keys", {"line": "3", "keys": "a, b"})
    assert matcher.match("line 3: bad quote") == ("any", {"line": "3", "problem": "bad quote"})
    assert matcher.match("line 3") is None


def test_a_placeholder_used_twice_must_be_the_same_text() -> None:
    matcher = TextMatcher([("twice", "{a} is {a}")])
    assert matcher.match("x is x") == ("twice", {"a": "x"})
    assert matcher.match("x is y") is None


def test_an_exact_text_wins_over_a_template() -> None:
    matcher = TextMatcher([("template", "{x} was given"), ("exact", "size was given")])
    assert matcher.match("size was given") == ("exact", {})


def test_plain_words_are_filled_from_the_technical_text() -> None:
    from sarcoma.errors import StagingError
    from sarcoma.staging import stage

    with pytest.raises(StagingError) as info:
        stage(site="elbowish", grade="3")
    words = plain_of(info.value.message)
    assert words is not None and "'elbowish'" in words and "site:" not in words
    assert re.search(r"\{\w+\}", words) is None


NO_PLAIN: dict[str, str] = {}
"""Catalogue codes with no plain text, each with the reason (none today: every message can reach a person)."""


@pytest.mark.parametrize("row", ROWS, ids=[r.get("code") for r in ROWS])
def test_every_message_has_plain_words_naming_only_its_own_values(row: object) -> None:
    code = row.get("code")  # type: ignore[attr-defined]
    words = row.get("plain")  # type: ignore[attr-defined]
    if code in NO_PLAIN:
        assert not words
        return
    assert words, f"messages.yaml {code}: no plain text (write one, or list the reason in NO_PLAIN)"
    assert set(re.findall(r"\{(\w+)\}", words)) <= set(placeholders(code)), code
    assert not re.match(r"^[a-z_0-9.]+: ", words) and (words[0].isupper() or words[0] == "{"), code
    filled = row.get("message").format(**_sample(code))  # type: ignore[attr-defined]
    assert plain_of(filled) == words.format(**_sample(code))


def test_the_readability_gate_scores_every_plain_text() -> None:
    from sarcoma._texts import patient_texts

    gated = {name for name, _ in patient_texts()}
    for row in ROWS:
        if row.get("plain"):
            assert f"table:messages:{row.id}:plain" in gated, row.id
