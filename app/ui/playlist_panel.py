"""The playlist panel: name, description, the track table and its running time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.playlist import PlaylistItem, length_summary
from app.ui.playlist_document import PlaylistDocument
from app.ui.playlist_model import COL_ARTIST, COL_FROM, COL_LENGTH, COL_SPOTIFY, COL_TITLE
from app.ui.table_columns import ColumnFitter


class MiddleElided(QStyledItemDelegate):
    """Titles keep their start and their end ("Under Your…Spell" loses less than "Under…")."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class BelowTracks(QScrollArea):
    """What goes below the tracks; asks for at most two fifths of the height to start with."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        room = self.parentWidget().height() if self.parentWidget() else hint.height()
        return QSize(hint.width(), min(hint.height(), max(room * 2 // 5, 120)))


class PlaylistTable(QTableView):
    delete_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class UndoKeysToWindow(QObject):
    """Lets Undo/Redo in a line edit reach the window's actions instead of the edit."""

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return True
        return False


class PlaylistPanel(QWidget):
    item_selected = Signal(object)  # PlaylistItem | None

    def __init__(self, document: PlaylistDocument, parent=None):
        super().__init__(parent)
        self.document = document
        self._build_ui()
        document.changed.connect(self._refresh)
        document.replaced.connect(self._on_replaced)
        document.model.rowsInserted.connect(self._refresh)
        document.model.rowsRemoved.connect(self._refresh)
        self._on_replaced()

    def _build_ui(self) -> None:
        self.heading = QLabel("Playlist", self)
        self.heading.setObjectName("heading")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("playlistName")
        self.name_edit.setAccessibleName("Playlist name")
        self.name_edit.setPlaceholderText("Playlist name")
        self.name_edit.textEdited.connect(self.document.set_name)
        self.description_edit = QLineEdit(self)
        self.description_edit.setObjectName("playlistDescription")
        self.description_edit.setAccessibleName("Playlist description")
        self.description_edit.setPlaceholderText("Description")
        self.description_edit.textEdited.connect(self.document.set_description)
        # Their own undo would bypass the playlist's history: Ctrl+Z belongs to the window.
        self._undo_keys = UndoKeysToWindow(self)
        self.name_edit.installEventFilter(self._undo_keys)
        self.description_edit.installEventFilter(self._undo_keys)

        self.table = PlaylistTable(self)
        self.table.setObjectName("playlistItems")
        self.table.setAccessibleName("Playlist tracks")
        self.table.setModel(self.document.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self._middle_elided = MiddleElided(self.table)
        self.table.setItemDelegateForColumn(COL_TITLE, self._middle_elided)
        self.table.setIconSize(QSize(16, 16))
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns = ColumnFitter(
            self.table,
            shares={COL_TITLE: 3, COL_ARTIST: 1},  # the title first
            # "From" needs no more than an album number; a film's title is elided there,
            # whole in its tooltip.
            caps=lambda: {COL_FROM: self.table.fontMetrics().horizontalAdvance("Album #00") + 16},
            prepare=self._hide_empty_columns,
        )
        self.table.delete_pressed.connect(self.remove_selected)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)

        self.up_button = QToolButton(self)
        self.up_button.setText("▲")
        self.up_button.setToolTip("Move up (Alt+Up)")
        self.up_button.setAccessibleName("Move selected tracks up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QToolButton(self)
        self.down_button.setText("▼")
        self.down_button.setToolTip("Move down (Alt+Down)")
        self.down_button.setAccessibleName("Move selected tracks down")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = QToolButton(self)
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Remove the selected tracks (Delete)")
        self.remove_button.setAccessibleName("Remove selected tracks")
        self.remove_button.clicked.connect(self.remove_selected)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("subtle")
        self.total_label.setAccessibleName("Playlist length")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setWordWrap(True)  # two lines in a narrow column rather than cut

        self.move_up_action = QAction("Move Up", self, shortcut=QKeySequence("Alt+Up"))
        self.move_up_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.move_up_action.triggered.connect(lambda: self.move_selected(-1))
        self.move_down_action = QAction("Move Down", self, shortcut=QKeySequence("Alt+Down"))
        self.move_down_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.move_down_action.triggered.connect(lambda: self.move_selected(1))
        self.table.addAction(self.move_up_action)
        self.table.addAction(self.move_down_action)

        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.total_label, 1)
        tracks = QWidget(self)
        tracks_layout = QVBoxLayout(tracks)
        tracks_layout.setContentsMargins(0, 0, 0, 0)
        tracks_layout.addWidget(self.table, 1)
        tracks_layout.addLayout(buttons)
        # The tracks and what goes below them (the match review) share the height: on a
        # short screen a person drags the line between them, or folds the lower part away.
        self.lower = QSplitter(Qt.Orientation.Vertical, self)
        self.lower.setObjectName("playlistSplitter")
        self.lower.addWidget(tracks)
        self.lower.setCollapsible(0, False)
        self.lower.setStretchFactor(0, 1)
        self.extra_bar = QHBoxLayout()  # room for the Spotify actions
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading_bar = QHBoxLayout()  # room at its end for the Spotify account
        self.heading_bar.addWidget(self.heading)
        self.heading_bar.addStretch(1)
        layout.addLayout(self.heading_bar)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.description_edit)
        layout.addLayout(self.extra_bar)
        layout.addWidget(self.lower, 1)

    def add_below_tracks(self, widget: QWidget) -> None:
        """Below the tracks, in a pane of its own that scrolls when a short screen squeezes it."""
        pane = BelowTracks(self)
        pane.setObjectName("belowTracks")
        pane.setFrameShape(QFrame.Shape.NoFrame)
        pane.setWidgetResizable(True)
        pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        pane.setWidget(widget)
        self.lower.addWidget(pane)
        index = self.lower.indexOf(pane)
        self.lower.setStretchFactor(index, 0)
        self.lower.setCollapsible(index, False)

    def _hide_empty_columns(self) -> None:
        model = self.document.model
        for col in (COL_ARTIST, COL_LENGTH, COL_FROM, COL_SPOTIFY):
            self.table.setColumnHidden(col, model.column_is_empty(col))

    # -- queries -----------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def current_item(self) -> PlaylistItem | None:
        return self.document.model.item_at(self.table.currentIndex().row())

    # -- actions -----------------------------------------------------------
    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        self.document.remove_rows(rows)
        count = self.document.model.rowCount()
        if count:
            self.select_rows([min(rows[0], count - 1)])

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        new_rows = self.document.shift_rows(rows, step)
        self.select_rows(new_rows)

    def select_rows(self, rows: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.document.model.index(row, 0), flags)
        if rows:
            selection.setCurrentIndex(
                self.document.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.table.scrollTo(self.document.model.index(rows[0], 0))

    # -- slots -------------------------------------------------------------
    def _refresh(self, *_args) -> None:
        playlist = self.document.playlist
        if self.name_edit.text() != playlist.name:
            self.name_edit.setText(playlist.name)
        if self.description_edit.text() != playlist.description:
            self.description_edit.setText(playlist.description)
        self.total_label.setText(length_summary(playlist))

    def _on_replaced(self) -> None:
        self._refresh()
        self.item_selected.emit(None)

    def _on_current_row_changed(self, current, _previous) -> None:
        self.item_selected.emit(self.document.model.item_at(current.row()))

    def _on_context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        remove = menu.addAction("Remove")
        remove.triggered.connect(self.remove_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))
