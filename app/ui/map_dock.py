"""View ▸ Influence Map: its toggle exists from the start, the map only once it is shown.

Building the map (graph, layout, a few hundred graphics items) is work the first paint
should not wait for, and many sessions never open it.  Whether it was open, and where
its dock sat, are kept with the window's state, so it comes back as it was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolButton

from app.core.dossier import Dossier, Entry, Section

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.ui.influence_map import InfluenceMap

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
    """The map's dock in ``host``, kept in step with the entry list by the window.

    It is told what the list selects, what its filter hides and what plays, and it says
    what the person picks in the map by its signals; the window connects both ways.
    """

    entry_selected = Signal(str)  # a node clicked: the entry's id
    section_selected = Signal(object)  # the album clicked: the featured section
    add_requested = Signal(object)  # Entry: a node double-clicked, as Enter in the list

    def __init__(
        self,
        host: QMainWindow,
        dossier: Dossier,
        settings: QSettings,
        *,
        current: Callable[[], Entry | Section | None],
        hidden_entries: Callable[[], set[str]],
    ):
        super().__init__(host)
        self.host = host
        self.dossier = dossier
        self.settings = settings
        self._current = current  # what the list has selected, for a map built later
        self._hidden_entries = hidden_entries
        self._playing: str | None = None
        self.dock: QDockWidget | None = None
        self.map: InfluenceMap | None = None
        self.view_actions = ViewActions(host)
        self.action = QAction("Influence &Map", host, shortcut=QKeySequence(TOGGLE_KEY))
        self.action.setIconText("Map")  # on its button, beside the filter
        self.action.setCheckable(True)
        self.action.setToolTip(f"Show the influence map ({TOGGLE_KEY})")
        self.action.toggled.connect(self.set_shown)
        self.button = QToolButton(host)
        self.button.setObjectName("mapToggle")
        self.button.setDefaultAction(self.action)
        self.button.setAccessibleName("Show the influence map")

    def restore(self) -> None:
        """Open the map again if it was open when the window last closed (after the paint)."""
        if self.settings.value(VISIBLE_KEY, False, type=bool):
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
        if self.dock is not None:
            self.settings.setValue(STATE_KEY, self.host.saveState())
            self.settings.setValue(VISIBLE_KEY, not self.dock.isHidden())

    # -- told by the window (nothing to do until the map exists) ------------
    def show_entry(self, entry: Entry) -> None:
        if self.map is not None:
            self.map.select_entry(entry.id)

    def show_section(self, section: Section) -> None:
        if self.map is None:
            return
        if section == Section.FEATURED:
            self.map.select_album()
        else:
            self.map.select_entry(None)

    def filter_changed(self) -> None:
        if self.map is not None:
            self.map.set_hidden_entries(self._hidden_entries())

    def set_playing(self, entry_id: str | None) -> None:
        self._playing = entry_id  # kept for a map built later
        if self.map is not None:
            self.map.set_playing(entry_id)

    # -- construction ------------------------------------------------------
    def _build(self) -> None:
        from app.ui.influence_map import InfluenceMap

        host = self.host
        self.map = InfluenceMap(self.dossier, None, self.view_actions)
        self.dock = QDockWidget("Influence Map", host)
        self.dock.setObjectName("influenceMapDock")
        self.dock.setWidget(self.map)
        # Under the columns, across the window: the map reads left to right, so it wants
        # width more than height, at 1280 × 720 as at 1920 × 1080.
        host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        host.resizeDocks([self.dock], [int(host.height() * 0.5)], Qt.Orientation.Vertical)
        state = self.settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            host.restoreState(state)  # where the person last left it
        self.dock.visibilityChanged.connect(self._on_visibility)

        self.map.entry_selected.connect(self.entry_selected)
        self.map.album_selected.connect(lambda: self.section_selected.emit(Section.FEATURED))
        self.map.entry_activated.connect(self._on_entry_activated)
        current = self._current()
        if isinstance(current, Section):
            self.show_section(current)
        elif current is not None:
            self.show_entry(current)
        self.filter_changed()
        if self._playing is not None:  # what plays already glows
            self.map.set_playing(self._playing)

    def _on_visibility(self, _visible: bool) -> None:
        shown = not self.dock.isHidden()
        self.action.setChecked(shown)
        for action in self.view_actions.all():
            action.setEnabled(shown)

    def _on_entry_activated(self, entry_id: str) -> None:
        entry = self.dossier.entry(entry_id)
        if entry is not None:
            self.add_requested.emit(entry)
