"""Small text helpers shared by the extractors: normalising, clipping, matching, error lines."""
from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9_./-]+")
_STOP = frozenset(
    "a an the and or to of in on for with is are was were be been it this that these those as at by "
    "from into not no do does did we i you our my your should must will can could would please also "
    "then than so if but all any some just now still more".split()
)
# lines that say something went wrong, strongest first
_ERROR_PATTERNS = (
    re.compile(r"\b\w*(Error|Exception)\b[:(]|\b(?i:error)(\[\w+\])?( [A-Z]+\d+)?:"),
    re.compile(r"\b(FAILED|FAIL|Traceback|fatal|panic|ERR!|error\[)"),
    re.compile(r"\b(error|failed|failure|denied|not found|No such file|cannot|can't|unable|refused|invalid|timed? ?out|"
               r"not a valid|not recognized|unexpected|not permitted|undefined|"
               r"unknown (?:argument|option|command|flag)|already exists|must not be|is required|exceeded|not allowed|"
               r"no such host)\b",
               re.IGNORECASE),
)
# wrapper lines some agents put around a tool's output
BANNER = re.compile(r"^(Chunk ID:|Wall time:|Process exited with code|Original token count:|Output:$|Exit code:|"
                    r"Shell cwd was reset to )")
# the fields an agent's shell tool wraps around the real output (Codex: Chunk ID / Wall time; Gemini: Command /
# Directory / Output / Error: (none) / Exit Code / Signal / Background PIDs / Process Group PGID; Claude Code: "Shell
# cwd was reset to <dir>" after a command that changed directory): no content
_FIELD = re.compile(r"^(?:Chunk ID:|Wall time:|Process exited with code -?\d+$|Original token count:|Output:$|"
                    r"Exit code: -?\d+$|Signal: (?:-?\d+|\(none\))$|Background PIDs:|Process Group PGID: \d+$|"
                    r"[A-Z][\w ]{0,30}: \(none\)$|Shell cwd was reset to )", re.IGNORECASE)
_HEAD_FIELD = re.compile(r"^(?:Command|Directory): ")  # the wrapper's head repeats the call's input
HEAD_FIELDS = 3  # lines at the top of an output where the head fields sit
EDGE_FIELDS = 8  # lines at each end of an output where any wrapper field sits
_NOISE = re.compile(r"^\s*(at |File \"|\+ |\^+$|~+$|\d+ \||-{3,}|={3,}|\s*$)")


def unwrapped(output: str) -> str:
    """A tool's output without its wrapper fields, and "Output: x" read as "x" (the content, nothing else).

    The fields sit at the top and the bottom of the output (EDGE_FIELDS lines each): the lines between are
    the command's own, kept as they are without a look (a long output cost a regex match per line).
    """
    if ":" not in output:
        return output
    lines = output.splitlines()
    cut = max(EDGE_FIELDS, len(lines) - EDGE_FIELDS)
    middle = lines[EDGE_FIELDS:cut]
    return "\n".join(_unwrapped_edge(lines[:EDGE_FIELDS], 0) + middle + _unwrapped_edge(lines[cut:], cut))


def _unwrapped_edge(lines: list[str], first: int) -> list[str]:
    """Lines at one end of an output (the first at index `first`) without the wrapper fields."""
    keep = []
    for n, line in enumerate(lines, first):
        bare = line.strip()
        if _FIELD.match(bare) or n < HEAD_FIELDS and _HEAD_FIELD.match(bare):
            continue
        keep.append(bare[len("Output: "):] if bare.startswith("Output: ") else line)
    return keep


def squash(text: str) -> str:
    """Collapse all whitespace runs into single spaces."""
    return _SPACE.sub(" ", text).strip()


def clip(text: str, limit: int = 200) -> str:
    """One line of at most limit characters, cut at a word boundary with an ellipsis."""
    text = squash(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit * 0.6 else limit - 1
    return text[:cut].rstrip(" ,;:") + "…"


def norm(text: str) -> str:
    """Lower-case, no markdown decoration, single spaces: the form items are compared in."""
    text = re.sub(r"[`*_>#\[\]]", " ", text.lower())
    text = re.sub(r"^\s*[-+]\s+", "", text)
    return squash(text)


def content_tokens(text: str) -> set[str]:
    """The meaningful words of text (no stop words, no one-letter tokens)."""
    return {t.strip("./-") for t in _TOKEN.findall(text.lower()) if len(t) > 1 and t not in _STOP} - {""}


def overlap(a: str, b: str) -> float:
    """How much of the smaller item's content words the other shares (0..1)."""
    ta, tb = content_tokens(a), content_tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def same_item(a: str, b: str, threshold: float = 0.7) -> bool:
    """Whether two checklist items say the same thing (normalised text or token overlap)."""
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb or (len(na) > 12 and na in nb) or (len(nb) > 12 and nb in na):
        return True
    return overlap(na, nb) >= threshold and min(len(content_tokens(na)), len(content_tokens(nb))) >= 2


def _window(line: str, pattern: re.Pattern[str], limit: int) -> str:
    """A long line cut to the stretch that starts at its last match of pattern."""
    if len(line) <= limit:
        return line
    starts = [m.start() for m in pattern.finditer(line)]
    return line[starts[-1]:] if starts else line


# PowerShell names every error in English whatever the message's language: "+ FullyQualifiedErrorId : CommandNotFound"
_ERROR_ID = re.compile(r"^\s*\+?\s*FullyQualifiedErrorId\s*:\s*([\w.,-]+)", re.MULTILINE)


def error_line(output: str, limit: int = 220) -> str:
    """The most informative line of a failure's output (an Error/Exception line, else FAILED, else the last),
    with the error's id when the shell names it apart from the message (PowerShell)."""
    line = _error_line(output, limit)
    named = _ERROR_ID.search(output[-60000:]) if "FullyQualifiedErrorId" in output else None
    if line and named and named.group(1) not in line:
        return f"{line} ({named.group(1)})"
    cause = root_cause(output)
    if line and cause and cause[:40] not in line:
        return f"{line} (root cause: {clip(cause, CAUSE)})"
    return line


# an inner exception, as .NET ("---> System.Net.Sockets.SocketException (0x2AF9): No such host is known.") and Java
# ("Caused by: java.net.ConnectException: Connection refused") print it under the outer one
_INNER = re.compile(r"^\s*(?:--->|Caused by:)\s*(\S.*?)\s*$", re.MULTILINE)
CAUSE = 160  # characters of a root cause quoted


def root_cause(output: str) -> str:
    """The innermost exception a chained failure names (the last inner one printed), else "": the outer one says
    what failed, this one why (a timeout "caused by" a host that does not resolve)."""
    if "--->" not in output and "Caused by:" not in output:
        return ""
    found = _INNER.findall(output[-60000:])
    return found[-1] if found else ""


def _error_line(output: str, limit: int) -> str:
    """The most informative line of a failure's output."""
    # escaped newlines: some agents wrap the real output inside a debug dump on one line
    text = output[-60000:].replace("\\n", "\n").replace("\\\"", '"')
    lines = [ln.strip() for ln in text.splitlines()[-400:] if ln.strip()]
    lines = [ln for ln in lines if not BANNER.match(ln)]
    if not lines:
        return ""
    for pattern in _ERROR_PATTERNS:
        hits = [ln for ln in lines if pattern.search(ln) and not _NOISE.match(ln)]
        if hits:
            # the last hit: a traceback's final line names the exception and its message
            return clip(_window(hits[-1], pattern, limit), limit).rstrip("\\ ")
    meaningful = [ln for ln in lines if not _NOISE.match(ln)]
    return clip((meaningful or lines)[-1], limit)


def error_lines(text: str, limit: int = 200) -> list[str]:
    """The first and the last line of text that read as an error (a pasted log: its cause and its end)."""
    hits = [ln.strip() for ln in text[:60000].splitlines()
            if ln.strip() and not _NOISE.match(ln.strip()) and any(p.search(ln) for p in _ERROR_PATTERNS)]
    picked = hits[:1] + hits[-1:] if len(hits) > 1 else hits
    return [clip(line, limit) for line in picked]


# a traceback frame in the project's own code: pytest's "path:12: in name", Python's 'File "path", line 12, in name',
# a JavaScript "at name (path:12:5)"
_FRAME = re.compile(r'^\s*((?:[\w.-]+/)*[\w.-]+\.\w{1,5}):(\d+): in (\w+)|File "([^"]+)", line (\d+), in (\w+)|'
                    r"\bat ([\w.$<>]+) \(((?:[\w.:-]*/)*[\w.-]+\.\w{1,5}):(\d+):\d+\)", re.MULTILINE)
_LIBRARY = re.compile(r"site-packages|dist-packages|node_modules|/lib/python|<frozen|^/usr/|(?:^|/)\.?venv/|internal/")


def _frames(text: str) -> list[tuple[str, str]]:
    """(where, code) of each project frame of a traceback: "path:12 in name" and the source line printed
    under it (pytest and Python print it indented on the next line; "" when the frame has none)."""
    out = []
    for match in _FRAME.finditer(text):
        groups = match.groups()
        path, line, name = groups[0:3] if groups[0] else groups[3:6] if groups[3] else (groups[7], groups[8], groups[6])
        if _LIBRARY.search(path):
            continue
        out.append((f"{path}:{line} in {name}", _source_after(text, match.end())))
    return out


def _source_after(text: str, at: int) -> str:
    """The indented source line a traceback prints under the frame that ends at `at`, else "" (the next line
    is another frame, pytest's `E   Error` line, or a caret marker)."""
    start = text.find("\n", at) + 1
    if not start:
        return ""
    end = text.find("\n", start)
    line = text[start: end if end >= 0 else len(text)]
    bare = line.strip()
    if not bare or line[0] not in " \t" or _FRAME.search(line) or bare.startswith(("E ", "^", "~", "at ")):
        return ""
    return bare


def raised_at(text: str, with_code: bool = False) -> str:
    """Where a pasted or printed traceback fails in the project's own code: the frame that recurs most (every
    failing test passes through it), the deepest one on a tie; "" when the text holds no project frame. With
    with_code, the frame's source line follows it (`path:42 in Name: `x: list[float] | None = None``): the
    line the next session has to change."""
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    code: dict[str, str] = {}
    for n, (key, source) in enumerate(_frames(text[-200000:])):
        counts[key] = counts.get(key, 0) + 1
        last[key] = n
        code[key] = source or code.get(key, "")
    if not counts:
        return ""
    where = max(counts, key=lambda k: (counts[k], last[k]))
    return f"{where}: `{clip(code[where], 120)}`" if with_code and code[where] else where


def located(error: str, text: str) -> str:
    """An error line with where its traceback fails in the project's code (and that line's source), when the
    line does not say it."""
    where = raised_at(text, with_code=True) if error else ""
    return f"{error} (raised at {where})" if where and where.split(" in ")[0] not in error else error


_LONG_PATH = re.compile(r"(?<![\w.])/[^\s'\"`]{40,}")


def clip_middle(text: str, limit: int = 200) -> str:
    """One line of at most limit characters keeping its head and its tail (a command's target is often last)."""
    text = squash(text)
    if len(text) <= limit:
        return text
    # long absolute paths (store hashes, home dirs) crowd out the command: keep their last part
    text = _LONG_PATH.sub(lambda m: "…/" + m.group(0).rsplit("/", 1)[-1], text)
    if len(text) <= limit:
        return text
    tail = limit // 3
    return text[: limit - tail - 3].rstrip() + " … " + text[-tail:].lstrip()


def dedupe(items: list[str], threshold: float = 0.85) -> list[str]:
    """Items in order with near-duplicates (same normalised text) removed."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = norm(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out
