"""The fake's Spotify Connect player and playlist-cover endpoint.

A test sets the scene through ``fake.player``: which devices exist (and which is active or
restricted), whether the account has Premium, what plays, which tracks the market lacks.
Answers follow the real API, including those its description leaves out (a 404
``NO_ACTIVE_DEVICE`` from the commands, a 204 from currently-playing when nothing plays).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import threading
import time
from dataclasses import dataclass

READ_SCOPE = "user-read-playback-state"
MODIFY_SCOPE = "user-modify-playback-state"
CURRENT_SCOPE = "user-read-currently-playing"
IMAGE_SCOPE = "ugc-image-upload"
MAX_COVER_PAYLOAD = 256 * 1024
IMAGES = re.compile(r"^playlists/([^/]+)/images$")


def _failure(status: int, message: str, reason: str | None = None):
    error = {"status": status, "message": message}
    if reason:
        error["reason"] = reason
    return status, {"error": error}


NO_DEVICE = _failure(404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE")
PREMIUM = _failure(403, "Player command failed: Premium required", "PREMIUM_REQUIRED")
RESTRICTED = _failure(403, "Player command failed: Restriction violated", "UNKNOWN")
NOT_CONTROLLABLE = _failure(
    403, "Player command failed: Device not controllable", "DEVICE_NOT_CONTROLLABLE"
)
SCOPE = _failure(403, "Insufficient client scope")


@dataclass
class FakeDevice:
    id: str
    name: str
    type: str = "Computer"
    is_active: bool = False
    is_restricted: bool = False

    def json(self) -> dict:
        return {
            "id": self.id,
            "is_active": self.is_active,
            "is_private_session": False,
            "is_restricted": self.is_restricted,
            "name": self.name,
            "type": self.type,
            "volume_percent": 60,
            "supports_volume": True,
        }


class FakePlayer:
    def __init__(self, library):
        self._library = library
        self.lock = threading.RLock()
        self.devices: list[FakeDevice] = []
        self.premium = True
        self.unavailable: set[str] = set()  # track URIs not playable in the user's market
        self.covers: dict[str, bytes] = {}  # playlist id -> the JPEG last uploaded
        self.queue: list[str] = []
        self.position = 0
        self.context_uri: str | None = None
        self.is_playing = False
        self._progress_ms = 0
        self._since = time.monotonic()

    # --- the test's handle ----------------------------------------------------------------

    def add_device(self, name: str, type: str = "Computer", active: bool = False,
                   restricted: bool = False) -> FakeDevice:  # fmt: skip
        with self.lock:
            device = FakeDevice("fakedev" + secrets.token_hex(8), name, type, False, restricted)
            self.devices.append(device)
            if active:
                self._activate(device)
            return device

    def play_now(self, uri: str, progress_ms: int = 0, playing: bool = True,
                 context_uri: str | None = None) -> None:  # fmt: skip
        """Something else (the person's phone) started ``uri``; needs an active device."""
        with self.lock:
            if self.active is None:
                raise ValueError("no active device: add one with active=True first")
            self.queue, self.position, self.context_uri = [uri], 0, context_uri
            self._set_progress(progress_ms, playing)

    @property
    def active(self) -> FakeDevice | None:
        return next((d for d in self.devices if d.is_active), None)

    @property
    def current_uri(self) -> str | None:
        with self.lock:
            self._advance()
            return self.queue[self.position] if self.queue else None

    # --- time -----------------------------------------------------------------------------

    def _set_progress(self, progress_ms: int, playing: bool) -> None:
        self._progress_ms, self.is_playing, self._since = progress_ms, playing, time.monotonic()

    def _progress(self) -> int:
        if not self.is_playing:
            return self._progress_ms
        return self._progress_ms + int((time.monotonic() - self._since) * 1000)

    def _duration(self) -> int:
        track = self._library.track_for_uri(self.queue[self.position]) if self.queue else None
        return int(track["duration_ms"]) if track else 0

    def _advance(self) -> None:
        """Tracks end while nobody looks: move on through the queue as time passes."""
        while self.queue and self.is_playing and self._progress() >= self._duration() > 0:
            over = self._progress() - self._duration()
            if self.position + 1 >= len(self.queue):
                self._set_progress(0, False)
                return
            self.position += 1
            self._set_progress(over, True)

    def _activate(self, device: FakeDevice) -> None:
        for other in self.devices:
            other.is_active = other is device

    # --- routes ---------------------------------------------------------------------------

    def route(self, method: str, rec, scope: str):
        granted = set(scope.split())
        if m := IMAGES.match(rec.path):
            if method != "PUT":
                return 405, {"error": {"status": 405, "message": "Method not allowed"}}
            return SCOPE if IMAGE_SCOPE not in granted else self._cover(m.group(1), rec)
        name = rec.path.removeprefix("me/player").strip("/")
        needed = {
            ("GET", ""): READ_SCOPE,
            ("GET", "devices"): READ_SCOPE,
            ("GET", "currently-playing"): CURRENT_SCOPE,
        }.get((method, name), MODIFY_SCOPE)
        if needed not in granted:
            return SCOPE
        handler = {
            ("GET", ""): self._state,
            ("PUT", ""): self._transfer,
            ("GET", "devices"): self._devices,
            ("GET", "currently-playing"): self._currently_playing,
            ("PUT", "play"): self._play,
            ("PUT", "pause"): self._pause,
            ("POST", "next"): lambda rec: self._skip(rec, 1),
            ("POST", "previous"): lambda rec: self._skip(rec, -1),
        }.get((method, name))
        if handler is None:
            return _failure(404, "Service not found")
        with self.lock:
            self._advance()
            return handler(rec)

    def _devices(self, rec):
        return 200, {"devices": [d.json() for d in self.devices]}

    def _playing_json(self) -> dict | None:
        if not self.queue or self.active is None:
            return None
        track = self._library.track_for_uri(self.queue[self.position])
        answer = {
            "timestamp": int(time.time() * 1000),
            "progress_ms": min(self._progress(), self._duration()),
            "is_playing": self.is_playing,
            "item": track,
            "currently_playing_type": "track",
            "actions": {"pausing": self.is_playing, "resuming": not self.is_playing},
        }
        if self.context_uri:
            kind, _, cid = self.context_uri.rpartition(":")
            answer["context"] = {
                "type": kind.rpartition(":")[2],
                "href": f"{self._library.api_url}playlists/{cid}",
                "external_urls": {"spotify": f"{self._library.api_url}open/playlist/{cid}"},
                "uri": self.context_uri,
            }
        return answer

    def _state(self, rec):
        answer = self._playing_json()
        if answer is None:
            return 204, None
        return 200, {
            "device": self.active.json(),
            "repeat_state": "off",
            "shuffle_state": False,
            **answer,
        }

    def _currently_playing(self, rec):
        answer = self._playing_json()
        return (204, None) if answer is None else (200, answer)

    def _target(self, rec):
        """The device a command goes to, or the error answer."""
        wanted = rec.query.get("device_id")
        if wanted:
            device = next((d for d in self.devices if d.id == wanted), None)
            if device is None:
                return None, _failure(404, "Device not found")
        else:
            device = self.active
            if device is None:
                return None, NO_DEVICE
        if device.is_restricted:
            return None, NOT_CONTROLLABLE
        return device, None

    def _command(self, rec):
        if not self.premium:
            return None, PREMIUM
        return self._target(rec)

    def _play(self, rec):
        device, refused = self._command(rec)
        if refused:
            return refused
        body = rec.body if isinstance(rec.body, dict) else {}
        if body.get("context_uri"):
            kind, _, pid = str(body["context_uri"]).rpartition(":")
            playlist = self._library.playlists.get(pid) if kind == "spotify:playlist" else None
            if playlist is None:
                return _failure(404, "Context not found")
            queue = list(playlist["uris"])
            offset = body.get("offset") or {}
            if "uri" in offset:
                if offset["uri"] not in queue:
                    return _failure(400, "Invalid offset")
                start = queue.index(offset["uri"])
            else:
                start = int(offset.get("position", 0))
                if not 0 <= start < len(queue):
                    return _failure(400, "Invalid offset")
            context = body["context_uri"]
        elif "uris" in body:
            queue, start, context = list(body["uris"]), 0, None
            if not queue or any(self._library.track_for_uri(u) is None for u in queue):
                return _failure(400, "Invalid track uri")
        else:  # resume
            if not self.queue:
                return RESTRICTED
            self._activate(device)
            self._set_progress(self._progress(), True)
            return 204, None
        if queue[start] in self.unavailable:
            return RESTRICTED
        self._activate(device)
        self.queue, self.position, self.context_uri = queue, start, context
        self._set_progress(int(body.get("position_ms") or 0), True)
        return 204, None

    def _pause(self, rec):
        _device, refused = self._command(rec)
        if refused:
            return refused
        self._set_progress(self._progress(), False)
        return 204, None

    def _skip(self, rec, step: int):
        _device, refused = self._command(rec)
        if refused:
            return refused
        if self.queue:
            self.position = max(0, min(len(self.queue) - 1, self.position + step))
            self._set_progress(0, True)
        return 204, None

    def _transfer(self, rec):
        if not self.premium:
            return PREMIUM
        body = rec.body if isinstance(rec.body, dict) else {}
        ids = body.get("device_ids")
        if not isinstance(ids, list) or len(ids) != 1:
            return _failure(400, "device_ids must hold exactly one device id")
        device = next((d for d in self.devices if d.id == ids[0]), None)
        if device is None:
            return _failure(404, "Device not found")
        if device.is_restricted:
            return NOT_CONTROLLABLE
        self._activate(device)
        if body.get("play") and self.queue:
            self._set_progress(self._progress(), True)
        return 204, None

    def _cover(self, pid: str, rec):
        playlist = self._library.playlists.get(pid)
        if playlist is None:
            return _failure(404, "Resource not found")
        if playlist["owner_id"] != self._library.user["id"]:
            return _failure(403, "You cannot change a playlist you do not own")
        content_type = next((v for k, v in rec.headers.items() if k.lower() == "content-type"), "")
        if content_type.split(";")[0].strip().lower() != "image/jpeg":
            return _failure(400, "Content-Type must be image/jpeg")
        if len(rec.raw_body) > MAX_COVER_PAYLOAD:
            return _failure(413, "Payload too large: the image may be at most 256 KB")
        try:
            jpeg = base64.b64decode(rec.raw_body, validate=True)
        except (binascii.Error, ValueError):
            return _failure(400, "The body must be base64-encoded JPEG data")
        if not jpeg.startswith(b"\xff\xd8\xff"):
            return _failure(400, "The image must be a JPEG")
        with self.lock:
            self.covers[pid] = jpeg
        return 202, None
