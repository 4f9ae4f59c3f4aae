"""Reviewing one item's Spotify match: its candidates, a person's pick, a search of their own."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.core.playlist import Candidate, MatchStatus, PlaylistItem, format_duration
from app.ui.table_columns import ColumnFitter

CANDIDATE_COLUMNS = ("Title", "Artists", "Album", "Year", "Length", "Score")
STATUS_LINES = {
    MatchStatus.MATCHED: "Matched automatically",
    MatchStatus.REVIEW: "Needs review: no candidate is clearly right. Pick one or search.",
    MatchStatus.NOT_FOUND: "Not found on Spotify. Try a search in your own words.",
    MatchStatus.CHOSEN: "Chosen by you",
}


class CandidateModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.candidates: list[Candidate] = []
        self.chosen_uri: str | None = None

    def set_candidates(self, candidates: list[Candidate], chosen_uri: str | None) -> None:
        self.beginResetModel()
        self.candidates, self.chosen_uri = list(candidates), chosen_uri
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.candidates)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(CANDIDATE_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return CANDIDATE_COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self.candidates[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                ("✓ " if c.uri == self.chosen_uri else "") + c.title,
                ", ".join(c.artists),
                c.album or "",
                str(c.year) if c.year else "",
                format_duration(c.duration),
                f"{round(c.score * 100)}%",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() in (0, 1, 2):  # the whole text where it is elided
                return f"{self.data(index)}\n{c.uri}"
            return c.uri
        return None


class ReviewPanel(QGroupBox):
    choose_requested = Signal(str, object)  # item id, Candidate
    search_requested = Signal(str, str)  # item id, the person's words
    review_next_requested = Signal()

    def __init__(self, parent=None):
        super().__init__("Spotify match", parent)
        self.setObjectName("reviewPanel")
        self.item: PlaylistItem | None = None
        self._build_ui()
        self.show_item(None)

    def _build_ui(self) -> None:
        self.status = QLabel(self)
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        self.status.setOpenExternalLinks(True)
        self.model = CandidateModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("candidates")
        self.table.setAccessibleName("Spotify candidates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns = ColumnFitter(
            self.table,
            shares={0: 3, 1: 2, 2: 2},  # title, artists, album: the rest take their content
        )
        self.table.setMaximumHeight(150)
        self.table.doubleClicked.connect(lambda _index: self._on_choose())
        self.choose_button = QPushButton("Use This Track", self)
        self.choose_button.setObjectName("primary")
        self.choose_button.clicked.connect(self._on_choose)
        use = QAction(self.table)
        use.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        use.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        use.triggered.connect(self._on_choose)
        self.table.addAction(use)
        self.next_button = QPushButton("Review Next  (F8)", self)
        self.next_button.clicked.connect(self.review_next_requested)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("reviewSearch")
        self.search_edit.setAccessibleName("Search Spotify in your own words")
        self.search_edit.setPlaceholderText("Search Spotify in your own words, then Enter")
        self.search_edit.returnPressed.connect(self._on_search)

        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.search_edit)

    def show_item(self, item: PlaylistItem | None) -> None:
        self.item = item
        match = item.match if item else None
        if item is None:
            self.status.setText("Select a track to see its Spotify match.")
        elif match is None:
            self.status.setText("Not matched yet: use Spotify ▸ Match on Spotify (Ctrl+M).")
        else:
            line = STATUS_LINES[match.status]
            if match.track and match.status in (MatchStatus.MATCHED, MatchStatus.CHOSEN):
                url = match.track.url or ""
                line += (
                    f": <a href='{url}'>{match.track.title} — {', '.join(match.track.artists)}</a>"
                )
                if match.score is not None:
                    line += f" ({round(match.score * 100)}%)"
            self.status.setText(line)
        candidates = list(match.candidates) if match else []
        self.model.set_candidates(candidates, match.uri if match else None)
        has_candidates = bool(candidates)
        self.table.setVisible(has_candidates)
        self.choose_button.setEnabled(has_candidates)
        self.search_edit.setEnabled(item is not None)
        if has_candidates:
            self.table.selectRow(0)

    def add_search_results(self, item_id: str, candidates: list[Candidate]) -> None:
        if self.item is None or self.item.id != item_id:
            return
        self.model.set_candidates(candidates, self.model.chosen_uri)
        self.table.setVisible(bool(candidates))
        self.choose_button.setEnabled(bool(candidates))
        self.status.setText(
            f"{len(candidates)} results for “{self.search_edit.text()}”"
            if candidates
            else "No results; try other words."
        )
        if candidates:
            self.table.selectRow(0)
            self.table.setFocus()

    def selected_candidate(self) -> Candidate | None:
        row = self.table.currentIndex().row()
        return self.model.candidates[row] if 0 <= row < len(self.model.candidates) else None

    def _on_choose(self) -> None:
        candidate = self.selected_candidate()
        if self.item is not None and candidate is not None:
            self.choose_requested.emit(self.item.id, candidate)

    def _on_search(self) -> None:
        words = self.search_edit.text().strip()
        if self.item is not None and words:
            self.search_requested.emit(self.item.id, words)
