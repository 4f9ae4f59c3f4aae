"""Playback commands and cover uploads against the fake Spotify, checked against the spec."""

from __future__ import annotations

import base64

import pytest

from app.spotify.auth import signed_in_client
from app.spotify.config import COVER_SCOPES, PLAYBACK_SCOPES
from app.spotify.errors import NetworkError, PlaylistGone
from app.spotify.player import (
    POLL_PAUSED,
    DeviceRestricted,
    NoActiveDevice,
    NotAvailable,
    PlaybackScopeMissing,
    Player,
    PlayRequest,
    PremiumRequired,
    check_playback_scopes,
    find_device,
    next_poll,
)
from app.spotify.playlist_cover import (
    MAX_PAYLOAD,
    CoverRefused,
    CoverScopeMissing,
    check_cover_scopes,
    upload_cover,
)
from tests.fakespotify.accounts import DEFAULT_SCOPE
from tests.fakespotify.catalogue import drive_answer_uri
from tests.fakespotify.helpers import FAST, sign_in_with_fake
from tests.fakespotify.openapi_check import all_problems, deviations, openapi_or_skip

FULL_SCOPE = " ".join([DEFAULT_SCOPE, *PLAYBACK_SCOPES, *COVER_SCOPES])
HERO = drive_answer_uri("A Real Hero")
NIGHTCALL = drive_answer_uri("Nightcall")


@pytest.fixture
def player(fake_spotify):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    return Player(signed_in_client(**FAST))


def test_devices_play_pause_skip_and_state_follow_the_spec(player, fake_spotify):
    assert player.state() is None  # idle: 204
    phone = fake_spotify.player.add_device("Pocket Phone", "Smartphone")
    laptop = fake_spotify.player.add_device("Laptop", active=True)
    devices = player.devices()
    assert [d.name for d in devices] == ["Pocket Phone", "Laptop"]
    assert [d.is_active for d in devices] == [False, True]

    player.play(PlayRequest(uris=(HERO, NIGHTCALL)))
    playing = player.state()
    assert playing.uri == HERO and playing.is_playing and playing.title.startswith("A Real Hero")
    assert playing.device.name == "Laptop" and playing.duration_ms > 0
    player.next()
    assert player.state().uri == NIGHTCALL
    player.previous()
    player.pause()
    paused = player.state()
    assert paused.uri == HERO and not paused.is_playing
    assert next_poll(paused) == POLL_PAUSED and next_poll(None) is None
    player.resume()
    assert player.state().is_playing

    player.transfer(find_device(player.devices(), "pocket"))
    assert fake_spotify.player.active.id == phone.id != laptop.id
    assert fake_spotify.requests[-1].body == {"device_ids": [phone.id], "play": True}

    spec = openapi_or_skip()
    assert all_problems(fake_spotify.requests, spec) == []
    assert deviations(fake_spotify.requests) == []


def test_a_synced_playlist_plays_as_its_context(player, fake_spotify):
    fake_spotify.player.add_device("Laptop", active=True)
    playlist = player.client.create_playlist("Drive", "", False)
    player.client.add_items(playlist["id"], [NIGHTCALL, HERO])
    context = f"spotify:playlist:{playlist['id']}"
    player.play(PlayRequest(context_uri=context, offset_uri=HERO))
    playing = player.state()
    assert (playing.uri, playing.context_uri) == (HERO, context)
    assert all_problems(fake_spotify.requests) == []


def test_each_refusal_is_its_own_error_and_the_spec_check_names_deviations(player, fake_spotify):
    with pytest.raises(NoActiveDevice, match="Open Spotify on your phone or computer"):
        player.play(PlayRequest(uris=(HERO,)))
    speaker = fake_spotify.player.add_device("Hotel Speaker", "Speaker", restricted=True)
    with pytest.raises(DeviceRestricted, match="Hotel Speaker"):
        player.play(PlayRequest(uris=(HERO,)), device=find_device(player.devices(), "hotel"))
    fake_spotify.player.add_device("Laptop", active=True)
    fake_spotify.player.unavailable.add(HERO)
    with pytest.raises(NotAvailable, match="not available in your market"):
        player.play(PlayRequest(uris=(HERO,)))
    fake_spotify.player.premium = False
    with pytest.raises(PremiumRequired, match="Premium"):
        player.play(PlayRequest(uris=(NIGHTCALL,)))
    with pytest.raises(PremiumRequired):
        player.next()
    assert speaker.id not in [r.query.get("device_id") for r in fake_spotify.requests]
    assert all_problems(fake_spotify.requests) == []
    assert deviations(fake_spotify.requests) == [
        "PUT /v1/me/player/play -> 404: NO_ACTIVE_DEVICE (or an unknown device) from a "
        "player command"
    ]


def test_currently_playing_answers_204_when_idle_as_a_known_deviation(fake_spotify):
    import requests

    token = fake_spotify.grant_token(scope=FULL_SCOPE + " user-read-currently-playing")
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    answer = requests.get(fake_spotify.api_url + "me/player/currently-playing", headers=headers)
    assert answer.status_code == 204 and answer.content == b""
    fake_spotify.player.add_device("Laptop", active=True)
    fake_spotify.player.play_now(HERO, progress_ms=1000)
    answer = requests.get(fake_spotify.api_url + "me/player/currently-playing", headers=headers)
    assert answer.json()["item"]["uri"] == HERO and answer.json()["progress_ms"] >= 1000
    assert all_problems(fake_spotify.requests) == []
    assert deviations(fake_spotify.requests) == [
        "GET /v1/me/player/currently-playing -> 204: 204 when nothing plays"
    ]


def test_an_older_sign_in_lacks_the_playback_and_cover_scopes(fake_spotify):
    sign_in_with_fake(fake_spotify)  # playlists only, as before playback existed
    with pytest.raises(PlaybackScopeMissing) as missing:
        check_playback_scopes()
    assert missing.value.scopes == list(PLAYBACK_SCOPES)
    assert "sign in again" in str(missing.value)
    with pytest.raises(CoverScopeMissing):
        check_cover_scopes()
    # Spotify itself refuses too, and that is told the same way.
    fake_spotify.player.add_device("Laptop", active=True)
    with pytest.raises(PlaybackScopeMissing):
        Player(signed_in_client(**FAST)).play(PlayRequest(uris=(HERO,)))
    # The same sign-in still works for playlists.
    assert signed_in_client(**FAST).me()["id"] == fake_spotify.user["id"]


def test_offline_is_a_network_error(player, fake_spotify):
    fake_spotify.stop()
    with pytest.raises(NetworkError):
        player.state()


def _jpeg(size: int) -> bytes:
    return b"\xff\xd8\xff\xe0" + bytes(size - 6) + b"\xff\xd9"


def test_cover_upload_sends_base64_jpeg_once(player, fake_spotify):
    playlist = player.client.create_playlist("Drive", "", False)
    jpeg = _jpeg(20_000)
    upload_cover(player.client, playlist["id"], jpeg)
    assert fake_spotify.player.covers[playlist["id"]] == jpeg
    (sent,) = [r for r in fake_spotify.requests if r.path.endswith("/images")]
    assert sent.headers["Content-Type"] == "image/jpeg"
    assert base64.b64decode(sent.raw_body) == jpeg and sent.status == 202
    assert all_problems(fake_spotify.requests) == []

    with pytest.raises(ValueError, match="256"):
        upload_cover(player.client, playlist["id"], _jpeg(MAX_PAYLOAD))  # too big as base64
    with pytest.raises(ValueError, match="JPEG"):
        upload_cover(player.client, playlist["id"], b"\x89PNG....")
    with pytest.raises(PlaylistGone):
        upload_cover(player.client, "fakeplnosuchplaylist00", jpeg)


def test_a_rate_limited_cover_upload_says_so_at_once(player, fake_spotify):
    from tests.fakespotify import Fault

    playlist = player.client.create_playlist("Drive", "", False)
    fake_spotify.inject(Fault("429", method="PUT", path="images$", retry_after=30))
    with pytest.raises(CoverRefused, match="30 s"):
        upload_cover(player.client, playlist["id"], _jpeg(1000))
    assert fake_spotify.count("PUT", f"playlists/{playlist['id']}/images") == 1


def test_the_next_look_is_timed_from_the_track_s_progress():
    from app.spotify.player import POLL_PLAYING, Playing

    def playing(progress_ms, duration_ms=200_000, is_playing=True):
        return Playing("spotify:track:x", "T", ("A",), None, None, progress_ms, duration_ms,
                       is_playing, None, None)  # fmt: skip

    assert next_poll(playing(0)) == POLL_PLAYING  # mid-track: every few seconds
    assert next_poll(playing(198_000)) == pytest.approx(2.5)  # just after it ends
    assert next_poll(playing(199_900)) == 1.0  # never a busy loop
    assert next_poll(playing(1000, is_playing=False)) == POLL_PAUSED
