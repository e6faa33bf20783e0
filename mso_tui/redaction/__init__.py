"""Find and mask secrets (API keys, tokens, passwords, private keys) in text; no Textual here."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from mso_tui.redaction.vendors import VENDOR_KINDS, find_vendor

KINDS = ("openai-key", "anthropic-key", "hf-token", "google-key", "github-token", "gitlab-token",
         "slack-token", "aws-key-id", "aws-secret", "stripe-key",
         *(k for k in VENDOR_KINDS if k != "command-password"), "private-key", "jwt",
         "url-password", "command-password", "password", "secret", "auth-header")
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}  # on overlap the more specific kind wins
_MARKER = re.compile(r"\[redacted:[a-z0-9-]+#[0-9a-f]{4}\]")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
Spans = list[tuple[int, int, str]]


@dataclass(frozen=True, slots=True)
class Secret:
    """One secret in a text: its kind and the half-open character span [start, end)."""
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """Redacted text, how many secrets were masked, and how many of each kind."""
    text: str
    count: int = 0
    counts: dict[str, int] = field(default_factory=dict)


# `re` jumps to a pattern's leading literal fast, fastest when its first letter is rare, so patterns
# start mid-prefix ("k-" of "sk-") and share a first letter; the rest of the prefix (the literals
# in _BODIES) and the word boundary are checked in Python: a lookbehind or a leading character
# class would make `re` try every position. Each body group names its kind.
_TOKENS = [re.compile(rx) for rx in (
    r"k(?:-(?:ant-)?(?:proj-|svcacct-|admin-)?(?P<openai>[A-Za-z0-9_-]{20,})"
    r"|_(?:live|test)_(?P<stripe>[A-Za-z0-9]{16,}))",
    r"f_(?P<hf>[A-Za-z0-9]{30,})",
    r"A(?:Iza(?P<google>[A-Za-z0-9_-]{35})|(?:[KS]IA|BIA|CCA)(?P<aws>[A-Z0-9]{16}))",
    r"g(?:h[pousr]_(?P<github>[A-Za-z0-9]{30,})|lpat-(?P<gitlab>[A-Za-z0-9_-]{20,}))",
    r"_pat_(?P<pat>[A-Za-z0-9_]{30,})",
    r"xox[abprs]-(?P<slack>[A-Za-z0-9-]{10,})",
    r"yJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.(?P<jwt>[A-Za-z0-9_-]{8,})")]
_BODIES = {"openai": ("openai-key", ("s",)), "stripe": ("stripe-key", ("r", "s")),
           "hf": ("hf-token", ("h",)), "google": ("google-key", ()), "aws": ("aws-key-id", ()),
           "github": ("github-token", ()), "gitlab": ("gitlab-token", ()),
           "pat": ("github-token", ("github",)), "slack": ("slack-token", ()), "jwt": ("jwt", ("e",))}
# Body: base64 lines, PEM headers ("Proc-Type: 4,ENCRYPTED"), real or JSON-escaped newlines.
_PRIVATE_KEY = re.compile(r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
                          r"(?:[A-Za-z0-9+/=\r\n\t]|\\+[nrt]|[A-Za-z-]+: [^\r\n\\]*"
                          # newlines turned into spaces: a space only before a long base64 run or the end line
                          r"| (?=[A-Za-z0-9+/=]{16}|[A-Za-z0-9+/=]* ?-----END))*"
                          r"(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?")
# the host may be missing: a text cut right after the "@" (a probe, a clipped line) still hides its password
_URL_PASSWORD = re.compile(r"://([^\s:/@'\"`\\<>]{0,100}):([^\s/@'\"`\\<>]{1,200})@(?:[A-Za-z0-9\[]|$)")
_AWS_NEARBY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
# Assignments and auth headers run on ASCII-lower-cased text; the whole key name is read backwards
# afterwards and must be a secret-ish name. Values: quoted, ${VAR:default}, or a bare word.
_VALUE = (r"(?![a-z0-9_])(?:\\?[\"'])?[ \t]*(?::=|=>|=|:)[ \t]*(?:\*\*)?(?:"
          r"(?P<q>\\?[\"'`])(?P<qv>[^\"'`\\\n\r]*)(?P=q)|\$\{[a-z_][a-z0-9_]*:-?(?P<dv>[^}\s\"'\\]+)\}"
          r"|(?P<uv>[^\s\"'`<>,;&|\\(){}\[\]]+))")
_ASSIGN = [re.compile(f"(?P<key>{kw}){_VALUE}") for kw in ("pass(?:word|wd|phrase)?", "cret", "ke[ny]")]
_KEY_LEAD = {"cret": ("se",), "ken": ("to",)}  # secret and token, found by their rarer letters
_AUTH = [(re.compile(rx + r"(?P<v>[a-z0-9._~+/=-]+)"), lead) for rx, lead in (
    (r"uthorization(?:\\?[\"'])?[ \t]*(?:=>|[:=])[ \t]*(?:\\?[\"'])?[ \t]*"
     r"(?:(?:bearer|basic|token|digest)[ \t]+)?", ("a",)), (r"bearer[ \t]+", ()))]
_NAME_OK = re.compile(
    r"(?:.*[_.-])?(?:[a-z0-9]*(?:password|passwd|passphrase|secret|token)|pass"
    r"|(?:api|access|private|auth|secret|secret[_-]?access|client|master|encryption|signing)[_-]?key)")
_PLACEHOLDER_WORDS = frozenset(
    "none null nil true false undefined required optional string str bool int value changeme"
    " password passwd secret token removed hidden sample dummy test".split())
_PLACEHOLDER_PARTS = ("your", "xxxx", "***", "...", "\u2026", "redacted", "removed", "example",
                      "placeholder", "changeme", "dummy", "insert", "replace_", "_here", "-here")


def _classes(body: str) -> int:
    """How many of upper, lower and digit characters occur in body."""
    return any(map(str.isupper, body)) + any(map(str.islower, body)) + any(map(str.isdigit, body))


def _placeholder(value: str, key: str = "") -> bool:
    """True for stand-ins: ${VAR}, <...>, ****, YOUR_KEY, xxx, [redacted...], the key's own name."""
    low = value.lower()
    if not value or value[0] in "$<{%#@*[" or low in _PLACEHOLDER_WORDS or len(set(low)) <= 2:
        return True
    own_name = bool(key) and low.replace("-", "_") in key.replace("-", "_")  # api_key=api_key
    return own_name or any(part in low for part in _PLACEHOLDER_PARTS)


def _random_enough(body: str) -> bool:
    """Key bodies are random: mixed character classes and a long alphanumeric run, not kebab words."""
    longest_run = max(len(r) for r in re.findall(r"[A-Za-z0-9]+", body) or [""])
    return _classes(body) >= 2 and longest_run >= 8 and not _placeholder(body)


def _escaped(text: str, start: int) -> bool:
    """True when the character before start ends an escape (\\n, \\t, \\r in JSON text): a boundary, not a word."""
    return start >= 2 and text[start - 1] in "nrt" and text[start - 2] == "\\"


def _lead(text: str, start: int, lead: tuple[str, ...]) -> int:
    """Start of the match once the required literal before it is included; -1 when it is absent."""
    before = next((p for p in lead if start >= len(p) and text.startswith(p, start - len(p))), None)
    return start if not lead else -1 if before is None else start - len(before)


def _tokens(text: str, out: Spans) -> None:
    """Provider keys with a literal prefix (sk-, hf_, ghp_, AKIA, eyJ...)."""
    for pattern in _TOKENS:
        for m in pattern.finditer(text):
            kind, lead = _BODIES[m.lastgroup or ""]
            start, end = _lead(text, m.start(), lead), m.end()
            if start < 0 or (start and text[start - 1] in _WORD and not _escaped(text, start)) \
                    or text[end:end + 1].isalnum():
                continue  # glued to a word: task-sk-thing, desk-top
            if kind == "jwt" or _random_enough(m.group(m.lastgroup or 0)):
                out.append((start, end, "anthropic-key" if text.startswith("sk-ant-", start) else kind))
            if kind == "aws-key-id":  # its secret key usually follows (CSV, `aws configure` output)
                near = _AWS_NEARBY.search(text, end, min(len(text), end + 200))
                if near and _classes(near.group()) == 3:
                    out.append((near.start(), near.end(), "aws-secret"))


def _value_kind(name: str, value: str, keyword: str, quoted: bool) -> str | None:
    """Kind for a value assigned to key `name`, or None for code, placeholders and weak values."""
    is_password = name.endswith(("pass", "passwd", "password", "passphrase"))
    spaced = quoted and any(map(str.isspace, value))  # "Enter your password", 'cmd:cat ~/.key'
    if len(value) < (6 if is_password else 8) or spaced or value.isdigit() or _placeholder(value, name):
        return None
    dotted = re.fullmatch(r"[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+", value)  # obj.attr, a?.b
    if not quoted and (value[0] in "/~." or "://" in value or dotted):
        return None  # paths, URLs and attribute access are code, not secrets
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", value) and not any(c.isdigit() for c in value):
        # A bare word is a variable (token=token, password: str) unless an ENV-style key holds it.
        env_style = keyword.isupper()
        if not quoted and (not env_style or (value.isupper() and "_" in value)):
            return None
        if quoted and not is_password and not env_style and _classes(value) < 2:
            return None
    aws = "secret" in name and "access" in name and len(value) == 40
    return "aws-secret" if aws else "password" if is_password else "secret"


def _assignments(text: str, out: Spans) -> None:
    """KEY=value, "apiKey": "...", Authorization: Bearer ... (names kept, values masked)."""
    # ASCII-only lower-casing keeps every offset: str.lower() is slow on non-ASCII text and may
    # change its length (U+0130 becomes two characters).
    low = text.lower() if text.isascii() else (
        text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass"))
    for pattern in _ASSIGN:
        for m in pattern.finditer(low):
            word = _lead(low, m.start(), _KEY_LEAD.get(m.group("key"), ()))
            key = word  # walk back over the whole name: db_password, spring.datasource.password
            while key > 0 and word - key < 64 and low[key - 1] in _NAME_CHARS:
                key -= 1
            key += key > 0 and low[key - 1] == "\\"  # "\nPASSWORD=": that n is an escape
            name = low[key:m.end("key")].lstrip("_.-")
            if word < 0 or not _NAME_OK.fullmatch(name):
                continue
            group = "qv" if m.group("qv") is not None else "dv" if m.group("dv") is not None else "uv"
            start, end = m.span(group)
            kind = _value_kind(name, text[start:end], text[word:m.end("key")], group != "uv")
            if kind:
                out.append((start, end, kind))
    for pattern, lead in _AUTH:
        for m in pattern.finditer(low):
            start, end = m.span("v")
            value, word = text[start:end], _lead(low, m.start(), lead)
            if (word >= 0 and not (word and text[word - 1] in _WORD) and len(value) >= 8
                    and not _placeholder(value) and _classes(value) >= 2):
                out.append((start, end, "auth-header"))


def _structural(text: str, out: Spans) -> None:
    """Private key blocks (the whole block) and passwords inside URLs (the password only)."""
    for m in _PRIVATE_KEY.finditer(text) if "PRIVATE KEY" in text else ():
        if sum(c.isalnum() for c in m.group()[m.group().index("-----", 5):]) >= 60:  # not a bare header
            out.append((m.start(), m.end(), "private-key"))
    if "@" in text and "://" in text:
        for m in _URL_PASSWORD.finditer(text):
            if len(m.group(2)) >= 3 and m.group(2) != m.group(1) and not _placeholder(m.group(2)):
                out.append((m.start(2), m.end(2), "url-password"))


def find_secrets(text: str) -> list[Secret]:
    """Every secret in text, in order, not overlapping each other or existing redaction markers."""
    found: Spans = []
    for finder in (_tokens, find_vendor, _structural, _assignments):
        finder(text, found)
    if found and "[redacted:" in text:  # a marker is never a secret, nor is anything cutting into one
        markers = [m.span() for m in _MARKER.finditer(text)]
        found = [f for f in found if not any(f[0] < e and s < f[1] for s, e in markers)]
    found.sort(key=lambda f: (f[0], -f[1], _PRIORITY[f[2]]))
    merged: list[Secret] = []
    for start, end, kind in found:
        if merged and start < merged[-1].end:  # overlap: one secret, the more specific kind
            last = merged[-1]
            best = kind if _PRIORITY[kind] < _PRIORITY[last.kind] else last.kind
            merged[-1] = Secret(best, last.start, max(last.end, end))
        else:
            merged.append(Secret(kind, start, end))
    return merged


def fingerprint(value: str) -> str:
    """Four hex digits that identify a secret value without revealing it (sha256 prefix)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:4]


def marker(kind: str, value: str) -> str:
    """The text that replaces a secret: [redacted:<kind>#<fingerprint>]."""
    return f"[redacted:{kind}#{fingerprint(value)}]"


_REACH = 4096  # farther than any pattern looks around a match (the AWS pair: 200, a key name: 64)


def _settled(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when nothing near the new markers is a secret: only there can a replacement make a new one.

    A cheap stand-in for scanning the whole text again; anything found (even a false find at a
    window's cut edge) sends the caller back to the full scan, so the result never differs.
    """
    windows: list[list[int]] = []
    for start, end in spans:
        if windows and start - _REACH <= windows[-1][1]:
            windows[-1][1] = end + _REACH
        else:
            windows.append([max(start - _REACH, 0), end + _REACH])
    if sum(e - s for s, e in windows) * 2 > len(text):
        return False  # most of the text: the full scan is as cheap
    return not any(find_secrets(text[s:e]) for s, e in windows)


def redact(text: str) -> RedactionResult:
    """text with every secret replaced by its marker; idempotent, markers never match again."""
    counts: dict[str, int] = {}
    secrets = find_secrets(text)
    for _ in range(5):  # one pass suffices in practice; repeating until stable guarantees idempotence
        if not secrets:
            break
        ends = [0] + [s.end for s in secrets]
        pieces, spans, at = [], [], 0
        for pos, s in zip(ends, secrets):
            mark = marker(s.kind, text[s.start:s.end])
            pieces += [text[pos:s.start], mark]
            at += s.start - pos
            spans.append((at, at + len(mark)))
            at += len(mark)
        text = "".join(pieces) + text[ends[-1]:]
        for s in secrets:
            counts[s.kind] = counts.get(s.kind, 0) + 1
        secrets = [] if _settled(text, spans) else find_secrets(text)
    return RedactionResult(text, sum(counts.values()), counts)


def has_secrets(text: str) -> bool:
    """True when text holds at least one unredacted secret."""
    return bool(find_secrets(text))


def redact_json_like(obj: Any) -> tuple[Any, int]:
    """A copy of a JSON-like tree with secrets in its strings redacted, and how many there were."""
    total = 0

    def walk(node: Any, key: str = "") -> Any:
        nonlocal total
        name = key.lower()  # {"apiKey": "..."}: the key names the secret, the value is one
        if isinstance(node, str) and _NAME_OK.fullmatch(name) and node == node.strip() and (
                kind := _value_kind(name, node, key, True)):
            total += 1
            return marker(kind, node)
        if isinstance(node, str):
            result = redact(node)
            total += result.count
            return result.text
        if isinstance(node, dict):
            return {walk(k): walk(v, k if isinstance(k, str) else "") for k, v in node.items()}
        return type(node)(walk(v) for v in node) if isinstance(node, (list, tuple)) else node

    return walk(obj), total
