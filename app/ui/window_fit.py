"""Fitting the window to the screen it opens on, from a 1024×640 laptop to a large desktop.

The window's first size comes from the screen's available area (what panels and docks
leave), a saved geometry is used only while it still fits that area, and below a width at
which three columns can't each show their text, the story and the playlist share one
column as two tabs.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

# What the window asks for when the screen has room: three readable columns.
PREFERRED_SIZE = QSize(1400, 860)
# A window manager's border and title bar, which are not known before the first show.
FRAME_ALLOWANCE = QSize(16, 48)
# Below this width (device-independent pixels) three columns cut their texts: two are shown.
THREE_COLUMNS_FROM = 1180


def first_geometry(available: QRect) -> QRect:
    """The window's first geometry: the preferred size, shrunk to fit, centred."""
    width = min(PREFERRED_SIZE.width(), available.width() - FRAME_ALLOWANCE.width())
    height = min(PREFERRED_SIZE.height(), available.height() - FRAME_ALLOWANCE.height())
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def fits(geometry: QRect, available: QRect) -> bool:
    """Whether a (restored) window geometry lies wholly in the screen's available area."""
    return geometry.isValid() and available.contains(geometry)


class SideColumns:
    """The story pane and the playlist side: two splitter columns, or two tabs in one.

    Moving a widget into the splitter takes it out of the tab widget and back; the widgets
    themselves never learn where they are.
    """

    def __init__(self, splitter: QSplitter, story: QWidget, playlist_side: QWidget):
        self.splitter = splitter
        self.story = story
        self.playlist_side = playlist_side
        self.tabs = QTabWidget(splitter.parentWidget())
        self.tabs.setObjectName("sideTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        self.tabs.hide()
        self.tabbed = False
        splitter.addWidget(story)
        splitter.addWidget(playlist_side)

    def arrange(self, tabbed: bool) -> bool:
        """Put the two side by side or into tabs; True when the arrangement changed."""
        if tabbed == self.tabbed:
            return False
        self.tabbed = tabbed
        if tabbed:
            current = self.tabs.currentIndex()
            self.tabs.addTab(self.story, "Story")
            self.tabs.addTab(self.playlist_side, "Playlist")
            self.tabs.setCurrentIndex(max(current, 0))
            self.splitter.insertWidget(1, self.tabs)
            self.tabs.show()
        else:
            self.tabs.hide()
            self.splitter.insertWidget(1, self.story)
            self.splitter.insertWidget(2, self.playlist_side)
            self.story.show()
            self.playlist_side.show()
        return True

    def show_playlist(self) -> None:
        """Bring the playlist side into view (a tab of its own when tabbed)."""
        if self.tabbed:
            self.tabs.setCurrentWidget(self.playlist_side)
