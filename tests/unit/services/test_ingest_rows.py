"""A parse as store rows (services/ingest_rows.py): one row per turn and per call, timestamps in the store's form."""
from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

from mso_tui.importers.base import FileParse, ParsedSession, ParsedTurn, ParsedUsage
from mso_tui.services.ingest_rows import prepare
from mso_tui.usage.pricing import Price, PriceTable, load_table

T0 = dt.datetime(2026, 3, 1, 9, 0, 0, 250000)


def _session(**kw: object) -> ParsedSession:
    """A conversation of three turns (one repeated) and two records of one call plus another call."""
    turns = [ParsedTurn("user", "fix the parser", timestamp=T0 + dt.timedelta(minutes=5), source_id="u1"),
             ParsedTurn("assistant", "done", timestamp=T0, source_id="a1", model="m"),
             ParsedTurn("user", "fix the parser", timestamp=T0 + dt.timedelta(minutes=5), source_id="u1"),
             ParsedTurn("tool", "ok", kind="tool_result")]  # no source id: one made from its content
    usage = [ParsedUsage("msg_1", "req_1", "m", input_tokens=10, output_tokens=1, timestamp=T0),
             ParsedUsage("msg_1", "req_1", "m", input_tokens=10, output_tokens=40, timestamp=T0),  # final count
             ParsedUsage("msg_2", "req_2", "m", input_tokens=3, cache_creation_tokens=8,
                         cache_creation_1h_tokens=5, timestamp=None)]
    return ParsedSession("s1", "claude-code", cwd="/w/p", title="t", turns=turns, usage=usage, **kw)  # type: ignore[arg-type]


def test_turns_once_per_source_id_in_order_with_their_span() -> None:
    rows = prepare(FileParse("claude-code", sessions=[_session()]), as_text=True).sessions[0]
    assert [(t[0], t[2], t[-1]) for t in rows.turns[:2]] == [("user", "fix the parser", "u1"),
                                                             ("assistant", "done", "a1")]
    assert len(rows.turns) == 3 and rows.turns[2][-1].startswith("h:")  # the content id of the result
    assert rows.first_last == (T0, T0 + dt.timedelta(minutes=5))
    assert rows.turns[1][11] == "2026-03-01 09:00:00.250000"  # SQLite's text form, as peewee writes it


def test_calls_keep_the_best_record_and_the_one_hour_part() -> None:
    rows = prepare(FileParse("claude-code", sessions=[_session()]), as_text=False).sessions[0]
    first, second = rows.calls
    assert first[:5] == ("msg_1", "req_1", "m", 10, 40) and first[8] == T0 and first[10] == 50
    assert second[5] == 8 and second[7] == 5 and second[8] is None


def test_calls_are_priced_where_they_are_parsed_and_unpriced_models_noted() -> None:
    table = PriceTable({"m": Price(input=1.0, output=2.0, cache_write_5m=3.0, cache_write_1h=4.0, cache_read=0.5)})
    prepared = prepare(FileParse("claude-code", sessions=[_session()]), as_text=True, prices=table)
    first, second = prepared.sessions[0].calls
    assert first[11] == table.cost_of("m", 10, 40, 0, 0) == (10 * 1.0 + 40 * 2.0) / 1e6
    assert second[11] == (3 * 1.0 + 3 * 3.0 + 5 * 4.0) / 1e6  # 8 written, 5 of them kept an hour
    assert prepared.unpriced == set()
    bare = prepare(FileParse("claude-code", sessions=[_session()]), as_text=True, prices=PriceTable({}))
    assert [c[11] for c in bare.sessions[0].calls] == [None, None] and bare.unpriced == {"m"}


def test_a_worker_prices_by_the_table_the_writer_would_load(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[prices]\n"m" = {input = 2.0, output = 8.0}\n')  # the test's MSO_CONFIG
    prepared = prepare(FileParse("claude-code", sessions=[_session()]), as_text=True)  # no table: a worker's
    assert prepared.sessions[0].calls[0][11] == load_table().cost_of("m", 10, 40, 0, 0) == (10 * 2 + 40 * 8) / 1e6
    assert prepared.unpriced == set()


def test_header_keeps_what_the_attacher_reads_and_no_rows() -> None:
    prepared = prepare(FileParse("claude-code", sessions=[_session(git_branch="main")]), as_text=True)
    header = prepared.sessions[0].header
    assert (header.agent_session_id, header.cwd, header.title, header.git_branch) == ("s1", "/w/p", "t", "main")
    assert header.turns == [] and header.usage == []
    only = prepare(FileParse("claude-code", sessions=[_session()]), as_text=True, headers_only=True).sessions[0]
    assert only.turns == [] and only.calls == [] and only.header.cwd == "/w/p"


def test_empty_conversations_are_left_out_and_the_file_facts_kept() -> None:
    empty = ParsedSession("s0", "claude-code")
    parsed = FileParse("claude-code", sessions=[empty, _session()], skipped_lines=2, end_offset=99,
                       state={"lines": 7})
    prepared = prepare(parsed, as_text=True)
    assert [s.header.agent_session_id for s in prepared.sessions] == ["s1"]
    assert (prepared.skipped_lines, prepared.end_offset, prepared.state) == (2, 99, {"lines": 7})


def test_rows_pickle_smaller_and_the_same() -> None:
    parsed = FileParse("claude-code", sessions=[_session()])
    prepared = prepare(parsed, as_text=True)
    assert pickle.loads(pickle.dumps(prepared)) == prepared
    assert len(pickle.dumps(prepared)) < len(pickle.dumps(parsed))


def test_a_cost_the_transcript_states_is_the_calls_cost() -> None:
    table = PriceTable({"m": Price(input=1.0, output=2.0, cache_write_5m=3.0, cache_write_1h=4.0, cache_read=0.5)})
    stated = _session()
    stated.usage[1].cost_usd = 0.25  # the final record of msg_1 says what the call cost (costUSD, aider's cost)
    stated.usage[2].model = "not-in-any-table"
    stated.usage[2].cost_usd = 0.125
    prepared = prepare(FileParse("claude-code", sessions=[stated]), as_text=True, prices=table)
    assert [c[11] for c in prepared.sessions[0].calls] == [0.25, 0.125]
    assert prepared.unpriced == set() and table.unpriced == set()  # a stated cost needs no price
