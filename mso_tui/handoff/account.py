"""A handoff's account of itself: pinned items carried, coverage of the session inventory by class, its footer."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from mso_tui.handoff import metrics, render
from mso_tui.handoff.contract import GeneratedHandoff, HandoffInput
from mso_tui.handoff.coverage import by_class_text, score, share_text
from mso_tui.handoff.inventory import build_inventory
from mso_tui.handoff.inventory_salience import annotate
from mso_tui.handoff.redaction import redact_text

FOOTER = "\n---\n_Generator:"
PINNED_TITLE = "## Pinned by the user"


def session_inventory(inp: HandoffInput) -> list[dict[str, Any]]:
    """The inventory of the session: its turns, its git changes, and the fields the user filled in."""
    paths = [fc.path for fc in inp.file_changes if fc.file_type != "transcript"]
    items = build_inventory(inp.turns, paths)
    seen = {(i["cls"], i["text"].lower()) for i in items}
    fields = [("requests", o.text) for o in inp.session.objectives] + [("errors", b) for b in inp.session.blockers]
    added = [{"cls": cls, "text": text.strip(), "probe": text.strip(), "seq": 0, "detail": "session field"}
             for cls, text in fields if text.strip() and (cls, text.strip().lower()) not in seen]
    return items + annotate(added, (t.text or "" for t in inp.turns))


def body_of(master_prompt: str) -> str:
    """The master prompt without its footer and without a pinned block (both are written again)."""
    body = master_prompt.split(FOOTER, 1)[0]
    if f"\n{PINNED_TITLE}\n" in body:
        body = body.split(f"\n{PINNED_TITLE}\n", 1)[0]
    return body.rstrip() + "\n"


def pinned_block(pins: Sequence[str]) -> str:
    """The section that carries the user's pins."""
    if not pins:
        return ""
    return f"\n{PINNED_TITLE}\n" + "".join(f"- {redact_text(p)}\n" for p in pins)


def account(result: GeneratedHandoff, items: Sequence[dict[str, Any]], pins: Sequence[str] = ()) -> GeneratedHandoff:
    """result with the pins carried, the inventory scored against it, and a footer that says so."""
    body = body_of(result.master_prompt) + pinned_block(pins)
    cov = score(items, body)
    tokens_out = metrics.estimate_tokens(body)
    ratio = metrics.compression_ratio(result.tokens_in, tokens_out)
    text = f"{by_class_text(cov.by_class)} ({share_text(cov.share)})"
    footer = render.footer(result.kind, result.generator_model, result.tokenizer or metrics.TOKENIZER,
                           result.tokens_in, tokens_out, ratio, text)
    sections = dict(result.sections)
    sections.pop("pinned", None)
    if pins:
        sections["pinned"] = [redact_text(p) for p in pins]
    left = [_masked(i) for i in cov.left_out]
    return replace(result, master_prompt=body + footer, sections=sections, tokens_out=tokens_out,
                   compression_ratio=ratio, coverage=cov.share, coverage_by_class=cov.by_class, left_out=left)


def _masked(item: dict[str, Any]) -> dict[str, Any]:
    """A left-out item as stored and shown: its probe (a cut of its text) is cut from the masked text when the
    text held a secret, since a cut can split a secret so that no pattern knows it any more."""
    text, probe = redact_text(item["text"]), str(item.get("probe", ""))
    probe = text[:len(probe)] if text != item["text"] else redact_text(probe)
    # key words are cut from the raw text too: only those the masked text still holds are kept
    keys = [k for k in item.get("keys") or [] if k in text.lower()]
    extra = {"result": redact_text(str(item["result"]))} if "result" in item else {}
    return {**item, "text": text, "probe": probe, "keys": keys, "detail": redact_text(str(item.get("detail") or "")),
            **extra}


def account_for(inp: HandoffInput, result: GeneratedHandoff) -> GeneratedHandoff:
    """account() with the session's own inventory and the input's pins."""
    return account(result, session_inventory(inp), inp.pinned)
