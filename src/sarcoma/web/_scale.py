"""The size picture: the tumor's size on a scale with the T cut points of its site group.

The cut points are read from the ``t_size`` decision table, so the picture cannot disagree with
the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._tables import load_table, normalize_token

__all__ = ["Band", "SizeScale", "size_scale"]

WIDTH = 640
LEFT = 16
RIGHT = 16


@dataclass(frozen=True)
class Band:
    """One T range drawn on the scale."""

    t: str
    low_mm: int
    high_mm: int
    x: float
    width: float
    plain: str
    current: bool


@dataclass(frozen=True)
class SizeScale:
    """Geometry and words for the size picture (drawn by the template)."""

    size_mm: int
    max_mm: int
    bands: list[Band]
    marker_x: float
    ticks: list[tuple[float, str]]
    clipped: bool
    t: str
    plain: str
    width: int = WIDTH

    @property
    def label_anchor(self) -> str:
        """Keep the marker label inside the picture."""
        if self.marker_x > WIDTH * 0.75:
            return "end"
        return "start" if self.marker_x < WIDTH * 0.25 else "middle"


def _cm(mm: int) -> str:
    return f"{mm / 10:g} cm"


def size_scale(site_group: str, size_mm: int | None) -> SizeScale | None:
    """The scale for this site group and size, or ``None`` when T does not come from size."""
    if size_mm is None:
        return None
    token = normalize_token(site_group)
    rows = [r for r in load_table("t_size").rows if token in r.sets["site_group"]]
    if not rows:
        return None
    spans = [(r.get("t"), r.ranges["size_mm"][0], r.get("plain")) for r in rows]
    last_cut = spans[-1][1][0] - 1
    max_mm = last_cut + max(last_cut // 3, 20)
    clipped = size_mm > max_mm
    inner = WIDTH - LEFT - RIGHT

    def x_of(mm: float) -> float:
        return round(LEFT + inner * min(mm, max_mm) / max_mm, 1)

    bands: list[Band] = []
    current_t, current_plain = spans[-1][0], spans[-1][2]
    for t, (low, high), plain in spans:
        start = 0 if low <= 1 else low - 1
        end = min(high, max_mm)
        here = low <= size_mm <= high
        if here:
            current_t, current_plain = t, plain
        bands.append(Band(t, low, high, x_of(start), round(x_of(end) - x_of(start), 1), plain, here))
    ticks = [(x_of(low - 1), _cm(low - 1)) for _, (low, _), _ in spans[1:]]
    return SizeScale(size_mm, max_mm, bands, x_of(size_mm), ticks, clipped, current_t, current_plain)
