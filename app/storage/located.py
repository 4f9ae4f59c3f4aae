"""Errors that name a place in a file, and parsed data that remembers places.

Kept apart from the YAML reader so that code which only reports errors, or reads a cached
copy, does not pay for importing the parser.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from typing import Any

# Where a value sits in a document: the keys and list positions leading to it from the top.
FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class LoadError(Exception):
    """A file that cannot be used, with where and why, for one clear line of output."""

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ):
        self.file = file
        self.message = message
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.field = field
        # Where in the data, when a validator found it, and in which parsed copy (by id).
        self.path: FieldPath | None = None
        self.origin: int | None = None
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


@dataclass(slots=True)
class Located:
    """Parsed data and the file it came from.  A mistake found in the data is made with
    :meth:`error`, which names the field; whoever parsed the text then adds the line and
    column (see ``yamlio.build``), so no position is kept for the values that are fine."""

    data: Any
    file: str
    # The data is this reading's own and needed by nothing else: whoever builds from it
    # may drop its parts once used (errors are placed from the text, not from the data).
    spare: bool = False

    def error(self, path: FieldPath, message: str) -> LoadError:
        error = LoadError(self.file, message, field=format_path(path))
        error.path, error.origin = path, id(self)
        return error


# The largest file read as text: sixteen times a 10,000-item playlist (3.9 MB).  Bigger is
# no playlist or dossier but a mistake (or an attack), refused before it is read.
MAX_TEXT_BYTES = 64 * 2**20


def read_text(path: str, *, newline: str | None = None) -> str:
    """A text file's contents (UTF-8, a byte-order mark allowed), or a LoadError saying why not.

    Only a regular file of at most :data:`MAX_TEXT_BYTES` is read: a pipe, a device
    (``/dev/zero``) or a file growing as it is read would otherwise fill the memory.
    ``newline`` as for :func:`open` (``""`` keeps a CR inside a CSV cell).
    """
    try:
        # Non-blocking: opening a pipe nobody writes to must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise LoadError(path, "is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(path, "is not a regular file (a pipe or a device?)")
            too_big = LoadError(path, f"larger than {MAX_TEXT_BYTES // 2**20} MB: too big to read")
            if info.st_size > MAX_TEXT_BYTES:
                raise too_big
            raw = fh.read(MAX_TEXT_BYTES + 1)  # a file growing as it is read stops here too
            if len(raw) > MAX_TEXT_BYTES:
                raise too_big
        with io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=newline) as text:
            return text.read()
    except FileNotFoundError:
        raise LoadError(path, "no such file") from None
    except IsADirectoryError:
        raise LoadError(path, "is a folder, not a file") from None
    except PermissionError:
        raise LoadError(path, "permission denied") from None
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise LoadError(path, exc.strerror or str(exc)) from None
