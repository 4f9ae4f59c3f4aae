"""The Spotify adapter against the fake server over real HTTP: calls, retries, limits."""

from __future__ import annotations

import json

import pytest

from app.core.tasks import Cancelled, CancelToken
from app.spotify.auth import signed_in_client
from app.spotify.errors import (
    ApiError,
    MaybeApplied,
    NetworkError,
    NotSignedIn,
    PlaylistGone,
    RateLimited,
)
from tests.fakespotify import Fault
from tests.fakespotify.helpers import FAST, free_port, saved_token, sign_in_with_fake


def _requests(fake, method, suffix):
    return [r for r in fake.requests if r.method == method and r.path.endswith(suffix)]


def _body(request) -> dict:
    body = request.body
    if isinstance(body, bytes | str):
        body = json.loads(body)
    return body


def _uris(fake, n):
    while len(fake.tracks) < n:  # made-up filler tracks beyond the Drive test catalogue
        fake.add_track(f"Filler {len(fake.tracks)}", ["Test Artist"], album="Test", year=2000)
    return [t["uri"] for t in list(fake.tracks.values())[:n]]


def test_me_asks_for_me_without_a_trailing_slash(fake_spotify, client):
    assert client.me()["display_name"] == "Drive Fan"
    [request] = fake_spotify.requests
    assert request.method == "GET"
    assert request.path.rstrip("/") == request.path and request.path.endswith("me")
    assert client.requests_made == 1


def test_search_returns_candidates(fake_spotify, client):
    track = next(iter(fake_spotify.tracks.values()))
    found = client.search_tracks(f'track:"{track["name"]}"', limit=50)
    assert found and all(c.uri.startswith("spotify:track:") for c in found)
    [request] = fake_spotify.requests
    assert request.query["limit"] in ("10", 10, ["10"])
    hit = next(c for c in found if c.uri == track["uri"])
    assert hit.title == track["name"]
    assert hit.artists == tuple(a["name"] for a in track["artists"])
    assert hit.duration == round(track["duration_ms"] / 1000)
    assert hit.url == track["external_urls"]["spotify"]


def test_playlist_lifecycle(fake_spotify, client):
    created = client.create_playlist("Drive", "made by a test", public=False)
    pid = created["id"]
    assert created["snapshot_id"] and "spotify" in created["external_urls"]
    assert fake_spotify.playlists[pid]["owner_id"] == "drive-fan"

    uris = _uris(fake_spotify, 120)
    client.replace_items(pid, uris[:100])
    client.add_items(pid, uris[100:])
    client.add_items(pid, [uris[5]], position=0)
    assert _body(_requests(fake_spotify, "POST", "/items")[0]) == {"uris": uris[100:]}
    assert _body(_requests(fake_spotify, "POST", "/items")[1]) == {
        "uris": [uris[5]],
        "position": 0,
    }
    assert [e["item"]["uri"] for e in client.item_entries(pid)] == [uris[5], *uris]
    assert len(_requests(fake_spotify, "GET", "/items")) == 3  # 121 items, 50 a page
    assert all(r.query["limit"] == "50" for r in _requests(fake_spotify, "GET", "/items"))

    snapshot = client.remove_items(pid, [uris[5]])
    assert snapshot
    tail = [e["item"]["uri"] for e in client.item_entries(pid, offset=100)]
    assert tail == (uris[:5] + uris[6:])[100:]

    moved = client.move_items(pid, 0, 3, 2, snapshot_id=snapshot)
    assert moved != snapshot
    assert fake_spotify.playlists[pid]["uris"][:3] == [uris[2], uris[0], uris[1]]
    assert client.playlist_state(pid) == (moved, 119)  # both copies of uris[5] went
    assert _requests(fake_spotify, "GET", f"playlists/{pid}")[-1].query == {
        "fields": "snapshot_id,items.total"
    }

    client.update_details(pid, name="Drive (2011)", public=True)
    fetched = client.get_playlist(pid, owner="drive-fan")
    assert fetched["name"] == "Drive (2011)" and fetched["public"] is True
    assert len(fetched["items"]["items"]) == 100  # the first page comes with the details


def test_more_than_100_uris_are_refused_before_sending(fake_spotify, client):
    pid = client.create_playlist("Drive", "", public=False)["id"]
    before = len(fake_spotify.requests)
    for call in (client.add_items, client.replace_items, client.remove_items):
        with pytest.raises(ValueError, match="at most 100"):
            call(pid, ["spotify:track:x"] * 101)
    assert len(fake_spotify.requests) == before


def test_a_deleted_or_foreign_playlist_is_gone(fake_spotify, client):
    gone = client.create_playlist("Gone", "", public=False)["id"]
    foreign = client.create_playlist("Foreign", "", public=False)["id"]
    fake_spotify.delete_playlist(gone)
    fake_spotify.set_owner(foreign, "someone-else")
    for pid in (gone, foreign):
        with pytest.raises(PlaylistGone) as caught:
            client.get_playlist(pid)
        assert caught.value.playlist_id == pid
    with pytest.raises(PlaylistGone):
        client.add_items(gone, _uris(fake_spotify, 1))


def test_a_401_mid_run_refreshes_once(fake_spotify, client):
    before = saved_token()["access_token"]
    fake_spotify.inject(Fault("expired_token", method="GET", path="^me$"))
    assert client.me()["id"] == "drive-fan"
    assert saved_token()["access_token"] != before
    assert len(_requests(fake_spotify, "GET", "me")) == 2


def test_a_second_401_means_signed_out(fake_spotify, client):
    fake_spotify.inject(Fault("expired_token", method="GET", path="^me$", times=2))
    with pytest.raises(NotSignedIn, match="drive-playlist login"):
        client.me()


def test_expired_tokens_are_refreshed(fake_spotify, client):
    client.me()
    fake_spotify.expire_all_tokens()
    assert client.create_playlist("After expiry", "", public=False)["id"]


def test_a_short_rate_limit_is_waited_out_with_progress(fake_spotify):
    reports = []
    sign_in_with_fake(fake_spotify)
    client = signed_in_client(on_progress=reports.append, **FAST)
    fake_spotify.inject(Fault("429", path="^me$", retry_after=1))
    assert client.me()["id"] == "drive-fan"
    assert reports and reports[0].phase == "rate-limit"
    assert 0 < reports[0].wait <= 1
    assert len(_requests(fake_spotify, "GET", "me")) == 2


def test_a_rate_limit_wait_can_be_cancelled(fake_spotify):
    sign_in_with_fake(fake_spotify)
    cancel = CancelToken()
    reports = []

    def on_progress(progress):
        reports.append(progress)
        cancel.cancel()

    client = signed_in_client(on_progress=on_progress, cancel=cancel, **FAST)
    fake_spotify.inject(Fault("429", path="^me$", retry_after=60))
    with pytest.raises(Cancelled):
        client.me()
    assert reports[0].wait == pytest.approx(60, abs=1)
    assert len(_requests(fake_spotify, "GET", "me")) == 1


def test_an_unreasonable_rate_limit_is_raised_at_once(fake_spotify):
    sign_in_with_fake(fake_spotify)
    reports = []
    client = signed_in_client(on_progress=reports.append, **FAST)
    fake_spotify.inject(Fault("429", path="^me$", retry_after=3600))
    with pytest.raises(RateLimited) as caught:
        client.me()
    assert caught.value.retry_after == 3600
    assert "1 h" in str(caught.value)
    assert reports == []
    assert len(_requests(fake_spotify, "GET", "me")) == 1


@pytest.mark.parametrize("kind", ["500", "502", "503", "drop"])
def test_reads_are_retried_after_server_trouble(fake_spotify, client, kind):
    fake_spotify.inject(Fault(kind, method="GET", path="^search", times=2))
    assert client.search_tracks("Nightcall")
    assert len(_requests(fake_spotify, "GET", "search")) == 3


def test_reads_give_up_after_four_attempts(fake_spotify, client):
    fake_spotify.inject(Fault("503", method="GET", path="^me$", times=10))
    with pytest.raises(ApiError) as caught:
        client.me()
    assert caught.value.status == 503
    assert len(_requests(fake_spotify, "GET", "me")) == 4


def test_slow_answers_time_out_as_a_network_error(fake_spotify):
    sign_in_with_fake(fake_spotify)
    client = signed_in_client(requests_timeout=0.2, read_attempts=2, **FAST)
    fake_spotify.inject(Fault("slow", method="GET", path="^me$", times=2, delay=0.6))
    with pytest.raises(NetworkError, match="cannot reach Spotify"):
        client.me()


def test_a_lost_answer_to_a_change_is_maybe_applied(fake_spotify, client):
    fake_spotify.inject(Fault("lost_response", method="POST", path="playlists$"))
    with pytest.raises(MaybeApplied):
        client.create_playlist("Lost", "", public=False)
    assert len(_requests(fake_spotify, "POST", "playlists")) == 1  # never repeated blindly
    assert [p["name"] for p in fake_spotify.playlists.values()] == ["Lost"]  # it did land


def test_a_server_error_on_a_change_is_not_repeated(fake_spotify, client):
    pid = client.create_playlist("Drive", "", public=False)["id"]
    fake_spotify.inject(Fault("500", method="POST", path="items$"))
    with pytest.raises(MaybeApplied):
        client.add_items(pid, _uris(fake_spotify, 3))
    assert len(_requests(fake_spotify, "POST", "items")) == 1


def test_a_cancelled_client_sends_nothing(fake_spotify):
    sign_in_with_fake(fake_spotify)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        signed_in_client(cancel=cancel).me()
    assert fake_spotify.requests == []


def test_no_server_is_a_network_error_even_for_changes(fake_spotify, monkeypatch):
    sign_in_with_fake(fake_spotify)
    monkeypatch.setenv("DRIVE_PLAYLIST_SPOTIFY_API_URL", f"http://127.0.0.1:{free_port()}/v1/")
    client = signed_in_client(**FAST)
    with pytest.raises(NetworkError, match="cannot reach Spotify"):
        client.me()
    # Never connected, so it cannot have landed: retried like a read, not MaybeApplied.
    with pytest.raises(NetworkError):
        client.create_playlist("Nowhere", "", public=False)
    assert client.requests_made == 4 + 4
