"""Every kind of secret, planted in text the way a transcript carries it; and terminal escape sequences.

Values are generated (prefixes split) so no key-shaped literal sits in the repository. Each entry is
(kind, a line holding the secret, the value that must never come out).
"""
from __future__ import annotations

import random
import string

from tests.unit.shared.test_redaction import SECRETS as KNOWN_SECRETS

_RNG = random.Random(20261201)
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def rnd(n: int, alphabet: str = ALNUM) -> str:
    """n random characters, with a digit and a capital when the alphabet has them, like a real key."""
    wanted = [c for c in (string.digits, string.ascii_uppercase) if set(c) & set(alphabet)]
    while True:
        body = "".join(_RNG.choice(alphabet) for _ in range(n))
        if all(set(c) & set(body) for c in wanted):
            return body


def _pem_spaced() -> tuple[str, str]:
    """A PEM private key whose newlines became spaces (pasted into a one-line field)."""
    lines = [rnd(64, ALNUM + "+/") for _ in range(5)] + [rnd(20, ALNUM + "+/") + "=="]
    head, tail = "-----BEGIN " + "OPENSSH PRIVATE KEY-----", "-----END " + "OPENSSH PRIVATE KEY-----"
    return " ".join([head, *lines, tail]), lines[2]


def _discord() -> str:
    """A Discord bot token: base64 of a snowflake id, a timestamp, an HMAC."""
    return "M" + rnd(25, ALNUM) + "." + rnd(6, ALNUM) + "." + rnd(38, ALNUM + "_-")


_PEM_LINE, _PEM_VALUE = _pem_spaced()
_v = {
    "sendgrid": "S" + "G." + rnd(22, ALNUM + "_-") + "." + rnd(43, ALNUM + "_-"),
    "npm": "np" + "m_" + rnd(36),
    "do": "do" + "p_v1_" + rnd(64, HEX),
    "discord": _discord(),
    "azure": rnd(86, ALNUM + "+/") + "==",
    "twilio": "S" + "K" + rnd(32, HEX),
    "mailgun": "ke" + "y-" + rnd(32, HEX),
    "mailchimp": rnd(32, HEX) + "-us" + "14",
    "heroku": "HR" + "KU-" + rnd(60, ALNUM + "_-"),
    "shopify": "shp" + "at_" + rnd(32, HEX),
    "square": "sq0" + "atp-" + rnd(22, ALNUM + "_-"),
    "pypi": "py" + "pi-AgEIcHlwaS5vcmc" + rnd(60, ALNUM + "_-"),
    "databricks": "da" + "pi" + rnd(32, HEX),
    "gcp-oauth": "GOC" + "SPX-" + rnd(28, ALNUM + "_-"),
    "ya29": "ya" + "29." + rnd(60, ALNUM + "_-"),
    "slack-hook": "https://hooks." + "slack.com/services/T" + rnd(8, string.ascii_uppercase + string.digits)
                  + "/B" + rnd(10, string.ascii_uppercase + string.digits) + "/" + rnd(24),
    "telegram": rnd(10, string.digits) + ":AA" + rnd(33, ALNUM + "_-"),
    "vault": "hv" + "s." + rnd(90, ALNUM + "_-"),
    "hf-org": "api" + "_org_" + rnd(34),
    "groq": "gs" + "k_" + rnd(52),
    "gitlab-ptt": "gl" + "ptt-" + rnd(40, HEX),
    "github-app": "gh" + "s_" + rnd(36),
    "openai-svc": "s" + "k-svcacct-" + rnd(60, ALNUM + "_-"),
    "aws-asia": "AS" + "IA" + rnd(16, string.ascii_uppercase + string.digits),
    "stripe-webhook": "wh" + "sec_" + rnd(32),
}
NEW_SECRETS: list[tuple[str, str, str]] = [
    ("private-key", f"key pasted as one line: {_PEM_LINE} done", _PEM_VALUE),
    ("url-password", "REDIS_URL=redis://:" + "Pa55w0rdRedis@cache.internal:6379/0", "Pa55w0rdRedis"),
    ("sendgrid-key", f"sendgrid client {_v['sendgrid']} configured", _v["sendgrid"]),
    ("npm-token", f"//registry/:_authToken={_v['npm']}", _v["npm"]),
    ("command-password", "mysql -u root -h db.local -p" + "Sq1Pa55word appdb < dump.sql", "Sq1Pa55word"),
    ("command-password", "sshpass -p 'Ssh" + "Pa55word!' ssh deploy@10.0.0.5", "SshPa55word!"),
    ("azure-key", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + _v["azure"]
     + ";EndpointSuffix=core.windows.net", _v["azure"]),
    ("discord-token", f"bot.run('{_v['discord']}')", _v["discord"]),
    ("digitalocean-token", f"doctl auth init -t {_v['do']}", _v["do"]),
    ("twilio-key", f"twilio api key {_v['twilio']} created", _v["twilio"]),
    ("mailgun-key", f"mailgun {_v['mailgun']} domain mg.example", _v["mailgun"]),
    ("mailchimp-key", f"chimp key {_v['mailchimp']} list", _v["mailchimp"]),
    ("heroku-key", f"heroku authorizations: {_v['heroku']}", _v["heroku"]),
    ("shopify-token", f"X-Shopify-Access-Token {_v['shopify']}", _v["shopify"]),
    ("square-token", f"square access {_v['square']} ok", _v["square"]),
    ("pypi-token", f"twine upload -p {_v['pypi']} dist/*", _v["pypi"]),
    ("databricks-token", f"databricks configure {_v['databricks']}", _v["databricks"]),
    ("google-oauth", f"client secret {_v['gcp-oauth']} for the web app", _v["gcp-oauth"]),
    ("google-oauth", f"gcloud printed {_v['ya29']}", _v["ya29"]),
    ("slack-webhook", f"curl -X POST {_v['slack-hook']} -d @msg.json", _v["slack-hook"].rsplit("/", 1)[1]),
    ("telegram-token", f"telegram bot {_v['telegram']} started", _v["telegram"]),
    ("vault-token", f"vault login {_v['vault']}", _v["vault"]),
    ("hf-token", f"org token {_v['hf-org']}", _v["hf-org"]),
    ("llm-key", f"Groq(api key {_v['groq']})", _v["groq"]),
    ("gitlab-token", f"trigger token {_v['gitlab-ptt']}", _v["gitlab-ptt"]),
    ("github-token", f"app installation token {_v['github-app']}", _v["github-app"]),
    ("openai-key", f"service account key {_v['openai-svc']}", _v["openai-svc"]),
    ("aws-key-id", f"temporary credentials {_v['aws-asia']}", _v["aws-asia"]),
    ("stripe-webhook", f"endpoint secret {_v['stripe-webhook']}", _v["stripe-webhook"]),
]
ALL_SECRETS = KNOWN_SECRETS + NEW_SECRETS

# Escape sequences a hostile transcript may carry: clipboard write, title, clear screen, colours,
# cursor moves, a DCS string, an 8-bit CSI, a bell and a backspace.
ESCAPES = ["\x1b]52;c;" + "ZWNobyBwd25lZA==" + "\x07", "\x1b]0;owned title\x07", "\x1b[2J\x1b[H",
           "\x1b[31mred\x1b[0m", "\x1b[10A", "\x1bP1$qm\x1b\\", "\x9b6n", "\x07\x08", "\x1b]8;;http://x\x1b\\"]


def has_control(text: str) -> bool:
    """True when text holds a character a terminal acts on (C0 other than newline and tab, DEL, C1)."""
    return any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def leaked(text: str) -> list[str]:
    """The planted secret values (by kind and position) that occur in text."""
    return [f"{i}:{kind}" for i, (kind, _, value) in enumerate(ALL_SECRETS) if value in text]
