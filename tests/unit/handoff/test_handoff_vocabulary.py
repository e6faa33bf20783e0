"""Marked names (inline code and bold spans of the conversation) as the handoff's cheapest candidates."""
from __future__ import annotations

from mso_tui.handoff.extractive import generate
from mso_tui.handoff.extractive.vocabulary import LABEL, named_line, span_candidates, spans
from tests.helpers.handoff_fixtures import Turns, make_input

FILLER = ("The parser walks the tree and checks every node against the schema before it writes the output "
          "file, and the writer flushes after each record so that a crash loses at most one line. ")


def test_spans_are_inline_code_and_bold_once_each_not_fences() -> None:
    texts = [(1, "Set `MAX_RETRIES` to 5 and call **refreshToken()**.\n```py\nx = `not_a_span`\n```"),
             (2, "As said, `max_retries` stays; `a` is too short to name anything.")]
    found = spans(texts)
    assert [s for _, s in found] == ["MAX_RETRIES", "refreshToken()"]
    assert dict((s.lower(), seq) for seq, s in found)["max_retries"] == 2  # the last time it was said


def test_span_candidates_skip_what_is_written_and_cost_their_tokens_plus_a_comma() -> None:
    found = span_candidates([(1, "Use `pnpm@9.1.1` with `--frozen-lockfile`.")], known="run pnpm@9.1.1 first")
    assert [c.text for c in found] == ["--frozen-lockfile"]
    assert found[0].tokens == found[0].cost < 10
    assert named_line(found) == [LABEL + "--frozen-lockfile"]


def long_session(name: str) -> Turns:
    """A session of many answers, each naming one helper in a long sentence; name is the one put in backticks."""
    t = Turns().add("user", "Please make the exporter robust against crashes in the middle of a run.")
    for n in range(60):
        helper = f"`{name}`" if n == 30 else f"helper_step_{n}"
        t.add("assistant", f"{FILLER}In step {n} the writer, which the parser feeds record by record, now goes "
                           f"through {helper} instead of writing in place, as the other steps before it did.")
    return t.add("assistant", "All steps are reviewed.")


def test_a_name_marked_once_in_a_long_session_reaches_the_handoff() -> None:
    result = generate(make_input(long_session("atomic_replace_v2")))
    assert "atomic_replace_v2" in result.master_prompt
    assert result.compression_ratio is not None and result.compression_ratio >= 8


def test_marked_names_keep_a_share_when_the_core_fills_the_budget() -> None:
    t = Turns()
    for n in range(6):  # short session, long requests: the core alone is past the budget
        t.add("user", f"Request {n}: " + FILLER * 2)
    t.add("assistant", f"{FILLER}The flag is `--keep-partial` and the env var is **EXPORT_TMPDIR**, {FILLER}")
    t.add("assistant", "That is all for now.")
    text = generate(make_input(t)).master_prompt
    assert "--keep-partial" in text and "EXPORT_TMPDIR" in text


def test_a_name_said_late_weighs_more_than_one_said_early() -> None:
    early, late = span_candidates([(1, "First `old_flag_name`."), (100, "Now `new_flag_name`.")])
    assert late.prior > early.prior


def test_bold_labels_and_stressed_words_are_not_names() -> None:
    text = ("* **Risk:** the disk may hang.\n* **Benefit** : nothing to solder.\n| **Thermal** | fine |\n"
            "It will **always** write. Use the **Gunicorn** server with **retry_limit** and **Blue Tape Method**.")
    assert [s for _, s in spans([(1, text)])] == ["Gunicorn", "retry_limit", "Blue Tape Method"]


def test_a_quoted_phrase_is_a_name_but_a_quoted_word_or_json_is_not() -> None:
    texts = [(1, 'Run the validator: it MUST show "All constraints passed!" before you stop.'),
             (2, 'Click “Print the receipt” on the order page; the "cache" key and {"kb_id": "x y"} stay data.')]
    found = [s for _, s in spans(texts)]
    assert found == ["All constraints passed!", "Print the receipt"]


def test_a_plain_word_in_bold_or_backticks_weighs_as_a_word_not_a_phrase() -> None:
    from mso_tui.handoff.extractive.select import choose
    from mso_tui.handoff.extractive.vocabulary import phrase_weights

    found = span_candidates([(1, "Open the **Terminal**, then **Console**, **Save** and **Allow**."),
                             (2, "Install it with `conda install gdal`; the `maxRetries` key stays.")])
    weights = phrase_weights(found)
    by_text = {c.text: weights[next(t for t in c.words if t.startswith("\x00"))] for c in found}
    assert by_text["Terminal"] < 1 and by_text["conda install gdal"] == by_text["maxRetries"] == 3.0
    chosen = [c.text for c in choose(found, weights, 10)]
    assert "conda install gdal" in chosen and "Terminal" not in chosen
