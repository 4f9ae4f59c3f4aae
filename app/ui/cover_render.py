"""A cover for the Spotify playlist, drawn in the app's own style: the playlist's name in the
film's neon pink over the night colours, the film below.  No album artwork: Spotify's rules
say artwork is shown unmodified, so it is never part of a cover we make."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPen

from app.spotify.playlist_cover import MAX_PAYLOAD, payload_size
from app.ui.theme import PALETTE

SIZE = 640  # Spotify shows covers at up to 640 px
QUALITIES = (92, 85, 75, 65, 55, 45, 35, 25)


def render_cover(name: str, film_title: str, film_year: int | None, size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    night = QLinearGradient(0, 0, 0, size)
    night.setColorAt(0.0, QColor(PALETTE["bg"]))
    night.setColorAt(0.65, QColor(PALETTE["panel"]))
    night.setColorAt(1.0, QColor(PALETTE["banner"]))
    painter.fillRect(image.rect(), night)

    unit = size / 640
    margin = 56 * unit
    accent = QColor(PALETTE["accent"])
    # A horizon line, as the city lights at the bottom of the film's night shots.
    painter.setPen(QPen(accent, 4 * unit))
    horizon = size * 0.70
    painter.drawLine(int(margin), int(horizon), int(size - margin), int(horizon))

    title_font = QFont()
    title_font.setBold(True)
    title_font.setItalic(True)  # the film's title card leans as it does
    box = QRectF(margin, margin, size - 2 * margin, horizon - margin - 24 * unit)
    _fit_text(painter, title_font, box, name or "Playlist", accent, size)

    small = QFont()
    small.setPixelSize(max(10, int(30 * unit)))
    small.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
    painter.setFont(small)
    painter.setPen(QColor(PALETTE["text"]))
    film = f"{film_title} ({film_year})" if film_year else film_title
    below = QRectF(margin, horizon + 22 * unit, size - 2 * margin, 48 * unit)
    painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     painter.fontMetrics().elidedText(film.upper(), Qt.TextElideMode.ElideRight,
                                                      int(below.width())))  # fmt: skip
    small.setPixelSize(max(8, int(20 * unit)))
    painter.setFont(small)
    painter.setPen(QColor(PALETTE["muted"]))
    foot = QRectF(margin, size - margin - 28 * unit, size - 2 * margin, 28 * unit)
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                     "A DRIVE PLAYLIST")  # fmt: skip
    painter.end()
    return image


def _fit_text(painter, font, box: QRectF, text: str, colour: QColor, size: int) -> None:
    """The largest size at which ``text`` fits ``box`` (wrapped at words)."""
    flags = int(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
    )
    pixels = int(size * 0.16)
    while pixels > 12:
        font.setPixelSize(pixels)
        painter.setFont(font)
        needed = painter.boundingRect(box, flags, text)
        if needed.width() <= box.width() and needed.height() <= box.height():
            break
        pixels -= 4
    painter.setPen(colour)
    painter.drawText(box, flags, text)


def encode_jpeg(image: QImage, limit: int = MAX_PAYLOAD) -> bytes:
    """The image as a JPEG whose base64 fits ``limit``: lower quality first, then smaller."""
    while True:
        for quality in QUALITIES:
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if not image.save(buffer, "JPEG", quality):
                raise ValueError("this Qt build cannot write JPEG images")
            jpeg = bytes(data.data())
            if payload_size(jpeg) <= limit:
                return jpeg
        if image.width() <= 64:
            raise ValueError("the cover cannot be made small enough")
        image = image.scaled(image.width() * 3 // 4, image.height() * 3 // 4,
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)  # fmt: skip
