"""A stateful fake of Spotify's Web API and accounts service, over real HTTP on 127.0.0.1.

spotipy (or plain requests) talks to it exactly as it would talk to Spotify, so tests
exercise the program's real request building, error handling and retry policy.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.fakespotify.accounts import DEFAULT_SCOPE, Accounts, OAuthError, TokenRefused
from tests.fakespotify.faults import ERROR_ANSWERS, Fault, FaultBook
from tests.fakespotify.objects import cover_png, user_json
from tests.fakespotify.player import IMAGES, FakePlayer
from tests.fakespotify.state import ApiError, Library, OtherClient

CLIENT_ID = "fake-client-id"
USER_ID = "drive-fan"
DISPLAY_NAME = "Drive Fan"
_PLAYLIST = re.compile(r"^playlists/([^/]+)$")
_ITEMS = re.compile(r"^playlists/([^/]+)/items$")
JSON_TYPE = "application/json; charset=utf-8"
_OLD_ROUTES = re.compile(r"^(users/.*|playlists/[^/]+/tracks)$")  # 403 since February 2026


@dataclass
class RecordedRequest:
    """One API request as the fake saw it; ``path`` is what follows ``/v1/``."""

    method: str
    path: str
    query: dict  # first value of each parameter, as text
    body: object  # parsed JSON, raw text if it was not JSON, or None
    status: int | None = None  # None while in progress or when dropped before answering
    answered: bool = True  # False for "drop" and "lost_response"
    raw_query: str = ""
    raw_body: bytes = b""
    headers: dict = field(default_factory=dict)
    response_headers: dict = field(default_factory=dict)
    response_body: bytes = b""


class _DropConnection(Exception):
    """Close the socket without writing an answer."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Spotify; every answer has a length
    timeout = 60  # an idle keep-alive connection frees its thread eventually
    fake: FakeSpotify  # set on a per-server subclass

    def setup(self) -> None:
        super().setup()
        # Without this, small answers wait ~40 ms for delayed ACKs (Nagle's algorithm).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # quiet: tests read fake.requests instead
        pass

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""  # read it all before any drop
        try:
            if url.path.startswith("/v1/"):
                self.fake._serve_api(self, method, url, raw)
            elif url.path.startswith("/images/") and method == "GET":
                self.fake.image_requests += 1
                self.fake.image_paths.append(url.path)
                self.send_image(cover_png(url.path))
            else:
                self.fake._serve_accounts(self, method, url, raw)
        except _DropConnection:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting: nothing to answer

    def send_image(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send(self, status: int, payload=None, headers: dict | None = None) -> None:
        self.send_bytes(status, _encode(payload), headers)

    def send_bytes(self, status: int, data: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        if data:
            self.send_header("Content-Type", JSON_TYPE)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self._headers_buffer.append(b"\r\n" + data)  # headers and body in one write
        self.flush_headers()


def _encode(payload) -> bytes:
    return b"" if payload is None else json.dumps(payload).encode("utf-8")


def _first_values(raw_query: str) -> dict:
    return {k: v[0] for k, v in parse_qs(raw_query, keep_blank_values=True).items()}


def _parse_body(raw: bytes):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _error(status: int, message: str) -> dict:
    return {"error": {"status": status, "message": message}}


class FakeSpotify:
    """Start it, point the program at ``api_url`` / ``accounts_url``, read what happened."""

    def __init__(self, latency: float = 0.0):
        self.latency = latency
        self.client_id = CLIENT_ID
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        port = self._server.server_address[1]
        self.accounts_url = f"http://127.0.0.1:{port}/"
        self.api_url = f"{self.accounts_url}v1/"
        self.user = {
            **user_json(USER_ID, DISPLAY_NAME, self.api_url),
            "images": [],
            "followers": {"href": None, "total": 0},
        }
        self._accounts = Accounts(CLIENT_ID)
        self._library = Library(self.api_url, self.user)
        self.other = OtherClient(self._library)  # the person's other Spotify app
        self._faults = FaultBook()
        self.player = FakePlayer(self._library)  # devices, what plays, uploaded covers
        self._stats_lock = threading.Lock()
        self._in_flight = 0
        self._thread: threading.Thread | None = None
        self.requests: list[RecordedRequest] = []
        self.accounts_requests: list[RecordedRequest] = []
        self.image_requests = 0  # covers fetched from the fake
        self.image_paths: list[str] = []  # which, in order
        self.max_in_flight = 0

    # --- life cycle ----------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """The variables that point the program (and spotipy) at this fake."""
        return {
            "DRIVE_PLAYLIST_SPOTIFY_API_URL": self.api_url,
            "DRIVE_PLAYLIST_SPOTIFY_ACCOUNTS_URL": self.accounts_url,
            "SPOTIPY_CLIENT_ID": self.client_id,
        }

    def start(self) -> FakeSpotify:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.02},  # how long stop() waits
                name="fake-spotify",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> FakeSpotify:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- state for tests -----------------------------------------------------------------

    @property
    def tracks(self) -> dict[str, dict]:
        return self._library.tracks

    @property
    def playlists(self) -> dict[str, dict]:
        return self._library.playlists

    def own_playlists(self) -> list[dict]:
        """The signed-in user's playlists, oldest first: what a sync made or kept."""
        return [p for p in self.playlists.values() if p["owner_id"] == self.user["id"]]

    @property
    def deny_next_authorize(self) -> bool:
        return self._accounts.deny_next_authorize

    @deny_next_authorize.setter
    def deny_next_authorize(self, value: bool) -> None:
        self._accounts.deny_next_authorize = value

    def add_track(self, title, artists, album=None, year=None, duration_ms=200_000, isrc=None,
                  track_id=None) -> dict:  # fmt: skip
        return self._library.add_track(title, artists, album, year, duration_ms, isrc, track_id)

    def load_catalogue(self, tracks) -> None:
        """Track JSON (as ``add_track`` returns) or ``add_track`` keyword dicts, in bulk."""
        for track in tracks:
            if "uri" in track:
                self._library.add_json(track)
            else:
                self._library.add_track(**track)

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        with self._stats_lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method.upper())
                and (path_prefix is None or r.path.startswith(path_prefix))
            )

    def reset_stats(self) -> None:
        with self._stats_lock:
            self.requests.clear()
            self.accounts_requests.clear()
            self.max_in_flight = 0

    def grant_token(self, scope: str = DEFAULT_SCOPE, expires_in: int = 3600) -> dict:
        """A valid token as spotipy caches it (with ``expires_at`` and ``scope``)."""
        token = self._accounts.grant(scope=scope, expires_in=expires_in)
        token["expires_at"] = int(time.time()) + expires_in
        return token

    def expire_all_tokens(self) -> None:
        self._accounts.expire_all()

    def inject(self, fault: Fault) -> None:
        self._faults.add(fault)

    def pending_faults(self) -> list[Fault]:
        return self._faults.pending()

    @property
    def list_descriptions(self) -> bool:
        return self._library.list_descriptions

    @list_descriptions.setter
    def list_descriptions(self, value: bool) -> None:
        self._library.list_descriptions = value

    def add_episode(self, title: str, show: str, duration_ms: int = 1_800_000) -> dict:
        return self._library.add_episode(title, show, duration_ms)

    def added_at(self, playlist_id: str) -> list[str]:
        """Each entry's ``added_at``, in order (moves keep it; inserts and replaces renew it)."""
        return self._library.added_at(playlist_id)

    def clear_faults(self) -> None:
        self._faults.clear()

    def delete_playlist(self, playlist_id: str) -> None:
        self._library.delete_playlist(playlist_id)

    def set_owner(self, playlist_id: str, owner_id: str) -> None:
        self._library.set_owner(playlist_id, owner_id)

    # --- the API -------------------------------------------------------------------------

    def _serve_api(self, handler: _Handler, method: str, url, raw: bytes) -> None:
        rec = RecordedRequest(
            method=method,
            path=url.path[len("/v1/") :],
            query=_first_values(url.query),
            body=_parse_body(raw),
            raw_query=url.query,
            raw_body=raw,
            headers=dict(handler.headers.items()),
        )
        with self._stats_lock:
            self.requests.append(rec)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            fault = self._faults.take(method, rec.path)
            kind = fault.kind if fault else None
            if kind == "drop":
                rec.answered = False
                raise _DropConnection
            if kind == "slow":
                time.sleep(fault.delay)
            if kind in ERROR_ANSWERS:
                status, message = ERROR_ANSWERS[kind]
                extra = {"Retry-After": str(fault.retry_after)} if status == 429 else {}
                answer = (status, _error(status, message), extra)
            else:
                answer = self._answer(method, rec, handler.headers.get("Authorization"))
            rec.status, payload, extra = answer
            if fault is not None and fault.then is not None:
                fault.then()  # e.g. another client's edit, landing at this very moment
            if kind == "lost_response":  # the change is made; its answer never arrives
                rec.answered = False
                raise _DropConnection
            # Recorded in full before the first byte goes out: a client that has its answer
            # may read fake.requests at once.
            rec.response_body = _encode(payload)
            rec.response_headers = {**extra, **({"Content-Type": JSON_TYPE} if payload else {})}
        finally:
            with self._stats_lock:
                self._in_flight -= 1
        handler.send_bytes(rec.status, rec.response_body, extra)

    def _answer(self, method: str, rec: RecordedRequest, authorization: str | None):
        try:
            self._accounts.check(authorization)
            status, payload = self._route(method, rec)
            return status, payload, {}
        except TokenRefused as exc:
            return 401, _error(401, str(exc)), {"WWW-Authenticate": 'Bearer realm="spotify"'}
        except ApiError as exc:
            return exc.status, _error(exc.status, exc.message), {}

    def _route(self, method: str, rec: RecordedRequest):
        path, lib = rec.path, self._library
        if path.startswith("me/player") or IMAGES.match(path):
            scope = self._accounts.scope_of(rec.headers.get("Authorization"))
            return self.player.route(method, rec, scope)
        if path in ("me", "me/"):  # spotipy's current_user() asks for "me/"
            if method == "GET":
                return 200, self.user
        elif path == "search":
            if method == "GET":
                return 200, lib.search(rec.query)
        elif path == "me/playlists":
            if method == "GET":
                return 200, lib.my_playlists(rec.query)
            if method == "POST":
                return 201, lib.create_playlist(rec.body)
        elif _OLD_ROUTES.match(path):
            raise ApiError(403, "Forbidden")
        elif m := _PLAYLIST.match(path):
            if method == "GET":
                return 200, lib.get_playlist(m.group(1), rec.query)
            if method == "PUT":
                lib.change_details(m.group(1), rec.body)
                return 200, None
        elif m := _ITEMS.match(path):
            pid = m.group(1)
            if method == "GET":
                return 200, lib.items_page(pid, rec.query)
            if method == "POST":
                return 201, {"snapshot_id": lib.add_items(pid, rec.body, rec.query)}
            if method == "PUT":
                return 200, {"snapshot_id": lib.replace_items(pid, rec.body)}
            if method == "DELETE":
                return 200, {"snapshot_id": lib.remove_items(pid, rec.body)}
        else:
            raise ApiError(404, "Service not found")
        raise ApiError(405, "Method not allowed")

    # --- the accounts service -------------------------------------------------------------

    def _serve_accounts(self, handler: _Handler, method: str, url, raw: bytes) -> None:
        params = _first_values(url.query)
        form = _first_values(raw.decode("utf-8", "replace")) if raw else {}
        rec = RecordedRequest(method, url.path.lstrip("/"), params, form, raw_query=url.query)
        with self._stats_lock:
            self.accounts_requests.append(rec)
        try:
            if rec.path == "authorize" and method == "GET":
                location = self._accounts.authorize(params)
                rec.status = 302
                handler.send(302, None, {"Location": location})
            elif rec.path == "api/token" and method == "POST":
                answer = self._accounts.token(form, _basic_client_id(handler.headers))
                rec.status = 200
                handler.send(200, answer, {"Cache-Control": "no-store"})
            else:
                rec.status = 404
                handler.send(404, {"error": "not_found", "error_description": "Not found"})
        except OAuthError as exc:
            rec.status = exc.status
            handler.send(exc.status, exc.body())


def _basic_client_id(headers) -> str | None:
    scheme, _, value = (headers.get("Authorization") or "").partition(" ")
    if scheme != "Basic":
        return None
    try:
        return base64.b64decode(value).decode("utf-8").partition(":")[0]
    except ValueError:
        return None
