"""A 100-person icon array as a self-contained, accessible SVG (no script, colour plus pattern)."""

from __future__ import annotations

import hashlib
import math
from html import escape

from ._result import display_percent

__all__ = ["icon_array_svg"]

_COLS = 10
_CELL_W = 22
_CELL_H = 28
_PAD = 8
_LEGEND_H = 52
_AFFECTED = "#2f3f57"  # dark slate blue, a neutral colour (not alarm red): 11:1 against white
_UNAFFECTED = "#d9dde3"  # light grey with a dark outline
_OUTLINE = "#4a5361"


def _person(x: float, y: float, fill: str) -> str:
    """One figure: a head and a rounded body, at cell origin (x, y)."""
    return (
        f'<circle cx="{x + 11:g}" cy="{y + 6:g}" r="4.5" fill="{fill}" stroke="{_OUTLINE}" stroke-width="1"/>'
        f'<path d="M{x + 4:g} {y + 25:g}v-8a7 7 0 0 1 14 0v8z" fill="{fill}" stroke="{_OUTLINE}" stroke-width="1"/>'
    )


def _count(probability: float) -> int:
    return round(probability * 100)


def _description(count: int, shown: str, label: str) -> str:
    if shown == "<1%":
        head = f"Out of 100 people like this, fewer than 1 {label}, so no figure is shaded."
    elif shown == ">99%":
        head = f"Out of 100 people like this, more than 99 {label}, so every figure is shaded."
    else:
        head = (
            f"Out of 100 people like this, about {count} {label} (dark hatched figures) "
            f"and about {100 - count} did not."
        )
    return head + " Shaded figures are dark blue-grey with diagonal stripes; the others are plain light grey."


def icon_array_svg(probability: float, *, label: str, id_prefix: str | None = None) -> str:
    """Return an SVG icon array of 100 people with ``round(probability * 100)`` shaded.

    Parameters
    ----------
    probability
        A probability from 0 to 1.
    label
        What happened to the shaded people, completing "about 31 ...", e.g. "died of sarcoma within 12 years".
    id_prefix
        Prefix for the element ids (pattern, title, description) when several arrays share a page;
        by default it is derived from the inputs.

    The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` (the text alternative, referenced by
    ``aria-labelledby``), a visible legend, no script, and marks shaded figures by colour and stripes.
    """
    if math.isnan(probability) or not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
    label = " ".join("".join(ch if ch.isprintable() else " " for ch in label).split())
    if not label:
        raise ValueError("label must say what the shaded figures mean")
    shown = display_percent(probability)
    count = _count(probability)
    prefix = id_prefix or "ia-" + hashlib.sha256(f"{probability!r}|{label}".encode()).hexdigest()[:10]
    legend = f"{shown} {label}"
    width = max(_PAD * 2 + _COLS * _CELL_W, _PAD * 2 + 20 + math.ceil(len(legend) * 6.6))
    grid_h = _PAD + 10 * _CELL_H
    height = grid_h + _LEGEND_H
    title = escape(f"{shown} {label}: icon array of 100 people")
    desc = escape(_description(count, shown, label))
    hatch = f"url(#{prefix}-hatch)"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="icon-array">',
        f'<title id="{prefix}-title">{title}</title>',
        f'<desc id="{prefix}-desc">{desc}</desc>',
        "<defs>",
        f'<pattern id="{prefix}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">',
        f'<rect width="5" height="5" fill="{_AFFECTED}"/>',
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#ffffff" stroke-width="1.6"/>',
        "</pattern>",
        "</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        '<g aria-hidden="true">',
    ]
    for i in range(100):
        x = _PAD + (i % _COLS) * _CELL_W
        y = _PAD + (i // _COLS) * _CELL_H
        parts.append(_person(x, y, hatch if i < count else _UNAFFECTED))
    legend_y = grid_h + 8
    parts += [
        f'<rect x="{_PAD}" y="{legend_y}" width="14" height="14" fill="{hatch}" stroke="{_OUTLINE}"/>',
        f'<text x="{_PAD + 20}" y="{legend_y + 12}" font-family="sans-serif" font-size="12" fill="#1b1f24">'
        f"{escape(legend)}</text>",
        f'<rect x="{_PAD}" y="{legend_y + 22}" width="14" height="14" fill="{_UNAFFECTED}" stroke="{_OUTLINE}"/>',
        f'<text x="{_PAD + 20}" y="{legend_y + 34}" font-family="sans-serif" font-size="12" fill="#1b1f24">'
        "did not</text>",
        "</g>",
        "</svg>",
    ]
    return "".join(parts)
