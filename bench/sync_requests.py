"""Requests per sync of the Drive playlist, beside the fewest any program could send.

The floor for a first sync: one search per entry to match, one create, and one add per
100 tracks.  An unchanged re-sync should cost at most 2 requests.  Runs against the fake
Spotify server on 127.0.0.1:  python bench/sync_requests.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.sync_plan import floor_requests
from app.spotify.matcher import needs_matching
from tests.fakespotify import FakeSpotify
from tests.fakespotify.catalogue import drive_catalogue
from tests.spotify_helpers import sign_in_with_fake


def point_at(fake: FakeSpotify, home: str) -> None:
    os.environ.update(fake.environment(), DRIVE_PLAYLIST_HOME=home)


def main() -> int:
    from app.core.presets import make_preset
    from app.spotify.auth import signed_in_client
    from app.spotify.sync import sync_playlist
    from app.storage.dossier_file import load_dossier
    from app.storage.search_cache import SearchCache

    with tempfile.TemporaryDirectory() as home, FakeSpotify() as fake:
        point_at(fake, home)
        fake.load_catalogue(drive_catalogue())
        sign_in_with_fake(fake)
        playlist = make_preset("influences", load_dossier(None))
        client = signed_in_client()
        cache = SearchCache()
        to_match = sum(1 for item in playlist.items if needs_matching(item))

        first = sync_playlist(playlist, client, cache=cache)
        tracks = sum(1 for item in playlist.items if item.spotify_uri)
        floor = to_match + 1 + floor_requests(tracks)
        searches = first.match.searches if first.match else 0
        print(
            f"Drive preset: {len(playlist.items)} entries, {tracks} matched, "
            f"{len(first.unmatched)} left for review"
        )
        print(
            f"first sync:     {first.requests:4d} requests "
            f"({searches} searches, 1 create, {first.written} adds)"
        )
        print(
            f"floor:          {floor:4d} requests "
            f"({to_match} searches, 1 create, {floor_requests(tracks)} adds)"
        )
        print(f"ratio:          {first.requests / floor:.2f} x the floor")

        fake.reset_stats()
        again = sync_playlist(playlist, client, cache=cache)
        print(
            f"unchanged sync: {again.requests:4d} requests (target <= 2; server saw {fake.count()})"
        )
        cache.close()
        return 0 if again.requests <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
