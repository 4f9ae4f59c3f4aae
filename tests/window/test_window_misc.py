"""The look, the broken-dossier dialog and the Spotify settings dialog."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from app.storage.settings import Settings, load_settings
from app.ui import theme
from app.ui.launch import make_application, open_dossier_interactively
from app.ui.settings_dialog import SettingsDialog
from tests.paths import DATA

SMALL = DATA / "small-dossier.yaml"


@pytest.mark.parametrize(("fg", "bg"), theme.CONTRAST_PAIRS)
def test_text_reaches_wcag_aa_contrast(fg, bg):
    assert theme.contrast(theme.PALETTE[fg], theme.PALETTE[bg]) >= 4.5


def test_the_contrast_check_can_fail():
    assert theme.contrast("#777777", "#888888") < 4.5


def test_the_style_sheet_has_every_colour_filled_in():
    qss = theme.style_sheet()
    assert re.search(r"@\w+@", qss) is None and theme.PALETTE["accent"] in qss


def click_in_next_modal(*steps):
    """Act on the modal dialogs that open next, one step each, as a person would."""
    pending = list(steps)

    def act():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, act)
            return
        step = pending.pop(0)
        step(box)
        if pending:
            QTimer.singleShot(10, act)

    QTimer.singleShot(0, act)


def press(text):
    def step(box):
        for button in box.buttons():
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(text)

    return step


def test_a_broken_dossier_shows_where_and_offers_another(qtbot, tmp_path, monkeypatch):
    make_application()
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.read_text().replace("duration: 201", "duration: [1]"))
    seen = []

    def read_message(box):
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        press("Open Another…")(box)

    # The file dialog is the desktop's; the person picks the good dossier in it.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(SMALL), ""))
    click_in_next_modal(read_message)
    dossier = open_dossier_interactively(str(broken))
    assert dossier is not None and dossier.film.title == "Night Film"
    assert f"{broken}:" in seen[0] and "featured[0].duration" in seen[0]


def test_quitting_from_the_broken_dossier_dialog(qtbot, tmp_path):
    make_application()
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: [x\n")
    click_in_next_modal(press("Quit"))
    assert open_dossier_interactively(str(broken)) is None


def test_settings_dialog_checks_saves_and_copies(qtbot):
    make_application()
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.redirect_edit.text() == "http://127.0.0.1:8765/callback"
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "http://127.0.0.1:8765/callback"
    dialog.redirect_edit.setText("http://localhost:8765/callback")
    assert not save.isEnabled() and "localhost" in dialog.problem.text()
    dialog.redirect_edit.setText("http://127.0.0.1:9000/cb")
    qtbot.keyClicks(dialog.client_id_edit, "abc!")
    assert not save.isEnabled()
    dialog.client_id_edit.setText("0123456789abcdef0123456789abcdef")
    qtbot.keyClicks(dialog.market_edit, "gb")
    dialog.public_box.setChecked(True)
    assert save.isEnabled()
    chosen = dialog.result_settings()
    assert chosen == Settings(
        "0123456789abcdef0123456789abcdef", "http://127.0.0.1:9000/cb", "GB", True
    )


def test_settings_persist_through_the_window(qtbot, dossier_window):
    win = dossier_window

    def fill(dialog):
        dialog.client_id_edit.setText("0123456789abcdef0123456789abcdef")
        dialog.market_edit.setText("SE")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    click_in_next_modal(fill)
    assert win.account.open_settings()
    assert load_settings().client_id == "0123456789abcdef0123456789abcdef"
    assert load_settings().market == "SE"


@pytest.fixture
def dossier_window(qtbot):
    from PySide6.QtCore import QSettings

    from app.storage.dossier_file import load_dossier
    from app.storage.home import state_file
    from app.ui.main_window import MainWindow

    make_application()
    win = MainWindow(
        load_dossier(), QSettings(str(state_file("w.ini")), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(win)
    win.show()
    return win
