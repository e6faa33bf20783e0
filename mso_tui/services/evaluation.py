"""`mso eval handoffs`: import transcripts with known facts into a throw-away store, generate, score recall."""
from __future__ import annotations

import statistics
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from mso_tui.handoff import metrics
from mso_tui.handoff.contract import GeneratedHandoff, HandoffInput
from mso_tui.handoff.recall import details, group_recall, inventory_columns, kept_facts, load_all, rank_agreement


def transcript_input(project_name: str) -> HandoffInput | None:
    """The input for a transcript imported as a project: its last session, with every session's turns in order."""
    from mso_tui.services.handoffs import build_input
    from mso_tui.store import models as m

    project = m.Project.get_or_none(m.Project.name == project_name)
    query = m.Session.select().where(m.Session.project == project).order_by(m.Session.number)
    sessions = list(query) if project else []
    if not sessions:
        return None
    inputs = [build_input(s.id) for s in sessions]
    # one file may hold several launches (aider, SpecStory): the facts span all of them
    turns = tuple(t for inp in inputs for t in inp.turns)
    return replace(inputs[-1], turns=turns, previous=None)


def _import(path: Path, project: str) -> None:
    """Import one transcript through the real import service."""
    from mso_tui.services.imports import import_paths

    import_paths([path], project=project)


def evaluate(corpus: Path, facts_path: Path | Sequence[Path], use_llm: bool = False, settings: Any = None,
             progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Import each transcript into a throw-away store, generate its handoff, score it (docs/architecture.md)."""
    from mso_tui.store.db import close_db, init_db
    from mso_tui.store.models import database

    entries = load_all([facts_path] if isinstance(facts_path, Path | str) else list(facts_path))
    previous_db = database.obj
    files: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mso-eval-") as tmp:
        try:
            init_db(path=Path(tmp) / "eval.sqlite3")
            for index, entry in enumerate(entries, 1):
                if progress:
                    progress(entry["file"])
                files.append(_one(Path(corpus), entry, f"eval-{index}", use_llm, settings))
        finally:
            close_db()
            if previous_db is not None:
                database.initialize(previous_db)
    total = sum(f["facts"] for f in files)
    kept = sum(f["kept"] for f in files)
    ratios = [f["ratio"] for f in files if f["ratio"] is not None]
    overall = {"recall": round(kept / total, 4) if total else None, "facts": total, "kept": kept,
               "median_ratio": round(statistics.median(ratios), 2) if ratios else None,
               "min_file_recall": min((f["recall"] for f in files), default=None)}
    overall["by_category"] = group_recall((d["category"], d["kept"]) for f in files for d in f["details"])
    overall["by_format"] = group_recall((f["format"], d["kept"]) for f in files for d in f["details"])
    overall.update(rank_agreement(files))
    return {"overall": overall, "files": files}


def _one(corpus: Path, entry: dict[str, Any], project: str, use_llm: bool, settings: Any) -> dict[str, Any]:
    """Score one facts entry."""
    path = corpus / entry["file"]
    facts = list(entry["facts"])
    row: dict[str, Any] = {"file": entry["file"], "facts": len(facts), "kept": 0, "recall": 0.0, "tokens_in": 0,
                           "tokens_out": 0, "ratio": None, "missed": [str(f.get("id")) for f in facts],
                           "format": str(entry.get("kind") or "unknown"), "details": details(facts, "", None)}
    if not path.is_file():
        row["error"] = "file not found"
        return row
    _import(path, project)
    inp = transcript_input(project)
    if inp is None:
        row["error"] = "the importer found no session in it"
        return row
    handoff = _generate(inp, use_llm, settings)
    kept, missed = kept_facts(handoff.master_prompt, facts)
    row.update(kept=len(kept), recall=round(len(kept) / len(facts), 4) if facts else 1.0, missed=missed,
               tokens_in=handoff.tokens_in, tokens_out=handoff.tokens_out, ratio=handoff.compression_ratio,
               kind=handoff.kind, coverage=handoff.coverage)
    material = "\n".join(metrics.material_text(inp.turns)).lower()
    row["details"] = details(facts, handoff.master_prompt, material)
    row.update(inventory_columns(inp, handoff))
    return row


def _generate(inp: HandoffInput, use_llm: bool, settings: Any) -> GeneratedHandoff:
    """The extractive handoff, or the LLM one when asked."""
    if use_llm:
        from mso_tui.config import load_settings
        from mso_tui.handoff.llm import generate as llm_generate

        return llm_generate(inp, (settings or load_settings()).llm)
    from mso_tui.handoff.extractive import generate

    return generate(inp)
