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
