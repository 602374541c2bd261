"""`sarcoma fhir stage` and `sarcoma fhir validate`: FHIR R4 / mCODE STU4 from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from ._common import EXIT_BAD_INPUT, err_console, fail, print_json, user_errors

__all__ = ["register", "fhir_app"]

fhir_app = typer.Typer(
    name="fhir",
    help="FHIR R4 / mCODE STU4: stage from a Bundle, answer with mCODE staging Observations.",
    no_args_is_help=True,
)

BundleArg = Annotated[Path, typer.Argument(help="A FHIR R4 Bundle (JSON), or - for standard input.")]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="Write the output Bundle here (default: stdout).")]
SnomedOpt = Annotated[
    bool,
    typer.Option(
        "--snomed-values",
        help="Add SNOMED CT codes for the T, N, M and stage values (needs a SNOMED CT "
        "licence); off by default, values are sent as text.",
    ),
]


def _load(path: Path) -> Any:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read the file ({exc.__class__.__name__})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")


def _issues(lines: list[str]) -> NoReturn:
    for line in lines:
        err_console.print(f"[bold red]error:[/] {line.replace('[', chr(92) + '[')}", soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


@fhir_app.command("stage")
def stage_command(
    bundle: BundleArg,
    output: OutOpt = None,
    snomed_values: SnomedOpt = False,
    edition: Annotated[
        str | None,
        typer.Option(help="Staging edition: ajcc8 (default), uicc9, uicc8 or ajcc7; its mCODE method code is sent."),
    ] = None,
) -> None:
    """Stage the tumor in an mCODE Bundle (AJCC 8th edition unless --edition); print the staging Bundle as JSON."""
    from ..interop.fhir import FhirInputError, stage_bundle
    from ..staging import DISCLAIMER

    data = _load(bundle)
    try:
        with user_errors():  # a rule-table defect: one 'internal error' line, exit 1
            out = stage_bundle(data, snomed_values=snomed_values, edition=edition)
    except FhirInputError as exc:
        _issues([issue.text() for issue in exc.issues])
    first = out["entry"][0]["resource"]
    values = [
        e["resource"]["valueCodeableConcept"]["text"]
        for e in out["entry"]
        if e["resource"]["resourceType"] == "Observation"
    ]
    if output is None:
        print_json(out)
    else:
        output.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        err_console.print(f"wrote {len(out['entry'])} resources to {output}", soft_wrap=True)
    err_console.print(f"{' | '.join(values)}  ({first['method']['text']})", highlight=False, soft_wrap=True)
    err_console.print(f"[dim]{DISCLAIMER}[/]", soft_wrap=True)


@fhir_app.command("read")
def read_command(bundle: BundleArg) -> None:
    """Show the staging case read from a Bundle and where each fact came from (JSON)."""
    from ..interop.fhir import FhirInputError, bundle_to_case

    data = _load(bundle)
    try:
        case, report = bundle_to_case(data)
    except FhirInputError as exc:
        _issues([issue.text() for issue in exc.issues])
    print_json({"case": case.model_dump(mode="json", exclude_none=True), "report": report.model_dump(mode="json")})


@fhir_app.command("validate")
def validate_command(resource: BundleArg) -> None:
    """Check a FHIR resource or Bundle: R4B models, the FHIR R4 JSON schema and mCODE profiles."""
    from ..interop.fhir import validate_resource

    data = _load(resource)
    problems = validate_resource(data) if isinstance(data, dict) else ["not a JSON object"]
    if problems:
        _issues(problems)
    err_console.print(f"{resource}: valid (R4B models, FHIR R4 JSON schema, mCODE profile constraints)", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the `fhir` command group to the CLI."""
    app.add_typer(fhir_app, name="fhir")
