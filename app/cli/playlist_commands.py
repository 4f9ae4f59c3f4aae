"""Playlist file commands: new, export, import, show."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Filled in with the local playlist work."""
