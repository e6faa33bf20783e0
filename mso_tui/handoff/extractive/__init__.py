"""The extractive handoff generator: offline, deterministic, structured extraction (docs/architecture.md)."""
from __future__ import annotations

from mso_tui.handoff import metrics, render
from mso_tui.handoff.contract import GeneratedHandoff, HandoffInput
from mso_tui.handoff.extractive import sections as build
from mso_tui.handoff.extractive.analysis import Analysis, analyse
from mso_tui.handoff.extractive.carry import carry_forward
from mso_tui.handoff.extractive.environment import environment_item
from mso_tui.handoff.extractive.keyitems import key_items
from mso_tui.handoff.extractive.narrative import narrative
from mso_tui.handoff.extractive.placing import command_head, infer_root, lean, opener, place, relative
from mso_tui.handoff.extractive.pool import candidates
from mso_tui.handoff.extractive.salience import terms
from mso_tui.handoff.extractive.select import choose, pool_weights, prepare
from mso_tui.handoff.extractive.vocabulary import phrase_weights, span_candidates
from mso_tui.handoff.redaction import redact_text, redact_tree

GENERATOR = "mso-extractive-v1"
TARGET_RATIO = 10.2  # aim: the handoff is about a tenth of the session material...
MAX_OUT = 8000  # ...but never more than this many tokens, however long the session
MIN_OUT = 250  # a tiny session still gets its few facts
MAX_ROOT_TURNS = 2000  # turns read to infer a session's root folder
POOL_FLOOR = 0.20  # share of the budget the pool and the marked names still get when the core alone fills it
CORE_DECISIONS = 4  # the latest of the strongest decision sentences always go; the rest compete


def core_sections(inp: HandoffInput, an: Analysis, tokens_in: int) -> dict[str, list[str]]:
    """The items every handoff carries whatever the budget: what it is, where it stands, what is open."""
    s = inp.session
    closers = list(s.accomplishments) + [o.text for o in s.objectives if o.done] + list(s.resolved)
    closers += [text for text, status in an.todos if status in ("completed", "done")]
    closers += [text for text, done in an.checklist if done]
    carried = carry_forward(inp.previous.sections if inp.previous else None, closers, an.passed_commands)
    story, _ = narrative(an)
    return {
        "goal": build.goal(inp, an, tokens_in) + environment_item(an.turns),
        "accomplished": build.accomplished(inp, an, carried),
        "current_state": build.current_state(inp, an, story),
        "blockers": build.blockers(inp, an, carried),
        "next_steps": build.next_steps(inp, an, carried),
        "decisions": list(an.decisions[-CORE_DECISIONS:]),
        "files": build.files(inp, an),
        "commands": build.commands(an, tokens_in),
        "knowledge": build.knowledge(inp),
    }


def budget_for(tokens_in: int) -> int:
    """The handoff's token budget: a TARGET_RATIO-th of the material, within MIN_OUT..MAX_OUT."""
    return int(min(max(tokens_in / TARGET_RATIO, MIN_OUT), MAX_OUT))


def build_sections(inp: HandoffInput, an: Analysis, tokens_in: int) -> dict[str, list[str]]:
    """Core items, then the most informative material the rest of the budget holds (no repeats)."""
    sections = core_sections(inp, an, tokens_in)
    root = inp.session.cwd or inp.project.repo_path or ""
    if not root:  # exports do not say where they ran: the folder their absolute paths share, said once
        root = infer_root([t.text for t in an.turns[-MAX_ROOT_TURNS:]])
        if root:
            sections["goal"].append(f"Paths below are relative to `{root}` (the folder the session's paths share)")
    sections = {k: [lean(relative(i, root)) if k != "goal" else lean(i) for i in v] for k, v in sections.items()}
    title = render.heading(inp.project.name, inp.session.number)
    spent = metrics.estimate_tokens(render.render_body(title, sections))
    budget = budget_for(tokens_in)
    # the core filled the budget: the marked names and the pool still get a share (no cliff at the floor)
    left = max(budget - spent, int(POOL_FLOOR * budget))
    closing = build.last_words(an) if spent > budget else ""
    if closing:  # that share is too small for the final answer's close to win there: it goes in the core...
        sections["current_state"].append(lean(relative(closing, root)))
        # ...paid from the share, so the handoff grows no longer for it
        left -= metrics.estimate_tokens(render.render_body(title, sections)) - spent
    written = " ".join(i for v in sections.values() for i in v)
    named = span_candidates(conversation(an), written.lower())
    for c in named:
        c.text = relative(c.text, root)
    heads = [i.split(" — last:", 1)[0] for i in sections["commands"]]
    pool = prepare(candidates(an, skip=set(), listed=lambda cmd: command_head(cmd, root) in heads))
    for c in pool:  # a command's group stays as run: its header is cut, then made relative, as the core's was
        c.text = relative(c.text, root)
        c.group = c.group if c.section == "commands" else relative(c.group, root)
    weights = pool_weights(pool) | phrase_weights(named)
    chosen = choose(pool + named, weights, left, terms(written), opener(set(heads), root))
    return place(sections, chosen, root)


def conversation(an: Analysis) -> list[tuple[int, str]]:
    """(seq, text) of the messages of the conversation: where the user and the agent mark names."""
    return [(t.seq, t.text) for t in an.turns if t.text and t.kind in ("message", "context", "summary")
            and t.role in ("user", "assistant")]


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
    body = redact_text(render.render_body(title, sections))
    if tokens_in is None:
        tokens_in = metrics.tokens_of_material(inp.turns, fields_text(inp))
    tokens_out = metrics.estimate_tokens(body)
    ratio = metrics.compression_ratio(tokens_in, tokens_out)
    marked, coverage = metrics.score_coverage(items, body)
    text = body + render.footer(kind, model, metrics.TOKENIZER, tokens_in, tokens_out, ratio)
    clean = {k: [redact_text(i) for i in v] for k, v in sections.items()}
    # key items quote the transcript (text and probe): stored and shown, so masked like the sections
    items = redact_tree(marked)
    return GeneratedHandoff(kind=kind, master_prompt=text, sections=clean, key_items=items, generator_model=model,
                            tokens_in=tokens_in, tokens_out=tokens_out, compression_ratio=ratio,
                            tokenizer=metrics.TOKENIZER, coverage=coverage, notes=notes)


def generate(inp: HandoffInput) -> GeneratedHandoff:
    """The extractive handoff of a session: same input, same bytes out."""
    an = analyse(inp)
    tokens_in = metrics.tokens_of_material(inp.turns, fields_text(inp))
    sections = build_sections(inp, an, tokens_in)
    return finish(inp, sections, key_items(inp, an, sections), "extractive", GENERATOR, tokens_in=tokens_in)
