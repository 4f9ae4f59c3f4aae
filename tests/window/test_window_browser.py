"""The window as a person uses it: clicking entries, links, filters, keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.dossier import Section
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow
from tests.window.window_actions import click_entry, visible_ids
from tests.window.window_helpers import open_window


@pytest.fixture
def window(qtbot, dossier):
    return open_window(qtbot, dossier)


def shown_text(window) -> str:
    return window.detail.toPlainText()


def test_title_names_the_film(window):
    assert window.windowTitle().startswith("Drive (2011)")


def test_all_19_featured_tracks_and_the_influences_are_listed(window, dossier):
    model = window.browser.model
    featured = model.group_index(Section.FEATURED)
    influences = model.group_index(Section.INFLUENCE)
    assert model.rowCount(featured) == 19
    titles = [model.index(r, 1, featured).data() for r in range(19)]
    assert titles[0] == "Nightcall" and titles[18] == "Bride of Deluxe"
    assert titles[2].startswith("A Real Hero")  # marked as the theme
    names = {model.index(r, 1, influences).data() for r in range(model.rowCount(influences))}
    assert names == {
        "Autobahn",
        "Pretty in Pink",
        "The Texas Chain Saw Massacre",
        "Goodbye Uncle Tom",
    }


def test_clicking_through_every_entry_shows_its_commentary(qtbot, window, dossier):
    for entry in dossier.entries:
        click_entry(qtbot, window, entry.id)
        assert window.detail.current_entry_id == entry.id
        text = shown_text(window)
        assert entry.title in text
        comments = dossier.commentary_about(entry.id)
        for comment in comments:
            for segment in comment.segments:
                assert f"“{segment}”" in text
            if comment.speaker:
                assert f"{comment.speaker.name}, {comment.speaker.role}" in text
        if not comments:
            assert "No commentary on this entry." in text


def test_quotes_name_speaker_role_and_source(qtbot, window):
    click_entry(qtbot, window, "texas-chain-saw-massacre")
    text = shown_text(window)
    assert "more of a Leatherface thing?" in text
    assert "— Cliff Martinez, Composer · SPIN" in text
    click_entry(qtbot, window, "autobahn")
    text = shown_text(window)
    assert "— Nicolas Winding Refn, Director · SPIN" in text
    # the quote stays verbatim, the fact is carried beside it
    assert "Late ’70s bands like Kraftwerk" in text and "came out in 1974" in text


def test_selecting_the_featured_group_shows_the_film_and_its_quotes(qtbot, window):
    index = window.browser.proxy.mapFromSource(window.browser.model.group_index(Section.FEATURED))
    window.browser.tree.setCurrentIndex(index)
    text = shown_text(window)
    assert "Drive (Original Motion Picture Soundtrack)" in text
    assert "“Rock music didn’t suit the movie I was making,”" in text


def test_related_entry_links_select_the_right_entry(qtbot, window):
    click_entry(qtbot, window, "goodbye-uncle-tom")
    window.detail.anchorClicked.emit(_url("entry:oh-my-love"))
    assert window.browser.current_entry().id == "oh-my-love"
    assert "The theme song of" in shown_text(window) and "Goodbye Uncle Tom" in shown_text(window)
    window.detail.anchorClicked.emit(_url("entry:goodbye-uncle-tom"))
    assert window.browser.current_entry().id == "goodbye-uncle-tom"


def test_a_link_clears_a_filter_that_hides_its_target(qtbot, window):
    qtbot.keyClicks(window.browser.filter_edit, "autobahn")
    click_entry(qtbot, window, "autobahn")
    window.detail.anchorClicked.emit(_url("entry:hammer"))
    assert window.browser.current_entry().id == "hammer"
    assert window.browser.filter_edit.text() == ""


def test_filter_matches_titles_artists_and_quote_text(qtbot, window):
    browser = window.browser
    qtbot.keyClicks(browser.filter_edit, "leatherface")
    assert browser.visible_entry_count() == 1
    assert "Showing 1 of 23" in window.status_counts.text()
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "martinez")
    # the 14 score cues, and the two entries whose article narration names him
    assert browser.visible_entry_count() == 16
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "electric youth")
    assert browser.visible_entry_count() == 1
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "wheres deluxe")  # punctuation and order don't matter
    assert browser.visible_entry_count() == 1


def test_escape_clears_the_filter(qtbot, window):
    browser = window.browser
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(browser.filter_edit, "kraftwerk")
    assert browser.visible_entry_count() == 1
    browser.filter_edit.setFocus()
    qtbot.keyClick(browser.filter_edit, Qt.Key.Key_Escape)
    assert browser.filter_edit.text() == ""
    assert browser.visible_entry_count() == 23


def test_speaker_filter(qtbot, window):
    combo = window.browser.speaker_combo
    combo.setCurrentIndex(combo.findData("martinez"))
    assert window.browser.visible_entry_count() == 1
    combo.setCurrentIndex(combo.findData("refn"))
    ids = visible_ids(window)
    assert ids == {"autobahn", "pretty-in-pink", "goodbye-uncle-tom", "oh-my-love"}
    combo.setCurrentIndex(0)
    assert window.browser.visible_entry_count() == 23


def _row_flags(window) -> list[tuple[str, bool, bool, bool]]:
    """Per visible row, as the view sees it: heading text, group?, draggable, childless."""
    proxy, rows = window.browser.proxy, []
    for g in range(proxy.rowCount()):
        group = proxy.index(g, 0)
        for index, is_group in [(group, True)] + [
            (proxy.index(r, 0, group), False) for r in range(proxy.rowCount(group))
        ]:
            flags = proxy.flags(index)
            rows.append(
                (
                    index.siblingAtColumn(1).data(),
                    is_group,
                    bool(flags & Qt.ItemFlag.ItemIsDragEnabled),
                    bool(flags & Qt.ItemFlag.ItemNeverHasChildren),
                )
            )
    return rows


def test_groups_and_entries_keep_their_flags_through_filtering(qtbot, window):
    browser = window.browser
    for step in ("kraftwerk", "", "martinez", "", "refn"):
        if step == "refn":
            browser.speaker_combo.setCurrentIndex(browser.speaker_combo.findData("refn"))
        else:
            browser.filter_edit.setText(step)
        rows = _row_flags(window)
        assert rows, step
        for title, is_group, draggable, childless in rows:
            # entries drag to the playlist and never expand; group headings do neither
            assert draggable == childless == (not is_group), (step, title)
            if is_group:
                assert title.startswith(("Featured (", "Influences (")), (step, title)
    browser.clear_filter()
    assert window.browser.tree.isExpanded(window.browser.proxy.index(0, 0))
    assert window.browser.tree.isExpanded(window.browser.proxy.index(1, 0))


def test_keyboard_navigation(qtbot, window):
    tree = window.browser.tree
    tree.setFocus()
    click_entry(qtbot, window, "nightcall")
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert window.browser.current_entry().id == "under-your-spell"
    qtbot.keyClick(tree, Qt.Key.Key_End)
    assert window.browser.current_entry().id == "goodbye-uncle-tom"
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    assert window.browser.current_entry() is None  # the Featured group heading
    assert "Drive (Original Motion Picture Soundtrack)" in shown_text(window)


def test_widgets_have_accessible_names(window):
    for widget in (
        window.browser.filter_edit,
        window.browser.speaker_combo,
        window.browser.tree,
        window.detail,
    ):
        assert widget.accessibleName()


def test_window_state_is_restored(qtbot, dossier):
    make_application()
    settings = window_settings()
    first = MainWindow(dossier, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.minimumSizeHint().width() + 4, 540)  # fits the offscreen screen
    first.splitter.setSizes([250, 230, 280])
    QApplication.processEvents()
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(dossier, window_settings())
    qtbot.addWidget(second)
    second.show()
    QApplication.processEvents()
    assert second.size().height() == 540
    assert second.splitter.sizes() == sizes


def _url(text):
    from PySide6.QtCore import QUrl

    return QUrl(text)


def test_every_listed_shortcut_has_an_action(window):
    from PySide6.QtGui import QAction, QKeySequence

    from app.ui.help_dialogs import SHORTCUTS

    bound = {a.shortcut().toString() for a in window.findChildren(QAction) if a.shortcut()}
    for keys, _what in SHORTCUTS:
        for key in keys.replace(" / ", ", ").split(", "):
            if key.startswith(("Ctrl", "Alt", "F")) and not set("↑↓") & set(key):
                assert QKeySequence(key).toString() in bound, key


def test_help_lists_the_shortcuts_and_names_the_version(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from app import __version__
    from app.ui.help_dialogs import SHORTCUTS

    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, read_and_close)
            return
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    actions = {a.text(): a for a in window.help_menu.actions()}
    for name in ("&Keyboard Shortcuts", "&About Drive Playlist"):
        QTimer.singleShot(0, read_and_close)
        actions[name].trigger()
    shortcuts, about = seen
    assert "<b>Ctrl+Shift+M</b>" in shortcuts and "Show or hide the influence map" in shortcuts
    assert shortcuts.count("<tr>") == len(SHORTCUTS)
    assert f"Drive Playlist {__version__}" in about
