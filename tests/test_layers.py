"""The layers' import rules, written as import-linter contracts in pyproject.toml: core and
storage know nothing of Qt or the network, spotify nothing of Qt, the command line opens
the window only through its launch.  Imports inside functions count too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """Check the contracts on the ``app`` package found in ``project``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=project,
    )


def test_every_layer_contract_is_kept():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_of_project(tmp_path: Path) -> Path:
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    shutil.copytree(PROJECT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("*.pyc"))
    return tmp_path


def test_a_lower_layer_importing_qt_breaks_a_contract(tmp_path):
    project = copy_of_project(tmp_path)
    (project / "app" / "core" / "planted.py").write_text(
        "def f():\n    from PySide6 import QtCore\n", encoding="utf-8"
    )
    result = lint_imports(project)
    assert result.returncode == 1
    assert "app.core.planted -> PySide6 (l.2)" in result.stdout


def test_the_command_line_importing_a_panel_breaks_a_contract(tmp_path):
    project = copy_of_project(tmp_path)
    (project / "app" / "cli" / "planted.py").write_text(
        "from app.ui import playlist_panel\n", encoding="utf-8"
    )
    result = lint_imports(project)
    assert result.returncode == 1
    assert "app.cli.planted -> app.ui.playlist_panel (l.1)" in result.stdout


def test_core_and_storage_load_without_qt_or_network():
    """What the contracts cannot see: a library the lower layers use that pulls in Qt or
    the network when imported.  A fresh interpreter loads neither."""
    code = (
        "import sys, app.core.dossier, app.core.playlist, app.core.presets, "
        "app.storage.dossier_file, app.storage.yamlio;"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'spotipy', 'requests', 'urllib3')];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    assert out.stdout.strip() == ""
