"""The prognosis data files: citations, and a mapping that covers every model category."""

from __future__ import annotations

import pytest

from sarcoma.prognosis._data import MODEL_IDS, load_mapping, load_model


@pytest.mark.parametrize("model", MODEL_IDS)
def test_model_files_cite_their_sources(model: str) -> None:
    spec = load_model(model)
    assert spec.source["document"].startswith("Kattan MW")
    assert spec.source["reference"].startswith("https://")
    assert "ClevelandClinicQHS/riskcalc-website:" in spec.source["code"] and "@" in spec.source["code"]
    assert spec.source["date"]
    assert spec.kind == "exact"


@pytest.mark.parametrize("model", MODEL_IDS)
def test_mapping_covers_every_model_category(model: str) -> None:
    spec = load_model(model)
    mapping = load_mapping()
    assert set(mapping["site"]["labels"]) == set(spec.terms["site"])
    mapped = {row["model"] for row in mapping["histology"] if not row.get("refuse")}
    assert mapped == set(spec.terms["histology"]) == set(mapping["histology_labels"])
    assert {c["id"] for c in mapping["size"]["classes"]} == set(spec.terms["size"])
    assert set(mapping["depth"]["values"].values()) == set(spec.terms["depth"])
    tiers = {row["tier"] for row in mapping["grade"] if row["tier"]}
    assert tiers == {"low", "high"}
    for horizon in spec.horizons:
        assert set(horizon.baseline_survival) == (tiers if spec.stratified_by == "grade" else {"all"})
        assert all(0 < s < 1 for s in horizon.baseline_survival.values())


def test_every_category_has_exactly_one_reference_level() -> None:
    for model in MODEL_IDS:
        for name, levels in load_model(model).terms.items():
            assert list(levels.values()).count(0.0) == 1, (model, name)


def test_histology_codes_and_names_do_not_overlap() -> None:
    rows = load_mapping()["histology"]
    names = [n.strip() for r in rows for n in str(r["names"]).split(",")]
    assert len(names) == len(set(names))
    codes: list[int] = []
    for r in rows:
        for part in str(r["codes"]).split(","):
            low, _, high = part.partition("-")
            codes.extend(range(int(low), int(high or low) + 1))
    assert len(codes) == len(set(codes))


def test_site_aliases_point_at_model_sites() -> None:
    site = load_mapping()["site"]
    assert set(site["aliases"].values()) <= set(site["labels"])
    assert not set(site["aliases"]) & set(site["ambiguous"])


def test_package_docstring_example() -> None:
    import doctest

    import sarcoma.prognosis

    assert doctest.testmod(sarcoma.prognosis).failed == 0
