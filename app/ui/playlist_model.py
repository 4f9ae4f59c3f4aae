"""The playlist as a Qt table model.

Edits go through :mod:`app.ui.playlist_undo` commands, which call the three primitive
operations here (insert, remove, move); drops are handed to callbacks so that they become
undoable commands too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from app.core.dossier import Dossier, Section
from app.core.playlist import MatchStatus, Playlist, PlaylistItem, format_duration
from app.storage.home import resource_path
from app.ui.entry_model import ENTRIES_MIME
from app.ui.playing_mark import PLAYING_ROLES, playing_mark

ROWS_MIME = "application/x-drive-playlist-rows"
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 11

COLUMNS = ("#", "Title", "Artist", "Length", "From", "Spotify")
COL_TITLE, COL_ARTIST, COL_LENGTH, COL_FROM, COL_SPOTIFY = 1, 2, 3, 4, 5

STATUS_TEXT = {
    MatchStatus.MATCHED: "Matched",
    MatchStatus.REVIEW: "Needs review",
    MatchStatus.NOT_FOUND: "Not found",
    MatchStatus.CHOSEN: "Chosen",
}

STATUS_ICON = {
    MatchStatus.MATCHED: "matched.svg",
    MatchStatus.REVIEW: "review.svg",
    MatchStatus.NOT_FOUND: "not-found.svg",
    MatchStatus.CHOSEN: "chosen.svg",
}
_icons: dict[MatchStatus, QIcon] = {}

_Index = QModelIndex | QPersistentModelIndex


def status_icon(status: MatchStatus) -> QIcon:
    """The match state's icon, read once (the column shows it; the words are its tooltip)."""
    if status not in _icons:
        _icons[status] = QIcon(str(resource_path("icons", STATUS_ICON[status])))
    return _icons[status]


def match_label(item: PlaylistItem) -> str:
    match = item.match
    if match is None:
        return ""
    text = STATUS_TEXT[match.status]
    if match.status == MatchStatus.MATCHED and match.score is not None:
        text += f" {round(match.score * 100)}%"
    elif match.status == MatchStatus.CHOSEN and match.chosen_by_user:
        text = "Chosen by you"
    return text


class PlaylistTableModel(QAbstractTableModel):
    def __init__(self, playlist: Playlist, dossier: Dossier | None = None, parent=None):
        super().__init__(parent)
        self._playlist = playlist
        self._dossier = dossier
        # Set by the panel: turn drops into undoable commands.
        self.on_rows_dropped: Callable[[list[int], int], None] | None = None
        self.on_entries_dropped: Callable[[list[str], int], None] | None = None
        self.playing_id: str | None = None

    def set_playing(self, item_id: str | None) -> None:
        """Mark the item that plays on Spotify (None: none of them)."""
        before, self.playing_id = self.playing_id, item_id
        for changed in {before, item_id} - {None}:
            row = self.row_of(changed)
            if row >= 0:  # the title only: the match, review and cover are unchanged
                self.dataChanged.emit(self.index(row, COL_TITLE), self.index(row, COL_TITLE))

    @property
    def playlist(self) -> Playlist:
        return self._playlist

    def set_playlist(self, playlist: Playlist) -> None:
        self.beginResetModel()
        self._playlist = playlist
        self.endResetModel()

    def items(self) -> list[PlaylistItem]:
        return self._playlist.items

    def item_at(self, row: int) -> PlaylistItem | None:
        return self._playlist.items[row] if 0 <= row < len(self._playlist.items) else None

    def row_of(self, item_id: str) -> int:
        for row, item in enumerate(self._playlist.items):
            if item.id == item_id:
                return row
        return -1

    # -- primitives used by the undo commands ------------------------------
    def insert_items(self, row: int, items: list[PlaylistItem]) -> None:
        if not items:
            return
        row = max(0, min(row, len(self._playlist.items)))
        self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
        self._playlist.items[row:row] = items
        self.endInsertRows()
        self._renumber(row + len(items))

    def remove_items(self, rows: list[int]) -> list[tuple[int, PlaylistItem]]:
        """Remove rows; returns (row, item) pairs in ascending order for undo."""
        removed = []
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            removed.append((row, self._playlist.items.pop(row)))
            self.endRemoveRows()
        if removed:
            self._renumber(min(row for row, _item in removed))
        return sorted(removed, key=lambda pair: pair[0])

    def move_item(self, source: int, dest: int) -> None:
        """Move one row so that it ends up at index ``dest``."""
        if source == dest:
            return
        qt_dest = dest + 1 if dest > source else dest
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), qt_dest)
        item = self._playlist.items.pop(source)
        self._playlist.items.insert(dest, item)
        self.endMoveRows()
        self._renumber(min(source, dest))

    def replace_items(self, items: list[PlaylistItem]) -> None:
        """The whole list at once (a merge with another copy): one reset, not an edit per row."""
        self.beginResetModel()
        self._playlist.items[:] = items
        self.endResetModel()

    def _renumber(self, first: int) -> None:
        """The # column shows positions: rows from ``first`` on have new numbers."""
        last = len(self._playlist.items) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0))

    def rows_changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    # -- Qt model ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._playlist.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(item, index.row(), col)
        if item.id == self.playing_id and col == COL_TITLE and int(role) in PLAYING_ROLES:
            return playing_mark(role)
        if role == ITEM_ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.DecorationRole and col == COL_SPOTIFY and item.match:
            return status_icon(item.match.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_SPOTIFY and item.match:
                return self._match_tip(item)
            if col == COL_ARTIST and (spelling := self._credit_note(item)):
                return f"{self.credit(item)}\n{spelling}"  # the credit with its spellings
            if col in (COL_TITLE, COL_ARTIST, COL_FROM):  # the whole text where it is elided
                text = self._cell(item, index.row(), col)
                return f"{text}\n{item.note}" if item.note and col == COL_TITLE else text
            if item.note:
                return item.note
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, COL_LENGTH):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if col == COL_SPOTIFY:
                return f"Spotify: {match_label(item) or 'not matched yet'}"
            return f"{item.title} by {self.credit(item)}"
        return None

    @staticmethod
    def _match_tip(item: PlaylistItem) -> str:
        tip = match_label(item)
        if item.match and item.match.track:
            t = item.match.track
            tip += f": {t.title} — {', '.join(t.artists)}" + (f" ({t.album})" if t.album else "")
        return tip

    def column_is_empty(self, col: int) -> bool:
        """Whether no row has anything to show in ``col`` (the view then hides it)."""
        return not any(
            self._cell(item, row, col) or (col == COL_SPOTIFY and item.match)
            for row, item in enumerate(self._playlist.items)
        )

    def credit(self, item: PlaylistItem) -> str:
        """A dossier track shows the one credit it has everywhere; anything else, its own."""
        return (self._dossier and self._dossier.credit_for(item.track_id)) or item.artist_line

    def _credit_note(self, item: PlaylistItem) -> str | None:
        entry = self._dossier.entry(item.entry_id) if self._dossier and item.entry_id else None
        track = self._dossier.track(item.track_id) if self._dossier and item.track_id else None
        if track and track.same_as and self._dossier:
            entry = self._dossier.entry(track.same_as) or entry
        return entry.credit_note if entry else None

    def _cell(self, item: PlaylistItem, row: int, col: int) -> str:
        if col == 0:
            return str(row + 1)
        if col == 1:
            return item.title
        if col == 2:
            return self.credit(item)
        if col == 3:
            return format_duration(item.duration)
        if col == 4:
            entry = self._dossier.entry(item.entry_id) if self._dossier and item.entry_id else None
            if entry is None:
                return ""
            if entry.section == Section.FEATURED and entry.number is not None:
                return f"Album #{entry.number}"
            return entry.title
        return ""  # the Spotify state is an icon, its words the tooltip

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (Qt.ItemFlag.ItemIsDragEnabled)
        )

    # -- drag and drop -----------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        # A copy, so the view never removes the dragged rows itself: the drop handler
        # moves them as one undoable command.
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME, ENTRIES_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(ROWS_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(ROWS_MIME) or data.hasFormat(ENTRIES_MIME)

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent) -> bool:
        dest = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        if data.hasFormat(ROWS_MIME) and self.on_rows_dropped:
            text = bytes(data.data(ROWS_MIME).data()).decode()
            rows = [int(r) for r in text.split(",") if r.strip().isdigit()]
            self.on_rows_dropped(rows, dest)
            return True
        if data.hasFormat(ENTRIES_MIME) and self.on_entries_dropped:
            ids = bytes(data.data(ENTRIES_MIME).data()).decode().split("\n")
            self.on_entries_dropped([i for i in ids if i], dest)
            return True
        return False
