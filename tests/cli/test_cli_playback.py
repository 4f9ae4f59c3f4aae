"""``drive-playlist play`` and ``devices`` as a person runs them, against the fake Spotify."""

from __future__ import annotations

from pathlib import Path

from app.core.playlist import Playlist, PlaylistItem
from app.spotify.config import PLAYBACK_SCOPES
from app.storage.playlist_file import save_playlist
from tests.fakespotify.accounts import DEFAULT_SCOPE
from tests.fakespotify.catalogue import drive_answer_uri
from tests.fakespotify.helpers import sign_in_with_fake
from tests.fakespotify.openapi_check import all_problems
from tests.program import cli

PLAYBACK = " ".join([DEFAULT_SCOPE, *PLAYBACK_SCOPES])


def _file(tmp_path) -> str:
    path = tmp_path / "night.yaml"
    save_playlist(
        Playlist(
            name="Night",
            items=[
                PlaylistItem(title="Nightcall", artists=("Kavinsky", "Lovefoxxx")),
                PlaylistItem(title="Tick of the Clock", artists=("Chromatics",)),
            ],
        ),
        str(path),
    )
    return str(path)


def test_devices_lists_them(fake_spotify):
    sign_in_with_fake(fake_spotify, scope=PLAYBACK)
    done = cli("devices")
    assert done.returncode == 0 and "No Spotify device found" in done.stdout
    fake_spotify.player.add_device("Laptop", active=True)
    fake_spotify.player.add_device("Hotel Speaker", "Speaker", restricted=True)
    done = cli("devices")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["Laptop", "Computer,", "active"]
    assert lines[1].startswith("Hotel Speaker") and "restricted" in lines[1]
    fake_spotify.player.add_device("Red\x1b[31m Speaker")  # a name cannot drive the terminal
    done = cli("devices")
    assert "Red\\e[31m Speaker" in done.stdout and "\x1b" not in done.stdout


def test_play_an_item_on_a_named_device(fake_spotify, tmp_path):
    sign_in_with_fake(fake_spotify, scope=PLAYBACK)
    fake_spotify.player.add_device("Laptop", active=True)
    phone = fake_spotify.player.add_device("Pocket Phone", "Smartphone")
    path = _file(tmp_path)
    before = Path(path).read_text(encoding="utf-8")
    done = cli("play", path, "--item", "2", "--device", "pocket")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Playing on Pocket Phone: Chromatics – Tick of the Clock"
    assert fake_spotify.player.active.id == phone.id
    # The unmatched item was matched on the spot, played from there on as a list.
    assert fake_spotify.player.queue == [drive_answer_uri("Tick of the Clock")]
    assert Path(path).read_text(encoding="utf-8") == before  # play never writes the file
    assert all_problems(fake_spotify.requests) == []


def test_play_failures_are_one_line_each(fake_spotify, tmp_path):
    path = _file(tmp_path)
    sign_in_with_fake(fake_spotify)  # an earlier sign-in, playlists only
    done = cli("play", path)
    assert done.returncode == 1
    assert "login --playback" in done.stderr and len(done.stderr.splitlines()) == 1

    sign_in_with_fake(fake_spotify, scope=PLAYBACK)
    done = cli("play", path)
    assert done.returncode == 1
    assert "Open Spotify on your phone or computer" in done.stderr
    assert "Traceback" not in done.stderr

    fake_spotify.player.add_device("Laptop", active=True)
    fake_spotify.player.premium = False
    done = cli("play", path)
    assert done.returncode == 1 and "PREMIUM_REQUIRED" in done.stderr

    done = cli("play", path, "--item", "3")
    assert done.returncode == 2 and "--item 3" in done.stderr and "1 to 2" in done.stderr
    done = cli("play", path, "--device", "Kitchen")
    assert done.returncode == 1 and "no such Spotify device (found: Laptop)" in done.stderr
