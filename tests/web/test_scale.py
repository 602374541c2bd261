"""The size picture reads its cut points from the t_size table."""

from __future__ import annotations

import pytest

from sarcoma import stage
from sarcoma._tables import load_table, normalize_token
from sarcoma.web._scale import size_scale

GROUPS = ["trunk_extremities", "retroperitoneum", "head_neck"]


@pytest.mark.parametrize("group", GROUPS)
def test_bands_are_the_table_rows(group: str) -> None:
    rows = [r for r in load_table("t_size").rows if normalize_token(group) in r.sets["site_group"]]
    scale = size_scale(group, 30)
    assert scale is not None
    assert [(b.t, b.low_mm, b.high_mm) for b in scale.bands] == [(r.get("t"), *r.ranges["size_mm"][0]) for r in rows]
    xs = [b.x for b in scale.bands]
    assert xs == sorted(xs)


@pytest.mark.parametrize(
    ("site", "size_cm"), [("leg", 0.5), ("leg", 5.0), ("leg", 5.1), ("arm", 14), ("retroperitoneum", 40), ("neck", 2.1)]
)
def test_marker_band_is_the_staged_t(site: str, size_cm: float) -> None:
    result = stage(site=site, size_cm=size_cm, grade="1")
    scale = size_scale(result.site_group, result.size_mm)
    assert scale is not None
    assert scale.t == result.t
    current = [b for b in scale.bands if b.current]
    assert len(current) == 1 and current[0].t == result.t
    assert scale.bands[0].x <= scale.marker_x <= scale.bands[-1].x + scale.bands[-1].width
    assert scale.clipped == (result.size_mm is not None and result.size_mm > scale.max_mm)


def test_no_scale_without_size_or_for_visceral_sites() -> None:
    assert size_scale("trunk_extremities", None) is None
    assert size_scale("abdomen_thoracic_visceral", 40) is None
