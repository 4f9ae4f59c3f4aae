"""Hostile and unlucky YAML, and an unusable home folder, through the command line.

Every case runs the real program as a subprocess and checks what a person sees: exit
status 2, exactly one line on stderr naming the file (and line and field where there is
one), no traceback, and the input file byte-for-byte as it was.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import parse_cache
from app.storage.dossier_file import load_dossier
from app.storage.home import state_dir
from app.storage.located import LoadError
from app.storage.settings import load_settings
from tests.paths import DATA, REPO
from tests.program import cli

SMALL_DOSSIER = (DATA / "small-dossier.yaml").read_text(encoding="utf-8")
PLAYLIST_HEAD = "format: drive-playlist\nversion: 1\nname: Night\n"


def cached_copies() -> list[Path]:
    folder = state_dir("cache") / parse_cache.FOLDER
    return sorted(folder.glob("*.json")) if folder.exists() else []


def refused(path: Path, *args: str, expect: str | None = None) -> str:
    """Run a command on ``path``; it must refuse it in one line and leave it untouched."""
    before = path.read_bytes()
    result = cli(*args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert path.read_bytes() == before
    if expect is not None:
        assert expect in lines[0], lines[0]
    return lines[0]


def alias_bomb(levels: int) -> str:
    """Each level holds nine aliases of the one before: 9**levels values from a few lines."""
    lines = ["a: &a [l, l, l, l, l, l, l, l, l]"]
    for n in range(1, levels):
        this, before = chr(ord("a") + n), chr(ord("a") + n - 1)
        lines.append(f"{this}: &{this} [{', '.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


# -- aliases, nesting, long numbers ------------------------------------------------


def test_an_alias_bomb_in_a_playlist_is_refused_at_its_first_alias(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PLAYLIST_HEAD + alias_bomb(9), encoding="utf-8")  # 9**9 values
    line = refused(path, "show", str(path))
    assert line == f"drive-playlist: {path}:5:8: aliases (*a) are not allowed in a playlist file"
    assert cached_copies() == []


def test_an_alias_bomb_in_a_dossier_is_refused(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(SMALL_DOSSIER + alias_bomb(9), encoding="utf-8")
    refused(path, "check", str(path), expect="aliases (*a) are not allowed in a dossier file")
    refused(path, "--dossier", str(path), "new", "-o", str(tmp_path / "n.yaml"))
    assert cached_copies() == []


def test_an_alias_bomb_in_the_settings_is_refused(isolated_home):
    path = isolated_home / "settings.yaml"
    path.write_text("market: GB\n" + alias_bomb(9), encoding="utf-8")
    refused(path, "config", expect="aliases (*a) are not allowed in the settings file")


def test_an_alias_as_a_mapping_key_is_refused(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PLAYLIST_HEAD + "k: &k note\n*k : 1\n", encoding="utf-8")
    refused(path, "show", str(path), expect=":5:1: aliases (*k)")


def test_deep_nesting_is_refused_without_running_out_of_stack(tmp_path):
    path = tmp_path / "p.yaml"
    depth = 200_000
    path.write_text(PLAYLIST_HEAD + "x: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    # Our cap (64) names itself; PyYAML 6.0.4's libyaml stops at its own cap (1000) first.
    line = refused(path, "show", str(path), expect="nest")
    assert "levels deep" in line or "maximum nesting depth" in line
    assert cached_copies() == []


@pytest.mark.parametrize(
    "value",
    [
        "9" * 5000,  # beyond Python's 4,300-digit limit on converting text to int
        "1" + ":0" * 100_000,  # base 60: no digit limit, but quadratic arithmetic
        "0." + "1" * 5000,
    ],
    ids=["decimal", "base-60", "float"],
)
def test_a_huge_number_anywhere_is_one_line(tmp_path, value):
    path = tmp_path / "p.yaml"
    for where in (f"items:\n- title: a\n  duration: {value}\n", f"unknown: {value}\n"):
        path.write_text(PLAYLIST_HEAD + where, encoding="utf-8")
        refused(path, "show", str(path), expect="a number longer than 4300 characters")


def test_a_huge_number_in_a_dossier_is_one_line(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(SMALL_DOSSIER.replace("year: 1999", "year: " + "9" * 5000), encoding="utf-8")
    refused(path, "check", str(path), expect=":6:9: film.year: a number longer than")


def test_a_huge_version_0_length_is_one_line(tmp_path):
    path = tmp_path / "old.yaml"
    length = "9" * 5000 + ":00:00"
    path.write_text(
        f"format: drive-playlist\nversion: 0\ntitle: Old\ntracks:\n"
        f"- title: a\n  length: '{length}'\n",
        encoding="utf-8",
    )
    line = refused(path, "show", str(path), expect=":6:11: tracks[0].length: expected a length")
    assert len(line) < 200


# -- values of the wrong type or range ------------------------------------------------

BAD_VALUES = {
    "impossible date": ("2011-02-30", "'2011-02-30' is not a valid date"),
    "bool": ("!!bool maybe", "'maybe' is not a valid true/false value"),
    "int": ("!!int abc", "'abc' is not a valid whole number"),
    "float": ("!!float abc", "'abc' is not a valid number"),
    "timestamp": ("!!timestamp x", "'x' is not a valid date"),
    "binary": ("!!binary a", "'a' is not a valid base64 text"),
    "set": ("!!set x", "'x' is not a valid !!set value"),
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
@pytest.mark.parametrize(
    "where",
    ["created", "items[0].year", "items[0].spotify.chosen_by_user", "unknown"],
)
def test_a_bad_value_in_a_playlist_is_one_located_line(tmp_path, case, where):
    value, message = BAD_VALUES[case]
    field = {
        "created": f"created: {value}\n",
        "items[0].year": f"items:\n- title: a\n  year: {value}\n",
        "items[0].spotify.chosen_by_user": (
            "items:\n- title: a\n  spotify:\n    uri: spotify:track:1\n"
            f"    chosen_by_user: {value}\n"
        ),
        "unknown": f"later_field: {value}\n",
    }[where]
    path = tmp_path / "p.yaml"
    path.write_text(PLAYLIST_HEAD + field, encoding="utf-8")
    line_number = len((PLAYLIST_HEAD + field).splitlines())
    expect_field = "later_field" if where == "unknown" else where
    for command in (("show", str(path)), ("export", str(path), "--format", "m3u8")):
        line = refused(path, *command, expect=message)
        assert f"{path}:{line_number}:" in line and f" {expect_field}: " in line


@pytest.mark.parametrize("case", list(BAD_VALUES))
@pytest.mark.parametrize("where", ["film.year", "featured[0].duration", "unknown"])
def test_a_bad_value_in_a_dossier_is_one_located_line(tmp_path, case, where):
    value, message = BAD_VALUES[case]
    text = {
        "film.year": SMALL_DOSSIER.replace("  year: 1999\n", f"  year: {value}\n"),
        "featured[0].duration": SMALL_DOSSIER.replace("duration: 201}", f"duration: {value}}}"),
        "unknown": SMALL_DOSSIER + f"extra: {value}\n",
    }[where]
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    expect_field = "extra" if where == "unknown" else where
    line = refused(path, "check", str(path), expect=message)
    assert f" {expect_field}: " in line and f"{path}:" in line


@pytest.mark.parametrize("case", list(BAD_VALUES))
@pytest.mark.parametrize("key", ["market", "unknown_later_setting"])
def test_a_bad_value_in_the_settings_is_one_located_line(isolated_home, monkeypatch, case, key):
    value, message = BAD_VALUES[case]
    path = isolated_home / "settings.yaml"
    path.write_text(f"client_id: abc\n{key}: {value}\n", encoding="utf-8")
    refused(path, "config", expect=f"{path}:2:")
    refused(path, "whoami", expect=message)
    with pytest.raises(LoadError) as info:  # what the window's settings dialog shows
        load_settings()
    assert info.value.line == 2 and info.value.field == key


def test_merge_key_text_as_a_value_is_text(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PLAYLIST_HEAD.replace("Night", "<<") + "items:\n- title: <<\n", "utf-8")
    result = cli("show", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<<\n")


# -- dossier fields of the wrong shape ------------------------------------------------

SHAPES = {"a list": "[a, b]", "a mapping": "{a: b}"}


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize(
    ("anchor", "field"),
    [
        ("id: night-film", "id"),
        ("{id: lullaby,", "featured[0].id"),
        ("{id: ada,", "people[0].id"),
        ("{id: zine,", "sources[0].id"),
        ("  - id: ada-one", "commentary[0].id"),
        ("  - id: old-movie", "influences[0].id"),
        ("kind: film", "influences[0].kind"),
        ("speaker: ada", "commentary[0].speaker"),
        ("source: zine", "commentary[0].source"),
        ("title: Overpass", "featured[1].title"),
        ("{title: Main Title", "influences[0].tracks[0].title"),
    ],
)
def test_a_text_field_holding_a_list_or_mapping_is_one_located_line(tmp_path, shape, anchor, field):
    key, _, rest = anchor.partition(":")
    replaced = f"{key}: {SHAPES[shape]}{',' if rest.endswith(',') else ''}"
    text = SMALL_DOSSIER.replace(anchor, replaced, 1)
    assert text != SMALL_DOSSIER
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    line = refused(path, "check", str(path), expect=f" {field}: expected text, got {shape}")
    assert f"{path}:" in line


def test_a_track_id_that_is_a_list_is_located(tmp_path):
    text = SMALL_DOSSIER.replace("{title: Main Title,", "{id: [x], title: Main Title,")
    with pytest.raises(LoadError) as info:
        load_dossier(_write(tmp_path, text))
    assert info.value.field == "influences[0].tracks[0].id"


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- an unusable home folder -------------------------------------------------------------


def unusable_homes(tmp_path: Path) -> dict[str, Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return {"a regular file": blocker, "under a regular file": blocker / "home"}


@pytest.mark.parametrize("kind", ["a regular file", "under a regular file"])
def test_commands_that_do_not_need_the_home_folder_still_work(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("DRIVE_PLAYLIST_HOME", str(unusable_homes(tmp_path)[kind]))
    playlist = tmp_path / "p.yaml"
    result = cli("new", "-o", str(playlist))
    assert result.returncode == 0, result.stderr
    for args in (
        ("show", str(playlist)),
        ("check",),
        ("export", str(playlist), "--format", "csv"),
        ("config",),
        ("logout",),  # nothing can have been kept there
    ):
        result = cli(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr == ""
    csv = tmp_path / "p.csv"
    assert cli("export", str(playlist), "-o", str(csv)).returncode == 0
    result = cli("import", str(csv), "-o", str(tmp_path / "back.yaml"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("kind", ["a regular file", "under a regular file"])
def test_commands_that_need_the_home_folder_say_so_in_one_line(tmp_path, monkeypatch, kind):
    home = unusable_homes(tmp_path)[kind]
    monkeypatch.setenv("DRIVE_PLAYLIST_HOME", str(home))
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "abc")
    playlist = tmp_path / "p.yaml"
    assert cli("new", "-o", str(playlist)).returncode == 0
    before = playlist.read_bytes()
    for args, status, says in (
        (("config", "--market", "GB"), 2, f"cannot use {home} as the Drive Playlist folder"),
        (("login", "--no-browser", "--timeout", "1"), 2, f"cannot use {home} as the Drive"),
        # Nothing can have been kept there: the same line as for anyone not signed in.
        (("whoami",), 1, "not signed in"),
        (("match", str(playlist)), 1, "not signed in"),
        (("sync", str(playlist)), 1, "not signed in"),
    ):
        result = cli(*args)
        assert result.returncode == status, (args, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert says in lines[0], lines[0]
    assert playlist.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_home_folder(isolated_home, tmp_path):
    playlist = tmp_path / "p.yaml"
    assert cli("new", "-o", str(playlist)).returncode == 0
    isolated_home.chmod(0o500)
    try:
        assert cli("show", str(playlist)).returncode == 0
        result = cli("config", "--market", "GB")
        assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
        assert "cannot save settings" in result.stderr
    finally:
        isolated_home.chmod(0o700)


# -- Ctrl+C from the very start ------------------------------------------------------------


def _outcome(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def test_ctrl_c_while_the_program_is_still_importing_is_one_line(tmp_path):
    """SIGINT raised exactly while the command line's modules load (deterministically, from
    an import hook in the child) is the same one line and status 130 as later on."""
    playlist = tmp_path / "p.yaml"
    playlist.write_text(PLAYLIST_HEAD, encoding="utf-8")
    for module in ("app.cli", "argparse", "app.storage.playlist_file", "app.storage.yamlio"):
        hook = (
            "import builtins, os, runpy, signal, sys\n"
            "real = builtins.__import__\n"
            "def spy(name, *a, **k):\n"
            f"    if name == {module!r} and not spy.done:\n"
            "        spy.done = True\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "    return real(name, *a, **k)\n"
            "spy.done = False\n"
            "builtins.__import__ = spy\n"
            "sys.argv = ['drive-playlist', 'show', sys.argv[1]]\n"
            "runpy.run_module('app', run_name='__main__', alter_sys=True)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", hook, str(playlist)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 130, (module, result.stderr)
        assert result.stderr == "drive-playlist: interrupted\n", (module, result.stderr)


def test_an_interrupt_python_wrapped_is_still_an_interrupt(tmp_path):
    """Python 3.11 wraps a Ctrl+C that lands in ``__set_name__`` (as a dataclass with slots
    is built at import) in a RuntimeError: it is still one line and exit 130."""
    hook = tmp_path / "sitecustomize.py"
    hook.write_text(
        "import builtins\n"
        "real = builtins.__import__\n"
        "def landing(name, *args, **kwargs):\n"
        "    if name == 'app.core.dossier':\n"
        "        try:\n"
        "            raise KeyboardInterrupt\n"
        "        except KeyboardInterrupt as exc:\n"
        "            raise RuntimeError('Error calling __set_name__') from exc\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = landing\n",
        encoding="utf-8",
    )
    playlist = tmp_path / "p.yaml"
    playlist.write_text(PLAYLIST_HEAD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    result = subprocess.run(
        [sys.executable, "-m", "app", "show", str(playlist)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (130, "drive-playlist: interrupted\n")


def test_ctrl_c_at_early_moments_never_shows_a_traceback_from_the_program(tmp_path):
    """Signals sent at a spread of moments after start.  Before Python itself is ready the
    process simply ends by the signal; once any of the program's code runs, the answer is
    exit 130 with one line.  A traceback may only come from the interpreter's own start-up,
    which no program can intercept."""
    playlist = tmp_path / "p.yaml"
    playlist.write_text(PLAYLIST_HEAD, encoding="utf-8")
    command = [sys.executable, "-m", "app", "show", str(playlist)]
    started = time.monotonic()
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=60).returncode == 0
    whole_run = time.monotonic() - started  # signals go out over the span of one run
    ours = 0
    steps = 16
    for step in range(steps):
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            proc.wait(timeout=whole_run * step / steps)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
        status, err = _outcome(proc)
        assert f"{os.sep}app{os.sep}" not in err, err  # no frame of ours in any traceback
        if status == 130:
            ours += 1
            assert err == "drive-playlist: interrupted\n"
        elif status != 0:
            assert status == -signal.SIGINT or "KeyboardInterrupt" in err, (status, err)
    assert ours > 0  # some signals did land in the program


@pytest.mark.parametrize("kind", ["a regular file", "under a regular file"])
def test_the_window_opens_with_an_unusable_home_folder(qtbot, tmp_path, monkeypatch, kind):
    from app.ui.launch import window_settings
    from app.ui.main_window import MainWindow

    monkeypatch.setenv("DRIVE_PLAYLIST_HOME", str(unusable_homes(tmp_path)[kind]))
    window = MainWindow(load_dossier(), window_settings(), progressive=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_complete)
    assert window.offer_recovery() is False  # nothing to recover from a folder that is not there
    assert window.browser.visible_entry_count() > 0
