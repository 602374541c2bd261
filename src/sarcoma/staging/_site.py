"""Route a site (everyday word, site group or ICD-O-3 topography) and histology to a site group."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import _icdo as icdo
from .._messages import message
from .._tables import load_table
from ..errors import InvalidInput, OutOfScope, UnknownSite
from ._result import Step, table_step

__all__ = ["SiteRouting", "route_site", "parse_topography", "parse_histology"]


@dataclass
class SiteRouting:
    """Where a tumor is staged, and the steps and warnings that got there."""

    site_group: str
    fine_site: str | None
    schema_id: str | None
    histology: str | None
    sd2_match: str | None = None
    steps: list[Step] = field(default_factory=list)
    warnings: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def parse_topography(text: str) -> int | None:
    """Return C49.2 as 492, or ``None`` if the text is not a topography code."""
    return icdo.parse_topography(text)


def parse_histology(text: str) -> tuple[int, int | None]:
    """Return (morphology, behavior) from 8890/3, 88903 or 8890 (behavior ``None``)."""
    found = icdo.parse_morphology(text)
    if found is None:
        raise InvalidInput(message("histology_format"), field="histology")
    return found.code, found.behavior


def _group_plain(site_group: str) -> str:
    return load_table("site_groups").require(site_group=site_group).get("plain")


def _from_alias(site: str) -> SiteRouting | None:
    table = load_table("site_aliases")
    row = table.lookup(alias=site)
    if row is None:
        return None
    if row.get("out_of_scope") == "ambiguous":
        raise InvalidInput(row.get("message"), field="site")
    if row.get("out_of_scope"):
        raise OutOfScope(row.get("message"), reason=row.get("out_of_scope"), field="site")
    group = row.get("site_group")
    routing = SiteRouting(group, row.get("fine_site") or None, None, None)
    routing.steps.append(
        table_step(
            table,
            row,
            "site",
            group,
            f"Site word {site!r} maps to AJCC 8 site group {group}.",
            f"A tumor in {row.get('plain')} is staged with the rules for {_group_plain(group)}.",
        )
    )
    return routing


def _from_topography(code: int, raw: str, sd2: str | None) -> SiteRouting:
    table = load_table("topography")
    row = table.lookup(topography=code)
    if row is None:
        raise UnknownSite(message("topography_unknown", topography=raw), field="site")
    if row.get("out_of_scope"):
        raise OutOfScope(row.get("message"), reason=row.get("out_of_scope"), field="site")
    if row.get("needs_sd2") == "yes":
        return _from_sd2(code, raw, sd2, row.get("message"))
    group = row.get("site_group")
    routing = SiteRouting(group, row.get("fine_site") or None, row.get("schema_id") or None, None)
    routing.sd2_match = row.get("sd2_match") or None
    routing.steps.append(
        table_step(
            table,
            row,
            "site",
            group,
            f"Topography {raw} routes to schema {row.get('schema_id')} ({group}).",
            f"This primary site is staged with the rules for {_group_plain(group)}.",
        )
    )
    return routing


def _from_sd2(code: int, raw: str, sd2: str | None, need: str) -> SiteRouting:
    if sd2 is None:
        raise InvalidInput(message("sd2_needed", topography=raw, why=need), field="schema_discriminator_2")
    table = load_table("schema_discriminator_2")
    row = table.require(sd2=sd2, topography=code)
    if row.get("out_of_scope"):
        raise OutOfScope(row.get("message"), reason=row.get("out_of_scope"), field="schema_discriminator_2")
    group = row.get("site_group")
    routing = SiteRouting(group, row.get("fine_site") or None, row.get("schema_id") or None, None)
    routing.steps.append(
        table_step(
            table,
            row,
            "site",
            group,
            f"Topography {raw} with schema discriminator 2 = {sd2} routes to schema {row.get('schema_id')} ({group}).",
            f"This primary site is staged with the rules for {_group_plain(group)}.",
        )
    )
    return routing


def _check_histology(routing: SiteRouting, text: str) -> None:
    morphology, behavior = parse_histology(text)
    if behavior is None:
        routing.warnings.append(("behavior_assumed", {"histology": text}))
        behavior = 3
    table = load_table("histology")
    row = table.require(morphology=morphology, behavior=str(behavior), site_group=routing.site_group)
    if row.get("in_scope") != "yes":
        raise OutOfScope(row.get("message"), reason=row.get("out_of_scope"), field="histology")
    routing.histology = row.get("name")
    routing.steps.append(
        table_step(
            table,
            row,
            "histology",
            f"{morphology}/{behavior}",
            f"ICD-O-3 {morphology}/{behavior} ({row.get('name')}) is an AJCC 8 staged soft tissue sarcoma histology.",
            f"The tumor type, {row.get('name')}, is one these staging rules cover.",
        )
    )


def route_site(site: str, histology: str | None, sd2: str | None) -> SiteRouting:
    """Route a site and optional histology to a site group, or raise a specific error."""
    code = parse_topography(site)
    if code is not None:
        routing = _from_topography(code, site.strip().upper(), sd2)
    else:
        found = _from_alias(site)
        if found is None:
            raise UnknownSite(message("site_unknown", site=repr(site)), field="site")
        routing = found
    used = any(step.table == "schema_discriminator_2" for step in routing.steps)
    if sd2 is not None and not used and sd2 != routing.sd2_match:
        routing.warnings.append(("sd2_ignored", {"sd2": sd2}))
    if histology is not None:
        _check_histology(routing, histology)
    return routing
