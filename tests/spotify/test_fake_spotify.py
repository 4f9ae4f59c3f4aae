"""The fake Spotify behaves like the real service where the program depends on it.

Driven with plain ``requests`` and with spotipy itself, over real HTTP on 127.0.0.1, and
checked against Spotify's OpenAPI description.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import spotipy

from app.storage.dossier_file import load_dossier
from tests.fakespotify import FakeSpotify, Fault
from tests.fakespotify.catalogue import (
    DRIVE_ANSWERS,
    TRIBUTE_ARTIST,
    drive_answer_uri,
    drive_catalogue,
    generated_catalogue,
)
from tests.fakespotify.openapi_check import all_problems, openapi_or_skip

REDIRECT = "http://127.0.0.1:9/callback"  # never contacted: the test reads the redirect
VERIFIER = "a-test-verifier-that-is-long-enough-for-pkce-0123456789"


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(fake, **overrides) -> dict:
    params = {
        "client_id": fake.client_id,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "state": "s-123",
        "code_challenge": challenge(VERIFIER),
        "code_challenge_method": "S256",
        "scope": "playlist-modify-private playlist-read-private",
        **overrides,
    }
    answer = requests.get(fake.accounts_url + "authorize", params=params, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    assert location.geturl().startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def token(fake, **form) -> requests.Response:
    return requests.post(fake.accounts_url + "api/token", data=form, timeout=5)


def exchange(fake, code, verifier=VERIFIER, redirect_uri=REDIRECT) -> requests.Response:
    return token(
        fake,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect_uri,
        client_id=fake.client_id,
        code_verifier=verifier,
    )


class Api:
    """Plain HTTP to the fake's API with one token."""

    def __init__(self, fake, access_token=None):
        self.fake = fake
        self.session = requests.Session()
        access_token = access_token or fake.grant_token()["access_token"]
        self.session.headers["Authorization"] = f"Bearer {access_token}"

    def __call__(self, method, path, **kw) -> requests.Response:
        return self.session.request(method, self.fake.api_url + path, timeout=5, **kw)

    def ok(self, method, path, status=200, **kw):
        answer = self(method, path, **kw)
        assert answer.status_code == status, answer.text
        return answer.json() if answer.content else None


@pytest.fixture
def api(fake_spotify):
    return Api(fake_spotify)


def spotipy_for(fake) -> spotipy.Spotify:
    sp = spotipy.Spotify(auth=fake.grant_token()["access_token"], requests_timeout=5, retries=0)
    sp.prefix = fake.api_url
    return sp


def error_of(answer: requests.Response) -> tuple[int, str]:
    body = answer.json()["error"]
    assert body["status"] == answer.status_code
    return answer.status_code, body["message"]


# --- sign-in ---------------------------------------------------------------------------


def test_pkce_sign_in_then_refresh(fake_spotify):
    back = authorize(fake_spotify)
    assert back["state"] == "s-123" and back["code"]
    granted = exchange(fake_spotify, back["code"])
    assert granted.status_code == 200, granted.text
    info = granted.json()
    assert info["token_type"] == "Bearer" and info["expires_in"] == 3600
    assert info["scope"] == "playlist-modify-private playlist-read-private"
    assert Api(fake_spotify, info["access_token"]).ok("GET", "me")["id"] == "drive-fan"

    again = token(
        fake_spotify,
        grant_type="refresh_token",
        refresh_token=info["refresh_token"],
        client_id=fake_spotify.client_id,
    )
    assert again.status_code == 200, again.text
    fresh = again.json()
    assert fresh["access_token"] != info["access_token"] and fresh["scope"] == info["scope"]
    assert Api(fake_spotify, fresh["access_token"]).ok("GET", "me")["display_name"] == "Drive Fan"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"verifier": "not-the-verifier-that-made-the-challenge-0123456789"}, "invalid_grant"),
        ({"verifier": ""}, "invalid_grant"),
        ({"redirect_uri": "http://127.0.0.1:9/elsewhere"}, "invalid_grant"),
    ],
)
def test_a_wrong_verifier_or_redirect_is_refused(fake_spotify, change, error):
    code = authorize(fake_spotify)["code"]
    refused = exchange(fake_spotify, code, **change)
    assert refused.status_code == 400
    assert refused.json()["error"] == error and refused.json()["error_description"]
    # A code is spent by its first use, right or wrong.
    assert exchange(fake_spotify, code).json()["error"] == "invalid_grant"


def test_only_the_fake_client_id_and_known_grants_are_accepted(fake_spotify):
    answer = requests.get(
        fake_spotify.accounts_url + "authorize",
        params={"client_id": "someone-elses-app", "redirect_uri": REDIRECT},
        allow_redirects=False,
    )
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_client"
    code = authorize(fake_spotify)["code"]
    stranger = token(
        fake_spotify,
        grant_type="authorization_code",
        code=code,
        redirect_uri=REDIRECT,
        client_id="x",
        code_verifier=VERIFIER,
    )
    assert stranger.status_code == 400 and stranger.json()["error"] == "invalid_client"
    bad_refresh = token(
        fake_spotify,
        grant_type="refresh_token",
        refresh_token="nope",
        client_id=fake_spotify.client_id,
    )
    assert bad_refresh.json()["error"] == "invalid_grant"
    odd = token(fake_spotify, grant_type="client_credentials", client_id=fake_spotify.client_id)
    assert odd.json()["error"] == "unsupported_grant_type"


def test_a_person_can_refuse_once(fake_spotify):
    fake_spotify.deny_next_authorize = True
    assert authorize(fake_spotify) == {"error": "access_denied", "state": "s-123"}
    assert "code" in authorize(fake_spotify)


def test_spotipy_signs_in_through_the_fake(fake_spotify):
    auth = spotipy.SpotifyPKCE(
        client_id=fake_spotify.client_id,
        redirect_uri=REDIRECT,
        scope="playlist-modify-private",
        cache_handler=spotipy.MemoryCacheHandler(),
        open_browser=False,
    )
    auth.OAUTH_AUTHORIZE_URL = fake_spotify.accounts_url + "authorize"
    auth.OAUTH_TOKEN_URL = fake_spotify.accounts_url + "api/token"
    redirect = requests.get(auth.get_authorize_url(), allow_redirects=False).headers["Location"]
    code = auth.parse_response_code(redirect)
    access = auth.get_access_token(code=code, check_cache=False)
    assert auth.validate_token(auth.cache_handler.get_cached_token())  # it has its scope
    sp = spotipy.Spotify(auth=access, requests_timeout=5, retries=0)
    sp.prefix = fake_spotify.api_url
    assert sp.current_user()["id"] == "drive-fan"
    assert [r.path for r in fake_spotify.requests] == ["me/"]  # spotipy's trailing slash


# --- tokens ------------------------------------------------------------------------------


def test_api_requests_need_a_live_token_of_this_fake(fake_spotify):
    plain = requests.get(fake_spotify.api_url + "me", timeout=5)
    assert error_of(plain) == (401, "Invalid access token")
    assert error_of(Api(fake_spotify, "made-up")("GET", "me")) == (401, "Invalid access token")
    lapsed = Api(fake_spotify, fake_spotify.grant_token(expires_in=0)["access_token"])
    assert error_of(lapsed("GET", "me")) == (401, "The access token expired")
    live = Api(fake_spotify)
    assert live("GET", "me").status_code == 200
    fake_spotify.expire_all_tokens()
    assert error_of(live("GET", "me")) == (401, "The access token expired")
    assert Api(fake_spotify)("GET", "me").status_code == 200  # tokens issued later work
    assert [r.status for r in fake_spotify.requests] == [401, 401, 401, 200, 401, 200]


def test_grant_token_looks_like_spotipys_cache(fake_spotify):
    info = fake_spotify.grant_token(scope="playlist-read-private", expires_in=120)
    assert set(info) >= {
        "access_token",
        "token_type",
        "expires_in",
        "expires_at",
        "refresh_token",
        "scope",
    }
    assert info["scope"] == "playlist-read-private" and info["expires_in"] == 120


# --- search ------------------------------------------------------------------------------


def names(found: dict) -> list[tuple[str, str]]:
    return [
        (t["name"], ", ".join(a["name"] for a in t["artists"])) for t in found["tracks"]["items"]
    ]


def search(api, q, **params):
    return api.ok("GET", "search", params={"q": q, "type": "track", "limit": 10, **params})


def test_field_filters_narrow_the_search(api):
    assert names(search(api, 'track:"Nightcall" artist:"Kavinsky"')) == [
        ("Nightcall", "Kavinsky, Lovefoxxx"),
        ("Nightcall - Test Remix", "Kavinsky, Lovefoxxx"),
        ("Nightcall - Live", "Kavinsky, Lovefoxxx"),
    ]
    tribute = search(api, f'track:nightcall artist:"{TRIBUTE_ARTIST}"')
    assert names(tribute) == [("Nightcall", TRIBUTE_ARTIST)]
    hero = search(api, 'track:"a real hero" artist:college album:drive year:2011')
    assert names(hero) == [("A Real Hero (feat. Electric Youth)", "College, Electric Youth")]
    assert search(api, "track:Autobahn year:1970-1979")["tracks"]["total"] == 2
    assert search(api, "track:Autobahn year:1980")["tracks"]["total"] == 0
    isrc = api.fake.tracks[DRIVE_ANSWERS["Hammer"]]["external_ids"]["isrc"]
    assert names(search(api, f"isrc:{isrc}")) == [("Hammer", "Cliff Martinez")]


def test_matching_ignores_case_accents_apostrophes_and_ampersands(api):
    deluxe = search(api, 'track:"where\'s the deluxe version"')
    assert ("Where’s the Deluxe Version?", "Cliff Martinez") in names(deluxe)
    good = search(api, 'track:"WOULDN\'T IT BE GOOD" artist:"danny hutton"')
    assert ("Wouldn’t It Be Good", "Danny Hutton Hitters") in names(good)
    horses = search(api, 'track:"Bring On the Dancing Horses" artist:"Echo & the Bunnymen"')
    assert ("Bring On the Dancing Horses", "Echo and the Bunnymen") in names(horses)
    api.fake.add_track("Café Nöir", ["Test Accents"])
    assert names(search(api, "cafe noir"))[0] == ("Café Nöir", "Test Accents")
    assert search(api, 'artist:"The Chromatics"')["tracks"]["total"] == 0  # Spotify: no "The"
    assert names(search(api, "artist:chromatics track:tick"))[0][1] == "Chromatics"


def test_search_pages_and_limits(api):
    first = api.ok("GET", "search", params={"q": "tribute", "type": "track"})["tracks"]
    assert first["limit"] == 5 and first["offset"] == 0 and first["previous"] is None
    total = first["total"]
    assert total > 10
    seen, page = [], api.ok("GET", "search", params={"q": "tribute", "type": "track", "limit": 10})
    while True:
        tracks = page["tracks"]
        seen += [t["id"] for t in tracks["items"]]
        if not tracks["next"]:
            break
        page = api.session.get(tracks["next"], timeout=5).json()
    assert len(seen) == len(set(seen)) == total
    for limit in (11, 0, "ten"):
        refused = api("GET", "search", params={"q": "x", "type": "track", "limit": limit})
        assert error_of(refused) == (400, "Invalid limit")
    assert api("GET", "search", params={"q": "x"}).status_code == 400  # no type
    assert api("GET", "search", params={"type": "track"}).status_code == 400  # no q
    market = api.ok("GET", "search", params={"q": "hammer", "type": "track", "market": "SE"})
    assert market["tracks"]["total"] >= 1
    assert (
        api("GET", "search", params={"q": "x", "type": "track", "market": "Sweden"}).status_code
        == 400
    )


# --- playlists ---------------------------------------------------------------------------


def uris(fake, n, start=0):
    return [t["uri"] for t in list(fake.tracks.values())[start : start + n]]


def test_playlist_lifecycle(fake_spotify, api):
    made = api.ok(
        "POST", "me/playlists", 201, json={"name": "Drive", "public": False, "description": "test"}
    )
    pid = made["id"]
    assert made["owner"]["id"] == "drive-fan" and made["items"]["total"] == 0
    state = fake_spotify.playlists[pid]
    assert (state["name"], state["public"], state["uris"]) == ("Drive", False, [])
    snapshots = [made["snapshot_id"]]

    def changed(answer):
        snapshots.append(answer["snapshot_id"])
        return answer

    first, more = uris(fake_spotify, 3), uris(fake_spotify, 2, start=10)
    changed(api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": first}))
    changed(api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": more, "position": 1}))
    assert fake_spotify.playlists[pid]["uris"] == [first[0], *more, *first[1:]]

    page = api.ok("GET", f"playlists/{pid}/items", params={"limit": 2})
    assert page["total"] == 5 and len(page["items"]) == 2 and page["next"]
    entry = page["items"][0]
    assert entry["item"] == entry["track"] == fake_spotify.tracks[first[0].split(":")[-1]]
    assert entry["is_local"] is False and entry["added_at"].endswith("Z")
    rest = api.session.get(page["next"], timeout=5).json()
    assert [e["item"]["uri"] for e in rest["items"]] == [more[1], first[1]]

    assert api.ok("PUT", f"playlists/{pid}", json={"name": "Drive (2011)", "public": True}) is None
    got = api.ok("GET", f"playlists/{pid}")
    assert (got["name"], got["public"], got["description"]) == ("Drive (2011)", True, "test")
    snapshots.append(got["snapshot_id"])

    changed(api.ok("PUT", f"playlists/{pid}/items", json={"uris": first + first}))
    changed(api.ok("DELETE", f"playlists/{pid}/items", json={"items": [{"uri": first[0]}]}))
    assert fake_spotify.playlists[pid]["uris"] == first[1:] * 2  # every occurrence removed
    changed(
        api.ok(
            "DELETE",
            f"playlists/{pid}/items",
            json={"tracks": [{"uri": first[1]}], "snapshot_id": snapshots[-1]},
        )
    )
    assert fake_spotify.playlists[pid]["uris"] == [first[2]] * 2
    assert len(set(snapshots)) == len(snapshots) == 7
    assert snapshots[-1] == fake_spotify.playlists[pid]["snapshot_id"]


def test_bad_writes_are_refused(fake_spotify, api):
    pid = api.ok("POST", "me/playlists", 201, json={"name": "Drive"})["id"]
    items = f"playlists/{pid}/items"
    some = uris(fake_spotify, 2)
    assert error_of(api("POST", items, json=some))[0] == 400  # spotipy's bare array
    assert error_of(api("POST", items, json={"uris": some * 51}))[0] == 400  # 102 URIs
    assert error_of(api("PUT", items, json={"uris": some * 51}))[0] == 400
    assert error_of(api("POST", items, json={"uris": ["spotify:track:nothere"]}))[0] == 400
    assert error_of(api("POST", items, json={"uris": some, "position": 9}))[0] == 400
    assert error_of(api("POST", "me/playlists", json={"public": False}))[0] == 400
    assert fake_spotify.playlists[pid]["uris"] == []


def test_old_routes_foreign_and_deleted_playlists(fake_spotify, api):
    mine = api.ok("POST", "me/playlists", 201, json={"name": "Mine"})["id"]
    theirs = api.ok("POST", "me/playlists", 201, json={"name": "Theirs"})["id"]
    gone = api.ok("POST", "me/playlists", 201, json={"name": "Gone"})["id"]
    fake_spotify.set_owner(theirs, "someone-else")
    fake_spotify.delete_playlist(gone)
    some = {"uris": uris(fake_spotify, 1)}

    assert api("POST", "users/drive-fan/playlists", json={"name": "x"}).status_code == 403
    assert api("POST", f"playlists/{mine}/tracks", json=some).status_code == 403
    assert api("GET", f"playlists/{mine}/tracks").status_code == 403
    assert api("POST", f"playlists/{theirs}/items", json=some).status_code == 403
    assert api("PUT", f"playlists/{theirs}", json={"name": "x"}).status_code == 403
    assert api("GET", f"playlists/{theirs}/items").status_code == 403
    assert "items" not in api.ok("GET", f"playlists/{theirs}")  # readable, contents hidden
    for method, path in (("GET", ""), ("PUT", ""), ("GET", "/items"), ("POST", "/items")):
        assert api(method, f"playlists/{gone}{path}", json=some).status_code == 404
    assert api("GET", "nothing/here").status_code == 404
    assert [p["name"] for p in api.ok("GET", "me/playlists")["items"]] == ["Mine"]


# --- faults ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["429", "500", "502", "503"])
def test_error_faults_answer_then_wear_off(fake_spotify, api, kind):
    fake_spotify.inject(Fault(kind, method="GET", path="^me$", times=2, retry_after=7))
    assert api("POST", "me/playlists", json={"name": "x"}).status_code == 201  # other method
    for _ in range(2):
        answer = api("GET", "me")
        assert error_of(answer)[0] == int(kind)
        assert answer.headers.get("Retry-After") == ("7" if kind == "429" else None)
    assert api("GET", "me").status_code == 200
    assert fake_spotify.pending_faults() == []


def test_drop_closes_without_an_answer(fake_spotify, api):
    fake_spotify.inject(Fault("drop", path="^search$"))
    with pytest.raises(requests.ConnectionError):
        api("GET", "search", params={"q": "hammer", "type": "track"})
    assert api("GET", "search", params={"q": "hammer", "type": "track"}).status_code == 200
    dropped, answered = fake_spotify.requests
    assert (dropped.answered, dropped.status) == (False, None) and answered.status == 200


def test_lost_response_still_makes_the_change(fake_spotify, api):
    fake_spotify.inject(Fault("lost_response", method="POST", path="playlists$"))
    with pytest.raises(requests.ConnectionError):
        api("POST", "me/playlists", json={"name": "Lost"})
    assert [p["name"] for p in fake_spotify.playlists.values()] == ["Lost"]
    [lost] = fake_spotify.requests
    assert (lost.status, lost.answered) == (201, False)


def test_slow_and_expired_token_faults(fake_spotify, api):
    fake_spotify.inject(Fault("slow", path="^me$", delay=0.01))
    fake_spotify.inject(Fault("expired_token", path="^me$"))
    assert api("GET", "me").status_code == 200  # slow, then answered normally
    assert error_of(api("GET", "me")) == (401, "The access token expired")
    assert api("GET", "me").status_code == 200  # the same token works again
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("teapot")


def test_latency_and_counts(fake_spotify, api):
    fake_spotify.latency = 0.001
    api("GET", "me")
    api("GET", "search", params={"q": "hammer", "type": "track"})
    api("POST", "me/playlists", json={"name": "x"})
    assert fake_spotify.count() == 3 and fake_spotify.count("get") == 2
    assert fake_spotify.count(path_prefix="me") == 2
    assert fake_spotify.max_in_flight == 1
    fake_spotify.reset_stats()
    assert fake_spotify.count() == 0 and fake_spotify.max_in_flight == 0


def test_four_clients_at_once_lose_nothing(fake_spotify):
    api = Api(fake_spotify)
    pid = api.ok("POST", "me/playlists", 201, json={"name": "Shared"})["id"]
    pool = uris(fake_spotify, 100)
    snapshots, failures = [], []
    start = threading.Barrier(4)

    def client(part: int) -> None:
        mine = Api(fake_spotify)
        start.wait(timeout=10)
        for uri in pool[part::4]:
            answer = mine("POST", f"playlists/{pid}/items", json={"uris": [uri]})
            if answer.status_code != 201:
                failures.append(answer.text)
            else:
                snapshots.append(answer.json()["snapshot_id"])
            if mine("GET", "search", params={"q": "drive", "type": "track"}).status_code != 200:
                failures.append("search")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert sorted(fake_spotify.playlists[pid]["uris"]) == sorted(pool)
    assert len(set(snapshots)) == 100
    assert 1 <= fake_spotify.max_in_flight <= 4
    assert fake_spotify.count() == 1 + 200


def test_a_fake_can_be_used_as_a_context_manager():
    with FakeSpotify() as fake:
        assert fake.api_url == fake.accounts_url + "v1/"
        assert fake.api_url.startswith("http://127.0.0.1:")
        assert Api(fake)("GET", "me").status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(fake.api_url + "me", timeout=5)


# --- OpenAPI -----------------------------------------------------------------------------


def test_normal_answers_agree_with_the_openapi_description(fake_spotify, api):
    spec = openapi_or_skip()
    api.ok("GET", "me")
    search(api, 'track:"Nightcall" artist:"Kavinsky"')
    pid = api.ok("POST", "me/playlists", 201, json={"name": "Drive", "public": False})["id"]
    api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": uris(fake_spotify, 3)})
    api.ok(
        "POST", f"playlists/{pid}/items", 201, json={"uris": uris(fake_spotify, 1), "position": 0}
    )
    api.ok("GET", f"playlists/{pid}/items", params={"limit": 2, "offset": 1})
    api.ok("GET", f"playlists/{pid}/items", params={"limit": 50, "additional_types": "episode"})
    api.ok(
        "PUT",
        f"playlists/{pid}/items",
        json={"range_start": 0, "insert_before": 3, "range_length": 2},
    )
    api.ok("GET", f"playlists/{pid}", params={"fields": "snapshot_id,items.total"})
    api.ok("PUT", f"playlists/{pid}/items", json={"uris": uris(fake_spotify, 2)})
    api.ok("DELETE", f"playlists/{pid}/items", json={"items": [{"uri": uris(fake_spotify, 1)[0]}]})
    api.ok("PUT", f"playlists/{pid}", json={"description": "made by a test"})
    api.ok("GET", f"playlists/{pid}")
    api.ok("GET", "me/playlists")
    assert all_problems(fake_spotify.requests, spec) == []


def test_spotipy_calls_agree_except_its_known_quirks(fake_spotify):
    spec = openapi_or_skip()
    sp = spotipy_for(fake_spotify)
    sp.search('track:"A Real Hero" artist:College', limit=10, type="track")
    pid = sp.current_user_playlist_create("Drive", public=False, description="test")["id"]
    sp._post(f"playlists/{pid}/items", payload={"uris": uris(fake_spotify, 3)})
    sp.playlist_items(pid, limit=50)
    sp.playlist(pid)
    sp.playlist_change_details(pid, name="Drive (2011)")
    sp._put(f"playlists/{pid}/items", payload={"uris": uris(fake_spotify, 2)})
    sp._delete(f"playlists/{pid}/items", payload={"items": [{"uri": uris(fake_spotify, 1)[0]}]})
    assert all_problems(fake_spotify.requests, spec) == []

    fake_spotify.reset_stats()
    sp.current_user()  # asks for "me/"
    with pytest.raises(spotipy.SpotifyException) as bare:
        sp.playlist_add_items(pid, uris(fake_spotify, 1))  # sends a bare JSON array
    assert bare.value.http_status == 400
    quirks = all_problems(fake_spotify.requests, spec)
    assert any(q.startswith("GET /v1/me/: request:") and "not found" in q for q in quirks)
    assert any(q.startswith(f"POST /v1/playlists/{pid}/items: request:") for q in quirks)


def test_error_answers_have_spotifys_shape(fake_spotify, api):
    spec = openapi_or_skip()
    fake_spotify.inject(Fault("429", path="^search$", retry_after=3))
    search_429 = api("GET", "search", params={"q": "x", "type": "track"})
    unauthorised = Api(fake_spotify, "made-up")("GET", "me")
    assert (search_429.status_code, unauthorised.status_code) == (429, 401)
    assert all_problems(fake_spotify.requests, spec) == []


# --- the catalogue -----------------------------------------------------------------------


def test_every_dossier_track_has_a_right_answer_and_decoys():
    dossier = load_dossier()
    titles = {t.title for t in dossier.tracks}
    assert titles == set(DRIVE_ANSWERS)
    assert len(titles) == 30  # 19 album tracks, Autobahn, 10 Pretty in Pink songs
    rows = drive_catalogue()
    ids = [r["track_id"] for r in rows]
    assert len(ids) == len(set(ids)) and all(i.startswith("fake") for i in ids)
    for title, answer in DRIVE_ANSWERS.items():
        right = next(r for r in rows if r["track_id"] == answer)
        plain = title.replace("'", "’").casefold()
        twins = [
            r
            for r in rows
            if plain.split()[0].strip(",?") in r["title"].casefold() and r is not right
        ]
        assert twins, f"no decoy for {title}"
        assert drive_answer_uri(title) == f"spotify:track:{answer}"
    assert sum(r["artists"] == [TRIBUTE_ARTIST] for r in rows) == 19


def test_the_right_answer_is_findable_by_its_dossier_title(api):
    dossier = load_dossier()
    for track in dossier.tracks:
        found = search(api, f'track:"{track.title}"')["tracks"]
        ids = [t["id"] for t in found["items"]]
        assert DRIVE_ANSWERS[track.title] in ids, track.title


def test_generated_catalogues_are_deterministic_and_distinct():
    one, same, other = (
        generated_catalogue(300, 1),
        generated_catalogue(300, 1),
        generated_catalogue(300, 2),
    )
    assert one == same and one.tracks != other.tracks
    assert len(one.items) == len(one.uris) == 300
    assert len({i["title"] for i in one.items}) == 300
    ids = [t["track_id"] for t in one.tracks]
    assert len(ids) == len(set(ids))
    assert 2 * 300 <= len(one.tracks) <= 4 * 300  # 1-3 decoys each
    with FakeSpotify() as fake:
        fake.load_catalogue(one.tracks)
        item = one.items[42]
        found = Api(fake).ok(
            "GET",
            "search",
            params={
                "q": f'track:"{item["title"]}" artist:"{item["artists"][0]}"',
                "type": "track",
                "limit": 10,
            },
        )
        assert one.uris[42] in [t["uri"] for t in found["tracks"]["items"]]
        got = fake.tracks[one.uris[42].split(":")[-1]]
        assert got["duration_ms"] == item["duration"] * 1000


# --- editing in place, as the real playlist endpoints do ----------------------------------


def test_moves_keep_added_at_inserts_and_replaces_renew_it(fake_spotify, api):
    pid = api.ok("POST", "me/playlists", 201, json={"name": "Dates"})["id"]
    some = uris(fake_spotify, 4)
    first = api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": some[:3]})["snapshot_id"]
    dates = dict(zip(some[:3], fake_spotify.added_at(pid), strict=True))
    moved = api.ok(
        "PUT",
        f"playlists/{pid}/items",
        json={"range_start": 0, "insert_before": 3, "range_length": 1, "snapshot_id": first},
    )["snapshot_id"]
    assert moved != first and fake_spotify.playlists[pid]["uris"] == [some[1], some[2], some[0]]
    assert fake_spotify.added_at(pid) == [dates[some[1]], dates[some[2]], dates[some[0]]]
    api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": [some[3]], "position": 1})
    after = fake_spotify.added_at(pid)
    assert after[0] == dates[some[1]] and after[1] not in dates.values()
    api.ok("PUT", f"playlists/{pid}/items", json={"uris": some[:2]})
    assert not set(fake_spotify.added_at(pid)) & set(after)  # a replace dates everything anew
    page = api.ok("GET", f"playlists/{pid}/items")
    assert [e["added_at"] for e in page["items"]] == fake_spotify.added_at(pid)


def test_playlist_reads_carry_the_first_page_and_honour_fields(fake_spotify, api):
    pid = api.ok("POST", "me/playlists", 201, json={"name": "Long"})["id"]
    pool = uris(fake_spotify, 100)
    for start in range(0, 120, 40):
        batch = [pool[(start + i) % 100] for i in range(40)]
        api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": batch})
    whole = api.ok("GET", f"playlists/{pid}")
    assert whole["items"]["total"] == 120 and len(whole["items"]["items"]) == 100
    assert whole["items"]["next"]
    brief = api.ok("GET", f"playlists/{pid}", params={"fields": "snapshot_id,items.total"})
    assert brief == {"snapshot_id": whole["snapshot_id"], "items": {"total": 120}}
    page = api.ok(
        "GET",
        f"playlists/{pid}/items",
        params={"offset": 100, "limit": 50, "fields": "items(item(uri)),total,next"},
    )
    assert page["total"] == 120 and page["next"] is None
    assert [e["item"]["uri"] for e in page["items"]] == fake_spotify.playlists[pid]["uris"][100:]
    assert api("GET", f"playlists/{pid}/items", params={"limit": 51}).status_code == 400
    assert api("GET", f"playlists/{pid}", params={"fields": "items(!name"}).status_code == 400


def test_the_other_client_edits_with_episodes_local_files_and_gone_tracks(fake_spotify, api):
    spec = openapi_or_skip()
    pid = api.ok("POST", "me/playlists", 201, json={"name": "Mixed"})["id"]
    some = uris(fake_spotify, 3)
    api.ok("POST", f"playlists/{pid}/items", 201, json={"uris": some})
    before = fake_spotify.playlists[pid]["snapshot_id"]
    episode = fake_spotify.add_episode("Test episode 1", "Test Show")
    other = fake_spotify.other
    other.add(pid, [episode["uri"]], position=1)
    local = other.add_local(pid, "Test Artist", "Test Local Song", position=0)
    other.add_unavailable(pid)
    other.move(pid, 1, 0)
    other.remove(pid, [some[2]])
    other.rename(pid, "Mixed (edited)")
    other.make_public(pid)
    state = fake_spotify.playlists[pid]
    assert state["uris"] == [some[0], local, episode["uri"], some[1], None]
    assert (state["name"], state["public"]) == ("Mixed (edited)", True)
    assert state["snapshot_id"] != before and fake_spotify.count("POST") == 2  # not requests

    entries = api.ok("GET", f"playlists/{pid}/items", params={"additional_types": "episode"})
    kinds = [(e["is_local"], e["item"] and e["item"]["type"]) for e in entries["items"]]
    assert kinds == [(False, "track"), (True, "track"), (False, "episode"), (False, "track"),
                     (False, None)]  # fmt: skip
    assert entries["items"][1]["item"]["uri"] == local
    # The description has no shape for local files (ids and links are null) nor for an
    # unavailable entry (a null item), both of which Spotify sends; the rest agrees.
    fake_spotify.reset_stats()
    api.ok("GET", f"playlists/{pid}/items", params={"offset": 2, "limit": 2})
    assert all_problems(fake_spotify.requests, spec) == []
    assert api("POST", f"playlists/{pid}/items", json={"uris": [local]}).status_code == 400
    other.delete(pid)
    assert api("GET", f"playlists/{pid}").status_code == 404
