"""pytest plugin: ``fake_spotify``, a running fake Spotify with the Drive test catalogue,
and the environment pointing the program (and spotipy) at it; ``client``, signed in to it;
``cache``, an empty search cache."""

from __future__ import annotations

import pytest

from app.spotify.auth import signed_in_client
from app.storage.search_cache import SearchCache
from tests.fakespotify.catalogue import drive_catalogue
from tests.fakespotify.helpers import FAST, sign_in_with_fake
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


@pytest.fixture
def client(fake_spotify):
    sign_in_with_fake(fake_spotify)
    return signed_in_client(**FAST)


@pytest.fixture
def cache(tmp_path):
    with SearchCache(tmp_path / "search.sqlite3") as c:
        yield c
