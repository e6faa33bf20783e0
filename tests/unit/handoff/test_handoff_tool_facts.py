"""What the generator reads from tool calls and outputs: error ids, wrapped outputs, env lines, scripts."""
from __future__ import annotations

from mso_tui.handoff.extractive.text import error_line


def test_a_powershell_error_keeps_its_english_id_beside_a_localised_message() -> None:
    output = ('Der Pfad "C:\\daten\\x.txt" wurde nicht gefunden.\n'
              "    + CategoryInfo          : ObjectNotFound: (C:\\daten\\x.txt:String) [Get-Content], ItemNotFound\n"
              "    + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand\n")
    assert error_line(output) == ('Der Pfad "C:\\daten\\x.txt" wurde nicht gefunden. '
                                  "(PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand)")
    assert error_line("error: cannot open x.txt\n") == "error: cannot open x.txt"  # no id: the line alone


def test_a_few_line_output_without_a_count_is_read_by_its_first_and_last_line() -> None:
    from mso_tui.handoff.extractive.results import result_gist

    smoke = ("Inventory API listening on stdio\nloaded 3 plugins: auth, audit, zones\nGET /zones/eu-1 -> 200\n"
             "zone name: Frankfurt A\n")
    assert result_gist(smoke) == "Inventory API listening on stdio … zone name: Frankfurt A"
    repeated = ('{"type":"ready","port":5100}\nwaiting for a client\nclient connected\n'
                '{"type":"ready","port":5100,"pid":7}\n')
    assert result_gist(repeated) == '{"type":"ready","port":5100}'  # the same line twice is said once
    long_dump = "\n".join(f"row {n}: value" for n in range(40))
    assert result_gist(long_dump) == ""  # a dump is no gist


def test_a_script_fixed_and_run_again_gives_what_the_fix_changed() -> None:
    import json

    from mso_tui.handoff.extractive.edits import script_changes
    from mso_tui.handoff.extractive.tools import ToolEvent

    def run(seq: int, body: str) -> ToolEvent:
        command = f"python3 - <<'PY'\n{body}\nPY"
        return ToolEvent("Bash", "shell", " ".join(command.split()), json.dumps({"command": command}), seq=seq)

    first = "import csv\nrows = list(csv.reader(open('in.csv', encoding='utf-8'), delimiter=';'))\nprint(len(rows))"
    other = "import sys\nprint(sys.version)"  # another script under the same heredoc head: no fix of the first
    fixed = first.replace("encoding='utf-8'", "encoding='utf-8-sig'")
    ((event, script, lines),) = script_changes([run(1, first), run(2, other), run(3, fixed)])
    assert event.seq == 3 and script == "python3 - <<'PY' (script, as last run)"
    assert lines == ["rows = list(csv.reader(open('in.csv', encoding='utf-8-sig'), delimiter=';'))"]
    assert script_changes([run(1, first), run(2, first)]) == []  # run again unchanged: nothing changed


def test_the_shells_cwd_reset_notice_is_no_part_of_a_result() -> None:
    from mso_tui.handoff.extractive.results import result_gist
    from mso_tui.handoff.extractive.text import unwrapped

    output = "=== build ===\nbuilt dist/app.js\nwrote 3 bundles\nsize: 41.2 kB\nShell cwd was reset to /home/me/app"
    assert unwrapped(output).splitlines()[-1] == "size: 41.2 kB"
    assert result_gist(output) == "built dist/app.js … size: 41.2 kB"


def test_a_few_line_gist_skips_a_tables_header_and_echoed_section_marks() -> None:
    from mso_tui.handoff.extractive.results import result_gist

    table = ("CONTAINER ID   IMAGE             STATUS\n1f2e3d4c5b6a   postgres:16       Up 5 minutes\n"
             "9a8b7c6d5e4f   redis:7-alpine    Exited (1) 2 minutes ago\n")
    assert result_gist(table) == ("1f2e3d4c5b6a postgres:16 Up 5 minutes … "
                                  "9a8b7c6d5e4f redis:7-alpine Exited (1) 2 minutes ago")
    marks = "=== branch ===\nfeat/retry-queue\n=== ahead/behind ===\n0\t3\n--- done ---\n"
    assert result_gist(marks) == "feat/retry-queue … 0 3"
    assert result_gist("running the suite\nchecking fixtures\nALL TESTS PASSED\n") == \
        "running the suite … ALL TESTS PASSED"  # an outcome in capitals is no header


def test_an_editors_camel_case_tools_count_as_the_edits_and_commands_they_are() -> None:
    from mso_tui.handoff.extractive.tools import ToolEvent, family_of, path_of

    assert family_of("copilot_createFile") == "edit" and family_of("copilot_replaceString") == "edit"
    assert family_of("copilot_insertEdit") == "edit" and family_of("copilot_runInTerminal") == "shell"
    assert family_of("MultiEdit") == "edit" and family_of("TodoWrite") == "todo"  # the plain names still rule
    assert family_of("copilot_readFile") == "other"  # an editor's reads are not listed (tools._RENAMED)
    created = ToolEvent("copilot_createFile", "edit", "Created [](file:///home/me/shop/lib/receipt.ex)", "")
    assert path_of(created) == ["/home/me/shop/lib/receipt.ex"]
