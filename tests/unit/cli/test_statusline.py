"""`mso statusline` on recorded statusline JSON: the line, the incremental token count, the store's cached
figures, stdin with a time limit, and no heavy import on its path."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mso_tui.cli import statusline
from tests.helpers.claude_lines import assistant, usage_counts, write

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "statusline_input.json"


def _input(transcript: Path) -> str:
    """The recorded statusline JSON pointing at a transcript of this test."""
    return FIXTURE.read_text().replace("TRANSCRIPT", str(transcript))


def _transcript(path: Path) -> Path:
    """Two responses, the first streamed twice (same message id): 1,500 + 3,000 tokens."""
    cwd = "/home/dev/shop-api"
    a = assistant("s", "a1", "x", "2026-03-01T10:00:00.000Z", cwd, "m1", "r1", usage_counts(500, 1000))
    b = assistant("s", "a2", "x", "2026-03-01T10:01:00.000Z", cwd, "m2", "r2", usage_counts(1000, 2000))
    return write(path, [a, a, b])


def test_line_from_recorded_json(tmp_path: Path) -> None:
    transcript = _transcript(tmp_path / "t.jsonl")
    now = 1_000_000.0
    spend = {"written": now, "today_usd": 12.3, "today_unpriced": False, "day_limit": 20.0,
             "block_end": now + 130 * 60, "block_last": now - 60, "projects": {"/home/dev/shop-api": "shop"},
             "handoffs": {"5f0c2a8e-statusline-test": True}}
    text = statusline.line(json.loads(_input(transcript)), spend, now)
    assert text == "shop · 4.5k tok $0.42 · today $12.30/$20.00 · block 2h10m left · handoff ✓"
    bare = statusline.line(json.loads(_input(transcript)), {}, now)
    assert bare == "shop-api · 4.5k tok $0.42"  # nothing from the store yet: the folder's name, no guesses


def test_tokens_are_read_incrementally(tmp_path: Path) -> None:
    transcript = _transcript(tmp_path / "t.jsonl")
    assert statusline.session_tokens(str(transcript)) == 4500
    more = assistant("s", "a3", "x", "2026-03-01T10:02:00.000Z", "/w", "m3", "r3", usage_counts(10, 20))
    with transcript.open("a") as handle:
        handle.write(json.dumps(more) + "\n" + '{"message": {"id": "m4", "usage": {"input_tok')  # half a line
    assert statusline.session_tokens(str(transcript)) == 4530  # the half line waits
    assert statusline.session_tokens(str(tmp_path / "missing.jsonl")) is None


def test_main_prints_one_line_and_survives_bad_input(tmp_path: Path) -> None:
    transcript = _transcript(tmp_path / "t.jsonl")
    out = io.StringIO()
    assert statusline.main([], io.StringIO(_input(transcript)), out, refresh=False) == 0
    assert out.getvalue().count("\n") == 1 and "4.5k tok" in out.getvalue()
    out = io.StringIO()
    assert statusline.main([], io.StringIO("not json \x1b[31m"), out, refresh=False) == 0
    assert out.getvalue() == "?\n"  # no JSON: no figures, and the line still prints


def test_stdin_with_nothing_written_gives_up() -> None:
    read, write_end = os.pipe()
    try:
        with os.fdopen(read, "r") as stream:
            assert statusline.read_stdin(stream, seconds=0.01) == {}
    finally:
        os.close(write_end)


def test_control_characters_never_reach_the_bar(tmp_path: Path) -> None:
    data = {"cwd": "/w/evil\x1b]0;pwn\x07name", "session_id": "x"}
    assert "\x1b" not in statusline.line(data, {}, 0.0) and "\x07" not in statusline.line(data, {}, 0.0)


def test_refresh_writes_store_figures(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from mso_tui.services import budgets
    from mso_tui.services.budgets import set_budget
    from mso_tui.services.statusline_info import write_spend
    from mso_tui.store.models import Handoff, Project, Session, UsageEvent, utcnow

    project = Project.create(name="shop", repo_path="/home/dev/shop-api")
    first = Session.create(project=project, number=1, started_at=utcnow(), objectives=[])
    handoff = Handoff.create(project=project, session=first, master_prompt="x", created_at=utcnow())
    s = Session.create(project=project, number=2, started_at=utcnow(), objectives=[], previous_handoff=handoff,
                       agent_session_id="5f0c2a8e-statusline-test", cwd="/home/dev/shop-api")
    # at the top of this hour: the block starts there whatever the minute now (a minute ago could be last hour)
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    # the figures as of half past that hour: a run that crosses into the next hour (or day) reads the same block
    real = budgets.spend_summary
    monkeypatch.setattr(budgets, "spend_summary", lambda: real(now=(hour + dt.timedelta(minutes=30)).replace(
        tzinfo=dt.timezone.utc)))
    UsageEvent.create(session=s, message_id="sl-1", model="claude-sonnet-4-5", output_tokens=10,
                      cost_usd=9.0, timestamp=hour)
    set_budget("overall", "", "day", 10.0)
    value = write_spend("5f0c2a8e-statusline-test")
    assert value["today_usd"] == 9.0 and value["day_limit"] == 10.0 and "block_end" in value
    assert value["handoffs"] == {"5f0c2a8e-statusline-test": True} and value["projects"]["/home/dev/shop-api"] == "shop"
    text = statusline.line({"session_id": "5f0c2a8e-statusline-test", "cwd": "/home/dev/shop-api"},
                           statusline._load("spend"), value["written"])
    assert text.startswith("shop · today $9.00/$10.00 · block 4h") and text.endswith("handoff ✓")


def test_the_command_imports_nothing_heavy(tmp_path: Path) -> None:
    transcript = _transcript(tmp_path / "t.jsonl")
    code = ("import sys; from mso_tui.cli import statusline; sys.argv = ['mso', 'statusline'];"
            "from mso_tui.cli import main; main(['statusline']);"
            "heavy = ('peewee', 'textual', 'msgspec', 'mso_tui.redaction', 'argparse');"
            "print(sorted(m for m in heavy if m in sys.modules))")
    # no detached refresh from a test (it would outlive the test's folder)
    env = {**os.environ, "MSO_DATA_DIR": str(tmp_path / "data"), "MSO_STATUSLINE_REFRESH": "0"}
    done = subprocess.run([sys.executable, "-c", code], input=_input(transcript), capture_output=True, text=True,
                          env=env, timeout=60)
    first, last = done.stdout.strip().splitlines()[0], done.stdout.strip().splitlines()[-1]
    assert "4.5k tok" in first and last == "[]", done.stderr
