"""The fake accounts service: authorize (auto-approved), PKCE code exchange, refresh.

Error answers follow Spotify's OAuth JSON: ``{"error": ..., "error_description": ...}``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

DEFAULT_SCOPE = "playlist-modify-private playlist-modify-public playlist-read-private"


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def body(self) -> dict:
        return {"error": self.error, "error_description": self.description}


class TokenRefused(Exception):
    """An API request whose bearer token this fake did not issue, or that has expired."""


@dataclass
class _Code:
    redirect_uri: str
    challenge: str
    scope: str


@dataclass
class _Access:
    expires_at: float
    scope: str
    expired: bool = False


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _with_query(url: str, params: dict) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


class Accounts:
    def __init__(self, client_id: str):
        self.client_id = client_id
        self.deny_next_authorize = False
        self._lock = threading.Lock()
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, _Access] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> scope

    def authorize(self, params: dict[str, str]) -> str:
        """The address the browser is sent to after a person clicks Agree (or Cancel)."""
        if params.get("client_id") != self.client_id:
            raise OAuthError("invalid_client", "INVALID_CLIENT: Invalid client")
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://127.0.0.1", "https://")):
            raise OAuthError("invalid_request", "INVALID_CLIENT: Invalid redirect URI")
        state = {"state": params["state"]} if "state" in params else {}
        if params.get("response_type") != "code":
            return _with_query(redirect_uri, {"error": "unsupported_response_type", **state})
        challenge = params.get("code_challenge", "")
        if not challenge or params.get("code_challenge_method") != "S256":
            return _with_query(redirect_uri, {"error": "invalid_request", **state})
        with self._lock:
            if self.deny_next_authorize:
                self.deny_next_authorize = False
                return _with_query(redirect_uri, {"error": "access_denied", **state})
            code = "fakecode-" + secrets.token_urlsafe(24)
            scope = params.get("scope") or DEFAULT_SCOPE
            self._codes[code] = _Code(redirect_uri, challenge, scope.replace("+", " "))
        return _with_query(redirect_uri, {"code": code, **state})

    def token(self, form: dict[str, str], basic_client_id: str | None = None) -> dict:
        client_id = form.get("client_id") or basic_client_id
        if client_id != self.client_id:
            raise OAuthError("invalid_client", "Invalid client")
        grant = form.get("grant_type")
        if grant == "authorization_code":
            return self._exchange(form)
        if grant == "refresh_token":
            with self._lock:
                scope = self._refresh.get(form.get("refresh_token", ""))
            if scope is None:
                raise OAuthError("invalid_grant", "Invalid refresh token")
            return self.grant(scope=scope)
        raise OAuthError(
            "unsupported_grant_type",
            f"grant_type must be authorization_code or refresh_token, not {grant!r}",
        )

    def _exchange(self, form: dict[str, str]) -> dict:
        with self._lock:
            code = self._codes.pop(form.get("code", ""), None)  # a code works once
        if code is None:
            raise OAuthError("invalid_grant", "Invalid authorization code")
        if form.get("redirect_uri") != code.redirect_uri:
            raise OAuthError("invalid_grant", "Invalid redirect URI")
        verifier = form.get("code_verifier", "")
        if not verifier or s256(verifier) != code.challenge:
            raise OAuthError("invalid_grant", "code_verifier was incorrect")
        return self.grant(scope=code.scope)

    def grant(self, scope: str = DEFAULT_SCOPE, expires_in: int = 3600) -> dict:
        """A fresh token answer, as the token endpoint gives it (always with ``scope``)."""
        access = "fakeaccess-" + secrets.token_urlsafe(24)
        refresh = "fakerefresh-" + secrets.token_urlsafe(24)
        with self._lock:
            self._access[access] = _Access(time.time() + expires_in, scope)
            self._refresh[refresh] = scope
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": expires_in,
            "refresh_token": refresh,
            "scope": scope,
        }

    def check(self, authorization: str | None) -> None:
        """Raise TokenRefused with the message the real API would give."""
        scheme, _, token = (authorization or "").partition(" ")
        with self._lock:
            access = self._access.get(token.strip()) if scheme == "Bearer" else None
            if access is None:
                raise TokenRefused("Invalid access token")
            if access.expired or access.expires_at <= time.time():
                raise TokenRefused("The access token expired")

    def scope_of(self, authorization: str | None) -> str:
        """The scopes granted to the bearer token (checked valid already)."""
        _scheme, _, token = (authorization or "").partition(" ")
        with self._lock:
            access = self._access.get(token.strip())
        return access.scope if access else ""

    def expire_all(self) -> None:
        with self._lock:
            for access in self._access.values():
                access.expired = True
