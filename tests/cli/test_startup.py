"""`sarcoma stage` for one case starts light: no batch, web or search stack is imported (issue 12).

No timing here (the machine is shared); benchmarks/cli_startup.py measures the time. These tests check the
cause instead: which modules the process loads, that the lean app built for one command behaves like
the full one, that pydantic's plugin discovery is skipped only where it would find nothing, and that the
objects left after a command are frozen out of the interpreter's collections at exit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sarcoma.cli._main import app, app_for
from sarcoma.cli._plugins import LOADER, _StandIn, no_pydantic_plugins

HEAVY = ("duckdb", "pyarrow", "polars", "pandas", "numpy", "fastapi", "starlette", "jinja2", "weasyprint", "rapidfuzz")

# Runs the console script's entry point in a fresh process (argv[0] "sarcoma", as installed) and reports
# which of HEAVY were imported, on stderr after the command's own output.
PROBE = """
import json, sys
sys.argv = ["sarcoma", *json.loads(sys.argv[1])]
code = 0
try:
    from sarcoma.cli._main import main
    main()
except SystemExit as exc:
    code = exc.code
heavy = HEAVY
sys.stderr.write("\\nLOADED " + json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(heavy))) + "\\n")
sys.exit(code)
"""


def loaded(args: list[str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    code = PROBE.replace("HEAVY", repr(HEAVY))
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, timeout=60)
    line = proc.stderr.rsplit("LOADED ", 1)[-1]
    return proc, json.loads(line)


@pytest.mark.parametrize(
    "args",
    [
        ["stage", "--json", "--site", "leg", "--size-cm", "8", "--grade", "3", "--n", "N0", "--m", "M0"],
        ["stage", "--json", "--site", "moon"],  # a user error takes the same path
    ],
)
def test_one_case_imports_no_batch_web_or_search_stack(args: list[str]) -> None:
    proc, heavy = loaded(args)
    assert proc.returncode in (0, 2), proc.stderr
    assert heavy == [], f"`sarcoma {' '.join(args)}` imported {heavy}"


def test_the_probe_sees_heavy_imports_where_a_command_needs_them() -> None:
    proc, heavy = loaded(["sql", "--dialect", "duckdb"])
    assert proc.returncode == 0, proc.stderr
    assert "pyarrow" in heavy  # `sarcoma sql` loads the batch package


COMMANDS = sorted(info.name for info in app.registered_commands if info.name)


@pytest.mark.parametrize("name", COMMANDS)
def test_the_lean_app_for_a_command_gives_the_full_apps_help(name: str) -> None:
    lean = app_for([name, "--help"])
    assert lean is not app or name == "version"
    full_out = CliRunner().invoke(app, [name, "--help"], prog_name="sarcoma")
    lean_out = CliRunner().invoke(lean, [name, "--help"], prog_name="sarcoma")
    assert (lean_out.exit_code, lean_out.output) == (full_out.exit_code, full_out.output)


@pytest.mark.parametrize(
    "args",
    [
        ["stage", "--site", "leg", "--size-cm", "8", "--grade", "3"],
        ["stage", "--site", "leg", "--bogus", "1"],
        ["stage", "--site", "moon", "--json"],
        ["grade", "--differentiation", "3", "--mitoses", "12", "--necrosis", "lt50"],
        ["version"],
    ],
)
def test_the_lean_app_runs_a_command_like_the_full_app(args: list[str]) -> None:
    full_out = CliRunner().invoke(app, args, prog_name="sarcoma")
    lean_out = CliRunner().invoke(app_for(args), args, prog_name="sarcoma")
    assert (lean_out.exit_code, lean_out.output) == (full_out.exit_code, full_out.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["kb", "search", "biopsy"], ["stag"], ["--version"]])
def test_anything_but_a_top_level_command_gets_the_full_app(args: list[str]) -> None:
    assert app_for(args) is app


# pydantic's plugin discovery (cli/_plugins.py): skipped only where it would certainly find nothing.


def _dist(root: Path, name: str, entry_points: str | None) -> None:
    info = root / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_the_plugin_check_agrees_with_importlib_metadata_here() -> None:
    from importlib.metadata import entry_points

    if no_pydantic_plugins(sys.path):
        assert list(entry_points(group="pydantic")) == []


def test_a_package_that_declares_a_pydantic_plugin_keeps_the_discovery(tmp_path: Path) -> None:
    _dist(tmp_path, "quiet", "[console_scripts]\nquiet = quiet:main\n")
    _dist(tmp_path, "nometa", None)
    assert no_pydantic_plugins([str(tmp_path), str(tmp_path / "not-there")])
    _dist(tmp_path, "observer", "[pydantic]\nobserver = observer.plugin:plugin\n")
    assert not no_pydantic_plugins([str(tmp_path)])


def test_paths_the_check_cannot_read_keep_the_discovery(tmp_path: Path) -> None:
    archive = tmp_path / "packages.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip file
    assert not no_pydantic_plugins([str(archive)])
    (tmp_path / "old.egg").mkdir()
    assert not no_pydantic_plugins([str(tmp_path / "old.egg")])


def test_the_stand_in_has_no_plugins_and_the_real_module_for_anything_else() -> None:
    stand_in = _StandIn(LOADER)
    assert stand_in.get_plugins() == ()
    assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"  # read from the real module, loaded on demand
    with pytest.raises(AttributeError):
        _ = stand_in.__path__


PLUGIN_PROBE = """
import gc, json, sys
sys.argv = ["sarcoma", *json.loads(sys.argv[1])]
try:
    from sarcoma.cli._main import main
    main()
except SystemExit:
    pass
loader = sys.modules.get("pydantic.plugin._loader")
found = [type(loader).__name__, "importlib.metadata" in sys.modules, gc.get_freeze_count() > 0]
sys.stderr.write("\\nPROBE " + json.dumps(found) + "\\n")
"""

STAGE_ONE = ["stage", "--json", "--site", "leg", "--size-cm", "8", "--grade", "3"]


def _probe(args: list[str]) -> list[object]:
    proc = subprocess.run(
        [sys.executable, "-c", PLUGIN_PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    assert '"stage": "IIIA"' in proc.stdout, proc.stderr
    found: list[object] = json.loads(proc.stderr.rsplit("PROBE ", 1)[-1])
    return found


def test_sarcoma_stage_skips_pydantic_plugin_discovery_when_none_is_installed() -> None:
    from importlib.metadata import entry_points

    if list(entry_points(group="pydantic")):
        pytest.skip("a pydantic plugin is installed here: the discovery must run")
    assert _probe(STAGE_ONE)[:2] == ["_StandIn", False]


def test_the_objects_left_after_a_command_are_frozen_out_of_the_exit_collections() -> None:
    assert _probe(STAGE_ONE)[2] is True


def test_a_command_that_loaded_duckdb_is_not_frozen_and_reports_no_leak(tmp_path: Path) -> None:
    """Freezing after ``sarcoma batch`` kept DuckDB objects in cycles past DuckDB's teardown, which printed
    "nanobind: leaked ... instances" on stderr after every run."""
    src = tmp_path / "in.csv"
    src.write_text("id,site,histology,size_cm,grade,n,m\n1,C49.2,8802/3,5,1,N0,M0\n", encoding="utf-8")
    script = Path(sys.executable).with_name("sarcoma")
    proc = subprocess.run(
        [str(script), "batch", str(src), "-o", str(tmp_path / "out.csv")], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "leak" not in proc.stderr.lower(), proc.stderr
    assert "staged 1 row in" in proc.stderr, proc.stderr
