"""The import screen's plan table: every join listed, then up to PLAN_ROWS others, the rest counted in one row."""
from __future__ import annotations

from mso_tui.services.import_preview import ImportPreview, Placement
from mso_tui.tui.screens import import_plan_view
from mso_tui.tui.screens.import_plan_view import plan_rows


def _preview(new: int, continuing: int, joins: int) -> ImportPreview:
    placements = [Placement(f"n{i}.jsonl", "p", False, None, "new") for i in range(new)]
    placements += [Placement(f"c{i}.jsonl", "p", False, 3, "continues") for i in range(continuing)]
    placements += [Placement(f"j{i}.jsonl", "p", False, 1, "joins") for i in range(joins)]
    return ImportPreview(placements=placements)


def test_a_long_plan_lists_joins_first_and_counts_the_rest(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(import_plan_view, "PLAN_ROWS", 5)
    rows = [[str(cell) for cell in row] for row in plan_rows(_preview(6, 2, 2))]
    assert [r[0] for r in rows[:2]] == ["j0.jsonl", "j1.jsonl"] and rows[0][2] == "#1 EXISTING: joins"
    assert len(rows) == 6
    assert rows[-1] == ["… and 5 more", "", "3 new, 2 continuing (not listed)"]


def test_every_join_is_listed_even_past_the_cap(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(import_plan_view, "PLAN_ROWS", 2)
    rows = [[str(cell) for cell in row] for row in plan_rows(_preview(1, 0, 3))]
    assert [r[0] for r in rows] == ["j0.jsonl", "j1.jsonl", "j2.jsonl", "… and 1 more"]
    assert rows[-1][2] == "1 new (not listed)"


def test_a_short_plan_has_no_count_row() -> None:
    rows = plan_rows(_preview(2, 1, 0))
    assert [str(r[0]) for r in rows] == ["n0.jsonl", "n1.jsonl", "c0.jsonl"]
