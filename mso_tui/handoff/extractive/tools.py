"""Tool activity: calls paired with results, files edited vs read, shell commands and their last status."""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Sequence

from mso_tui.handoff.extractive.text import clip, clip_middle, squash, unwrapped
from mso_tui.json_text import loads
from mso_tui.records import TurnRecord

SHELL = frozenset({"bash", "shell", "exec_command", "local_shell", "run_shell_command", "run_terminal_cmd",
                   "terminal", "container.exec", "execute_command", "powershell", "run_command", "shell_command",
                   "command", "exec", "run_in_terminal"})
EDIT = frozenset({"edit", "multiedit", "write", "notebookedit", "str_replace_editor", "str_replace_based_edit_tool",
                  "edit_file", "write_file", "replace", "create_file", "apply_patch", "search_replace",
                  "write_to_file", "insert", "patch", "create", "str_replace", "delete_file", "reapply",
                  "replace_string", "replace_string_in_file", "multi_replace_string", "multi_replace_string_in_file",
                  "insert_edit", "insert_edit_into_file", "edit_notebook_file"})
READ = frozenset({"read", "read_file", "view", "cat", "glob", "grep", "list_dir", "ls", "search", "codebase_search",
                  "read_many_files", "file_search", "find", "list_directory", "grep_search", "search_file_content"})
TODO = frozenset({"todowrite", "update_plan", "write_todos", "todo_write", "todo"})

NO_MATCH_EXIT = frozenset({"grep", "rg", "ag", "egrep", "fgrep", "diff", "cmp", "test", "["})
INSPECT = frozenset({"cat", "ls", "sed", "head", "tail", "rg", "grep", "find", "pwd", "echo", "wc", "tree", "less",
                     "nl", "stat", "file", "which", "type", "cd", "awk", "sort", "uniq", "du", "df", "realpath", "fd",
                     "get-content", "get-childitem", "select-string", "gc", "gci", "dir"})
# a shell that runs one command given as its argument
_WRAPPED = re.compile(r"^(?:\S*/)?(?:bash|sh|zsh|fish|pwsh|powershell(?:\.exe)?|cmd(?:\.exe)?)\b(?:\s+-\w+)*?"
                      r"\s+(?:-l?c|-Command|/c)\s+(.+)$", re.IGNORECASE | re.DOTALL)
# the steps of a chain (&&, ||, ;, |) and the ones that only set up the shell for the next (cd, source, export)
_CHAIN = re.compile(r"[;&|]")
SETUP = frozenset({"cd", "source", ".", "export", "set", "pushd", "popd", "true", ":"})
GIT_READ = frozenset({"status", "diff", "log", "show", "ls-files", "branch", "remote", "rev-parse", "blame", "grep"})
_PATCH_FILE = re.compile(r"^\*\*\* (Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$", re.MULTILINE)
_PATH = re.compile(r"(?:[\w.~-]*/)*[\w.-]+\.[A-Za-z0-9]{1,8}\b|(?:[\w.~-]+/){1,}[\w.-]+")
_EXIT = re.compile(r"(?:exit(?:ed)?(?: with)?(?: code| status)?|exit_code|Exit code)[\s:=]+(-?\d+)", re.IGNORECASE)
_APPLIED = re.compile(r"Applied edit to (\S+)")


@dataclass
class ToolEvent:
    """One tool call with its result (when the transcript has one)."""

    name: str
    family: str  # shell / edit / read / todo / other
    command: str  # the input summary: a command line, a path, a pattern
    raw: str  # the call's full text (JSON input when the importer kept it)
    output: str = ""
    failed: bool = False
    exit_code: int | None = None
    has_result: bool = False
    seq: int = 0


@dataclass
class CommandRun:
    """Every run of one command line, in order."""

    command: str
    runs: list[ToolEvent] = field(default_factory=list)

    @property
    def last(self) -> ToolEvent:
        """The latest run."""
        return self.runs[-1]


# an editor's agent names its tools in camelCase under its own prefix (copilot_createFile, vscode_runInTerminal)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_VENDOR = ("copilot_", "vscode_")
_KNOWN = SHELL | TODO | EDIT | READ
# ...read under their snake-case names for what a session changed and ran; an editor's reads stay "other" (listed
# as read-only files they crowd the handoff's budget: a Copilot export keeps no read's content anyway)
_RENAMED = EDIT | SHELL


def tool_keys(name: str) -> tuple[str, str]:
    """A tool's name as the families list it: lower case ("multiedit"), and lower snake case without an MCP server
    or editor prefix ("copilot_createFile" -> "create_file", "copilot_replaceString" -> "replace_string")."""
    tail = name.rsplit("__", 1)[-1]
    snake = _CAMEL.sub("_", tail).lower()
    snake = next((snake[len(p):] for p in _VENDOR if snake.startswith(p) and len(snake) > len(p)), snake)
    return tail.lower(), snake


HEAD = 220  # characters of a command line as the handoff heads it


def quoted_command(command: str) -> str:
    """A command as the handoff heads it: in backticks, cut in its middle to HEAD characters."""
    return f"`{clip_middle(command, HEAD)}`"


def status_of(event: ToolEvent) -> str:
    """A command's last status in words."""
    if not event.has_result:
        return "no result recorded"
    if event.failed:
        return f"FAILED (exit {event.exit_code})" if event.exit_code is not None else "FAILED"
    return "ok"


def command_item(run: CommandRun, gist: str = "") -> str:
    """A command's line in the handoff: its head, its last status and runs, and what its output showed (gist)."""
    runs = f", {len(run.runs)} runs" if len(run.runs) > 1 else ""
    return f"{quoted_command(run.command)} — last: {status_of(run.last)}{runs}" + (f" → {gist}" if gist else "")


def family_of(name: str, command: str = "") -> str:
    """The family of a tool by its name (and, for multi-purpose editors, its sub-command)."""
    plain, snake = tool_keys(name)
    key = snake if plain not in _KNOWN and snake in _RENAMED else plain
    if key in SHELL:
        return "shell"
    if key in TODO:
        return "todo"
    if key in ("str_replace_editor", "str_replace_based_edit_tool") and command.lstrip().startswith("view"):
        return "read"
    if key in EDIT:
        return "edit"
    if key in READ:
        return "read"
    return "other"


def patch_body(text: str) -> str:
    """The apply_patch body a shell call carries (`apply_patch '*** Begin Patch…'`, a heredoc, a JSON argv), with
    its escaped newlines read; "" when it carries none."""
    start = text.find("*** Begin Patch")
    if start < 0:
        return ""
    end = text.find("*** End Patch", start)
    body = text[start: end + len("*** End Patch") if end >= 0 else len(text)]
    if "\n" not in body:  # one line with escapes: the argv was kept as a quoted string
        body = body.replace("\\n", "\n").replace('\\"', '"').replace("\\t", "\t")
    return body


def _exit_code(result: TurnRecord) -> int | None:
    """The result's exit code, from the importer or from an 'Exit code: N' line in its text."""
    if result.exit_code is not None:
        return result.exit_code
    match = _EXIT.search(result.text[:300]) or _EXIT.search(result.text[-300:])
    return int(match.group(1)) if match else None


def pair_tools(turns: Sequence[TurnRecord]) -> list[ToolEvent]:
    """Tool calls in order, each with its result (paired by source_id, else the oldest unpaired call)."""
    events: list[ToolEvent] = []
    by_source: dict[str, ToolEvent] = {}
    oldest = 0  # index of the oldest call that may still lack a result: keeps pairing linear
    for turn in turns:
        if turn.kind == "tool_call":
            name = turn.tool_name or "tool"
            command = squash((turn.tool_input or turn.text)[:2000])[:600]
            family, raw = family_of(name, command), turn.text
            if family == "shell" and "apply_patch" in command[:200]:  # a patch through the shell is an edit
                body = patch_body(turn.tool_input or turn.text)
                if body:
                    family, raw = "edit", body
            event = ToolEvent(name, family, command, raw, seq=turn.seq)
            events.append(event)
            if turn.source_id:
                by_source[turn.source_id] = event
        elif turn.kind == "tool_result":
            event = None
            if turn.source_id and turn.source_id.endswith(":result"):
                event = by_source.get(turn.source_id[: -len(":result")])
            if event is None or event.has_result:
                while oldest < len(events) and events[oldest].has_result:
                    oldest += 1
                event = events[oldest] if oldest < len(events) else None
            if event is None:
                continue
            code = _exit_code(turn)
            event.output, event.has_result, event.exit_code = unwrapped(turn.text), True, code
            event.failed = (bool(turn.is_error) or (code is not None and code != 0)) and not no_match(event)
    return events


def no_match(event: ToolEvent) -> bool:
    """grep/rg/diff/test exit 1 means "no match" or "differs", not a failure."""
    if event.family != "shell" or event.exit_code != 1:
        return False
    last = event.command.rsplit("|", 1)[-1].split()
    return bool(last) and last[0] in NO_MATCH_EXIT


def inner_command(command: str) -> str:
    """The command a shell wrapper runs (`bash -lc "cat x"`, `powershell -Command 'Get-Content x'`), else command."""
    match = _WRAPPED.match(command)
    return match.group(1).strip("'\"") if match else command


def is_inspection(command: str) -> bool:
    """Whether a command only looks at things (cat, ls, grep, git status...) rather than changing or testing; a
    chain (`cd app && source venv/bin/activate && uvicorn main:app`) looks only when each of its steps does."""
    inner = inner_command(command)
    acting = [step for step in steps(inner) if step[0].lower() not in SETUP]
    return all(_looks(step) for step in acting) if acting else _looks(inner.split())


def steps(command: str) -> list[list[str]]:
    """The words of each step of a shell chain, quotes respected; the whole line as one step when it does not
    parse (an unclosed quote) or holds a heredoc (its body is not steps)."""
    if "<<" in command or not _CHAIN.search(command):
        return [command.split()] if command.split() else []
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    out: list[list[str]] = [[]]
    try:
        for token in lexer:
            if token and set(token) <= set(";&|"):
                out.append([])
            else:
                out[-1].append(token)
    except ValueError:
        return [command.split()]
    return [step for step in out if step]


def _looks(words: list[str]) -> bool:
    """Whether one simple command (its words) only looks at things."""
    if not words:
        return True
    head = words[0].rsplit("/", 1)[-1].lower()
    if head == "git":
        rest = iter(words[1:])
        for word in rest:  # git's own options come before the sub-command (-C dir, -c key=value, --git-dir=x)
            if word in ("-C", "-c"):
                next(rest, None)
            elif not word.startswith("-"):
                return word in GIT_READ
        return False
    return head in INSPECT


# commands that ask what the machine has (a tool's path or version, the OS, disks, variables): their answer is an
# environment fact the next session would otherwise have to ask again
PROBE = frozenset({"which", "where", "whereis", "uname", "sw_vers", "lsb_release", "printenv", "env", "lsblk", "df",
                   "free", "nproc", "arch", "nvidia-smi", "hostnamectl", "locale", "get-command"})
_ASKS_VERSION = re.compile(r"^\S+ (?:--version|-V|-v|version)$")


def is_probe(command: str) -> bool:
    """Whether a command asks about the environment (which, uname, `x --version`) rather than the project."""
    inner = inner_command(command)
    if re.search(r"&&|\|\||;", inner):  # a chain that also acts (installs, builds) is no mere question
        return False
    inner = inner.split("|", 1)[0].strip()
    words = inner.split()
    if not words:
        return False
    head = words[0].rsplit("/", 1)[-1].lower()
    if head in ("command", "type") and len(words) > 1 and words[1] in ("-v", "-a"):
        return True
    return head in PROBE or bool(_ASKS_VERSION.match(inner))


# a heredoc: `python3 - <<'PY'` ... `PY`, its body the script the interpreter reads
_HEREDOC = re.compile(r"<<-?[ \t]*(['\"]?)(\w+)\1[^\n]*\n(.*?)\n[ \t]*\2[ \t]*(?:\n|$)", re.DOTALL)


def script_of(event: ToolEvent) -> tuple[str, str] | None:
    """(first line, body) of a shell call that feeds an inline script through a heredoc, else None."""
    data = _json(event.raw)
    command = data.get("command") if isinstance(data, dict) else None
    if isinstance(command, list) and command and all(isinstance(part, str) for part in command):
        command = command[-1]  # ["bash", "-lc", "python3 - <<'PY' ..."]
    text = command if isinstance(command, str) else event.raw
    match = _HEREDOC.search(text)
    if not match:
        return None
    return text[:match.start(3)].strip(), match.group(3)


def patch_paths(text: str) -> list[str]:
    """Paths an apply_patch body adds, updates, deletes or moves to."""
    return [squash(m.group(2) or m.group(3)) for m in _PATCH_FILE.finditer(text)]


def path_of(event: ToolEvent) -> list[str]:
    """The file paths a tool call names."""
    if "*** " in event.raw or "*** " in event.command:
        found = patch_paths(event.raw) or patch_paths(event.command)
        if found:
            return found
    for source in (event.command, event.raw):
        data = _json(source)
        if isinstance(data, dict):
            for key in ("file_path", "path", "filePath", "target_file", "filename", "notebook_path", "absolute_path"):
                if isinstance(data.get(key), str):
                    return [data[key]]
    match = _PATH.search(event.command.replace("file://", ""))  # an editor's link: "Created [](file:///src/a.ex)"
    return [match.group(0)] if match else []


def _json(text: str) -> object:
    """Parsed JSON when text is a JSON object or array, else None."""
    text = text.strip()
    if not text or text[0] not in "{[":
        return None
    try:
        return loads(text)  # through orjson: thousands of calls in a long session
    except ValueError:
        return None


def edit_gist(event: ToolEvent, limit: int = 90) -> str:
    """A one-line gist of an edit: `old` → `new` for replacements, + lines of a patch, a new file's first line."""
    data = _json(event.raw)
    if isinstance(data, dict):
        if isinstance(data.get("edits"), list) and data["edits"] and isinstance(data["edits"][0], dict):
            data = data["edits"][0]  # MultiEdit: the first replacement stands for the rest
        old, new = data.get("old_string") or data.get("old_str"), data.get("new_string") or data.get("new_str")
        if isinstance(old, str) and isinstance(new, str):
            return f"`{clip(old, limit)}` → `{clip(new, limit)}`"
        content = data.get("content") or data.get("file_text")
        if isinstance(content, str) and content.strip():
            return f"new content starts `{clip(content.strip().splitlines()[0], limit)}`"
    text = event.raw if "*** " in event.raw else ""
    if text:
        patch = text.splitlines()
        removed = [ln[1:] for ln in patch if ln.startswith("-") and not ln.startswith("---") and ln[1:].strip()]
        added = [ln[1:] for ln in patch if ln.startswith("+") and not ln.startswith("+++") and ln[1:].strip()]
        if removed and added:
            return f"`{clip(removed[0], limit)}` → `{clip(added[0], limit)}`"
        if added:
            return f"added `{clip(added[0], limit)}`"
    return ""


def files_touched(events: Sequence[ToolEvent], texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """(edited, read-only) paths in first-seen order; a failed edit does not count as an edit."""
    edited: list[str] = []
    read: list[str] = []
    for event in events:
        if event.family == "edit" and not event.failed:
            edited.extend(p for p in path_of(event) if p not in edited)
        elif event.family == "read":
            read.extend(p for p in path_of(event) if p not in read)
    for text in texts:
        if "Applied edit to" in text:
            edited.extend(p for p in _APPLIED.findall(text) if p not in edited)
    return edited, [p for p in read if p not in edited]


# a path in prose: folders and a name with an extension, or a bare name with a source-file extension
_MENTION = re.compile(
    r"(?<![\w/:.@~+-])((?:~/|\.{1,2}/|/)?(?:[\w.][\w.-]*/)+[\w.-]+\.[A-Za-z]\w{0,7}"
    r"|\w[\w-]*\.(?:py|ts|tsx|js|jsx|rb|go|rs|java|kt|swift|c|h|cpp|cs|php|md|json|toml|ya?ml|sh|sql|html|css|vue|lua|ex|exs))"
    r"(?![\w/-])")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|co|app|sh)/")
# product names that read like file names
_NOT_FILES = {"node.js", "next.js", "nuxt.js", "vue.js", "chart.js", "three.js", "d3.js", "express.js", "ember.js",
              "backbone.js", "angular.js", "socket.io", "deno.js", "bun.js", "alpine.js"}


def mentioned_files(texts: Sequence[str], known: set[str], limit: int = 20) -> list[str]:
    """Paths the conversation names but no tool touched, most mentioned first (web chats have only these)."""
    counts: dict[str, int] = {}
    for text in texts:
        for match in _MENTION.finditer(text):
            path = match.group(1).rstrip(".")
            if path.lower() in _NOT_FILES or _DOMAIN.match(path) or path in known:
                continue
            if "." in path.rsplit("/", 1)[-1]:
                counts[path] = counts.get(path, 0) + 1
    # a name that is the tail of a longer mentioned path is the same file
    tails = {p.split("/", i)[-1] for p in counts for i in range(1, p.count("/") + 1)}
    names = [p for p in counts if p not in tails]
    return sorted(names, key=lambda p: -counts[p])[:limit]


def command_runs(events: Sequence[ToolEvent]) -> list[CommandRun]:
    """Shell commands grouped by their command line, in order of first run."""
    runs: dict[str, CommandRun] = {}
    for event in events:
        if event.family != "shell" or not event.command:
            continue
        key = event.command[:300]
        runs.setdefault(key, CommandRun(key)).runs.append(event)
    return list(runs.values())
