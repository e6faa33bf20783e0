"""Check the [keys] table of the config: unknown binding ids, keys that are no key, clashes; bad entries dropped."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {k.value for k in Keys} | set(KEY_NAME_REPLACEMENTS.values()) | {"space"}


@dataclass(frozen=True)
class KeymapCheck:
    """The entries that can be applied, and one line per entry that was dropped."""

    keymap: dict[str, str]
    problems: list[str]


def is_key(key: str) -> bool:
    """True when key names a key Textual can bind: 'f2', 'ctrl+o', 'question_mark', '?'."""
    *mods, name = key.strip().split("+") if key.strip() != "+" else ["+"]
    if not name or any(m not in MODIFIERS for m in mods):
        return False
    if len(name) == 1 and name.isprintable() and not name.isspace():
        return True
    return name in _NAMED or f"ctrl+{name}" in _NAMED or key_to_character(name) is not None


def owned_bindings() -> dict[str, list[tuple[str, str]]]:
    """Binding id -> [(owner, key)] for the app's bindings and those of every mso screen and widget."""
    from mso_tui.tui.bindings import app_bindings

    found: dict[str, list[tuple[str, str]]] = {}
    for b in app_bindings():
        found.setdefault(b.id or "", []).append(("app", b.key))
    import mso_tui.tui.screens
    import mso_tui.tui.widgets

    for package in (mso_tui.tui.screens, mso_tui.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and value.__module__ == module.__name__:
                    for b in getattr(value, "BINDINGS", []):
                        if isinstance(b, Binding) and b.id:
                            found.setdefault(b.id, []).append((value.__name__, b.key))
    found.pop("", None)
    return found


def check_keymap(keys: dict[str, str]) -> KeymapCheck:
    """Keep the entries that name a known binding, a real key and no key another binding there has."""
    if not keys:  # the usual config: nothing to check, and finding the bindings imports every screen (~100 ms)
        return KeymapCheck({}, [])
    known = owned_bindings()
    problems: list[str] = []
    wanted: dict[str, str] = {}
    for bid, value in keys.items():
        bad = [k for k in value.split(",") if not is_key(k)]
        if bid not in known:
            problems.append(f"[keys] {bid!r}: no such binding id (the ? screen lists them)")
        elif bad or not value.strip():
            problems.append(f"[keys] {bid!r} = {value!r}: {(bad[0] if bad else value)!r} is not a key")
        else:
            wanted[bid] = value
    # keys as they would be with the remaps applied: a clash is judged against those, not the defaults
    used = [(owner, k.strip(), bid) for bid, places in known.items() for owner, key in places
            for k in wanted.get(bid, key).split(",")]
    keymap: dict[str, str] = {}
    for bid, value in wanted.items():
        owners = {owner for owner, _ in known[bid]}
        mine = {k.strip() for k in value.split(",")}
        clash = next((other for owner, key, other in used
                      if key in mine and other != bid and (owner in owners or "app" in (owner, *owners))), None)
        if clash is not None:
            problems.append(f"[keys] {bid!r} = {value!r}: clashes with {clash!r}; ignored")
        else:
            keymap[bid] = value
    return KeymapCheck(keymap, problems)
