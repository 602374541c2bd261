"""Clinical review (issue 11): the generated stage items' key points give every way to reach a stage."""

from __future__ import annotations

from sarcoma.kb._stages import stage_descriptions, stage_items


def test_stage_key_points_list_every_row_of_each_stage() -> None:
    """Retroperitoneal IIIB's key point said only 'spread to nearby lymph nodes', not the large grade 2-3 tumor."""
    for item in stage_items():
        group = item.id.removeprefix("stages-").replace("-", "_")
        points = " ".join(item.key_points)
        for description in stage_descriptions(group):
            if description.stage == "unknown":
                continue
            for plain in description.patient:
                assert plain in points or plain[:1].lower() + plain[1:] in points, (item.id, description.stage, plain)
