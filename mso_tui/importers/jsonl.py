"""Shared helpers for the JSON-lines importers: complete-line reading, timestamps, text flattening."""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any, Iterator

import orjson

from mso_tui.importers.base import MAX_TOKENS, BadRecord, FileParse, ParseError
from mso_tui.timestamps import parse_ts  # noqa: F401  (the importers take it from here)

BOM = b"\xef\xbb\xbf"  # some editors and Windows tools begin UTF-8 files with it; JSON parsers refuse it


def strip_bom(data: bytes) -> bytes:
    """data without a leading UTF-8 byte order mark."""
    return data[3:] if data[:3] == BOM else data

def iter_lines(path: Path, offset: int = 0) -> Iterator[tuple[bytes, int]]:
    """Yield (line, offset just past it) for every complete line from byte `offset` on.

    A last line without its newline counts when it is a whole JSON object (a file whose writer ended
    without one; a prefix of an object is never one); otherwise it is still being written (or was cut
    off) and is not yielded, so the end offset stays before it and a later import reads it whole. The
    newline that later ends such a line is skipped, not taken for a blank line.
    """
    with open(path, "rb") as handle:
        position = offset
        if offset > 0:
            handle.seek(offset - 1)
            if handle.read(1) != b"\n" and handle.read(1) == b"\n":
                position += 1  # the newline ending a bare last line read before
        handle.seek(position)
        # readline on a buffered binary file runs in C; far cheaper than splitting by hand.
        for line in handle:
            if not line.endswith(b"\n") and not _whole_object(line):
                return
            at = position
            position += len(line)
            yield (strip_bom(line) if at == 0 else line), position


def _whole_object(line: bytes) -> bool:
    """Whether a line without newline is a complete JSON object."""
    stripped = line.strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(orjson.loads(stripped), dict)
    except orjson.JSONDecodeError:
        return False


def load_line(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """Decode one line into a dict, or return (None, reason); blank lines give (None, None)."""
    stripped = line.strip()
    if not stripped:
        return None, None
    try:
        value = orjson.loads(stripped)
    except orjson.JSONDecodeError as exc:
        return None, f"malformed JSON: {str(exc)[:80]}"
    if not isinstance(value, dict):
        return None, f"expected a JSON object, got {type(value).__name__}"
    return value, None


def clip(text: str, limit: int) -> str:
    """Shorten text to at most `limit` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def first_line(text: str, limit: int = 80) -> str:
    """The first non-empty line of text, clipped: a title or a short summary."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return clip(line, limit)
    return ""


def as_int(value: Any) -> int:
    """A token count as a non-negative int; a non-number counts as 0, an impossible one is a BadRecord."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, (int, float)) and value == value:
        if value > MAX_TOKENS:  # the line is skipped and reported, not counted as 0 in silence
            raise BadRecord(f"token count out of range: {str(value)[:30]}")
        return max(int(value), 0)
    return 0


def note_error(result: FileParse, line_no: int, reason: str) -> None:
    """Count a bad line as skipped and record why, with its real 1-based line number."""
    result.skipped_lines += 1
    result.errors.append(ParseError(line=line_no, reason=reason))


def begin(result: FileParse, path: Path, offset: int) -> bool:
    """Set end_offset to offset and report whether the file can be read; a read error is recorded."""
    result.end_offset = offset
    try:
        size = path.stat().st_size
    except OSError as exc:
        result.errors.append(ParseError(line=0, reason=f"cannot read file: {exc.strerror or exc}"))
        return False
    return offset <= size


def text_key(role: str, text: str) -> str:
    """A short stable key of a message's text, to recognise a second copy of it."""
    # Whitespace is ignored: one writer joins content blocks with newlines, another concatenates them.
    data = "".join(text.split()).encode("utf-8", "replace")
    return f"{role}:{len(data)}:{zlib.crc32(data):08x}"


def dumps(value: Any) -> str:
    """Compact JSON of any value, never failing (unknown objects become strings)."""
    if value is None:
        return ""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS, default=str).decode()
    except (TypeError, orjson.JSONEncodeError):
        return str(value)
