"""Requests per sync, beside the fewest any program could send (the floor), in one run.

- First sync of the Drive preset.  Floor: the searches matching sends, one create, one add
  per 100 tracks, and one read-back of the snapshot (the searches are also shown beside
  their own floor, one per entry to match).
- Unchanged re-sync.  Floor: one read (it tells the snapshot; the file knows the owner).
- A synced 1,000-item playlist whose snapshot has not changed, edited in the file: remove
  one, append one, move one.  Floor: one read, one write, one read-back (3; target <= 4),
  and no track's date added changes.  Baseline in the same run: the same edits written
  over in full (``--overwrite``).
- Drift: two tracks added in the Spotify app, and one removed from the file.  Floor: the
  full read (the playlist with its first 100 items, then pages of at most 50), one write,
  and the read-back; target: that floor exactly.
Runs against the fake Spotify server on 127.0.0.1:  python bench/sync_requests.py
"""

from __future__ import annotations

import copy
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.playlist import Playlist
from app.core.sync_plan import floor_requests
from app.spotify.matcher import needs_matching
from tests.fakespotify import FakeSpotify
from tests.fakespotify.catalogue import drive_catalogue
from tests.fakespotify.helpers import chosen_songs, sign_in_with_fake

BIG = 1000
FIRST_PAGE = 100  # items that come with GET /playlists/{id}
PAGE = 50  # the API's most per GET /playlists/{id}/items


def point_at(fake: FakeSpotify, home: str) -> None:
    os.environ.update(fake.environment(), DRIVE_PLAYLIST_HOME=home)


def full_read(items: int) -> int:
    return 1 + math.ceil(max(0, items - FIRST_PAGE) / PAGE)


def line(label: str, sent: int, floor: int, note: str = "") -> str:
    return f"{label:<28} {sent:4d} requests   floor {floor:4d}   {sent / floor:4.2f} x  {note}"


def big_playlist(fake: FakeSpotify) -> Playlist:
    items = chosen_songs(fake, BIG + 2, "Bench test track", "Bench Test Artist", album="Bench")
    return Playlist(name="Bench 1000", items=items[:BIG]), items[BIG:]


def main() -> int:
    from app.core.presets import make_preset
    from app.spotify.auth import signed_in_client
    from app.spotify.sync import sync_playlist
    from app.storage.dossier_file import load_dossier
    from app.storage.search_cache import SearchCache

    ok = True
    with tempfile.TemporaryDirectory() as home, FakeSpotify() as fake:
        point_at(fake, home)
        fake.load_catalogue(drive_catalogue())
        sign_in_with_fake(fake)
        client = signed_in_client()
        cache = SearchCache()

        playlist = make_preset("influences", load_dossier(None))
        to_match = sum(1 for item in playlist.items if needs_matching(item))
        first = sync_playlist(playlist, client, cache=cache)
        tracks = sum(1 for item in playlist.items if item.spotify_uri)
        searches = first.match.searches if first.match else 0
        floor = searches + 1 + floor_requests(tracks) + 1
        print(
            f"Drive preset: {len(playlist.items)} entries, {tracks} matched, "
            f"{len(first.unmatched)} left for review"
        )
        print(
            line(
                "first sync",
                first.requests,
                floor,
                f"({searches} searches, 1 create, {first.written} adds, 1 read-back)",
            )
        )
        print(line("  of which searches", searches, to_match, "(one per entry to match)"))
        ok &= first.requests == floor

        fake.reset_stats()
        again = sync_playlist(playlist, client, cache=cache)
        print(line("unchanged re-sync", again.requests, 1, f"(server saw {fake.count()})"))
        ok &= again.requests == 1

        big, spare = big_playlist(fake)
        sync_playlist(big, client)
        pid = big.remote.id
        # The baseline, in the same run: the same playlist and edits, written over in full.
        whole = Playlist(name="Bench 1000 (overwrite)", items=copy.deepcopy(big.items))
        sync_playlist(whole, client)
        print(f"\n{BIG}-item playlist, synced, snapshot unchanged (target <= 4 each):")
        edits = {
            "remove 1": lambda items: items.pop(BIG // 2),
            "append 1": lambda items: items.append(spare[0]),
            "move 1": lambda items: items.insert(10, items.pop(900)),
        }
        for label, edit in edits.items():
            for playlist, overwrite in ((big, False), (whole, True)):
                pid = playlist.remote.id
                dates = dict(zip(fake.playlists[pid]["uris"], fake.added_at(pid), strict=True))
                edit(playlist.items)
                result = sync_playlist(playlist, client, overwrite=overwrite)
                now = zip(fake.playlists[pid]["uris"], fake.added_at(pid), strict=True)
                redated = sum(1 for uri, when in now if uri in dates and dates[uri] != when)
                right = fake.playlists[pid]["uris"] == [i.spotify_uri for i in playlist.items]
                note = f"dates changed: {redated:4d}; in step: {right}"
                if overwrite:
                    print(line("  baseline: --overwrite", result.requests, 3, note))
                else:
                    print(line(label, result.requests, 3, note))
                    ok &= result.requests <= 4 and redated == 0 and right
        pid = big.remote.id

        added = [
            fake.add_track(f"Phone test track {i}", ["Bench Test Artist"])["uri"] for i in (1, 2)
        ]
        fake.other.add(pid, added, position=100)
        big.items.pop(3)
        fake.reset_stats()
        drift = sync_playlist(big, client)
        size = len(fake.playlists[pid]["uris"]) + 1  # what was read, before the removal
        floor = full_read(size) + 1 + 1
        right = fake.playlists[pid]["uris"] == [i.spotify_uri for i in big.items]
        print(
            line(
                "drift (+2 there, -1 here)",
                drift.requests,
                floor,
                f"(read {full_read(size)}, 1 write, 1 read-back; in step: {right})",
            )
        )
        ok &= drift.requests == floor and right and len(drift.added_from_spotify) == 2
        cache.close()
    print("\nall at their targets" if ok else "\nSOME FIGURES MISSED THEIR TARGETS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
