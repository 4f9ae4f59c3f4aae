"""Open the program's window on an offscreen screen of a given size and report what is cut.

Run as a script, one screen per process (a scale factor must be set before the
application exists):

    QT_SCALE_FACTOR=2 python tests/window/window_probe.py 1920 1080

It starts the window as the program does, with a playlist whose tracks carry Spotify
matches (one waiting for review, so the candidates table shows), looks at every tab of
the window, at a message in its banner, at the sign-in and settings dialogs, and prints
one JSON object: the screen's available geometry, the window's frame, and every label,
button and header section whose text does not fit the room it has, with the Qt messages
printed meanwhile.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def use_screen(width: int, height: int) -> None:
    config = {
        "screens": [{"name": "probe", "x": 0, "y": 0, "width": width, "height": height}],
    }
    path = Path(tempfile.mkdtemp(prefix="window-probe-")) / "screen.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def matched_preset(dossier):
    """The program's preset playlist, as it reads after a Spotify match."""
    from app.core.playlist import Candidate, MatchStatus, TrackMatch
    from app.core.presets import make_preset

    playlist = make_preset("influences", dossier)
    items = []
    for row, item in enumerate(playlist.items):
        candidate = Candidate(
            uri=f"spotify:track:probe{row:04d}",
            title=item.title,
            artists=item.artists,
            album="A compilation with a rather long album title (Deluxe Edition)",
            year=2011,
            duration=item.duration or 240,
            score=0.97 - row / 100,
        )
        status = (MatchStatus.MATCHED, MatchStatus.REVIEW, MatchStatus.NOT_FOUND)[row % 3]
        if row == 5:
            status = MatchStatus.CHOSEN
        match = TrackMatch(
            status=status,
            uri=candidate.uri if status in (MatchStatus.MATCHED, MatchStatus.CHOSEN) else None,
            score=candidate.score if status is MatchStatus.MATCHED else None,
            chosen_by_user=status is MatchStatus.CHOSEN,
            track=candidate if status in (MatchStatus.MATCHED, MatchStatus.CHOSEN) else None,
            candidates=(candidate, replace(candidate, uri=candidate.uri + "b", score=0.5))
            if status is not MatchStatus.NOT_FOUND
            else (),
        )
        items.append(replace(item, match=match))
    return replace(playlist, items=items)


def main() -> None:
    width, height = int(sys.argv[1]), int(sys.argv[2])
    use_screen(width, height)
    os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="window-probe-home-")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import qInstallMessageHandler

    messages: list[str] = []
    qInstallMessageHandler(
        lambda _kind, context, text: messages.append(f"{context.category}: {text}")
    )

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QTabWidget

    from app.storage.dossier_file import load_dossier
    from app.storage.settings import Settings
    from app.ui.launch import make_application, window_settings
    from app.ui.main_window import MainWindow
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.spotify_account import WaitingDialog
    from tests.window.text_fit import cut_texts

    app = make_application([sys.argv[0]])
    dossier = load_dossier()
    window = MainWindow(dossier, window_settings(), matched_preset(dossier), progressive=True)
    window.show()

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        app.processEvents()

    while not window.is_complete:
        settle()
    window.playlist_panel.select_rows([1])  # a match waiting for review: its candidates show
    window.playlist_panel.table.setCurrentIndex(window.document.model.index(1, 1))
    settle()

    cut: list[dict] = []
    tabs = [t for t in window.findChildren(QTabWidget) if t.isVisible()]
    pages = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
    for tab_widget, index in pages:
        if tab_widget is not None:
            tab_widget.setCurrentIndex(index)
            settle()
        cut += [c for c in cut_texts(window) if c not in cut]
    # A problem in the banner, with its action, as a failed sign-in shows it.
    window.banner.show_message(
        "Spotify needs a client ID first: create a free app on Spotify's developer site "
        "and enter its ID in the settings.",
        [("Open Settings", lambda: None)],
    )
    settle()
    cut += [c for c in cut_texts(window) if c not in cut]
    waiting = WaitingDialog("http://127.0.0.1:8765/authorize?" + "x" * 80, window)
    waiting.show()
    settle()
    cut += cut_texts(waiting)
    waiting.close()
    dialog = SettingsDialog(Settings(), window)
    dialog.show()
    settle()
    cut += cut_texts(dialog)
    dialog.close()

    screen = window.screen()
    frame = window.frameGeometry()
    available = screen.availableGeometry()
    print(
        json.dumps(
            {
                "available": [available.x(), available.y(), available.width(), available.height()],
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "tabbed": bool(tabs),
                "cut": cut,
                "messages": messages,
            }
        )
    )
    sys.stdout.flush()
    os._exit(0)  # the findings are out; closing would only ask about the unsaved playlist


if __name__ == "__main__":
    main()
