"""The writer lock as the command line holds it: a busy file is one line and exit status 1."""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from app.cli.common import load_playlist_or_fail
from app.cli.errors import CliError

BUSY_STATUS = 1  # another program is at work on it: trouble of the moment, not bad input


@contextmanager
def held(
    path: str | os.PathLike | None = None,
    *,
    playlist_id: str | None = None,
    purpose: str = "synced",
) -> Iterator[None]:
    """Hold the writer lock for ``path`` (and the remote playlist) or fail with one line."""
    from app.storage.locks import Busy, writer_lock

    try:
        with writer_lock(path=path, playlist_id=playlist_id, purpose=purpose):
            yield
    except Busy as exc:
        raise CliError(str(exc), BUSY_STATUS) from None


def writing(run: Callable[[argparse.Namespace], int], option: str, purpose: str = "written"):
    """``run`` holding the writer lock of the file named by ``args.<option>`` (if any)."""

    @functools.wraps(run)
    def holding(args: argparse.Namespace) -> int:
        path = getattr(args, option, None)
        with held(None if path == "-" else path, purpose=purpose):  # "-": standard output
            return run(args)

    return holding


def linked_writer(purpose: str):
    """Run the command holding the writer lock of ``args.file`` and of the Spotify playlist
    the file is linked to, for the whole read-modify-write: two runs would interleave."""

    def wrap(run: Callable[[argparse.Namespace], int]):
        @functools.wraps(run)
        def holding(args: argparse.Namespace) -> int:
            with held(args.file, purpose=purpose):
                # parsed once: the command's own load is served from the parse cache
                remote = load_playlist_or_fail(args.file).remote
                with held(playlist_id=remote.id if remote else None, purpose=purpose):
                    return run(args)

        return holding

    return wrap
