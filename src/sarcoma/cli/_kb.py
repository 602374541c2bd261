"""`sarcoma treatments` and the `sarcoma kb` commands (dump, show, search)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ..staging import DISCLAIMER
from ._common import console, fail, print_json, user_errors
from ._staging import (
    SD2,
    Basis,
    Extent,
    GradeOpt,
    Histology,
    Json,
    MOpt,
    NOpt,
    Site,
    SizeCm,
    SizeMm,
    TOpt,
    case_fields,
    render_warnings,
)

if TYPE_CHECKING:  # the knowledge base (and its search index) loads in the commands that read it
    from ..kb import KbItem
    from ..treatments import Resectable, TreatmentPlan

__all__ = ["register", "render_plan", "render_item"]


def _credit() -> str:
    from ..kb import SUMMARY_URL

    return f"Based on the NCI patient summary on adult soft tissue sarcoma treatment: {SUMMARY_URL}"


kb_app = typer.Typer(
    name="kb", help="The knowledge base: every topic of the NCI patient summary, in plain words.", no_args_is_help=True
)


def render_plan(plan: TreatmentPlan) -> None:
    """Print a treatment plan for people: the plain sentence first, then options, questions, trials, clinicians."""
    from rich.panel import Panel

    result = plan.stage
    console.print(
        Panel.fit(
            f"[bold]{escape(plan.state_title)}[/]\n{escape(result.headline)} ({result.edition}, "
            f"{escape(result.site_label)})\n[dim]Registry record: {escape(result.stage_label)}, "
            f"{escape(result.tnm)}, {result.grade}[/]",
            title="Sarcoma Navigator: treatment options",
        )
    )
    console.print(escape(plan.state_explanation))
    if plan.state != "uncertain":
        console.print(f"[dim]Learn more: sarcoma kb show {plan.state_kb_item}[/]")
    render_warnings(result, said=plan.state_explanation)
    if plan.option_sets:
        console.print("\n[bold]Options that may fit[/] (not ranked; your care team helps you choose)")
    else:
        console.print("\n[bold]Options[/]: none of the treatment options in this guide fit; the text above says why.")
    for option_set in plan.option_sets:
        console.print(f"\n[bold]{escape(option_set.title)}[/]")
        console.print(f"  [italic]Why:[/] {escape(option_set.reason)}")
        for option in option_set.options:
            console.print(f"  - [bold]{escape(option.title)}[/]: {escape(option.description)}")
            console.print(f"    [dim]Learn more: sarcoma kb show {option.kb_item}[/]")
    console.print("\n[bold]Questions to ask your care team[/]")
    for question in plan.questions:
        console.print(f"  - {escape(question)}")
    console.print(f"\n[bold]Clinical trials[/]\n  {escape(plan.trials.text)}\n  {plan.trials.url}")
    _render_clinician(plan)
    console.print("\n[bold]Sources[/]")
    for source in plan.sources:
        console.print(f"  - {escape(source.section)}: {source.url}")
    console.print(f"\n[dim]{escape(_credit())}[/]")
    console.print(f"[dim]{DISCLAIMER}[/]")


def _render_clinician(plan: TreatmentPlan) -> None:
    """The clinician section: each item with why it applies and the conditions it and each option met."""
    if not plan.clinician:
        return
    console.print("\n[bold]For clinicians[/] (technical; histology-, marker- and site-specific)")
    for item in plan.clinician:
        console.print(f"  - [bold]{escape(item.title)}[/]")
        console.print(f"    [italic]Applies because:[/] {escape(item.applies_because)}")
        if item.conditions_met:
            console.print(f"    [dim]Conditions met: {escape('; '.join(item.conditions_met))}[/]")
        console.print(f"    {escape(item.body)}")
        console.print(f"    [dim]Source: {escape(item.citation)}[/]")
    shown = [(o.title, o.conditions_met) for s in plan.option_sets for o in s.options if o.conditions_met]
    if shown:
        console.print("  - [bold]Conditions each option met[/] (from the option data)")
        for title, met in shown:
            console.print(f"    {escape(title)}: {escape('; '.join(met))}")


def treatments_command(
    site: Site,
    histology: Histology = None,
    sd2: SD2 = None,
    size_cm: SizeCm = None,
    size_mm: SizeMm = None,
    t: TOpt = None,
    extent: Extent = None,
    n: NOpt = None,
    m: MOpt = None,
    grade: GradeOpt = None,
    basis: Basis = "clinical",
    recurrent: Annotated[bool, typer.Option("--recurrent", help="The sarcoma has come back after treatment.")] = False,
    unresectable: Annotated[bool, typer.Option("--unresectable", help="Surgery cannot remove the tumor.")] = False,
    resectable: Annotated[bool, typer.Option("--resectable", help="Surgery can remove the tumor.")] = False,
    marker: Annotated[
        list[str] | None, typer.Option("--marker", help="Tumor marker for the clinician layer, e.g. NTRK; repeatable.")
    ] = None,
    json: Json = False,
) -> None:
    """Show the treatment options that fit a tumor (unranked, with reasons), based on the NCI patient summary."""
    from ..treatments import shared_treatment_options

    if unresectable and resectable:
        fail("give --resectable or --unresectable, not both")
    fields = case_fields(
        site=site,
        histology=histology,
        schema_discriminator_2=sd2,
        size_cm=size_cm,
        size_mm=size_mm,
        t=t,
        extent=extent,
        n=n,
        m=m,
        grade=grade,
        basis=basis,
    )
    answer: Resectable = "no" if unresectable else "yes" if resectable else "unknown"
    with user_errors():
        plan = shared_treatment_options(fields, recurrent=recurrent, resectable=answer, markers=marker or [])
    if json:
        print_json(plan.model_dump(mode="json"))
    else:
        render_plan(plan)


def render_item(item: KbItem) -> None:
    """Print one knowledge-base item: key points, patient text, clinician text, terms and source."""
    from rich.panel import Panel

    from ..kb import load_kb

    kb = load_kb()
    console.print(Panel.fit(f"[bold]{escape(item.title)}[/]", title=f"{item.topic} / {item.id}"))
    console.print("[bold]Key points[/]")
    for point in item.key_points:
        console.print(f"  - {escape(point)}")
    console.print()
    for paragraph in item.patient_body:
        console.print(escape(paragraph) + "\n")
    if item.clinician_body:
        console.print("[bold]For clinicians[/]")
        for paragraph in item.clinician_body:
            console.print(escape(paragraph) + "\n")
    if item.glossary_terms:
        console.print("[bold]Words to know[/]")
        for term_id in item.glossary_terms:
            term = kb.glossary[term_id]
            console.print(f"  - [bold]{escape(term.term)}[/]: {escape(term.definition)}")
    source = item.source
    dated = f", updated {source.date}" if source.date else ""
    console.print(f"\n[dim]Source: {escape(source.section)}{dated}, {source.url}[/]")
    if source.citation:
        console.print(f"[dim]Clinician sources: {escape(source.citation)}[/]")
    console.print(f"[dim]{DISCLAIMER}[/]")


@kb_app.command("dump")
def dump_command() -> None:
    """Print every knowledge-base item and glossary term as one JSON document."""
    from ..kb import load_kb

    print_json(load_kb().dump())


@kb_app.command("show")
def show_command(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, e.g. biopsy-core-needle.")],
    json: Json = False,
) -> None:
    """Show one knowledge-base item."""
    from ..kb import load_kb

    kb = load_kb()
    try:
        item = kb.get(item_id)
    except KeyError:
        close = kb.suggest(item_id)
        hint = f"; did you mean {', '.join(close)}?" if close else "; list ids with: sarcoma kb search TEXT"
        fail(f"no knowledge-base item {escape(repr(item_id))}{hint}")
    if json:
        print_json(item.model_dump(mode="json"))
    else:
        render_item(item)


@kb_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words to search for, e.g. 'core needle'.")],
    limit: Annotated[int, typer.Option(min=1, max=100, help="Most results to show.")] = 10,
    json: Json = False,
) -> None:
    """Search the knowledge base; results are ranked best first (BM25)."""
    from ..kb import load_kb

    hits = load_kb().search(text, limit=limit)
    if json:
        print_json([{"id": h.item.id, "title": h.item.title, "score": round(h.score, 3)} for h in hits])
        return
    if not hits:
        console.print(f"No items match {escape(repr(text))}.")
        return
    for rank, hit in enumerate(hits, 1):
        console.print(f"{rank:2}. [bold]{hit.item.id}[/]  {escape(hit.item.title)}  [dim]({hit.score:.2f})[/]")
        console.print(f"    {escape(hit.item.key_points[0])}")


def register(app: typer.Typer) -> None:
    """Add `sarcoma treatments` and the `sarcoma kb` sub-app to the CLI."""
    app.command("treatments")(treatments_command)
    app.add_typer(kb_app, name="kb")
