"""Issue 11: `mso serve` lets in only the browser that opened the printed URL (token, Host, Origin).

A real server on 127.0.0.1 and a free port, started by the test; each request is bounded in time.
"""
from __future__ import annotations

import argparse
import gc
import shlex
import sys
from typing import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from mso_tui.cli import main
from mso_tui.cli.commands import serve
from mso_tui.cli.commands.serve_guard import COOKIE, allowed_hosts, guarded_server, new_token, refusal

TIMEOUT = aiohttp.ClientTimeout(total=10)


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, str]]:
    """The guarded textual-serve app listening on 127.0.0.1; yields its base URL and token."""
    token = new_token()
    # the browser's app process: one that exits at once (the guard is under test, not the TUI)
    command = shlex.join([sys.executable, "-c", "pass"])
    probe = TestServer(aiohttp.web.Application(), host="127.0.0.1", port=0)
    await probe.start_server()
    port = probe.port
    await probe.close()  # a port that was free a moment ago; the guarded app must know it to check Host
    app = await guarded_server(command, "127.0.0.1", port, token)._make_app()
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    try:
        yield f"http://127.0.0.1:{port}", token
    finally:
        await server.close()
        gc.collect()  # the app process's transport goes while its event loop still runs


def _jar() -> aiohttp.CookieJar:
    """A cookie jar that keeps cookies of an IP address, as browsers do (aiohttp's default drops them)."""
    return aiohttp.CookieJar(unsafe=True)


async def _status(url: str, headers: dict[str, str] | None = None, cookies: dict[str, str] | None = None) -> int:
    async with aiohttp.ClientSession(timeout=TIMEOUT, cookies=cookies, cookie_jar=_jar()) as session:
        async with session.get(url, headers=headers or {}, allow_redirects=False) as response:
            return response.status


async def test_page_needs_the_token(served: tuple[str, str]) -> None:
    base, token = served
    assert await _status(f"{base}/") == 403
    assert await _status(f"{base}/?token=wrong") == 403
    assert await _status(f"{base}/static/js/textual.js") == 403
    assert await _status(f"{base}/?token={token}") == 200


async def test_token_sets_a_strict_cookie_that_later_requests_use(served: tuple[str, str]) -> None:
    base, token = served
    async with aiohttp.ClientSession(timeout=TIMEOUT, cookie_jar=_jar()) as session:
        async with session.get(f"{base}/?token={token}") as response:
            assert response.status == 200
            cookie = response.cookies[COOKIE]
            assert cookie.value == token and cookie["httponly"] and cookie["samesite"] == "Strict"
            assert token not in await response.text()  # the page never repeats the token
        async with session.get(f"{base}/static/js/textual.js") as response:
            assert response.status == 200


async def test_foreign_origin_and_wrong_host_are_refused(served: tuple[str, str]) -> None:
    base, token = served
    url = f"{base}/?token={token}"
    assert await _status(url, {"Origin": "http://evil.example"}) == 403
    assert await _status(url, {"Origin": "null"}) == 403
    assert await _status(url, {"Host": "evil.example:80"}) == 403  # DNS rebinding
    assert await _status(url, {"Host": "evil.example", "Origin": "http://evil.example"}) == 403
    assert await _status(url, {"Origin": base}) == 200
    assert await _status(url.replace("127.0.0.1", "localhost")) in (200, 403)  # resolves where it may


async def test_websocket_needs_token_and_same_origin(served: tuple[str, str]) -> None:
    base, token = served
    ws = base.replace("http", "ws") + "/ws?width=80&height=24"
    async with aiohttp.ClientSession(timeout=TIMEOUT, cookie_jar=_jar()) as session:
        for headers, cookies in (({}, {}), ({"Origin": "http://evil.example"}, {COOKIE: token}),
                                 ({"Origin": base}, {COOKIE: "wrong"})):
            session.cookie_jar.clear()
            session.cookie_jar.update_cookies(cookies)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(ws, headers=headers)
            assert refused.value.status == 403
        session.cookie_jar.update_cookies({COOKIE: token})
        async with session.ws_connect(ws, headers={"Origin": base}) as socket:
            assert not socket.closed  # in: the app process was started for this browser


def test_refusal_rules() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000)
    assert hosts is not None and {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"} <= hosts
    ok = {"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"}
    assert refusal(ok, {"token": "t"}, {}, "t", hosts) is None
    assert refusal(ok, {}, {COOKIE: "t"}, "t", hosts) is None
    assert "token" in (refusal(ok, {}, {}, "t", hosts) or "")
    assert "Host" in (refusal({**ok, "Host": "a.example:8000"}, {"token": "t"}, {}, "t", hosts) or "")
    assert "origin" in (refusal({**ok, "Origin": "http://a.example"}, {"token": "t"}, {}, "t", hosts) or "")
    assert allowed_hosts("0.0.0.0", 8000) is None  # every address: any Host, still token and Origin
    assert allowed_hosts("::1", 80) == {"[::1]:80", "[::1]", "127.0.0.1:80", "127.0.0.1", "localhost:80",
                                        "localhost"}
    assert new_token() != new_token() and len(new_token()) >= 40


def test_url_with_token_is_printed_once_unmasked(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    served = {}

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            served.update(host=host, port=port)

        def serve(self) -> None:
            served["served"] = True

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    assert main(["serve", "--port", "8765"]) == 0
    out = capsys.readouterr().out
    assert served["served"] and served["host"] == "127.0.0.1"
    assert out.count("http://127.0.0.1:8765/?token=") == 1 and "[redacted" not in out
    token = out.split("?token=")[1].split()[0]
    assert len(token) >= 40


def test_non_loopback_bind_needs_an_explicit_host(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(host="0.0.0.0", port=8000, demo=False, argv=["serve"])
    with pytest.raises(Exception, match="give --host explicitly"):
        serve._serve(args)
    assert serve.host_given(["serve", "--host", "0.0.0.0"]) and serve.host_given(["serve", "--host=::"])


def test_doctor_reports_the_serve_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("serve:"))
    assert "token" in line and "Origin" in line and "127.0.0.1" in line
