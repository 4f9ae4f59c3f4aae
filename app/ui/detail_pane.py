"""The pane that shows an entry's facts, connections and commentary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from app.core.dossier import Dossier, Entry, Section
from app.ui.detail_html import COVER_URL, MORE_SCHEME, entry_html, match_html, section_html

if TYPE_CHECKING:  # the playlist's data classes are not needed to show an entry
    from app.core.playlist import PlaylistItem


class DetailPane(QTextBrowser):
    entry_link_activated = Signal(str)  # an entry id
    add_track_requested = Signal(str)  # a track id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.setAccessibleName("Entry details and commentary")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.current_entry_id: str | None = None
        self._entry: tuple[Entry, Dossier] | None = None
        self._expanded: set[str] = set()  # folded lists the reader opened on this entry
        self._header = ""  # the playlist item's Spotify track, above the entry
        self._cover: QImage | None = None
        self._body = ""

    def show_entry(self, entry: Entry, dossier: Dossier) -> None:
        self.current_entry_id = entry.id
        self._entry = (entry, dossier)
        self._expanded = set()
        self._header, self._cover = "", None
        self._body = entry_html(entry, dossier)
        self.setHtml(self._body)

    def show_section(self, section: Section, dossier: Dossier) -> None:
        self.current_entry_id = None
        self._entry = None
        self._header, self._cover = "", None
        self._body = section_html(section, dossier)
        self.setHtml(self._body)

    def show_match(self, item: PlaylistItem, cover: QImage | None) -> None:
        """Put the playlist item's Spotify track (and its cover, once fetched) on top."""
        self._header, self._cover = match_html(item, has_cover=cover is not None), cover
        self._render()

    def expand(self, key: str) -> None:
        """Show the whole of a folded list, keeping the reader's place."""
        if self._entry is None or key in self._expanded:
            return
        self._expanded.add(key)
        self._body = entry_html(*self._entry, self._expanded)
        place = self.verticalScrollBar().value()
        self._render()
        self.verticalScrollBar().setValue(place)

    def _render(self) -> None:
        if self._cover is not None:
            self.document().addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(COVER_URL), self._cover
            )
        self.setHtml(self._header + self._body)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == MORE_SCHEME:
            self.expand(url.path())
        elif url.scheme() == "entry":
            self.entry_link_activated.emit(url.path())
        elif url.scheme() == "add":
            self.add_track_requested.emit(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
