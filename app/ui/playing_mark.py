"""How a list marks the row whose track plays on Spotify: a small play sign, bold, accent."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF

from app.ui.theme import PALETTE

_DECORATION = Qt.ItemDataRole.DecorationRole
_FONT = Qt.ItemDataRole.FontRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
PLAYING_ROLES = frozenset(int(r.value) for r in (_DECORATION, _FONT, _FOREGROUND))


@functools.cache
def playing_icon() -> QIcon:
    size = 32  # drawn large, shown at the view's icon size
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(PALETTE["accent"]))
    painter.drawPolygon(QPolygonF([QPointF(8, 5), QPointF(27, 16), QPointF(8, 27)]))
    painter.end()
    return QIcon(pixmap)


@functools.cache
def media_icon(kind: str) -> QIcon:
    """play, pause, next, previous: drawn in the theme's text colour (the style's own
    icons are dark grey, nearly invisible on the night background)."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(PALETTE["text"]))
    if kind == "pause":
        painter.drawRect(9, 7, 5, 18)
        painter.drawRect(18, 7, 5, 18)
    elif kind == "play":
        painter.drawPolygon(QPolygonF([QPointF(10, 6), QPointF(26, 16), QPointF(10, 26)]))
    else:
        forward = kind == "next"
        tip, back, bar = (22, 8, 22) if forward else (10, 24, 7)
        painter.drawPolygon(QPolygonF([QPointF(back, 7), QPointF(tip, 16), QPointF(back, 25)]))
        painter.drawRect(bar, 7, 3, 18)
    painter.end()
    return QIcon(pixmap)


def playing_mark(role: int):
    role = int(role)
    if role == int(_DECORATION.value):
        return playing_icon()
    if role == int(_FONT.value):
        font = QFont()
        font.setBold(True)
        return font
    if role == int(_FOREGROUND.value):
        return QColor(PALETTE["accent"])
    return None
