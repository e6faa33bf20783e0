"""Every real Claude Code, Codex and Gemini transcript of the shared corpus parses cleanly and sanely."""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

import orjson
import pytest

from mso_tui.importers import claude_code, codex, gemini

FOLDERS: dict[str, ModuleType] = {"claude_code": claude_code, "codex": codex, "gemini": gemini}


def _files(corpus: Path, folder: str) -> list[Path]:
    """The transcripts of one corpus folder (Claude's subagent .meta.json sidecars are not transcripts)."""
    files = sorted(p for p in (corpus / folder).iterdir() if p.is_file() and not p.name.endswith(".meta.json"))
    assert files, f"no files in {folder}"
    return files


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_file_parses_cleanly(corpus_dir: Path, folder: str) -> None:
    """No exception, no error, the whole file consumed, sniff agrees, and the counts are sane."""
    module = FOLDERS[folder]
    totals = {"turns": 0, "usage": 0, "sessions": 0}
    for path in _files(corpus_dir, folder):
        assert module.sniff(path, path.read_bytes()[:65536]), path.name
        result = module.parse(path)
        assert result.errors == [], (path.name, result.errors[:3])
        assert result.skipped_lines == 0, path.name
        assert result.end_offset == path.stat().st_size, path.name
        for session in result.sessions:
            assert session.agent == module.AGENT
            assert session.agent_session_id
            assert session.started_at is None or session.started_at <= session.ended_at
            assert all(t.role in ("user", "assistant", "tool", "system") for t in session.turns)
            assert all(t.kind in ("message", "tool_call", "tool_result", "summary", "thinking", "meta")
                       for t in session.turns)
            ids = [t.source_id for t in session.turns]
            assert None not in ids and len(ids) == len(set(ids)), path.name
            keys = [(u.message_id, u.request_id) for u in session.usage]
            assert len(keys) == len(set(keys)), path.name
            totals["turns"] += len(session.turns)
            totals["usage"] += len(session.usage)
        totals["sessions"] += len(result.sessions)
    assert totals["turns"] > 100 and totals["usage"] > 10 and totals["sessions"] >= 3, totals


def test_claude_usage_matches_distinct_calls(corpus_dir: Path) -> None:
    """Claude usage: one event per distinct (message.id, requestId) that billed tokens.

    A progress record wrapping a subagent's response (data.message) is such a call too.
    """
    for path in _files(corpus_dir, "claude_code"):
        expected = set()
        for line in path.read_bytes().splitlines():
            record = orjson.loads(line)
            if record.get("type") == "progress" and isinstance(record.get("data"), dict):
                record = record["data"].get("message") or {}
                record = {**record, "type": "assistant"} if isinstance(record, dict) else {}
            message = record.get("message")
            if record.get("type") == "assistant" and isinstance(message, dict) and message.get("usage"):
                usage = message["usage"]
                if any(usage.get(k) for k in ("input_tokens", "output_tokens", "cache_creation_input_tokens",
                                              "cache_read_input_tokens")):
                    expected.add((message["id"], record.get("requestId") or ""))
        got = {(u.message_id, u.request_id) for s in claude_code.parse(path).sessions for u in s.usage}
        assert got == expected, path.name


def test_codex_tokens_add_up_to_the_cumulative_total(corpus_dir: Path) -> None:
    """Codex: the per-call usage events sum to the last cumulative total_token_usage of each rollout."""
    for path in _files(corpus_dir, "codex"):
        total = None
        for line in path.read_bytes().splitlines():
            record = orjson.loads(line)
            payload = record.get("payload") or {}
            if payload.get("type") == "token_count" and payload.get("info"):
                total = payload["info"]["total_token_usage"]
        usage = [u for s in codex.parse(path).sessions for u in s.usage]
        if total is None:
            assert usage == []
            continue
        assert sum(u.input_tokens + u.cache_read_tokens for u in usage) == total["input_tokens"]
        assert sum(u.cache_read_tokens for u in usage) == total["cached_input_tokens"]
        assert sum(u.output_tokens for u in usage) == total["output_tokens"]


def test_gemini_usage_once_per_message(corpus_dir: Path) -> None:
    """Gemini: messages written several times bill once; thoughts count as output."""
    for path in _files(corpus_dir, "gemini"):
        if not path.name.endswith(".jsonl"):
            continue
        last: dict[str, dict] = {}
        for line in path.read_bytes().splitlines():
            record = orjson.loads(line)
            if record.get("type") == "gemini" and isinstance(record.get("tokens"), dict):
                last[record["id"]] = record["tokens"]
        usage = [u for s in gemini.parse(path).sessions for u in s.usage]
        assert len(usage) == len(last), path.name
        assert sum(u.output_tokens for u in usage) == sum(t["output"] + t["thoughts"] for t in last.values())
        assert sum(u.input_tokens + u.cache_read_tokens for u in usage) == sum(
            t["input"] + t.get("tool", 0) for t in last.values())
