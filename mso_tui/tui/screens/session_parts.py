"""What the session screen's tabs show, as text and table rows (kept apart so session.py stays small)."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from mso_tui.handoff.coverage import share_text
from mso_tui.records import FileChangeRecord, HandoffRecord, SessionRecord, TokenCounts
from mso_tui.redaction.gate import clean
from mso_tui.tui.screens.base import duration, tokens, usage_summary, usd, when


def summary_line(s: SessionRecord, live: str | None = None) -> str:
    """The line above the tabs: who, when, how long, and tokens or (for web chats) credits."""
    status = live if live and s.status == "in_progress" else s.status.replace("_", " ")
    return (f"[b]{s.project_name} #{s.number}[/b] {s.title} · {s.type} · {s.agent} · "
            f"{status} · {when(s.started_at)} · {duration(s.duration_seconds)} · "
            f"{usage_summary(s.tokens, s.credits_used, s.credit_budget)} · {s.turn_count:,} turns")


def secrets_line(revealed: bool, count: int, complete: bool, read: int, total: int) -> str:
    """The conversation tab's note on redaction and the key that toggles it."""
    if revealed:
        return "[b]Secrets revealed[/b] (shown as stored) · [b]R[/b] hides them again"
    if complete and not count:
        return "No secrets found in this conversation · copies are always masked"
    found = f"{count}" if complete else f"{count} in the {read:,} of {total:,} turns read so far"
    return f"Secrets hidden ({found}) · [b]R[/b] reveals them · copies are always masked"


def outcome_text(s: SessionRecord) -> Text:
    """Accomplishments and blockers as bullet lists."""
    text = Text()
    for title, items in (("Accomplishments", s.accomplishments), ("Blockers", s.blockers)):
        text.append(f"\n{title}\n", style="bold")
        for item in items or ("none",):
            text.append(f"  • {item}\n")
    return text


def handoffs_text(loaded: HandoffRecord | None, produced: HandoffRecord | None) -> Text:
    """One line per handoff: which session wrote it, its size and coverage."""
    text = Text()
    text.append("\nHandoffs\n", style="bold")  # only the heading: Text(style=) would make every line bold
    for label, key, h in (("Loaded", "l", loaded), ("Produced", "o", produced)):
        if h is None:
            text.append(f"  {label}: none\n")
            continue
        text.append(f"  {label}: #{h.session_number or '?'} · {h.kind} · {tokens(h.tokens_out)} tokens · "
                    f"{share_text(h.coverage)} · ")
        text.append(f"{key} opens\n", style="bold")
    return text


def fill_files(table: DataTable, files: list[FileChangeRecord]) -> None:
    """Files with +/- lines."""
    table.clear()
    for f in files:
        known = f.lines_added >= 0  # a file known from the transcript alone has no line counts
        # a path is the repository's or a transcript's: shown as it is, never read as markup or escapes
        path = clean(f.path if not f.old_path else f"{f.old_path} → {f.path}")
        table.add_row(Text(path), f.change_type,
                      Text(f"+{f.lines_added}" if known else "–", style="green", justify="right"),
                      Text(f"-{f.lines_removed}" if known else "–", style="red", justify="right"))


def fill_usage(table: DataTable, usage: dict[str, TokenCounts]) -> None:
    """Usage per model."""
    table.clear()
    for model, t in sorted(usage.items()):
        table.add_row(model, *(Text(tokens(v), justify="right") for v in (
            t.input_tokens, t.output_tokens, t.cache_creation_tokens, t.cache_read_tokens)),
            Text(usd(t), justify="right"))


def credits_note(s: SessionRecord, usage: dict[str, TokenCounts]) -> str:
    """Above the usage table: credits where the session was billed in credits, or the totals."""
    if not usage and not s.tokens.total:
        return (f"[b]Billed in credits[/b]: {usage_summary(s.tokens, s.credits_used, s.credit_budget)} · "
                "no token usage recorded (web chats bill credits, not tokens)")
    return f"[b]Total[/b]: {usage_summary(s.tokens, s.credits_used, s.credit_budget)}"
