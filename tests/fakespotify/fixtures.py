"""pytest plugin: ``fake_spotify``, a running fake Spotify with the Drive test catalogue,
and the environment pointing the program (and spotipy) at it."""

from __future__ import annotations

import pytest

from tests.fakespotify.catalogue import drive_catalogue
from tests.fakespotify.server import FakeSpotify


@pytest.fixture
def fake_spotify(monkeypatch):
    fake = FakeSpotify()
    fake.load_catalogue(drive_catalogue())
    fake.start()
    for name, value in fake.environment().items():
        monkeypatch.setenv(name, value)
    try:
        yield fake
    finally:
        fake.stop()
