"""`mso serve`: the TUI in a web browser through textual-serve (local only unless told otherwise)."""
from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True when host only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name we cannot vouch for may resolve to a public address


def serve_command(demo: bool = False) -> str:
    """The command textual-serve starts for each browser tab: this Python running mso's TUI."""
    parts = [sys.executable, "-m", "mso_tui"] + (["--demo"] if demo else [])
    return shlex.join(parts)


def exposure_message(host: str, port: int, token: str = "") -> tuple[str, bool]:
    """What to tell the user about where the app listens, and whether it is a warning."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    if is_loopback(host):
        return f"mso: serving on {url} (this machine only; use --host to listen elsewhere)", False
    return (f"mso: warning: serving on {url}, reachable from other machines. Anyone who can open it gets "
            "full access to the mso database (read, edit, delete). Put it behind an authenticating proxy "
            "or use an SSH tunnel to 127.0.0.1 instead."), True


def host_given(argv: list[str] | None) -> bool:
    """True when the user typed --host on the command line."""
    return any(a == "--host" or a.startswith("--host=") for a in argv or [])


def _serve(args: argparse.Namespace) -> int:
    """Refuse an unrequested exposure, print the URL with its token once, then serve until interrupted."""
    from mso_tui.cli.commands.serve_guard import guarded_server, new_token
    from mso_tui.cli.common import UserError
    from mso_tui.redaction.gate import raw_stream

    if not is_loopback(args.host) and not host_given(getattr(args, "argv", None)):
        raise UserError(f"refusing to listen on {args.host}: give --host explicitly to serve beyond this machine")
    token = new_token()
    message, warning = exposure_message(args.host, args.port, token)
    # past the output gate on purpose: the gate would mask the token, and the URL is useless without it
    stream = raw_stream(sys.stderr if warning else sys.stdout)
    print(message, file=stream, flush=True)
    guarded_server(serve_command(args.demo), args.host, args.port, token).serve()
    return 0


def _port(text: str) -> int:
    """argparse type: a TCP port number."""
    from mso_tui.cli.common import bounded_int

    return bounded_int(1, 65535, "a port number")(text)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the serve subcommand."""
    parser = sub.add_parser("serve", help="serve the TUI in a web browser (textual-serve)",
                            description="Serve the TUI in a browser. Binds 127.0.0.1 unless --host says otherwise.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--demo", action="store_true", help="serve the app on a generated demo database")
    parser.set_defaults(func=_serve)
