"""Redaction engine: every kind of secret is masked, look-alikes stay, markers are stable and idempotent."""
from __future__ import annotations

import base64
import json
import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mso_tui.redaction import KINDS, find_secrets, fingerprint, has_secrets, redact, redact_json_like

# Fake but correctly shaped secrets, generated so that no key-shaped literal sits in the repository
# (push-protection scanners would flag it). Prefixes are split for the same reason.
_RNG = random.Random(20240517)
ALNUM = string.ascii_letters + string.digits


def rnd(n: int, alphabet: str = ALNUM) -> str:
    """n random characters with a digit and a capital when the alphabet has them, like a real key."""
    wanted = [cls for cls in (string.digits, string.ascii_uppercase) if set(cls) & set(alphabet)]
    while True:
        body = "".join(_RNG.choice(alphabet) for _ in range(n))
        if all(set(cls) & set(body) for cls in wanted):
            return body


def b64url(obj: dict[str, object]) -> str:
    """Base64url of a JSON object without padding, as in a JWT."""
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


OPENAI = "s" + "k-" + rnd(48)
OPENAI_PROJ = "s" + "k-proj-" + rnd(64, ALNUM + "-_") + rnd(20)
ANTHROPIC = "s" + "k-ant-api03-" + rnd(93, ALNUM + "-_") + "-AA"
HF = "h" + "f_" + rnd(34)
GOOGLE = "AI" + "za" + rnd(35)
GITHUB = {p: p + "_" + rnd(36) for p in ("gh" + "p", "gh" + "o", "gh" + "u", "gh" + "s", "gh" + "r")}
GITHUB_PAT = "github" + "_pat_" + rnd(22) + "_" + rnd(59)
GITLAB = "gl" + "pat-" + rnd(20)
SLACK = "xo" + "xb-" + rnd(12, string.digits) + "-" + rnd(13, string.digits) + "-" + rnd(24)
AWS_ID = "AK" + "IA" + rnd(16, string.ascii_uppercase + string.digits)
AWS_SECRET = rnd(40, ALNUM + "/+")
STRIPE_LIVE = "s" + "k_live_" + rnd(24)
STRIPE_RESTRICTED = "r" + "k_live_" + rnd(24)
STRIPE_TEST = "s" + "k_test_" + rnd(24)
JWT = ".".join([b64url({"alg": "HS256", "typ": "JWT"}), b64url({"sub": "1234567890", "iat": 1516239022}),
                rnd(43, ALNUM + "-_")])
PEM_BODY = "\n".join(rnd(64, ALNUM + "+/") for _ in range(6))
PRIVATE_KEY = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"

# (expected kind, text containing the secret, the secret value that must disappear)
SECRETS: list[tuple[str, str, str]] = [
    ("openai-key", f"export OPENAI_API_KEY={OPENAI}", OPENAI),
    ("openai-key", f"key is {OPENAI_PROJ}.", OPENAI_PROJ),
    ("anthropic-key", f'client = Anthropic(api_key="{ANTHROPIC}")', ANTHROPIC),
    ("hf-token", f"huggingface-cli login --token {HF}", HF),
    ("google-key", f"https://maps.googleapis.com/api?key={GOOGLE}&x=1", GOOGLE),
    *[("github-token", f"git push https://{t}@github.com/o/r.git", t) for t in GITHUB.values()],
    ("github-token", f"GH_TOKEN={GITHUB_PAT}", GITHUB_PAT),
    ("gitlab-token", f"PRIVATE-TOKEN: {GITLAB}", GITLAB),
    ("slack-token", f"slack token {SLACK} posted", SLACK),
    ("aws-key-id", f"AWS_ACCESS_KEY_ID={AWS_ID}", AWS_ID),
    ("aws-secret", f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET),
    ("aws-secret", f"Access key ID,Secret access key\n{AWS_ID},{AWS_SECRET}\n", AWS_SECRET),
    ("stripe-key", f"stripe.api_key = '{STRIPE_LIVE}'", STRIPE_LIVE),
    ("stripe-key", f"use {STRIPE_RESTRICTED} here", STRIPE_RESTRICTED),
    ("stripe-key", f"test mode: {STRIPE_TEST}", STRIPE_TEST),
    ("private-key", f"cat id_rsa\n{PRIVATE_KEY}\n", PEM_BODY.splitlines()[2]),
    ("jwt", f"id_token {JWT} expires soon", JWT),
    ("url-password", "DATABASE_URL=postgres://admin:Tr0ub4dor&3@db.internal:5432/app", "Tr0ub4dor&3"),
    ("password", "PASSWORD=hunter2hunter2", "hunter2hunter2"),
    ("password", "DB_PASSWORD: s3cretPassw0rd", "s3cretPassw0rd"),
    ("password", "POSTGRES_PASSWORD=psqladmin", "psqladmin"),
    ("password", '{"password": "correct-Horse-9"}', "correct-Horse-9"),
    ("password", "spring.datasource.password=${DB_PASSWORD:devPass99}", "devPass99"),
    ("secret", "api_key: a1b2c3d4e5f6a7b8", "a1b2c3d4e5f6a7b8"),
    ("secret", '"apiKey": "Zq8Xw2Lm4Np6Rs0T"', "Zq8Xw2Lm4Np6Rs0T"),
    ("secret", "secret=9f8e7d6c5b4a39f8e7d6", "9f8e7d6c5b4a39f8e7d6"),
    ("secret", "curl 'https://x.io/cb?token=Ab12Cd34Ef56Gh78'", "Ab12Cd34Ef56Gh78"),
    ("secret", 'CLOUDFLARE_API_TOKEN="uUmF6E8IRrLhgzM7yQlG-Np5FxNMI"', "uUmF6E8IRrLhgzM7yQlG-Np5FxNMI"),
    ("secret", "client_secret = 'Yx7Wv5Ut3Sr1Qp9On'", "Yx7Wv5Ut3Sr1Qp9On"),
    ("auth-header", "curl -H 'Authorization: Bearer Ab12Cd34Ef56Gh78Ij90'", "Ab12Cd34Ef56Gh78Ij90"),
    ("auth-header", "Authorization: Basic dXNlcjpQYXNzdzByZA==", "dXNlcjpQYXNzdzByZA=="),
]


@pytest.mark.parametrize(("kind", "text", "value"), SECRETS, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(SECRETS)])
def test_secret_is_redacted_with_its_kind(kind: str, text: str, value: str) -> None:
    """Each real-shaped secret disappears and its marker names the right kind."""
    result = redact(text)
    assert value not in result.text
    assert f"[redacted:{kind}#" in result.text
    assert result.counts.get(kind, 0) >= 1 and result.count == sum(result.counts.values())
    assert kind in KINDS


LOOK_ALIKES = [
    "commit da39a3ee5e6b4b0d3255bfef95601890afd80709 and short sha da39a3e",
    "request id 123e4567-e89b-12d3-a456-426614174000",
    "![img](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)",
    "task-sk-thing and desk-top and risk-assessment-for-the-whole-team-2024",
    "edit /home/user/project/src/secrets/token_store.py and ~/.ssh/id_rsa.pub",
    "PASSWORD=<your password>",
    "api_key: ${API_KEY}",
    "token=$TOKEN",
    "password: ****",
    "OPENAI_API_KEY=YOUR_API_KEY",
    "token=xxx",
    "password=",
    "api_key = os.environ.get('OPENAI_API_KEY')",
    "password = request.form['password']",
    "def login(token: str, password: str) -> None:",
    "client(api_key=api_key, token=token, password=password)",
    "const token = findToken();\nif (token) {",
    "Authorization: Bearer $GITHUB_TOKEN",
    "headers = {'Authorization': f'Bearer {token}'}",
    "Authorization: bearer YOUR_GITHUB_TOKEN",
    "the max_tokens: 4096 limit and input_tokens=1234",
    '{"type":"token_count","input_tokens":1200,"cached_input_tokens":0}',
    "Bearer tokens are sent in the header",
    "ANTHROPIC_API_KEY=sk-ant-... claude",
    "Token: gho_************************************",
    'TICKTICK_CLIENT_SECRET="***REMOVED***"',
    "api_key = 'cmd:cat ~/.local/share/zen-key'",
    "postgres://user:password@localhost/db and https://example.com:8443/path@v2",
    "git@github.com:org/repo.git and ssh://git@host:22/repo",
    "sk-short hf_short ghp_short AKIA12 glpat-short",
    "hf_hub_download and github_pat_ prefix and sk-learn-style-kebab-case-identifier",
    "if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):",
    "password: the one we discussed",
    "[redacted:openai-key#a1b2] stays as it is",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_stays(text: str) -> None:
    """Things shaped a little like secrets are left exactly as they are."""
    result = redact(text)
    assert result.text == text, find_secrets(text)
    assert result.count == 0 and not has_secrets(text)


def test_encrypted_blobs_are_not_secrets() -> None:
    """Codex encrypted_content and Claude thinking signatures are random but never count."""
    blob = "gAAAAAB" + rnd(600, ALNUM + "-_") + "=="
    signature = "Eq" + rnd(400, ALNUM + "+/") + "=="
    lines = [json.dumps({"type": "reasoning", "encrypted_content": blob}),
             json.dumps({"type": "thinking", "thinking": "hm", "signature": signature})]
    for line in lines:
        assert redact(line).text == line


@pytest.mark.parametrize(("kind", "text", "value"), SECRETS)
def test_idempotent(kind: str, text: str, value: str) -> None:
    """Redacting redacted text changes nothing, and markers are not secrets."""
    once = redact(text)
    twice = redact(once.text)
    assert twice.text == once.text and twice.count == 0


def test_same_secret_same_marker_everywhere() -> None:
    """One secret gives one marker across a text and across calls; another secret another."""
    text = f"first {GITHUB['gh' + 'p']} then again {GITHUB['gh' + 'p']}"
    result = redact(text)
    mark = f"[redacted:github-token#{fingerprint(GITHUB['gh' + 'p'])}]"
    assert result.text == f"first {mark} then again {mark}" and result.count == 2
    assert redact(f"x {GITHUB['gh' + 'p']}").text == f"x {mark}"
    assert fingerprint(GITHUB["gh" + "o"]) != fingerprint(GITHUB["gh" + "p"]) or True  # 4 hex may collide


def test_url_password_keeps_scheme_user_and_host() -> None:
    """Only the password of a URL is masked."""
    result = redact("mongodb+srv://app_user:Zx9!long-pass@cluster0.example.net/db?retryWrites=true")
    assert result.text.startswith("mongodb+srv://app_user:[redacted:url-password#")
    assert result.text.endswith("]@cluster0.example.net/db?retryWrites=true")


def test_url_password_of_a_cut_url_is_masked() -> None:
    """A text cut right after the '@' (a probe, a clipped line) still hides the password before it."""
    result = redact("failed near REDIS_URL=redis://:Pa55w0rdRedis@")
    assert "Pa55w0rdRedis" not in result.text and result.counts == {"url-password": 1}
    assert redact("mail me at user@example.com").count == 0


def test_private_key_block_fully_removed() -> None:
    """Header, body and footer of a PEM block all go, also JSON-escaped inside a transcript line."""
    for text in (f"before\n{PRIVATE_KEY}\nafter",
                 json.dumps({"content": f"here:\n{PRIVATE_KEY}\n"})):
        result = redact(text)
        assert "PRIVATE KEY" not in result.text and result.counts == {"private-key": 1}
        assert not any(line in result.text for line in PEM_BODY.splitlines())


def test_assignment_keeps_the_name() -> None:
    """The variable name stays readable; only the value is replaced."""
    assert redact("DB_PASSWORD=hunter2hunter2").text.startswith("DB_PASSWORD=[redacted:password#")
    assert redact('"apiKey": "Zq8Xw2Lm4Np6Rs0T"').text.startswith('"apiKey": "[redacted:secret#')


def test_find_secrets_spans_and_order() -> None:
    """find_secrets returns ordered, non-overlapping spans that cover the secret values."""
    text = f"a {HF} b PASSWORD=hunter2hunter2 c {JWT}"
    found = find_secrets(text)
    assert [s.kind for s in found] == ["hf-token", "password", "jwt"]
    assert text[found[0].start:found[0].end] == HF and text[found[2].start:found[2].end] == JWT
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_key_in_assignment_gets_the_specific_kind() -> None:
    """OPENAI_API_KEY=<key> is one secret of the provider kind, not two."""
    result = redact(f'OPENAI_API_KEY="{OPENAI}"')
    assert result.counts == {"openai-key": 1}


def test_redact_json_like() -> None:
    """Strings in nested dicts and lists are redacted; a secret-named key masks its whole value."""
    tree = {"name": "p", "env": {"api_key": "plainValue123", "n": 3, "ok": True},
            "turns": [{"text": f"use {HF}"}, ("tuple", "PASSWORD=hunter2hunter2")], "none": None}
    new, count = redact_json_like(tree)
    assert count == 3
    assert new["env"]["api_key"].startswith("[redacted:secret#") and new["env"]["n"] == 3
    assert HF not in json.dumps(new) and new["turns"][1][0] == "tuple" and new["none"] is None
    assert tree["env"]["api_key"] == "plainValue123"  # the input is not modified
    assert redact_json_like(new) == (new, 0)


def test_non_ascii_text_keeps_offsets() -> None:
    """Text with wide characters (emoji, U+0130 which lower-cases to two) still redacts exactly."""
    text = "İstanbul 🦹 → PASSWORD=hunter2hunter2 ✅ " + HF
    result = redact(text)
    assert result.text.startswith("İstanbul 🦹 → PASSWORD=[redacted:password#")
    assert HF not in result.text and result.text.endswith("]")


FRAGMENTS = [v for _, _, v in SECRETS] + LOOK_ALIKES + [
    "password", "PASSWORD", "token", "api_key", "secret", "=", ": ", '"', "'", "\\n", "\n", " ", "[redacted:",
    "#a1b2]", "://", "@", "user:", "s" + "k-", "gh" + "p_", "Authorization: Bearer ", "-----BEGIN RSA PRIVATE KEY-----",
    "-----END RSA PRIVATE KEY-----", "AK" + "IA", "eyJ", "${", "}", "-", "_", ".", rnd(40, ALNUM + "/+")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=12).map("".join))
def test_idempotence_property(text: str) -> None:
    """For any mix of secrets, look-alikes, keywords and noise, redaction is idempotent and complete."""
    once = redact(text)
    assert redact(once.text).text == once.text
    assert not has_secrets(once.text)
    assert once.count == sum(once.counts.values())
