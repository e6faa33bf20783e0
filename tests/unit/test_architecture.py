"""House rules checked mechanically: no Textual below the UI, lazy heavy imports, styles in the wheel."""
from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DIRS = ("mso_tui/store", "mso_tui/handoff", "mso_tui/importers")


def _imports(path: Path) -> set[str]:
    """Top-level module names a file imports (anywhere in it)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engines_never_import_textual() -> None:
    offenders = [str(p.relative_to(ROOT)) for d in ENGINE_DIRS for p in (ROOT / d).rglob("*.py")
                 if {"textual", "textual_plotext", "rich"} & _imports(p)]
    assert offenders == []


def test_help_and_startup_do_not_import_heavy_libraries() -> None:
    code = ("import sys; from mso_tui.cli import build_parser; build_parser(); import mso_tui.tui.app; "
            "print(','.join(m for m in ('huggingface_hub', 'plotext', 'textual_plotext', 'httpx') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_wheel_ships_styles(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, cwd=ROOT)
    wheel = next(tmp_path.glob("mso_tui-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    styles = sorted(p.name for p in (ROOT / "styles").glob("*.tcss"))
    assert styles, "styles/ has no .tcss files"
    assert sorted(n.split("/")[-1] for n in names if n.startswith("mso_tui/styles/") and n.endswith(".tcss")) == styles
    assert "mso_tui/usage/prices.json" in names
