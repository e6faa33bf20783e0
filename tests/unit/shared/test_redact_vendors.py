"""Issue 11: the secret kinds redaction missed (vendor tokens, command-line passwords, flat keys); look-alikes kept."""
from __future__ import annotations

import base64
import hashlib
import json
import string
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mso_tui.redaction import KINDS, redact
from tests.helpers.planted_secrets import NEW_SECRETS, rnd


@pytest.mark.parametrize(("kind", "text", "value"), NEW_SECRETS,
                         ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(NEW_SECRETS)])
def test_kind_is_redacted(kind: str, text: str, value: str) -> None:
    result = redact(text)
    assert value not in result.text
    assert f"[redacted:{kind}#" in result.text
    assert kind in KINDS and redact(result.text).text == result.text  # idempotent


@pytest.mark.parametrize(("kind", "text", "value"), NEW_SECRETS[:12], ids=[k for k, _, _ in NEW_SECRETS[:12]])
def test_kind_is_redacted_inside_json_text(kind: str, text: str, value: str) -> None:
    """Transcripts are JSON: the secret may follow an escaped newline or sit in an escaped string."""
    encoded = json.dumps({"command": f"first line\n{text}\nlast"})
    assert value not in redact(encoded).text


def test_the_issue_cases() -> None:
    pem = " ".join(["-----BEGIN RSA PRIVATE KEY-----", *(rnd(64, string.ascii_letters + "+/") for _ in range(4)),
                    "Ab12==", "-----END RSA PRIVATE KEY-----"])
    body = pem.split()[5]
    assert body not in redact(f"id_rsa: {pem} (pasted)").text
    assert redact(f"id_rsa: {pem} (pasted)").text.endswith(" (pasted)")  # the words after the key stay
    assert "Secr3tPW" not in redact("redis-cli -u redis://:Secr3tPW@10.1.1.1:6379").text
    assert "rootpw99" not in redact("mysqldump --single-transaction -uroot -prootpw99 shop > s.sql").text
    assert "deployPW1" not in redact('sshpass -p"deployPW1" rsync -a . host:/srv').text
    assert "usr:hunter22" not in redact("curl -u usr:hunter22 https://api.example").text


LOOK_ALIKES = [
    "commit 3f786850e387550fdab836ed7e6dc881de23001b, short 3f78685, tree da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "request 123e4567-e89b-12d3-a456-426614174000 and SK-1234 ticket",
    "mysql -u root -p shop", "mysql -u root -p$MYSQL_PASSWORD shop", 'sshpass -p "$SSHPASS" ssh host',
    "key-value store, key-based routing, a dashboard", "npm_config_cache=/tmp/npm and npm_lifecycle_event",
    "the do_v1_migration function", "SG.utils.parse and glc_parser", "api_org_chart component",
    "curl -u $USER:$TOKEN https://x", "redis://localhost:6379/0 and redis://:@host",
    "-----BEGIN RSA PRIVATE KEY----- (header only)", "pip install dapi-client", "EAAA is a label",
    "hvs.example_name", "SKIP_TESTS=1 and SKU12345", "AccountKey=<your key here>",
    "the bot's id MTA.GhIjKl.abc", "gsk_short", "see https://hooks.slack.com/services/ for setup",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_is_left_alone(text: str) -> None:
    assert redact(text).text == text


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=20, max_size=300))
def test_hashes_are_left_alone(data: bytes) -> None:
    text = " ".join([hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest()[:7],
                     hashlib.sha256(data).hexdigest(), str(uuid.UUID(bytes=hashlib.md5(data).digest()))])
    assert redact(f"commit {text} done").count == 0


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=30, max_size=600))
def test_base64_images_are_left_alone(data: bytes) -> None:
    uri = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + data).decode()
    assert redact(f"![shot]({uri})").count == 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=12), min_size=1, max_size=30),
       st.sampled_from([" ", "-", "_", ".", "/", ", "]))
def test_ordinary_words_are_left_alone(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert redact(text).text == text


def _full_passes(text: str) -> str:
    """redact() as it was: whole-text passes until nothing is found (the reference for the shortcut)."""
    from mso_tui.redaction import find_secrets, marker

    for _ in range(5):
        found = find_secrets(text)
        if not found:
            break
        ends = [0] + [s.end for s in found]
        text = "".join(text[p:s.start] + marker(s.kind, text[s.start:s.end]) for p, s in zip(ends, found)) \
            + text[ends[-1]:]
    return text


_PIECES = [line for _, line, _ in NEW_SECRETS] + LOOK_ALIKES + ["AKIA", "password=", "Bearer ", "\\n", "-----BEGIN"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.integers(0, 6000)), min_size=1, max_size=8))
def test_settling_check_gives_what_full_passes_give(parts: list[tuple[str, int]]) -> None:
    """redact() re-scans only around its markers; the result must equal re-scanning the whole text."""
    text = "".join(piece + " " + "lorem ipsum " * (gap // 12) for piece, gap in parts)
    assert redact(text).text == _full_passes(text)
