"""The main window: entries on the left, their story in the middle, the playlist on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter

from app import __version__
from app.core.dossier import Dossier, Entry, Section
from app.ui.browser_panel import DossierBrowser
from app.ui.detail_pane import DetailPane


class MainWindow(QMainWindow):
    def __init__(self, dossier: Dossier, settings: QSettings, parent=None):
        super().__init__(parent)
        self.dossier = dossier
        self.settings = settings
        self.setObjectName("mainWindow")
        self._build_ui()
        self._restore_state()
        self._update_title()
        self._update_status()
        self.browser.select_first()

    # -- construction ------------------------------------------------------
    def _build_ui(self) -> None:
        self.browser = DossierBrowser(self.dossier, self)
        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.setCentralWidget(self.splitter)
        self.resize(1360, 820)

        self.browser.entry_selected.connect(self._on_entry_selected)
        self.browser.section_selected.connect(self._on_section_selected)
        self.browser.filter_changed.connect(self._update_status)
        self.detail.entry_link_activated.connect(self._on_entry_link_activated)

        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("statusCounts")
        self.statusBar().addPermanentWidget(self.status_counts)
        self._build_menus()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = menu.addMenu("&File")
        self.edit_menu = menu.addMenu("&Edit")
        self.view_menu = menu.addMenu("&View")
        self.help_menu = menu.addMenu("&Help")

        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.find_action = QAction("&Find…", self, shortcut=QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.browser.focus_filter)
        self.view_menu.addAction(self.find_action)
        self.clear_filter_action = QAction("&Show All Entries", self)
        self.clear_filter_action.triggered.connect(self.browser.clear_filter)
        self.view_menu.addAction(self.clear_filter_action)

        about = QAction("&About Drive Playlist", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._on_about)
        self.help_menu.addAction(about)

    # -- state -------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([520, 620])

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        event.accept()

    # -- presentation ------------------------------------------------------
    def _update_title(self) -> None:
        film = self.dossier.film
        self.setWindowTitle(f"{film.title} ({film.year}) — Drive Playlist")

    def _update_status(self) -> None:
        featured = len(self.dossier.section(Section.FEATURED))
        influences = len(self.dossier.section(Section.INFLUENCE))
        quotes = sum(1 for c in self.dossier.commentary if c.is_quote)
        text = f"{featured} featured · {influences} influences · {quotes} quotes"
        if self.browser.proxy.active:
            shown = self.browser.visible_entry_count()
            text = f"Showing {shown} of {featured + influences} entries · " + text
        self.status_counts.setText(text)

    # -- slots -------------------------------------------------------------
    def _on_entry_selected(self, entry: Entry) -> None:
        self.detail.show_entry(entry, self.dossier)

    def _on_section_selected(self, section: Section) -> None:
        self.detail.show_section(section, self.dossier)

    def _on_entry_link_activated(self, entry_id: str) -> None:
        self.browser.select_entry(entry_id)

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            "About Drive Playlist",
            f"<h3>Drive Playlist {__version__}</h3>"
            "<p>Explore the music of a film, read what its makers said about it, and turn "
            "it into a playlist.</p>",
        )
