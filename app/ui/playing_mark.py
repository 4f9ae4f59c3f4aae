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
