"""Spotify commands: match, sync.

Both ``match`` and ``sync`` save the playlist file whatever happens once it is loaded:
matches found and a remote playlist created before an error or Ctrl+C are kept, and the
next run continues from there.
"""

from __future__ import annotations

import argparse
import shlex
import sqlite3
import sys
import threading
import time

from app.cli.common import (
    clip,
    load_playlist_or_fail,
    market,
    match_status,
    named,
    save_playlist_or_fail,
    spotify_failure,
)
from app.cli.errors import CliError
from app.cli.locking import linked_writer
from app.cli.output import shown

INTERRUPTED = 130


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("match", help="find each item's Spotify track and save it in the file")
    p.add_argument("file", metavar="FILE.yaml", help="a Drive Playlist file")
    _market_option(p)
    p.add_argument(
        "--rematch",
        action="store_true",
        help="look up again items already matched (choices made by hand are kept)",
    )
    p.set_defaults(run=run_match)

    p = sub.add_parser("sync", help="create or update the playlist on Spotify")
    p.add_argument("file", metavar="FILE.yaml", help="a Drive Playlist file")
    p.add_argument("--name", help="the Spotify playlist's name (default: the file's)")
    p.add_argument(
        "--public",
        action="store_true",
        default=None,
        help="make the Spotify playlist public (default: private)",
    )
    _market_option(p)
    p.add_argument(
        "--create-new",
        action="store_true",
        help="if the linked Spotify playlist was deleted or is not yours, create a new one",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--overwrite",
        action="store_true",
        help="make the Spotify playlist exactly the file, dropping changes made in Spotify",
    )
    mode.add_argument(
        "--dry-run",
        action="store_true",
        help="show the merge and the requests a sync would send; send no change, save nothing",
    )
    p.set_defaults(run=run_sync)


def _market_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--market",
        metavar="XX",
        help="two-letter country code: prefer tracks playable there (default: settings)",
    )


class ProgressLine:
    """A one-line progress bar on a terminal's stderr, updated in place.

    Through a pipe only waits are reported: one line when a rate-limit wait starts and one
    every ``PIPE_EVERY`` seconds of it, so a log is never silent for long.
    """

    WIDTH = 24
    PIPE_EVERY = 10.0  # seconds

    def __init__(self, stream=None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()
        self._lock = threading.Lock()
        self._shown = False
        self._clock = clock
        self._logged_at: float | None = None
        self._last_wait: float | None = None

    def __call__(self, progress) -> None:
        if not self.active:
            if progress.wait is not None:
                self._log_wait(progress)
            return
        if progress.wait is not None:
            line = progress.message
        elif progress.total:
            filled = round(self.WIDTH * progress.done / progress.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"{progress.phase:<6} [{bar}] {progress.done}/{progress.total}"
        else:
            line = f"{progress.phase}: {progress.message}"
        with self._lock:  # called from the search threads too
            self.stream.write("\r\x1b[2K" + shown(line)[:79])
            self.stream.flush()
            self._shown = True

    def _log_wait(self, progress) -> None:
        now = self._clock()
        with self._lock:
            new_wait = self._last_wait is None or progress.wait > self._last_wait
            self._last_wait = progress.wait
            if new_wait or self._logged_at is None or now - self._logged_at >= self.PIPE_EVERY:
                self._logged_at = now
                self.stream.write(shown(progress.message) + "\n")
                self.stream.flush()

    def finish(self) -> None:
        with self._lock:
            if self._shown:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                self._shown = False


class _Session:
    """The client, cache, progress line and cancel switch one command uses."""

    def __init__(self):
        from app.core.tasks import Cancelled, CancelToken
        from app.spotify.auth import signed_in_client
        from app.spotify.errors import SpotifyError
        from app.storage.search_cache import SearchCache

        self.cancel = CancelToken()
        self.progress = ProgressLine()
        try:
            self.client = signed_in_client(on_progress=self.progress, cancel=self.cancel)
        except (SpotifyError, Cancelled) as exc:
            raise spotify_failure(exc) from None
        try:
            self.cache = SearchCache()
        except (OSError, sqlite3.Error):  # a cache that cannot open only costs requests
            self.cache = None

    def close(self) -> None:
        self.progress.finish()
        if self.cache is not None:
            self.cache.close()


def _failure(exc: BaseException, path: str, saved: bool) -> CliError:
    """One line per kind of trouble, each with its own advice; the Spotify error's own
    message already says what to do (wait, log in, check the connection)."""
    from app.core.tasks import Cancelled
    from app.spotify.errors import PlaylistGone

    kept = " (progress so far is saved)" if saved else ""
    if isinstance(exc, KeyboardInterrupt | Cancelled):
        return CliError(f"interrupted{kept}; run the same command again to continue", INTERRUPTED)
    if isinstance(exc, PlaylistGone):
        # The one case where a new playlist is the answer: elsewhere it would make a duplicate.
        return CliError(
            f"the Spotify playlist {exc.playlist_id} no longer exists or is not yours{kept}: "
            f"run `drive-playlist sync {shlex.quote(path)} --create-new` to create a new one",
            1,
        )
    return CliError(f"{exc}{kept}", spotify_failure(exc).status)


def _saving_progress(playlist, path: str, session, work):
    """Run Spotify work; whatever happens, what was done is saved to the file (and only
    then is the person told so: a run that did nothing leaves the file alone)."""
    from app.core.tasks import Cancelled
    from app.spotify.errors import SpotifyError
    from app.storage.playlist_file import dumps_playlist

    before = dumps_playlist(playlist)
    try:
        result = work()
    except (SpotifyError, Cancelled, KeyboardInterrupt) as exc:
        session.cancel.cancel()
        session.close()
        progressed = dumps_playlist(playlist) != before
        if progressed:
            save_playlist_or_fail(playlist, path)
        raise _failure(exc, path, saved=progressed) from None
    session.close()
    save_playlist_or_fail(playlist, path)
    return result


@linked_writer("matched")
def run_match(args: argparse.Namespace) -> int:
    from app.spotify.matcher import match_playlist

    preferred = market(args.market)
    playlist = load_playlist_or_fail(args.file)
    session = _Session()
    report = _saving_progress(
        playlist,
        args.file,
        session,
        lambda: match_playlist(
            playlist,
            session.client,
            market=preferred,
            cache=session.cache,
            progress=session.progress,
            cancel=session.cancel,
            rematch=args.rematch,
        ),
    )
    print(match_table(playlist))
    print(_match_summary(report))
    return 0


@linked_writer("synced")
def run_sync(args: argparse.Namespace) -> int:
    from app.spotify.sync import sync_playlist

    preferred = market(args.market)
    name = args.name.strip() if args.name is not None else None
    if args.name is not None and not name:
        raise CliError("--name: the playlist needs a name")
    playlist = load_playlist_or_fail(args.file)
    session = _Session()

    def sync():
        return sync_playlist(
            playlist,
            session.client,
            name=name,
            public=args.public,
            progress=session.progress,
            cancel=session.cancel,
            create_if_gone=args.create_new,
            market=preferred,
            cache=session.cache,
            checkpoint=lambda p: save_playlist_or_fail(p, args.file),
            overwrite=args.overwrite,
            dry_run=args.dry_run,
        )

    if args.dry_run:
        result = _dry(session, args.file, sync)
    else:
        result = _saving_progress(playlist, args.file, session, sync)
    _print_sync(result, playlist)
    return 0


def _dry(session, path: str, work):
    """Run a dry sync: nothing is saved, whatever happens."""
    from app.core.tasks import Cancelled
    from app.spotify.errors import SpotifyError

    try:
        return work()
    except (SpotifyError, Cancelled, KeyboardInterrupt) as exc:
        session.cancel.cancel()
        raise _failure(exc, path, saved=False) from None
    finally:
        session.close()


def _print_sync(result, playlist) -> None:
    from app.spotify import sync_report

    if result.dry_run:
        print("Dry run: nothing was sent to Spotify and the file is unchanged.")
        for line in result.report:
            print(f"  {shown(line)}")
        if result.planned:
            print(f"It would send {_count(len(result.planned), 'write request')}:")
            for line in result.planned:
                print(f"  {shown(line)}")
        else:
            print("It would send no write.")
        return
    verb = "Created" if result.created else ("Updated" if result.changed else "Up to date:")
    print(f"{verb} {shown(result.url)}")
    for line in result.report:
        print(f"  {shown(line)}")  # names come from Spotify: never raw to a terminal
    # What Spotify holds now is the new base; an entry of the file's that is not there
    # (a local file Spotify's copy lost) is not counted as on Spotify.
    base = playlist.remote.base if playlist.remote else None
    there = {slot.item_id for slot in base.slots} if base else None
    held = [i for i in playlist.items if there is None or i.id in there]
    slots = {item.id: item for item in held if not item.is_track or item.spotify_uri}
    tracks = sum(1 for item in slots.values() if item.is_track)
    what = sync_report.count(slots, slots) if tracks else "0 tracks"
    if not tracks and len(slots):
        what += f" and {sync_report.count(slots, slots)}"
    print(f"{what} on Spotify ({_count(result.requests, 'request')}).")
    if result.unmatched:
        print(f"Left out ({len(result.unmatched)}): not matched yet; kept in the file:")
        for item in result.unmatched:
            print(f"  - {named(item)} ({match_status(item.match)})")


def match_table(playlist) -> str:
    """entry | chosen track | score | status, one row per item, columns aligned."""
    rows = [("ENTRY", "CHOSEN TRACK", "SCORE", "STATUS")]
    for item in playlist.items:
        match = item.match
        chosen = ""
        if match and match.track:
            chosen = f"{', '.join(match.track.artists)} – {match.track.title}"
        elif match and match.uri:
            chosen = match.uri
        score = f"{match.score:.2f}" if match and match.score is not None else ""
        rows.append((clip(named(item), 48), clip(shown(chosen), 48), score, match_status(match)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)).rstrip()
        for row in rows
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _match_summary(report) -> str:
    parts = [f"{count} {status.value.replace('_', ' ')}" for status, count in report.counts.items()]
    looked = f"{report.searches} searches sent, {report.cached} from the cache"
    summary = f"{', '.join(parts) or 'nothing to match'} ({looked})."
    if report.needs_review:
        summary += " Items marked review need a person's choice (in the window)."
    return summary
