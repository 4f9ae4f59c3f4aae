"""Filtering the entry tree by words and by who commented."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from app.core.text import normalise
from app.ui.entry_model import SEARCH_TEXT_ROLE, SPEAKERS_ROLE

ANY_COMMENTARY = "*"  # speaker filter: entries with any quote at all


class EntryFilterProxy(QSortFilterProxyModel):
    """Every word typed must appear in the entry's title, artists, tracks or quotes.

    Group rows never match on their own; recursive filtering keeps a group while any of
    its entries is shown.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._speaker: str | None = None
        self.setRecursiveFilteringEnabled(True)

    @property
    def active(self) -> bool:
        return bool(self._words) or self._speaker is not None

    def set_text(self, text: str) -> None:
        words = tuple(normalise(text).split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_speaker(self, speaker_id: str | None) -> None:
        if speaker_id != self._speaker:
            self.beginFilterChange()
            self._speaker = speaker_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.active:
            return True
        if not parent.isValid():
            return False  # a group: kept only through its entries
        index = self.sourceModel().index(row, 0, parent)
        if self._speaker is not None:
            speakers = index.data(SPEAKERS_ROLE)
            if not speakers or (self._speaker != ANY_COMMENTARY and self._speaker not in speakers):
                return False
        if self._words:
            text = index.data(SEARCH_TEXT_ROLE)
            return all(word in text for word in self._words)
        return True
