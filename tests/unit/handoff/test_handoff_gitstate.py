"""The repository as the last `git status` of the session left it, in a few words."""
from __future__ import annotations

from mso_tui.handoff.extractive import generate
from mso_tui.handoff.extractive.gitstate import last_git_status, status_summary
from mso_tui.handoff.extractive.tools import ToolEvent
from tests.helpers.handoff_fixtures import Turns, make_input

LONG = """On branch feature/ledger
Your branch is ahead of 'origin/feature/ledger' by 2 commits.
  (use "git push" to publish your local commits)

Changes to be committed:
  (use "git restore --staged <file>..." to unstage)
\tnew file:   src/ledger/journal.py

Changes not staged for commit:
  (use "git add <file>..." to update what will be committed)
\tmodified:   src/ledger/accounts.py
\tdeleted:    old/ledger_v1.py

Untracked files:
  (use "git add <file>..." to include in what will be committed)
\tnotes/scratch.md

no changes added to commit (use "git add" and/or "git commit -a")
"""


def _shell(command: str, output: str, seq: int = 1, failed: bool = False) -> ToolEvent:
    return ToolEvent("Bash", "shell", command, "{}", output, failed, has_result=True, seq=seq)


def test_the_long_format_reads_as_branch_upstream_and_counts() -> None:
    assert status_summary(LONG) == ("on branch feature/ledger; ahead of 'origin/feature/ledger' by 2 commits; "
                                    "1 staged; 2 not staged; 1 untracked")


def test_the_short_format_a_clean_tree_and_no_status() -> None:
    assert status_summary("## main...origin/main\n M app.py\nA  lib/new.py\nMM both.py\n?? tmp.txt\n") == \
        "on branch main; 2 staged; 2 not staged; 1 untracked"
    assert status_summary("On branch main\nYour branch is up to date with 'origin/main'.\n\n"
                          "nothing to commit, working tree clean\n") == \
        "on branch main; up to date with 'origin/main'; nothing to commit"
    assert status_summary("fatal: not a git repository") == ""


def test_only_the_last_successful_git_status_counts() -> None:
    events = [_shell("git status", "On branch old\nnothing to commit, working tree clean", seq=1),
              _shell("git add -A && git status --short", "M  src/a.py", seq=5),
              _shell("git status", "fatal: bad", seq=7, failed=True), _shell("git statuses", "On branch x", seq=8)]
    assert last_git_status(events) == "Last `git status`: 1 staged"


def test_the_current_state_says_whether_the_push_left() -> None:
    turns = (Turns().add("user", "Commit the fix and push it.")
             .call("Bash", "git status", {"command": "git status"},
                   "On branch main\nYour branch is ahead of 'origin/main' by 1 commit.\n\n"
                   "nothing to commit, working tree clean"))
    state = generate(make_input(turns)).sections["current_state"]
    assert "Last `git status`: on branch main; ahead of 'origin/main' by 1 commit; nothing to commit" in state
