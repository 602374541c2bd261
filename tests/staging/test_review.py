"""Clinical review (issue 11): trace wording for a visceral tumor with a size but no extent."""

from __future__ import annotations

from sarcoma import stage


def test_a_visceral_size_is_not_called_missing_in_the_trace() -> None:
    """`sarcoma stage --site visceral --size-cm 6` traced 'No size, extent or T given' although a size was given."""
    result = stage(site="visceral", size_cm=6, grade="2")
    t_steps = [s for s in result.explanation if s.step == "t"]
    assert result.t == "TX" and t_steps
    assert all("No size" not in s.technical for s in t_steps)
    assert any("no size that sets T at this site" in s.technical for s in t_steps)


def test_each_possible_stage_is_explained_once() -> None:
    """Everything unknown on a leg listed 'Stage IV would mean' twice (distant spread, then lymph nodes)."""
    result = stage(site="leg")
    labels = [line.split(" would mean:", 1)[0] for line in result.stage_meaning]
    assert labels == [f"Stage {s}" for s in result.possible_stages]
    assert "Or it would mean: the cancer has spread to nearby lymph nodes" in result.stage_meaning[-1]
