"""The main window: entries on the left, their story in the middle, the playlist on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.dossier import Dossier, Entry, Section
from app.ui.browser_panel import DossierBrowser
from app.ui.detail_pane import DetailPane
from app.ui.map_dock import MapDock
from app.ui.window_fit import THREE_COLUMNS_FROM, SideColumns, first_geometry, fits

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.core.playlist import Playlist, PlaylistItem

COMPLETE_ANYWAY_MS = 1000


class _FirstPaint(QObject):
    """Calls back once, on the window's first paint, then gets out of the event path."""

    def __init__(self, window: QWidget, callback: Callable[[], None]):
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._callback)  # after this paint has reached the screen
        return False


class MainWindow(QMainWindow):
    """Built in two stages: what shows the dossier, then the playlist and Spotify side.

    With ``progressive=True`` (how the program starts) the second stage waits for the first
    paint, so the entries and their commentary appear without waiting for the playlist,
    file and Spotify machinery to be imported and built; that stage follows within a few
    tens of milliseconds, in the space already kept for it.  Otherwise the window is
    complete when constructed.
    """

    def __init__(
        self,
        dossier: Dossier,
        settings: QSettings,
        playlist: Playlist | None = None,
        parent=None,
        *,
        progressive: bool = False,
    ):
        super().__init__(parent)
        self.dossier = dossier
        self.settings = settings
        self.setObjectName("mainWindow")
        self._playlist = playlist
        self._completed = False
        self._closed_early = False
        self._when_complete: list[Callable[[], None]] = []
        self.document = None
        self._build_browsing()
        self._restore_state()
        self._update_title()
        self._update_status()
        self.browser.select_first()
        if progressive:
            _FirstPaint(self, self.complete)
            # A window that is never exposed (started hidden, on a locked screen) gets no
            # paint: it is completed all the same.
            QTimer.singleShot(COMPLETE_ANYWAY_MS, self, self.complete)
        else:
            self.complete()

    # -- construction ------------------------------------------------------
    def _build_browsing(self) -> None:
        """Stage one: the entries, the detail pane, the menu bar and the status bar."""
        self.browser = DossierBrowser(self.dossier, self)
        self.detail = DetailPane(self)
        # The playlist side's place (and its restored width), filled by stage two.
        self.playlist_side = QWidget(self)
        self.playlist_side.setObjectName("playlistSide")
        side_layout = QVBoxLayout(self.playlist_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.browser)
        self.columns = SideColumns(self.splitter, self.detail, self.playlist_side)
        central = QWidget(self)
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(6, 6, 6, 0)
        self._central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.browser.entry_selected.connect(self._on_entry_selected)
        self.browser.section_selected.connect(self._on_section_selected)
        self.browser.filter_changed.connect(self._update_status)
        self.detail.entry_link_activated.connect(self._on_entry_link_activated)
        # Its toggle only: the map is built when first shown.
        self.map_dock = MapDock(
            self,
            self.dossier,
            self.settings,
            current=self.browser.current_selection,
            hidden_entries=self.browser.proxy.hidden_entry_ids,
        )
        self.browser.entry_selected.connect(self.map_dock.show_entry)
        self.browser.section_selected.connect(self.map_dock.show_section)
        self.browser.filter_changed.connect(self.map_dock.filter_changed)
        self.map_dock.entry_selected.connect(self.browser.select_entry)
        self.map_dock.section_selected.connect(self.browser.select_section)

        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("statusCounts")
        self.statusBar().addPermanentWidget(self.status_counts)
        menu = self.menuBar()  # the menus' titles now, so nothing shifts when they fill
        self.file_menu = menu.addMenu("&File")
        self.edit_menu = menu.addMenu("&Edit")
        self.view_menu = menu.addMenu("&View")
        self.spotify_menu = menu.addMenu("&Spotify")
        self.help_menu = menu.addMenu("&Help")
        menu.setCornerWidget(self.map_dock.button)  # the view toggle, taking no column's width

    def _set_stretch(self) -> None:
        stretches = (9, 11) if self.columns.tabbed else (4, 4, 5)
        for i, stretch in enumerate(stretches):
            self.splitter.setStretchFactor(i, stretch)

    @property
    def is_complete(self) -> bool:
        return self._completed

    def when_complete(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the playlist side exists: now, or right after stage two."""
        if self._completed:
            callback()
        else:
            self._when_complete.append(callback)

    def complete(self) -> None:
        """Stage two: the playlist, its files, Spotify and the menus' actions.  Idempotent."""
        if self._completed or self._closed_early:
            return
        self._completed = True
        from app.core.presets import make_preset
        from app.ui.background import BackgroundRunner
        from app.ui.banner import Banner
        from app.ui.file_actions import FileActions
        from app.ui.playlist_adding import PlaylistAdding
        from app.ui.playlist_document import PlaylistDocument
        from app.ui.playlist_panel import PlaylistPanel

        self.runner = BackgroundRunner(self)  # every task of the window, file writes too
        self.document = PlaylistDocument(
            self._playlist or make_preset("influences", self.dossier),
            self.dossier,
            self.runner,
            self,
        )
        self._playlist = None
        self.playlist_panel = PlaylistPanel(self.document, self.playlist_side)
        self.playlist_side.layout().addWidget(self.playlist_panel)
        self._restore_splitter()  # again: the panel's minimum width may differ from the slot's
        self.banner = Banner(self)
        self._central_layout.insertWidget(0, self.banner)
        self.setTabOrder(self.browser.tree, self.detail)
        self.setTabOrder(self.detail, self.playlist_panel.name_edit)

        say = self.statusBar().showMessage
        self.adding = PlaylistAdding(self.document, self.dossier, self.banner, say)
        self.browser.add_requested.connect(self.adding.add_entry)
        self.map_dock.add_requested.connect(self.adding.add_entry)
        self.browser.add_all_requested.connect(lambda e: self.adding.add_tracks(list(e.tracks)))
        self.detail.add_track_requested.connect(self.adding.add_track)
        self.document.model.on_entries_dropped = self.adding.add_dropped
        self.playlist_panel.item_selected.connect(self._on_playlist_item_selected)
        self.document.changed.connect(self._update_title)
        self.files = FileActions(self, self.document, self.dossier, self.settings, self.banner, say)
        from app.ui.file_watch import OpenFileWatch

        self.file_watch = OpenFileWatch(
            self,
            self.document,
            self.banner,
            self.playlist_panel,
            save_as=self.files.save_as,
            save_again=self.files.save_again,
            say=say,
        )
        self.files.changed_on_disk = self.file_watch.offer_now
        self._build_spotify()
        self._build_menus()
        self._update_title()
        self.map_dock.restore()
        callbacks, self._when_complete = self._when_complete, []
        for callback in callbacks:
            callback()

    def _build_spotify(self) -> None:
        from app.ui.cover_art import CoverArt
        from app.ui.review_panel import ReviewPanel
        from app.ui.spotify_account import SpotifyAccount
        from app.ui.spotify_review import SpotifyReview
        from app.ui.spotify_work import SpotifyWork
        from app.ui.task_status import TaskStatus

        self.task_status = TaskStatus(self)
        self.statusBar().addPermanentWidget(self.task_status)
        say = self.statusBar().showMessage
        self.account = SpotifyAccount(self, self.runner, self.banner, say)
        self.runner.default_failure = lambda error: self.account.explain(error)
        self.spotify = SpotifyWork(
            self,
            self.document,
            self.runner,
            self.account,
            self.banner,
            self.task_status,
            explain_file=self.files.explain_save_failure,
            check_file=self.file_watch.check,
        )
        self.spotify.review_requested.connect(self.review_next)
        self.spotify.rows_to_show.connect(self._show_playlist_rows)
        self.review = SpotifyReview(self.document, self.runner, self.task_status, self)
        self.review_panel = ReviewPanel(self)
        self.playlist_panel.add_below_tracks(self.review_panel)
        self.review_panel.choose_requested.connect(self.review.choose)
        self.review_panel.search_requested.connect(self.review.search)
        self.review.found.connect(self.review_panel.add_search_results)
        self.review_panel.review_next_requested.connect(self.review_next)
        self.covers = CoverArt(self.runner, self)
        self.covers.ready.connect(self._on_cover_ready)
        self.document.model.dataChanged.connect(self._on_items_changed)
        self.document.replaced.connect(lambda: self.review_panel.show_item(None))
        self._build_playback()
        from app.ui.cover_dialog import PlaylistCover

        self.playlist_cover = PlaylistCover(
            self,
            self.document,
            self.dossier,
            self.runner,
            self.task_status,
            self.account,
            self.banner,
            say,
        )
        self.spotify.created.connect(self.playlist_cover.offer_after_create)

        bar = self.playlist_panel.extra_bar
        for action in (self.spotify.match_action, self.spotify.sync_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addStretch(1)
        self.playlist_panel.heading_bar.addWidget(self.account.button)

    def _build_playback(self) -> None:
        from app.ui.playback import Playback, WindowView

        view = WindowView(
            current_entry=self.browser.current_entry,
            focused_row=self._focused_playlist_row,
            current_row=self._current_playlist_row,
            visible=lambda: self.isVisible() and not self.isMinimized(),
            add_tracks=self.adding.add_tracks,
            say=self.statusBar().showMessage,
        )
        self.playback = Playback(
            self,
            self.document,
            self.dossier,
            self.settings,
            view,
            runner=self.runner,
            account=self.account,
            banner=self.banner,
            status=self.task_status,
        )
        self.playback.marked.connect(self._on_playing_marked)
        self.playback.follow_requested.connect(self._on_follow_requested)
        self.playback.review_requested.connect(self._on_review_requested)
        # Space plays/pauses where the lists have the focus, as in players; elsewhere
        # (the filter, the name field) it stays a space.
        for widget in (self.browser.tree, self.playlist_panel.table):
            space = QShortcut(QKeySequence(Qt.Key.Key_Space), widget)
            space.setContext(Qt.ShortcutContext.WidgetShortcut)
            space.activated.connect(self.playback.play_pause)
        self._central_layout.addWidget(self.playback.strip)

    def _build_menus(self) -> None:
        from app.ui import help_dialogs

        self.review_next_action = QAction(
            "&Review Next Doubtful Match", self, shortcut=QKeySequence("F8")
        )
        self.review_next_action.triggered.connect(self.review_next)
        for action in (
            self.account.sign_in_action,
            self.account.sign_out_action,
            self.account.settings_action,
            None,
            self.spotify.match_action,
            self.review_next_action,
            self.spotify.sync_action,
            self.spotify.open_action,
            self.playlist_cover.action,
            None,
            *self.playback.menu_actions(),
        ):
            if action is None:
                self.spotify_menu.addSeparator()
            else:
                self.spotify_menu.addAction(action)

        self.files.populate(self.file_menu)
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.undo_action = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.add_action = QAction("&Add to Playlist", self)
        self.add_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.add_action.setToolTip("Add the selected entry's tracks (Enter in the list)")
        self.add_action.triggered.connect(self._on_add_selected)
        self.remove_action = QAction("&Remove from Playlist", self)
        self.remove_action.triggered.connect(self.playlist_panel.remove_selected)
        for action in (self.undo_action, self.redo_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        for action in (
            self.add_action,
            self.remove_action,
            self.playlist_panel.move_up_action,
            self.playlist_panel.move_down_action,
        ):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()

        self.find_action = QAction("&Find…", self, shortcut=QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.browser.focus_filter)
        self.edit_menu.addAction(self.find_action)
        self.clear_filter_action = QAction("&Show All Entries", self)
        self.clear_filter_action.triggered.connect(self.browser.clear_filter)
        self.view_menu.addAction(self.clear_filter_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.map_dock.action)
        self.view_menu.addActions(list(self.map_dock.view_actions.all()))

        help_dialogs.populate(self.help_menu, self)

    # -- state -------------------------------------------------------------
    def _restore_state(self) -> None:
        """The saved geometry if it fits this screen, else one made for the screen."""
        available = self.screen().availableGeometry()
        geometry = self.settings.value("window/geometry")
        frame = self.settings.value("window/frame")  # as it was on the screen it was saved on
        if not (
            isinstance(geometry, QByteArray)
            and isinstance(frame, QRect)
            and fits(frame, available)
            and self.restoreGeometry(geometry)
        ):
            self.setWindowState(Qt.WindowState.WindowNoState)
            self.setGeometry(first_geometry(available))
        self.columns.arrange(self.width() < THREE_COLUMNS_FROM)
        self._restore_splitter()

    def _splitter_key(self) -> str:
        return "window/splitter-tabbed" if self.columns.tabbed else "window/splitter"

    def _restore_splitter(self) -> None:
        self._set_stretch()
        splitter = self.settings.value(self._splitter_key())
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            width = self.width()
            shares = (9, 11) if self.columns.tabbed else (36, 29, 35)
            self.splitter.setSizes([width * share // sum(shares) for share in shares])

    def _arrange(self, width: int) -> None:
        """Three columns when the window is wide enough for their texts, else two and tabs."""
        tabbed = width < THREE_COLUMNS_FROM
        if tabbed == self.columns.tabbed:
            return
        self.settings.setValue(self._splitter_key(), self.splitter.saveState())  # to come back to
        self.columns.arrange(tabbed)
        self._restore_splitter()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/frame", self.frameGeometry())
        self.settings.setValue(self._splitter_key(), self.splitter.saveState())
        self.map_dock.save()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._completed:  # closed in the instant before the playlist side existed
            self._closed_early = True  # and it never will: nothing to build, save or wait for
            self.save_state()
            event.accept()
            return
        if not self.files.confirm_discard():
            event.ignore()
            return
        self.runner.wait_all()
        self.document.wait_for_writes()
        self.document.clear_autosave()
        self.save_state()
        event.accept()

    # -- presentation ------------------------------------------------------
    def _update_title(self) -> None:
        film = self.dossier.film
        if self.document is None:
            self.setWindowTitle(f"{film.title} ({film.year}) — Drive Playlist")
            return
        self.setWindowTitle(
            f"{film.title} ({film.year}) — {self.document.display_name}[*] — Drive Playlist"
        )
        self.setWindowModified(self.document.dirty)

    def _update_status(self) -> None:
        self.status_counts.setText(self.browser.summary())

    def open_playlist_path(self, path: str) -> bool:
        return self.files.open_path(path)

    def offer_recovery(self) -> bool:
        return self.files.offer_recovery()

    # -- slots -------------------------------------------------------------
    def _on_entry_selected(self, entry: Entry) -> None:
        self.detail.show_entry(entry, self.dossier)

    def _on_section_selected(self, section: Section) -> None:
        self.detail.show_section(section, self.dossier)

    def _on_entry_link_activated(self, entry_id: str) -> None:
        self.browser.select_entry(entry_id)

    def _on_add_selected(self) -> None:
        entry = self.browser.current_entry()
        if entry is not None:
            self.adding.add_entry(entry)

    def _on_playlist_item_selected(self, item: PlaylistItem | None) -> None:
        self.review_panel.show_item(item)
        entry = self.dossier.entry(item.entry_id) if item and item.entry_id else None
        if entry is not None:
            self.detail.show_entry(entry, self.dossier)
        if item is not None:
            self.detail.show_match(item, self.covers.cached(item))
            self.covers.request(item)

    def _on_cover_ready(self, item_id: str, image) -> None:
        item = self.playlist_panel.current_item()
        if item is not None and item.id == item_id:
            self.detail.show_match(item, image)

    def _on_items_changed(self, top_left, bottom_right, _roles=()) -> None:
        from app.ui.playlist_model import COL_SPOTIFY

        if bottom_right.column() < COL_SPOTIFY:
            return  # only numbering or text: the match, the review and the cover are as they were
        item = self.playlist_panel.current_item()
        row = self.playlist_panel.table.currentIndex().row()
        if item is not None and top_left.row() <= row <= bottom_right.row():
            self._on_playlist_item_selected(item)

    def review_next(self) -> bool:
        """Select the next item whose match a person should decide (F8)."""
        playlist = self.document.playlist
        row = playlist.next_awaiting_review(self.playlist_panel.table.currentIndex().row())
        if row is None:
            self.statusBar().showMessage("No match is waiting for review", 3000)
            return False
        item = playlist.items[row]
        self.columns.show_playlist()
        self._select_playlist_row(row)
        self._on_playlist_item_selected(item)
        panel = self.review_panel
        (panel.table if item.match.candidates else panel.search_edit).setFocus()
        return True

    def _current_playlist_row(self) -> int | None:
        row = self.playlist_panel.table.currentIndex().row()
        return row if row >= 0 else None

    def _focused_playlist_row(self) -> int | None:
        """The playlist's current row while the playlist has the focus."""
        table = self.playlist_panel.table
        if table.hasFocus() and self.playlist_panel.current_item() is not None:
            return table.currentIndex().row()
        return None

    def _select_playlist_row(self, row: int) -> None:
        self.playlist_panel.select_rows([row])
        self.playlist_panel.table.setCurrentIndex(self.document.model.index(row, 1))

    def _on_playing_marked(self, entry_id: str | None) -> None:
        self.browser.model.set_playing(entry_id)
        self.map_dock.set_playing(entry_id)

    def _on_follow_requested(self, entry_id: str | None, item_id: str | None) -> None:
        if entry_id is not None:
            self.browser.select_entry(entry_id)
        if item_id is not None:  # last: the detail then shows the entry and its match
            row = self.document.model.row_of(item_id)
            self._select_playlist_row(row)
            self.playlist_panel.table.scrollTo(self.document.model.index(row, 1))

    def _on_review_requested(self, row: int) -> None:
        self._select_playlist_row(row)
        self.review_panel.search_edit.setFocus()

    def _show_playlist_rows(self, rows: list[int]) -> None:
        self.playlist_panel.select_rows(rows)
        self.playlist_panel.table.setFocus()
