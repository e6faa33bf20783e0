"""Live state of sessions (running / waiting / idle / ended) and the log of what hooks did."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from mso_tui.locations import data_dir
from mso_tui.store.models import Session, Turn, utcnow

STATES = ("running", "waiting", "idle", "ended")
LOG_NAME = "hooks.log"
LOG_KEEP = 2000  # lines kept when the log is trimmed


@dataclass(frozen=True)
class LiveSettings:
    """The [live] table of the config: when a session counts as waiting or idle, how to tell the user."""

    waiting_after: float = 30.0  # seconds after the agent's last turn with no user turn
    idle_after: float = 900.0  # seconds without any activity
    bell: bool = False  # ring the terminal bell when a session starts waiting
    osc9: bool = False  # send an OSC 9 desktop notification too
    watch: bool = True  # the app follows the agents' transcript folders while it runs


def live_settings() -> LiveSettings:
    """The [live] settings from the config file (defaults where unset or not numbers)."""
    from mso_tui.config import load_settings

    raw = dict(load_settings().raw.get("live", {}))
    base = LiveSettings()

    def number(key: str, default: float) -> float:
        value = raw.get(key)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
        return float(value) if ok else default  # type: ignore[arg-type]

    return LiveSettings(waiting_after=number("waiting_after", base.waiting_after),
                        idle_after=number("idle_after", base.idle_after),
                        bell=raw.get("bell") is True, osc9=raw.get("osc9") is True,
                        watch=raw.get("watch") is not False)


def _event_path(session_id: int) -> str:
    """Where the last hook event of a session is noted (one small file each: no cross-process races)."""
    return os.path.join(data_dir(), "live", str(session_id))


def mark_event(session_id: int, kind: str) -> None:
    """Note the kind of the latest hook event of a session, with the time."""
    path = _event_path(session_id)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    tmp = f"{path}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(f"{kind} {utcnow().isoformat()}")
    os.replace(tmp, path)


def last_event(session_id: int) -> tuple[str, dt.datetime] | None:
    """The latest hook event noted for a session."""
    try:
        with open(_event_path(session_id), encoding="utf-8") as handle:
            kind, when = handle.read().split(" ", 1)
        return kind, dt.datetime.fromisoformat(when.strip())
    except (OSError, ValueError):
        return None


def session_state(session_id: int, settings: LiveSettings | None = None, now: dt.datetime | None = None) -> str:
    """running, waiting (for the user), idle or ended."""
    settings = settings or live_settings()
    now = now or utcnow()
    row = Session.select(Session.status, Session.started_at).where(Session.id == session_id).first()
    if row is None or row.status != "in_progress":
        return "ended"
    last = (Turn.select(Turn.role, Turn.timestamp)
            .where((Turn.session == session_id) & (Turn.kind == "message") & Turn.role.in_(("user", "assistant")))
            .order_by(Turn.seq.desc(), Turn.id.desc()).first())
    event = last_event(session_id)
    times = [t for t in (row.started_at, last.timestamp if last else None, event[1] if event else None) if t]
    quiet = (now - max(times)).total_seconds()
    if quiet >= settings.idle_after:
        return "idle"
    if event is not None and event[0] in ("turn_end", "waiting"):
        if last is None or last.role != "user" or (last.timestamp and last.timestamp <= event[1]):
            return "waiting"  # the agent said its turn ended, and no user turn came after
    if last is not None and last.role == "assistant" and quiet >= settings.waiting_after:
        return "waiting"
    return "running"


def states(session_ids: list[int], settings: LiveSettings | None = None) -> dict[int, str]:
    """The state of each session."""
    settings = settings or live_settings()
    now = utcnow()
    return {sid: session_state(sid, settings, now) for sid in session_ids}


def log_line(text: str) -> None:
    """Append one line to the hook log in the data dir (trimmed to its last LOG_KEEP lines now and then)."""
    path = os.path.join(data_dir(), LOG_NAME)
    line = f"{utcnow().isoformat(timespec='seconds')}Z {text.replace(chr(10), ' ')}\n"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
    if os.path.getsize(path) > 1_000_000:
        lines = recent_log(LOG_KEEP)
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(f"{entry}\n" for entry in lines)


def recent_log(limit: int = 20) -> list[str]:
    """The last lines of the hook log."""
    try:
        with open(os.path.join(data_dir(), LOG_NAME), encoding="utf-8") as handle:
            return [line.rstrip("\n") for line in handle.readlines()[-limit:]]
    except OSError:
        return []
