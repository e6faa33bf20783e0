"""The extractive handoff generator: offline, deterministic, structured extraction (DESIGN.md §2)."""
from __future__ import annotations

from mso_tui.handoff import metrics, render
from mso_tui.handoff.extract import sections as build
from mso_tui.handoff.extract.analysis import Analysis, analyse
from mso_tui.handoff.extract.carry import carry_forward
from mso_tui.handoff.extract.keyitems import key_items
from mso_tui.handoff.extract.narrative import narrative
from mso_tui.handoff.model import GeneratedHandoff, HandoffInput
from mso_tui.handoff.redaction import scrub, scrub_tree

GENERATOR = "mso-extractive-v1"
TARGET_RATIO = 6  # aim: the handoff is about a sixth of the session material...
MAX_OUT = 8000  # ...but never more than this many tokens, however long the session


def build_sections(inp: HandoffInput, an: Analysis, tokens_in: int) -> dict[str, list[str]]:
    """Every section's items, carry-forward applied."""
    s = inp.session
    closers = list(s.accomplishments) + [o.text for o in s.objectives if o.done] + list(s.resolved)
    closers += [text for text, status in an.todos if status in ("completed", "done")]
    closers += [text for text, done in an.checklist if done]
    carried = carry_forward(inp.previous.sections if inp.previous else None, closers, an.passed_commands)
    story, _ = narrative(an)
    sections = {
        "goal": build.goal(inp, an, tokens_in),
        "accomplished": build.accomplished(inp, an, carried),
        "current_state": build.current_state(inp, an, story),
        "blockers": build.blockers(inp, an, carried),
        "next_steps": build.next_steps(inp, an, carried),
        "decisions": list(an.decisions),
        "files": build.files(inp, an),
        "commands": build.commands(an, tokens_in),
        "knowledge": build.knowledge(inp),
    }
    # technical notes fill what is left of the output budget: about one token out per TARGET_RATIO in
    base = sum(metrics.estimate_tokens(i) + 2 for v in sections.values() for i in v)
    budget = min(tokens_in // TARGET_RATIO, MAX_OUT) - base
    if budget > 0:
        seen = {" ".join(i.lower().split())[:120] for v in sections.values() for i in v}
        _, notes = narrative(an, budget, seen)
        sections["decisions"] += notes
    return sections


def fields_text(inp: HandoffInput) -> str:
    """The session's own fields as text: the material of a session without a transcript."""
    s = inp.session
    parts = [s.title, s.notes, *s.accomplishments, *s.blockers, *(o.text for o in s.objectives)]
    parts += [fc.path for fc in inp.file_changes]
    return "\n".join(p for p in parts if p)


def finish(inp: HandoffInput, sections: dict[str, list[str]], items: list[dict], kind: str, model: str,
           notes: str = "", tokens_in: int | None = None) -> GeneratedHandoff:
    """Render sections, redact, measure, and attach the footer."""
    title = render.heading(inp.project.name, inp.session.number)
    body = scrub(render.render_body(title, sections))
    if tokens_in is None:
        tokens_in = metrics.tokens_of_material(inp.turns, fields_text(inp))
    tokens_out = metrics.estimate_tokens(body)
    ratio = metrics.compression_ratio(tokens_in, tokens_out)
    marked, coverage = metrics.score_coverage(items, body)
    text = body + render.footer(kind, model, metrics.TOKENIZER, tokens_in, tokens_out, ratio)
    clean = {k: [scrub(i) for i in v] for k, v in sections.items()}
    # key items quote the transcript (text and probe): stored and shown, so masked like the sections
    items = scrub_tree(marked)
    return GeneratedHandoff(kind=kind, master_prompt=text, sections=clean, key_items=items, generator_model=model,
                            tokens_in=tokens_in, tokens_out=tokens_out, compression_ratio=ratio,
                            tokenizer=metrics.TOKENIZER, coverage=coverage, notes=notes)


def generate(inp: HandoffInput) -> GeneratedHandoff:
    """The extractive handoff of a session: same input, same bytes out."""
    an = analyse(inp)
    tokens_in = metrics.tokens_of_material(inp.turns, fields_text(inp))
    sections = build_sections(inp, an, tokens_in)
    return finish(inp, sections, key_items(inp, an, sections), "extractive", GENERATOR, tokens_in=tokens_in)
