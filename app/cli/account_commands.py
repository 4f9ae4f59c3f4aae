"""``login``, ``logout``, ``whoami`` and ``config``: the Spotify account on the command line."""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser

from app.cli.common import market_code, spotify_failure
from app.cli.errors import CliError
from app.cli.output import shown


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("login", help="sign in to Spotify in the browser")
    p.add_argument(
        "--timeout",
        type=float,
        default=300,
        metavar="SECONDS",
        help="how long to wait for the browser (default: 300)",
    )
    p.add_argument(
        "--no-browser",
        action="store_true",
        help="only print the address to open (e.g. on a machine without a desktop)",
    )
    p.add_argument(
        "--playback",
        action="store_true",
        help="also allow playing on your Spotify devices (`play`, `devices`)",
    )
    p.set_defaults(run=run_login)

    p = sub.add_parser("logout", help="forget the Spotify sign-in (deletes the saved token)")
    p.set_defaults(run=run_logout)

    p = sub.add_parser("whoami", help="show which Spotify account is signed in")
    p.set_defaults(run=run_whoami)

    p = sub.add_parser("config", help="show or change the Spotify settings")
    p.add_argument(
        "--client-id",
        metavar="ID",
        help="the client id of your app on developer.spotify.com ('' to clear)",
    )
    p.add_argument(
        "--market",
        metavar="CC",
        help="two-letter country code for search results, e.g. GB ('' to clear)",
    )
    p.add_argument(
        "--redirect-uri",
        metavar="URI",
        help="http://127.0.0.1:PORT/callback, as registered in your app ('' to clear)",
    )
    p.set_defaults(run=run_config)


def _desktop_browser() -> bool:
    # Without a display, webbrowser falls back to text browsers that take over the terminal.
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run_login(args: argparse.Namespace) -> int:
    from app.core.tasks import Cancelled, CancelToken
    from app.spotify.auth import SignIn
    from app.spotify.config import PLAYBACK_SCOPES
    from app.spotify.errors import SpotifyError

    if args.timeout <= 0:
        raise CliError("--timeout must be a positive number of seconds")
    from app.storage.home import home

    home()  # before the browser: the sign-in is kept there (UnusableHome says why not)
    browser = None if args.no_browser or not _desktop_browser() else webbrowser.open
    cancel = CancelToken()
    extra = PLAYBACK_SCOPES if args.playback else ()
    try:
        with SignIn(open_browser=browser, extra_scopes=extra) as sign_in:
            url = sign_in.start()
            print(f"Open this address to sign in: {shown(url)}", flush=True)
            print(
                f"Waiting up to {args.timeout:g} s for the browser (Ctrl+C cancels)...", flush=True
            )
            profile = sign_in.wait(timeout=args.timeout, cancel=cancel)
    except KeyboardInterrupt:
        cancel.cancel()
        raise CliError("sign-in cancelled", status=130) from None
    except (SpotifyError, Cancelled) as exc:
        raise spotify_failure(exc) from None
    print(f"Signed in to Spotify as {_who(profile)}.")
    return 0


def run_logout(args: argparse.Namespace) -> int:
    from app.spotify.auth import sign_out

    if sign_out():
        print("Signed out of Spotify; the saved sign-in was deleted.")
    else:
        print("Not signed in to Spotify; nothing to do.")
    return 0


def run_whoami(args: argparse.Namespace) -> int:
    from app.spotify.auth import signed_in_client
    from app.spotify.errors import SpotifyError

    try:
        profile = signed_in_client().me()
    except SpotifyError as exc:
        raise spotify_failure(exc) from None
    print(_who(profile))
    return 0


def _who(profile: dict) -> str:
    name, ident = profile.get("display_name"), profile.get("id")
    return shown(f"{name} ({ident})" if name else str(ident))


def run_config(args: argparse.Namespace) -> int:
    from app.spotify.errors import SignInFailed
    from app.spotify.listener import parse_redirect_uri
    from app.storage.home import UnusableHome
    from app.storage.located import LoadError
    from app.storage.settings import load_settings, save_settings, settings_path

    try:
        settings = load_settings()
    except LoadError as exc:
        raise CliError(str(exc)) from None
    changes = {
        "client_id": args.client_id,
        "market": args.market,
        "redirect_uri": args.redirect_uri,
    }
    if all(v is None for v in changes.values()):
        for key in changes:
            print(f"{key}: {shown(getattr(settings, key) or '(not set)')}")
        return 0
    if args.market:
        changes["market"] = market_code(args.market)
    if args.redirect_uri:
        try:
            parse_redirect_uri(args.redirect_uri)
        except SignInFailed as exc:
            raise CliError(f"--redirect-uri: {exc}") from None
    for key, value in changes.items():
        if value is not None:
            setattr(settings, key, value.strip() or None)
    try:
        save_settings(settings)
    except UnusableHome:
        raise  # one line from main, naming the folder
    except OSError as exc:
        raise CliError(f"{settings_path()}: cannot save settings: {exc.strerror}", 1) from None
    print(f"Saved to {shown(settings_path())}.")
    return 0
