"""A focused fix-and-resolve prompt for a session's unresolved errors (`mso handoff troubleshoot`)."""
from __future__ import annotations

from mso_tui.handoff.contract import HandoffInput
from mso_tui.handoff.extractive.analysis import Analysis, ErrorItem, analyse
from mso_tui.handoff.extractive.text import clip, clip_middle, content_tokens
from mso_tui.handoff.extractive.tools import path_of
from mso_tui.handoff.redaction import redact_text


def open_problems(an: Analysis, inp: HandoffInput) -> list[ErrorItem]:
    """Unresolved errors; the session's recorded blockers stand in when no command failed."""
    problems = list(an.unresolved)
    problems += [ErrorItem(command="(reported)", error=e, exit_code=None, tool="") for e in an.reported[-3:]]
    if not problems:
        problems = [ErrorItem(command="(blocker)", error=b, exit_code=None, tool="") for b in inp.session.blockers]
    return problems


def tried(an: Analysis, err: ErrorItem) -> list[str]:
    """Earlier runs of the failing command and the edits made between its first and last failure."""
    runs = next((r.runs for r in an.commands if r.command == err.command), [])
    if not runs:
        return []
    first, last = runs[0].seq, runs[-1].seq
    codes = ", ".join(str(r.exit_code) for r in runs)
    out = [f"ran it {len(runs)} times; exit codes: {codes}"] if len(runs) > 1 else []
    edits = [p for e in an.events if e.family == "edit" and first <= e.seq <= last for p in path_of(e)]
    if edits:
        out.append("edited in between: " + ", ".join(f"`{p}`" for p in dict.fromkeys(edits)))
    return out


def build_prompt(inp: HandoffInput) -> str:
    """The troubleshooting prompt: goal, each open error with its command and key line, files, attempts, KB."""
    an = analyse(inp)
    problems = open_problems(an, inp)
    s = inp.session
    lines = [f"# Fix and resolve: {inp.project.name}, session {s.number}", ""]
    if not problems:
        lines.append("No unresolved error, reported failure or blocker was found in this session.")
        return redact_text("\n".join(lines) + "\n")
    lines += ["You are picking up a failure left open by the previous session. Reproduce it, find the root cause, "
              "fix it, and re-run the failing command until it passes. Say what the cause was.", ""]
    if an.requests:
        lines += ["## What the user wanted", *(f"- {clip(r, 300)}" for r in an.requests[-3:]), ""]
    for number, err in enumerate(problems, 1):
        lines.append(f"## Problem {number}")
        if err.command not in ("(reported)", "(blocker)"):
            code = f" (exit {err.exit_code})" if err.exit_code is not None else ""
            lines += [f"Command{code}:", "```", clip_middle(err.command, 400), "```"]
        lines.append(f"Error: {err.error}")
        lines += [f"Already tried: {t}" for t in tried(an, err)]
        lines.append("")
    files = an.edited + [f.path for f in inp.file_changes if f.path not in an.edited]
    if files:
        lines += ["## Files involved", *(f"- `{p}`" for p in files[:20]), ""]
    words = set().union(*(content_tokens(p.error + " " + p.command) for p in problems))
    kb = [k for k in inp.knowledge if k.category == "troubleshooting" or content_tokens(k.title) & words]
    if kb:
        lines.append("## Knowledge base")
        lines += [f"- {k.title} ({k.category}): {clip(k.content or k.description, 400)}" for k in kb]
        lines.append("")
    return redact_text("\n".join(lines).rstrip() + "\n")
