"""Errors the command line reports as one line on stderr."""

from __future__ import annotations


class CliError(Exception):
    """Something the person can act on. ``status`` is the exit status (2: bad input)."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status
