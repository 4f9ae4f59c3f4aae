"""What the fake Spotify holds: its catalogue and the playlists built on it.

Every operation takes the one lock, so concurrent clients see whole changes only, and
every change to a playlist gives it a new snapshot id.  Errors are ApiError with the
status and message the real API answers.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from urllib.parse import urlencode

from tests.fakespotify.objects import open_url, track_json, user_json
from tests.fakespotify.search import BadQuery, parse_query, search_keys

MAX_URIS = 100
SEARCH_LIMIT = (1, 10, 5)  # min, max, default
ITEMS_LIMIT = (1, 50, 20)
MAX_SEARCH_OFFSET = 1000


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


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
        self._added_at: dict[str, list[str]] = {}
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

    def track_for_uri(self, uri: str) -> dict | None:
        kind, _, track_id = uri.rpartition(":")
        return self.tracks.get(track_id) if kind == "spotify:track" else None

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

    def _page(self, path: str, base: dict, items: list, limit: int, offset: int) -> dict:
        def href(at: int) -> str:
            return f"{self.api_url}{path}?{urlencode({**base, 'offset': at, 'limit': limit})}"

        total = len(items)
        return {
            "href": href(offset),
            "items": items[offset : offset + limit],
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
                answer["items"] = self.items_page(pid, {})
            return answer

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
            added = self._added_at.get(pid, [])
            entries = []
            for index, uri in enumerate(p["uris"]):
                track = self.track_for_uri(uri)
                entries.append(
                    {
                        "added_at": added[index] if index < len(added) else _now(),
                        "added_by": user_json(self.user["id"], None, self.api_url),
                        "is_local": False,
                        "item": track,
                        "track": track,
                    }
                )
        return self._page(f"playlists/{pid}/items", {}, entries, limit, offset)

    def _checked_uris(self, uris) -> list[str]:
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            raise ApiError(400, "uris must be a JSON array of Spotify URIs")
        if len(uris) > MAX_URIS:
            raise ApiError(400, f"You can add a maximum of {MAX_URIS} tracks per request.")
        for uri in uris:
            if self.track_for_uri(uri) is None:
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
            p["uris"][position:position] = uris
            added = self._added_at.setdefault(pid, [])
            added[position:position] = [_now()] * len(uris)
            p["snapshot_id"] = self._snapshot()
            return p["snapshot_id"]

    def replace_items(self, pid: str, body) -> str:
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        with self.lock:
            p = self._playlist(pid, write=True)
            if "uris" in body:
                p["uris"] = list(self._checked_uris(body["uris"]))
                self._added_at[pid] = [_now()] * len(p["uris"])
            elif "range_start" in body and "insert_before" in body:
                self._reorder(p, body)
            else:
                raise ApiError(400, "Either uris or range_start and insert_before are required")
            p["snapshot_id"] = self._snapshot()
            return p["snapshot_id"]

    def _reorder(self, p: dict, body: dict) -> None:
        size = len(p["uris"])
        try:
            start, before = int(body["range_start"]), int(body["insert_before"])
            length = int(body.get("range_length", 1))
        except (TypeError, ValueError):
            raise ApiError(400, "Invalid range") from None
        if not (start >= 0 and length >= 1 and start + length <= size and 0 <= before <= size):
            raise ApiError(400, "Index out of bounds")
        added = self._added_at.setdefault(p["id"], [_now()] * size)
        for seq in (p["uris"], added):
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
        gone = {e["uri"] for e in entries}
        with self.lock:
            p = self._playlist(pid, write=True)
            added = self._added_at.get(pid, [])
            kept = [i for i, uri in enumerate(p["uris"]) if uri not in gone]
            self._added_at[pid] = [added[i] if i < len(added) else _now() for i in kept]
            p["uris"] = [p["uris"][i] for i in kept]
            p["snapshot_id"] = self._snapshot()
            return p["snapshot_id"]

    def delete_playlist(self, pid: str) -> None:
        with self.lock:
            self.playlists.pop(pid, None)
            self._added_at.pop(pid, None)

    def set_owner(self, pid: str, owner_id: str) -> None:
        with self.lock:
            self._playlist(pid)["owner_id"] = owner_id
