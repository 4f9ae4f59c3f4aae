"""The matching run: searches over real HTTP to the fake, the search cache, concurrency."""

from __future__ import annotations

import threading

import pytest

from app.core.playlist import Candidate, MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.core.tasks import Cancelled, CancelToken
from app.spotify.auth import signed_in_client
from app.spotify.errors import RateLimited
from app.spotify.matcher import SEARCH_LIMIT, match_playlist
from app.storage.search_cache import SearchCache, default_path
from tests.fakespotify import Fault
from tests.fakespotify.helpers import FAST, sign_in_with_fake

# --- the cache -----------------------------------------------------------------------------


def test_cache_lives_in_the_home_folder_and_round_trips(isolated_home):
    found = [
        Candidate(
            "spotify:track:fake1",
            "Test Song",
            ("Test Band", "Guest"),
            "Test Album",
            2000,
            201,
            "https://open.spotify.com/track/fake1",
            None,
            "TEST00000001",
            score=0.9,
        )
    ]
    with SearchCache() as cache:
        assert cache.path == default_path() and cache.path.is_relative_to(isolated_home)
        assert cache.get('track:"Test Song"', "GB", 10, 0) is None
        cache.put('track:"Test Song"', "GB", 10, 0, found)
        cache.put('track:"Test Song"', None, 10, 0, [])
    with SearchCache() as reopened:  # survives the process: a second run asks nothing
        [back] = reopened.get('track:"Test Song"', "GB", 10, 0)
        assert back == found[0].with_score(0.0)  # scores belong to an item, not a search
        assert reopened.get('track:"Test Song"', None, 10, 0) == []
        assert reopened.get('track:"Test Song"', "SE", 10, 0) is None
        assert reopened.get('track:"Test Song"', "GB", 5, 0) is None
        assert reopened.get('track:"Test Song"', "GB", 10, 10) is None
        reopened.clear()
        assert len(reopened) == 0


def test_cache_is_safe_from_many_threads(tmp_path):
    cache = SearchCache(tmp_path / "c.sqlite3")
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.put(f"q{n}-{i}", None, 10, 0, [Candidate(f"spotify:track:{n}x{i}", "t", ())])
                assert cache.get(f"q{n}-{i}", None, 10, 0)[0].uri == f"spotify:track:{n}x{i}"
        except Exception as exc:  # reported below: a thread's assert would vanish
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(cache) == 300
    cache.close()


def test_a_damaged_cache_starts_again(tmp_path):
    path = tmp_path / "search.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with SearchCache(path) as cache:
        assert cache.get("q", None, 10, 0) is None
        cache.put("q", None, 10, 0, [])
        assert cache.get("q", None, 10, 0) == []


# --- matching against the fake -----------------------------------------------------------


def add_songs(fake, n: int) -> list[tuple[PlaylistItem, str]]:
    """``n`` made-up test songs, each with a karaoke decoy; (item, right URI) pairs."""
    pairs = []
    for i in range(n):
        title, band = f"Neon Test Song {i}", f"Test Band {i}"
        fake.add_track(
            f"{title} (Karaoke Version)",
            ["Karaoke Test Kings"],
            album="Karaoke Tests",
            year=2015,
            duration_ms=200_000 + i * 1000,
        )
        right = fake.add_track(
            title, [band], album=f"Test Album {i}", year=2001, duration_ms=200_000 + i * 1000
        )
        item = PlaylistItem(
            title=title, artists=(band,), album=f"Test Album {i}", year=2001, duration=200 + i
        )
        pairs.append((item, right["uri"]))
    return pairs


def test_each_item_gets_its_right_track_and_a_second_run_searches_nothing(
    fake_spotify, client, cache
):
    pairs = add_songs(fake_spotify, 12)
    playlist = Playlist(name="t", items=[item for item, _ in pairs])
    seen = []

    report = match_playlist(playlist, client, cache=cache, progress=seen.append)

    for item, uri in pairs:
        assert item.match.status == MatchStatus.MATCHED and item.match.uri == uri
    assert report.counts == {MatchStatus.MATCHED: 12} and not report.unresolved
    searches = [r for r in fake_spotify.requests if r.path.endswith("search")]
    assert report.searches == len(searches) >= 12
    assert all(str(r.query.get("limit")).strip("[]'") == str(SEARCH_LIMIT) for r in searches)
    assert fake_spotify.max_in_flight <= 4
    assert {p.phase for p in seen} == {"match"} and seen[-1].done == seen[-1].total == 12

    fake_spotify.reset_stats()
    again = match_playlist(playlist, client, cache=cache, rematch=True)
    assert fake_spotify.count() == 0 and again.cached >= 12
    assert [i.match.uri for i in playlist.items] == [uri for _, uri in pairs]


def test_strictest_query_first_and_stop_at_the_first_match(fake_spotify, client, cache):
    [(item, uri)] = add_songs(fake_spotify, 1)
    match_playlist(Playlist(name="t", items=[item]), client, cache=cache)
    [search] = [r for r in fake_spotify.requests if r.path.endswith("search")]
    q = search.query["q"]
    q = q[0] if isinstance(q, list) else q
    assert 'album:"Test Album 0"' in q and item.match.uri == uri


def test_nothing_found_and_pins_kept(fake_spotify, client, cache):
    missing = PlaylistItem(title="Qqqzz Zzxq", artists=("Nobody Testband",))
    pin = PlaylistItem(
        title="Anything",
        artists=("Anyone",),
        match=TrackMatch(MatchStatus.CHOSEN, uri="spotify:track:fakepinned", chosen_by_user=True),
    )
    playlist = Playlist(name="t", items=[missing, pin])

    report = match_playlist(playlist, client, cache=cache, rematch=True)

    assert missing.match.status == MatchStatus.NOT_FOUND and report.not_found == [missing]
    assert pin.match.uri == "spotify:track:fakepinned" and pin.match.is_pinned
    assert report.matched_now == 1


def test_resolved_items_are_left_alone_unless_asked(fake_spotify, client, cache):
    pairs = add_songs(fake_spotify, 3)
    playlist = Playlist(name="t", items=[item for item, _ in pairs])
    match_playlist(playlist, client, cache=cache)
    fake_spotify.reset_stats()
    report = match_playlist(playlist, client)  # no cache: only what needs it would search
    assert report.matched_now == 0 and fake_spotify.count() == 0


def test_cancel_keeps_what_is_done(fake_spotify, client, cache):
    pairs = add_songs(fake_spotify, 20)
    playlist = Playlist(name="t", items=[item for item, _ in pairs])
    cancel = CancelToken()

    def stop_after_five(progress):
        if progress.done >= 5:
            cancel.cancel()

    with pytest.raises(Cancelled):
        match_playlist(playlist, client, cache=cache, progress=stop_after_five, cancel=cancel)
    done = [item for item in playlist.items if item.match is not None]
    assert 5 <= len(done) < 20
    for item, uri in pairs:
        assert item.match is None or item.match.uri == uri

    report = match_playlist(playlist, client, cache=cache)
    assert report.matched_now == 20 - len(done)
    assert all(item.match.uri == uri for item, uri in pairs)


def test_a_rate_limit_stops_the_run_with_one_line_and_keeps_the_rest(fake_spotify, cache):
    sign_in_with_fake(fake_spotify)
    client = signed_in_client(max_rate_wait=1, **FAST)
    pairs = add_songs(fake_spotify, 8)
    playlist = Playlist(name="t", items=[item for item, _ in pairs])
    match_playlist(Playlist(name="t", items=[pairs[0][0]]), client, cache=cache)
    fake_spotify.inject(Fault("429", method="GET", path=r"search", times=50, retry_after=3600))

    with pytest.raises(RateLimited) as limited:
        match_playlist(playlist, client, cache=cache)
    assert "\n" not in str(limited.value) and "again" in str(limited.value)
    assert playlist.items[0].match.uri == pairs[0][1]  # matched before the limit: kept
