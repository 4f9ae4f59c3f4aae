"""What the command line prints: text from files and from Spotify shown, never obeyed.

A title can hold terminal escape sequences (``ESC ] 0 ; … BEL`` sets the window title,
``ESC [ 31 m`` colours the rest of the screen); printed raw, a file or a Spotify
playlist would control the person's terminal.  Every value from outside goes through
:func:`shown` before it is printed.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys

# C0 controls (line breaks and tabs too: a value is printed on its line), DEL and C1.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e", "\x07": "\\a"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def shown(text: object) -> str:
    """``text`` with every control character written as an escape (``\\e``, ``\\x9b``)."""
    return _CONTROL.sub(_escape, str(text))


def say(text: str, stream=None) -> None:
    """A line for a person: characters the terminal cannot show become "?", not a crash.

    ``text`` is the program's own line; the values in it were passed through
    :func:`shown` where they were put in."""
    stream = stream or sys.stdout
    encoding = stream.encoding or "utf-8"
    stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")


class OutputFailed(OSError):
    """Standard output cannot take more: a full disk, a closed pipe, a lost terminal."""


class _Output(io.RawIOBase):
    """Standard output's file descriptor, its failures told apart from any other OSError."""

    def __init__(self, fd: int):
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data) -> int:
        try:
            return os.write(self._fd, data)
        except OSError as exc:
            raise OutputFailed(exc.errno, exc.strerror) from None

    def close(self) -> None:  # the descriptor is the process's, not this object's
        self.flush()
        io.RawIOBase.close(self)


def watch_stdout() -> None:
    """Make a failure to write standard output raise :class:`OutputFailed`."""
    old = sys.stdout
    try:
        fd = old.fileno()
        old.flush()
    except (AttributeError, OSError, ValueError):  # no real stdout (e.g. captured): leave it
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Output(fd)),
        encoding=old.encoding,
        errors=old.errors,
        line_buffering=old.line_buffering,
    )


def drop_stdout() -> None:
    """After a failure, point standard output at the null device: what is left unwritten
    is dropped, so the exit does not try and fail once more."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
