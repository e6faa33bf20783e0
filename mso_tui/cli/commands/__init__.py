"""Subcommands of `mso`.

Each module here defines `register(subparsers)` that adds its parsers and sets `func=handler`
(handler(args) -> int exit status). cli.py discovers the modules, so adding a command touches
no shared file. Keep imports at the top of these modules light: `mso --help` loads them all.
"""
