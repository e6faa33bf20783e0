"""`mso statusline`: one short line for Claude Code's status bar, from its statusline JSON on stdin.

Shows the project, this session's tokens (summed from its transcript, read incrementally) and cost (as
Claude Code states it), today's spend against the day budget, the active block's time left, and whether
the session loaded a handoff. Fast on purpose (standard library only, no store): the store's figures come
from a small cache that a detached `mso statusline --refresh` rewrites when it is older than a minute.
"""
from __future__ import annotations

import json
import os
import sys
import time

from mso_tui.usage.statusline_cache import cache_file as _cache_file  # noqa: F401
from mso_tui.usage.statusline_cache import load as _load
from mso_tui.usage.statusline_cache import save

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

STDIN_SECONDS = 0.5  # Claude Code writes the JSON at once; a terminal left open must not hang the line
STDIN_LIMIT = 1 << 20
STALE_SECONDS = 60
_CONTROL = {c: " " for c in range(32)} | {127: " "}


def read_stdin(stream: Any = None, seconds: float = STDIN_SECONDS) -> dict:
    """The statusline JSON from stdin within a time limit ({} when none, late or not an object)."""
    stream = stream or sys.stdin
    try:
        if hasattr(stream, "fileno") and not getattr(stream, "isatty", lambda: False)():
            import select

            try:
                ready, _, _ = select.select([stream], [], [], seconds)
            except (OSError, ValueError, TypeError):  # not selectable (e.g. a test's StringIO): read it
                ready = [stream]
            if not ready:
                return {}
        elif getattr(stream, "isatty", lambda: False)():
            return {}
        data = json.loads(stream.read(STDIN_LIMIT) or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def session_tokens(path: str) -> int | None:
    """Tokens of a Claude Code transcript, each response once (its last copy), reading only what was appended."""
    try:
        size = os.stat(path).st_size
    except (OSError, TypeError, ValueError):
        return None
    cache = _load("tokens")
    entry = cache.get(path)
    offset, counts = (entry if isinstance(entry, tuple) and len(entry) == 2 and entry[0] <= size else (0, {}))
    if offset < size:
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read(size - offset)
        end = data.rfind(b"\n") + 1  # a line still being written waits for the next call
        for line in data[:end].split(b"\n"):
            if b'"usage"' in line:
                _count(line, counts)
        cache[path] = (offset + end, counts)
        while len(cache) > 32:  # a few sessions at once; the oldest go
            del cache[next(iter(cache))]
        save("tokens", cache)
    return sum(counts.values())


def _count(line: bytes, counts: dict) -> None:
    """Add one transcript line's response usage (keyed by message id, so copies replace, not add)."""
    try:
        record = json.loads(line)
        message = record.get("message") or {}
        usage = message.get("usage") or {}
        total = sum(int(usage.get(k) or 0) for k in ("input_tokens", "output_tokens", "cache_creation_input_tokens",
                                                      "cache_read_input_tokens"))
    except (ValueError, AttributeError, TypeError):
        return
    counts[str(message.get("id") or record.get("uuid") or len(counts))] = total


def short(n: float) -> str:
    """950, 12.3k, 4.1M."""
    return f"{n / 1e6:.1f}M" if n >= 1e6 else f"{n / 1e3:.1f}k" if n >= 1e3 else f"{n:g}"


def line(data: dict, spend: dict, now: float) -> str:
    """The status line from the statusline JSON and the cached store figures."""
    workspace: dict = data["workspace"] if isinstance(data.get("workspace"), dict) else {}
    cwd = str(workspace.get("project_dir") or data.get("cwd") or workspace.get("current_dir") or "")
    projects = spend.get("projects") or {}
    project = projects.get(cwd) or os.path.basename(cwd.rstrip("/")) or "?"
    parts = [project]
    tokens = session_tokens(str(data["transcript_path"])) if data.get("transcript_path") else None
    cost: dict = data["cost"] if isinstance(data.get("cost"), dict) else {}
    usd = cost.get("total_cost_usd")
    session = [f"{short(tokens)} tok"] if tokens is not None else []
    if isinstance(usd, (int, float)):
        session.append(f"${usd:,.2f}")
    if session:
        parts.append(" ".join(session))
    if "today_usd" in spend:
        today = f"today ${spend['today_usd']:,.2f}" + ("+unpriced" if spend.get("today_unpriced") else "")
        if spend.get("day_limit"):
            today += f"/${spend['day_limit']:,.2f}"
        parts.append(today)
    block_end, last = spend.get("block_end"), spend.get("block_last")
    if isinstance(block_end, (int, float)) and isinstance(last, (int, float)) and now < block_end:
        left = int((block_end - now) // 60)
        parts.append(f"block {left // 60}h{left % 60:02d}m left")
    loaded = (spend.get("handoffs") or {}).get(str(data.get("session_id") or ""))
    if loaded is not None:
        parts.append("handoff ✓" if loaded else "no handoff")
    return " · ".join(parts).translate(_CONTROL)


def _refresh_later(session_id: str) -> None:
    """Start a detached `mso statusline --refresh` to rewrite the store figures (never waited for).

    A lock file keeps the bar's frequent calls from starting one refresh each; a lock older than 30 s
    (a refresh that died) is taken over."""
    import subprocess

    lock = _cache_file("refresh")[: -len(".marshal")] + ".lock"
    try:
        os.makedirs(os.path.dirname(lock), mode=0o700, exist_ok=True)
        try:
            os.close(os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            if time.time() - os.stat(lock).st_mtime < 30:
                return
            os.utime(lock)
    except OSError:
        return
    try:
        subprocess.Popen([sys.executable, "-m", "mso_tui", "statusline", "--refresh", session_id],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:
        pass


def main(argv: list[str], stdin: Any = None, out: Any = None, refresh: bool = True) -> int:
    """Print the line (exit 0 always: a failing statusline only blanks the bar)."""
    if argv[:1] == ["--refresh"]:
        from mso_tui.services.statusline_info import write_spend

        write_spend(argv[1] if len(argv) > 1 else "")
        return 0
    data = read_stdin(stdin)
    now = time.time()
    spend = _load("spend")
    sid = str(data.get("session_id") or "")
    stale = now - float(spend.get("written", 0) or 0) > STALE_SECONDS or sid not in (spend.get("handoffs") or {})
    if refresh and stale and os.environ.get("MSO_STATUSLINE_REFRESH") != "0":
        _refresh_later(sid)
    print(line(data, spend, now), file=out or sys.stdout)
    return 0
