"""Find and mask secrets (API keys, tokens, passwords, private keys) in text; no Textual here."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("openai-key", "anthropic-key", "hf-token", "google-key", "github-token", "gitlab-token",
         "slack-token", "aws-key-id", "aws-secret", "stripe-key", "private-key", "jwt",
         "url-password", "password", "secret", "auth-header")
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}  # on overlap the more specific kind wins
_MARKER = re.compile(r"\[redacted:[a-z0-9-]+#[0-9a-f]{4}\]")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
Found = list[tuple[int, int, str]]


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
    r"A(?:Iza(?P<google>[A-Za-z0-9_-]{35})|[KS]IA(?P<aws>[A-Z0-9]{16}))",
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
                          r"(?:[A-Za-z0-9+/=\r\n\t]|\\+[nrt]|[A-Za-z-]+: [^\r\n\\]*)*"
                          r"(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?")
_URL_PASSWORD = re.compile(r"://([^\s:/@'\"`\\<>]{1,100}):([^\s/@'\"`\\<>]{1,200})@[A-Za-z0-9\[]")
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
    " password passwd secret token redacted removed hidden example sample dummy test".split())
_PLACEHOLDER_PARTS = ("your", "xxxx", "***", "...", "\u2026", "redacted", "removed", "example",
                      "placeholder", "changeme", "dummy", "insert", "replace_", "_here", "-here")
_DOTTED = re.compile(r"[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _classes(body: str) -> int:
    """How many of upper, lower and digit characters occur in body."""
    return (any(c.isupper() for c in body) + any(c.islower() for c in body)
            + any(c.isdigit() for c in body))


def _placeholder(value: str, key: str = "") -> bool:
    """True for stand-ins: ${VAR}, <...>, ****, YOUR_KEY, xxx, [redacted...], the key's own name."""
    low = value.lower()
    if not value or value[0] in "$<{%#@*[" or low in _PLACEHOLDER_WORDS or len(set(low)) <= 2:
        return True
    if key and low.replace("-", "_") in key.replace("-", "_"):
        return True
    return any(part in low for part in _PLACEHOLDER_PARTS)


def _random_enough(body: str) -> bool:
    """Key bodies are random: mixed character classes and a long alphanumeric run, not kebab words."""
    if _classes(body) < 2 or _placeholder(body):
        return False
    return max(len(r) for r in _ALNUM_RUN.findall(body) or [""]) >= 8


def _lead(text: str, start: int, lead: tuple[str, ...]) -> int:
    """Start of the match once the required literal before it is included; -1 when it is absent."""
    if not lead:
        return start
    before = next((p for p in lead if start >= len(p) and text.startswith(p, start - len(p))), None)
    return -1 if before is None else start - len(before)


def _bounded(text: str, start: int) -> bool:
    """True when the match is not glued to a preceding word (task-sk-thing, desk-top)."""
    return start == 0 or text[start - 1] not in _WORD


def _tokens(text: str, out: Found) -> None:
    """Provider keys with a literal prefix (sk-, hf_, ghp_, AKIA, eyJ...)."""
    for pattern in _TOKENS:
        for m in pattern.finditer(text):
            kind, lead = _BODIES[m.lastgroup or ""]
            start, end = _lead(text, m.start(), lead), m.end()
            if start < 0 or not _bounded(text, start) or (end < len(text) and text[end].isalnum()):
                continue
            if kind == "jwt" or _random_enough(m.group(m.lastgroup or 0)):
                out.append((start, end, "anthropic-key" if text.startswith("sk-ant-", start) else kind))
            if kind == "aws-key-id":  # its secret key usually follows (CSV, `aws configure` output)
                near = _AWS_NEARBY.search(text, end, min(len(text), end + 200))
                if near and _classes(near.group()) == 3:
                    out.append((near.start(), near.end(), "aws-secret"))


def _value_kind(name: str, value: str, keyword: str, quoted: bool) -> str | None:
    """Kind for a value assigned to key `name`, or None for code, placeholders and weak values."""
    is_password = name.endswith(("pass", "passwd", "password", "passphrase"))
    if len(value) < (6 if is_password else 8) or _placeholder(value, name) or value.isdigit():
        return None
    if quoted and any(c.isspace() for c in value):
        return None  # "Enter your password", 'cmd:cat ~/.key': prose and commands, not values
    if not quoted and (value[0] in "/~." or "://" in value or _DOTTED.fullmatch(value)):
        return None  # paths, URLs and attribute access are code, not secrets
    if _IDENT.fullmatch(value) and not any(c.isdigit() for c in value):
        # A bare word is a variable (token=token, password: str) unless an ENV-style key holds it.
        env_style = keyword.isupper()
        if not quoted and (not env_style or (value.isupper() and "_" in value)):
            return None
        if quoted and not is_password and not env_style and _classes(value) < 2:
            return None
    if "secret" in name and "access" in name and len(value) == 40:
        return "aws-secret"
    return "password" if is_password else "secret"


def _key_start(low: str, end: int) -> int:
    """Start of the key name ending at `end` (db_password, spring.datasource.password, x-api-key)."""
    start = end
    while start > 0 and end - start < 64 and low[start - 1] in _NAME_CHARS:
        start -= 1
    # "\nPASSWORD=" in JSON-escaped text: the n belongs to the escape, not to the name
    return start + 1 if start > 0 and low[start - 1] == "\\" else start


def _ascii_lower(text: str) -> str:
    """text with only ASCII letters lower-cased, so every offset still matches the original."""
    if text.isascii():
        return text.lower()
    # str.lower() is slow on non-ASCII text and may change its length (U+0130 becomes two chars).
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _assignments(text: str, out: Found) -> None:
    """KEY=value, "apiKey": "...", Authorization: Bearer ... (names kept, values masked)."""
    low = _ascii_lower(text)
    for pattern in _ASSIGN:
        for m in pattern.finditer(low):
            word = _lead(low, m.start(), _KEY_LEAD.get(m.group("key"), ()))
            key = _key_start(low, word) if word >= 0 else -1
            name = low[key:m.end("key")].lstrip("_.-")
            if key < 0 or not _NAME_OK.fullmatch(name):
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
            if (word >= 0 and _bounded(text, word) and len(value) >= 8 and not _placeholder(value)
                    and _classes(value) >= 2):
                out.append((start, end, "auth-header"))


def _structural(text: str, out: Found) -> None:
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
    found: Found = []
    _tokens(text, found)
    _structural(text, found)
    _assignments(text, found)
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


def redact(text: str) -> RedactionResult:
    """text with every secret replaced by its marker; idempotent, markers never match again."""
    counts: dict[str, int] = {}
    for _ in range(5):  # one pass suffices in practice; repeating until stable guarantees idempotence
        secrets = find_secrets(text)
        if not secrets:
            break
        parts, pos = [], 0
        for s in secrets:
            parts += [text[pos:s.start], marker(s.kind, text[s.start:s.end])]
            pos = s.end
            counts[s.kind] = counts.get(s.kind, 0) + 1
        parts.append(text[pos:])
        text = "".join(parts)
    return RedactionResult(text, sum(counts.values()), counts)


def has_secrets(text: str) -> bool:
    """True when text holds at least one unredacted secret."""
    return bool(find_secrets(text))


def redact_json_like(obj: Any) -> tuple[Any, int]:
    """A copy of a JSON-like tree with secrets in its strings redacted, and how many there were."""
    total = 0

    def walk(node: Any, key: str = "") -> Any:
        nonlocal total
        if isinstance(node, str):
            name = key.lower()  # {"apiKey": "..."}: the key names the secret, the value is one
            kind = _NAME_OK.fullmatch(name) and node == node.strip() and _value_kind(name, node, key, True)
            if kind:
                total += 1
                return marker(kind, node)
            result = redact(node)
            total += result.count
            return result.text
        if isinstance(node, dict):
            return {walk(k): walk(v, k if isinstance(k, str) else "") for k, v in node.items()}
        if isinstance(node, (list, tuple)):
            return type(node)(walk(v) for v in node)
        return node

    return walk(obj), total
