"""Album covers of matched tracks, fetched off the GUI thread and kept in memory too."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from app.core.playlist import PlaylistItem
from app.ui.background import BackgroundRunner


def image_url(item: PlaylistItem) -> str | None:
    match = item.match
    if match is None or not match.is_resolved or match.track is None:
        return None
    return match.track.image_url


class CoverArt(QObject):
    ready = Signal(str, object)  # item id, QImage

    def __init__(self, runner: BackgroundRunner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self._images: dict[str, QImage] = {}
        self._pending: set[str] = set()

    def cached(self, item: PlaylistItem) -> QImage | None:
        url = image_url(item)
        return self._images.get(url) if url else None

    def request(self, item: PlaylistItem) -> None:
        url = image_url(item)
        if not url or url in self._images or url in self._pending:
            return
        self._pending.add(url)
        item_id = item.id

        def work(cancel, progress):
            from app.spotify.artwork import fetch_cover

            return fetch_cover(url)

        def done(data: bytes) -> None:
            self._pending.discard(url)
            image = QImage.fromData(data)
            if not image.isNull():
                self._images[url] = image
                self.ready.emit(item_id, image)

        # A cover that can't be had is simply not shown: no banner for decoration.
        self.runner.run(
            "Fetching album cover", work, done, on_failure=lambda _error: self._pending.discard(url)
        )
