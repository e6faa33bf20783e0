"""The LLM generator against a fake OpenAI-compatible server on 127.0.0.1: success, add-back, every failure."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from mso_tui.config import LLMSettings
from mso_tui.handoff import llm
from tests.helpers.handoff_fixtures import Turns, make_input

GOOD = "\n".join(["# Handoff", "## Goal and project context", "- Orders get a discount field.",
                  "## Accomplished", "- Edited `src/orders.py`.", "## Blockers and unresolved errors",
                  "- `npm run build` fails: error TS2304: Cannot find name 'foo'.", "## Next steps",
                  "- Fix the build, then update the admin form.", "## Decisions and technical notes",
                  "- Discounts are stored in cents."] * 2)


class Fake:
    """What the server should do next, and what it saw."""

    mode = "ok"
    text = GOOD
    auth: list[str] = []
    bodies: list[dict] = []


class Handler(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/chat/completions with switchable failures."""

    def log_message(self, *args: object) -> None:  # keep test output clean
        """Silence the default access log."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        """Answer one chat completion according to Fake.mode."""
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        Fake.auth.append(self.headers.get("Authorization", ""))
        Fake.bodies.append(body)
        mode = Fake.mode
        if mode.isdigit():
            return self._send(int(mode), {"error": {"message": f"fake {mode}"}})
        if mode == "timeout":
            time.sleep(1.5)
        text = {"empty": "", "short": "ok"}.get(mode, Fake.text)
        if not body.get("stream"):
            return self._send(200, {"id": "x", "object": "chat.completion", "created": 0, "model": body.get("model"),
                                    "choices": [{"index": 0, "finish_reason": "stop",
                                                 "message": {"role": "assistant", "content": text}}]})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = [text[i:i + 40] for i in range(0, len(text), 40)] or [""]
        for n, piece in enumerate(pieces):
            if mode == "stream_error" and n == 2:
                self.wfile.write(b'data: {"error": "model crashed mid-stream", "error_type": "generation"}\n\n')
                return
            chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body.get("model"),
                     "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def _send(self, status: int, payload: dict) -> None:
        """A JSON response."""
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The fake server's base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh fake state and an HF token in the environment that must never reach the fake server."""
    Fake.mode, Fake.text, Fake.auth, Fake.bodies = "ok", GOOD, [], []
    monkeypatch.setenv("HF_TOKEN", "hf_SECRETSECRETSECRET")
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)


def session_input():
    """A session with an edit and a failing build (key items: file, command, error, request, todo)."""
    t = Turns().add("user", "Add a discount field to orders.")
    t.call("Edit", "src/orders.py", {"file_path": "src/orders.py"}, "ok")
    t.call("Bash", "npm run build", {"command": "npm run build"}, "error TS2304: Cannot find name 'foo'.", exit_code=2)
    t.call("TodoWrite", "[ ] update the admin form",
           {"todos": [{"content": "Update the admin form", "status": "pending"}]}, "ok")
    return make_input(t)


def settings(base: str, stream: bool, **kw) -> LLMSettings:
    """LLM settings for the fake server."""
    return LLMSettings(**{"model": "fake-model", "base_url": base, "timeout": 0.5, "stream": stream, **kw})


@pytest.mark.parametrize("stream", [False, True])
def test_success_adds_back_dropped_items(server: str, stream: bool) -> None:
    seen: list[str] = []
    result = llm.generate(session_input(), settings(server, stream), on_text=seen.append)
    assert result.kind == "hybrid" and result.generator_model == "fake-model"
    assert "## Key items added back from the extractive draft" in result.master_prompt
    # the draft's own line brings the dropped request back (no second "user request:" line repeats it)
    added = result.master_prompt.split("## Key items added back from the extractive draft", 1)[1]
    assert "User asked: Add a discount field to orders." in added and "user request:" not in added
    assert result.coverage == 1.0 and "added back" in result.notes
    assert "".join(seen) == GOOD
    body = Fake.bodies[-1]
    assert body["model"] == "fake-model" and body["temperature"] == 0 and body["stream"] is stream
    assert Fake.auth == ["Bearer no-key"]
    assert "npm run build" in body["messages"][1]["content"]


def test_complete_output_is_kind_llm(server: str) -> None:
    Fake.text = GOOD + "\n- User asked: Add a discount field to orders.\n- Update the admin form\n"
    result = llm.generate(session_input(), settings(server, False, api_key="sk-local"))
    assert result.kind == "llm" and result.notes == "" and result.coverage == 1.0
    assert Fake.auth == ["Bearer sk-local"]
    assert "_Generator: llm (fake-model)" in result.master_prompt


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("mode, expected", [
    ("401", "HTTP 401"), ("403", "HTTP 403"), ("404", "HTTP 404"), ("429", "HTTP 429"), ("500", "HTTP 500"),
    ("503", "HTTP 503"), ("timeout", "timeout after 0.5s"), ("empty", "output empty or too short"),
    ("short", "output empty or too short (2 characters)"),
])
def test_failures_fall_back(server: str, stream: bool, mode: str, expected: str) -> None:
    Fake.mode = mode
    result = llm.generate(session_input(), settings(server, stream))
    assert result.kind == "extractive" and expected in result.notes and "extractive handoff used" in result.notes
    assert "hf_SECRET" not in result.notes and "hf_SECRET" not in result.master_prompt
    assert all("hf_SECRET" not in a for a in Fake.auth)


def test_error_event_mid_stream(server: str) -> None:
    Fake.mode = "stream_error"
    result = llm.generate(session_input(), settings(server, True))
    assert result.kind == "extractive" and "model crashed mid-stream" in result.notes


@pytest.mark.parametrize("stream", [False, True])
def test_connection_refused(stream: bool) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens there
    result = llm.generate(session_input(), settings(f"http://127.0.0.1:{port}", stream))
    assert result.kind == "extractive" and "connection failed (ConnectError)" in result.notes


def test_offline_mode(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", True)
    result = llm.generate(session_input(), settings(server, True))
    assert "offline mode" in result.notes and Fake.bodies == []


def test_no_model_configured() -> None:
    result = llm.generate(session_input(), LLMSettings())
    assert result.kind == "extractive" and "no model configured" in result.notes


def test_service_stores_llm_handoff_without_token(server: str, store, monkeypatch: pytest.MonkeyPatch) -> None:
    from mso_tui.config import Settings
    from mso_tui.services.handoffs import generate_for_session
    from mso_tui.store import models as m

    project = m.Project.create(name="p")
    s = m.Session.create(project=project, number=1, status="completed", accomplishments=["Shipped"])
    record = generate_for_session(s.id, use_llm=True, settings=Settings(llm=settings(server, True)))
    assert record.kind in ("llm", "hybrid") and record.generator_model == "fake-model"
    dump = json.dumps([list(r) for r in m.Handoff.select().tuples()], default=str)
    assert "hf_SECRET" not in dump and "no-key" not in dump


def test_secrets_are_masked_before_sending_and_counted(server: str) -> None:
    secret = "ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF2hJ5"  # built here, so no key-shaped literal sits in git
    t = Turns().add("user", f"use GITHUB_TOKEN={secret} for the release script")
    statuses: list[str] = []
    llm.generate(make_input(t), settings(server, False), on_status=statuses.append)
    sent = json.dumps(Fake.bodies[-1])
    assert secret not in sent and "[redacted:" in sent
    assert any(s.startswith("redacted ") and "before sending" in s for s in statuses), statuses


def test_llm_handoff_keeps_every_extractive_item_the_model_dropped(server: str) -> None:
    from mso_tui.handoff.extractive import generate as extractive

    t = Turns().add("user", "Add a discount field to orders.")
    t.add("assistant", "I decided to store the discount in cents because floats drift; `DISCOUNT_CAP` is 5000.")
    t.call("Bash", "pytest -q", {"command": "pytest -q"}, "41 passed in 2.10s")
    inp = make_input(t)
    draft = extractive(inp)
    result = llm.generate(inp, settings(server, False))
    low = result.master_prompt.lower()
    for key, items in draft.sections.items():
        for item in items:
            assert " ".join(item.lower().split()) in " ".join(low.split()), (key, item)


def test_eval_with_the_llm_is_never_below_the_extractive_handoff_on_the_corpus(server: str, corpus_dir) -> None:
    """Issue 13: whatever the model drops, the extractive items come back; per file, recall does not fall."""
    from mso_tui.config import Settings
    from mso_tui.services.evaluation import evaluate

    facts = [corpus_dir / "facts.json", corpus_dir / "facts-dev.json"]
    plain = {f["file"]: f for f in evaluate(corpus_dir, facts)["files"]}
    with_llm = evaluate(corpus_dir, facts, use_llm=True, settings=Settings(llm=settings(server, False)))["files"]
    assert len(with_llm) == len(plain) and Fake.bodies  # the model was asked
    for row in with_llm:
        assert row["kind"] in ("llm", "hybrid"), row["file"]  # the model's text (items added back), not a fallback
        assert row["recall"] >= plain[row["file"]]["recall"], row["file"]
