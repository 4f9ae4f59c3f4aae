"""A first sync never makes two playlists, even when the create's answer is lost and the
run then dies: the create marker saved before the create lets the next run find it."""

from __future__ import annotations

import pytest

from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.spotify.errors import SpotifyError
from app.spotify.sync import sync_playlist
from app.storage.playlist_file import load_playlist, save_playlist
from tests.fakespotify import Fault


def make_tracks(fake, n: int) -> list[str]:
    """Generated test tracks (not real music)."""
    return [
        fake.add_track(f"Create test track {i}", ["Create Test Artist"], album="T", year=2000)[
            "uri"
        ]
        for i in range(n)
    ]


def playlist_of(uris: list[str]) -> Playlist:
    items = [
        PlaylistItem(title=f"T{i}", artists=("A",), match=TrackMatch(MatchStatus.CHOSEN, uri=u))
        for i, u in enumerate(uris)
    ]
    return Playlist(name="Made once", items=items)


@pytest.mark.parametrize("descriptions", [True, False], ids=["tagged", "no-description"])
def test_lost_create_answer_then_network_down_then_rerun_makes_one(
    fake_spotify, client, tmp_path, descriptions
):
    fake_spotify.list_descriptions = descriptions
    uris = make_tracks(fake_spotify, 150)
    path = tmp_path / "once.yaml"
    save_playlist(playlist_of(uris), path)
    other = fake_spotify.other
    # Someone's older playlist of the same name, which must not be taken for ours.
    older = fake_spotify._library.create_playlist({"name": "Made once", "description": ""})
    other.add(older["id"], [uris[5]])
    playlist = load_playlist(path)

    # The create lands but its answer is lost; then the network goes down.
    fake_spotify.inject(Fault("lost_response", method="POST", path=r"^me/playlists$"))
    fake_spotify.inject(Fault("drop", method="GET", path=r"^me$", times=4))
    with pytest.raises(SpotifyError):
        sync_playlist(playlist, client, checkpoint=lambda p: save_playlist(p, path))
    on_disk = load_playlist(path)
    assert on_disk.remote is None and on_disk.pending_create is not None
    assert len(fake_spotify.own_playlists()) == 2  # ours, made, unknown to the file

    again = load_playlist(path)
    result = sync_playlist(again, client, checkpoint=lambda p: save_playlist(p, path))

    assert len(fake_spotify.own_playlists()) == 2 and again.remote.id != older["id"]
    assert fake_spotify.playlists[again.remote.id]["uris"] == uris
    assert again.pending_create is None and any("interrupted sync" in x for x in result.report)
    assert load_playlist(path).remote.id == again.remote.id


def test_a_prefix_written_before_the_run_died_is_adopted_not_duplicated(
    fake_spotify, client, tmp_path
):
    fake_spotify.list_descriptions = False
    uris = make_tracks(fake_spotify, 150)
    path = tmp_path / "prefix.yaml"
    playlist = playlist_of(uris)
    # The create's answer is lost, the lookup fails: the run dies with the marker saved.
    fake_spotify.inject(Fault("lost_response", method="POST", path=r"^me/playlists$"))
    fake_spotify.inject(Fault("500", method="GET", path=r"^me/playlists$", times=4))
    with pytest.raises(SpotifyError):
        sync_playlist(playlist, client, checkpoint=lambda p: save_playlist(p, path))
    [made] = fake_spotify.own_playlists()
    fake_spotify.other.add(made["id"], uris[:100])  # as if a first write had landed

    again = load_playlist(path)
    sync_playlist(again, client)

    assert [p["id"] for p in fake_spotify.own_playlists()] == [made["id"]] == [again.remote.id]
    assert fake_spotify.playlists[made["id"]]["uris"] == uris
    assert [i.spotify_uri for i in again.items] == uris  # nothing taken twice
