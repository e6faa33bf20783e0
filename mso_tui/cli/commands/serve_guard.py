"""Who may drive `mso serve`: a per-run secret token, and Host and Origin checks on every request.

Binding 127.0.0.1 keeps other machines out, not other local users nor web pages open in the user's
browser (they reach 127.0.0.1 too, and DNS rebinding gives them a Host of their choosing). So, as
Jupyter does, each run makes a random token that is printed once with the URL; the first request
brings it as `?token=`, which sets an HttpOnly, SameSite=Strict cookie for the page's later requests
(static files, the websocket, downloads). A request whose Host is not this server's address, or
whose Origin is another site, is refused with 403 before any handler runs.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Any, Awaitable, Callable

COOKIE = "mso_serve_token"
POLICY = ("a random token per run (printed once with the URL), Host and Origin checked on the page and "
          "the websocket; binds 127.0.0.1 unless --host is given")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def new_token() -> str:
    """A fresh secret for one run of the server."""
    return secrets.token_urlsafe(32)


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """Host header values this server answers to; None when it listens on every address (any Host)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    from mso_tui.cli.commands.serve import is_loopback

    names = {f"[{host}]" if ":" in host and not host.startswith("[") else host}
    if is_loopback(host):
        names.update(LOOPBACK_HOSTS)
    result = {f"{name.lower()}:{port}" for name in names}
    if port == 80:  # a browser leaves the default port out of Host
        result.update(name.lower() for name in names)
    return frozenset(result)


def _same(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(a.encode(), b.encode())


def refusal(headers: Any, query: Any, cookies: Any, token: str, hosts: frozenset[str] | None) -> str | None:
    """Why a request must be refused, or None when it may go on."""
    host = headers.get("Host", "").lower()
    if hosts is not None and host not in hosts:
        return "unexpected Host header"
    origin = headers.get("Origin")
    if origin is not None and origin.lower() not in (f"http://{host}", f"https://{host}"):
        return "cross-origin request"
    given = query.get("token") or cookies.get(COOKIE) or ""
    if not given or not _same(given, token):
        return "missing or wrong token: open the URL that `mso serve` printed"
    return None


def guard(token: str, hosts: frozenset[str] | None) -> Callable[..., Awaitable[Any]]:
    """An aiohttp middleware enforcing `refusal`, and setting the cookie once the token came in the URL."""
    from aiohttp import web

    @web.middleware
    async def middleware(request: web.Request, handler: Callable[[web.Request], Awaitable[Any]]) -> Any:
        why = refusal(request.headers, request.query, request.cookies, token, hosts)
        if why is not None:
            raise web.HTTPForbidden(text=f"mso serve: {why}\n")
        response = await handler(request)
        if "token" in request.query and isinstance(response, web.Response) and not response.prepared:
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return middleware


def guarded_server(command: str, host: str, port: int, token: str) -> Any:
    """A textual-serve Server whose web app refuses every request that `refusal` refuses."""
    from textual_serve.server import Server

    class GuardedServer(Server):
        """textual-serve with the guard in front of every route."""

        async def _make_app(self) -> Any:
            """textual-serve's app, with the guard as its first middleware."""
            app = await super()._make_app()
            app.middlewares.insert(0, guard(token, allowed_hosts(host, port)))
            return app

        async def on_startup(self, app: Any) -> None:
            """Print nothing: `mso serve` printed the URL with its token once already."""

    return GuardedServer(command, host=host, port=port, title="mso")
