"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from tests.fakespotify.helpers import sign_in_with_fake


@pytest.fixture
def signed_in(fake_spotify):
    """The fake Spotify, with the program signed in to it as a finished ``login`` leaves it."""
    sign_in_with_fake(fake_spotify)
    return fake_spotify
