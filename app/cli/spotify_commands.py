"""Spotify commands: login, logout, whoami, match, sync."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Filled in with the Spotify engine."""
