"""`sarcoma stage --compare-editions`: one case in every staging edition, side by side."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from ..staging import DISCLAIMER, EditionComparison, compare_editions
from ._common import console, fail, print_json, user_errors

__all__ = ["compare_command", "render_comparison", "check_edition"]


def check_edition(edition: str | None) -> None:
    """Exit 2 with the catalogue message when ``--edition`` is not an edition code."""
    from .._messages import message
    from ..staging import edition_codes

    if edition is not None and edition not in edition_codes():
        fail(message("edition_code"))


def render_comparison(comparison: EditionComparison) -> None:
    """A table of the case in every edition, then one plain sentence per difference."""
    from rich.table import Table

    table = Table(title="This case in each staging edition", title_justify="left")
    for column in ("edition", "stage", "TNM", "grade"):
        table.add_column(column)
    for row in comparison.editions:
        if row.staged:
            table.add_row(row.label, row.stage_label or "", row.tnm or "", row.grade or "")
        else:
            table.add_row(row.label, "not staged", "", "")
    console.print(table)
    refused = [row for row in comparison.editions if not row.staged]
    for row in refused:
        console.print(f"{escape(row.label)}: {escape(row.refused or '')}")
    if comparison.differences:
        console.print("\n[bold]Why they differ[/]")
        for difference in comparison.differences:
            console.print(f"  - {escape(difference.text)}")
    else:
        console.print("\nEvery edition gives this case the same stage.")
    console.print(f"\n[dim]{DISCLAIMER}[/]")


def compare_command(fields: dict[str, Any], *, json: bool) -> None:
    """Stage ``fields`` in every edition; print JSON or the side-by-side table."""
    with user_errors():
        comparison = compare_editions(fields)
    if json:
        print_json(comparison.model_dump(mode="json", exclude={"editions": {"__all__": {"result"}}}))
    else:
        render_comparison(comparison)
