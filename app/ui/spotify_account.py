"""Signing in and out of Spotify from the window, and its settings.

The sign-in listener and token exchange run on a worker thread; the window shows a small
waiting dialog whose Cancel stops the wait.  Without a client id, each action says what
is missing and offers the settings.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.spotify.errors import NotConfigured, SpotifyError
from app.storage.located import LoadError
from app.ui.background import BackgroundRunner, Task
from app.ui.banner import Banner

SIGN_IN_TIMEOUT = 300.0


class WaitingDialog(QDialog):
    """Non-modal: the window stays usable while the browser is open."""

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.setObjectName("signInWaiting")
        self.setWindowTitle("Signing in to Spotify")
        self.url = url
        text = QLabel(
            "Your browser has opened Spotify's sign-in page. Agree there, then come back: "
            "this window closes by itself.<br/><br/>No browser? Open this address on this "
            f"computer:<br/><a href='{url}'>{url[:60]}…</a>",
            self,
        )
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        copy = QPushButton("Copy Address", self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(url))
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("primary")
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(copy)
        layout.addWidget(self.cancel_button)
        self.resize(460, 220)


class SpotifyAccount(QObject):
    signed_in = Signal(str)  # display name
    signed_out = Signal()

    def __init__(
        self,
        parent: QWidget,
        runner: BackgroundRunner,
        banner: Banner,
        say: Callable[[str, int], object],
    ):
        """``parent`` holds the actions and dialogs; ``say`` puts a line in the status bar."""
        super().__init__(parent)
        self.parent_widget, self.runner, self.banner, self.say = parent, runner, banner, say
        self.display_name: str | None = None
        self.waiting: WaitingDialog | None = None
        self.sign_in_task: Task | None = None
        # The browser is the boundary the tests play; by default the desktop's browser.
        self.open_url: Callable[[str], object] = lambda url: QDesktopServices.openUrl(QUrl(url))

        self.sign_in_action = QAction("&Sign In to Spotify…", parent)
        self.sign_in_action.triggered.connect(lambda: self.sign_in())
        self.sign_out_action = QAction("Sign &Out of Spotify", parent)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.settings_action = QAction("Spotify &Settings…", parent)
        self.settings_action.triggered.connect(self.open_settings)

        self.button = QToolButton(parent)
        self.button.setObjectName("accountButton")
        self.button.setAccessibleName("Spotify account")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        for action in (self.sign_in_action, self.sign_out_action, self.settings_action):
            menu.addAction(action)
        self.button.setMenu(menu)
        self._refresh()

    # -- state -------------------------------------------------------------
    @property
    def is_signed_in(self) -> bool:
        from app.spotify.paths import token_path

        return token_path().exists()

    def _refresh(self) -> None:
        signed_in = self.is_signed_in
        if signed_in:
            self.button.setText(f"Spotify: {self.display_name or 'signed in'}")
        else:
            self.button.setText("Spotify: sign in")
        self.sign_out_action.setEnabled(signed_in)

    def load_profile(self) -> None:
        """At start-up, when a token exists: fetch the display name in the background."""
        if not self.is_signed_in:
            return

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client

            return signed_in_client(on_progress=progress, cancel=cancel).me()

        self.runner.run(
            "Checking Spotify account",
            work,
            self._on_profile,
            on_failure=lambda _error: self._refresh(),
        )

    def _on_profile(self, profile: dict) -> None:
        self.display_name = profile.get("display_name") or profile.get("id")
        self._refresh()
        self.signed_in.emit(self.display_name or "")

    # -- settings ----------------------------------------------------------
    def open_settings(self) -> bool:
        from app.storage.settings import load_settings, save_settings
        from app.ui.settings_dialog import SettingsDialog

        try:
            current = load_settings()
        except LoadError as error:
            self.banner.show_message(
                f"The settings file could not be read ({error}); saving here will replace it."
            )
            from app.storage.settings import Settings

            current = Settings()
        dialog = SettingsDialog(current, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            save_settings(dialog.result_settings())
        except OSError as error:
            self.banner.show_message(f"Could not save the settings: {error}")
            return False
        self.say("Spotify settings saved", 3000)
        return True

    def explain(self, error: BaseException, retry: Callable[[], object] | None = None) -> None:
        """Show a Spotify problem in the banner with the action that fixes it."""
        from app.spotify.errors import NotSignedIn, PlaylistGone, RateLimited

        message = str(error) or error.__class__.__name__
        actions: list = []
        if isinstance(error, NotConfigured):
            message = (
                "Spotify needs a client ID first: create a free app on Spotify's "
                "developer site and enter its ID in the settings."
            )
            actions = [("Open Settings", self.open_settings)]
        elif isinstance(error, NotSignedIn):
            actions = [("Sign In Again", self.sign_in)]
        elif isinstance(error, PlaylistGone):
            actions = []  # the caller adds "Create New"
        elif isinstance(error, (RateLimited, SpotifyError)) and retry is not None:
            actions = [("Retry", retry)]
        elif retry is not None:
            message = f"Something went wrong: {message}"
            actions = [("Retry", retry)]
        self.banner.show_message(message, actions)

    # -- sign in / out -----------------------------------------------------
    def sign_in(self, extra_scopes: tuple[str, ...] = ()) -> None:
        """``extra_scopes``: permissions a feature needs beyond playlists (asked on first use)."""
        if self.sign_in_task is not None:
            return
        from app.spotify.auth import SignIn

        try:
            attempt = SignIn(open_browser=None, extra_scopes=tuple(extra_scopes))
            url = attempt.start()
        except (SpotifyError, LoadError) as error:
            self.explain(error, retry=self.sign_in)
            return
        self.open_url(url)
        self.waiting = WaitingDialog(url, self.parent_widget)
        self.waiting.show()

        def work(cancel, progress):
            try:
                return attempt.wait(timeout=SIGN_IN_TIMEOUT, cancel=cancel)
            finally:
                attempt.close()

        self.sign_in_task = self.runner.run(
            "Waiting for Spotify sign-in", work, self._on_signed_in, self._on_sign_in_failed
        )
        self.waiting.cancel_button.clicked.connect(self.sign_in_task.cancel)
        self.waiting.rejected.connect(self.sign_in_task.cancel)

    def _close_waiting(self) -> None:
        self.sign_in_task = None
        if self.waiting is not None:
            self.waiting.hide()
            self.waiting.deleteLater()
            self.waiting = None

    def _on_signed_in(self, profile: dict) -> None:
        self._close_waiting()
        self.banner.dismiss()
        self._on_profile(profile)
        self.say(f"Signed in to Spotify as {self.display_name}", 5000)

    def _on_sign_in_failed(self, error: BaseException) -> None:
        from app.core.tasks import Cancelled

        self._close_waiting()
        self._refresh()
        if isinstance(error, Cancelled):
            self.say("Sign-in cancelled", 3000)
            return
        self.explain(error, retry=self.sign_in)

    def sign_out(self) -> None:
        from app.spotify.auth import sign_out

        sign_out()
        self.display_name = None
        self._refresh()
        self.signed_out.emit()
        self.say("Signed out of Spotify; the stored sign-in was deleted", 4000)
