"""The window's background work: file writes in the order asked, and work that outlives
its window."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QApplication

from app.storage.dossier_file import load_dossier
from app.storage.playlist_file import load_playlist
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow
from tests.window.window_helpers import open_on_saved_file


def test_saves_asked_one_after_another_land_in_order(qtbot, tmp_path):
    window = open_on_saved_file(qtbot, tmp_path)
    document, path = window.document, window.document.path
    reported: list[str] = []
    for name in ("First", "Second", "Third"):
        document.set_name(name)
        document.write_file(path, on_saved=lambda n=name: reported.append(n))
    document.wait_for_writes()  # every write asked, not only the one under way
    assert load_playlist(path).name == "Third"
    qtbot.waitUntil(lambda: len(reported) == 3)
    assert reported == ["First", "Second", "Third"]
    assert not document.dirty and not document.writing


def test_work_that_ends_after_its_window_is_gone_calls_nothing(qtbot):
    make_application()
    window = MainWindow(load_dossier(), window_settings())
    runner, release, told = window.runner, threading.Event(), []

    def work(_cancel, _progress):
        release.wait()  # deaf to cancelling: it outlives any wait at close
        return "late"

    def tell(result) -> None:
        told.append(result)
        window.banner.show_message(f"finished: {result}")  # a widget of the window

    runner.run("Outliving its window", work, tell, tell)
    shiboken6.delete(window)  # as at exit: the window and its runner are gone
    release.set()
    runner.wait_all()
    QApplication.processEvents()  # the late result arrives, and nobody is left to tell
    assert told == []
