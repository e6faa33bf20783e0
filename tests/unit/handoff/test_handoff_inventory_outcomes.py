"""The inventory's classes for how a session ended (outcomes, results, plans) and its mention weights (issue 14.4)."""
from __future__ import annotations

from mso_tui.handoff import coverage
from mso_tui.handoff.inventory import build_inventory
from mso_tui.handoff.inventory_outcomes import closing_messages, open_todos, result_marks
from mso_tui.handoff.inventory_salience import Rarity, annotate
from tests.helpers.handoff_fixtures import Turns


def _session() -> Turns:
    t = Turns()
    t.add("user", "Make the invoice export handle empty orders please.")
    t.add("assistant", "Let me look at the exporter first.")
    t.add("assistant", "Reading exporter code now.")  # not the closing message, but an outcome verb ("now")
    t.call("Bash", "pytest -q tests/export", {"command": "pytest -q tests/export"},
           output="FAILED tests/export/test_csv.py::test_empty_order\n1 failed, 40 passed in 2.1s", exit_code=1)
    t.call("Bash", "pytest -q tests/export", {"command": "pytest -q tests/export"}, output="41 passed in 2.0s",
           exit_code=0)
    t.add("assistant", "Das leere Auftragsblatt wird übersprungen.\n- Spalte Rabatt bleibt leer\n\n"
                       "Next step: wire the exporter into the nightly cron job.")
    t.add("user", "Thanks. Also check the totals row.")
    t.add("assistant", "Looking into the totals.\nФайл итогов создан в папке.")
    t.call("TodoWrite", "todos", {"todos": [{"content": "Check totals row", "status": "in_progress"},
                                            {"content": "Handle empty orders", "status": "completed"}]})
    return t


def test_the_message_that_closes_an_exchange_is_an_outcome_in_any_language() -> None:
    t = _session()
    assert [m.seq for m in closing_messages(t.items)] == [7, 9]
    outcomes = {i["text"]: i for i in build_inventory(t.items) if i["cls"] == "outcomes"}
    # every line of a closing message, whatever its language; elsewhere only lines with an outcome verb
    assert "Das leere Auftragsblatt wird übersprungen." in outcomes and "Spalte Rabatt bleibt leer" in outcomes
    assert "Reading exporter code now." in outcomes and "Let me look at the exporter first." not in outcomes
    assert outcomes["Looking into the totals."]["detail"] == "closing message"
    assert "Файл итогов создан в папке." in outcomes  # words of any script count as words


def test_results_are_the_marks_of_each_commands_last_run() -> None:
    assert result_marks("FAILED tests/a.py::test_x\n1 failed, 40 passed in 2s") == [
        "1 failed", "40 passed", "tests/a.py::test_x"]
    results = [i["text"] for i in build_inventory(_session().items) if i["cls"] == "results"]
    assert results == ["41 passed"]  # the earlier failing run was followed by a passing one


def test_plans_are_next_step_lines_and_the_last_checklists_open_items() -> None:
    t = _session()
    assert open_todos(t.items[-1]) == ["Check totals row"]
    plans = {i["text"] for i in build_inventory(t.items) if i["cls"] == "plans"}
    assert plans == {"Next step: wire the exporter into the nightly cron job.", "Check totals row"}


def test_an_items_weight_is_how_many_turns_mention_its_rarest_word() -> None:
    turns = ["the config lives in settings.toml", "edit settings.toml again", "settings.toml has PORT_NUMBER",
             "the end"]
    rarity = Rarity(turns)
    assert rarity.keys("settings.toml PORT_NUMBER")[0] == "port_number"
    assert rarity.weight("settings.toml") == 3.0 and rarity.weight("PORT_NUMBER") == 1.0
    assert rarity.weight("never said") == 1.0  # an item no turn holds still counts once
    items = annotate([{"cls": "names", "text": "settings.toml"}, {"cls": "names", "text": "PORT_NUMBER"}], turns)
    # the single figure counts mentions: keeping the thing named in three turns keeps three quarters
    assert coverage.score(items, "see settings.toml").share == 0.75
    assert coverage.score(items, "PORT_NUMBER").share == 0.25


def test_a_sentence_counts_when_the_handoff_keeps_its_specific_words() -> None:
    turns = ["we use the cache", "the cache is warm", "Switched the cache to redis because memcached drops keys"]
    items = annotate([{"cls": "decisions", "text": turns[2]}], turns)
    assert set(items[0]["keys"]) >= {"redis", "memcached"} and "cache" not in items[0]["keys"]
    # a paraphrase that keeps the specifics counts; one with the same filler and no specifics does not
    assert coverage.score(items, "Decision: switched to redis (memcached lost keys).").by_class == {"decisions": [1, 1]}
    assert coverage.score(items, "Switched the cache because of a problem.").by_class == {"decisions": [0, 1]}


def test_a_count_and_its_noun_sit_on_one_line() -> None:
    # a time or a size at a line's end and a wrapper's "Error: (none)" below it make no result
    assert result_marks("CREATE_TIME: 2025-11-06T09:52:16\nError: (none)\nsize smaller than 200\nErrors: 0") == []
    assert result_marks("3 errors\n12 passed") == ["3 errors", "12 passed"]


def test_the_error_line_of_a_structured_body_is_not_its_opening_key() -> None:
    from mso_tui.handoff.inventory_text import error_line

    body = 'ERROR: (tool.create) HttpError 429\n{\n  "error": {\n    "code": 429,\n    "status": "EXHAUSTED"\n  }\n}'
    assert error_line(body) == "ERROR: (tool.create) HttpError 429"
