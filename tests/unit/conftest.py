"""Fixtures of the unit tests."""

from __future__ import annotations

import pytest

from app.storage.dossier_file import load_dossier


@pytest.fixture(scope="module")
def dossier():
    """The bundled Drive dossier, read once per test module: these tests only read it."""
    return load_dossier()
