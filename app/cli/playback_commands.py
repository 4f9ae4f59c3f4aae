"""``play`` and ``devices``: Spotify Connect from the command line.

``play`` reads the playlist file and never writes it: a track matched on the spot to play
it is not saved (``match`` does that).
"""

from __future__ import annotations

import argparse

from app.cli.common import load_playlist_or_fail, market, match_status, named, spotify_failure
from app.cli.errors import CliError
from app.cli.output import shown


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play a playlist file on your Spotify, from one of its items")
    p.add_argument("file", metavar="FILE.yaml", help="a Drive Playlist file")
    p.add_argument(
        "--item",
        type=int,
        default=1,
        metavar="N",
        help="start at item N (1 is the first; default 1)",
    )
    p.add_argument(
        "--device", metavar="NAME", help="play on this device (see `drive-playlist devices`)"
    )
    p.set_defaults(run=run_play)

    p = sub.add_parser("devices", help="list the Spotify devices you can play on")
    p.set_defaults(run=run_devices)


def _player():
    from app.spotify.auth import signed_in_client
    from app.spotify.errors import SpotifyError
    from app.spotify.player import Player, check_playback_scopes

    try:
        check_playback_scopes()
        return Player(signed_in_client())
    except SpotifyError as exc:
        raise _failure(exc) from None


def _failure(exc) -> CliError:
    from app.spotify.player import PlaybackScopeMissing

    if isinstance(exc, PlaybackScopeMissing):
        return CliError(
            "the saved Spotify sign-in does not allow playback control: run "
            "`drive-playlist login --playback` to add it (playlists keep working)",
            1,
        )
    return spotify_failure(exc)


def run_devices(args: argparse.Namespace) -> int:
    from app.spotify.errors import SpotifyError

    player = _player()
    try:
        devices = player.devices()
    except SpotifyError as exc:
        raise _failure(exc) from None
    if not devices:
        print("No Spotify device found: open Spotify on your phone or computer, then run this "
              "again.")  # fmt: skip
        return 0
    width = max(len(shown(d.name)) for d in devices)
    for device in devices:
        notes = [shown(device.type)]
        if device.is_active:
            notes.append("active")
        if device.is_restricted:
            notes.append("restricted: takes no commands from other apps")
        print(f"{shown(device.name).ljust(width)}  {', '.join(notes)}")
    return 0


def run_play(args: argparse.Namespace) -> int:
    from app.core.playlist import Playlist
    from app.spotify.errors import SpotifyError
    from app.spotify.matcher import match_playlist
    from app.spotify.player import find_device

    playlist = load_playlist_or_fail(args.file)
    if not playlist.items:
        raise CliError(f"{shown(args.file)}: the playlist is empty")
    if not 1 <= args.item <= len(playlist.items):
        raise CliError(
            f"--item {args.item}: {shown(args.file)} has items 1 to {len(playlist.items)}"
        )
    index = args.item - 1
    item = playlist.items[index]
    player = _player()
    try:
        device = None
        if args.device is not None:
            devices = player.devices()
            device = find_device(devices, args.device)
            if device is None:
                names = ", ".join(shown(d.name) for d in devices) or "none"
                raise CliError(
                    f"--device {shown(args.device)}: no such Spotify device (found: {names})", 1
                )
        if item.spotify_uri is None and item.match is None:
            # Matched on the spot, by the same rules as `match`; not saved.
            match_playlist(Playlist(name="", items=[item]), player.client, market=market(None),
                           max_workers=1)  # fmt: skip
        if item.spotify_uri is None:
            raise CliError(
                f"item {args.item} ({named(item)}) has no certain Spotify track "
                f"({match_status(item.match)}): run `drive-playlist match {shown(args.file)}` "
                "and choose one in the window",
                1,
            )
        if device is not None and not device.is_active:
            player.transfer(device, play=False)
        player.play_from(playlist, index, device=device)
        playing = player.state()
    except SpotifyError as exc:
        raise _failure(exc) from None
    if playing is not None and playing.uri:
        where = f" on {shown(playing.device.name)}" if playing.device else ""
        print(f"Playing{where}: {shown(', '.join(playing.artists))} – {shown(playing.title)}")
    else:
        print(f"Asked Spotify to play {named(item)}")
    return 0
