"""The window on screens from a 1024×640 laptop to a 2560×1440 desktop at 200 %.

Each screen is its own process (tests/window/window_probe.py): the offscreen platform takes
the screen's size from a configuration file, and a scale factor only applies to an
application created after it is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.storage.dossier_file import load_dossier
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow
from tests.paths import REPO


def fits(frame: QRect, available: QRect) -> bool:
    return available.contains(frame)


PROBE = Path(__file__).parent / "window_probe.py"
SCREENS = [
    # (width, height, QT_SCALE_FACTOR)
    (1024, 640, 1),
    (1280, 720, 1),
    (1920, 1080, 1),
    (2560, 1440, 2),
    (1920, 1080, 2),
]


def probe(width: int, height: int, scale: int) -> dict:
    env = dict(os.environ, QT_SCALE_FACTOR=str(scale))
    env.pop("QT_QPA_PLATFORM", None)  # the probe names its own screen
    done = subprocess.run(
        [sys.executable, str(PROBE), str(width), str(height)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS, ids=lambda v: str(v))
def test_every_text_shows_whole_and_the_window_fits_the_screen(width, height, scale):
    found = probe(width, height, scale)
    available = QRect(*found["available"])
    assert (available.width(), available.height()) == (width // scale, height // scale)
    assert fits(QRect(*found["frame"]), available), found["frame"]
    assert found["cut"] == []
    assert not [m for m in found["messages"] if m.startswith("qt.svg")]


def test_the_window_uses_the_screen_it_has(qtbot):
    """Not a fixed size: on the tests' 800×800 offscreen screen the window fits inside."""
    make_application()
    window = MainWindow(load_dossier(), window_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert fits(window.frameGeometry(), window.screen().availableGeometry())
    assert window.columns.tabbed  # 800 px: the story and the playlist share a column


def test_a_saved_geometry_too_large_for_this_screen_is_not_restored(qtbot):
    make_application()
    settings = window_settings()
    big = MainWindow(load_dossier(), settings)
    qtbot.addWidget(big)
    big.setGeometry(0, 0, 2400, 1500)  # saved on a larger screen
    big.save_state()
    big.close()
    window = MainWindow(load_dossier(), window_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert fits(window.frameGeometry(), window.screen().availableGeometry())


def test_a_saved_geometry_that_fits_is_restored(qtbot):
    make_application()
    first = MainWindow(load_dossier(), window_settings())
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(40, 60, 700, 520)
    qtbot.waitUntil(lambda: first.geometry() == QRect(40, 60, 700, 520))
    first.save_state()
    first.close()
    second = MainWindow(load_dossier(), window_settings())
    qtbot.addWidget(second)
    second.show()
    assert second.geometry() == QRect(40, 60, 700, 520)


def test_starting_the_window_draws_no_svg_at_an_absurd_size(qtbot):
    """The icon at the sizes a desktop asks for (title bar, task bar, switcher) draws cleanly."""
    messages: list[str] = []
    previous = qInstallMessageHandler(
        lambda _kind, context, text: messages.append(f"{context.category}: {text}")
    )
    try:
        make_application()
        window = MainWindow(load_dossier(), window_settings())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        icon: QIcon = window.windowIcon()
        assert not icon.isNull()
        for size in (16, 22, 24, 32, 48, 64, 128, 256):
            assert not icon.pixmap(size, size).isNull()
    finally:
        qInstallMessageHandler(previous)
    assert [m for m in messages if m.startswith("qt.svg")] == []


def _looks(widget) -> bytes:
    QApplication.processEvents()
    image = widget.grab().toImage()
    return bytes(image.constBits())


def test_every_kind_of_control_shows_its_focus_and_its_check(qtbot):
    """Drawn with and without focus (and ticked or not), each control looks different."""
    make_application()
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    primary = QPushButton("Use This Track")
    primary.setObjectName("primary")
    menu_button = QToolButton()
    menu_button.setText("Spotify: sign in")
    menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu_button.setMenu(QMenu(menu_button))
    check = QCheckBox("Make new Spotify playlists public")
    tabs = QTabBar()
    tabs.addTab("Story")
    tabs.addTab("Playlist")
    controls = [QPushButton("Cancel"), primary, menu_button, check, QLineEdit("Night"), tabs]
    combo = QComboBox()
    combo.addItems(["All entries", "With any commentary"])
    controls.append(combo)
    parking = QLineEdit()  # where the focus goes when it leaves a control
    for control in [*controls, parking]:
        layout.addWidget(control)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    for control in controls:
        parking.setFocus()
        qtbot.waitUntil(parking.hasFocus)
        without = _looks(control)
        control.setFocus()
        qtbot.waitUntil(control.hasFocus)
        changed = _looks(control) != without
        assert changed, f"{type(control).__name__} {control.objectName()} shows no focus"
    unticked = _looks(check)
    check.setChecked(True)
    ticked = _looks(check) != unticked
    assert ticked, "the check box looks the same ticked and unticked"


def test_the_columns_follow_the_window_width_and_keep_their_sizes(qtbot):
    make_application()
    window = MainWindow(load_dossier(), window_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    splitter = window.splitter
    assert window.columns.tabbed  # the tests' 800 px screen

    def shown() -> list:
        return [
            splitter.widget(i) for i in range(splitter.count()) if splitter.widget(i).isVisible()
        ]

    assert shown() == [window.browser, window.columns.tabs]
    window.resize(1300, 700)  # a person widens the window: three columns
    qtbot.waitUntil(lambda: not window.columns.tabbed)
    assert shown() == [window.browser, window.detail, window.playlist_side]
    splitter.setSizes([420, 380, 470])
    wide = splitter.sizes()
    window.resize(900, 700)  # and narrows it again: the story and the playlist as tabs
    qtbot.waitUntil(lambda: window.columns.tabbed)
    tabs = window.columns.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Story", "Playlist"]
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.playlist_panel.isVisible() and not window.detail.isVisible()
    window.resize(1300, 700)
    qtbot.waitUntil(lambda: not window.columns.tabbed)
    assert splitter.sizes() == wide  # the three columns as the person left them
