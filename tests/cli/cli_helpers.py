"""Made-up songs on the fake Spotify, playlist files of them, and what the command-line
tests read back: the remote playlist, the account's playlists, a one-line error."""

from __future__ import annotations

from pathlib import Path

from app.core.playlist import Playlist, PlaylistItem
from app.storage.playlist_file import load_playlist, save_playlist


def add_songs(fake, n: int, start: int = 0) -> list[tuple[PlaylistItem, str]]:
    """``n`` made-up test songs (not real music), each with a cover decoy; (item, right URI)."""
    pairs = []
    for i in range(start, start + n):
        title, band = f"Night Test Song {i}", f"Test Band {i}"
        fake.add_track(title, ["Cover Test Players"], album="Covers", duration_ms=150_000)
        right = fake.add_track(title, [band], album=f"Test Album {i}", duration_ms=210_000)
        item = PlaylistItem(title=title, artists=(band,), album=f"Test Album {i}", duration=210)
        pairs.append((item, right["uri"]))
    return pairs


def remote_uris(fake, path) -> list[str]:
    return list(fake.playlists[load_playlist(path).remote.id]["uris"])


def one_line_error(proc, status: int) -> str:
    assert proc.returncode == status, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    return line


def song_playlist(fake, path: Path, name: str, n: int) -> tuple[Path, list[str]]:
    """A playlist file of ``n`` of the songs (by add_songs), and each one's right URI."""
    pairs = add_songs(fake, n)
    save_playlist(Playlist(name=name, items=[item for item, _ in pairs]), path)
    return path, [uri for _, uri in pairs]
