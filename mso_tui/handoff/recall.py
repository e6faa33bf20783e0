"""Key-fact recall of a handoff: the facts file, which facts a text keeps, recall by group, and the rank
agreement of inventory coverage with recall. Pure functions: the eval's orchestration is services/evaluation.py."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Sequence

from mso_tui.errors import InvalidInput
from mso_tui.handoff.contract import GeneratedHandoff, HandoffInput


def load_facts(path: Path) -> list[dict[str, Any]]:
    """The facts file: a list of {kind, file, facts: [{id, category, fact, keywords}]}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InvalidInput(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, list) or not all(isinstance(e, dict) and "file" in e and "facts" in e for e in data):
        raise InvalidInput(f"{path}: expected a list of {{kind, file, facts}} entries")
    return data


def load_all(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Several facts files as one list of entries, in the order given."""
    return [entry for path in paths for entry in load_facts(path)]


def absent_keywords(text: str, fact: dict[str, Any]) -> list[str]:
    """The keywords of fact that text lacks (case-insensitively)."""
    low = text.lower()
    return [str(k) for k in fact.get("keywords", []) if str(k).lower() not in low]


def group_recall(rows: Iterable[tuple[str, bool]]) -> dict[str, dict[str, Any]]:
    """{group: {facts, kept, recall}} from (group, kept) pairs, groups sorted by name."""
    counts: dict[str, list[int]] = {}
    for group, kept in rows:
        pair = counts.setdefault(group, [0, 0])
        pair[0] += 1
        pair[1] += int(kept)
    return {g: {"facts": n, "kept": k, "recall": round(k / n, 4)} for g, (n, k) in sorted(counts.items())}


def kept_facts(text: str, facts: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(kept ids, missed ids): a fact is kept when every keyword appears in text, case-insensitively."""
    low = text.lower()
    kept: list[str] = []
    missed: list[str] = []
    for fact in facts:
        keywords = [str(k).lower() for k in fact.get("keywords", [])]
        (kept if keywords and all(k in low for k in keywords) else missed).append(str(fact.get("id")))
    return kept, missed


def details(facts: list[dict[str, Any]], text: str, material: str | None) -> list[dict[str, Any]]:
    """Per fact: id, category, kept; for a missed one the absent keywords and whether each is in the imported turns."""
    out = []
    for fact in facts:
        absent = absent_keywords(text, fact) if fact.get("keywords") else ["(no keywords)"]
        row: dict[str, Any] = {"id": str(fact.get("id")), "category": str(fact.get("category") or "none"),
                               "kept": not absent}
        if absent:
            row["absent"] = [{"keyword": k, "in_turns": material is not None and k.lower() in material}
                             for k in absent]
        out.append(row)
    return out


def inventory_columns(inp: HandoffInput, handoff: GeneratedHandoff) -> dict[str, Any]:
    """The handoff's coverage of the independent session inventory, overall and by class."""
    from mso_tui.handoff.account import account_for

    accounted = account_for(inp, handoff)
    return {"coverage": accounted.coverage, "coverage_by_class": accounted.coverage_by_class,
            "left_out_count": len(accounted.left_out)}


def rank_agreement(files: list[dict[str, Any]]) -> dict[str, Any]:
    """Spearman's rank correlation of inventory coverage with key-fact recall, over the files that have both."""
    from mso_tui.handoff.rank import spearman

    pairs = [(f["coverage"], f["recall"]) for f in files if f.get("coverage") is not None and "error" not in f]
    by_class: dict[str, list[int]] = {}
    for f in files:
        for cls, (kept, total) in (f.get("coverage_by_class") or {}).items():
            sums = by_class.setdefault(cls, [0, 0])
            sums[0] += kept
            sums[1] += total
    return {"spearman": spearman([p[0] for p in pairs], [p[1] for p in pairs]), "spearman_files": len(pairs),
            "coverage_by_class": by_class}
