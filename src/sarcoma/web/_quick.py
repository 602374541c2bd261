"""The one-page form (``/quick``): every guided question at once, checked field by field.

The questions are the guided flow's (``content.yaml`` ``steps``); the form sends the same URL
parameters to ``/result`` plus ``via=quick``, so a problem brings the person back here with a
GOV.UK-style error summary (plain words, each linked to its field) instead of to one guided step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._messages import plain_of
from .._tables import load_table, normalize_token
from ..errors import StagingError
from ._case import WebCase, step_of_field
from ._content import content, step
from ._size import SizeError, parse_size

__all__ = ["QUICK_MARK", "QuickError", "quick_errors", "quick_context", "staging_error", "plain_words", "anchor_for"]

QUICK_MARK = ("via", "quick")
"""The extra query pair the one-page form sends, so errors come back to it."""

_REQUIRED = ("site", "grade", "n", "m", "recurrent", "resectable")
_CODE_PREFIX = re.compile(r"^[a-z_0-9.]+: ")


@dataclass(frozen=True)
class QuickError:
    """One problem: the field, the id of the control to jump to, and the message in plain words."""

    field: str
    anchor: str
    message: str


def _anchor(field: str) -> str:
    """The id of the first control for ``field`` on the one-page form."""
    first = {
        "site": f"site-{step('site')['choices'][0]['value']}",
        "grade": "grade-1",
        "n": "n-no",
        "m": "m-no",
        "recurrent": "recurrent-no",
        "resectable": "resectable-yes",
        "necrosis": "necrosis-none",
        "unit": "unit-cm",
        "extent": "extent-none",
    }
    return first.get(field, field if field in ("size", "differentiation", "mitoses") else "site-arm")


def plain_words(message: str) -> str:
    """A message in plain words: the catalogue's plain text (data/messages.yaml) for a catalogue message.

    Any other message loses its leading field code ("size_cm: ..." -> "...").
    """
    plain = plain_of(message)
    if plain is not None:
        return plain
    text = _CODE_PREFIX.sub("", message.strip())
    return text[:1].upper() + text[1:]


def _error(field: str, message: str | None = None) -> QuickError:
    words = content()["quick"]["errors"]
    return QuickError(field, _anchor(field), message or str(words[field]))


def quick_errors(case: WebCase) -> list[QuickError]:
    """Every unanswered or unreadable answer, in page order (empty when the form can be staged)."""
    found: list[QuickError] = []
    if not case.get("site"):
        found.append(_error("site"))
    if case.get("size"):
        try:
            parse_size(case.get("size"), case.get("unit", "cm"))
        except SizeError as exc:
            found.append(_error(exc.field or "size", exc.message))
    if not case.get("grade"):
        found.append(_error("grade"))
    elif case.get("grade") == "scores":
        if case.get("differentiation") not in ("1", "2", "3"):
            found.append(_error("differentiation"))
        if not case.get("mitoses").isdigit():
            found.append(_error("mitoses"))
        if not case.get("necrosis"):
            found.append(_error("necrosis"))
    found.extend(_error(key) for key in _REQUIRED[2:] if not case.get(key))
    return found


def _question_field(field: str | None) -> str:
    """The answer a staging field is asked as (``size_cm`` is asked as ``size``)."""
    name = (field or "site").split(".")[0]
    if name in ("size_cm", "size_mm", "t"):
        name = "size"
    return name if step_of_field(name) is not None else "site"


def anchor_for(field: str | None) -> str:
    """The id of the control that can fix a problem with ``field`` (guided step or one-page form)."""
    return _anchor(_question_field(field))


def staging_error(exc: StagingError) -> QuickError:
    """A staging error, linked to the control that can fix it, in plain words."""
    field = _question_field(exc.field)
    return QuickError(field, _anchor(field), plain_words(exc.message))


def _extent_groups() -> list[tuple[str, str, list[tuple[str, str]]]]:
    groups = content()["quick"]["extent_groups"]
    rows = load_table("t_extent").rows
    return [
        (
            group,
            str(label),
            [(r.get("extent"), r.get("plain")) for r in rows if normalize_token(group) in r.sets.get("site_group", ())],
        )
        for group, label in groups.items()
    ]


def quick_context(case: WebCase, errors: list[QuickError], params: Mapping[str, str]) -> dict[str, Any]:
    """What quick.html needs: the questions, the answers so far, the errors by field."""
    by_field: dict[str, str] = {}
    for err in errors:
        by_field.setdefault(err.field, err.message)
    if "unit" in by_field and "size" not in by_field:
        by_field["size"] = by_field["unit"]
    title = str(content()["quick"]["title"])
    return {
        "title": f"Error: {title}" if errors else title,
        "quick": content()["quick"],
        "steps": {str(s["id"]): s for s in content()["steps"]},
        "case": case,
        "errors": errors,
        "field_errors": by_field,
        "extent_groups": _extent_groups(),
        "passthrough": {k: v for k, v in params.items() if k in ("histology", "schema_discriminator_2", "basis")},
    }
