"""An explicit T in an edition that has T categories of its own (AJCC 7: T1a, T1b, T2a, T2b).

``data/editions/editions.yaml`` names, per edition, its T categories and, for an edition that reads
a T given in them itself, its ``explicit_t`` table (checked against the size and the depth given)
and the message the other editions give for such a T. The default edition's T step then runs as if
no T were given (:func:`reads_t`), and treatment routing, which stays on the default edition's
disease state, leaves such a T out (:func:`in_default_edition`). No category, cut point or text is
written here: every one is a row of those tables or of the message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .._data import load_data
from .._messages import message
from .._tables import load_table
from .._trusted import trusted
from ..errors import ConflictingInput, InvalidInput, StagingError
from ._model import StagingInput
from ._result import Step
from ._site import route_site

__all__ = ["GivenT", "given_t", "in_default_edition", "other_edition_error", "reads_t"]


@cache
def _index() -> dict[str, Any]:
    doc: dict[str, Any] = load_data("editions/editions.yaml")
    return doc


def _entry(code: str) -> dict[str, Any]:
    entry: dict[str, Any] = _index()["editions"][code]
    return entry


@lru_cache(maxsize=1024)
def reads_t(code: str, group: str, t: str | None) -> bool:
    """Whether edition ``code`` reads the given ``t`` itself (``explicit_t`` in the index: AJCC 7).

    It does for a T of its own T categories for the site group, and for a T that is no T of the
    default edition's for the site group either (refused then in this edition's terms). Then the
    default edition's T step runs as if no T were given. A T of the default edition's only (AJCC 8
    T3) is read by that step and restated (``t_from_ajcc8``).
    """
    default = _index()["default"]
    if t is None or code == default or not _entry(code).get("explicit_t"):
        return False
    if load_table(_entry(code)["t_categories"]).lookup(site_group=group, t=t) is not None:
        return True
    return load_table(_entry(default)["t_categories"]).lookup(site_group=group, t=t) is None


@cache
def other_edition_error(t: str) -> str | None:
    """The catalogue message for a T that only an edition with T categories of its own defines (T1a:
    AJCC 7), given where they are not read (AJCC 8, UICC); ``None`` for a T no such edition has."""
    for code, entry in _index()["editions"].items():
        explicit = entry.get("explicit_t")
        if explicit and any(r.get("t") == t for r in load_table(entry["t_categories"]).rows):
            return message(explicit["other_edition_error"], t=t, label=entry["label"], edition=code)
    return None


@dataclass(frozen=True)
class GivenT:
    """An explicit T read in the edition's own terms, checked against the size and the depth."""

    t: str
    step: Step
    warning: str
    t_from: str
    plain: str


def given_t(code: str, group: str, t: str, depth: str, size_mm: int | None) -> GivenT:
    """The edition's T from the ``t`` given in its terms (``explicit_t.table``), or raise.

    A T that is not one of the edition's for the site group is refused with the edition's list; one
    that contradicts the size or the depth with the table's catalogue message.
    """
    entry = _entry(code)
    categories = load_table(entry["t_categories"])
    category = categories.lookup(site_group=group, t=t)
    if category is None:
        allowed = ", ".join(r.get("t") for r in categories.select(site_group=group))
        raise InvalidInput(message("t_not_for_site", t=t, site_group=group, allowed=allowed), field="t")
    size_t = ""
    if size_mm is not None:
        sized = load_table(entry["site_groups"][group]["t_table"])
        size_t = sized.require(site_group=group, depth=depth, size_mm=size_mm).get("t")
    table = load_table(entry["explicit_t"]["table"])
    row = table.require(site_group=group, t=t, depth=depth, size_t=size_t)
    if row.get("error"):
        values = {"t": t, "size_mm": str(size_mm), "t_from_size": size_t, "depth": depth}
        raise ConflictingInput(message(row.get("error"), **values), field="t")
    chosen = row.get("t7")
    plain = categories.require(site_group=group, t=chosen).get("plain")
    step = trusted(
        Step,
        step="t",
        table=table.id,
        row=row.id,
        result=chosen,
        technical=f"Explicit {entry['label']} {t}: {category.get('label')}. {row.get('technical')}",
        plain=plain,
        source=table.citation,
    )
    return GivenT(chosen, step, row.get("warning"), row.get("t_from"), plain)


def in_default_edition(case: StagingInput) -> StagingInput:
    """``case`` in the default edition, for treatment routing (which stays on its disease state).

    An explicit T the case's edition reads itself (AJCC 7 T2 at the head and neck: over 5 cm) is
    left out, since the default edition's T of the same name does not say the same; T then comes
    from the size, if given. A site that cannot be routed keeps the T: staging refuses the case.
    """
    default = _index()["default"]
    if case.edition == default:
        return case
    update: dict[str, Any] = {"edition": default}
    if case.t is not None and _entry(case.edition).get("explicit_t"):
        try:
            group = route_site(case.site, None, case.schema_discriminator_2).site_group
        except StagingError:
            group = None
        if group is not None and reads_t(case.edition, group, case.t):
            update["t"] = None
    return case.model_copy(update=update)
