"""`sarcoma stage`, `sarcoma grade`, `sarcoma batch` and `sarcoma demo`."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from .._data import load_data
from ..grading import GradeResult, fnclcc_grade
from ..staging import DISCLAIMER, StageResult, in_default_edition, parse_input, stage
from ._common import console, err_console, fail, print_json, run_errors, user_errors

# The batch stack (DuckDB, pyarrow) and rich's tables and progress bars are imported inside the commands that
# use them: `sarcoma stage --json` for one case should cost little more than starting typer and pydantic.

__all__ = ["register", "CaseOptions", "case_fields", "render_stage", "render_warnings"]

Site = Annotated[
    str,
    typer.Option(
        "--site",
        help="Site: arm, leg, trunk, retroperitoneum, head_neck, visceral, "
        "an AJCC site group, or ICD-O-3 topography such as C49.2.",
    ),
]
Histology = Annotated[str | None, typer.Option(help="ICD-O-3 morphology, e.g. 8890/3.")]
SD2 = Annotated[str | None, typer.Option("--sd2", help="Schema discriminator 2 for C47.3/C47.5/C49.3-5: 1, 2, 8, 9.")]
SizeCm = Annotated[float | None, typer.Option("--size-cm", help="Greatest dimension in cm.")]
SizeMm = Annotated[float | None, typer.Option("--size-mm", help="Greatest dimension in mm.")]
TOpt = Annotated[
    str | None, typer.Option("--t", help="Explicit T: TX, T0, T1-T4, T2a/b, T4a-c; with --edition ajcc7 also T1a/b.")
]
Extent = Annotated[
    str | None,
    typer.Option(help="Extent for head and neck or visceral sites, e.g. orbit, serosa; several comma-separated."),
]
NOpt = Annotated[str | None, typer.Option("--n", help="N0, N1 or NX.")]
MOpt = Annotated[str | None, typer.Option("--m", help="M0, M1 or MX.")]
GradeOpt = Annotated[str | None, typer.Option("--grade", help="1, 2, 3, X; low, mid, high; registry A-D, H, 9.")]
Basis = Annotated[str, typer.Option(help="clinical, pathologic, post_therapy or recurrence.")]
Json = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
Edition = Annotated[str, typer.Option("--edition", help="Staging edition: ajcc8 (default), uicc9, uicc8 or ajcc7.")]
Depth = Annotated[
    str | None,
    typer.Option("--depth", help="AJCC 7 only: superficial, deep or unknown (under the muscle covering or not)."),
]
Compare = Annotated[
    bool,
    typer.Option("--compare-editions", help="Stage the case in every edition side by side and explain differences."),
]


def case_fields(**options: Any) -> dict[str, Any]:
    """Drop options that were not given, keeping the batch/API field names."""
    return {k: v for k, v in options.items() if v is not None}


CaseOptions = (Site, Histology, SD2, SizeCm, SizeMm, TOpt, Extent, NOpt, MOpt, GradeOpt, Basis)


def render_warnings(result: StageResult, said: str = "") -> None:
    """Assumptions, then the registry conventions apart, as rules for records (issue 10: not facts about the person).

    A warning whose text was already ``said`` (a type with its own care) is not printed twice.
    """
    rules: dict[str, Any] = load_data("web/content.yaml")["registry_rules"]
    ours = [w for w in result.warnings if w.code not in rules["codes"] and w.message != said]
    records = [w for w in result.warnings if w.code in rules["codes"]]
    if ours:
        console.print("\n[bold]Assumptions made[/]")
        for w in ours:
            console.print(f"  - {escape(w.message)}")
    if records:
        console.print(f"\n[bold]{escape(rules['title'])}[/]\n{escape(rules['lead'])}")
        for w in records:
            console.print(f"  - {escape(w.message)}")


def render_stage(result: StageResult, note: str | None = None) -> None:
    """Print a stage result: the person register first (headline, plain sentences), then the registry codes."""
    where = result.site_label
    registry = f"Registry record: {result.stage_label}, {result.tnm}, {result.grade}" + (
        f", {result.size_mm} mm" if result.size_mm else ""
    )
    from rich.panel import Panel
    from rich.table import Table

    console.print(
        Panel.fit(
            f"[bold]{result.headline}[/]  ({result.edition}, {where})\n{registry}",
            title="Sarcoma Navigator",
        )
    )
    console.print(result.summary)
    if note:
        console.print(f"\n[bold]{escape(note)}[/]")
    if len(result.possible_stages) > 1:
        settle = ", ".join(m.replace("_", " ") for m in result.missing)
        console.print(f"\nPossible stages: {', '.join(result.possible_stages)} (would settle it: {settle})")
    render_warnings(result)
    trace = Table(title="How this was decided", show_lines=False, title_justify="left")
    trace.add_column("step")
    trace.add_column("rule (table/row)")
    trace.add_column("result")
    trace.add_column("why")
    for s in result.explanation:
        trace.add_row(s.step, f"{s.table}/{s.row}", s.result, s.technical)
    console.print(trace)
    console.print(f"[dim]{DISCLAIMER}[/]")


def _render_grade(result: GradeResult) -> None:
    console.print(f"[bold]FNCLCC {result.grade}[/] (score {result.score})")
    console.print(result.technical)
    for line in result.steps:
        console.print(f"  - {line}")
    for line in result.warnings:
        console.print(f"[bold]Warning:[/] {line}")
    for line in result.caveats:
        console.print(f"[dim]Note: {line}[/]")
    console.print(f"[dim]{DISCLAIMER}[/]")


def stage_command(
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
    edition: Edition = "ajcc8",
    depth: Depth = None,
    compare_editions: Compare = False,
    json: Json = False,
) -> None:
    """Stage one tumor (AJCC 8th edition unless --edition says otherwise) and explain the result."""
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
        depth=depth,
    )
    if compare_editions:
        from ._editions import compare_command  # only this view needs it

        compare_command({**fields, "edition": edition}, json=json)  # a bad --edition is still refused
        return
    with user_errors():
        result = stage({**fields, "edition": edition})
    if json:
        print_json(result.model_dump(mode="json"))
    else:
        render_stage(result, note=_no_option_note(result, {**fields, "edition": edition}))


def _no_option_note(result: StageResult, fields: dict[str, Any] | None = None) -> str | None:
    """Ewing sarcoma (9364) is staged, as registries do, but treated like a bone sarcoma: say so beside the stage.

    Treatment routing stays on the disease state whatever the edition: another edition's result is
    routed as its AJCC 8 result (the default edition), which the treatment tables are written for.
    """
    from ..treatments import options_for  # only for people reading the text; the import costs time

    if fields is not None and result.edition != StageResult.model_fields["edition"].default:
        result = stage(in_default_edition(parse_input(fields)))
    plan = options_for(result)  # the result already staged (issue 12)
    return f"{plan.state_title}. {plan.state_explanation}" if plan.state == "ewing" else None


def grade_command(
    differentiation: Annotated[int, typer.Option(help="Differentiation score 1-3.")],
    mitoses: Annotated[int, typer.Option(help="Mitoses per 10 high-power fields.")],
    necrosis: Annotated[str, typer.Option(help="none, lt50 or ge50.")],
    post_therapy: Annotated[
        bool, typer.Option("--post-therapy", help="The tissue was taken after treatment before surgery (warns).")
    ] = False,
    json: Json = False,
) -> None:
    """Work out the FNCLCC grade from its three component scores."""
    with user_errors():
        result = fnclcc_grade(differentiation, mitoses, necrosis, post_therapy=post_therapy)
    if json:
        print_json(result.model_dump(mode="json"))
    else:
        _render_grade(result)


_SIGNALLED: list[int] = []


@contextmanager
def _stopped() -> Iterator[None]:
    """Ctrl-C or SIGTERM: one line and exit 130 or 143, after the partial output file is removed."""
    try:
        yield
    except BaseException as exc:
        # the interrupt may come back wrapped (DuckDB reports it as a failed read of the row stream)
        if not (isinstance(exc, KeyboardInterrupt) or _SIGNALLED):
            raise
        err_console.print("error: stopped before the end; no output file was written", markup=False)
        raise SystemExit(128 + (_SIGNALLED[-1] if _SIGNALLED else signal.SIGINT)) from None


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler stopping the job) unwinds like an error, so the partial file is removed."""
    del frame
    _SIGNALLED.append(signum)
    raise KeyboardInterrupt  # DuckDB stops a running query cleanly on KeyboardInterrupt, not on SystemExit


def _list_messages(value: bool) -> None:
    """``--list-messages``: print the message codes as CSV and exit (the batch package is loaded only then)."""
    if value:
        from ..batch import list_messages_csv

        list_messages_csv(value)


def batch_command(
    input: Annotated[
        Path, typer.Argument(help="Input file: .csv, .parquet, .ndjson/.jsonl, NAACCR .xml or NAACCR flat .naaccr.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Output file: .csv, .parquet, .ndjson/.jsonl or NAACCR .xml.")
    ],
    input_format: Annotated[
        str | None, typer.Option(help="csv, parquet, ndjson, naaccr-xml or naaccr-flat (default: from the extension).")
    ] = None,
    output_format: Annotated[
        str | None, typer.Option(help="csv, parquet, ndjson or naaccr-xml (default: from the extension).")
    ] = None,
    engine: Annotated[
        str, typer.Option(help="vectorized (compiled rules run by DuckDB) or rowwise (the per-row reference).")
    ] = "vectorized",
    memory_limit: Annotated[str, typer.Option(help="Memory cap for the vectorized engine, e.g. 1GB.")] = "2GB",
    possible_stages: Annotated[
        bool,
        typer.Option(
            "--possible-stages",
            help="Add a possible_stages column (stages each row could have, |-joined); uses the per-row engine.",
        ),
    ] = False,
    messages: Annotated[
        str, typer.Option(help="Message columns: both (message_codes and messages), codes or text.")
    ] = "both",
    summary_json: Annotated[Path | None, typer.Option(help="Also write the run summary as JSON to this file.")] = None,
    fail_on: Annotated[
        str, typer.Option(help="Exit 1 if any row is an error (error), or an error or warning (warning); never: 0.")
    ] = "never",
    list_messages: Annotated[
        bool,
        typer.Option(
            "--list-messages",
            is_eager=True,
            callback=_list_messages,
            help="Print the message codes as CSV and exit.",
        ),
    ] = False,
    schema: Annotated[
        str | None, typer.Option(help="NDJSON input: the columns to read, comma-separated (default: every key).")
    ] = None,
    excel_safety: Annotated[
        bool,
        typer.Option(
            "--excel-safety/--no-excel-safety",
            help="CSV output: put ' before text that starts with = + - @, a tab or CR (a spreadsheet formula).",
        ),
    ] = True,
    edition: Annotated[
        str | None,
        typer.Option(help="Edition of rows whose edition column is blank: ajcc8 (default), uicc9, uicc8 or ajcc7."),
    ] = None,
) -> None:
    """Stage every row of a file; one output row per input row, in order. NAACCR columns are mapped."""
    from ..batch import FAIL_ON, Summary, check_memory_limit, render_summary, stage_file, stage_file_rowwise

    del list_messages  # handled by its eager callback, before the other options are read

    if engine not in ("vectorized", "rowwise"):
        fail(f"unknown engine {engine!r}; use vectorized or rowwise")
    if possible_stages:  # each row's unknowns completed through the stage tables: the per-row engine does it
        engine = "rowwise"
    if fail_on not in FAIL_ON:
        fail(f"unknown --fail-on {fail_on!r}; use one of {', '.join(FAIL_ON)}")
    from ._editions import check_edition

    check_edition(edition)
    summary = Summary(input=str(input), output=str(output), engine=engine)
    keys = [c.strip() for c in schema.split(",") if c.strip()] if schema else None
    with user_errors():
        memory_limit = check_memory_limit(memory_limit)

    def run(progress: Any) -> int:
        if engine == "rowwise":
            return stage_file_rowwise(
                input,
                output,
                progress,
                messages=messages,
                summary=summary,
                schema=keys,
                excel_safe=excel_safety,
                possible_stages=possible_stages,
                edition=edition,
            )
        return stage_file(
            input,
            output,
            progress,
            input_format=input_format,
            output_format=output_format,
            memory_limit=memory_limit,
            messages=messages,
            summary=summary,
            schema=keys,
            excel_safe=excel_safety,
            edition=edition,
        )

    start = time.perf_counter()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # the unfinished output is removed, as on any error
    with _stopped(), user_errors(), run_errors(memory_limit):
        if sys.stderr.isatty():
            total = None
            if input.suffix.lower() == ".parquet" and input.is_file():
                try:
                    import pyarrow.parquet as pq

                    total = pq.ParquetFile(input).metadata.num_rows
                except Exception:  # noqa: BLE001 - the engine reports unreadable files itself
                    total = None
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (
                TextColumn("staging"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=err_console, transient=True) as bar:
                task = bar.add_task("rows", total=total, rate="")

                def advance(k: int) -> None:
                    done = bar.tasks[0].completed + k
                    rate = done / max(time.perf_counter() - start, 1e-9)
                    bar.update(task, advance=k, rate=f"{rate:,.0f} rows/s")

                count = run(advance)
        else:
            count = run(None)
    summary.seconds = time.perf_counter() - start
    summary.close()
    if summary_json is not None:  # first: printing can fail (stderr piped to `head` and closed)
        summary.write_json(summary_json)
    render_summary(summary, err_console)
    if count != summary.rows or summary.failed(fail_on):
        raise typer.Exit(1)


def demo_command() -> None:
    """Stage three example tumors to show what the tool does."""
    examples = [
        {"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"},
        {
            "site": "C48.0",
            "histology": "8850/3",
            "size_cm": 22,
            "grade": "1",
            "n": "N0",
            "m": "M0",
            "basis": "pathologic",
        },
        {"site": "arm", "size_cm": 5.04, "grade": "X"},
    ]
    for fields in examples:
        shown = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in fields.items())
        console.rule(f"sarcoma stage {shown}")
        render_stage(stage(fields))


def register(app: typer.Typer) -> None:
    """Add the staging commands to the CLI."""
    app.command("stage")(stage_command)
    app.command("grade")(grade_command)
    app.command("batch")(batch_command)
    app.command("demo")(demo_command)
