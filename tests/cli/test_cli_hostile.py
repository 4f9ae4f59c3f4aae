"""Unlucky and hostile command lines, run as a person runs them: real subprocesses.

Each refusal is one line on stderr without a traceback, with the documented exit status,
and leaves every file it was given byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.cli import _split_playlist_argument, build_parser
from app.core.playlist import Playlist, PlaylistItem
from app.storage.playlist_file import load_playlist, save_playlist
from tests.fakespotify.helpers import sign_in_with_fake
from tests.paths import REPO
from tests.program import cli

NS = "http://xspf.org/ns/0/"
HUGE = "9" * 5000  # past the 4,300 digits Python converts


def run(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=dict(os.environ),
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )


def one_line(proc: subprocess.CompletedProcess, status: int = 2) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == status, (proc.stdout[:500], err)
    assert "Traceback" not in err and err.count("\n") == 1 and err.endswith("\n"), err
    return err


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr.decode()
    return proc


@pytest.fixture
def playlist_file(tmp_path) -> Path:
    path = tmp_path / "night.yaml"
    save_playlist(
        Playlist(
            name="Night",
            items=[
                PlaylistItem(title="=1+2", artists=("@Band",), duration=201, note="'Quoted"),
                PlaylistItem(title="'Round Midnight", artists=("-Dash",), album="+Album"),
            ],
        ),
        path,
    )
    (tmp_path / "night.yaml.bak").unlink(missing_ok=True)
    return path


# -- export never destroys a file ----------------------------------------------------------


def test_export_onto_its_own_playlist_is_refused(playlist_file, tmp_path):
    before = playlist_file.read_bytes()
    err = one_line(run("export", str(playlist_file), "--format", "csv", "-o", str(playlist_file)))
    assert "is the playlist being exported" in err
    link = tmp_path / "link.csv"
    link.symlink_to(playlist_file)
    assert "is the playlist being exported" in one_line(
        run("export", str(playlist_file), "-o", str(link), "--force")
    )
    with playlist_file.open("ab") as appended:  # `>> night.yaml`: standard output is the input
        err = one_line(run("export", str(playlist_file), "--format", "csv", stdout=appended))
    assert "standard output" in err
    assert playlist_file.read_bytes() == before
    assert not (tmp_path / "night.yaml.bak").exists()


def test_import_onto_its_own_source_is_refused(tmp_path):
    source = tmp_path / "list.m3u8"
    source.write_bytes(b"#EXTM3U\n#EXTINF:1,A - B\n")
    err = one_line(run("import", str(source), "--format", "m3u8", "-o", str(source), "--force"))
    assert "is the file being imported" in err
    assert source.read_bytes() == b"#EXTM3U\n#EXTINF:1,A - B\n"


def test_an_existing_output_needs_force_then_keeps_a_backup(playlist_file, tmp_path):
    out = tmp_path / "out.csv"
    out.write_bytes(b"precious")
    err = one_line(run("export", str(playlist_file), "-o", str(out)))
    assert "already exists" in err and "--force" in err
    assert out.read_bytes() == b"precious"
    ok(run("export", str(playlist_file), "-o", str(out), "--force"))
    assert out.read_text(encoding="utf-8").startswith("Track URI,")
    assert (tmp_path / "out.csv.bak").read_bytes() == b"precious"


def test_dash_and_dev_stdout_write_standard_output(playlist_file):
    dash = ok(run("export", str(playlist_file), "--format", "m3u8", "-o", "-"))
    assert dash.stdout.startswith(b"#EXTM3U\n") and dash.stderr == b""
    dev = ok(run("export", str(playlist_file), "--format", "m3u8", "-o", "/dev/stdout"))
    assert dev.stdout == dash.stdout


def test_a_fifo_is_written_as_a_stream_not_replaced(playlist_file, tmp_path):
    fifo = tmp_path / "pipe.jspf"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    ok(run("export", str(playlist_file), "-o", str(fifo)))
    reader.join(timeout=60)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b'"title": "Night"' in received[0]


def test_a_device_is_written_not_replaced(playlist_file):
    ok(run("export", str(playlist_file), "--format", "xspf", "-o", os.devnull))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


# -- round trips through the command line ---------------------------------------------------


def test_csv_export_neutralises_formulas_and_imports_back(playlist_file, tmp_path):
    out, back = tmp_path / "night.csv", tmp_path / "back.yaml"
    ok(run("export", str(playlist_file), "-o", str(out)))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [row[1:4] for row in rows[1:]] == [
        ["'=1+2", "'@Band", ""],
        ["''Round Midnight", "'-Dash", "'+Album"],
    ]
    assert rows[1][7] == "''Quoted" and rows[1][5] == "201000"  # numbers are never prefixed
    ok(run("import", str(out), "-o", str(back)))
    items = load_playlist(back).items
    assert [(i.title, i.artists, i.album, i.note) for i in items] == [
        ("=1+2", ("@Band",), None, "'Quoted"),
        ("'Round Midnight", ("-Dash",), "+Album", None),
    ]


@pytest.mark.parametrize("fmt", ["csv", "m3u8"])
def test_cr_and_nul_in_titles_survive_an_export(tmp_path, fmt):
    source = tmp_path / "odd.yaml"
    save_playlist(Playlist(name="Odd", items=[PlaylistItem("a\rb\x00c", ("X\rY",))]), source)
    out, back = tmp_path / f"odd.{fmt}", tmp_path / "back.yaml"
    ok(run("export", str(source), "-o", str(out)))
    ok(run("import", str(out), "-o", str(back)))
    (item,) = load_playlist(back).items
    expected = ("a\rb\x00c", ("X\rY",)) if fmt == "csv" else ("a bc", ("X Y",))
    assert (item.title, item.artists) == expected


def test_jspf_with_half_a_surrogate_pair_is_refused(tmp_path):
    source = tmp_path / "bad.jspf"
    source.write_text('{"playlist": {"track": [{"title": "a\\ud800b"}]}}', encoding="utf-8")
    before = source.read_bytes()
    err = one_line(run("import", str(source), "-o", str(tmp_path / "out.yaml")))
    assert "bad.jspf: playlist.track[0].title: \\ud800" in err
    assert source.read_bytes() == before and not (tmp_path / "out.yaml").exists()


def test_m3u8_with_cr_line_ends_imports_its_tracks(tmp_path):
    source = tmp_path / "mac.m3u8"
    source.write_bytes(
        b"#EXTM3U\r#EXTINF:201,Bo - Lullaby\rhttps://open.spotify.com/track/abc\r"
        b"#EXTINF:-1,Ada - Overpass\r/music/overpass.mp3\r"
    )
    ok(run("import", str(source), "-o", str(tmp_path / "out.yaml")))
    items = load_playlist(tmp_path / "out.yaml").items
    assert [(i.title, i.artists, i.duration, i.spotify_uri) for i in items] == [
        ("Lullaby", ("Bo",), 201, "spotify:track:abc"),
        ("Overpass", ("Ada",), None, None),
    ]


# -- numbers too long -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        (
            "long.xspf",
            f'<playlist xmlns="{NS}" version="1"><trackList>\n<track><duration>{HUGE}'
            "</duration></track></trackList></playlist>",
            "long.xspf:2: <duration>",
        ),
        (
            "long.jspf",
            '{"playlist": {"track": [\n{"duration": ' + HUGE + "}]}}",
            "long.jspf:2: JSON: a number of over 4,300 digits",
        ),
        (
            "long.csv",
            f"Track Name,Track Duration (ms)\nA,{HUGE}\n",
            "long.csv:2: Track Duration (ms)",
        ),
        ("long.m3u8", f"#EXTM3U\n#EXTINF:{HUGE},A - B\n", "long.m3u8:2: #EXTINF"),
        ("week.jspf", '{"playlist": {"track": [{"duration": 604801000}]}}', "longer than a week"),
    ],
)
def test_numbers_too_long_are_one_line(tmp_path, name, text, needle):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    err = one_line(run("import", str(source), "-o", str(tmp_path / "out.yaml")))
    assert needle in err
    assert not (tmp_path / "out.yaml").exists()


def test_an_over_long_duration_is_not_exported(tmp_path):
    source = tmp_path / "long.yaml"
    source.write_text(
        "format: drive-playlist\nversion: 1\nname: L\nitems:\n"
        f"  - title: T\n  - title: U\n    duration: {'9' * 4000}\n",
        encoding="utf-8",
    )
    before = source.read_bytes()
    for fmt in ("m3u8", "xspf", "jspf", "csv"):
        err = one_line(run("export", str(source), "--format", fmt))
        assert "long.yaml: items[1].duration: longer than a week" in err
    assert source.read_bytes() == before


# -- standard output that fails -------------------------------------------------------------


def test_a_full_standard_output_is_one_line(playlist_file):
    with open("/dev/full", "wb") as full:
        err = one_line(run("show", str(playlist_file), stdout=full), status=1)
    assert "cannot write the output: No space left on device" in err


def test_a_closed_pipe_ends_quietly(playlist_file):
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "export", str(playlist_file), "--format", "xspf"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # as `| head -0` does, before anything is written
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and err == b""


# -- terminal escape sequences are shown, not obeyed -------------------------------------------


def test_show_escapes_terminal_controls(tmp_path):
    path = tmp_path / "esc.yaml"
    save_playlist(
        Playlist(
            name="\x1b]0;owned\x07Night",
            description="\x1b[2J",
            items=[PlaylistItem(title="\x1b[31mRed\x9b", artists=("A\x1b[0m",))],
        ),
        path,
    )
    out = ok(run("show", str(path))).stdout.decode("utf-8")
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "\\e]0;owned\\aNight" in out and "\\e[31mRed\\x9b" in out and "A\\e[0m" in out


def test_messages_escape_file_names(tmp_path):
    missing = tmp_path / "\x1b[31mmissing.yaml"
    err = one_line(run("show", str(missing)))
    assert "\x1b" not in err and "\\e[31mmissing.yaml" in err
    source = tmp_path / "in.m3u8"
    source.write_text("#EXTM3U\n#EXTINF:1,A - B\n", encoding="utf-8")
    out = tmp_path / "\x1b]0;owned\x07.yaml"
    said = ok(run("import", str(source), "-o", str(out))).stdout.decode()
    assert "\x1b" not in said and "\\e]0;owned\\a.yaml" in said
    assert load_playlist(out).items[0].title == "B"  # the file itself has its real name


def test_match_prints_spotify_titles_escaped(fake_spotify, tmp_path):
    sign_in_with_fake(fake_spotify)
    title = "Night \x1b]0;owned\x07Song"
    fake_spotify.add_track(title, ["Band \x1b[31m"], album="A", duration_ms=200_000)
    path = tmp_path / "esc.yaml"
    save_playlist(Playlist(name="E", items=[PlaylistItem(title, ("Band \x1b[31m",))]), path)
    proc = cli("match", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "Night \\e]0;owned\\aSong" in proc.stdout


# -- new -o raced by several processes ------------------------------------------------------


def test_concurrent_new_creates_the_file_once(tmp_path):
    out = tmp_path / "raced.yaml"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "new", "-o", str(out), "--name", f"Run {n}"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(6)
    ]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    winners = [n for n, (status, _, _) in enumerate(results) if status == 0]
    assert len(winners) == 1, results
    for status, _, err in results:
        if status:  # it exists by now, or the winner still holds the file's writer lock
            assert err.count(b"\n") == 1, err
            exists = status == 2 and b"already exists" in err
            busy = status == 1 and b"by another drive-playlist" in err
            assert exists or busy, err
    assert load_playlist(out).name == f"Run {winners[0]}"
    assert not (tmp_path / "raced.yaml.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raced.yaml"]


# -- a mistyped command ----------------------------------------------------------------------


def test_a_mistyped_command_is_named(tmp_path):
    err = one_line(run("shwo"))
    assert err == "drive-playlist: unknown command 'shwo' (did you mean show?)\n"
    assert "commands: " in one_line(run("--dossier", str(tmp_path / "d.yaml"), "xyzzy"))


def test_existing_files_still_open_in_the_window(tmp_path, monkeypatch):
    parser = build_parser()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shwo").write_text("format: drive-playlist\n")
    assert _split_playlist_argument(["shwo"], parser) == ([], "shwo")
    assert _split_playlist_argument(["night.yaml"], parser) == ([], "night.yaml")
    assert _split_playlist_argument(["sub/night"], parser) == ([], "sub/night")
    assert _split_playlist_argument(["show", "x.yaml"], parser) == (["show", "x.yaml"], None)


# -- Ctrl+C at any moment ---------------------------------------------------------------------


def _start_time(*args: str) -> float:
    import time

    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, check=False)
    return time.perf_counter() - start


def test_an_early_interrupt_is_one_line_not_a_traceback(playlist_file):
    """SIGINT at many moments of the start, most of them while the program's modules are
    being imported (between Python's bare start and a finished ``--version``).  Until the
    program's first line runs the interrupt is Python's own (it may print its start-up's
    traceback); from then on it is one line and exit status 130, never a traceback
    through the program's code."""
    import signal
    import time

    bare, loaded = _start_time("-c", "pass"), _start_time("-m", "app", "--version")
    ours = str(REPO / "app").encode()
    outcomes = set()
    steps = 30
    for step in range(steps):
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "show", str(playlist_file)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(bare * 0.8 + (loaded * 1.3 - bare * 0.8) * step / steps)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert ours not in err, err.decode()
        if proc.returncode == 130:
            assert err == b"drive-playlist: interrupted\n"
        outcomes.add(proc.returncode)
    assert 130 in outcomes  # the interrupts did land in the program


# -- what is read is a file of sensible size -------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("import", "/dev/zero", "--format", "csv", "-o", "{out}"),
        ("show", "/dev/zero"),
        ("check", "/dev/zero"),
    ],
)
def test_an_endless_device_is_refused_not_read(tmp_path, args):
    """/dev/zero never ends: read, it filled gigabytes of memory in seconds."""
    args = [a.replace("{out}", str(tmp_path / "out.yaml")) for a in args]
    err = one_line(run(*args))
    assert "/dev/zero: is not a regular file" in err
    assert not (tmp_path / "out.yaml").exists()


def test_a_pipe_nobody_writes_to_is_refused_at_once(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    assert "is not a regular file" in one_line(run("show", str(pipe)))


def test_a_file_too_big_to_be_a_playlist_is_refused_before_it_is_read(tmp_path):
    from app.storage.located import MAX_TEXT_BYTES

    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as fh:  # sparse: no disk is used
        fh.truncate(MAX_TEXT_BYTES + 1)
    err = one_line(run("import", str(huge), "-o", str(tmp_path / "out.yaml")))
    assert "too big to read" in err
