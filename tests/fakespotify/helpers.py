"""Helpers for tests that talk to the fake Spotify server: sign in, play the browser.

Everything here talks to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import socket
import subprocess
import threading

import requests

from app.core.playlist import MatchStatus, PlaylistItem, TrackMatch
from app.spotify.auth import token_path
from tests.program import HANG_GUARD

# Retries back off in milliseconds, not seconds: the fake answers at once.
FAST = {"backoff_base": 0.001, "backoff_cap": 0.002}

URL_PREFIX = "Open this address to sign in: "


def sign_in_with_fake(fake, **grant) -> dict:
    """Save a token the fake granted, as a finished login would (mode 0600); returns it."""
    token = fake.grant_token(**grant)
    write_token(token)
    return token


def write_token(token: dict) -> None:
    path = token_path()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(token, fh)


def saved_token() -> dict:
    return json.loads(token_path().read_text(encoding="utf-8"))


def play_browser(url: str) -> requests.Response:
    """Do what the browser does: open the authorize URL, follow its redirect to our listener."""
    authorize = requests.get(url, allow_redirects=False, timeout=HANG_GUARD)
    assert authorize.status_code == 302, authorize.text
    return requests.get(authorize.headers["Location"], allow_redirects=False, timeout=HANG_GUARD)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def use_free_redirect_port(monkeypatch) -> str:
    """Point the redirect URI at a free port, so tests never fight over 8765."""
    uri = f"http://127.0.0.1:{free_port()}/callback"
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", uri)
    return uri


def read_authorize_url(proc: subprocess.Popen) -> tuple[str, list[str]]:
    """The address ``login`` prints, and the lines read before it."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line)
            if line.startswith(URL_PREFIX):
                return
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    while True:
        line = lines.get(timeout=HANG_GUARD)
        if not line:
            raise AssertionError(f"login printed no address: {seen} {proc.stderr.read()}")
        seen.append(line)
        if line.startswith(URL_PREFIX):
            return line[len(URL_PREFIX) :].strip(), seen


def other_addresses() -> list[str]:
    """This machine's IPv4 addresses that are not loopback (none on an isolated box)."""
    found = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    with contextlib.suppress(OSError, ImportError):
        import fcntl
        import struct

        siocgifaddr = 0x8915
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for _index, name in socket.if_nameindex():
                with contextlib.suppress(OSError):
                    packed = struct.pack("256s", name.encode()[:15])
                    found.add(socket.inet_ntoa(fcntl.ioctl(s.fileno(), siocgifaddr, packed)[20:24]))
    return sorted(a for a in found if not a.startswith("127."))


def chosen_songs(fake, n: int, title: str, artist: str, **track) -> list[PlaylistItem]:
    """``n`` made-up songs (not real music) added to the fake, as playlist items already
    pinned to them: a sync sends them without searching."""
    uris = [fake.add_track(f"{title} {i}", [artist], **track)["uri"] for i in range(n)]
    return [
        PlaylistItem(
            title=f"{title} {i}",
            artists=(artist,),
            match=TrackMatch(MatchStatus.CHOSEN, uri=uri),
        )
        for i, uri in enumerate(uris)
    ]
