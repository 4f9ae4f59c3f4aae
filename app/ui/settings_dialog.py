"""Spotify settings: which app to sign in through, the redirect URI to register, defaults."""

from __future__ import annotations

import re

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.spotify import config
from app.storage.settings import Settings

STEPS = (
    "<ol>"
    "<li>Open <a href='https://developer.spotify.com/dashboard'>developer.spotify.com/"
    "dashboard</a> and sign in with your Spotify account.</li>"
    "<li>Create an app (any name). Under <b>Redirect URIs</b> add the address below, exactly"
    " as shown, and tick <b>Web API</b>.</li>"
    "<li>Copy the app's <b>Client ID</b> into the box below. No client secret is needed.</li>"
    "</ol>"
)
_CLIENT_ID = re.compile(r"^[0-9A-Za-z]{16,64}$")
_MARKET = re.compile(r"^[A-Z]{2}$")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Spotify Settings")
        self.settings = settings
        self._build_ui()

    def _build_ui(self) -> None:
        intro = QLabel(
            "Drive Playlist signs in to Spotify through a Spotify app of your own. "
            "Setting one up takes a minute:" + STEPS,
            self,
        )
        intro.setWordWrap(True)
        intro.setOpenExternalLinks(True)

        self.client_id_edit = QLineEdit(self.settings.client_id or "", self)
        self.client_id_edit.setObjectName("clientId")
        self.client_id_edit.setAccessibleName("Spotify client ID")
        self.client_id_edit.setPlaceholderText("32 letters and digits from your app's page")
        self.client_id_edit.textChanged.connect(self._validate)

        self.redirect_edit = QLineEdit(
            self.settings.redirect_uri or config.DEFAULT_REDIRECT_URI, self
        )
        self.redirect_edit.setObjectName("redirectUri")
        self.redirect_edit.setAccessibleName("Redirect URI to register")
        self.redirect_edit.textChanged.connect(self._validate)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setAccessibleName("Copy the redirect URI")
        self.copy_button.clicked.connect(self._on_copy)
        redirect_row = QHBoxLayout()
        redirect_row.addWidget(self.redirect_edit, 1)
        redirect_row.addWidget(self.copy_button)

        self.market_edit = QLineEdit(self.settings.market or "", self)
        self.market_edit.setObjectName("market")
        self.market_edit.setAccessibleName("Market (country code)")
        self.market_edit.setPlaceholderText("e.g. GB, US, SE — blank: your account's country")
        self.market_edit.setMaxLength(2)
        self.market_edit.textChanged.connect(self._validate)

        self.public_box = QCheckBox("Make new Spotify playlists public", self)
        self.public_box.setChecked(self.settings.public_by_default)

        self.problem = QLabel(self)
        self.problem.setObjectName("subtle")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Client ID", self.client_id_edit)
        form.addRow("Redirect URI", redirect_row)
        form.addRow("Market", self.market_edit)
        form.addRow("", self.public_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._validate()

    def problems(self) -> list[str]:
        found = []
        client_id = self.client_id_edit.text().strip()
        if client_id and not _CLIENT_ID.match(client_id):
            found.append("The client ID should be letters and digits only, as Spotify shows it.")
        redirect = self.redirect_edit.text().strip()
        if not re.match(r"^http://127\.0\.0\.1:\d{1,5}/\S*$", redirect):
            found.append(
                "The redirect URI must be http://127.0.0.1:PORT/… — Spotify refuses "
                "'localhost', and the program listens on 127.0.0.1 only."
            )
        market = self.market_edit.text().strip().upper()
        if market and not _MARKET.match(market):
            found.append("The market is a two-letter country code, such as GB.")
        return found

    def _validate(self) -> None:
        found = self.problems()
        self.problem.setText(" ".join(found))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not found)

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.redirect_edit.text().strip())
        self.copy_button.setText("Copied")

    def result_settings(self) -> Settings:
        return Settings(
            client_id=self.client_id_edit.text().strip() or None,
            redirect_uri=self.redirect_edit.text().strip() or None,
            market=self.market_edit.text().strip().upper() or None,
            public_by_default=self.public_box.isChecked(),
        )
