"""The Spotify Web API as this program uses it; the only module that imports spotipy.

spotipy is kept for what it does well (the PKCE handshake, the token cache format,
building requests) and told to retry nothing itself: it would repeat a POST whose first
attempt landed (duplicate tracks) and sit silently through hour-long rate limits.  The
policy lives here instead: rate limits are waited out visibly and cancellably, reads are
retried with backoff, a change whose answer was lost is reported as MaybeApplied, and an
expired token is refreshed once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import random
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
import spotipy
import urllib3
from spotipy.cache_handler import CacheHandler
from spotipy.oauth2 import SpotifyOauthError

from app.core.playlist import Candidate
from app.core.sync_plan import BATCH  # the API's limit of URIs per playlist-items request
from app.core.tasks import CancelToken, Progress, ProgressCallback
from app.spotify.errors import (
    ApiError,
    MaybeApplied,
    NetworkError,
    NotSignedIn,
    PlaylistGone,
    QuotaExceeded,
    RateLimited,
    SignInFailed,
    SpotifyError,
)
from app.storage.atomic import write_atomic

MAX_RATE_WAIT = 120.0  # seconds: a longer Retry-After ends the run (the next run resumes)
MAX_RATE_WAITS = 10  # consecutive 429s sat through before giving up
BACKOFF_BASE = 0.5  # seconds before the second attempt of a read; doubles each time
BACKOFF_CAP = 8.0
READ_ATTEMPTS = 4
REQUESTS_TIMEOUT = 10.0
_SERVER_ERRORS = (500, 502, 503, 504)
PAGE_SIZE = 50  # the API's most entries per page of a list
QUOTA_EXCEEDED = "QUOTA_EXCEEDED"  # what a 429's body says when waiting will not help
SEARCH_LIMIT = 10  # the API's most results per search since 2026

# --- keeping tokens out of logs ---------------------------------------------------------

_SECRETS = [
    re.compile(r"(Bearer\s+)[^\s'\"}]+"),
    re.compile(r"(['\"](?:access_token|refresh_token|code|code_verifier)['\"]:\s*['\"])[^'\"]*"),
    re.compile(r"((?:access_token|refresh_token|code|code_verifier)=)[^&\s'\"]+"),
]


def redact(text: str) -> str:
    for pattern in _SECRETS:
        text = pattern.sub(r"\1[redacted]", text)
    return text


class _RedactSecrets(logging.Filter):
    """spotipy logs request headers and token requests at DEBUG: scrub them at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        return True


for _name in ("spotipy.client", "spotipy.oauth2", "spotipy.util", "spotipy.cache_handler"):
    logging.getLogger(_name).addFilter(_RedactSecrets())
# Its warnings become our one-line errors; without a handler Python would print them raw.
logging.getLogger("spotipy").addHandler(logging.NullHandler())


# --- tokens and sign-in ------------------------------------------------------------------


class TokenCache(CacheHandler):
    """spotipy's token JSON at ``path``, readable by the owner only from the first byte."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def get_cached_token(self) -> dict | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save_token_to_cache(self, token_info: dict) -> None:
        try:
            write_atomic(
                self.path, json.dumps(token_info), backup=False, mode=0o600, follow_link=False
            )
        except OSError as exc:
            raise SpotifyError(
                f"cannot save the Spotify sign-in to {self.path}: {exc.strerror}"
            ) from None
        if self.path.stat().st_mode & 0o077:
            os.chmod(self.path, 0o600)


class _PKCE(spotipy.SpotifyPKCE):
    def get_authorization_code(self, response: str | None = None) -> str:
        # spotipy would fall back to its own redirect catcher or input(): never here.
        raise NotSignedIn()


@contextlib.contextmanager
def _token_errors(during_sign_in: bool = False) -> Iterator[None]:
    try:
        yield
    except SpotifyOauthError as exc:
        if during_sign_in:
            detail = exc.error_description or exc.error or "refused"
            raise SignInFailed(
                f"Spotify did not accept the sign-in ({detail}); run login again"
            ) from None
        raise NotSignedIn(
            "Spotify no longer accepts the saved sign-in: run `drive-playlist login`"
        ) from None
    except requests.RequestException as exc:
        raise NetworkError(
            f"cannot reach Spotify's sign-in service ({_brief(exc)}); check the connection"
        ) from None


class Authorizer:
    """One PKCE auth manager: the authorize URL, the code exchange, refreshes."""

    def __init__(
        self,
        client_id: str,
        redirect_uri: str,
        scopes: str,
        accounts_url: str,
        token_path: Path,
        requests_timeout: float = REQUESTS_TIMEOUT,
    ):
        self.cache = TokenCache(token_path)
        self._lock = threading.RLock()
        self.manager = _PKCE(
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=scopes,
            requests_timeout=requests_timeout,
            open_browser=False,
            cache_handler=self.cache,
        )
        self.manager.OAUTH_AUTHORIZE_URL = accounts_url + "authorize"
        self.manager.OAUTH_TOKEN_URL = accounts_url + "api/token"

    def authorize_url(self, state: str) -> str:
        return self.manager.get_authorize_url(state=state)

    def exchange(self, code: str) -> None:
        """Trade the authorization code for tokens (the manager keeps the PKCE verifier)."""
        with self._lock, _token_errors(during_sign_in=True):
            self.manager.get_access_token(code=code, check_cache=False)

    def access_token(self) -> str:
        """A valid access token, refreshed first when it is (nearly) expired."""
        with self._lock, _token_errors():
            return self.manager.get_access_token(check_cache=True)

    def refresh(self, stale: str | None) -> None:
        """Refresh now, unless another thread already replaced the ``stale`` token."""
        with self._lock:
            info = self.cache.get_cached_token() or {}
            if not info.get("refresh_token"):
                raise NotSignedIn()
            if stale is not None and info.get("access_token") != stale:
                return
            with _token_errors():
                self.manager.refresh_access_token(info["refresh_token"])


class _Auth:
    """Hands spotipy the token (and remembers it, so a 401 knows which one went stale)."""

    def __init__(self, authorizer: Authorizer):
        self.authorizer = authorizer
        self.local = threading.local()

    def get_access_token(self, as_dict: bool = False) -> str:
        self.local.token = self.authorizer.access_token()
        return self.local.token


def _brief(exc: BaseException) -> str:
    text = redact(str(exc)).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:160]


def candidate_from_track(track: dict) -> Candidate:
    """A search result (TrackObject) as the matcher sees it."""
    album = track.get("album") or {}
    date = album.get("release_date") or ""
    images = [i for i in album.get("images") or [] if i.get("url")]
    # Thumbnails: the image nearest 300 px wide (Spotify sends 640, 300 and 64).
    image = min(images, key=lambda i: abs((i.get("width") or 300) - 300), default=None)
    ms = track.get("duration_ms")
    return Candidate(
        uri=track["uri"],
        title=track.get("name") or "",
        artists=tuple(a.get("name") or "" for a in track.get("artists") or []),
        album=album.get("name"),
        year=int(date[:4]) if date[:4].isdigit() and int(date[:4]) else None,  # "0000": unknown
        duration=round(ms / 1000) if isinstance(ms, int | float) else None,
        url=(track.get("external_urls") or {}).get("spotify"),
        image_url=image["url"] if image else None,
        isrc=(track.get("external_ids") or {}).get("isrc"),
    )


# --- the API -----------------------------------------------------------------------------


def _retry_after(exc: spotipy.SpotifyException) -> float:
    try:
        return max(0.0, float(exc.headers.get("Retry-After", 1)))
    except (TypeError, ValueError):
        return 1.0


def _quota_exceeded(exc: spotipy.SpotifyException) -> bool:
    """The 429 body names the quota (in its reason or its message), not a rate limit."""
    return QUOTA_EXCEEDED in f"{exc.reason} {exc.msg}"


def _status(exc: spotipy.SpotifyException) -> int:
    # With status_forcelist set and no retries left, urllib3 turns a 5xx into "Max Retries"
    # which spotipy reports as 429 without headers; the real status is in the reason.
    if exc.http_status == 429 and not exc.headers:
        found = re.search(r"too many (\d{3}) error", str(exc.reason))
        if found:
            return int(found.group(1))
    return exc.http_status


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the connection was never made, so a change cannot have landed."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


class SpotifyClient:
    """The calls the program makes, each with the retry policy described above."""

    def __init__(
        self,
        authorizer: Authorizer,
        *,
        api_url: str,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        backoff_base: float = BACKOFF_BASE,
        backoff_cap: float = BACKOFF_CAP,
        read_attempts: int = READ_ATTEMPTS,
        max_rate_wait: float = MAX_RATE_WAIT,
        requests_timeout: float = REQUESTS_TIMEOUT,
    ):
        self.authorizer = authorizer
        self._auth = _Auth(authorizer)
        self._sp = spotipy.Spotify(
            auth_manager=self._auth,
            retries=0,
            status_retries=0,
            status_forcelist=_SERVER_ERRORS,
            requests_timeout=requests_timeout,
        )
        self._sp.prefix = api_url
        self.on_progress = on_progress
        self.cancel = cancel or CancelToken()
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        self.read_attempts, self.max_rate_wait = read_attempts, max_rate_wait
        self.requests_made = 0
        self._count_lock = threading.Lock()
        self._my_id: str | None = None

    # -- the calls --

    def me(self) -> dict:
        profile = self._call("GET", "me")
        self._my_id = profile.get("id")
        return profile

    def search_tracks(
        self, q: str, *, limit: int = SEARCH_LIMIT, offset: int = 0, market: str | None = None
    ) -> list[Candidate]:
        limit = max(1, min(SEARCH_LIMIT, limit))
        params = {"q": q, "type": "track", "limit": limit, "offset": offset, "market": market}
        found = self._call("GET", "search", params=params) or {}
        items = (found.get("tracks") or {}).get("items") or []
        return [candidate_from_track(t) for t in items if t and t.get("uri")]

    def create_playlist(self, name: str, description: str, public: bool) -> dict:
        body = {"name": name, "description": description, "public": public}
        return self._call("POST", "me/playlists", payload=body)

    def get_playlist(self, playlist_id: str, owner: str | None = None) -> dict:
        """The playlist's details, snapshot and first page of items, in one request.

        Raises PlaylistGone when it is not the person's: ``owner`` (known from the file)
        saves asking who the person is.
        """
        found = self._call(
            "GET",
            f"playlists/{playlist_id}",
            params={"additional_types": "episode"},
            playlist_id=playlist_id,
        )
        if owner is None:
            owner = self._my_id or self.me().get("id")
        if (found.get("owner") or {}).get("id") != owner:
            raise PlaylistGone(playlist_id)
        return found

    def playlist_state(self, playlist_id: str) -> tuple[str | None, int | None]:
        """Only the snapshot and the number of items: the check after a write."""
        found = self._call(
            "GET",
            f"playlists/{playlist_id}",
            params={"fields": "snapshot_id,items.total"},
            playlist_id=playlist_id,
        )
        return found.get("snapshot_id"), (found.get("items") or {}).get("total")

    def update_details(
        self,
        playlist_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        public: bool | None = None,
    ) -> None:
        body = {
            k: v
            for k, v in (("name", name), ("description", description), ("public", public))
            if v is not None
        }
        if body:
            self._call("PUT", f"playlists/{playlist_id}", payload=body, playlist_id=playlist_id)

    def item_entries(
        self, playlist_id: str, offset: int = 0, totals: list[int] | None = None
    ) -> list[dict]:
        """The playlist's entries from ``offset`` on, in pages of PAGE_SIZE (the API's most);
        each page's ``total`` is added to ``totals`` (a change between pages shows there)."""
        entries: list[dict] = []
        while True:
            page = (
                self._call(
                    "GET",
                    f"playlists/{playlist_id}/items",
                    params={
                        "limit": PAGE_SIZE,
                        "offset": offset + len(entries),
                        "additional_types": "episode",
                    },
                    playlist_id=playlist_id,
                )
                or {}
            )
            found = page.get("items") or []
            entries.extend(found)
            if totals is not None:
                totals.append(page.get("total"))
            if not found or not page.get("next"):
                return entries

    def my_playlists(self, pages: int = 4) -> list[dict]:
        """The person's playlists, newest first (GET me/playlists), at most ``pages`` pages.

        Used after a create whose answer was lost: the new playlist is at the top.
        """
        found: list[dict] = []
        for offset in range(0, pages * PAGE_SIZE, PAGE_SIZE):
            page = (
                self._call("GET", "me/playlists", params={"limit": PAGE_SIZE, "offset": offset})
                or {}
            )
            found.extend(p for p in page.get("items") or [] if p)
            if not page.get("next"):
                break
        return found

    def replace_items(self, playlist_id: str, uris: list[str]) -> str:
        _check_batch(uris)
        done = self._call(
            "PUT",
            f"playlists/{playlist_id}/items",
            payload={"uris": list(uris)},
            playlist_id=playlist_id,
        )
        return (done or {}).get("snapshot_id", "")

    def add_items(self, playlist_id: str, uris: list[str], position: int | None = None) -> str:
        _check_batch(uris)
        body: dict[str, Any] = {"uris": list(uris)}
        if position is not None:
            body["position"] = position
        done = self._call(
            "POST", f"playlists/{playlist_id}/items", payload=body, playlist_id=playlist_id
        )
        return (done or {}).get("snapshot_id", "")

    def move_items(
        self,
        playlist_id: str,
        range_start: int,
        insert_before: int,
        range_length: int = 1,
        snapshot_id: str | None = None,
    ) -> str:
        """Move a block of entries; they keep their date added."""
        body: dict[str, Any] = {
            "range_start": range_start,
            "insert_before": insert_before,
            "range_length": range_length,
        }
        if snapshot_id:
            body["snapshot_id"] = snapshot_id
        done = self._call(
            "PUT", f"playlists/{playlist_id}/items", payload=body, playlist_id=playlist_id
        )
        return (done or {}).get("snapshot_id", "")

    def remove_items(self, playlist_id: str, uris: list[str]) -> str:
        _check_batch(uris)
        body = {"items": [{"uri": u} for u in dict.fromkeys(uris)]}
        done = self._call(
            "DELETE", f"playlists/{playlist_id}/items", payload=body, playlist_id=playlist_id
        )
        return (done or {}).get("snapshot_id", "")

    def request(
        self,
        method: str,
        path: str,
        *,
        payload: dict | str | None = None,
        params: dict | None = None,
        content_type: str | None = None,
    ) -> Any:
        """Any other call, under the same policy; ``content_type`` sends ``payload`` as is
        (a cover's base64 text) instead of as JSON."""
        params = dict(params or {})
        if content_type:
            params["content_type"] = content_type  # spotipy's way to send a raw body
        return self._call(method, path, payload=payload, params=params)

    # -- the policy --

    def _call(
        self,
        method: str,
        path: str,
        *,
        payload: dict | str | None = None,
        params: dict | None = None,
        playlist_id: str | None = None,
    ) -> Any:
        failures = rate_waits = 0
        refreshed = False
        while True:
            self.cancel.raise_if_cancelled()
            with self._count_lock:
                self.requests_made += 1
            try:
                return self._sp._internal_call(method, path, payload, dict(params or {}))
            except spotipy.SpotifyException as exc:
                status = _status(exc)
                if status == 429:
                    if _quota_exceeded(exc):
                        raise QuotaExceeded(_retry_after(exc)) from None
                    rate_waits += 1
                    wait = _retry_after(exc)
                    if wait > self.max_rate_wait or rate_waits > MAX_RATE_WAITS:
                        raise RateLimited(wait) from None
                    self._sit_out(wait)
                    continue
                if status == 401:
                    if refreshed:
                        raise NotSignedIn(
                            "Spotify keeps refusing the saved sign-in: run `drive-playlist login`"
                        ) from None
                    self.authorizer.refresh(stale=getattr(self._auth.local, "token", None))
                    refreshed = True
                    continue
                if status < 500:
                    raise _http_error(status, exc, method, path, playlist_id) from None
                failure: SpotifyError = ApiError(
                    status,
                    f"Spotify had a server error (HTTP {status}) on {method} {path}; "
                    "try again in a few minutes",
                )
                sent = True
            except requests.RequestException as exc:
                failure = NetworkError(
                    f"cannot reach Spotify ({_brief(exc)}); check the connection and try again"
                )
                sent = not _never_sent(exc)
            if method != "GET" and sent:
                raise MaybeApplied(
                    f"no answer from Spotify to {method} {path}: the change may or may not "
                    "have been applied; run the sync again to check"
                ) from None
            failures += 1
            if failures >= self.read_attempts:
                raise failure from None
            delay = min(self.backoff_cap, self.backoff_base * 2 ** (failures - 1))
            if self.cancel.wait(random.uniform(delay / 2, delay)):  # noqa: S311 (jitter)
                self.cancel.raise_if_cancelled()

    def _sit_out(self, seconds: float) -> None:
        """Wait out a rate limit, reporting the seconds left once a second; cancellable."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.on_progress:
                self.on_progress(
                    Progress(
                        "rate-limit",
                        0,
                        0,
                        f"Spotify asks to wait {math.ceil(left)} s (rate limit)",
                        wait=left,
                    )
                )
            if self.cancel.wait(min(1.0, left)):
                self.cancel.raise_if_cancelled()


def _check_batch(uris: list[str]) -> None:
    if len(uris) > BATCH:
        raise ValueError(f"at most {BATCH} URIs per request, got {len(uris)}")


def _http_error(
    status: int, exc: spotipy.SpotifyException, method: str, path: str, playlist_id: str | None
) -> SpotifyError:
    if playlist_id and status in (403, 404):
        return PlaylistGone(playlist_id)
    detail = redact(str(exc.msg).split("\n", 1)[-1].strip())[:200] or "no details"
    reason = exc.reason if isinstance(exc.reason, str) else None
    if status == 403:
        return ApiError(
            403,
            f"Spotify refused {method} {path} ({detail}); if your Spotify app is "
            "in development mode, add your account under its Users",
            reason=reason,
        )
    return ApiError(
        status, f"Spotify answered HTTP {status} to {method} {path} ({detail})", reason=reason
    )
