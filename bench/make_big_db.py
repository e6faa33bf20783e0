"""Write a large mso store for the TUI benchmark: 10,000 sessions and 1,000,000 turns.

Usage: python bench/make_big_db.py PATH [--sessions N] [--turns N]
Rows go in with executemany inside a few big transactions (sqlite3 directly: the ORM would take minutes).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHARES = (0.5, 0.25, 0.15, 0.08, 0.02)  # sessions per project: one huge timeline, a few smaller
BIG_SESSION_TURNS = 10_000  # the first session of the first project: the conversation stress case
BASE = dt.datetime(2025, 1, 1, 9, 0)
WORDS = ("refactor parser add tests fix flaky migration cache token budget handoff retry webhook schema "
         "index query timeout deploy rollback lint docs api client server queue worker").split()


def _text(rnd: random.Random, n: int) -> str:
    """A sentence or two of plausible words."""
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(path: Path, sessions: int = 10_000, turns: int = 1_000_000) -> None:
    """Create the schema through mso, then bulk-insert projects, sessions and turns."""
    from mso_tui.store.db import close_db, init_db

    path.unlink(missing_ok=True)
    init_db(path=path)
    close_db()
    rnd = random.Random(1)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    now = BASE.isoformat(" ")
    counts = [int(sessions * share) for share in SHARES]
    counts[0] += sessions - sum(counts)
    session_rows = []
    with con:
        for p, count in enumerate(counts, start=1):
            con.execute("INSERT INTO project (id, name, description, status, created_at, updated_at) "
                        "VALUES (?, ?, ?, 'active', ?, ?)", (p, f"project-{p:02d}", f"{count} sessions", now, now))
            for n in range(1, count + 1):
                start = BASE + dt.timedelta(hours=n * 3)
                k = rnd.randint(0, 5)
                objectives = json.dumps([{"text": _text(rnd, 4), "done": rnd.random() < 0.7} for _ in range(k)])
                session_rows.append((p, n, "development", "claude-code", start.isoformat(" "),
                                     (start + dt.timedelta(minutes=80)).isoformat(" "), 4800.0, "completed",
                                     objectives, "[]", json.dumps([_text(rnd, 5)] if rnd.random() < 0.2 else []),
                                     "", 0.0, rnd.randint(10_000, 900_000), rnd.randint(1000, 50_000), 0, 0,
                                     rnd.random() * 3))
        con.executemany(
            "INSERT INTO session (project_id, number, type, agent, started_at, completed_at, duration_seconds, "
            "status, objectives, accomplishments, blockers, title, credits_used, input_tokens, output_tokens, "
            "cache_creation_tokens, cache_read_tokens, cost_usd, notes) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'')",
            session_rows)
    ids = [row[0] for row in con.execute("SELECT id FROM session ORDER BY id")]
    per = (turns - BIG_SESSION_TURNS) // max(len(ids) - 1, 1)
    plan = [(ids[0], BIG_SESSION_TURNS)] + [(sid, per) for sid in ids[1:]]
    plan[-1] = (plan[-1][0], plan[-1][1] + turns - sum(n for _, n in plan))  # exactly `turns` in all
    sql = ("INSERT INTO turn (session_id, seq, role, kind, text, is_error, is_sidechain, input_tokens, "
           "output_tokens, timestamp, source_id) VALUES (?,?,?,?,?,0,0,0,0,?,?)")
    batch: list[tuple] = []
    texts = [_text(rnd, 12) + "\n" + _text(rnd, 8) for _ in range(500)]
    for sid, count in plan:
        for seq in range(count):
            role = ("user", "assistant", "tool")[seq % 3]
            batch.append((sid, seq, role, "message", texts[(sid + seq) % 500], now, f"{sid}-{seq}"))
        if len(batch) >= 200_000:
            with con:
                con.executemany(sql, batch)
            batch.clear()
    with con:
        con.executemany(sql, batch)
    con.close()


def main() -> None:
    """Parse arguments, build, print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.path, args.sessions, args.turns)
    con = sqlite3.connect(args.path)
    counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("project", "session", "turn")}
    print(f"wrote {args.path}: {counts} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
