"""The final answer in the core: edit blocks folded, the prose around them kept."""
from __future__ import annotations

from dataclasses import replace

from mso_tui.handoff.extractive import generate
from mso_tui.handoff.extractive.fences import folded, is_edit_block
from tests.helpers.handoff_fixtures import Turns, make_input

EDIT = "\n".join(["// ... existing code ...", *(f"+line {n} of the new section" for n in range(12)), ""])
WHOLE = "\n".join([*(f"setting_{n} = {n}" for n in range(12)), ""])


def test_an_elided_or_diff_block_is_an_edit_and_a_whole_file_is_not() -> None:
    assert is_edit_block(EDIT)
    assert is_edit_block("\n".join(f"+added {n}" for n in range(5)) + "\n-removed\n")
    assert not is_edit_block(WHOLE)


def test_long_edit_blocks_fold_and_the_summary_after_them_stays() -> None:
    message = f"```markdown\n{EDIT}```\n\nThe guide now explains the retry policy and the backoffLimit key."
    out = folded(message)
    assert out.startswith("[markdown code, 13 lines]")
    assert "backoffLimit" in out and "line 3 of the new section" not in out


def test_whole_texts_and_short_edits_stay_in_the_head() -> None:
    whole = f"```toml\n{WHOLE}```\nDone."
    short = "```\n// ... existing code ...\n+x = 1\n```\nDone."
    assert folded(whole) == whole and folded(short) == short


def test_a_block_nested_in_a_block_ends_with_its_outer_fence() -> None:
    from mso_tui.handoff.extractive.fences import blocks

    text = ("Here is the README:\n```markdown\n# Client\n```kotlin\nval client = Builder().build()\n```\n"
            "Call `client.update()`.\n```\nThe library is ready to publish as version two.")
    found = blocks(text)
    assert len(found) == 1 and found[0].info == "markdown" and "val client" in found[0].body
    assert "[markdown code" not in folded(text)  # a whole README is no edit: it stays
    assert blocks("```py\nx = 1\n")[0].body == "x = 1\n"  # left open: runs to the end


def test_current_state_says_what_the_session_spent_and_never_prices_the_unpriced() -> None:
    from mso_tui.handoff.extractive import generate
    from mso_tui.handoff.extractive.sections import usage_line
    from mso_tui.records import TokenCounts
    from tests.helpers.handoff_fixtures import Turns, make_input

    priced = TokenCounts(input_tokens=1000, output_tokens=250, cache_read_tokens=9000, cost_usd=3.456)
    assert usage_line(priced) == "Usage: 10,000 tokens sent, 250 received, $3.46 session cost"
    assert usage_line(TokenCounts(input_tokens=10, unpriced_tokens=10)).endswith(", unpriced")
    assert "(some models unpriced)" in usage_line(TokenCounts(input_tokens=9, cost_usd=1.0, unpriced_tokens=4))
    turns = Turns().add("user", "Rename the export job.").add("assistant", "Renamed it to nightly_export.")
    plain = make_input(turns)
    text = generate(replace(plain, session=replace(plain.session, tokens=priced))).master_prompt
    assert "$3.46 session cost" in text
    assert "Usage:" not in generate(plain).master_prompt  # nothing recorded: nothing said


def test_a_longer_fence_folds_whole() -> None:
    message = f"Updated the styles:\n````css\n{EDIT}````\n\nThe receipt now prints at 80mm."
    assert folded(message).startswith("Updated the styles:\n[css code, 13 lines]")


def test_a_commit_the_agent_names_only_by_its_message_is_accomplished() -> None:
    from mso_tui.handoff.extractive.analysis import analyse

    turns = (Turns().add("user", "commit it").add("assistant", "All changes were committed under the message:\n\n"
                                                  "“fix(queue): retry stalled jobs”\n\nAnything else?")
             .add("user", "and the docs").add("assistant", "Committed 3f2a9c1 with message 'docs: retry policy'."))
    commits = analyse(make_input(turns)).commits
    assert any("fix(queue): retry stalled jobs" in c and "no hash shown" in c for c in commits)
    assert sum("docs: retry policy" in c for c in commits) <= 1  # said with its hash: once
    assert "Commit “fix(queue): retry stalled jobs”" in generate(make_input(turns)).master_prompt


def test_current_state_says_when_the_session_ran_to_the_second_it_started() -> None:
    import datetime as dt

    from mso_tui.handoff.extractive.sections import ran

    start = dt.datetime(2026, 4, 22, 23, 13, 3)
    assert ran(start, start + dt.timedelta(minutes=20)) == "2026-04-22 23:13:03 to 23:33"
    assert ran(start, start + dt.timedelta(hours=2)) == "2026-04-22 23:13:03 to 2026-04-23 01:13"
    assert ran(None, start) == ran(start + dt.timedelta(days=1), start) == "ended 2026-04-22 23:13"
    turns = Turns().add("user", "Rename the export job.").add("assistant", "Renamed it to nightly_export.")
    assert "Session 1 completed: 2026-03-01 09:00:00 to 10:00 UTC" in generate(make_input(turns)).master_prompt


def test_when_the_core_fills_the_budget_it_keeps_the_final_answers_last_words() -> None:
    body = " ".join(f"Step {n} wires the retry queue into the scheduler and logs each attempt." for n in range(40))
    closing = "If you want, I can add the MockServer tests and the KDoc comments next."
    t = Turns().add("user", "Build the client library.").add("assistant", f"{body}\n\n{closing}")
    h = generate(make_input(t))
    lines = h.master_prompt.splitlines()
    assert any(line.startswith("- Its last words: ") and line.endswith(closing) for line in lines)
    short = Turns().add("user", "Build the client library.").add("assistant", f"Done.\n\n{closing}")
    assert "Its last words" not in generate(make_input(short)).master_prompt  # the head quotes it already
