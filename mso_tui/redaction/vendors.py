"""More secret shapes for mso_tui.redaction: vendor tokens with a fixed prefix, and passwords on command lines.

The kinds follow what the maintained scanners (gitleaks' rules, detect-secrets' plugins) look for;
the patterns are written here. As in redact.py, each pattern starts with a literal so `re` can skip
ahead fast, and word boundaries are checked in Python.
"""
from __future__ import annotations

import re

Spans = list[tuple[int, int, str]]  # (start, end, kind) of each secret found

VENDOR_KINDS = (
    "sendgrid-key", "npm-token", "digitalocean-token", "discord-token", "azure-key", "twilio-key",
    "mailgun-key", "mailchimp-key", "heroku-key", "shopify-token", "square-token", "pypi-token",
    "databricks-token", "google-oauth", "slack-webhook", "discord-webhook", "telegram-token", "age-key",
    "vault-token", "grafana-token", "sentry-token", "linear-key", "postman-key", "newrelic-key",
    "doppler-token", "supabase-token", "tailscale-key", "atlassian-token", "stripe-webhook", "llm-key",
    "command-password")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

# Most vendor tokens are a short prefix, a separator (_ - .) and a long random body. One scan finds
# every separator followed by a long run (fast: one literal character starts each scan); the token's start is then
# walked back to and all those shapes are tried there at once, anchored. A scan per shape, or one
# unanchored alternation of them all, costs many times more on a long text.
_CANDIDATES = [re.compile(re.escape(sep) + r"[A-Za-z0-9_-]{16}") for sep in "_.-"]  # a literal start: 3x faster
_SHAPES = (
    ("sendgrid-key", r"SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}"),
    ("npm-token", r"npm_[A-Za-z0-9]{36}"),
    ("digitalocean-token", r"do[opr]_v1_[a-f0-9]{64}"),
    ("mailgun-key", r"key-[0-9a-zA-Z]{32}"),
    ("heroku-key", r"HRKU-[A-Za-z0-9_-]{60}"),
    ("shopify-token", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"),
    ("square-token", r"sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}"),
    ("pypi-token", r"pypi-AgE[A-Za-z0-9_-]{50,}"),
    ("google-oauth", r"GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[A-Za-z0-9_-]{20,}"),
    ("age-key", r"AGE-SECRET-KEY-1[0-9A-Z]{58}"),
    ("vault-token", r"hv[sb]\.[A-Za-z0-9_-]{24,}"),
    ("grafana-token", r"gl(?:sa|c)_[A-Za-z0-9_+/=-]{32,}"),
    ("sentry-token", r"sntr[ysu]_[A-Za-z0-9_=+/-]{30,}"),
    ("linear-key", r"lin_api_[A-Za-z0-9]{40}"),
    ("postman-key", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}"),
    ("newrelic-key", r"NRA[KI]-[A-Z0-9]{27}"),
    ("doppler-token", r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}"),
    ("supabase-token", r"sbp_[a-f0-9]{40}"),
    ("stripe-webhook", r"whsec_[A-Za-z0-9]{32,}"),
    ("hf-token", r"api_org_[A-Za-z0-9]{30,}"),
    ("gitlab-token", r"gl(?:ptt|dt|rt|cbt|imt|oas|ft|agent|soat|ffct)-[A-Za-z0-9_-]{20,}"),
    ("llm-key", r"gsk_[A-Za-z0-9]{48,}|xai-[A-Za-z0-9]{70,}|pplx-[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{37}"),
)
# Each shape's literal prefixes, spelled out: a candidate goes on only when the two characters before
# its separator and the separator end one of them (most separators in code end snake_case words).
_PREFIXES = ("SG.", "npm_", "doo_v1_", "dop_v1_", "dor_v1_", "key-", "HRKU-", "shpat_", "shpca_", "shppa_",
             "shpss_", "sq0atp-", "sq0csp-", "pypi-", "GOCSPX-", "ya29.", "AGE-SECRET-KEY-", "hvs.", "hvb.",
             "glsa_", "glc_", "sntrys_", "sntrss_", "sntrus_", "lin_api_", "PMAK-", "NRAK-", "NRAI-", "dp.pt.",
             "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit.", "sbp_", "whsec_", "api_org_", "glptt-",
             "gldt-", "glrt-", "glcbt-", "glimt-", "gloas-", "glft-", "glagent-", "glsoat-", "glffct-", "gsk_",
             "xai-", "pplx-", "r8_")
# every separator inside a prefix counts: a candidate match consumes the rest (dop_v1_: "op_" and "v1_")
_ENDINGS = frozenset(prefix[i - 2:i + 1] for prefix in _PREFIXES for i, c in enumerate(prefix) if c in "_.-" and i >= 2)
_AT_START = re.compile("|".join(f"(?P<k{i}>{rx})" for i, (_, rx) in enumerate(_SHAPES)))
_KIND_OF = {f"k{i}": kind for i, (kind, _) in enumerate(_SHAPES)}
_SEGMENT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# Shapes without a separator: a scan each. A pattern that starts with a literal is found by re's own
# fast search, several times faster than `literal in text` on a text with non-ASCII characters.
_PLAIN = [(kind, literal, re.compile(rx)) for kind, literal, rx in (
    ("twilio-key", "SK", r"SK[0-9a-fA-F]{32}"),
    ("square-token", "EAAA", r"EAAA[A-Za-z0-9_-]{60}"),
    ("databricks-token", "dapi", r"dapi[a-f0-9]{32}(?:-[0-9])?"),
    ("gitlab-token", "GR1348941", r"GR1348941[A-Za-z0-9_-]{20}"),
    ("atlassian-token", "ATATT3", r"ATATT3[A-Za-z0-9_=-]{150,}"),
    ("tailscale-key", "tskey-", r"tskey-[a-z]+-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}"),
    ("slack-webhook", "hooks.slack.com/", r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,}"),
    ("discord-webhook", "/api/webhooks/", r"discord(?:app)?\.com/api/webhooks/[0-9]{5,30}/[A-Za-z0-9_-]{60,}"),
)]
# Found by a literal in their middle, then checked around it: a Discord bot token (id.timestamp.hmac),
# a Telegram bot token (digits:AA...), a Mailchimp key (32 hex-us9), an Azure storage or bus key.
_DISCORD = re.compile(r"\.([A-Za-z0-9_-]{6})\.[A-Za-z0-9_-]{27,38}")
_DISCORD_ID = re.compile(r"[MNO][A-Za-z0-9_-]{23,25}$")
_TELEGRAM = re.compile(r":AA[A-Za-z0-9_-]{33}")
_MAILCHIMP = re.compile(r"-us[0-9]{1,2}")
_AZURE = re.compile(r"Key=(?P<v>[A-Za-z0-9+/]{40,100}={0,2})")  # after AccountKey or SharedAccessKey
# Passwords given on a command line: mysql -pPASS (no space: `-p` alone prompts), sshpass -p PASS,
# curl -u user:PASS. Values that are variables ($PASS, "$PASS") are not secrets.
_LONG_RUN = re.compile(r"[A-Za-z0-9_+/=.:-]{24}")
_COMMAND_WORD = re.compile(r"mysql|mariadb|sshpass|curl")
_ARG = r"(?P<v>'[^'\n]+'|\"[^\"\n]+\"|[^\s'\"|;&]+)"
_COMMANDS = [(word, re.compile(rx)) for word, rx in (
    ("mysql", r"mysql[a-z]*(?:[ \t]+(?:-[A-Za-oq-z]\S*|--\S+|[A-Za-z0-9_.]+))*?[ \t]+-p" + _ARG),
    ("mariadb", r"mariadb[a-z-]*(?:[ \t]+(?:-[A-Za-oq-z]\S*|--\S+|[A-Za-z0-9_.]+))*?[ \t]+-p" + _ARG),
    ("sshpass", r"sshpass[ \t]+-p[ \t]*" + _ARG),
    ("curl", r"curl\b[^\n|;&]*?[ \t](?:-u|--user)[ \t]+['\"]?[^\s:'\"]+:(?P<v>[^\s'\"@]+)"))]


def _glued(text: str, start: int, end: int) -> bool:
    """True when the match is part of a longer word (task-sk-thing, a hash running on)."""
    escaped = start >= 2 and text[start - 1] in "nrt" and text[start - 2] == "\\"  # "\nSG." in JSON text
    return (start > 0 and text[start - 1] in _WORD and not escaped) or text[end:end + 1].isalnum()


def _variable(value: str) -> bool:
    """A shell or template variable, or a stand-in, not a password."""
    bare = value.strip("'\"")
    return not bare or bare[0] in "$<{%*" or len(bare) < 3 or "xxx" in bare.lower()


def find_vendor(text: str, out: Spans) -> None:
    """Vendor tokens and command-line passwords in text, appended to out as (start, end, kind)."""
    # Every token has a long run of key characters and every password command names its program:
    # two quick looks spare a short text (a field of an export) the twenty scans below.
    if _LONG_RUN.search(text) is not None:
        _tokens(text, out)
    if _COMMAND_WORD.search(text) is not None:
        for _, pattern in _COMMANDS:
            out.extend((*m.span("v"), "command-password") for m in pattern.finditer(text) if not _variable(m["v"]))


def _tokens(text: str, out: Spans) -> None:
    """The vendor tokens of text."""
    tried: set[int] = set()
    for candidate in (c for pattern in _CANDIDATES for c in pattern.finditer(text)):
        start = candidate.start()
        if text[start - 2:start + 1] not in _ENDINGS:
            continue
        for _ in range(3):  # up to three dotted segments back: dp.pt.<body>
            while start > 0 and text[start - 1] in _SEGMENT and candidate.start() - start < 24:
                start -= 1
            if start not in tried:
                tried.add(start)
                m = _AT_START.match(text, start)
                if m and not _glued(text, start, m.end()):
                    out.append((start, m.end(), _KIND_OF[m.lastgroup or ""]))
                    break
            if start < 2 or text[start - 1] not in "._-":
                break
            start -= 1
    for kind, _, pattern in _PLAIN:
        out.extend((m.start(), m.end(), kind) for m in pattern.finditer(text) if not _glued(text, *m.span()))
    for m in _DISCORD.finditer(text):
        head = _DISCORD_ID.search(text, max(0, m.start() - 26), m.start())
        if head and not _glued(text, head.start(), m.end()) and any(c.isdigit() for c in m.group()):
            out.append((head.start(), m.end(), "discord-token"))
    for m in _TELEGRAM.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isdigit() and m.start() - start < 10:
            start -= 1
        if m.start() - start >= 8 and not _glued(text, start, m.end()):
            out.append((start, m.end(), "telegram-token"))
    for m in _MAILCHIMP.finditer(text):
        start = m.start() - 32
        if start >= 0 and re.fullmatch(r"[0-9a-f]{32}", text[start:m.start()]) and not _glued(text, start, m.end()):
            out.append((start, m.end(), "mailchimp-key"))
    for m in _AZURE.finditer(text):
        if text.endswith(("Account", "SharedAccess"), 0, m.start()):
            out.append((*m.span("v"), "azure-key"))
