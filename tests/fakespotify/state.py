"""What the fake Spotify holds: its catalogue and the playlists built on it.

Every operation takes the one lock, so concurrent clients see whole changes only, and
every change to a playlist gives it a new snapshot id.  Errors are ApiError with the
status and message the real API answers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import threading
from urllib.parse import unquote_plus, urlencode

from tests.fakespotify import fields
from tests.fakespotify.objects import episode_json, open_url, track_json, user_json
from tests.fakespotify.search import BadQuery, parse_query, search_keys

MAX_URIS = 100
SEARCH_LIMIT = (1, 10, 5)  # min, max, default
ITEMS_LIMIT = (1, 50, 20)
FIRST_PAGE = 100  # GET /playlists/{id} carries the first 100 items, as Spotify's does
MAX_SEARCH_OFFSET = 1000


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _int(params: dict, name: str, default: int, low: int, high: int | None) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"Invalid {name}") from None
    if value < low or (high is not None and value > high):
        raise ApiError(400, f"Invalid {name}")
    return value


class Library:
    def __init__(self, api_url: str, user: dict):
        self.api_url = api_url
        self.user = user
        self.lock = threading.RLock()
        self.tracks: dict[str, dict] = {}
        self.playlists: dict[str, dict] = {}
        self.episodes: dict[str, dict] = {}
        self._added_at: dict[str, list[str]] = {}
        self._clock = itertools.count(1)
        # Spotify's lists of playlists may leave descriptions out ("only returned for
        # modified, verified playlists"): a test can make this fake do so.
        self.list_descriptions = True  # one tick per change: every added_at is distinct
        self._keys: dict[str, tuple] = {}  # track id -> search_keys(track)
        self._ids = itertools.count(1)

    # --- catalogue ---------------------------------------------------------------------

    def add_track(
        self,
        title: str,
        artists,
        album: str | None = None,
        year: int | None = None,
        duration_ms: int = 200_000,
        isrc: str | None = None,
        track_id: str | None = None,
    ) -> dict:
        with self.lock:
            if track_id is None:
                track_id = self._free_id("fakeadd")
            track = track_json(
                track_id,
                title,
                list(artists),
                album=album,
                year=year,
                duration_ms=duration_ms,
                isrc=isrc,
                api_url=self.api_url,
            )
            return self.add_json(track)

    def add_json(self, track: dict) -> dict:
        with self.lock:
            self.tracks[track["id"]] = track
            self._keys[track["id"]] = search_keys(track)
            return track

    def _keys_of(self, track_id: str, track: dict) -> tuple:
        keys = self._keys.get(track_id)
        if keys is None:  # a track a test put into ``tracks`` by hand
            keys = self._keys[track_id] = search_keys(track)
        return keys

    def _free_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}{next(self._ids):0{22 - len(prefix)}d}"
            if candidate not in self.tracks and candidate not in self.playlists:
                return candidate

    def add_episode(self, title: str, show: str, duration_ms: int = 1_800_000) -> dict:
        with self.lock:
            episode = episode_json(self._free_id("fakeep"), title, show, duration_ms, self.api_url)
            self.episodes[episode["id"]] = episode
            return episode

    def track_for_uri(self, uri: str) -> dict | None:
        kind, _, track_id = uri.rpartition(":")
        return self.tracks.get(track_id) if kind == "spotify:track" else None

    def item_for_uri(self, uri: str | None) -> dict | None:
        """What a playlist entry's ``item`` is: a track, an episode, a local file, or null."""
        if uri is None:
            return None  # no longer available: Spotify answers a null item
        kind, _, item_id = uri.rpartition(":")
        if kind == "spotify:episode":
            return self.episodes.get(item_id)
        if uri.startswith("spotify:local:"):
            return _local_json(uri)
        return self.track_for_uri(uri)

    def _stamp(self, count: int = 1) -> list[str]:
        """Distinct ``added_at`` times from the fake's clock (one second per change)."""
        tick = next(self._clock)
        for _ in range(count - 1):
            tick = next(self._clock)
        at = _EPOCH + dt.timedelta(seconds=tick)
        return [at.strftime("%Y-%m-%dT%H:%M:%SZ")] * count

    def search(self, params: dict) -> dict:
        types = [t.strip() for t in params.get("type", "").split(",") if t.strip()]
        if not types:
            raise ApiError(400, "Missing parameter type")
        if "track" not in types:
            raise ApiError(400, "Only type=track is offered by this server")
        limit = _int(params, "limit", SEARCH_LIMIT[2], SEARCH_LIMIT[0], SEARCH_LIMIT[1])
        offset = _int(params, "offset", 0, 0, MAX_SEARCH_OFFSET)
        market = params.get("market")
        if market is not None and not (
            market == "from_token" or (len(market) == 2 and market.isalpha())
        ):
            raise ApiError(400, "Invalid market code")
        text = params.get("q") or params.get("query", "")  # "next" links say "query"
        try:
            query = parse_query(text)
        except BadQuery as exc:
            raise ApiError(400, str(exc)) from None
        with self.lock:
            found = [t for tid, t in self.tracks.items() if query.matches(self._keys_of(tid, t))]
        base = {"query": text, "type": "track"}
        if market:
            base["market"] = market
        page = self._page("search", base, found, limit, offset)
        return {"tracks": page}

    def _page(
        self, path: str, base: dict, items: list, limit: int, offset: int, total: int | None = None
    ) -> dict:
        def href(at: int) -> str:
            return f"{self.api_url}{path}?{urlencode({**base, 'offset': at, 'limit': limit})}"

        if total is None:
            total = len(items)
            items = items[offset : offset + limit]
        return {
            "href": href(offset),
            "items": items,
            "limit": limit,
            "next": href(offset + limit) if offset + limit < total else None,
            "offset": offset,
            "previous": href(max(0, offset - limit)) if offset > 0 else None,
            "total": total,
        }

    # --- playlists ---------------------------------------------------------------------

    def create_playlist(self, body) -> dict:
        if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"]:
            raise ApiError(400, "Missing required field: name")
        with self.lock:
            pid = self._free_id("fakepl")
            self.playlists[pid] = {
                "id": pid,
                "name": body["name"],
                "description": str(body.get("description") or ""),
                "public": bool(body.get("public", True)),
                "owner_id": self.user["id"],
                "uris": [],
                "snapshot_id": self._snapshot(),
            }
            self._added_at[pid] = []
            return self.playlist_json(pid)

    def _snapshot(self) -> str:
        return f"{next(self._ids):08d}" + secrets.token_hex(12)

    def _playlist(self, pid: str, write: bool = False) -> dict:
        playlist = self.playlists.get(pid)
        if playlist is None:
            raise ApiError(404, "Resource not found")
        if write and playlist["owner_id"] != self.user["id"]:
            raise ApiError(403, "You cannot modify a playlist you do not own")
        return playlist

    def my_playlists(self, params: dict) -> dict:
        """``GET me/playlists``: the user's own playlists, simplified, newest first."""
        limit = _int(params, "limit", ITEMS_LIMIT[2], ITEMS_LIMIT[0], ITEMS_LIMIT[1])
        offset = _int(params, "offset", 0, 0, None)
        with self.lock:
            mine = [pid for pid, p in self.playlists.items() if p["owner_id"] == self.user["id"]]
            simple = []
            for pid in reversed(mine):
                entry = self.playlist_json(pid, with_items=False)
                ref = {"href": f"{self.api_url}playlists/{pid}/items",
                       "total": len(self.playlists[pid]["uris"])}  # fmt: skip
                if not self.list_descriptions:
                    entry["description"] = None
                simple.append({**entry, "items": ref, "tracks": ref})
        return self._page("me/playlists", {}, simple, limit, offset)

    def playlist_json(self, pid: str, with_items: bool = True) -> dict:
        with self.lock:
            p = self._playlist(pid)
            owner = user_json(
                p["owner_id"],
                self.user["display_name"] if p["owner_id"] == self.user["id"] else p["owner_id"],
                self.api_url,
            )
            answer = {
                "collaborative": False,
                "description": p["description"] or None,
                "external_urls": {"spotify": f"{open_url(self.api_url)}playlist/{pid}"},
                "href": f"{self.api_url}playlists/{pid}",
                "id": pid,
                "images": [],
                "name": p["name"],
                "owner": owner,
                "public": p["public"],
                "snapshot_id": p["snapshot_id"],
                "type": "playlist",
                "uri": f"spotify:playlist:{pid}",
            }
            if with_items and p["owner_id"] == self.user["id"]:  # only owners see contents now
                answer["items"] = self._items(pid, p, FIRST_PAGE, 0, {})
            return answer

    def get_playlist(self, pid: str, params: dict) -> dict:
        return _filtered(self.playlist_json(pid), params)

    def change_details(self, pid: str, body) -> None:
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        with self.lock:
            p = self._playlist(pid, write=True)
            for key, kind in (("name", str), ("description", str), ("public", bool)):
                if key in body:
                    if not isinstance(body[key], kind):
                        raise ApiError(400, f"Invalid value for {key}")
                    p[key] = body[key]
            p["snapshot_id"] = self._snapshot()

    def items_page(self, pid: str, params: dict) -> dict:
        limit = _int(params, "limit", ITEMS_LIMIT[2], ITEMS_LIMIT[0], ITEMS_LIMIT[1])
        offset = _int(params, "offset", 0, 0, None)
        with self.lock:
            p = self._playlist(pid)
            if p["owner_id"] != self.user["id"]:
                raise ApiError(403, "Forbidden")
            page = self._items(pid, p, limit, offset, params)
        return _filtered(page, params)

    def _items(self, pid: str, p: dict, limit: int, offset: int, params: dict) -> dict:
        added = self._added_at.get(pid, [])
        entries = []
        for index in range(offset, min(len(p["uris"]), offset + limit)):
            uri = p["uris"][index]
            item = self.item_for_uri(uri)
            entries.append(
                {
                    "added_at": added[index],
                    "added_by": user_json(self.user["id"], None, self.api_url),
                    "is_local": bool(uri and uri.startswith("spotify:local:")),
                    "item": item,
                    "track": item,
                }
            )
        total = len(p["uris"])
        base = {k: v for k, v in params.items() if k in ("fields", "additional_types")}
        return self._page(f"playlists/{pid}/items", base, entries, limit, offset, total)

    def _checked_uris(self, uris) -> list[str]:
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            raise ApiError(400, "uris must be a JSON array of Spotify URIs")
        if len(uris) > MAX_URIS:
            raise ApiError(400, f"You can add a maximum of {MAX_URIS} tracks per request.")
        for uri in uris:
            # Tracks and episodes; local files cannot be added through the API.
            if uri.startswith("spotify:local:") or self.item_for_uri(uri) is None:
                raise ApiError(400, f"Invalid track uri: {uri}")
        return uris

    def add_items(self, pid: str, body, params: dict) -> str:
        if not isinstance(body, dict):  # spotipy's bare array: the spec wants an object
            raise ApiError(400, "Request body must be a JSON object with uris")
        with self.lock:
            p = self._playlist(pid, write=True)
            uris = self._checked_uris(body.get("uris"))
            if not uris:
                raise ApiError(400, "No uris provided")
            position = body.get("position", params.get("position"))
            if position is None:
                position = len(p["uris"])
            try:
                position = int(position)
            except (TypeError, ValueError):
                raise ApiError(400, "Invalid position") from None
            if not 0 <= position <= len(p["uris"]):
                raise ApiError(400, "Index out of bounds")
            return self._insert(p, list(uris), position)

    def _insert(self, p: dict, uris: list, position: int) -> str:
        p["uris"][position:position] = uris
        self._added_at[p["id"]][position:position] = self._stamp(len(uris))
        return self._changed(p)

    def _changed(self, p: dict) -> str:
        p["snapshot_id"] = self._snapshot()
        return p["snapshot_id"]

    def replace_items(self, pid: str, body) -> str:
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        with self.lock:
            p = self._playlist(pid, write=True)
            if "uris" in body:
                p["uris"] = list(self._checked_uris(body["uris"]))
                self._added_at[pid] = self._stamp(len(p["uris"]))
            elif "range_start" in body and "insert_before" in body:
                self._reorder(p, body)
            else:
                raise ApiError(400, "Either uris or range_start and insert_before are required")
            return self._changed(p)

    def _reorder(self, p: dict, body: dict) -> None:
        size = len(p["uris"])
        try:
            start, before = int(body["range_start"]), int(body["insert_before"])
            length = int(body.get("range_length", 1))
        except (TypeError, ValueError):
            raise ApiError(400, "Invalid range") from None
        if not (start >= 0 and length >= 1 and start + length <= size and 0 <= before <= size):
            raise ApiError(400, "Index out of bounds")
        snapshot = body.get("snapshot_id")
        if snapshot is not None and not isinstance(snapshot, str):
            raise ApiError(400, "Invalid snapshot_id")
        self._move(p, start, before, length)

    def _move(self, p: dict, start: int, before: int, length: int) -> None:
        """Move a block; its entries keep their added_at."""
        for seq in (p["uris"], self._added_at[p["id"]]):
            moved = seq[start : start + length]
            rest = seq[:start] + seq[start + length :]
            at = before if before <= start else before - length
            seq[:] = rest[:at] + moved + rest[at:]

    def remove_items(self, pid: str, body) -> str:
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        entries = body.get("items", body.get("tracks"))
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("uri"), str) for e in entries
        ):
            raise ApiError(400, 'items must be a JSON array of {"uri": ...} objects')
        if len(entries) > MAX_URIS:
            raise ApiError(400, f"You can remove a maximum of {MAX_URIS} tracks per request.")
        with self.lock:
            return self._remove(self._playlist(pid, write=True), {e["uri"] for e in entries})

    def _remove(self, p: dict, gone: set) -> str:
        """Every occurrence of each URI goes, as Spotify's DELETE does."""
        added = self._added_at[p["id"]]
        kept = [i for i, uri in enumerate(p["uris"]) if uri not in gone]
        self._added_at[p["id"]] = [added[i] for i in kept]
        p["uris"] = [p["uris"][i] for i in kept]
        return self._changed(p)

    def delete_playlist(self, pid: str) -> None:
        with self.lock:
            self.playlists.pop(pid, None)
            self._added_at.pop(pid, None)

    def set_owner(self, pid: str, owner_id: str) -> None:
        with self.lock:
            self._playlist(pid)["owner_id"] = owner_id

    def added_at(self, pid: str) -> list[str]:
        with self.lock:
            return list(self._added_at[pid])


class OtherClient:
    """Edits made to a playlist by the person's other Spotify app (phone, desktop): they
    change the playlist as the API would, with a new snapshot each, but are not requests
    of the program under test, so they are not recorded."""

    def __init__(self, library: Library):
        self.lib = library

    def _p(self, pid: str) -> dict:
        return self.lib._playlist(pid)

    def add(self, pid: str, uris: list[str | None], position: int | None = None) -> str:
        """Insert entries (tracks, episodes, ``spotify:local:…`` files, None = unavailable)."""
        with self.lib.lock:
            p = self._p(pid)
            return self.lib._insert(p, list(uris), len(p["uris"]) if position is None else position)

    def add_local(self, pid: str, artist: str, title: str, position: int | None = None) -> str:
        uri = f"spotify:local:{_plus(artist)}:{_plus(title + ' (test file)')}:{_plus(title)}:200"
        self.add(pid, [uri], position)
        return uri

    def add_unavailable(self, pid: str, position: int | None = None) -> str:
        return self.add(pid, [None], position)

    def remove(self, pid: str, uris: list[str]) -> str:
        with self.lib.lock:
            return self.lib._remove(self._p(pid), set(uris))

    def remove_at(self, pid: str, position: int) -> str:
        """Remove one entry (the app can, the API only by URI)."""
        with self.lib.lock:
            p = self._p(pid)
            del p["uris"][position]
            del self.lib._added_at[pid][position]
            return self.lib._changed(p)

    def move(self, pid: str, start: int, before: int, length: int = 1) -> str:
        with self.lib.lock:
            p = self._p(pid)
            self.lib._move(p, start, before, length)
            return self.lib._changed(p)

    def change(self, pid: str, **details) -> str:
        """name=, description=, public=."""
        with self.lib.lock:
            p = self._p(pid)
            p.update(details)
            return self.lib._changed(p)

    def rename(self, pid: str, name: str) -> str:
        return self.change(pid, name=name)

    def make_public(self, pid: str) -> str:
        return self.change(pid, public=True)

    def make_private(self, pid: str) -> str:
        return self.change(pid, public=False)

    def delete(self, pid: str) -> None:
        self.lib.delete_playlist(pid)


def _plus(text: str) -> str:
    return text.replace(" ", "+")


def _local_json(uri: str) -> dict:
    """A local file as Spotify shows it: a track object with no id and ``is_local``."""
    parts = uri.split(":")
    artist, album, title = (unquote_plus(x) for x in parts[2:5])
    seconds = int(parts[5]) if len(parts) > 5 and parts[5].isdigit() else 0
    return {
        "album": {"album_type": None, "artists": [], "available_markets": [],
                  "external_urls": {}, "href": None, "id": None, "images": [],
                  "name": album, "release_date": None, "release_date_precision": None,
                  "type": "album", "uri": None},
        "artists": [{"external_urls": {}, "href": None, "id": None, "name": artist,
                     "type": "artist", "uri": None}],
        "disc_number": 0, "duration_ms": seconds * 1000, "explicit": False,
        "external_ids": {}, "external_urls": {}, "href": None, "id": None,
        "is_local": True, "name": title, "track_number": 0, "type": "track", "uri": uri,
    }  # fmt: skip


def _filtered(answer: dict, params: dict) -> dict:
    text = params.get("fields")
    if not text:
        return answer
    try:
        return fields.keep(answer, fields.parse(text))
    except fields.BadFields as exc:
        raise ApiError(400, str(exc)) from None
