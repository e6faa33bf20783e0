"""The budgeted selection: salience, edit lines, greedy coverage, placing, relative paths."""
from __future__ import annotations

import json

import pytest

from mso_tui.handoff.extractive.analysis import analyse
from mso_tui.handoff.extractive.edits import added_lines
from mso_tui.handoff.extractive.placing import opener, place, relative
from mso_tui.handoff.extractive.pool import candidates, output_lines
from mso_tui.handoff.extractive.results import ENVIRONMENT
from mso_tui.handoff.extractive.salience import terms, weights
from mso_tui.handoff.extractive.select import Candidate, choose, prepare
from mso_tui.handoff.extractive.tools import is_probe
from mso_tui.handoff.metrics import estimate_tokens
from tests.helpers.handoff_fixtures import Turns, make_input


def test_terms_keep_identifiers_and_drop_common_words() -> None:
    found = terms("Let me check the file: src/billing/invoice.py now uses `round_half_even` and v2.4.1")
    assert {"src/billing/invoice.py", "round_half_even", "v2.4.1"} <= found
    assert not {"let", "the", "file", "now"} & found


def test_identifier_shaped_terms_outweigh_words_and_recurrence_adds() -> None:
    w = weights(["the parser uses maxDepth", "maxDepth again", "parser"])
    assert w["maxdepth"] > w["parser"] > 0
    assert weights(["x_y", "x_y"])["x_y"] > weights(["x_y"])["x_y"]


def test_edit_lines_are_what_the_new_text_adds_not_the_shared_prefix() -> None:
    raw = json.dumps({"file_path": "a.ts", "old_string": "export async function loadZones(client) {\n  return q()\n}",
                      "new_string": "export async function loadZones(client) {\n  const zoneCache = new Map()\n"
                                    "  return { zones: q(), cached: zoneCache.size }\n}"})
    lines = added_lines(raw)
    assert "const zoneCache = new Map()" in lines
    assert not any(x.startswith("export async function loadZones") for x in lines)


def test_edit_lines_from_multiedit_patch_and_search_replace() -> None:
    multi = json.dumps({"edits": [{"old_string": "a = 1", "new_string": "a = 2"},
                                  {"old_string": "b", "new_string": "retryLimit = 5"}]})
    assert added_lines(multi) == ["a = 2", "retryLimit = 5"]
    patch = "*** Begin Patch\n*** Update File: x.py\n@@\n-old_name()\n+new_helper()\n*** End Patch"
    assert added_lines(patch) == ["new_helper()"]
    block = "x.py\n```\n<<<<<<< SEARCH\nport = 80\n=======\nport = 8443\n>>>>>>> REPLACE\n```"
    assert added_lines(block) == ["port = 8443"]


def test_output_lines_drop_reader_line_numbers_and_keep_head_and_tail() -> None:
    lines = output_lines("  12→def main():\n" + "".join(f"row {n}\n" for n in range(100)) + "7 failed, 41 passed\n")
    assert lines[0] == "def main():" and lines[-1] == "7 failed, 41 passed" and len(lines) == 60


def test_choose_covers_new_terms_first_and_keeps_the_budget() -> None:
    pool = prepare([Candidate("decisions", "The cache uses redisCluster on port 6380", 1.0, 1),
                    Candidate("decisions", "The cache uses redisCluster again, as said", 1.0, 2),
                    Candidate("decisions", "Migration 0042_add_index adds idx_orders_user", 1.0, 3)])
    w = weights(c.text for c in pool)
    chosen = choose(pool, w, budget=40)
    texts = [c.text for c in chosen]
    # the repeat of redisCluster adds only plain words once the first is in: it comes last
    assert texts[-1] == "The cache uses redisCluster again, as said"
    assert sum(c.tokens for c in chosen) <= 40
    assert len(choose(pool, w, budget=26)) == 2


def test_prepare_drops_exact_repeats() -> None:
    pool = prepare([Candidate("decisions", "Use pnpm@9.1.1", 1.0, 1),
                    Candidate("decisions", "use  pnpm@9.1.1", 1.0, 5)])
    assert len(pool) == 1 and pool[0].seq == 5


def test_place_groups_output_lines_under_their_command_and_edit_lines_under_their_file() -> None:
    sections = {"goal": [], "decisions": [], "files": [], "commands": ["`pytest -q` — last: ok"]}
    chosen = [Candidate("commands", "41 passed in 2.1s", 1.5, 3, group="pytest -q"),
              Candidate("files", "retryLimit = 5", 1.1, 2, group="src/net.py"),
              Candidate("goal", "Also keep the old API", 1.5, 1)]
    out = place(sections, chosen)
    assert out["commands"] == ["`pytest -q` — last: ok → 41 passed in 2.1s"]
    assert out["files"] == ["`src/net.py` now has: retryLimit = 5"]
    assert out["goal"] == ["User asked: Also keep the old API"]


def test_relative_paths_under_the_session_root() -> None:
    root = "/Users/someone/inventory-api"
    assert relative(f"edited {root}/src/services/zones.ts", root) == "edited src/services/zones.ts"
    assert relative("/etc/hosts stays", root) == "/etc/hosts stays"


def test_context_turns_feed_the_pool() -> None:
    from mso_tui.handoff.extractive.analysis import Analysis
    from mso_tui.handoff.extractive.pool import candidates
    from mso_tui.records import TurnRecord

    turn = TurnRecord(id=1, session_id=1, seq=1, role="user", kind="context",
                      text="## Decisions\nKeep `OrderTotals` immutable because totals are cached.", tool_name=None,
                      tool_input=None, is_error=False, exit_code=None, is_sidechain=False, model=None,
                      timestamp=None, source_id=None)
    texts = [c.text for c in candidates(Analysis(turns=[turn]), set())]
    assert any("OrderTotals" in t for t in texts)


def test_code_blocks_of_a_message_are_candidates_grouped_per_block() -> None:
    from mso_tui.handoff.extractive.pool import code_candidates

    text = "Change it:\n```dart\nresizeToAvoidBottomInset: true,\nchild: SingleChildScrollView(\n```\nDone."
    found = code_candidates(text, 7)
    assert [c.text for c in found] == ["resizeToAvoidBottomInset: true,", "child: SingleChildScrollView("]
    assert {c.group for c in found} == {"code 0@7 (dart)"} and all(c.section == "code" for c in found)


def test_long_units_are_cut_into_clauses_and_list_items() -> None:
    from mso_tui.handoff.extractive.pool import clauses, pieces

    long = ("The schema requires these columns: " + "; ".join(f"`col_{n} INTEGER NOT NULL`" for n in range(30)))
    cut = pieces([long])
    assert len(cut) > 1 and all(len(c) <= 161 for c in cut)
    assert any("col_29 INTEGER NOT NULL" in c for c in cut)
    sentence = ("I moved the retry into `backoff_delay()`, which caps at `MAX_DELAY`, and the tests for it, "
                "including the jitter case, now pass on Python 3.12 and 3.13 as well")
    assert len(clauses(sentence)) >= 2 and "".join(clauses(sentence)).count("backoff_delay") == 1


def test_pasted_output_in_a_user_message_competes_line_by_line_with_results_first() -> None:
    from mso_tui.handoff.extractive.analysis import Analysis
    from mso_tui.handoff.extractive.pool import PRIORS, candidates
    from mso_tui.records import TurnRecord

    log = "please fix these failures\n" + "x" * 700 + "\n" + "".join(f"tests/t.py::test_{n} FAILED\n"
                                                                       for n in range(40))
    log += "7 failed, 276 passed, 2 warnings in 14.41s\n"
    turn = TurnRecord(id=1, session_id=1, seq=1, role="user", kind="message", text=log, tool_name=None,
                      tool_input=None, is_error=False, exit_code=None, is_sidechain=False, model=None,
                      timestamp=None, source_id=None)
    found = {c.text: c for c in candidates(Analysis(turns=[turn]), set())}
    summary = found["7 failed, 276 passed, 2 warnings in 14.41s"]
    assert summary.section == "goal" and summary.prior >= PRIORS["result"]


def test_lean_drops_bold_markers_and_emoji_but_keeps_dunder_names() -> None:
    from mso_tui.handoff.extractive.placing import lean

    assert lean("✅ **Firebase**: 8/10 uses `__init__` 🎯") == "Firebase: 8/10 uses `__init__`"


def test_result_gist_is_the_count_line_or_a_one_line_output() -> None:
    from mso_tui.handoff.extractive.results import result_gist

    assert result_gist("collecting...\n.....\n41 passed, 2 skipped in 3.20s\n") == "41 passed, 2 skipped in 3.20s"
    assert result_gist("Python 3.9.6\n") == "Python 3.9.6"
    assert result_gist("a\nb\nc\n") == ""


def test_commands_carry_their_result_line() -> None:
    from mso_tui.handoff.extractive import generate
    from tests.helpers.handoff_fixtures import Turns, make_input

    t = Turns().add("user", "Run the tests.")
    t.call("Bash", "pytest -q", {"command": "pytest -q"}, "....\n41 passed in 2.10s")
    commands = "\n".join(generate(make_input(t)).sections["commands"])
    assert "`pytest -q` — last: ok → 41 passed in 2.10s" in commands


def test_a_short_label_line_is_joined_with_the_next() -> None:
    from mso_tui.handoff.extractive.pool import joined_headers

    assert joined_headers(["failed in sandbox:", "killed by a signal", "done"]) == [
        "failed in sandbox: killed by a signal", "done"]


def test_infer_root_is_the_folder_most_absolute_paths_share() -> None:
    from mso_tui.handoff.extractive.placing import infer_root

    texts = ["edit /Users/ann/inventory-api/src/services/zones.ts and /Users/ann/inventory-api/src/app.ts",
             "see /Users/ann/inventory-api/README.md", "and /etc/hosts"]
    assert infer_root(texts) == "/Users/ann/inventory-api"
    assert infer_root(["/Users/ann/a/x.py", "/home/bob/b/y.py", "/srv/c/d/z.py"]) == ""


def test_the_root_stops_above_the_source_tree_when_every_path_sits_inside_it() -> None:
    from mso_tui.handoff.extractive.placing import infer_root

    # every path shares src/services: still the project's folder, so files read as src/services/zones.ts
    texts = [f"edit /Users/ann/inventory-api/src/services/{name}.ts" for name in ("zones", "slots", "rates")]
    assert infer_root(texts) == "/Users/ann/inventory-api"
    texts = [f"/Users/m/projects/shop/lib/shop_web/live/{name}.ex" for name in ("cart", "order", "receipt")]
    assert infer_root(texts) == "/Users/m/projects/shop"
    # a source folder in the first three is a home's own (~/src holds many projects): the shared folder stays
    assert infer_root([f"/home/u/src/tool/{name}.py" for name in ("a", "b", "c")]) == "/home/u/src/tool"


def test_a_slash_command_and_its_logged_text_are_one_request() -> None:
    from mso_tui.handoff.extractive.conversation import user_requests
    from mso_tui.records import TurnRecord

    def user(seq: int, text: str) -> TurnRecord:
        return TurnRecord(id=seq, session_id=1, seq=seq, role="user", kind="message", text=text, tool_name=None,
                          tool_input=None, is_error=False, exit_code=None, is_sidechain=False, model=None,
                          timestamp=None, source_id=None)

    turns = [user(1, "/ask why does the cache miss?"), user(2, "why does the cache miss?"),
             user(3, "/code add a TTL to the cache"), user(4, "/help"), user(5, "add a TTL to the cache")]
    assert user_requests(turns) == ["/ask why does the cache miss?", "/code add a TTL to the cache", "/help"]


def test_a_core_that_fills_the_budget_still_leaves_the_pool_its_share() -> None:
    from mso_tui.handoff.extractive import generate
    from tests.helpers.handoff_fixtures import Turns, make_input

    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "vo", "ri"]
    words = [a + b + c for a in syllables for b in syllables for c in syllables]
    t = Turns()
    for n in range(40):  # long plain requests: the core quotes each, far past a tenth of the material
        t.add("user", "please " + " ".join(words[(n * 80 + k) % len(words)] for k in range(80)))
    t.call("fetch_logs", "shop-prod", {"project": "shop-prod"},
           "uploading\nERROR quota_exceeded_zx7731 for project shop-prod\ndone")
    text = generate(make_input(t)).master_prompt
    assert "quota_exceeded_zx7731" in text


def test_file_uris_count_towards_the_root_and_read_relative() -> None:
    from mso_tui.handoff.extractive.placing import infer_root

    texts = [f"Read [](file:///Users/kim/shop/{name}.ex)" for name in ("lib/cart", "lib/order", "test/receipt")]
    assert infer_root(texts) == "/Users/kim/shop"
    assert relative("Read [](file:///Users/kim/shop/lib/cart.ex)", "/Users/kim/shop") == "Read [](lib/cart.ex)"


def test_a_cut_request_still_quotes_the_error_lines_of_its_pasted_log() -> None:
    from mso_tui.handoff.extractive.sections import quoted

    log = "\n".join(f"info: step {n} ok, nothing to see here at all" for n in range(30))
    request = ("The importer hangs on big files, see the log:\n" + log +
               "\nerror: ZX_TIMEOUT after 30000ms in loader.py\nstep 31 ok\nfatal: worker pool exhausted (4/4)\n")
    text = quoted(request, 300)
    assert text.startswith("The importer hangs on big files") and len(text) < 800
    assert "ZX_TIMEOUT after 30000ms" in text and "worker pool exhausted" in text
    assert quoted("short request", 300) == "short request"


def test_a_short_output_of_a_few_lines_is_its_own_result() -> None:
    from mso_tui.handoff.extractive.results import result_gist

    assert result_gist("To example.org:me/dots.git\n   a1b2c3d..e4f5a6b  main -> main\n") == \
        "To example.org:me/dots.git | a1b2c3d..e4f5a6b main -> main"
    assert result_gist("Saved: report.xlsx\nTotal rows: 0\n") == "Saved: report.xlsx | Total rows: 0"
    assert result_gist("done\nall good\nbye\n") == ""  # no figure: nothing to quote


def test_a_patch_given_to_the_shell_is_an_edit_of_its_files() -> None:
    from mso_tui.handoff.extractive import generate
    from tests.helpers.handoff_fixtures import Turns, make_input

    t = Turns()
    t.add("user", "Rename the heading of the spec.")
    patch = ("apply_patch '*** Begin Patch\\n*** Update File: specs/zone.md\\n@@\\n-# Old\\n+# Zone rules v2\\n"
             "*** End Patch'")
    t.call("shell", patch, {"command": ["bash", "-lc", patch]},
           "Success. Updated the following files:\nM specs/zone.md", exit_code=0)
    result = generate(make_input(t))
    assert "edited: `specs/zone.md`" in "\n".join(result.sections["files"])
    assert not any("apply_patch" in item for item in result.sections["commands"])


def test_inspection_is_seen_through_shell_wrappers_and_git_options() -> None:
    from mso_tui.handoff.extractive.tools import is_inspection

    assert is_inspection("powershell -NoProfile -Command 'Get-Content -Raw notes.md'")
    assert is_inspection("bash -lc 'cat src/app.py'")
    assert is_inspection("/usr/bin/git --git-dir=$HOME/.cfg/ --work-tree=$HOME status")
    assert is_inspection("git -C repo log --oneline")
    assert not is_inspection("git -C repo commit -m 'x'")
    assert not is_inspection("bash -lc 'pytest -q'")


def test_a_failure_quotes_its_first_error_line_when_the_key_line_says_something_else() -> None:
    from mso_tui.handoff.extractive.analysis import failure

    output = ("collecting tests\nerror: could not load conftest 'tests/conftest.py'\nstep two\n"
              "TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'\n")
    assert failure(output) == ("error: could not load conftest 'tests/conftest.py' … "
                               "TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'")
    assert failure("error: cannot open x.txt\n") == "error: cannot open x.txt"


def test_error_lines_know_the_usual_cli_refusals() -> None:
    from mso_tui.handoff.extractive.text import error_line

    usage = "Usage: tool install NAME\nOutput: Unknown argument: scope\n"
    assert error_line(usage) == "Output: Unknown argument: scope"
    assert error_line("creating...\nResource 'zone-a' already exists\ndone\n") == "Resource 'zone-a' already exists"
    assert error_line("checking\nQuota 'ClustersPerRegion' has been exceeded. Limit: 1\nbye\n") == \
        "Quota 'ClustersPerRegion' has been exceeded. Limit: 1"


def test_a_groups_header_counts_against_the_budget() -> None:
    pool = prepare([Candidate("files", f"retry_{n} = {n}", 1.0, n, group=f"src/module_{n}/settings.py")
                    for n in range(6)])
    w = weights(c.text for c in pool)
    lines = sum(c.tokens for c in pool)
    free = choose(pool, w, budget=lines)
    assert len(free) == 6  # without headers every line fits...
    opening = opener(set())
    paid = choose(pool, w, budget=lines, opening=opening)
    # ...with them, what place() renders stays within the budget
    rendered = place({"goal": [], "decisions": [], "files": [], "commands": []}, paid)["files"]
    assert len(paid) < 6 and sum(estimate_tokens(i) + 2 for i in rendered) <= lines


def test_a_second_line_of_an_open_group_pays_no_header() -> None:
    pool = prepare([Candidate("commands", "12 passed", 1.0, 1, group="pytest -q tests/unit"),
                    Candidate("commands", "3 warnings", 1.0, 2, group="pytest -q tests/unit")])
    opening = opener(set())
    header = opening(pool[0])[1]
    assert header > 0
    both = sum(c.tokens for c in pool) + header
    assert len(choose(pool, weights(c.text for c in pool), budget=both, opening=opening)) == 2
    # a command the core already lists costs only its arrow
    assert opener({"`pytest -q tests/unit`"})(pool[0])[1] < header


def test_lines_that_pin_the_environment_outweigh_other_output_lines() -> None:
    t = Turns()
    t.add("user", "Why does the worker not start?")
    noise = "".join(f"step {n}: copying layer {n:04x}\n" for n in range(8))
    t.call("Bash", "cat deploy/worker.Dockerfile .env.sample",
           {"command": "cat deploy/worker.Dockerfile .env.sample"},
           noise + "FROM debian:trixie-slim AS runtime\nQUEUE_BROKER_URL=amqp://10.0.0.5\n"
                   "installs yarn@4.2.2 and node v22.3.0\nserves on 127.0.0.1:6081\nthe layer is cached\n")
    lines = {c.text: c.prior for c in candidates(analyse(make_input(t)), skip=set()) if c.section == "commands"}
    plain = lines["the layer is cached"]
    pinned = ["FROM debian:trixie-slim AS runtime", "QUEUE_BROKER_URL=amqp://10.0.0.5",
              "installs yarn@4.2.2 and node v22.3.0", "serves on 127.0.0.1:6081"]
    assert all(lines[p] > 2 * plain for p in pinned), lines
    # a version inside a longer identifier or a dotted name is no pin
    assert not ENVIRONMENT.search("see lib.v2.3.4 and fooBAR=1 at host:99999")


def test_what_the_machine_says_about_itself_outweighs_other_output() -> None:
    assert is_probe("which -a cargo") and is_probe('bash -lc "rustc --version"') and is_probe("uname -srm")
    assert is_probe("command -v protoc") and is_probe("lsblk -o NAME,MOUNTPOINT | grep sda")
    assert not is_probe("cargo test -v") and not is_probe("command -v jq || apt-get install -y jq")
    assert not is_probe("ls -la") and not is_probe("git log --oneline")
    t = Turns()
    t.add("user", "Which toolchain is installed here?")
    t.call("Bash", "which -a cargo", {"command": "which -a cargo"}, "/opt/rust/bin/cargo\n/usr/local/bin/cargo")
    t.call("Bash", "cat notes.txt", {"command": "cat notes.txt"}, "/srv/data/archive/2024\n/srv/data/archive/2025")
    lines = {c.text: c.prior for c in candidates(analyse(make_input(t)), skip=set()) if c.section == "commands"}
    assert lines["/opt/rust/bin/cargo"] > 1.4 * lines["/srv/data/archive/2024"], lines


def test_a_lock_file_or_a_dump_pins_nothing_in_particular() -> None:
    t = Turns()
    t.add("user", "What does the lock file hold, and what is set?")
    lock = "".join(f"pkg-{n}@{n}.0.{n}\n" for n in range(40))
    t.call("Bash", "cat deps.lock", {"command": "cat deps.lock"}, lock)
    dump = "".join(f"VAR_{n}_NAME=value{n}\n" for n in range(40))
    t.call("Bash", "printenv", {"command": "printenv"}, dump)
    found = [c for c in candidates(analyse(make_input(t)), skip=set()) if c.section == "commands"]
    lock_lines = [c.prior for c in found if c.text.startswith("pkg-")]
    dump_lines = [c.prior for c in found if c.text.startswith("VAR_")]
    high = max(lock_lines)
    assert sum(p == high for p in lock_lines) == 4 and len(lock_lines) > 40 // 2  # the first few pins only
    assert sum(p >= high * 0.9 for p in dump_lines) == 4  # a long dump of a probe is no short answer


def test_a_listed_command_under_the_root_gets_its_lines_without_a_second_header() -> None:
    from mso_tui.handoff.extractive.placing import command_head
    from mso_tui.handoff.extractive.text import clip_middle

    root = "/srv/shop"
    command = "python3 - <<EOF\n" + "rows = load()\n" * 30 + f"open('{root}/data/orders.csv')\nEOF"
    core = [relative(f"`{clip_middle(command, 220)}` — last: ok", root)]  # as the core writes it
    assert command_head(command, root) == core[0].split(" — last:")[0]
    line = prepare([Candidate("commands", "Total rows: 22", 1.0, 5, group=command)])[0]
    assert opener({command_head(command, root)}, root)(line)[1] == estimate_tokens(" → ")
    empty = {k: [] for k in ("goal", "decisions", "files")}
    assert place(empty | {"commands": core}, [line], root)["commands"] == [core[0] + " → Total rows: 22"]


def test_a_chain_only_looks_when_each_of_its_steps_does() -> None:
    from mso_tui.handoff.extractive.tools import is_inspection

    assert not is_inspection("cd backend && source venv/bin/activate && uvicorn main:app --port 8000")
    assert not is_inspection("cd api && export ENV=dev && python app.py")
    assert not is_inspection("ls -la docs && npm test || true")
    assert is_inspection("git ls-files | rg '(\\.swp$|history|lock$)'")  # the | inside quotes is no pipe
    assert is_inspection("cd docs && ls -la && sed -n '1,200p' README.md || true")
    assert is_inspection("rg 'a|b' src | head -n 5") and is_inspection("cd src")
    assert is_inspection("cat 'unclosed && rm x")  # does not parse: read as one command, as before


def test_a_labelled_count_is_a_commands_result() -> None:
    from mso_tui.handoff.extractive.results import result_gist

    out = "Saved: /tmp/report.xlsx\nTotal rows: 22\n" + "".join(f"('Acme {n}', 'Berlin')\n" for n in range(20))
    assert result_gist(out) == "Total rows: 22"
    assert result_gist("Count: 41\nrendering\n" + "x\n" * 5) == "Count: 41"
    # a label inside prose (in an output too long to be read by its first and last line)
    assert result_gist("subtotal of the week: 5 apples\nbananas\nmore\nand more\n" + "x\n" * 5) == ""


def test_a_short_output_says_how_the_command_ended_by_its_last_line() -> None:
    from mso_tui.handoff.extractive.sections import commands as listed

    t = Turns().add("user", "Create the workstation.")
    t.call("Bash", "cloud ws create w1", {"command": "cloud ws create w1"},
           "Create request issued for: [w1]\nWaiting for operation [operations/op-4217-a9] to complete...done.\n"
           "Created workstation [w1].")
    t.call("Bash", "cloud ws list", {"command": "cloud ws list"}, "\n".join(f"NAME: ws-{n}" for n in range(20)))
    commands = "\n".join(listed(analyse(make_input(t))))
    # the few-line reading (results.result_gist: first and last line) comes first; its last line is the outcome
    assert "`cloud ws create w1` — last: ok → Create request issued for: [w1] … Created workstation [w1]." in commands
    # a listing's last row is data, not how it ended
    assert "`cloud ws list` — last: ok\n" in commands + "\n" and "ws-19" not in commands


def test_a_record_dumped_whole_is_no_outcome_and_weighs_little() -> None:
    from mso_tui.handoff.extractive.analysis import analyse
    from mso_tui.handoff.extractive.pool import RECORD_WEIGHT, candidates
    from mso_tui.handoff.extractive.results import result_gist

    record = '+{"id": "4f1c", "type": "assistant", "isApiErrorMessage": false, "n": 12, "text": "' + "x" * 900 + '"}'
    logged = record.replace('"n": 12', '"level": "error", "n": 12')  # a verdict word and a number: still a record
    assert result_gist(f"diff --git a/log.jsonl b/log.jsonl\n{logged}\n") == ""  # not the line saying how it ended
    assert result_gist("running\n4 passed in 0.2s\n") == "4 passed in 0.2s"
    t = Turns().add("user", "Show the diff.")
    t.call("Bash", "git diff", {"command": "git diff"}, f'{record}\n+{{"name": "cart"}}\n+plain line of the diff\n')
    prior = {c.text[:12]: c.prior for c in candidates(analyse(make_input(t)), skip=set()) if c.group == "git diff"}
    assert prior[record[:12]] == pytest.approx(prior["+plain line "] * RECORD_WEIGHT)
    assert prior['+{"name": "c'] == prior["+plain line "]  # a short JSON value is read as any line
