"""The playlist cover: drawn by the app, a valid JPEG within Spotify's limit, uploaded once."""

from __future__ import annotations

import base64
import threading

import pytest
from PySide6.QtGui import QImage

from app.spotify.config import COVER_SCOPES
from app.spotify.playlist_cover import MAX_PAYLOAD
from app.ui.cover_render import encode_jpeg, render_cover
from app.ui.launch import make_application
from tests.fakespotify.accounts import DEFAULT_SCOPE
from tests.fakespotify.helpers import play_browser, sign_in_with_fake, use_free_redirect_port
from tests.fakespotify.openapi_check import all_problems
from tests.window.window_actions import WAIT
from tests.window.window_helpers import open_on_saved_file


@pytest.fixture
def window(qtbot, fake_spotify, tmp_path):
    return open_on_saved_file(qtbot, tmp_path)


def test_the_cover_is_a_jpeg_within_the_limit(qtbot):
    make_application()
    image = render_cover("Night Drive Influences", "Drive", 2011)
    assert (image.width(), image.height()) == (640, 640)
    jpeg = encode_jpeg(image)
    assert jpeg.startswith(b"\xff\xd8\xff") and jpeg.endswith(b"\xff\xd9")
    assert len(base64.b64encode(jpeg)) <= MAX_PAYLOAD
    decoded = QImage.fromData(jpeg, "JPEG")
    assert not decoded.isNull() and decoded.width() == 640
    # The film's neon pink is in it (the theme), not a photo.
    assert any(decoded.pixelColor(x, 448).red() > 200 for x in range(60, 580, 10))

    # Noise compresses badly: the quality drops (then the size) until it fits the limit.
    import random

    pixels = random.Random(1).randbytes(640 * 640 * 3)
    noisy = QImage(pixels, 640, 640, 640 * 3, QImage.Format.Format_RGB888).copy()
    small = encode_jpeg(noisy, limit=60_000)
    assert len(base64.b64encode(small)) <= 60_000
    assert not QImage.fromData(small, "JPEG").isNull()


def test_create_offers_a_cover_and_upload_asks_for_its_permission(
    qtbot, window, fake_spotify, monkeypatch
):
    use_free_redirect_port(monkeypatch)
    sign_in_with_fake(fake_spotify)  # playlists only
    assert not window.playlist_cover.action.isEnabled()
    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT):
        window.spotify.sync()
    assert "Add a Cover…" in window.banner.action_labels()  # offered once, after the create
    assert window.playlist_cover.action.isEnabled()
    sync_requests = len(fake_spotify.requests)
    assert not any(r.path.endswith("/images") for r in fake_spotify.requests)

    window.banner.trigger("Add a Cover…")
    dialog = window.playlist_cover.dialog
    assert dialog.isVisible() and not dialog.preview.pixmap().isNull()
    with qtbot.waitSignal(window.playlist_cover.finished, timeout=WAIT) as blocker:
        dialog.upload_button.click()
    assert blocker.args[0].startswith("failed")
    assert "permission to add images" in window.banner.text
    assert len(fake_spotify.requests) == sync_requests  # nothing sent without consent

    window.account.open_url = lambda url: threading.Thread(
        target=play_browser, args=(url,), daemon=True
    ).start()
    with qtbot.waitSignal(window.playlist_cover.finished, timeout=WAIT) as blocker:
        window.banner.trigger("Sign In Again")
    assert blocker.args == ["uploaded"]
    remote = window.document.playlist.remote.id
    jpeg = fake_spotify.player.covers[remote]
    assert not QImage.fromData(jpeg, "JPEG").isNull()
    uploads = [r for r in fake_spotify.requests if r.path.endswith("/images")]
    assert len(uploads) == 1 and uploads[0].status == 202
    assert all_problems(uploads) == []

    # A later sync sends no cover.
    before = len(fake_spotify.requests)
    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT):
        window.spotify.sync()
    assert not any(r.path.endswith("/images") for r in fake_spotify.requests[before:])
    assert "Add a Cover…" not in window.banner.action_labels()


def test_a_refused_upload_is_one_clear_line(qtbot, window, fake_spotify):
    from tests.fakespotify import Fault

    sign_in_with_fake(fake_spotify, scope=" ".join([DEFAULT_SCOPE, *COVER_SCOPES]))
    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT):
        window.spotify.sync()
    fake_spotify.inject(Fault("429", method="PUT", path="images$", retry_after=40))
    dialog = window.playlist_cover.open()
    with qtbot.waitSignal(window.playlist_cover.finished, timeout=WAIT):
        dialog.upload_button.click()
    assert "try again in 40 s" in window.banner.text
    assert fake_spotify.count("PUT", f"playlists/{window.document.playlist.remote.id}/images") == 1
