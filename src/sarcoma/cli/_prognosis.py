"""`sarcoma prognosis`: the MSKCC sarcoma nomograms (Kattan 2002 and 2003) for one case."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..staging import DISCLAIMER
from ._common import console, err_console, fail, print_json, user_errors

if TYPE_CHECKING:  # the models are loaded by the command that runs them, not by every `sarcoma` start
    from ..prognosis import PrognosisResult

__all__ = ["register", "render_prognosis"]

_LABELS = {"12y": "within 12 years", "1y": "within 1 year", "2y": "within 2 years", "3y": "within 3 years"}


def render_prognosis(result: PrognosisResult) -> None:
    """Print a prognosis result for people: the numbers with their population, horizon and assumptions."""
    from rich.panel import Panel
    from rich.table import Table

    lines = [f"[bold]{result.title}[/]", f"Endpoint: {result.endpoint}, {result.horizon}."]
    for key, shown in result.display.items():
        lines.append(f"  {_LABELS.get(key, key)}: [bold]{shown}[/]")
    console.print(Panel.fit("\n".join(lines), title="Sarcoma Navigator: population estimate"))
    grades = Table(title="If the grade were low or high", title_justify="left")
    grades.add_column("grade")
    for key in result.display:
        grades.add_column(_LABELS.get(key, key))
    for tier, row in result.by_grade_display.items():
        mark = " (this case)" if result.inputs["grade"].startswith(tier) else ""
        grades.add_row(tier + mark, *row.values())
    console.print(grades)
    console.print(result.statement)
    console.print(f"\n[bold]Population:[/] {result.population}")
    console.print(f"[bold]Why this model:[/] {result.applicability}")
    c_index = f"{result.c_index:.2f}" if result.c_index is not None else "not reported"
    console.print(f"[bold]C-index:[/] {c_index} ({result.c_index_note})")
    console.print("[bold]Model inputs used:[/] " + "; ".join(f"{k} {v}" for k, v in result.inputs.items()))
    console.print("\n[bold]Assumptions made[/]")
    for note in result.assumptions:
        console.print(f"  - {note}")
    console.print(f"\n[bold]Source:[/] {result.citation}")
    console.print(f"[dim]Numbers transcribed from {result.source}.[/]")
    console.print(f"[dim]{DISCLAIMER}[/]")


def prognosis_command(
    age: Annotated[float, typer.Option(help="Age in years (kattan2002: at diagnosis, 10-100; kattan2003: 17-89.5).")],
    size_cm: Annotated[float, typer.Option("--size-cm", help="Greatest tumor dimension in cm.")],
    depth: Annotated[str, typer.Option(help="deep or superficial.")],
    site: Annotated[
        str,
        typer.Option(
            help="arm, leg, trunk, head_neck, retroperitoneum, visceral, a fine site "
            "such as upper_extremity, or ICD-O-3 topography such as C49.2."
        ),
    ],
    histology: Annotated[
        str,
        typer.Option(help="Tumor type by name (UPS, MPNST, myxoid liposarcoma, other) or ICD-O-3 code such as 8890/3."),
    ],
    grade: Annotated[str, typer.Option(help="FNCLCC 1, 2 or 3, or low/high.")],
    model: Annotated[
        str | None,
        typer.Option(
            help="kattan2002 (12-year sarcoma death after surgery) or kattan2003 "
            "(sarcoma death 1-3 years after a local recurrence); left out, it is chosen from the situation."
        ),
    ] = None,
    presentation: Annotated[
        str | None, typer.Option(help="primary or recurrence (a sarcoma that came back where it started).")
    ] = None,
    n: Annotated[str | None, typer.Option("--n", help="Lymph nodes: N0, N1 or NX. N1: no model fits.")] = None,
    m: Annotated[str | None, typer.Option("--m", help="Distant spread: M0, M1 or MX. M1: no model fits.")] = None,
    removed: Annotated[
        str | None, typer.Option(help="Was or will the tumor be removed with surgery: yes, no or unknown.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    svg: Annotated[Path | None, typer.Option(help="Also write a 100-person icon array SVG to this file.")] = None,
) -> None:
    """Estimate sarcoma-specific death with an MSKCC nomogram (a population estimate, not a prediction)."""
    from ..prognosis import icon_array_svg, predict

    with user_errors():
        situation = {"presentation": presentation, "n": n, "m": m, "removed": removed}
        result = predict(
            model, age=age, size_cm=size_cm, depth=depth, site=site, histology=histology, grade=grade, **situation
        )
    if json:
        print_json(result.model_dump(mode="json"))
    else:
        render_prognosis(result)
    if svg is not None:
        key = list(result.probabilities)[-1]
        label = f"died of sarcoma {_LABELS.get(key, key)}"
        try:
            svg.write_text(icon_array_svg(result.probabilities[key], label=label), encoding="utf-8")
        except OSError as exc:
            fail(f"svg: cannot write {svg}: {exc.strerror}")
        err_console.print(f"icon array written to {svg}")


def register(app: typer.Typer) -> None:
    """Add the prognosis command to the CLI."""
    app.command("prognosis")(prognosis_command)
