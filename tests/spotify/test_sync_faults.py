"""Syncs under every kind of trouble, at every point of a sync, over real HTTP to the fake.

Whatever happens, once the sync has finished (re-running it when the first run stopped
with an error a person can resume from), the remote playlist equals the local list
exactly and there is exactly one playlist.
"""

from __future__ import annotations

import pytest

from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.core.tasks import Cancelled, CancelToken
from app.spotify.auth import signed_in_client
from app.spotify.errors import MaybeApplied, RateLimited, SpotifyError
from app.spotify.sync import MAX_RECOVERIES, sync_playlist
from app.storage.search_cache import SearchCache
from tests.fakespotify import FakeSpotify, Fault
from tests.fakespotify.helpers import FAST, sign_in_with_fake

SIZE = 230  # three write requests: the fault can land on the first, a later one, the last

FAULTS = {
    "429": {"kind": "429", "retry_after": 0},
    "500": {"kind": "500"},
    "502": {"kind": "502"},
    "503": {"kind": "503"},
    "drop": {"kind": "drop"},
    "slow": {"kind": "slow", "delay": 0.05},
    "expired_token": {"kind": "expired_token"},
    "lost_response": {"kind": "lost_response"},
}
POINTS = ["create", "first add", "later add", "replace", "get items"]


def pinned(uri: str) -> PlaylistItem:
    return PlaylistItem(
        title="Fault test item",
        artists=("Test Artist",),
        match=TrackMatch(MatchStatus.CHOSEN, uri=uri),
    )


def make_tracks(fake, n: int) -> list[str]:
    """Generated test tracks (not real music)."""
    return [
        fake.add_track(f"Fault test track {i}", ["Fault Test Artist"], album="Tests", year=2000)[
            "uri"
        ]
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def shared_fake():
    """One server for the whole matrix (starting and stopping one per case costs more than
    the cases); each case counts only the playlists it made."""
    with FakeSpotify() as fake:
        fake.test_uris = make_tracks(fake, SIZE)
        yield fake


class Scene:
    def __init__(self, fake, tmp_path):
        sign_in_with_fake(fake)
        fake.reset_stats()
        self.fake = fake
        self.existing = set(fake.playlists)
        self.cancel = CancelToken()
        self.client = signed_in_client(cancel=self.cancel, **FAST)
        self.cache = SearchCache(tmp_path / "search.sqlite3")
        self.uris = list(fake.test_uris)
        self.playlist = Playlist(name="Fault test", items=[pinned(u) for u in self.uris])

    def mine(self) -> list[dict]:
        return [
            p
            for pid, p in self.fake.playlists.items()
            if pid not in self.existing and p["owner_id"] == self.fake.user["id"]
        ]

    def sync(self, **kw):
        kw.setdefault("cache", self.cache)
        return sync_playlist(self.playlist, self.client, cancel=self.cancel, **kw)

    def sync_to_the_end(self, **kw):
        """Sync; on an error a person could resume from, check its message and run again."""
        try:
            return self.sync(**kw)
        except (MaybeApplied, RateLimited, SpotifyError) as exc:
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message
            assert len(message) < 300
            self.cancel = CancelToken()
            self.client.cancel = self.cancel
            return self.sync(**kw)

    def assert_in_sync(self):
        [only] = self.mine()
        assert only["id"] == self.playlist.remote.id
        local = [i.spotify_uri for i in self.playlist.items if i.spotify_uri]
        assert only["uris"] == local
        # and nothing was taken twice: a write of ours that landed is never an addition
        assert sorted(local) == sorted(set(local)) and set(local) <= set(self.uris)


@pytest.fixture
def scene(shared_fake, tmp_path, monkeypatch):
    monkeypatch.setenv("DRIVE_PLAYLIST_SPOTIFY_API_URL", shared_fake.api_url)
    monkeypatch.setenv("DRIVE_PLAYLIST_SPOTIFY_ACCOUNTS_URL", shared_fake.accounts_url)
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", shared_fake.client_id)
    s = Scene(shared_fake, tmp_path)
    yield s
    s.cache.close()
    assert not shared_fake.pending_faults()  # every planted fault was met


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_at_any_point_ends_in_sync(scene, fault, point):
    spec = dict(FAULTS[fault])
    kind = spec.pop("kind")
    kw = {}
    if point == "create":
        scene.fake.inject(Fault(kind, method="POST", path=r"^me/playlists$", **spec))
    elif point == "first add":
        scene.fake.inject(Fault(kind, method="POST", path=r"playlists/[^/]+/items", **spec))
    elif point == "later add":

        def inject_after_first_write(progress):
            if progress.phase == "write" and progress.done == 1 and not injected:
                injected.append(True)
                scene.fake.inject(Fault(kind, method="POST", path=r"playlists/[^/]+/items", **spec))

        injected: list[bool] = []
        kw["progress"] = inject_after_first_write
    else:
        scene.sync()
        items = scene.playlist.items
        if point == "replace":
            items[0], items[1] = items[1], items[0]  # a reorder: PUT, then POSTs
            scene.fake.inject(Fault(kind, method="PUT", path=r"playlists/[^/]+/items", **spec))
        else:
            items.pop(5)
            # A move made in the Spotify app: the snapshot changed, so the items are read.
            scene.fake.other.move(scene.playlist.remote.id, 0, 3)
            scene.fake.inject(Fault(kind, method="GET", path=r"playlists/[^/]+/items", **spec))

    scene.sync_to_the_end(**kw)

    scene.assert_in_sync()
    if point == "later add":
        assert injected


@pytest.mark.parametrize("stop_after", [0, 1, 2])
def test_cancel_mid_sync_then_finish(scene, stop_after):
    saved = []

    def cancel_after(progress):
        if progress.phase == "write" and progress.done >= stop_after:
            scene.cancel.cancel()

    with pytest.raises(Cancelled):
        scene.sync(
            progress=cancel_after, checkpoint=lambda p: saved.append(p.remote and p.remote.id)
        )
    # The marker, then the id, were handed over before any write.
    assert saved == [None, scene.playlist.remote.id]
    assert len(scene.fake.playlists[saved[1]]["uris"]) == min(SIZE, 100 * stop_after)

    scene.cancel = CancelToken()
    scene.client.cancel = scene.cancel
    result = scene.sync()
    assert not result.created
    scene.assert_in_sync()


def test_writes_that_keep_failing_stop_with_one_line_then_resume(scene):
    scene.fake.inject(
        Fault("500", method="POST", path=r"playlists/[^/]+/items", times=MAX_RECOVERIES + 1)
    )
    with pytest.raises(MaybeApplied) as lost:
        scene.sync()
    assert "\n" not in str(lost.value)
    assert scene.fake.playlists[scene.playlist.remote.id]["uris"] == []

    scene.sync()
    scene.assert_in_sync()


def test_lost_answers_are_learned_from_never_repeated(scene):
    scene.fake.inject(Fault("lost_response", method="POST", path=r"playlists/[^/]+/items", times=3))
    scene.sync()
    scene.assert_in_sync()
    posts = [r for r in scene.fake.requests if r.method == "POST" and r.path.endswith("/items")]
    assert len(posts) == 3  # each landed once; the re-read showed it, so none was sent again


def test_a_long_rate_limit_stops_then_the_next_run_continues(scene):
    scene.client = signed_in_client(cancel=scene.cancel, max_rate_wait=1, **FAST)
    scene.fake.inject(Fault("429", method="POST", path=r"playlists/[^/]+/items", retry_after=3600))
    with pytest.raises(RateLimited) as limited:
        scene.sync()
    assert "again" in str(limited.value) and scene.playlist.remote is not None
    scene.sync()
    scene.assert_in_sync()


def test_a_slow_read_that_times_out_is_retried(scene):
    scene.sync()
    scene.playlist.items.pop()
    scene.fake.other.move(scene.playlist.remote.id, 5, 0)  # so the items are read
    scene.client = signed_in_client(cancel=scene.cancel, requests_timeout=0.3, **FAST)
    scene.fake.inject(Fault("slow", method="GET", path=r"playlists/[^/]+/items", delay=1.0))
    scene.sync(cache=None)
    scene.assert_in_sync()
