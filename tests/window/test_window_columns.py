"""The playlist table's columns: what matters gets the room, what is empty is not shown."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QStyleOptionViewItem

from app.core.playlist import Candidate, MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.storage.dossier_file import load_dossier
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow
from app.ui.playlist_model import COL_FROM, COL_LENGTH, COL_SPOTIFY, COL_TITLE
from tests.window.window_helpers import forget_changes


def open_window(qtbot, playlist):
    make_application()
    window = MainWindow(load_dossier(), window_settings(), playlist)
    qtbot.addWidget(window, before_close_func=forget_changes)
    window.show()
    window.columns.show_playlist()  # its own tab on the tests' small screen
    qtbot.waitExposed(window)
    settle()
    return window


def settle() -> None:
    loop = QEventLoop()
    QTimer.singleShot(20, loop.quit)  # the columns are fitted once a burst of changes is over
    loop.exec()


def hidden(window, col) -> bool:
    return window.playlist_panel.table.isColumnHidden(col)


def two_tracks(duration=None, match=None) -> Playlist:
    return Playlist(
        name="Night",
        items=[
            PlaylistItem(title="Tick of the Clock", artists=("The Chromatics",)),
            PlaylistItem(
                title="Under Your Spell", artists=("Desire",), duration=duration, match=match
            ),
        ],
    )


def test_columns_no_row_fills_are_hidden_and_come_back_when_one_does(qtbot):
    window = open_window(qtbot, two_tracks())
    # No lengths, no dossier entries, nothing matched yet.
    assert hidden(window, COL_LENGTH) and hidden(window, COL_FROM) and hidden(window, COL_SPOTIFY)
    assert not hidden(window, COL_TITLE)
    window.adding.add_tracks([_first_track(window)])
    settle()
    assert not hidden(window, COL_FROM)  # a track from the dossier says where it comes from


def _first_track(window):
    return next(t for e in window.dossier.entries for t in e.tracks)


def test_the_spotify_state_is_an_icon_with_words_for_people_and_screen_readers(qtbot):
    candidate = Candidate(uri="spotify:track:1", title="Under Your Spell", artists=("Desire",))
    match = TrackMatch(status=MatchStatus.REVIEW, candidates=(candidate,))
    window = open_window(qtbot, two_tracks(duration=290, match=match))
    assert not hidden(window, COL_SPOTIFY) and not hidden(window, COL_LENGTH)
    state = window.document.model.index(1, COL_SPOTIFY)
    assert not state.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert state.data(Qt.ItemDataRole.DisplayRole) in (None, "")
    assert state.data(Qt.ItemDataRole.ToolTipRole) == "Needs review"
    assert state.data(Qt.ItemDataRole.AccessibleTextRole) == "Spotify: Needs review"
    unmatched = window.document.model.index(0, COL_SPOTIFY)
    assert unmatched.data(Qt.ItemDataRole.AccessibleTextRole) == "Spotify: not matched yet"


def test_titles_are_elided_in_the_middle_and_from_gets_little_room(qtbot):
    long_title = "Where's the Deluxe Version? (An Extended Title Nobody Could Fit)"
    playlist = two_tracks()
    playlist = replace(playlist, items=[replace(playlist.items[0], title=long_title)])
    window = open_window(qtbot, playlist)
    window.adding.add_tracks([_first_track(window)])  # an album track: "From" shows "Album #1"
    settle()
    table = window.playlist_panel.table
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(COL_TITLE).initStyleOption(option, table.model().index(0, 1))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    assert table.model().index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole) == long_title
    widths = {col: table.columnWidth(col) for col in (COL_TITLE, COL_FROM)}
    album_number = table.fontMetrics().horizontalAdvance("Album #00")
    assert widths[COL_FROM] <= album_number + 24
    assert widths[COL_TITLE] > 2 * widths[COL_FROM]
    shown = sum(table.columnWidth(c) for c in range(6) if not table.isColumnHidden(c))
    assert shown <= table.viewport().width()  # no sideways scrolling
