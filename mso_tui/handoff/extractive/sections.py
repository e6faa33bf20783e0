"""Section builders: turn an Analysis plus the session's fields into the handoff's item lists."""
from __future__ import annotations

import datetime as dt

from mso_tui.handoff.contract import HandoffInput
from mso_tui.handoff.extractive.analysis import Analysis
from mso_tui.handoff.extractive.carry import Carried
from mso_tui.handoff.extractive.conversation import units
from mso_tui.handoff.extractive.fences import folded
from mso_tui.handoff.extractive.gitstate import last_git_status
from mso_tui.handoff.extractive.pointed import pointed_openings
from mso_tui.handoff.extractive.results import result_gist, said_lines
from mso_tui.handoff.extractive.text import clip, clip_middle, dedupe, error_lines, same_item
from mso_tui.handoff.extractive.tools import command_item, is_inspection
from mso_tui.records import TokenCounts

ERROR_QUOTE = 200  # characters of each error line a cut request quotes
MAX_REQUESTS = 30
REQUEST_LIMIT = 600
LAST_MESSAGE = 1200  # the final answer's head; its sentences also compete for the budget
LAST_WORDS = 200  # characters of the final answer's closing sentence when the core fills the budget
CORE_REQUEST = 600
MAX_COMMANDS = 25
MAX_READ = 12
SHORT_OUTPUT = 8  # lines of an output whose last line says how the command ended
CLOSING_LINE = 120  # characters that last line holds at most (a longer one is data, not an outcome)


def limit_for(tokens_in: int, base: int, per: int, cap: int) -> int:
    """A list limit that grows with the session's size: base items, one more per `per` tokens, at most cap."""
    return max(base, min(cap, tokens_in // per))


def quoted(request: str, limit: int = CORE_REQUEST) -> str:
    """A request's head, and when it was cut, the first and last error lines of its cut part (a pasted log's)."""
    head = clip(request, limit)
    if not head.endswith("…"):
        return head
    errors = [e for e in error_lines(request[len(head) - 1:], ERROR_QUOTE) if e.lower() not in head.lower()]
    return " ".join([head, *errors])


def goal(inp: HandoffInput, an: Analysis, tokens_in: int = 0) -> list[str]:
    """Project, session, objectives and the user's own requests (facts often live in them)."""
    s, p = inp.session, inp.project
    items = [f"Project **{p.name}**" + (f": {clip(p.description, 400)}" if p.description else "")]
    if p.repo_path or s.cwd:
        items.append(f"Working directory: `{s.cwd or p.repo_path}`")
    line = f"Session {s.number} ({s.type}, agent {s.agent}), status {s.status}"
    items.append(line + (f": {clip(s.title, 200)}" if s.title else ""))
    for objective in s.objectives:
        items.append(f"Objective [{'x' if objective.done else ' '}] {objective.text}")
    requests = an.whole_requests
    most = limit_for(tokens_in, MAX_REQUESTS, 2500, 80)
    if len(requests) > most:  # keep how it started and where it ended
        requests = requests[:5] + requests[-(most - 5):]
    items.extend(f"User asked: {quoted(r)}" for r in requests)
    # a file the user pointed the agent at ("the feature in README.md") states the brief in its own words
    items.extend(f"`{path}`, which the user pointed to, opens: {said}"
                 for path, said in pointed_openings(an.events, an.whole_requests))
    return items


def accomplished(inp: HandoffInput, an: Analysis, carried: Carried) -> list[str]:
    """Recorded accomplishments, done objectives, closed carried items, finished todos, fixes, commits."""
    s = inp.session
    items = list(s.accomplishments)
    items += [o.text for o in s.objectives if o.done and not any(same_item(o.text, a) for a in items)]
    items += [f"Closed from the previous handoff: {c}" for c in carried.closed]
    items += [f"Done: {text}" for text, status in an.todos if status in ("completed", "done")]
    items += [f"Done: {text}" for text, done in an.checklist if done]
    for err in an.errors:
        if err.resolved:
            how = f" when re-run with {err.fix}" if err.fix else " on a later run"
            items.append(f"Fixed: `{clip_middle(err.command, 180)}` failed ({err.error}) and passed{how}")
    items += [f"Fixed (error the user reported): {u.error} — {u.fix}" for u in an.user_errors if u.resolved]
    items += [f"Commit {c}" for c in an.commits]
    return dedupe(items)


def usage_line(tokens: TokenCounts) -> str:
    """What the session spent: tokens in and out, and its cost when priced (a later session budgets by it)."""
    sent = tokens.input_tokens + tokens.cache_creation_tokens + tokens.cache_read_tokens
    line = f"Usage: {sent:,} tokens sent, {tokens.output_tokens:,} received"
    if tokens.cost_usd:
        more = " (some models unpriced)" if tokens.unpriced_tokens else ""
        line += f", ${tokens.cost_usd:,.2f} session cost{more}"
    elif tokens.unpriced_tokens:
        line += ", unpriced"
    return line


def ran(start: dt.datetime | None, end: dt.datetime) -> str:
    """When the session ran: its start to the second (a log's launch line says it so), its end to the minute."""
    if start is None or start > end:
        return f"ended {end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M:%S} to {end:%H:%M}" if start.date() == end.date() else \
        f"{start:%Y-%m-%d %H:%M:%S} to {end:%Y-%m-%d %H:%M}"


def current_state(inp: HandoffInput, an: Analysis, narrative: list[str]) -> list[str]:
    """Where things stand: status, last agent message, work in progress, what happened."""
    s = inp.session
    items = []
    if s.completed_at:
        items.append(f"Session {s.number} {s.status}: {ran(s.started_at, s.completed_at)} UTC")
    if s.git_end:
        items.append(f"Git at `{s.git_end[:12]}`" + (f" (started at `{s.git_start[:12]}`)" if s.git_start else ""))
    status = last_git_status(an.events)  # whether the work was committed and pushed when the log ends
    if status:
        items.append(status)
    items += [f"In progress: {text}" for text, status in an.todos if status in ("in_progress", "active")]
    if s.notes:
        items.append(f"Notes: {clip(s.notes, 600)}")
    if s.tokens.total:
        items.append(usage_line(s.tokens))
    if an.last_assistant:
        items.append(f"Last agent message: {clip(folded(an.last_assistant), LAST_MESSAGE)}")
    if an.ending:
        items.append(an.ending)
    items += narrative
    return items


def last_words(an: Analysis) -> str:
    """The closing sentence of a final answer longer than the head current_state quotes (two when it is short):
    what the agent left the user with, an offer or a next step; "" when the head holds it all."""
    if len(folded(an.last_assistant)) <= LAST_MESSAGE:
        return ""
    said = [u for u in units(an.last_assistant) if len(u) >= LAST_WORDS // 8]
    if not said:
        return ""
    end = said[-1] if len(said[-1]) >= LAST_WORDS // 2 or len(said) < 2 else f"{said[-2]} {said[-1]}"
    return f"Its last words: {clip(end, LAST_WORDS)}"


def blockers(inp: HandoffInput, an: Analysis, carried: Carried) -> list[str]:
    """Session blockers, still-open carried blockers, unresolved errors with their key line."""
    items = list(inp.session.blockers)
    items += [b for b in carried.blockers if not any(same_item(b, i) for i in items)]
    for err in an.unresolved:
        code = f"exit {err.exit_code}" if err.exit_code is not None else "error"
        tries = f", {err.attempts} attempts" if err.attempts > 1 else ""
        items.append(f"Unresolved: `{clip_middle(err.command, 180)}` last run failed ({code}{tries}): {err.error}")
    items += [f"Error reported by the agent or tool (no later success recorded): {e}" for e in an.reported[-5:]]
    for u in an.user_errors:
        if u.resolved is False:
            items.append(f"Error the user reported came back after the fix: {u.error} — tried: {u.fix}")
        elif u.resolved is None:
            items.append(f"Error the user reported, fix not yet confirmed: {u.error} — tried: {u.fix}")
    return dedupe(items)


def next_steps(inp: HandoffInput, an: Analysis, carried: Carried) -> list[str]:
    """Unfinished objectives, carried next steps, open todos, unchecked checklist items."""
    items = [o.text for o in inp.session.objectives if not o.done]
    items += [n for n in carried.next_steps if not any(same_item(n, i) for i in items)]
    items += [text for text, status in an.todos if status not in ("completed", "done", "in_progress", "active")]
    items += [text for text, done in an.checklist if not done]
    return dedupe(items)


def files(inp: HandoffInput, an: Analysis) -> list[str]:
    """Edited/created files (git file changes first, then tool edits) and files only read."""
    items: list[str] = []
    listed: set[str] = set()
    for fc in inp.file_changes:
        lines = f" (+{fc.lines_added}/-{fc.lines_removed})" if fc.lines_added or fc.lines_removed else ""
        moved = f" (from `{fc.old_path}`)" if fc.old_path else ""
        items.append(f"{fc.change_type}: `{fc.path}`{moved}{lines}")
        listed.add(fc.path)
    edited = [p for p in an.edited if p not in listed and not any(x.endswith(p) for x in listed)]
    if edited:  # what each edit changed competes for the budget as its added lines (extract/edits.py)
        items.append("edited: " + ", ".join(f"`{p}`" for p in edited))
    read = [p for p in an.read_only if p not in listed]
    if read:
        more = f" and {len(read) - MAX_READ} more" if len(read) > MAX_READ else ""
        items.append("read only: " + ", ".join(f"`{p}`" for p in read[:MAX_READ]) + more)
    mentioned = [p for p in an.mentioned if p not in listed and not any(x.endswith("/" + p) for x in listed)]
    if mentioned:
        items.append("mentioned in the conversation: " + ", ".join(f"`{p}`" for p in mentioned))
    return items


def outcome(output: str) -> str:
    """What a command's output says of how it ended: its result line (results.result_gist), else, for a short
    output, its last line ("Created workstation [w1].", "Listed 0 items."), which "ok" alone would lose."""
    gist = result_gist(output)
    if gist:
        return gist
    lines = said_lines(output, 4000)
    return lines[-1] if 0 < len(lines) <= SHORT_OUTPUT and len(lines[-1]) <= CLOSING_LINE else ""


def commands(an: Analysis, tokens_in: int = 0, failing_only: bool = False) -> list[str]:
    """Shell commands with their last status, in order; inspection-only commands (cat, ls, git status) counted."""
    acting = [r for r in an.commands if r.last.failed or not (failing_only or is_inspection(r.command))]
    most = limit_for(tokens_in, MAX_COMMANDS, 3000, 60)
    if len(acting) > most:  # keep every failing one, then what ran (not only suggested), then the latest
        rank = sorted(acting, key=lambda r: (not r.last.failed, not r.last.has_result, -r.last.seq))
        keep = {id(r) for r in rank[:most]}
        acting = [r for r in acting if id(r) in keep]
    items = []
    for run in acting:
        last = run.last
        # a failing run's error line is in the blockers already: said once
        items.append(command_item(run, outcome(last.output) if last.has_result and not last.failed else ""))
    hidden = len(an.commands) - len(acting)
    if hidden and not failing_only:
        items.append(f"{hidden} more distinct commands not listed (inspection such as cat, ls, grep, git status, "
                     "or older ones)")
    return items


def knowledge(inp: HandoffInput) -> list[str]:
    """Knowledge-base entries matched to the session's files, errors or tags."""
    return [f"{k.title} ({k.category}): {clip(k.description or k.content, 300)}" for k in inp.knowledge]
