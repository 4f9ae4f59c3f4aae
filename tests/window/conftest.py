"""Fixtures of the window tests."""

from __future__ import annotations

import pytest

from app.storage.dossier_file import load_dossier


@pytest.fixture
def dossier():
    """The bundled Drive dossier, read afresh for each test."""
    return load_dossier()
