"""Spotify ▸ Set Playlist Cover…: preview the cover made for the playlist, then upload it.

One request on the background runner; a refusal is said at once and nothing retries it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from app.ui.cover_render import encode_jpeg, render_cover

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.dossier import Dossier
    from app.ui.background import BackgroundRunner
    from app.ui.banner import Banner
    from app.ui.playlist_document import PlaylistDocument
    from app.ui.spotify_account import SpotifyAccount
    from app.ui.task_status import TaskStatus

PREVIEW_PX = 320


class CoverDialog(QDialog):
    def __init__(self, image, parent=None):
        super().__init__(parent)
        self.setObjectName("coverDialog")
        self.setWindowTitle("Playlist Cover")
        self.preview = QLabel(self)
        self.preview.setAccessibleName("Cover preview")
        self.preview.setPixmap(
            QPixmap.fromImage(image).scaled(
                PREVIEW_PX,
                PREVIEW_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.note = QLabel(
            "This cover replaces the playlist's picture on Spotify. Spotify may take a few "
            "minutes to show it.",
            self,
        )
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.upload_button = QPushButton("Upload to Spotify", self)
        self.upload_button.setObjectName("primary")
        self.upload_button.setDefault(True)
        buttons.addButton(self.upload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.note)
        layout.addWidget(buttons)


class PlaylistCover(QObject):
    """The cover's action and its upload; ``say`` puts a line in the window's status bar."""

    finished = Signal(str)  # what happened, for tests and the status bar

    def __init__(
        self,
        parent: QWidget,
        document: PlaylistDocument,
        dossier: Dossier,
        runner: BackgroundRunner,
        status: TaskStatus,
        account: SpotifyAccount,
        banner: Banner,
        say: Callable[[str, int], object],
    ):
        super().__init__(parent)
        self.parent_widget, self.document, self.dossier = parent, document, dossier
        self.runner, self.status, self.account, self.banner = runner, status, account, banner
        self.say = say
        self.dialog: CoverDialog | None = None
        self._offered: set[str] = set()
        self.action = QAction("Set Playlist &Cover…", parent)
        self.action.setToolTip("Make a cover for the Spotify playlist and upload it")
        self.action.triggered.connect(self.open)
        document.changed.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        self.action.setEnabled(self.document.playlist.remote is not None)

    def offer_after_create(self) -> None:
        """A sync just created the Spotify playlist: offer a cover beside its report."""
        remote = self.document.playlist.remote
        if not (remote and remote.id not in self._offered):
            return
        self._offered.add(remote.id)  # once per new playlist
        if self.banner.isVisible():
            self.banner.add_action("Add a Cover…", self.open)

    def image(self):
        film = self.dossier.film
        return render_cover(self.document.playlist.name, film.title, film.year)

    def open(self) -> CoverDialog | None:
        remote = self.document.playlist.remote
        if remote is None:
            self.banner.show_message("Create the Spotify playlist first; then it can have a cover.")
            return None
        image = self.image()
        self.dialog = CoverDialog(image, self.parent_widget)
        self.dialog.accepted.connect(lambda: self.upload(image, remote.id))
        self.dialog.open()
        return self.dialog

    def upload(self, image, playlist_id: str) -> None:
        from app.spotify.errors import SpotifyError
        from app.spotify.playlist_cover import check_cover_scopes

        try:
            check_cover_scopes()
        except SpotifyError as error:
            self._refused(error, lambda: self.upload(image, playlist_id))
            return
        jpeg = encode_jpeg(image)

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.playlist_cover import upload_cover

            upload_cover(signed_in_client(cancel=cancel), playlist_id, jpeg)
            return len(jpeg)

        def done(size: int) -> None:
            self.say(
                f"Cover uploaded ({size // 1024} KB); Spotify may take a few minutes to show it",
                6000,
            )
            self.finished.emit("uploaded")

        task = self.runner.run(
            "Uploading the playlist cover", work, done, lambda e: self._refused(e, None)
        )
        self.status.follow(task)

    def _refused(self, error: BaseException, retry) -> None:
        from app.spotify.config import COVER_SCOPES
        from app.spotify.playlist_cover import CoverScopeMissing

        if isinstance(error, CoverScopeMissing):
            account = self.account

            def sign_in() -> None:
                if retry is not None:
                    account.signed_in.connect(self._once(retry))
                account.sign_in(extra_scopes=COVER_SCOPES)

            self.banner.show_message(str(error), [("Sign In Again", sign_in)])
        else:
            self.account.explain(error)
        self.finished.emit(f"failed: {error}")

    def _once(self, retry):
        account = self.account

        def run(_name: str) -> None:
            account.signed_in.disconnect(run)
            retry()

        return run
