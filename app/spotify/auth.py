"""Signing in to Spotify (Authorization Code with PKCE, no client secret) and out again.

The flow: bind the loopback listener first (so a taken port is reported before the
browser opens), open the authorize URL, wait for the one callback whose ``state`` matches,
then exchange the code on the same auth manager, which holds the PKCE verifier.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import webbrowser
from collections.abc import Callable
from typing import Any

from app.core.tasks import CancelToken, ProgressCallback
from app.spotify import config
from app.spotify.client import Authorizer, SpotifyClient
from app.spotify.errors import NotConfigured, NotSignedIn
from app.spotify.listener import CallbackListener, parse_redirect_uri
from app.spotify.paths import token_path
from app.storage.located import LoadError


def _settings_or_fail(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except LoadError as exc:
        raise NotConfigured(f"cannot read the settings: {exc}") from None


def granted_scopes() -> frozenset[str]:
    """The scopes the saved sign-in allows (from the token cache's ``scope`` field)."""
    try:
        info = json.loads(token_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    scope = info.get("scope") if isinstance(info, dict) else None
    return frozenset(scope.split()) if isinstance(scope, str) else frozenset()


def missing_scopes(wanted) -> list[str]:
    """Which of ``wanted`` the saved sign-in lacks: a new sign-in must ask for them."""
    granted = granted_scopes()
    return [scope for scope in wanted if scope not in granted]


def _wanted_scopes(extra) -> str:
    # A new consent replaces the old token: keep asking for what was granted before.
    wanted = dict.fromkeys([*config.SCOPES.split(), *sorted(granted_scopes()), *extra])
    return " ".join(wanted)


def _authorizer(
    client_id: str | None, redirect_uri: str | None, scopes: str = config.SCOPES
) -> Authorizer:
    client_id = client_id or _settings_or_fail(config.client_id)
    if not client_id:
        raise NotConfigured()
    return Authorizer(
        client_id=client_id,
        redirect_uri=redirect_uri or _settings_or_fail(config.redirect_uri),
        scopes=scopes,
        accounts_url=config.accounts_url(),
        token_path=token_path(),
    )


class SignIn:
    """One sign-in attempt; the window runs ``wait`` on a worker thread, the CLI inline."""

    def __init__(
        self,
        client_id: str | None = None,
        redirect_uri: str | None = None,
        open_browser: Callable[[str], object] | None = webbrowser.open,
        extra_scopes: tuple[str, ...] = (),
    ):
        # Clients check the base scopes only: a token with more still serves them.
        self._authorizer = _authorizer(client_id, redirect_uri, _wanted_scopes(extra_scopes))
        self.redirect_uri = self._authorizer.manager.redirect_uri
        parse_redirect_uri(self.redirect_uri)  # refuse an unusable address before anything
        self._open_browser = open_browser
        self._state = secrets.token_urlsafe(24)
        self._listener: CallbackListener | None = None
        self.authorize_url = ""

    def start(self) -> str:
        """Listen for the callback, then open the browser; returns the authorize URL."""
        if self._listener is None:
            self._listener = CallbackListener(self.redirect_uri, self._state)
            self.authorize_url = self._authorizer.authorize_url(self._state)
            if self._open_browser is not None:
                # No browser (a server, a bare console) is fine: the address is shown too.
                with contextlib.suppress(Exception):
                    self._open_browser(self.authorize_url)
        return self.authorize_url

    def wait(self, timeout: float = 300, cancel: CancelToken | None = None) -> dict:
        """The signed-in person's {"id", "display_name"}; SignInFailed or Cancelled otherwise."""
        self.start()
        assert self._listener is not None
        try:
            code = self._listener.wait(timeout, cancel)
        finally:
            self.close()
        self._authorizer.exchange(code)
        profile = SpotifyClient(self._authorizer, api_url=config.api_url(), cancel=cancel).me()
        return {"id": profile.get("id"), "display_name": profile.get("display_name")}

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()

    def __enter__(self) -> SignIn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sign_out() -> bool:
    """Forget the sign-in; True when there was one."""
    try:
        token_path().unlink()
    except (FileNotFoundError, NotADirectoryError):  # the folder itself may be unusable
        return False
    return True


def signed_in_client(
    on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None, **tuning: Any
) -> SpotifyClient:
    """A client for the saved sign-in; NotConfigured / NotSignedIn when there is none.

    ``tuning`` passes SpotifyClient's retry settings (backoff_base, max_rate_wait, ...).
    """
    authorizer = _authorizer(None, None)
    if not token_path().exists():
        raise NotSignedIn()
    return SpotifyClient(
        authorizer, api_url=config.api_url(), on_progress=on_progress, cancel=cancel, **tuning
    )
