"""Check the fake's recorded requests and answers against Spotify's OpenAPI description.

The description is the community-maintained one for the 2026 API; where the fake and the
spec disagree, one of them is wrong about Spotify, and the test says which exchange.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from app.storage.home import project_root
from app.storage.yamlio import read
from tests.fakespotify.server import RecordedRequest

ENV_SPEC = "DRIVE_PLAYLIST_OPENAPI_SPEC"
_COMMANDS = r"me/player(/(play|pause|next|previous))?"
# Answers the real API gives that the description does not list: (method, path pattern,
# status) -> why.  The check names them instead of failing on them.
KNOWN_DEVIATIONS = {
    ("PUT|POST", _COMMANDS, 404): "NO_ACTIVE_DEVICE (or an unknown device) from a player command",
    ("PUT", _COMMANDS, 400): "a malformed player command (the description lists no 400)",
    ("GET", r"me/player/currently-playing", 204): "204 when nothing plays",
    ("PUT", r"playlists/[^/]+/images", 400): "a cover that is not base64 JPEG",
    ("PUT", r"playlists/[^/]+/images", 404): "a cover for a playlist that does not exist",
    ("PUT", r"playlists/[^/]+/images", 413): "a cover over 256 KB",
}
SPEC_HOST = "https://api.spotify.com"  # the spec's server is https://api.spotify.com/v1


def spec_path() -> Path:
    override = os.environ.get(ENV_SPEC)
    if override:
        return Path(override)
    return project_root().parent / "shared" / "spotify" / "spotify-web-api.openapi.yml"


@functools.cache
def _load(path: str) -> OpenAPI:
    # 280 KB of YAML: parsed once per test session, whichever test asks first.
    data = read(path)
    _map_discriminators(data)
    return OpenAPI.from_dict(data)


def _map_discriminators(node) -> None:
    """Give every ``discriminator`` without a ``mapping`` the one its ``oneOf`` implies.

    The description says an item is ``TrackObject | EpisodeObject`` told apart by ``type``
    but leaves out the mapping, so a validator looks for schemas named ``track`` and
    ``episode`` and fails on every correct playlist item.  "TrackObject" -> "track".
    """
    if isinstance(node, dict):
        found = node.get("discriminator")
        if isinstance(found, dict) and "mapping" not in found and "oneOf" in node:
            refs = [option.get("$ref", "") for option in node["oneOf"]]
            found["mapping"] = {
                ref.rsplit("/", 1)[-1].removesuffix("Object").lower(): ref for ref in refs if ref
            }
        for value in node.values():
            _map_discriminators(value)
    elif isinstance(node, list):
        for value in node:
            _map_discriminators(value)


def openapi_or_skip() -> OpenAPI:
    path = spec_path()
    if not path.is_file():
        pytest.skip(f"Spotify's OpenAPI description is not at {path} (set {ENV_SPEC})")
    return _load(str(path))


@dataclass
class _Request:
    rec: RecordedRequest

    def __post_init__(self) -> None:
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(self.rec.raw_query, keep_blank_values=True)),
            header=Headers(list(self.rec.headers.items())),
        )

    host_url = SPEC_HOST

    @property
    def path(self) -> str:
        return "/v1/" + self.rec.path

    @property
    def method(self) -> str:
        return self.rec.method.lower()

    @property
    def body(self) -> bytes | str | None:
        if self.content_type.startswith("image/"):
            # A cover is base64 text that the description types as a string; openapi-core
            # would compare the raw bytes with it.
            return self.rec.raw_body.decode("ascii", "replace") or None
        return self.rec.raw_body or None

    @property
    def content_type(self) -> str:
        return _header(self.rec.headers, "Content-Type") or "application/json"


@dataclass
class _Response:
    rec: RecordedRequest

    @property
    def status_code(self) -> int:
        return self.rec.status or 0

    @property
    def content_type(self) -> str:
        return _header(self.rec.response_headers, "Content-Type") or "application/json"

    @property
    def headers(self) -> Headers:
        return Headers(list(self.rec.response_headers.items()))

    @property
    def data(self) -> bytes | None:
        return self.rec.response_body or None


def _header(headers: dict, name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value.lower()
    return ""


def _short(text: str, size: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _describe(exc: BaseException) -> str:
    """The validator's findings in one line: each schema error with where it is."""
    parts = [f"{type(exc).__name__}: {_short(str(exc))}"]
    while exc is not None:
        for error in (getattr(exc, "schema_errors", None) or [])[:5]:
            where = "/".join(str(p) for p in error.path) or "(top)"
            parts.append(f"at {where}: {_short(error.message)}")
        exc = exc.__cause__
    return "; ".join(parts)


def problems(rec: RecordedRequest, spec: OpenAPI | None = None) -> list[str]:
    """What the spec finds wrong with one exchange, one line each (empty when it agrees)."""
    spec = spec or openapi_or_skip()
    where = f"{rec.method} /v1/{rec.path}"
    found = []
    request = _Request(rec)
    with warnings.catch_warnings():
        # openapi-core cannot check OAuth 2 schemes and says so each time; the fake checks
        # tokens itself.
        warnings.simplefilter("ignore", UserWarning)
        _validate(spec, request, rec, where, found)
    return found


def known_deviation(rec: RecordedRequest) -> str | None:
    """Why the description does not cover this answer, when it is a known deviation."""
    for (methods, pattern, status), why in KNOWN_DEVIATIONS.items():
        if (
            rec.status == status
            and re.fullmatch(methods, rec.method)
            and re.fullmatch(pattern, rec.path)
        ):
            return why
    return None


def deviations(records) -> list[str]:
    return [
        f"{r.method} /v1/{r.path} -> {r.status}: {why}"
        for r in records
        if (why := known_deviation(r)) is not None
    ]


def _validate(spec: OpenAPI, request: _Request, rec: RecordedRequest, where, found) -> None:
    try:
        spec.validate_request(request)
    except Exception as exc:  # openapi-core raises a family of types; all are findings here
        found.append(f"{where}: request: {_describe(exc)}")
    # An answer trimmed by ``fields=`` lacks fields the schema requires, as Spotify's own
    # does: only its request can be checked.
    trimmed = rec.status == 200 and "fields" in rec.query
    if rec.status is not None and rec.answered and not trimmed and known_deviation(rec) is None:
        try:
            spec.validate_response(request, _Response(rec))
        except Exception as exc:
            found.append(f"{where} -> {rec.status}: response: {_describe(exc)}")


def all_problems(records, spec: OpenAPI | None = None) -> list[str]:
    spec = spec or openapi_or_skip()
    return [line for rec in records for line in problems(rec, spec)]
