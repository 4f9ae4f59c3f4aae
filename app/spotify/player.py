"""Playing on the person's own Spotify (Spotify Connect): devices, play, pause, skip, state.

Spotify does the playing, on a phone, computer or speaker where the person has Spotify
open; this module only sends the commands and reads what plays.  Every refusal the player
answers becomes its own error with what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.spotify import config
from app.spotify.client import SpotifyClient
from app.spotify.errors import ApiError, MaybeApplied, NetworkError, SpotifyError

MAX_PLAY_URIS = 100  # sent as one list when the playlist is not on Spotify yet
POLL_PLAYING = 5.0  # seconds between looks at the player while a track plays
POLL_PAUSED = 15.0  # while something is loaded but paused
POLL_AFTER_END = 0.5  # seconds after the track should end: catches the change at once
POLL_MIN = 1.0


class PlaybackError(SpotifyError):
    """The player refused a command; ``str(e)`` says why and what to do."""


class NoActiveDevice(PlaybackError):
    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "No Spotify device is active. Open Spotify on your phone or computer, "
            "then pick it here."
        )


class PremiumRequired(PlaybackError):
    def __init__(self):
        super().__init__(
            "Spotify plays from other apps only for Premium accounts (PREMIUM_REQUIRED): "
            "this account can build playlists here, and play them in Spotify itself."
        )


class DeviceRestricted(PlaybackError):
    def __init__(self, name: str | None = None):
        which = f"“{name}”" if name else "This device"
        super().__init__(
            f"{which} does not accept commands from other apps (a restricted device): "
            "pick another device, or play there directly."
        )


class NotAvailable(PlaybackError):
    def __init__(self, what: str = "This track"):
        super().__init__(
            f"{what} cannot be played in your country (not available in your market): "
            "pick another version in the review panel."
        )


class PlaybackScopeMissing(PlaybackError):
    """The saved sign-in predates playback: a new consent must add its scopes."""

    def __init__(self, scopes: list[str]):
        self.scopes = scopes
        super().__init__(
            "Playing on Spotify needs your permission to see and control its playback, "
            "which the earlier sign-in did not ask for: sign in again to add it "
            "(your playlists are not affected)."
        )


@dataclass(frozen=True, slots=True)
class Device:
    id: str | None
    name: str
    type: str
    is_active: bool
    is_restricted: bool

    @classmethod
    def from_json(cls, data: dict) -> Device:
        return cls(
            id=data.get("id"),
            name=data.get("name") or "Unnamed device",
            type=data.get("type") or "device",
            is_active=bool(data.get("is_active")),
            is_restricted=bool(data.get("is_restricted")),
        )


@dataclass(frozen=True, slots=True)
class Playing:
    """What the player holds right now (``GET /me/player``)."""

    uri: str | None
    title: str
    artists: tuple[str, ...]
    image_url: str | None
    url: str | None  # the item's page on Spotify (attribution links back)
    progress_ms: int
    duration_ms: int
    is_playing: bool
    device: Device | None
    context_uri: str | None

    @classmethod
    def from_json(cls, data: dict) -> Playing:
        item = data.get("item") or {}
        album = item.get("album") or {}
        images = [i for i in album.get("images") or [] if i.get("url")]
        small = min(images, key=lambda i: abs((i.get("width") or 64) - 64), default=None)
        device = data.get("device")
        context = data.get("context") or {}
        return cls(
            uri=item.get("uri"),
            title=item.get("name") or "",
            artists=tuple(a.get("name") or "" for a in item.get("artists") or []),
            image_url=small["url"] if small else None,
            url=(item.get("external_urls") or {}).get("spotify"),
            progress_ms=int(data.get("progress_ms") or 0),
            duration_ms=int(item.get("duration_ms") or 0),
            is_playing=bool(data.get("is_playing")),
            device=Device.from_json(device) if isinstance(device, dict) else None,
            context_uri=context.get("uri"),
        )


def next_poll(playing: Playing | None) -> float | None:
    """Seconds until the player is worth asking again; None when nothing plays."""
    if playing is None or playing.uri is None:
        return None
    if not playing.is_playing:
        return POLL_PAUSED
    left = max(0, playing.duration_ms - playing.progress_ms) / 1000
    return max(POLL_MIN, min(POLL_PLAYING, left + POLL_AFTER_END))


@dataclass(frozen=True, slots=True)
class PlayRequest:
    """What to start: a track list, or a playlist on Spotify from one of its tracks."""

    uris: tuple[str, ...] = ()
    context_uri: str | None = None
    offset_uri: str | None = None

    def body(self) -> dict:
        if self.context_uri:
            body: dict = {"context_uri": self.context_uri}
            if self.offset_uri:
                body["offset"] = {"uri": self.offset_uri}
            return body
        return {"uris": list(self.uris[:MAX_PLAY_URIS])}


def play_request(playlist, index: int, *, whole: bool = True) -> PlayRequest | None:
    """Play ``playlist.items[index]`` (and, with ``whole``, the tracks after it).

    A playlist synced to Spotify plays as that playlist (Spotify then shows it as the
    source and carries on through it); otherwise the matched tracks go as a list.
    """
    uri = playlist.items[index].spotify_uri
    if uri is None:
        return None
    if not whole:
        return PlayRequest(uris=(uri,))
    remote = playlist.remote
    if remote is not None and remote.id:
        return PlayRequest(context_uri=f"spotify:playlist:{remote.id}", offset_uri=uri)
    after = [item.spotify_uri for item in playlist.items[index:] if item.spotify_uri]
    return PlayRequest(uris=tuple(after))


class Player:
    """The player commands, on the client's request policy."""

    def __init__(self, client: SpotifyClient):
        self.client = client

    def devices(self) -> list[Device]:
        found = self._send("GET", "me/player/devices") or {}
        return [Device.from_json(d) for d in found.get("devices") or [] if isinstance(d, dict)]

    def state(self) -> Playing | None:
        """What plays (or is paused); None when the player is idle (204)."""
        found = self._send("GET", "me/player")
        return Playing.from_json(found) if isinstance(found, dict) and found else None

    def play(self, request: PlayRequest, device: Device | None = None) -> None:
        if device is not None and device.is_restricted:
            raise DeviceRestricted(device.name)
        self._send("PUT", "me/player/play", payload=request.body(), device=device)

    def play_from(self, playlist, index: int, *, whole: bool = True, device=None) -> None:
        """Play ``playlist`` from item ``index``.  If the Spotify playlist no longer holds
        that track (edited since the last sync), its matched tracks go as a list instead."""
        request = play_request(playlist, index, whole=whole)
        if request is None:
            raise ValueError("the item has no Spotify track")
        try:
            self.play(request, device)
        except ApiError as error:
            if not request.context_uri or error.status not in (400, 404):
                raise
            after = [i.spotify_uri for i in playlist.items[index:] if i.spotify_uri]
            self.play(PlayRequest(uris=tuple(after)), device)

    def resume(self, device: Device | None = None) -> None:
        self._send("PUT", "me/player/play", device=device)

    def pause(self) -> None:
        self._send("PUT", "me/player/pause")

    def next(self) -> None:
        self._send("POST", "me/player/next")

    def previous(self) -> None:
        self._send("POST", "me/player/previous")

    def transfer(self, device: Device, play: bool = True) -> None:
        if device.is_restricted:
            raise DeviceRestricted(device.name)
        self._send("PUT", "me/player", payload={"device_ids": [device.id], "play": play})

    def _send(self, method: str, path: str, *, payload=None, device: Device | None = None):
        params = {"device_id": device.id} if device is not None and device.id else None
        try:
            return self.client.request(method, path, payload=payload, params=params)
        except ApiError as error:
            raise _player_error(error, payload) from None
        except MaybeApplied:
            raise NetworkError(
                "Spotify did not answer the player command; it may or may not have reached "
                "your device. Try again."
            ) from None


def _player_error(error: ApiError, payload) -> SpotifyError:
    reason = (error.reason or "").upper()
    text = str(error)
    if reason == "NO_ACTIVE_DEVICE" or (error.status == 404 and "device" in text.lower()):
        return NoActiveDevice()
    if reason == "PREMIUM_REQUIRED":
        return PremiumRequired()
    if reason in ("DEVICE_NOT_CONTROLLABLE", "REMOTE_CONTROL_DISALLOW"):
        return DeviceRestricted()
    if error.status == 403 and "restriction violated" in text.lower() and payload:
        # What the player answers when the track itself may not be played here.
        return NotAvailable()
    if error.status in (401, 403) and "scope" in text.lower():
        return PlaybackScopeMissing(list(config.PLAYBACK_SCOPES))
    return error


def check_playback_scopes() -> None:
    """Raise PlaybackScopeMissing when the saved sign-in cannot control playback."""
    from app.spotify.auth import missing_scopes

    missing = missing_scopes(config.PLAYBACK_SCOPES)
    if missing:
        raise PlaybackScopeMissing(missing)


def find_device(devices: list[Device], name: str) -> Device | None:
    """The device called ``name`` (any case), or the one whose name starts with it."""
    wanted = name.strip().casefold()
    exact = [d for d in devices if d.name.casefold() == wanted]
    if exact:
        return exact[0]
    starts = [d for d in devices if d.name.casefold().startswith(wanted)]
    return starts[0] if len(starts) == 1 else None
