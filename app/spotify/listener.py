"""The one-shot loopback server that receives Spotify's redirect after sign-in.

It listens on 127.0.0.1 only (the browser on this machine is the only one that should
reach it), accepts exactly one callback whose ``state`` matches the sign-in that was
started, and gives up on a timeout or a cancel.  A callback with the wrong state is
refused outright: accepting it would let another page sign this program in to someone
else's account.
"""

from __future__ import annotations

import errno
import html
import queue
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from app.core.tasks import Cancelled, CancelToken
from app.spotify.errors import SignInFailed

LOOPBACK = "127.0.0.1"
POLL_SECONDS = 0.1  # how often a wait looks at its cancel token


def parse_redirect_uri(redirect_uri: str) -> tuple[int, str]:
    """(port, path) of a loopback redirect URI; SignInFailed for anything we cannot serve."""
    parts = urlsplit(redirect_uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "http" or parts.hostname != LOOPBACK or not port:
        raise SignInFailed(
            f"redirect URI {redirect_uri} cannot be received by this program; use "
            f"http://{LOOPBACK}:PORT/callback (set SPOTIPY_REDIRECT_URI and register the same "
            "address in your Spotify app)"
        )
    return port, parts.path or "/"


def _page(title: str, text: str) -> bytes:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head>"
        "<body style='font-family:sans-serif;margin:3em'>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    ).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    listener: CallbackListener


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # a browser's idle pre-connection must not hold a thread for ever

    def do_GET(self) -> None:
        self.server.listener._on_request(self)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request line holds the authorization code: keep it off the console

    def answer(self, status: int, title: str, text: str) -> None:
        body = _page(title, text)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class CallbackListener:
    """Binds at construction (so a taken port is reported before the browser opens)."""

    def __init__(self, redirect_uri: str, state: str):
        self.port, self.path = parse_redirect_uri(redirect_uri)
        self._state = state
        self._outcome: queue.Queue[tuple[str, str]] = queue.Queue()
        self._done = threading.Event()
        try:
            self._server = _Server((LOOPBACK, self.port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SignInFailed(
                    f"port {self.port} is in use; set SPOTIPY_REDIRECT_URI to another "
                    f"{LOOPBACK} port registered in your Spotify app"
                ) from None
            raise SignInFailed(f"cannot listen on {LOOPBACK}:{self.port}: {exc.strerror}") from None
        self._server.listener = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(POLL_SECONDS,),
            daemon=True,
            name="sign-in-listener",
        )
        self._thread.start()

    def _on_request(self, handler: _Handler) -> None:
        url = urlsplit(handler.path)
        if url.path != self.path:
            handler.send_error(404)  # /favicon.ico and strays: not the callback
            return
        if self._done.is_set():
            handler.answer(409, "Already handled", "Return to Drive Playlist.")
            return
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        state = query.get("state", "")
        if not secrets.compare_digest(state.encode(), self._state.encode()):
            self._finish(
                "fail",
                "state mismatch: the browser's answer does not belong to the "
                "sign-in this program started, so it was refused; run login again",
            )
            handler.answer(
                400,
                "Sign-in refused",
                "This answer does not match the sign-in Drive Playlist started. "
                "Return to Drive Playlist and try again.",
            )
            return
        if "error" in query or not query.get("code"):
            reason = query.get("error") or "no authorization code"
            self._finish(
                "fail", f"Spotify sign-in was refused ({reason}); run login again to retry"
            )
            handler.answer(
                200,
                "Sign-in refused",
                "Drive Playlist was not given access. You can close this tab and "
                "return to Drive Playlist.",
            )
            return
        self._finish("code", query["code"])
        handler.answer(200, "Signed in", "You can close this tab and return to Drive Playlist.")

    def _finish(self, kind: str, value: str) -> None:
        if not self._done.is_set():
            self._done.set()
            self._outcome.put((kind, value))

    def wait(self, timeout: float, cancel: CancelToken | None = None) -> str:
        """The authorization code; SignInFailed on refusal or timeout, Cancelled on cancel."""
        deadline = time.monotonic() + timeout
        while True:
            if cancel is not None and cancel.cancelled:
                raise Cancelled("sign-in cancelled")
            left = deadline - time.monotonic()
            if left <= 0:
                raise SignInFailed(
                    f"no answer from the browser within {timeout:g} s; run login again "
                    "(the address printed can be opened in any browser on this machine)"
                )
            try:
                kind, value = self._outcome.get(timeout=min(POLL_SECONDS, left))
            except queue.Empty:
                continue
            if kind == "code":
                return value
            raise SignInFailed(value)

    def close(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
