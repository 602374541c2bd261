"""Every YAML data file loads strictly: no YAML 1.1 booleans, no repeated keys, no unknown keys."""

from __future__ import annotations

import pytest

from sarcoma._data import DataFileError, data_files, load_data, load_data_text
from sarcoma._schemas import schema_for

FILES = list(data_files())


def test_there_are_data_files() -> None:
    assert len(FILES) > 40
    assert "treatments/option_sets.yaml" in FILES and "histology.yaml" in FILES


@pytest.mark.parametrize("name", FILES)
def test_every_data_file_has_a_schema_and_loads_strictly(name: str) -> None:
    doc = load_data(name)
    assert schema_for(name, doc) is not None, f"{name}: add a schema to sarcoma/_schemas.py"


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "Off"])
def test_an_unquoted_yaml11_boolean_is_refused_with_file_and_line(word: str) -> None:
    text = f"source: x\nsets:\n  s:\n    title: t\n    section: s\n    reason: r\n    when: {{resectable: {word}}}\n"
    with pytest.raises(DataFileError, match=rf"^treatments/option_sets.yaml, line 7: unquoted '{word}'") as info:
        load_data_text(text, "treatments/option_sets.yaml")
    assert info.value.line == 7
    assert isinstance(info.value, ValueError)


def test_quoted_words_and_true_false_are_fine() -> None:
    text = 'source: x\nsets:\n  s: {title: t, section: s, reason: r, when: {resectable: "yes"}, options: []}\n'
    assert load_data_text(text, "treatments/option_sets.yaml")["sets"]["s"]["when"] == {"resectable": "yes"}
    assert load_data_text("a: true\nb: off_label\nc: 'no'\n", "other.yaml") == {"a": True, "b": "off_label", "c": "no"}


def test_the_seed_bug_is_gone_a_removable_recurrence_gets_surgery() -> None:
    from sarcoma.treatments import treatment_options

    plan = treatment_options({"site": "leg", "size_cm": 8, "grade": "3"}, recurrent=True, resectable="yes")
    assert "recurrent_surgery" in [s.id for s in plan.option_sets]


def test_an_unknown_key_in_a_table_row_is_refused_with_file_line_and_key() -> None:
    text = (
        "id: t\ntitle: T\nedition: e\nsource: {document: d}\nlast_modified: '2026-01-01'\n"
        "inputs: {a: set}\noutputs: [b]\nrows:\n  - {id: r1, a: x, b: y}\n  - {id: r2, a: x, colour: red}\n"
    )
    with pytest.raises(DataFileError, match=r"^t.yaml, line 10: unknown key 'colour'"):
        load_data_text(text, "t.yaml")


def test_an_unknown_key_in_an_option_is_refused_with_file_line_and_key() -> None:
    text = "source: s\noptions:\n  a:\n    title: t\n    description: d\n    kb_item: k\n    show_if: [x]\n"
    with pytest.raises(DataFileError, match=r"^treatments/options.yaml, line 7: unknown key 'show_if'"):
        load_data_text(text, "treatments/options.yaml")


def test_an_unknown_condition_is_refused() -> None:
    text = "source: s\noptions:\n  a: {title: t, description: d, kb_item: k, when: {colour: red}}\n"
    with pytest.raises(DataFileError, match=r"line 3: .*unknown condition 'colour'"):
        load_data_text(text, "treatments/options.yaml")


def test_a_repeated_key_is_refused() -> None:
    with pytest.raises(DataFileError, match=r"^x.yaml, line 2: key 'a' appears twice"):
        load_data_text("a: 1\na: 2\n", "x.yaml")


def test_a_flow_mapping_comma_is_caught_as_an_unknown_key() -> None:
    # {label: Another type, or not sure} makes a key "or not sure": the web content had this bug.
    text = (
        "id: w\ntitle: t\nsource: {document: d}\nlast_modified: x\nhome: {}\nsteps: []\nsizes: {}\ntrials: {}\n"
        "sources: []\nprognosis:\n  type_choices:\n    - {value: other, label: Another type, or not sure}\n"
    )
    with pytest.raises(DataFileError, match="web/content.yaml"):
        load_data_text(text, "web/content.yaml")


def test_broken_yaml_names_the_file() -> None:
    with pytest.raises(DataFileError, match=r"^bad.yaml, line \d+: while parsing"):
        load_data_text("a: [1, 2\n", "bad.yaml")


def test_no_package_reads_yaml_around_the_strict_loader() -> None:
    from pathlib import Path

    import sarcoma

    root = Path(sarcoma.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "_data.py"
        and any(w in path.read_text() for w in ("yaml.safe_load", "yaml.load(", "import yaml"))
    ]
    assert offenders == [], "load data files with sarcoma._data.load_data"
