"""`mso serve`: local by default, a loud warning elsewhere, the right command for textual-serve."""
from __future__ import annotations

import sys

import pytest

from mso_tui.cli import build_parser, main
from mso_tui.cli.commands import serve


def test_defaults_bind_loopback() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.demo) == ("127.0.0.1", 8000, False)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts(host: str) -> None:
    assert serve.is_loopback(host)
    assert "this machine only" in serve.exposure_message(host, 8000)[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org", "::"])
def test_other_hosts_warn(host: str) -> None:
    message, warning = serve.exposure_message(host, 9000, "tok")
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address is bracketed in a URL
    assert warning and "full access" in message and f"{shown}:9000/?token=" in message


def test_command_runs_this_python() -> None:
    assert serve.serve_command().startswith(sys.executable.replace(" ", "\\ ")[:5])
    assert serve.serve_command(demo=True).endswith("-m mso_tui --demo")


def test_bad_port_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "http"]) == 2
    assert "not a port number" in capsys.readouterr().err


def test_serve_prints_warning_and_starts_server(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    started = {}

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            started.update(command=command, host=host, port=port)

        def serve(self) -> None:
            started["served"] = True

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert started["served"] and started["port"] == 8123 and started["command"].endswith("-m mso_tui")
    assert "warning" in capsys.readouterr().err
