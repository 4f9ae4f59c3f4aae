"""Starting the program: the entries paint first, the playlist side follows in its place."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.core.playlist import Playlist, PlaylistItem
from app.storage.dossier_file import load_dossier
from app.storage.playlist_file import save_playlist
from app.ui.launch import make_application, run_window, window_settings
from app.ui.main_window import MainWindow
from tests.paths import REPO
from tests.program import HANG_GUARD


def test_entries_and_commentary_are_there_before_the_playlist_side(qtbot):
    make_application()
    window = MainWindow(load_dossier(), window_settings(), progressive=True)
    qtbot.addWidget(window)
    calls = []
    window.when_complete(lambda: calls.append(window.document))
    # Stage one only: nothing painted yet, so nothing of stage two has run.
    assert not window.is_complete and window.document is None and calls == []
    assert window.browser.visible_entry_count() == 23
    assert "Drive (Original Motion Picture Soundtrack)" in window.detail.toPlainText()
    assert [m.title() for m in window.menuBar().findChildren(type(window.file_menu))] == [
        "&File",
        "&Edit",
        "&View",
        "&Spotify",
        "&Help",
    ]
    assert window.windowTitle() == "Drive (2011) — Drive Playlist"

    window.show()  # the first paint starts stage two
    qtbot.waitUntil(lambda: window.is_complete)
    assert calls == [window.document]  # the waiting callback ran once, after the build
    assert window.playlist_panel.parentWidget() is window.playlist_side  # in the place kept
    assert window.document.model.rowCount() == 22  # the preset: the album and its influences
    assert window.file_menu.actions() and window.spotify_menu.actions()
    assert window.windowTitle().startswith("Drive (2011) — Untitled playlist")
    window.when_complete(lambda: calls.append("now"))  # once complete: at once
    assert calls[-1] == "now"


def test_a_window_that_is_never_painted_is_completed_all_the_same(qtbot):
    make_application()
    window = MainWindow(load_dossier(), window_settings(), progressive=True)
    qtbot.addWidget(window)
    assert not window.is_complete
    qtbot.waitUntil(lambda: window.is_complete, timeout=5000)  # never shown, never painted
    assert window.playlist_panel.parentWidget() is window.playlist_side


def test_closing_before_the_playlist_side_exists_keeps_the_window_state(qtbot):
    make_application()
    window = MainWindow(load_dossier(), window_settings(), progressive=True)
    qtbot.addWidget(window)
    window.splitter.setSizes([300, 300, 300][: window.splitter.count()])
    assert window.close()
    saved = window_settings()
    assert saved.value("window/splitter-tabbed") or saved.value("window/splitter")
    window.complete()  # what the fallback timer would do: nothing, once closed
    assert not window.is_complete and window.document is None


def test_the_program_opens_a_playlist_given_on_the_command_line(qtbot, tmp_path):
    """``drive-playlist FILE.yaml``: the file is opened once the window is complete."""
    path = tmp_path / "night.yaml"
    save_playlist(
        Playlist(
            name="Night drive",
            items=[PlaylistItem(title="Nightcall", artists=("Kavinsky",))],
            created="2026-01-01T00:00:00+00:00",
        ),
        path,
    )
    app = make_application()
    # The window is closed and the loop left by hand: a quit on the last window closing
    # would leave this test process's application shutting down for the tests after it.
    app.setQuitOnLastWindowClosed(False)
    seen: dict[str, object] = {}

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = windows[-1] if windows else None
        if window is None or not window.is_complete:
            if window is not None:
                seen.setdefault("entries before complete", window.browser.visible_entry_count())
            QTimer.singleShot(5, look)
            return
        qtbot.addWidget(window)  # torn down by the test like every other window
        qtbot.waitUntil(lambda: window.document.path is not None)
        seen["name"] = window.document.playlist.name
        seen["rows"] = window.document.model.rowCount()
        window.close()
        QApplication.instance().exit(0)

    QTimer.singleShot(0, look)
    try:
        assert run_window(playlist_path=str(path)) == 0
    finally:
        app.setQuitOnLastWindowClosed(True)
    assert seen == {"entries before complete": 23, "name": "Night drive", "rows": 1}


def test_the_whole_window_is_built_without_the_spotify_client():
    """spotipy and requests load with the first Spotify task, on its worker thread: loaded
    with the window, they made its playlist side take three times as long to appear."""
    child = (
        "import sys\n"
        "from app.storage.dossier_file import load_dossier\n"
        "from app.ui.launch import make_application, window_settings\n"
        "from app.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        "window = MainWindow(load_dossier(), window_settings())\n"
        "assert window.is_complete\n"
        "print(sorted({'spotipy', 'requests', 'urllib3'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child], cwd=REPO, capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_dossier_reader_is_loaded_before_qt():
    """PySide reads the source of every module imported after it: the dossier's reader,
    loaded first, spares the first paint that work."""
    child = (
        "import sys\n"
        "import app.ui.launch\n"
        "loaded = list(sys.modules)\n"
        "print(loaded.index('msgspec') < loaded.index('PySide6'),"
        " loaded.index('app.storage.dossier_format') < loaded.index('PySide6'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child], cwd=REPO, capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
