"""Calls into PySide6 that the program must not make, checked on the source.

PySide6 6.12.0's static application accessors drop a reference to ``None`` each time they
return ``None`` (no active window, no focus widget, ...): called often enough, the
process dies with "deallocating None".  The program has no need of them; a widget's own
``isActiveWindow()`` and ``hasFocus()`` answer the same questions safely.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "app"
LEAKING_NONE = {
    "activeWindow",
    "focusWidget",
    "activeModalWidget",
    "activePopupWidget",
    "focusWindow",
    "modalWindow",
}


def calls_named(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{path.name}:{node.lineno} calls {node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in names
    ]


def test_the_program_never_calls_the_accessors_that_drop_none():
    found = [hit for path in sorted(ROOT.rglob("*.py")) for hit in calls_named(path, LEAKING_NONE)]
    assert found == []


def test_the_check_sees_such_a_call(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtWidgets import QApplication\nQApplication.focusWidget()\n")
    assert calls_named(sample, LEAKING_NONE) == ["sample.py:2 calls focusWidget()"]


def test_calls_that_return_nothing_do_not_use_up_none(tmp_path):
    """The installed bindings keep None's count: PySide6 6.12.0 (excluded in pyproject.toml)
    dropped one reference per call that returns nothing, and this many calls killed the
    interpreter with "deallocating None"."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\n"
        "widget = QWidget()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(50_000):\n"
        "    widget.setObjectName('x')\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert abs(int(run.stdout.strip())) < 100
