"""The set-up the transcript's own header records (tool version, model, sandbox, launch flags) reaches the goal."""
from __future__ import annotations

from mso_tui.handoff.extractive import generate
from mso_tui.handoff.extractive.environment import agent_commands, is_launch, settings
from tests.helpers.handoff_fixtures import Turns, make_input


def header_turns() -> Turns:
    """A session whose meta records carry a settings block, a start banner, prompts and slash commands."""
    t = Turns()
    t.add("user", "<env_context>\n  <cwd>/srv/app</cwd>\n  <sandbox>read-only-box</sandbox>\n</env_context>",
          kind="meta")
    t.add("system", "tool started at 2026-01-02 10:00:00\n/opt/bin/agentx --model m-large --no-auto-push\n"
                    "Agentx v3.14.1\nMain model: m-large with patch edit format\nCreate a repo? (Y)es/(N)o [Yes]: y\n"
                    "Warning: Unknown context window size\nRetrying in 0.5 seconds...", kind="meta")
    t.add("user", "/run make test --verbose", kind="meta")
    t.add("user", "<command-name>/clear</command-name>", kind="meta")
    t.add("user", "Please add the export button.")
    return t


def test_settings_are_the_header_lines_that_state_one() -> None:
    assert settings(header_turns().items) == [
        "cwd: /srv/app", "sandbox: read-only-box", "/opt/bin/agentx --model m-large --no-auto-push",
        "Agentx v3.14.1", "Main model: m-large with patch edit format"]


def test_a_launch_line_is_a_program_and_its_options_only() -> None:
    assert is_launch("/usr/local/bin/agentx --model big --flag")
    assert is_launch("agentx -v")
    assert not is_launch("Running python -m ensurepip --upgrade")
    assert not is_launch("agentx")


def test_the_goal_carries_the_set_up_once() -> None:
    text = generate(make_input(header_turns())).master_prompt
    goal = text.split("## Accomplished")[0]
    assert "sandbox: read-only-box" in goal and "Agentx v3.14.1" in goal and "--no-auto-push" in goal
    assert "(Y)es" not in goal and "Retrying" not in goal


def test_the_agent_commands_the_user_gave_with_an_argument_reach_the_goal_once() -> None:
    t = Turns()
    t.add("user", "/model big-coder-2", kind="meta")
    t.add("user", "/ask", kind="meta")
    t.add("user", "Where is the retry policy configured?")
    t.add("user", "/add src/net/retry.go src/net/client.go", kind="meta")
    t.add("user", "/model big-coder-2", kind="meta")
    t.add("user", "/quit", kind="meta")
    t.add("system", "/opt/bin/agentx --model big-coder-2", kind="meta")
    assert agent_commands(t.items) == ["/model big-coder-2", "/add src/net/retry.go src/net/client.go"]
    goal = generate(make_input(t)).master_prompt.split("## Accomplished")[0]
    assert "`/add src/net/retry.go src/net/client.go`" in goal and goal.count("`/model big-coder-2`") == 1
    assert "`/quit`" not in goal and "`/ask`" not in goal


def test_the_python_environments_tool_output_shows_packages_in_most_seen_first() -> None:
    from mso_tui.handoff.extractive.environment import environment_item, python_environments
    from tests.helpers.handoff_fixtures import Turns

    t = Turns()
    t.call("Bash", "pip install rich", {"command": "pip install rich"},
           "Requirement already satisfied: rich in /opt/conda/envs/shop/lib/python3.11/site-packages (13.7.1)")
    t.call("Bash", "pytest", {"command": "pytest"},
           '  File "/srv/app/.venv/lib/python3.12/site-packages/_pytest/main.py", line 3\n'
           '  File "/srv/app/.venv/lib/python3.12/site-packages/_pytest/runner.py", line 9')
    t.add("user", "my laptop has /usr/lib/python3/dist-packages too")  # the user's words: not a tool's output
    assert python_environments(t.items) == ["`/srv/app/.venv` (python3.12)", "`/opt/conda/envs/shop` (python3.11)"]
    assert "Python packages installed in: `/srv/app/.venv` (python3.12), `/opt/conda/envs/shop` (python3.11)" in \
        environment_item(t.items)
    assert python_environments(Turns().call("Bash", "ls", {}, "site-packages.txt").items) == []
