"""The one gate every output passes: secrets masked last, terminal control sequences made harmless.

Transcripts are hostile input. Whatever leaves mso (terminal, pipe, file, clipboard, hook JSON, LLM
prompt, browser) goes through `clean` (text) or `clean_tree` / `dumps` (JSON); the CLI also wraps
stdout and stderr in a `GatedStream`, so a print that forgot the gate is caught anyway. The store
keeps what the transcript held.
"""
from __future__ import annotations

import io
import json
import re
from typing import Any, TextIO

from mso_tui.redaction import redact, redact_json_like

# Whole escape sequences go (colours in tool output become plain text, an OSC 52 clipboard write
# loses its payload): CSI, OSC/DCS/SOS/PM/APC strings up to BEL or ST, two-character ESC sequences,
# and their 8-bit C1 forms.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?")
_RUN = re.compile(f"(?:(?>{_SEQUENCE.pattern}))+")  # consecutive sequences as one; atomic: none is cut short
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What json.dumps(ensure_ascii=False) leaves raw but a terminal may act on (DEL, C1), plus the
# JavaScript line separators; escaped as \\uXXXX the data stays exactly the same.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def _picture(match: re.Match[str]) -> str:
    """A visible stand-in for one control character: its Unicode control picture, or \\xNN for C1."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else f"\\x{code:02x}"


def _drop(match: re.Match[str]) -> str:
    """Nothing for a run of escape sequences, or a space when it stood between two word characters.

    On screen the run separated them: joined, a key coloured apart from the next word ("KEY" + reset +
    "red") would read as one word and escape redaction.
    """
    text, start, end = match.string, match.start(), match.end()
    glued = start > 0 and end < len(text) and _is_word(text[start - 1]) and _is_word(text[end])
    return " " if glued else ""


def _is_word(char: str) -> bool:
    """True for a character that may be part of a key."""
    return char.isalnum() or char == "_"


def strip_controls(text: str) -> str:
    """text without escape sequences; other control characters (except newline and tab) made visible."""
    if not text or not _CONTROL.search(text):
        return text  # the usual case: one scan, no copy
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub(_picture, _RUN.sub(_drop, text))


def clean(text: str) -> str:
    """text fit for any output: control sequences removed, then secrets masked (a marker holds no control).

    In that order because a colour code glued to a key ("\x1b[1m" + key) would hide it from redaction.
    """
    if not text:
        return text
    return redact(strip_controls(text)).text


def clean_count(text: str) -> tuple[str, int]:
    """clean(text) and how many secrets were masked."""
    if not text:
        return text, 0
    result = redact(strip_controls(text))
    return result.text, result.count


def clean_tree(obj: Any) -> Any:
    """A copy of a JSON-like tree with every string cleaned: `jq -r` prints the values to a terminal."""
    return redact_json_like(_strip_tree(obj))[0]


def _strip_tree(node: Any) -> Any:
    """The tree with control characters removed from its strings (keys included)."""
    if isinstance(node, str):
        return strip_controls(node)
    if isinstance(node, dict):
        return {_strip_tree(k): _strip_tree(v) for k, v in node.items()}
    return [_strip_tree(v) for v in node] if isinstance(node, (list, tuple)) else node


def dumps(obj: Any, indent: int | None = None) -> str:
    """JSON text of obj, secrets masked, with nothing a terminal would act on left unescaped."""
    text = json.dumps(clean_tree(obj), indent=indent, ensure_ascii=False, allow_nan=False)  # strict JSON only
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_PEM_OPEN = "-----BEGIN"


class GatedStream(io.TextIOBase):
    """A text stream that passes everything written through `clean` before the real stream sees it.

    Text is held until a newline so a secret is never cut in two between writes, also by a flush
    after each piece of a streamed LLM answer (so a stream shows line by line); an open private key
    block is held until it ends, since its lines mean nothing alone. `drain` passes on the rest.
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw
        self._held = ""

    def write(self, text: str) -> int:
        """Hold text; pass on every complete line that is not inside an open key block."""
        self._held += text
        cut = self._held.rfind("\n") + 1
        pem = self._held.rfind(_PEM_OPEN, 0, cut)
        if pem >= 0 and "-----END" not in self._held[pem:cut]:
            cut = pem if len(self._held) < 4_000_000 else cut  # a runaway block is not held forever
        if cut > 0:
            self._emit(self._held[:cut])
            self._held = self._held[cut:]
        return len(text)

    def _emit(self, text: str) -> None:
        """Write the cleaned text to the real stream."""
        self.raw.write(clean(text))

    def flush(self) -> None:
        """Flush the real stream; a line not ended yet stays held (its secret may still be coming)."""
        self.raw.flush()

    def drain(self) -> None:
        """Pass on everything held (the command has ended), then flush the real stream."""
        if self._held:
            held, self._held = self._held, ""
            self._emit(held)
        self.raw.flush()

    def isatty(self) -> bool:
        """Whether the real stream is a terminal."""
        return self.raw.isatty()

    def fileno(self) -> int:
        """The real stream's file descriptor."""
        return self.raw.fileno()

    def writable(self) -> bool:
        """Always: this is an output stream."""
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The real stream's encoding."""
        return getattr(self.raw, "encoding", "utf-8") or "utf-8"


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a GatedStream (for the progress bar's own \\r redraws), or stream itself."""
    return stream.raw if isinstance(stream, GatedStream) else stream
