"""Match and sync a 1,000-item playlist against a fake Spotify with 50 ms latency.

Baseline, in the same run: the naive loop many scripts use (spotipy, one search then one
add per track, one after the other).  Prints both wall times, the speed-up (target >= 5x),
the most requests in flight at once (<= 4) and how many 429s came back (0).
python bench/sync_speed.py [--items N] [--latency SECONDS]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spotipy

from app.core.playlist import Playlist, PlaylistItem
from tests.fakespotify import FakeSpotify
from tests.fakespotify.catalogue import generated_catalogue
from tests.fakespotify.helpers import sign_in_with_fake


def point_at(fake: FakeSpotify, home: str) -> None:
    os.environ.update(fake.environment(), DRIVE_PLAYLIST_HOME=home)


def playlist_for(catalogue) -> Playlist:
    items = [PlaylistItem(**fields) for fields in catalogue.items]
    return Playlist(name="Speed test", description="Generated test tracks.", items=items)


def naive(fake: FakeSpotify, playlist: Playlist) -> float:
    """One search, then one add, per track, in order: what the API's examples suggest."""
    token = fake.grant_token()["access_token"]
    sp = spotipy.Spotify(auth=token, retries=0, status_retries=0, requests_timeout=30)
    sp.prefix = fake.api_url
    start = time.perf_counter()
    created = sp._post("me/playlists", payload={"name": playlist.name, "public": False})
    for item in playlist.items:
        q = f'track:"{item.title}" artist:"{item.artists[0]}"'
        found = sp.search(q, limit=1, type="track")["tracks"]["items"]
        if found:
            sp._post(f"playlists/{created['id']}/items", payload={"uris": [found[0]["uri"]]})
    return time.perf_counter() - start


def ours(playlist: Playlist) -> tuple[float, object]:
    from app.spotify.auth import signed_in_client
    from app.spotify.sync import sync_playlist
    from app.storage.search_cache import SearchCache

    client = signed_in_client()
    with SearchCache() as cache:  # empty: every search really goes out
        start = time.perf_counter()
        result = sync_playlist(playlist, client, cache=cache)
        return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home, FakeSpotify(latency=args.latency) as fake:
        point_at(fake, home)
        catalogue = generated_catalogue(args.items)
        fake.load_catalogue(catalogue.tracks)
        sign_in_with_fake(fake)

        fake.reset_stats()
        playlist = playlist_for(catalogue)
        ours_time, result = ours(playlist)
        in_flight = fake.max_in_flight
        limited = sum(1 for r in fake.requests if r.status == 429)
        our_requests = fake.count()
        wanted = catalogue.uris
        on_spotify = fake.playlists[playlist.remote.id]["uris"]
        right = sum(1 for a, b in zip(on_spotify, wanted, strict=False) if a == b)

        fake.reset_stats()
        naive_time = naive(fake, playlist_for(catalogue))
        naive_requests = fake.count()

    print(f"{args.items} items, {args.latency * 1000:.0f} ms latency per request")
    print(f"naive loop:  {naive_time:7.2f} s  {naive_requests:5d} requests (sequential)")
    print(
        f"match+sync:  {ours_time:7.2f} s  {our_requests:5d} requests "
        f"({result.match.searches} searches, {result.written} writes)"
    )
    print(f"speed-up:    {naive_time / ours_time:7.1f} x  (target >= 5)")
    print(f"max in flight: {in_flight} (limit 4);  429 answers: {limited} (target 0)")
    print(f"tracks placed right: {right}/{args.items}; left for review: {len(result.unmatched)}")
    return 0 if naive_time / ours_time >= 5 and in_flight <= 4 and limited == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
