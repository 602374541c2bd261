"""The cache of checked data files (sarcoma._datacache): a hit is what the strict checks gave, a changed file is
checked again, and anything wrong with the cache is a miss, never an error."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

import sarcoma
from sarcoma import _datacache
from sarcoma._data import DATA_DIR_VARIABLE, DataFileError, data_files, data_root, load_data, load_data_text

VERSIONS = ("PyYAML test", "pydantic test")
PACKAGE = Path(sarcoma.__file__).parent


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache folder for this test; ``load_data`` forgets what it read before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(_datacache.CACHE_DIR_VARIABLE, str(folder))
    load_data.cache_clear()
    yield folder
    load_data.cache_clear()  # later tests read the packaged data again (from their own cache)


def _text(name: str) -> str:
    return str((data_root() / name).read_text(encoding="utf-8"))


@pytest.mark.usefixtures("cache")
@pytest.mark.parametrize("name", list(data_files()))
def test_a_hit_is_the_document_the_strict_checks_give(name: str) -> None:
    text = _text(name)
    checked = load_data_text(text, name)
    assert _datacache.get(name, text, VERSIONS) is _datacache.MISS
    assert _datacache.put(name, text, VERSIONS, checked)
    assert _datacache.get(name, text, VERSIONS) == checked


def test_load_data_keeps_what_it_checked_and_reads_it_back(cache: Path) -> None:
    first = load_data("t_size.yaml")
    assert len(list(cache.iterdir())) == 1
    load_data.cache_clear()
    assert load_data("t_size.yaml") == first
    assert len(list(cache.iterdir())) == 1  # the same entry, not a second one


@pytest.mark.usefixtures("cache")
def test_another_text_or_name_or_code_is_a_miss() -> None:
    name = "t_size.yaml"
    text = _text(name)
    _datacache.put(name, text, VERSIONS, load_data_text(text, name))
    assert _datacache.get(name, text + "\n", VERSIONS) is _datacache.MISS
    assert _datacache.get("t_decide.yaml", text, VERSIONS) is _datacache.MISS  # the path picks the schema
    assert _datacache.get(name, text, ("PyYAML other", "pydantic test")) is _datacache.MISS


@pytest.mark.parametrize("damage", ["cut", "flip", "empty", "old format"])
def test_a_damaged_entry_is_a_miss(cache: Path, damage: str) -> None:
    name = "t_size.yaml"
    text = _text(name)
    _datacache.put(name, text, VERSIONS, load_data_text(text, name))
    (entry,) = cache.iterdir()
    blob = entry.read_bytes()
    changed = {
        "cut": blob[:-7],
        "flip": blob[:-1] + bytes([blob[-1] ^ 1]),
        "empty": b"",
        "old format": b"sarcoma-data-cache 0\n" + blob[len(_datacache.FORMAT) :],
    }[damage]
    entry.write_bytes(changed)
    assert _datacache.get(name, text, VERSIONS) is _datacache.MISS
    load_data.cache_clear()
    assert load_data(name) == load_data_text(text, name)  # read and checked again, and kept again
    assert _datacache.get(name, text, _versions()) == load_data_text(text, name)


def _versions() -> tuple[str, ...]:
    from sarcoma._data import _versions as versions

    return versions()


def test_a_folder_that_cannot_be_written_is_no_cache(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder should be")
    name = "t_size.yaml"
    text = _text(name)
    assert not _datacache.put(name, text, VERSIONS, load_data_text(text, name))
    assert _datacache.get(name, text, VERSIONS) is _datacache.MISS
    assert load_data(name)["id"] == "t_size"
    assert [p.name for p in cache.parent.iterdir()] == ["cache"]  # no stray temporary file


def test_an_empty_variable_turns_the_cache_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_datacache.CACHE_DIR_VARIABLE, "")
    assert _datacache.cache_dir() is None
    assert load_data("t_size.yaml")["id"] == "t_size"
    assert not cache.exists()


@pytest.mark.usefixtures("cache")
def test_a_value_marshal_cannot_hold_is_not_kept() -> None:
    import datetime

    assert not _datacache.put("x.yaml", "when: 2026-11-28\n", VERSIONS, {"when": datetime.date(2026, 11, 28)})
    assert _datacache.get("x.yaml", "when: 2026-11-28\n", VERSIONS) is _datacache.MISS


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (lambda t: t.replace("\nrows:", "\ncolour: red\nrows:", 1), "unknown key 'colour'"),
        (lambda t: t + "extra: yes\n", "unquoted 'yes' is a YAML 1.1 boolean"),
        (lambda t: t.replace("\nrows:", "\ntitle: twice\nrows:", 1), "key 'title' appears twice"),
    ],
    ids=["unknown key", "yaml 1.1 boolean", "repeated key"],
)
def test_a_changed_file_is_checked_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, refusal: str
) -> None:
    copy = tmp_path / "data"
    shutil.copytree(str(resources.files("sarcoma") / "data"), copy)
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(copy))
    assert load_data("t_size.yaml")["id"] == "t_size"  # the good text, now in the cache
    kept = sorted(cache.iterdir())
    path = copy / "t_size.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    load_data.cache_clear()
    with pytest.raises(DataFileError, match=refusal):
        load_data("t_size.yaml")
    assert sorted(cache.iterdir()) == kept  # a refused file is not kept


def _package_imports(module: str) -> set[str]:
    """The modules of the package that ``module`` imports (at the top or inside functions), as file names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse((PACKAGE / module).read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found |= {f"{name}.py" for name in names if (PACKAGE / f"{name}.py").exists()}
    return found


def test_the_key_covers_all_the_checking_code() -> None:
    seen: set[str] = set()
    todo = ["_data.py"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(_package_imports(module))
    assert seen <= set(_datacache.CHECKING_MODULES), "add these modules to CHECKING_MODULES"
    assert all((PACKAGE / m).exists() for m in _datacache.CHECKING_MODULES)


def test_a_second_start_builds_no_data_file_schema(tmp_path: Path) -> None:
    """The cause of the time saved: with the cache warm, staging a case imports no schema of the data files."""
    code = (
        "import sys, sarcoma; sarcoma.stage(site='leg', size_cm=8, grade='3'); print('sarcoma._schemas' in sys.modules)"
    )
    env = {**os.environ, _datacache.CACHE_DIR_VARIABLE: str(tmp_path / "cache")}
    env.pop(DATA_DIR_VARIABLE, None)
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
        for _ in range(2)
    ]
    assert runs == ["True\n", "False\n"]


def test_past_the_limit_the_older_half_of_the_entries_is_deleted(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_datacache, "MAX_ENTRIES", 4)
    names = [f"f{i}.yaml" for i in range(5)]
    for i, name in enumerate(names[:4]):
        assert _datacache.put(name, "a: 1\n", VERSIONS, {"a": i})
        entry = _datacache._entry(name, "a: 1\n", VERSIONS)
        assert entry is not None
        os.utime(entry, (1000 + i, 1000 + i))  # written one after the other
    assert len(list(cache.iterdir())) == 4
    assert _datacache.put(names[4], "a: 1\n", VERSIONS, {"a": 4})  # the fifth: the three oldest go
    kept = [name for name in names if _datacache.get(name, "a: 1\n", VERSIONS) is not _datacache.MISS]
    assert kept == ["f3.yaml", "f4.yaml"]
