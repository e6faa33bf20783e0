"""The layers of docs/architecture.md, checked over the import graph: the arrows that must never be."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mso_tui"
UI_LIBRARIES = ("textual", "textual_plotext", "rich")

# (the importing layer, the modules it must not import, why)
FORBIDDEN: list[tuple[str, tuple[str, ...], str]] = [
    ("mso_tui.handoff", ("peewee", "mso_tui.store", "mso_tui.services", "mso_tui.tui", "mso_tui.cli"),
     "engines work on records and files, never on the store or a UI"),
    ("mso_tui.importers", ("peewee", "mso_tui.store", "mso_tui.services", "mso_tui.tui", "mso_tui.cli"),
     "engines work on records and files, never on the store or a UI"),
    ("mso_tui.usage", ("peewee", "mso_tui.store", "mso_tui.services", "mso_tui.tui", "mso_tui.cli",
                       "mso_tui.importers", "mso_tui.handoff"),
     "the usage engine stands alone (its warm path imports almost nothing)"),
    ("mso_tui.store", ("mso_tui.services", "mso_tui.tui", "mso_tui.cli"), "the store knows no service"),
    ("mso_tui.services", ("mso_tui.tui", "mso_tui.cli"), "services serve both front ends and know neither"),
    ("mso_tui.cli", ("peewee", "mso_tui.store.models", "mso_tui.tui.screens", "mso_tui.tui.widgets"),
     "front ends ask services; only services touch Peewee models"),
    ("mso_tui.tui", ("peewee", "mso_tui.store.models", "mso_tui.cli"),
     "front ends ask services; only services touch Peewee models"),
]
# the shared top-level modules (records, errors, config, ...) sit below every layer
SHARED = ("peewee", "mso_tui.store", "mso_tui.services", "mso_tui.tui", "mso_tui.cli", "mso_tui.handoff",
          "mso_tui.importers", "mso_tui.usage", "mso_tui.demo")


def module_name(path: Path, package: Path) -> str:
    """mso_tui/a/b.py -> mso_tui.a.b (a package's __init__ is the package)."""
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in a file, wherever it is (lazy imports count too)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def within(name: str, prefix: str) -> bool:
    """name is prefix or below it."""
    return name == prefix or name.startswith(prefix + ".")


def crossings(package: Path = PACKAGE) -> list[str]:
    """Every import that crosses a forbidden arrow, as file:line: module (why)."""
    out = []
    for path in sorted(package.rglob("*.py")):
        name = module_name(path, package)
        rules = [(banned, why) for layer, banned, why in FORBIDDEN if within(name, layer)]
        if path.parent == package and path.name not in ("__init__.py", "__main__.py"):
            rules.append((SHARED, "the shared top-level modules sit below every layer"))
        if not within(name, "mso_tui.tui"):
            rules.append((UI_LIBRARIES, "nothing below the TUI imports Textual"))
        for banned, why in rules:
            hits: dict[int, str] = {}
            for line, imported in imports(path):
                if any(within(imported, b) for b in banned):
                    hits.setdefault(line, imported)  # `from a import b` names a and a.b: one hit a line
            out += [f"{path.relative_to(package.parent)}:{line}: {imported} ({why})" for line, imported in hits.items()]
    return sorted(out)


def test_no_import_crosses_a_forbidden_arrow() -> None:
    assert crossings() == []


@pytest.mark.parametrize(("file", "line"), [
    ("mso_tui/importers/bad.py", "from mso_tui.store import models"),
    ("mso_tui/usage/bad.py", "import peewee"),
    ("mso_tui/store/bad.py", "from mso_tui.services import sessions"),
    ("mso_tui/cli/commands/bad.py", "from mso_tui.store.models import Project"),
    ("mso_tui/services/bad.py", "from textual.widgets import Static"),
])
def test_a_forbidden_import_is_caught(tmp_path: Path, file: str, line: str) -> None:
    # the same check on a stand-in tree holding just one bad file
    bad = tmp_path / file
    bad.parent.mkdir(parents=True)
    bad.write_text(f"{line}\n", encoding="utf-8")
    found = crossings(tmp_path / "mso_tui")
    assert len(found) == 1 and found[0].startswith(f"{file}:1: ")
