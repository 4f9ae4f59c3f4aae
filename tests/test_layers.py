"""The layers' import rules: core and storage know nothing of Qt or the network, spotify
nothing of Qt. Checked on the source (every import statement, also inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "app"
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
NETWORK = {"spotipy", "requests", "urllib3", "http", "httpx", "aiohttp", "socket", "urllib"}
FORBIDDEN = {
    "core": QT | NETWORK | {"app.storage", "app.spotify", "app.ui", "app.cli"},
    "storage": QT | NETWORK | {"app.spotify", "app.ui", "app.cli"},
    "spotify": QT | {"app.ui", "app.cli"},
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(layer: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for line, module in imported_modules(path):
            for banned in FORBIDDEN[layer]:
                if module == banned or module.startswith(banned + "."):
                    bad.append(f"{path.relative_to(ROOT.parent)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer):
    assert violations(layer) == []


def test_the_check_catches_a_violation(tmp_path, monkeypatch):
    fake_root = tmp_path / "app"
    (fake_root / "core").mkdir(parents=True)
    (fake_root / "core" / "bad.py").write_text("def f():\n    from PySide6 import QtCore\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake_root)
    assert violations("core") == ["app/core/bad.py:2 imports PySide6"]


def test_core_and_storage_load_without_qt_or_network():
    """Importing the lower layers in a fresh interpreter pulls in neither Qt nor spotipy."""
    import subprocess
    import sys

    code = (
        "import sys, app.core.dossier, app.core.playlist, app.core.presets, "
        "app.storage.dossier_file, app.storage.yamlio;"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'spotipy', 'requests', 'urllib3')];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT.parent
    )
    assert out.stdout.strip() == ""
