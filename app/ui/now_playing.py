"""The slim now-playing strip: cover, title, artist, progress and the player's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from app.core.duration import format_duration
from app.ui.playing_mark import media_icon

COVER_PX = 40
DEVICE_CHARS = 16  # a device's name on its button; the whole name is in the tooltip


class _Elided(QLabel):
    """A one-line label that ends in "…" when narrower than its text (never clipped)."""

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(100)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.width())
        super().setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        )


def _clock(ms: int) -> str:
    return format_duration(max(0, ms) // 1000) or "0:00"


class NowPlayingStrip(QFrame):
    def __init__(self, actions, parent=None):
        """``actions``: previous, play/pause, next, devices, follow (QActions)."""
        super().__init__(parent)
        self.setObjectName("nowPlaying")
        self.setAccessibleName("Now playing on Spotify")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.cover = QLabel(self)
        self.cover.setObjectName("nowPlayingCover")
        self.cover.setFixedSize(COVER_PX, COVER_PX)
        self.cover.setScaledContents(True)
        self.title = _Elided("Nothing playing", self)
        self.title.setObjectName("nowPlayingTitle")
        self.artist = _Elided("", self)
        self.artist.setObjectName("nowPlayingArtist")
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.artist)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("nowPlayingProgress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(4)
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Progress")
        self.progress.setMinimumWidth(60)
        self.time = QLabel("", self)
        self.time.setObjectName("nowPlayingTime")
        middle = QVBoxLayout()
        middle.setSpacing(4)
        middle.addStretch(1)
        middle.addWidget(self.progress)
        middle.addWidget(self.time, 0, Qt.AlignmentFlag.AlignRight)
        middle.addStretch(1)

        self.source = QLabel(self)
        self.source.setObjectName("nowPlayingSource")
        self.source.setOpenExternalLinks(False)
        self.source.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))

        previous, play_pause, following, devices, follow = actions
        self.buttons = []
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(8)
        row.addWidget(self.cover)
        row.addLayout(text, 3)
        for action, icon in zip((previous, play_pause, following), ("previous", "play", "next"),
                                strict=True):  # fmt: skip
            action.setIcon(media_icon(icon))
            row.addWidget(self._button(action, icon_only=True))
        row.addLayout(middle, 4)
        row.addWidget(self.source)
        self.device_button = self._button(devices)
        self.follow_button = self._button(follow)
        row.addWidget(self.device_button)
        row.addWidget(self.follow_button)
        self.play_pause = play_pause
        self.show_nothing()

    def _button(self, action, icon_only: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        # The lists keep the focus, so Space still plays/pauses after a click here.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if icon_only
            else Qt.ToolButtonStyle.ToolButtonTextOnly
        )
        self.buttons.append(button)
        return button

    # -- showing -----------------------------------------------------------
    def show_nothing(self, why: str = "Nothing playing on Spotify") -> None:
        self.title.setText(why)
        self.artist.setText("")
        self.time.setText("")
        self.progress.setValue(0)
        self.cover.clear()
        self.source.setText("")
        self._set_playing_icon(False)

    def show_playing(self, playing, progress_ms: int | None = None) -> None:
        self.title.setText(playing.title or "Unknown track")
        self.artist.setText(", ".join(playing.artists))
        where = playing.device.name if playing.device else ""
        self.title.setToolTip(f"{playing.title} — {', '.join(playing.artists)}")
        self.artist.setToolTip(f"Playing on {where}" if where else "")
        self.show_progress(playing.progress_ms if progress_ms is None else progress_ms,
                           playing.duration_ms)  # fmt: skip
        self.source.setText(
            f"<a href='{playing.url}'>On Spotify</a>" if playing.url else "On Spotify"
        )
        self._set_playing_icon(playing.is_playing)
        short = where if len(where) <= DEVICE_CHARS else where[: DEVICE_CHARS - 1] + "…"
        self.device_button.setText(f"On {short}" if where else "Devices")
        self.device_button.setToolTip(
            f"Playing on {where}: pick another device" if where else "Pick a Spotify device"
        )

    def show_progress(self, progress_ms: int, duration_ms: int) -> None:
        progress_ms = min(progress_ms, duration_ms) if duration_ms else progress_ms
        self.progress.setValue(round(1000 * progress_ms / duration_ms) if duration_ms else 0)
        self.time.setText(f"{_clock(progress_ms)} / {_clock(duration_ms)}")

    def show_cover(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.cover.clear()
        else:  # artwork as Spotify sends it, only scaled
            self.cover.setPixmap(QPixmap.fromImage(image))

    def _set_playing_icon(self, playing: bool) -> None:
        self.play_pause.setIcon(media_icon("pause" if playing else "play"))
        self.play_pause.setText("Pause" if playing else "Play")
