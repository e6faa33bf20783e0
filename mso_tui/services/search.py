"""Global search over knowledge (ranked full-text), handoffs and turns (substring, newest first)."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from mso_tui.store.models import Handoff, Project, Session, Turn

SNIPPET_SOURCE = 200_000  # characters masked around a match at most


@dataclass(frozen=True)
class SearchHit:
    """One match of a global search."""

    kind: str  # turn / handoff / knowledge
    title: str
    snippet: str
    project: str | None = None
    session_number: int | None = None
    ref_id: int = 0


def snippet(text: str, needle: str, width: int = 100) -> str:
    """The words around the first match, on one line, through the output gate; … where text was cut (never
    inside a word).

    The whole text (up to a cap) is masked before it is cut, so a secret cut in two at the edge of
    the window is never shown half unmasked.
    """
    from mso_tui.redaction.gate import clean

    raw = text.lower().find(needle.lower())
    if len(text) > SNIPPET_SOURCE:  # a huge tool output: a generous window around the match
        begin = max(raw - SNIPPET_SOURCE // 2, 0)
        text = text[begin:begin + SNIPPET_SOURCE]
    flat = " ".join(clean(text).split())
    at = flat.lower().find(needle.lower())
    start = max(at - width // 3, 0) if at >= 0 else 0
    if start > 0 and flat[start - 1] != " ":  # mid-word: begin at the next word, if that keeps the match
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < (at if at >= 0 else start + width) else start
    end = min(start + width, len(flat))
    if end < len(flat) and flat[end] != " ":
        space = flat.rfind(" ", start, end)
        end = space if space > max(at + len(needle), start) else end
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def search_all(query: str, limit: int = 50) -> list[SearchHit]:
    """Knowledge, handoffs and turns matching query (up to limit of each kind)."""
    from mso_tui.redaction.gate import clean
    from mso_tui.services import knowledge

    needle = query.strip()
    if not needle:
        return []
    hits = [SearchHit("knowledge", clean(k.title), snippet(k.content or k.description or k.title, needle), ref_id=k.id)
            for k in knowledge.search(needle, limit)]
    pattern = f"%{needle}%"
    handoffs = (Handoff.select(Handoff.id, Handoff.master_prompt, Project.name, Session.number)
                .join(Project).switch(Handoff).join(Session, JOIN.LEFT_OUTER)
                .where(Handoff.master_prompt ** pattern).order_by(Handoff.id.desc()).limit(limit))
    for h in handoffs:
        number = h.session.number if h.session is not None else None
        hits.append(SearchHit("handoff", f"{h.project.name} handoff", snippet(h.master_prompt, needle),
                              h.project.name, number, h.id))
    turns = (Turn.select(Turn.id, Turn.role, Turn.text, Session.number, Project.name).join(Session).join(Project)
             .where(Turn.text ** pattern).order_by(Turn.id.desc()).limit(limit))
    for t in turns:
        hits.append(SearchHit("turn", f"{t.session.project.name} #{t.session.number} {t.role}",
                              snippet(t.text, needle), t.session.project.name, t.session.number, t.id))
    return hits
