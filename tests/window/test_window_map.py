"""The influence map in the window: opened, clicked, filtered, exported, as people use it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog

from app.core.influence_graph import ALBUM_ID, NodeKind, entry_node_id
from app.core.playlist import Playlist
from app.storage.dossier_file import load_dossier
from app.ui.influence_map import DIMMED
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow
from tests.data.generated_dossier import write_generated_dossier
from tests.paths import DATA
from tests.window import window_helpers
from tests.window.window_actions import click_entry


def open_window(qtbot, dossier, playlist=None) -> MainWindow:
    """Wide enough for the map beside the entries."""
    return window_helpers.open_window(qtbot, dossier, playlist, size=(1400, 900))


@pytest.fixture
def window(qtbot, dossier):
    return open_window(qtbot, dossier)


def show_map(qtbot, window):
    qtbot.keyClick(
        window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.map_dock.map is not None and window.map_dock.map.isVisible())
    return window.map_dock.map


def node_point(the_map, node_id: str) -> QPoint:
    """Where the node is on screen, scrolled into view first."""
    item = the_map.nodes[node_id]
    the_map.view.centerOn(item)
    return the_map.view.mapFromScene(item.pos())


def click_node(qtbot, the_map, node_id: str) -> None:
    qtbot.mouseClick(
        the_map.view.viewport(), Qt.MouseButton.LeftButton, pos=node_point(the_map, node_id)
    )


def test_the_map_is_built_only_when_first_shown(qtbot, window):
    assert window.map_dock.map is None and window.map_dock.dock is None
    assert not window.map_dock.view_actions.fit.isEnabled()
    the_map = show_map(qtbot, window)
    assert window.map_dock.action.isChecked()
    assert len(the_map.nodes) == 34
    kinds = {item.node.kind for item in the_map.nodes.values()}
    assert kinds == set(NodeKind)
    assert window.map_dock.view_actions.fit.isEnabled()
    window.map_dock.button.click()  # the toggle beside the filter hides it again
    assert window.map_dock.dock.isHidden() and not window.map_dock.action.isChecked()


def test_view_menu_and_shortcut_list_name_the_map(window):
    texts = [a.text() for a in window.view_menu.actions()]
    assert "Influence &Map" in texts
    from app.ui.help_dialogs import SHORTCUTS

    assert any("influence map" in what for _keys, what in SHORTCUTS)


def test_clicking_a_node_selects_the_entry_and_shows_it(qtbot, window):
    the_map = show_map(qtbot, window)
    click_node(qtbot, the_map, entry_node_id("texas-chain-saw-massacre"))
    assert window.browser.current_entry().id == "texas-chain-saw-massacre"
    assert window.detail.current_entry_id == "texas-chain-saw-massacre"
    assert "more of a Leatherface thing?" in window.detail.toPlainText()
    click_node(qtbot, the_map, ALBUM_ID)  # the album: the Featured group and the film
    assert window.browser.current_entry() is None
    assert "Drive (Original Motion Picture Soundtrack)" in window.detail.toPlainText()
    assert the_map.selected == ALBUM_ID


def test_selecting_an_entry_highlights_its_node_and_neighbours(qtbot, window):
    the_map = show_map(qtbot, window)
    click_entry(qtbot, window, "autobahn")
    node = entry_node_id("autobahn")
    assert the_map.selected == node
    assert the_map.nodes[node].emphasis == 2
    neighbours = the_map.graph.neighbours(node)
    assert entry_node_id("hammer") in neighbours and "person:refn" in neighbours
    for node_id, item in the_map.nodes.items():
        expected = 2 if node_id == node else 1 if node_id in neighbours else 0
        assert item.emphasis == expected, node_id
        if expected:
            assert item.label.isVisible()
    strong = [
        the_map.edge_layer.shapes[i].edge
        for i, state in enumerate(the_map.edge_layer.states)
        if state == "strong"
    ]
    assert len(strong) == len(neighbours) and all(node in (e.source, e.target) for e in strong)
    click_entry(qtbot, window, "nightcall")  # the highlight moves on
    assert the_map.nodes[node].emphasis == 0
    assert the_map.nodes[entry_node_id("pretty-in-pink")].emphasis == 1


def test_the_filter_and_the_speaker_filter_dim_what_they_hide(qtbot, window):
    the_map = show_map(qtbot, window)
    qtbot.keyClicks(window.browser.filter_edit, "kraftwerk")
    opacity = {node_id: item.opacity() for node_id, item in the_map.nodes.items()}
    assert opacity[entry_node_id("autobahn")] == 1.0
    assert opacity[entry_node_id("hammer")] == pytest.approx(DIMMED)
    assert opacity["person:refn"] == 1.0  # quoted about Autobahn: still linked to what shows
    assert opacity["person:john hughes"] == pytest.approx(DIMMED)  # nothing of his shows
    dimmed_edges = [i for i, s in enumerate(the_map.edge_layer.states) if s == "dimmed"]
    assert dimmed_edges and all(
        the_map.edge_layer.items[i].opacity() == pytest.approx(DIMMED) for i in dimmed_edges
    )
    window.browser.filter_edit.clear()
    assert all(item.opacity() == 1.0 for item in the_map.nodes.values())
    combo = window.browser.speaker_combo
    combo.setCurrentIndex(combo.findData("martinez"))
    shown = {
        n for n, item in the_map.nodes.items() if item.opacity() == 1.0 and n.startswith("entry:")
    }
    assert shown == {entry_node_id("texas-chain-saw-massacre")}


def test_double_clicking_a_track_node_adds_it_to_the_playlist(qtbot, dossier):
    window = open_window(qtbot, dossier, Playlist(name="Empty"))
    the_map = show_map(qtbot, window)
    qtbot.mouseDClick(
        the_map.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=node_point(the_map, entry_node_id("hammer")),
    )
    titles = [item.title for item in window.document.playlist.items]
    assert titles == ["Hammer"]
    window.document.undo_stack.undo()  # one ordinary playlist edit
    assert window.document.playlist.items == []
    click_node(qtbot, the_map, entry_node_id("autobahn"))  # Enter, as in the list
    qtbot.keyClick(the_map.view, Qt.Key.Key_Return)
    assert [item.title for item in window.document.playlist.items] == ["Autobahn"]
    window.document.undo_stack.undo()  # back to unchanged: closing asks nothing


def test_keys_zoom_fit_and_pan(qtbot, window):
    the_map = show_map(qtbot, window)
    view = the_map.view
    view.setFocus()
    fitted = view.zoom()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() < fitted
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(fitted)
    before = view.horizontalScrollBar().value()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.horizontalScrollBar().value() > before


def test_edges_are_named_on_hover(qtbot, window):
    the_map = show_map(qtbot, window)
    shape = next(
        s
        for s in the_map.edge_layer.shapes
        if s.edge.source == entry_node_id("autobahn") and s.edge.target == entry_node_id("hammer")
    )
    middle = shape.path.pointAtPercent(0.5)
    assert the_map.edge_layer.tooltip_at(middle) == (
        "Autobahn — shaped — Hammer\nElectronic score, after Kraftwerk"  # the dossier's words
    )
    assert the_map.nodes["person:refn"].toolTip() == "Nicolas Winding Refn\nDirector"


def _render_around(the_map, node_id) -> QImage:
    item = the_map.nodes[node_id]
    image = QImage(60, 60, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    the_map.scene.render(
        painter, QRectF(0, 0, 60, 60), QRectF(item.pos().x() - 30, item.pos().y() - 30, 60, 60)
    )
    painter.end()
    return image


def test_the_playing_node_glows(qtbot, window):
    the_map = show_map(qtbot, window)
    node = entry_node_id("a-real-hero")
    plain = _render_around(the_map, node)
    the_map.set_playing("a-real-hero")
    assert the_map.nodes[node].glowing
    glowing = _render_around(the_map, node)
    assert glowing.pixel(30 - 14, 30) != plain.pixel(30 - 14, 30)  # the halo past the dot
    the_map.set_playing("hammer")
    assert not the_map.nodes[node].glowing and the_map.nodes[entry_node_id("hammer")].glowing
    the_map.set_playing(None)
    assert not any(item.glowing for item in the_map.nodes.values())
    assert _render_around(the_map, node) == plain


def test_export_svg_parses_and_png_is_an_image(qtbot, window, tmp_path, monkeypatch):
    the_map = show_map(qtbot, window)
    target = tmp_path / "map"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    the_map.export_svg_action.trigger()
    svg = tmp_path / "map.svg"
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    assert "Influence map: Drive (2011)" in text and "Autobahn" in text
    the_map.export_png_action.trigger()
    png = tmp_path / "map.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(png))
    assert not image.isNull() and image.width() > image.height() > 200
    assert not list(tmp_path.glob("*.tmp")) and sorted(p.name for p in tmp_path.iterdir()) == [
        "map.png",
        "map.svg",
    ]


def test_the_map_comes_back_if_it_was_open(qtbot, dossier):
    first = open_window(qtbot, dossier)
    show_map(qtbot, first)
    first.close()
    second = open_window(qtbot, dossier)
    qtbot.waitUntil(lambda: second.map_dock.map is not None and second.map_dock.map.isVisible())
    second.map_dock.action.trigger()
    second.close()
    third = open_window(qtbot, dossier)
    QApplication.processEvents()
    assert third.map_dock.map is None


def test_a_thousand_entry_dossier_opens_the_map(qtbot, tmp_path):
    path = write_generated_dossier(tmp_path / "big.yaml", 1000, linked=True)
    window = open_window(qtbot, load_dossier(str(path)))
    the_map = show_map(qtbot, window)
    assert len(the_map.nodes) == 1000 + 1 + 1 + 41  # the entries, the album, Pat, directors
    assert the_map.view.zoom() >= 0.6  # opens readable, on what is selected
    click_node(qtbot, the_map, entry_node_id("e501"))
    assert window.detail.current_entry_id == "e501"
    the_map.fit()
    assert not the_map.edge_layer.all_shown  # seen whole: only the selection's links
    assert all(
        item.isVisible() == (state == "strong")
        for item, state in zip(the_map.edge_layer.items, the_map.edge_layer.states, strict=True)
    )


def test_wheel_zooms_and_dragging_pans(qtbot, window):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent, QWheelEvent

    the_map = show_map(qtbot, window)
    view, viewport = the_map.view, the_map.view.viewport()
    fitted = view.zoom()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),  # two notches away from the person: closer in
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert view.zoom() == pytest.approx(fitted * 1.25**2)
    # drag from an empty corner: the map follows the pointer
    start = QPointF(3, 3)
    assert view.node_at(start.toPoint()) is None
    before = view.horizontalScrollBar().value()
    for kind, pos, buttons in (
        (QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
        (QMouseEvent.Type.MouseMove, start + QPointF(60, 0), Qt.MouseButton.LeftButton),
        (QMouseEvent.Type.MouseButtonRelease, start + QPointF(60, 0), Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            pos,
            QPointF(viewport.mapToGlobal(pos.toPoint())),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)
    assert view.horizontalScrollBar().value() == before - 60
    assert the_map.selected == ALBUM_ID  # dragging selects nothing


def test_an_export_that_cannot_be_written_says_so_and_leaves_nothing(qtbot, window, tmp_path):
    the_map = show_map(qtbot, window)
    with pytest.raises(OSError):
        the_map.export(str(tmp_path / "missing" / "map.svg"))
    assert not (tmp_path / "missing").exists()
    (tmp_path / "map.png").write_bytes(b"mine")
    the_map.export(str(tmp_path / "map.png"))  # replaced whole, as a save does
    assert QImage(str(tmp_path / "map.png")).width() > 0


def test_another_dossier_gets_its_own_map(qtbot):
    small = DATA / "small-dossier.yaml"
    window = open_window(qtbot, load_dossier(str(small)))
    the_map = show_map(qtbot, window)
    labels = {item.node.label for item in the_map.nodes.values()}
    assert labels == {
        "Night Film (1999)",
        "Lullaby for Headlights",
        "Overpass",
        "The Old Movie",
        "Ada Example",
        "Bo Example",
        "Cy Example",
    }
    click_node(qtbot, the_map, entry_node_id("old-movie"))
    assert window.detail.current_entry_id == "old-movie"
    assert the_map.nodes[entry_node_id("lullaby")].emphasis == 1


def test_what_plays_on_spotify_glows_on_the_map(qtbot, fake_spotify, dossier, tmp_path):
    from tests.fakespotify.catalogue import drive_answer_uri
    from tests.fakespotify.helpers import sign_in_with_fake
    from tests.window.test_window_playback import FULL_SCOPE, _played
    from tests.window.window_helpers import forget_changes

    make_application()
    window = MainWindow(dossier, window_settings())
    qtbot.addWidget(window, before_close_func=forget_changes)
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.files._save_to(str(tmp_path / "drive.yaml"))
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    window.browser.select_entry("nightcall")
    window.browser.tree.setFocus()
    _played(qtbot, window, lambda: qtbot.keyClick(window.browser.tree, Qt.Key.Key_Space))
    assert fake_spotify.player.current_uri == drive_answer_uri("Nightcall")
    the_map = show_map(qtbot, window)  # opened while it plays: it glows at once
    assert the_map.nodes[entry_node_id("nightcall")].glowing
    click_node(qtbot, the_map, entry_node_id("a-real-hero"))  # chosen on the map, then Ctrl+P
    ctrl = Qt.KeyboardModifier.ControlModifier
    _played(qtbot, window, lambda: qtbot.keyClick(window, Qt.Key.Key_P, ctrl))
    assert fake_spotify.player.current_uri == drive_answer_uri("A Real Hero")
    glowing = [n for n, item in the_map.nodes.items() if item.glowing]
    assert glowing == [entry_node_id("a-real-hero")]  # the glow moved with the music


def test_opening_the_map_never_makes_the_window_wider(qtbot, window):
    before = window.minimumSizeHint().width()
    show_map(qtbot, window)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= before
