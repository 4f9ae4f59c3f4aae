"""The dossier as a two-level Qt item model: section groups, then their entries."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.core.dossier import Dossier, Entry, EntryKind, Section
from app.core.duration import format_duration
from app.core.text import normalise
from app.ui.playing_mark import PLAYING_ROLES, playing_mark

# Roles as plain ints: data() runs for every painted cell, and an enum attribute lookup
# there costs more than the rest of the call.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
ENTRY_ID_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
SEARCH_TEXT_ROLE = ENTRY_ID_ROLE + 1
SPEAKERS_ROLE = ENTRY_ID_ROLE + 2
SECTION_ROLE = ENTRY_ID_ROLE + 3
HEADING_COLUMN = 1  # a group's heading sits in the wide Title column: no row spanning
ENTRIES_MIME = "application/x-drive-playlist-entries"  # dragged entries, by id

COLUMNS = ("#", "Title", "Artist", "Year", "Length")
_COLUMN_COUNT = len(COLUMNS)
NO_FLAGS = Qt.ItemFlag.NoItemFlags
GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
# ItemNeverHasChildren spares the view a hasChildren() call per entry when it lays out.
ENTRY_FLAGS = GROUP_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren
SECTION_TITLES = {Section.FEATURED: "Featured", Section.INFLUENCE: "Influences"}

_Index = QModelIndex | QPersistentModelIndex


class EntryTreeModel(QAbstractItemModel):
    """Groups are top-level rows (internal id 0); an entry's internal id is its group + 1."""

    def __init__(self, dossier: Dossier, parent=None):
        super().__init__(parent)
        self._dossier = dossier
        self._sections = [s for s in (Section.FEATURED, Section.INFLUENCE) if dossier.section(s)]
        self._groups = [dossier.section(s) for s in self._sections]
        self._search: dict[str, str] = {}
        self._speakers: dict[str, frozenset[str]] = {}
        self._group_search: list | None = None
        self._cell_cache: dict[str, tuple[str, ...]] = {}
        self.playing_id: str | None = None
        for entry in dossier.entries:
            comments = dossier.commentary_about(entry.id)
            self._search[entry.id] = normalise(
                " ".join(
                    [
                        entry.title,
                        entry.artist_line,
                        *entry.artists,
                        *entry.featuring,
                        entry.credit_note or "",
                        *entry.directors,
                        *entry.writers,
                        *entry.music_by,
                        *(f"{t.title} {t.artist_line}" for t in entry.tracks),
                        *(c.searchable for c in comments),
                    ]
                )
            )
            self._speakers[entry.id] = frozenset(c.speaker.id for c in comments if c.speaker)
        # A group heading shows the film's own commentary (the Featured one) or none: it is
        # found by that commentary's words and speakers like an entry is by its own.
        film_comments = dossier.commentary_about(dossier.id)
        self._heading_search = [
            normalise(" ".join(c.searchable for c in film_comments))
            if section == Section.FEATURED
            else ""
            for section in self._sections
        ]
        self._heading_speakers = [
            frozenset(c.speaker.id for c in film_comments if c.speaker)
            if section == Section.FEATURED
            else frozenset()
            for section in self._sections
        ]

    def group_search_data(self) -> list[tuple[list[str], list[frozenset[str]]]]:
        """Per group, in row order: each entry's search text and its speakers' ids."""
        if self._group_search is None:
            self._group_search = [
                ([self._search[e.id] for e in entries], [self._speakers[e.id] for e in entries])
                for entries in self._groups
            ]
        return self._group_search

    def heading_search_data(self) -> list[tuple[str, frozenset[str]]]:
        """Per group: its heading's own search text and speakers (empty when it has none)."""
        return list(zip(self._heading_search, self._heading_speakers, strict=True))

    @property
    def dossier(self) -> Dossier:
        return self._dossier

    # -- structure ---------------------------------------------------------
    # Called tens of thousands of times by the view on a large dossier: kept to plain
    # list arithmetic rather than QAbstractItemModel.hasIndex.
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= _COLUMN_COUNT or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        group = parent.row()
        if row >= len(self._groups[group]):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        group = index.internalId() if index.isValid() else 0
        return self.createIndex(group - 1, 0, 0) if group else QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()])
        return 0

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() or (parent.internalId() == 0 and parent.column() == 0)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return _COLUMN_COUNT

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return NO_FLAGS
        return ENTRY_FLAGS if index.internalId() else GROUP_FLAGS

    # -- drag to the playlist ----------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [ENTRIES_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids = []
        for index in indexes:
            entry = self.entry_at(index)
            if entry is not None and entry.id not in ids:
                ids.append(entry.id)
        mime = QMimeData()
        mime.setData(ENTRIES_MIME, QByteArray("\n".join(ids).encode()))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    # -- data --------------------------------------------------------------
    def entry_at(self, index: _Index) -> Entry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][index.row()]

    def section_at(self, index: _Index) -> Section | None:
        if not index.isValid():
            return None
        group = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._sections[group]

    def set_playing(self, entry_id: str | None) -> None:
        """Mark the entry whose track plays on Spotify (None: nothing of ours plays)."""
        before, self.playing_id = self.playing_id, entry_id
        for changed in {before, entry_id} - {None}:
            index = self.index_of(changed)
            if index.isValid():
                self.dataChanged.emit(index, index.siblingAtColumn(_COLUMN_COUNT - 1))

    def index_of(self, entry_id: str) -> QModelIndex:
        for g, entries in enumerate(self._groups):
            for row, entry in enumerate(entries):
                if entry.id == entry_id:
                    return self.createIndex(row, 0, g + 1)
        return QModelIndex()

    def group_index(self, section: Section) -> QModelIndex:
        if section in self._sections:
            return self.createIndex(self._sections.index(section), 0, 0)
        return QModelIndex()

    def data(self, index: _Index, role: int = _DISPLAY):
        if not index.isValid():
            return None
        group = index.internalId()
        if group == 0:
            return self._group_data(index, role)
        entry = self._groups[group - 1][index.row()]
        if role == _DISPLAY:
            return self._cells(entry)[index.column()]
        if entry.id == self.playing_id and role in PLAYING_ROLES and index.column() == 1:
            return playing_mark(role)
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in (0, 3, 4) else None
        if role == ENTRY_ID_ROLE:
            return entry.id
        if role == SEARCH_TEXT_ROLE:
            return self._search[entry.id]
        if role == SPEAKERS_ROLE:
            return self._speakers[entry.id]
        if role == SECTION_ROLE:
            return entry.section.value
        if role == _TOOLTIP:
            if index.column() == 1 and entry.theme:
                return "The film's theme"
            if index.column() == 2 and entry.credit_note:
                return entry.credit_note
            return None
        if role == _ACCESSIBLE:
            cells = self._cells(entry)
            return f"{cells[1]}, {cells[2]}"
        return None

    def _cells(self, entry: Entry) -> tuple[str, ...]:
        """The row's texts, formatted once: painting asks for them again on every scroll."""
        cells = self._cell_cache.get(entry.id)
        if cells is None:
            cells = self._cell_cache[entry.id] = tuple(_cell(entry, c) for c in range(5))
        return cells

    def _group_data(self, index: _Index, role: int):
        section = self._sections[index.row()]
        if role == _DISPLAY:
            if index.column() != HEADING_COLUMN:
                return None
            return f"{SECTION_TITLES[section]} ({len(self._groups[index.row()])})"
        if role == _FONT:
            font = QFont()
            font.setBold(True)
            return font
        if role == SECTION_ROLE:
            return section.value
        return None


def _cell(entry: Entry, column: int) -> str:
    if column == 0:
        return str(entry.number) if entry.number is not None else ""
    if column == 1:
        return f"{entry.title}  ★" if entry.theme else entry.title
    if column == 2:
        if entry.kind == EntryKind.FILM:
            return "Film, dir. " + ", ".join(entry.directors) if entry.directors else "Film"
        return entry.artist_line
    if column == 3:
        return entry.year_label
    if column == 4:
        return format_duration(entry.duration)
    return ""
