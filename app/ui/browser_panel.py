"""The entry list: a filter box, a commentary filter and the grouped tree."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.dossier import Dossier, Entry, Section
from app.ui.entry_filter import ANY_COMMENTARY, EntryFilterProxy
from app.ui.entry_model import EntryTreeModel
from app.ui.table_columns import ColumnFitter


class EntryTree(QTreeView):
    """A tree that reports Enter on an entry (add it to the playlist)."""

    activated_by_key = Signal(QModelIndex)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_by_key.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def _counts(dossier: Dossier) -> tuple[int, str]:
    """The entries, and the dossier's contents in words (fixed for the list's life)."""
    featured = len(dossier.section(Section.FEATURED))
    influences = len(dossier.section(Section.INFLUENCE))
    quotes = dossier.quote_count
    return featured + influences, f"{featured} featured · {influences} influences · {quotes} quotes"


class DossierBrowser(QWidget):
    entry_selected = Signal(object)  # Entry
    section_selected = Signal(object)  # Section
    add_requested = Signal(object)  # Entry: add its tracks (a film: its default picks)
    add_all_requested = Signal(object)  # Entry: add every track it lists
    filter_changed = Signal()

    def __init__(self, dossier: Dossier, parent=None):
        super().__init__(parent)
        self._counts = _counts(dossier)
        self.model = EntryTreeModel(dossier, self)
        self.proxy = EntryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build_ui(dossier)

    def _build_ui(self, dossier: Dossier) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText("Filter titles, artists, quotes  (Ctrl+F)")
        self.filter_edit.setAccessibleName("Filter entries")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.filter_edit,
            self._on_escape_in_filter,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

        self.speaker_combo = QComboBox(self)
        self.speaker_combo.setObjectName("speakerFilter")
        self.speaker_combo.setAccessibleName("Show entries with commentary from")
        self.speaker_combo.addItem("All entries", None)
        self.speaker_combo.addItem("Quoting anyone", ANY_COMMENTARY)
        for person in dossier.speakers():
            self.speaker_combo.addItem(f"Quoting {person.name} ({person.role})", person.id)
        self.speaker_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.speaker_combo.setMinimumContentsLength(12)
        self.speaker_combo.currentIndexChanged.connect(self._on_speaker_changed)

        self.tree = EntryTree(self)
        self.tree.setObjectName("entries")
        self.tree.setAccessibleName("Featured tracks and influences")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setRootIsDecorated(True)
        self.expand_groups()
        self.tree.setIndentation(16)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Number, year and length take their content; title and artist share the rest.
        self.columns = ColumnFitter(self.tree, shares={1: 2, 2: 1})
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.doubleClicked.connect(self._on_activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_context_menu)
        self.tree.activated_by_key.connect(self._on_activated)

        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 3)
        row.addWidget(self.speaker_combo, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.tree)
        self.setTabOrder(self.filter_edit, self.speaker_combo)
        self.setTabOrder(self.speaker_combo, self.tree)

    # -- queries -----------------------------------------------------------
    def current_entry(self) -> Entry | None:
        return self.model.entry_at(self.proxy.mapToSource(self.tree.currentIndex()))

    def current_selection(self) -> Entry | Section | None:
        """The current row's entry, or its section when it is a group's heading."""
        source = self.proxy.mapToSource(self.tree.currentIndex())
        entry = self.model.entry_at(source)
        return entry if entry is not None else self.model.section_at(source)

    def visible_entry_count(self) -> int:
        return sum(
            self.proxy.rowCount(self.proxy.index(g, 0)) for g in range(self.proxy.rowCount())
        )

    def summary(self) -> str:
        """What the list holds, and how much of it the filter shows: the status bar's words."""
        total, text = self._counts
        if self.proxy.active:
            return f"Showing {self.visible_entry_count()} of {total} entries · " + text
        return text

    # -- actions -----------------------------------------------------------
    def select_entry(self, entry_id: str) -> bool:
        source = self.model.index_of(entry_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():  # hidden by the filter: clear it so the link still works
            self.clear_filter()
            index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def select_section(self, section: Section) -> None:
        index = self.proxy.mapFromSource(self.model.group_index(section))
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)

    def select_first(self) -> None:
        first = self.proxy.index(0, 0)
        if first.isValid():
            self.tree.selectionModel().setCurrentIndex(
                first,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def clear_filter(self) -> None:
        self.filter_edit.clear()
        self.speaker_combo.setCurrentIndex(0)

    # -- slots -------------------------------------------------------------
    def expand_groups(self) -> None:
        # Only the two group rows can have children: expanding them is all expandAll
        # would do, without visiting every entry.  (Headings are not spanned across the
        # row: a spanned row makes the view map every row back to the model when it lays
        # out, which doubled the cost of a keystroke on a large dossier.)
        for group in range(self.proxy.rowCount()):
            index = self.proxy.index(group, 0)
            if not self.tree.isExpanded(index):
                self.tree.expand(index)

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.expand_groups()
        self.filter_changed.emit()

    def _on_speaker_changed(self, _row: int) -> None:
        self.proxy.set_speaker(self.speaker_combo.currentData())
        self.expand_groups()
        self.filter_changed.emit()

    def _on_escape_in_filter(self) -> None:
        if self.filter_edit.text():
            self.filter_edit.clear()
        else:
            self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current)
        entry = self.model.entry_at(source)
        if entry is not None:
            self.entry_selected.emit(entry)
        elif (section := self.model.section_at(source)) is not None:
            self.section_selected.emit(section)

    def context_menu_for(self, index: QModelIndex) -> QMenu | None:
        entry = self.model.entry_at(self.proxy.mapToSource(index))
        if entry is None:
            return None
        menu = QMenu(self)
        count = len(entry.picks)
        add = menu.addAction("Add to Playlist" if count == 1 else f"Add {count} Tracks to Playlist")
        add.setEnabled(count > 0)
        add.triggered.connect(lambda: self.add_requested.emit(entry))
        if len(entry.tracks) > 1:
            add_all = menu.addAction(f"Add All {len(entry.tracks)} Tracks")
            add_all.triggered.connect(lambda: self.add_all_requested.emit(entry))
        return menu

    def _on_context_menu(self, pos) -> None:
        menu = self.context_menu_for(self.tree.indexAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _on_activated(self, index: QModelIndex) -> None:
        entry = self.model.entry_at(self.proxy.mapToSource(index))
        if entry is not None:
            self.add_requested.emit(entry)
        else:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))


__all__ = ["DossierBrowser", "Section"]
