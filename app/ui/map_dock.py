"""View ▸ Influence Map: its toggle exists from the start, the map only once it is shown.

Building the map (graph, layout, a few hundred graphics items) is work the first paint
should not wait for, and many sessions never open it.  Whether it was open, and where
its dock sat, are kept with the window's state, so it comes back as it was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QToolButton

from app.core.dossier import Section

if TYPE_CHECKING:
    from app.ui.influence_map import InfluenceMap
    from app.ui.main_window import MainWindow

VISIBLE_KEY = "map/visible"
STATE_KEY = "map/dock-state"
TOGGLE_KEY = "Ctrl+Shift+M"


class ViewActions:
    """Fit and zoom, with their keys, acting on the map while the focus is in it.

    Made with the window (three actions cost nothing), so the shortcut list names real
    actions before any map exists.
    """

    def __init__(self, parent):
        self.fit = QAction("&Fit Map to View", parent, shortcut=QKeySequence("Ctrl+0"))
        self.fit.setIconText("Fit")
        self.zoom_in = QAction("Zoom &In", parent)
        self.zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out = QAction("Zoom &Out", parent, shortcut=QKeySequence("Ctrl+-"))
        for action in self.all():
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)  # until a map is shown

    def all(self) -> tuple[QAction, ...]:
        return (self.zoom_in, self.zoom_out, self.fit)


class MapDock(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dock: QDockWidget | None = None
        self.map: InfluenceMap | None = None
        self.view_actions = ViewActions(window)
        self.action = QAction("Influence &Map", window, shortcut=QKeySequence(TOGGLE_KEY))
        self.action.setIconText("Map")  # on its button, beside the filter
        self.action.setCheckable(True)
        self.action.setToolTip(f"Show the influence map ({TOGGLE_KEY})")
        self.action.toggled.connect(self.set_shown)
        self.button = QToolButton(window)
        self.button.setObjectName("mapToggle")
        self.button.setDefaultAction(self.action)
        self.button.setAccessibleName("Show the influence map")

    def restore(self) -> None:
        """Open the map again if it was open when the window last closed (after the paint)."""
        if self.window.settings.value(VISIBLE_KEY, False, type=bool):
            QTimer.singleShot(0, self, lambda: self.action.setChecked(True))

    def set_shown(self, shown: bool) -> None:
        if shown and self.dock is None:
            self._build()
        if self.dock is not None and self.dock.isHidden() == shown:
            self.dock.setVisible(shown)
            if shown:
                self.dock.raise_()
        if self.dock is not None:
            self._on_visibility(shown)

    def save(self) -> None:
        settings = self.window.settings
        if self.dock is not None:
            settings.setValue(STATE_KEY, self.window.saveState())
            settings.setValue(VISIBLE_KEY, not self.dock.isHidden())

    # -- construction ------------------------------------------------------
    def _build(self) -> None:
        from app.ui.influence_map import InfluenceMap

        window, browser = self.window, self.window.browser
        self.map = InfluenceMap(window.dossier, None, self.view_actions)
        self.dock = QDockWidget("Influence Map", window)
        self.dock.setObjectName("influenceMapDock")
        self.dock.setWidget(self.map)
        # Under the columns, across the window: the map reads left to right, so it wants
        # width more than height, at 1280 × 720 as at 1920 × 1080.
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [int(window.height() * 0.5)], Qt.Orientation.Vertical)
        state = window.settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            window.restoreState(state)  # where the person last left it
        self.dock.visibilityChanged.connect(self._on_visibility)

        self.map.entry_selected.connect(browser.select_entry)
        self.map.album_selected.connect(lambda: browser.select_section(Section.FEATURED))
        self.map.entry_activated.connect(self._on_entry_activated)
        browser.entry_selected.connect(lambda entry: self.map.select_entry(entry.id))
        browser.section_selected.connect(self._on_section_selected)
        browser.filter_changed.connect(self._on_filter_changed)
        current = browser.tree.currentIndex()
        entry = browser.current_entry()
        if entry is not None:
            self.map.select_entry(entry.id)
        elif current.isValid():
            self._on_section_selected(browser.model.section_at(browser.proxy.mapToSource(current)))
        self._on_filter_changed()
        playback = getattr(window, "playback", None)  # built with the window's second stage
        if playback is not None:  # what plays already glows; playback tells the map after
            self.map.set_playing(playback.playing_entry_id)

    def _on_visibility(self, _visible: bool) -> None:
        shown = not self.dock.isHidden()
        self.action.setChecked(shown)
        for action in self.view_actions.all():
            action.setEnabled(shown)

    def _on_entry_activated(self, entry_id: str) -> None:
        entry = self.window.dossier.entry(entry_id)
        if entry is not None:  # as Enter or a double-click in the list does
            self.window.browser.add_requested.emit(entry)

    def _on_section_selected(self, section: Section) -> None:
        if section == Section.FEATURED:
            self.map.select_album()
        else:
            self.map.select_entry(None)

    def _on_filter_changed(self) -> None:
        self.map.set_hidden_entries(self.window.browser.proxy.hidden_entry_ids())
