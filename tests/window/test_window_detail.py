"""The detail pane and the filter as a reader meets them: what comes first, what folds,
what the article placed beside each quote, and what a search can reach."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from app.core.dossier import Section
from app.core.presets import make_preset
from app.ui.entry_model import SECTION_TITLES
from tests.window.window_actions import click_entry, visible_ids
from tests.window.window_helpers import open_window


@pytest.fixture
def window(qtbot, dossier):
    return open_window(qtbot, dossier, make_preset("empty", dossier))


def click_link(qtbot, pane, text):
    """Click the link whose words are ``text`` where it is drawn in the pane."""
    found = pane.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(pane.document())
    cursor.setPosition(found.selectionStart() + 1)
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
    rect = pane.cursorRect(cursor)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown(window) -> str:
    return window.detail.toPlainText()


def entry_cell(window, entry_id, column):
    return window.browser.model.index_of(entry_id).siblingAtColumn(column)


def test_commentary_comes_before_the_long_lists(qtbot, window, dossier):
    for entry_id in ("autobahn", "pretty-in-pink", "texas-chain-saw-massacre", "oh-my-love"):
        click_entry(qtbot, window, entry_id)
        text = shown(window)
        (quote, *_), *_ = [c.segments for c in dossier.commentary_about(entry_id)]
        assert text.index(quote) < text.index("Connections"), entry_id
        if "Tracks for a playlist" in text:
            assert text.index(quote) < text.index("Tracks for a playlist"), entry_id


def test_a_long_list_folds_and_its_link_opens_it_in_place(qtbot, window):
    click_entry(qtbot, window, "autobahn")
    text = shown(window)
    assert "Electronic score, after Kraftwerk" in text
    assert "Rubber Head" in text and "Bride of Deluxe" not in text
    assert "and 10 more" in text
    click_link(qtbot, window.detail, "and 10 more")
    text = shown(window)
    assert "Bride of Deluxe" in text and "and 10 more" not in text
    assert window.detail.current_entry_id == "autobahn"
    # another entry starts folded again
    click_entry(qtbot, window, "texas-chain-saw-massacre")
    assert "and 10 more" in shown(window)


def test_a_films_long_track_list_folds_too(qtbot, window):
    click_entry(qtbot, window, "pretty-in-pink")
    text = shown(window)
    assert "If You Leave" in text and "The Smiths" not in text and "and 6 more" in text
    click_link(qtbot, window.detail, "and 6 more")
    assert "Please, Please, Please, Let Me Get What I Want" in shown(window)


def test_each_relation_is_named_and_no_entry_sits_under_two(qtbot, window, dossier):
    click_entry(qtbot, window, "nightcall")
    assert "Used whole, as in\nPretty in Pink" in shown(window)
    assert "Shaped by" not in shown(window)
    click_entry(qtbot, window, "oh-my-love")
    text = shown(window)
    connections = text[text.index("Connections") :]
    assert connections.count("Goodbye Uncle Tom") == 1
    assert "The theme song of\nGoodbye Uncle Tom" in connections
    assert "Used whole, as in\nPretty in Pink" in connections
    click_entry(qtbot, window, "rubber-head")
    text = shown(window)
    assert "Electronic, after Kraftwerk\nAutobahn" in text
    assert "Horror tone from\nThe Texas Chain Saw Massacre" in text


def test_the_video_spin_placed_beside_each_passage_is_shown_without_a_link(qtbot, window, dossier):
    seen = 0
    for entry in dossier.entries:
        videos = [c.video for c in dossier.commentary_about(entry.id) if c.video]
        if not videos:
            continue
        click_entry(qtbot, window, entry.id)
        for video in videos:
            assert f"Video SPIN shows here: {video}" in shown(window), entry.id
            seen += 1
    assert "Video SPIN shows here: Kraftwerk, “Autobahn”" in _page(qtbot, window, "autobahn")
    # the film's own: on the album's heading
    window.browser.tree.setCurrentIndex(
        window.browser.proxy.mapFromSource(window.browser.model.group_index(Section.FEATURED))
    )
    assert "Video SPIN shows here: Drive trailer" in shown(window)
    assert seen == 5  # four influences and Oh My Love
    assert "Drive trailer" in _video_html(window) and "href" not in _video_html(window)


def _page(qtbot, window, entry_id) -> str:
    click_entry(qtbot, window, entry_id)
    return shown(window)


def _video_html(window) -> str:
    """The pane's own HTML of the blocks that name a video."""
    html = window.detail.toHtml()
    return "".join(p for p in html.split("<p") if "Video SPIN shows here" in p)


def test_the_narration_sits_between_the_two_parts_of_the_quote(qtbot, window, dossier):
    text = _page(qtbot, window, "oh-my-love")
    first, second = next(c for c in dossier.commentary if c.id == "refn-oh-my-love").segments
    narration = text.index("explains Refn of the graphic, 1971 faux-documentary")
    assert text.index(f"“{first}”") < narration < text.index(f"“{second}”")
    kraftwerk = _page(qtbot, window, "autobahn")
    assert "“[Driver] is half man, half machine,” says Refn. “But the machinery" in kraftwerk


def test_the_year_is_the_songs_own_or_labelled_the_albums(qtbot, window):
    assert entry_cell(window, "oh-my-love", 3).data() == "1971"
    assert entry_cell(window, "a-real-hero", 3).data() == "2010"
    assert entry_cell(window, "nightcall", 3).data() == "2011 (album)"
    assert entry_cell(window, "autobahn", 3).data() == "1974"
    assert "Year\n1971 · the album: 2011" in _page(qtbot, window, "oh-my-love")
    assert "Year\n2011 (album)" in _page(qtbot, window, "hammer")


def test_a_length_no_source_confirms_says_so(qtbot, window):
    assert "Length\nnot confirmed by the sources" in _page(qtbot, window, "nightcall")
    assert "Length\n22:43" in _page(qtbot, window, "autobahn")


def test_one_credit_per_track_in_every_view_with_the_spelling_beside_it(qtbot, window, dossier):
    text = _page(qtbot, window, "oh-my-love")
    credit = "Riz Ortolani featuring Katyna Ranieri"
    heading = text.splitlines()[2]
    assert heading == credit
    assert "Riziero Ortolani" in text.splitlines()[3]  # the spelling note, right under it
    assert entry_cell(window, "oh-my-love", 2).data() == credit
    note = entry_cell(window, "oh-my-love", 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "Riziero Ortolani" in note
    window.adding.add_entry(dossier.entry("oh-my-love"))
    window.adding.add_entry(dossier.entry("nightcall"))
    model = window.playlist_panel.table.model()
    assert model.index(0, 2).data() == credit
    assert "Riziero Ortolani" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert (
        model.index(1, 2).data()
        == "Kavinsky & Lovefoxxx"
        == entry_cell(window, "nightcall", 2).data()
    )
    # the item keeps each name apart for matching and export
    assert window.document.playlist.items[0].artists == ("Riz Ortolani", "Katyna Ranieri")


def _heading_visible(window, section) -> bool:
    proxy = window.browser.proxy
    titles = [proxy.index(g, 1).data() for g in range(proxy.rowCount())]
    return any(t and t.startswith(SECTION_TITLES[section]) for t in titles)


def test_the_filter_finds_the_album_quote_and_the_narration(qtbot, window):
    browser = window.browser
    qtbot.keyClicks(browser.filter_edit, "fairy tale")
    assert browser.visible_entry_count() == 0
    assert _heading_visible(window, Section.FEATURED)  # the album heading holds the quote
    heading = browser.proxy.index(0, 1)
    rect = browser.tree.visualRect(heading)
    qtbot.mouseClick(browser.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "I wanted to make a fairy tale" in shown(window)
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "nu-disco")
    assert visible_ids(window) == {"a-real-hero"} and _heading_visible(window, Section.FEATURED)
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "faux-documentary")
    assert visible_ids(window) == {"goodbye-uncle-tom", "oh-my-love"}
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "riziero")  # the other spelling of the credit
    assert visible_ids(window) == {"oh-my-love"}
    browser.filter_edit.clear()
    qtbot.keyClicks(browser.filter_edit, "nothing says this")
    assert browser.proxy.rowCount() == 0


def test_the_speaker_filter_reaches_the_album_headings_quote(qtbot, window):
    browser, combo = window.browser, window.browser.speaker_combo
    qtbot.keyClicks(browser.filter_edit, "fairy")
    combo.setCurrentIndex(combo.findData("refn"))
    assert _heading_visible(window, Section.FEATURED) and browser.visible_entry_count() == 0
    combo.setCurrentIndex(combo.findData("martinez"))
    assert browser.proxy.rowCount() == 0  # Martinez did not say it
    browser.filter_edit.clear()
    assert visible_ids(window) == {"texas-chain-saw-massacre"}
    assert not _heading_visible(window, Section.FEATURED)
    combo.setCurrentIndex(combo.findData("refn"))
    assert _heading_visible(window, Section.FEATURED)


def test_every_quote_and_narration_is_reachable_by_words_and_speaker(qtbot, window, dossier):
    browser, combo = window.browser, window.browser.speaker_combo
    for c in dossier.commentary:
        for words in [*c.segments, c.context or ""]:
            probe = " ".join(w for w in words.split()[:4])
            if not probe:
                continue
            combo.setCurrentIndex(combo.findData(c.speaker.id) if c.speaker else 0)
            browser.filter_edit.setText(probe)
            ids = visible_ids(window)
            film_level = dossier.id in c.about
            assert (set(c.about) - {dossier.id}) <= ids, (c.id, probe)
            if film_level:
                assert _heading_visible(window, Section.FEATURED), (c.id, probe)
    browser.clear_filter()


def test_a_listed_track_shows_the_credit_its_release_prints(qtbot, window):
    click_entry(qtbot, window, "pretty-in-pink")
    click_link(qtbot, window.detail, "and 6 more")
    text = shown(window)
    assert "Left of Center — Suzanne Vega with Joe Jackson" in text
    assert "featuring Joe Jackson" not in text
    line = text[text.index("Left of Center — ") :].splitlines()[0]
    assert line.endswith("add to playlist")
    # its own "add to playlist" link, clicked where it is drawn
    found = window.detail.document().find("add to playlist", text.index("Left of Center — "))
    cursor = QTextCursor(window.detail.document())
    cursor.setPosition(found.selectionStart() + 1)
    window.detail.setTextCursor(cursor)
    window.detail.ensureCursorVisible()
    rect = window.detail.cursorRect(cursor)
    qtbot.mouseClick(window.detail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    model = window.playlist_panel.table.model()
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "Left of Center"
    assert model.index(0, 2).data() == "Suzanne Vega with Joe Jackson"
    # each name kept apart for matching and export
    assert window.document.playlist.items[0].artists == ("Suzanne Vega", "Joe Jackson")


def test_the_speaker_box_says_it_keeps_entries_that_quote_someone(qtbot, window, dossier):
    combo = window.browser.speaker_combo
    choice = combo.findText("Quoting anyone")
    assert choice >= 0 and combo.findText("With any commentary") < 0
    combo.setCurrentIndex(choice)
    quoting = {
        e.id for e in dossier.entries if any(c.speaker for c in dossier.commentary_about(e.id))
    }
    assert visible_ids(window) == quoting
    # "A Real Hero" has the article's narration, no one's quote: it is not kept
    assert dossier.commentary_about("a-real-hero") and "a-real-hero" not in quoting


def test_the_filter_reaches_every_credit_the_pane_shows(qtbot, window):
    browser = window.browser
    for words, expected in [
        ("henkel", {"texas-chain-saw-massacre"}),  # Written by
        ("wayne bell", {"texas-chain-saw-massacre"}),  # Music by
        ("deutch", {"pretty-in-pink"}),  # Directed by
        ("smiths", {"pretty-in-pink"}),  # a listed track's artist
        ("joe jackson", {"pretty-in-pink"}),
    ]:
        browser.filter_edit.clear()
        qtbot.keyClicks(browser.filter_edit, words)
        assert visible_ids(window) == expected, words
    browser.clear_filter()


def test_no_two_sources_of_a_page_go_by_the_same_name(qtbot, window, dossier):
    def sources_line() -> list[str]:
        (line,) = [ln for ln in shown(window).splitlines() if ln.startswith("Sources: ")]
        return line.removeprefix("Sources: ").split("; ")

    window.browser.tree.setCurrentIndex(
        window.browser.proxy.mapFromSource(window.browser.model.group_index(Section.FEATURED))
    )
    names = sources_line()
    assert len(names) == len(set(names)) == len(dossier.film.sources)
    assert "Wikipedia, “Drive (soundtrack)”" in names
    for entry in dossier.entries:
        click_entry(qtbot, window, entry.id)
        names = sources_line()
        assert len(names) == len(set(names)), entry.id
