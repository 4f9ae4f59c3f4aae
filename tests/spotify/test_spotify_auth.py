"""Signing in and out against the fake Spotify over real HTTP: the CLI and the SignIn object."""

from __future__ import annotations

import logging
import os
import signal
import socket
import stat
import threading
import time

import pytest
import requests

from app.core.tasks import Cancelled, CancelToken
from app.spotify.auth import SignIn, sign_out, signed_in_client, token_path
from app.spotify.errors import NotConfigured, NotSignedIn, SignInFailed
from tests.fakespotify.helpers import (
    other_addresses,
    play_browser,
    read_authorize_url,
    saved_token,
    sign_in_with_fake,
    use_free_redirect_port,
    write_token,
)
from tests.program import cli, start_cli


@pytest.fixture
def redirect(monkeypatch):
    return use_free_redirect_port(monkeypatch)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_login_whoami_logout_through_the_cli(fake_spotify, redirect):
    proc = start_cli("login", "--no-browser", "--timeout", "60")
    url, _ = read_authorize_url(proc)
    assert url.startswith(fake_spotify.accounts_url + "authorize?")
    for part in ("code_challenge_method=S256", "state=", "response_type=code"):
        assert part in url
    assert "playlist-modify-private" in requests.utils.unquote(url)

    page = play_browser(url)
    assert page.status_code == 200
    assert "Drive Playlist" in page.text
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Signed in to Spotify as Drive Fan (drive-fan)." in out

    token = saved_token()
    assert _mode(token_path()) == 0o600
    assert token["scope"] and token["refresh_token"]

    whoami = cli("whoami")
    assert whoami.returncode == 0, whoami.stderr
    assert whoami.stdout.strip() == "Drive Fan (drive-fan)"

    logout = cli("logout")
    assert logout.returncode == 0
    assert not token_path().exists()
    after = cli("whoami")
    assert after.returncode == 1
    assert "drive-playlist login" in _one_line(after.stderr)

    for secret in (token["access_token"], token["refresh_token"]):
        for text in (out, err, whoami.stdout, whoami.stderr, logout.stdout, logout.stderr):
            assert secret not in text


def test_ctrl_c_cancels_login_cleanly(fake_spotify, redirect):
    proc = start_cli("login", "--no-browser")
    read_authorize_url(proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "sign-in cancelled" in _one_line(err)
    assert not token_path().exists()


def test_login_without_a_client_id_says_how_to_set_one(redirect):
    result = cli("login", "--no-browser")
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "SPOTIPY_CLIENT_ID" in line and "drive-playlist config --client-id" in line


def test_config_sets_the_client_id_used_by_login(fake_spotify, redirect, monkeypatch):
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    assert cli("config", "--client-id", fake_spotify.client_id, "--market", "gb").returncode == 0
    shown = cli("config").stdout
    assert f"client_id: {fake_spotify.client_id}" in shown and "market: GB" in shown
    with SignIn(open_browser=None) as sign_in:
        assert f"client_id={fake_spotify.client_id}" in sign_in.start()


@pytest.mark.parametrize(
    "args", [["--market", "Great Britain"], ["--redirect-uri", "http://localhost:8765/cb"]]
)
def test_config_refuses_bad_values_in_one_line(args):
    result = cli("config", *args)
    assert result.returncode == 2
    _one_line(result.stderr)


def test_sign_in_object_end_to_end(fake_spotify, redirect):
    opened = []
    with SignIn(open_browser=opened.append) as sign_in:
        url = sign_in.start()
        assert opened == [url]
        threading.Thread(target=play_browser, args=(url,), daemon=True).start()
        profile = sign_in.wait(timeout=60)
    assert profile == {"id": "drive-fan", "display_name": "Drive Fan"}
    assert signed_in_client().me()["id"] == "drive-fan"


def _callback(redirect: str, query: str) -> requests.Response:
    return requests.get(f"{redirect}?{query}", timeout=30)


def test_a_callback_with_the_wrong_state_is_refused(fake_spotify, redirect):
    with SignIn(open_browser=None) as sign_in:
        sign_in.start()
        forged = _callback(redirect, "code=forged-code&state=not-the-one-we-sent")
        assert forged.status_code == 400
        with pytest.raises(SignInFailed, match="state mismatch"):
            sign_in.wait(timeout=30)
    assert not token_path().exists()


def test_a_callback_without_state_is_refused(fake_spotify, redirect):
    with SignIn(open_browser=None) as sign_in:
        sign_in.start()
        assert _callback(redirect, "code=forged-code").status_code == 400
        with pytest.raises(SignInFailed, match="state mismatch"):
            sign_in.wait(timeout=30)


def test_refusing_in_the_browser_fails_the_sign_in(fake_spotify, redirect):
    fake_spotify.deny_next_authorize = True
    with SignIn(open_browser=None) as sign_in:
        page = play_browser(sign_in.start())
        assert "Drive Playlist" in page.text
        with pytest.raises(SignInFailed, match="Spotify sign-in was refused"):
            sign_in.wait(timeout=30)
    assert not token_path().exists()


def test_favicon_requests_are_ignored(fake_spotify, redirect):
    with SignIn(open_browser=None) as sign_in:
        url = sign_in.start()
        base = redirect.rsplit("/", 1)[0]
        assert requests.get(base + "/favicon.ico", timeout=30).status_code == 404
        threading.Thread(target=play_browser, args=(url,), daemon=True).start()
        assert sign_in.wait(timeout=60)["id"] == "drive-fan"


def test_no_answer_times_out(fake_spotify, redirect):
    with SignIn(open_browser=None) as sign_in:
        sign_in.start()
        with pytest.raises(SignInFailed, match="no answer from the browser"):
            sign_in.wait(timeout=0.2)


def test_cancel_stops_the_wait(fake_spotify, redirect):
    cancel = CancelToken()
    with SignIn(open_browser=None) as sign_in:
        sign_in.start()
        threading.Timer(0.1, cancel.cancel).start()
        with pytest.raises(Cancelled):
            sign_in.wait(timeout=60, cancel=cancel)
    # The listener is gone: nothing answers on the port any more.
    with pytest.raises(requests.ConnectionError):
        _callback(redirect, "code=late&state=x")


def test_a_taken_port_is_reported_in_one_line(fake_spotify, redirect):
    port = int(redirect.split(":")[2].split("/")[0])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        with pytest.raises(SignInFailed, match=f"port {port} is in use; set SPOTIPY_REDIRECT_URI"):
            SignIn(open_browser=None).start()
        result = cli("login", "--no-browser")
    assert result.returncode == 1
    assert f"port {port} is in use" in _one_line(result.stderr)


def test_the_listener_answers_on_loopback_only(fake_spotify, redirect):
    others = other_addresses()
    if not others:
        pytest.skip("this machine has no address besides loopback")
    port = int(redirect.split(":")[2].split("/")[0])
    with SignIn(open_browser=None) as sign_in:
        sign_in.start()
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass  # reachable here...
        for address in others:
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
                pass  # ...and nowhere else


def test_the_token_file_is_owner_only_whatever_the_umask(fake_spotify, redirect):
    token_path().write_text("{}")
    os.chmod(token_path(), 0o644)  # a leftover readable by others is replaced
    old = os.umask(0)
    try:
        with SignIn(open_browser=None) as sign_in:
            threading.Thread(target=play_browser, args=(sign_in.start(),), daemon=True).start()
            sign_in.wait(timeout=60)
    finally:
        os.umask(old)
    assert _mode(token_path()) == 0o600
    assert saved_token()["access_token"]


def test_tokens_never_reach_the_logs(fake_spotify, redirect, caplog):
    caplog.set_level(logging.DEBUG)
    with SignIn(open_browser=None) as sign_in:
        threading.Thread(target=play_browser, args=(sign_in.start(),), daemon=True).start()
        sign_in.wait(timeout=60)
    first = saved_token()
    fake_spotify.expire_all_tokens()
    client = signed_in_client()
    assert client.me()["id"] == "drive-fan"  # refreshed after a 401
    second = saved_token()
    assert second["access_token"] != first["access_token"]
    sign_out()
    assert "Sending GET" in caplog.text  # spotipy's request log was captured...
    for token in (first, second):
        for secret in (token["access_token"], token["refresh_token"]):
            assert secret not in caplog.text  # ...without the secrets


def test_an_expired_token_is_refreshed_before_use(fake_spotify):
    token = sign_in_with_fake(fake_spotify)
    write_token({**token, "expires_at": int(time.time()) - 10})
    assert signed_in_client().me()["id"] == "drive-fan"
    refreshed = saved_token()
    assert refreshed["access_token"] != token["access_token"]
    assert refreshed["expires_at"] > time.time()
    assert _mode(token_path()) == 0o600


def test_a_token_without_scope_counts_as_signed_out(fake_spotify):
    token = sign_in_with_fake(fake_spotify)
    write_token({k: v for k, v in token.items() if k != "scope"})
    with pytest.raises(NotSignedIn):
        signed_in_client().me()


def test_no_token_or_no_client_id(fake_spotify, monkeypatch):
    with pytest.raises(NotSignedIn, match="drive-playlist login"):
        signed_in_client()
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    with pytest.raises(NotConfigured, match="SPOTIPY_CLIENT_ID"):
        signed_in_client()


def test_sign_out_reports_whether_there_was_a_sign_in(fake_spotify):
    assert sign_out() is False
    sign_in_with_fake(fake_spotify)
    assert sign_out() is True
    assert not token_path().exists()


def test_settings_round_trip_and_leave_no_temporary_files(isolated_home):
    from app.storage.settings import Settings, load_settings, save_settings

    assert load_settings() == Settings()
    save_settings(Settings(client_id="abc", market="SE", public_by_default=True))
    assert load_settings() == Settings(client_id="abc", market="SE", public_by_default=True)
    assert [p.name for p in isolated_home.iterdir()] == ["settings.yaml"]


def test_a_broken_settings_file_is_one_line_naming_the_place(isolated_home, redirect):
    (isolated_home / "settings.yaml").write_text("market: SE\nclient_id: [1, 2]\n")
    for args in (["config"], ["login", "--no-browser"]):
        result = cli(*args)
        assert result.returncode == 2
        line = _one_line(result.stderr)
        assert "settings.yaml:2" in line and "client_id" in line
