"""``new``, ``export``, ``import`` and ``show`` as a person runs them: real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.playlist_file import load_playlist
from tests.paths import DATA, REPO

NIGHT = str(DATA / "small-dossier.yaml")


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRIVE_PLAYLIST_HOME": str(home), "PYTHONIOENCODING": "ascii"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )


def ok(*args: str, home: Path) -> str:
    result = run(*args, home=home)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def fails(*args: str, home: Path) -> str:
    """Exit status 2 and exactly one line on stderr, never a traceback."""
    result = run(*args, home=home)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, (result.stdout, err)
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_new_from_the_bundled_dossier_then_show(tmp_path, isolated_home):
    out = tmp_path / "drive.yaml"
    assert "22 tracks" in ok("new", "-o", str(out), home=isolated_home)
    playlist = load_playlist(out)
    assert playlist.dossier == "drive" and playlist.items[0].title == "Nightcall"
    table = ok("show", str(out), home=isolated_home)
    lines = table.splitlines()
    assert lines[0] == "Drive and its influences"
    header = next(line for line in lines if line.lstrip().startswith("#"))
    assert header.split() == ["#", "Title", "Artist", "Time", "Entry", "Spotify"]
    # the credit the dossier gives, as the window shows it
    assert any("A Real Hero" in line and "College featuring Electric" in line for line in lines)
    assert lines[-1].startswith("22 tracks, total ") and "of unknown length" in lines[-1]


def test_new_refuses_to_overwrite_unless_forced(tmp_path, isolated_home):
    out = tmp_path / "mine.yaml"
    out.write_text("precious", encoding="utf-8")
    err = fails("new", "-o", str(out), home=isolated_home)
    assert "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "precious"
    ok(
        "--dossier",
        NIGHT,
        "new",
        "-o",
        str(out),
        "--empty",
        "--name",
        "Å, “quoted”",
        "--force",
        home=isolated_home,
    )
    playlist = load_playlist(out)
    assert (playlist.name, playlist.items, playlist.dossier) == ("Å, “quoted”", [], "night-film")
    assert (tmp_path / "mine.yaml.bak").read_text(encoding="utf-8") == "precious"


def test_export_to_stdout_and_to_a_file(tmp_path, isolated_home):
    playlist = tmp_path / "night.yaml"
    ok("--dossier", NIGHT, "new", "-o", str(playlist), home=isolated_home)
    xspf = ok("--dossier", NIGHT, "export", str(playlist), "--format", "xspf", home=isolated_home)
    assert 'xmlns="http://xspf.org/ns/0/"' in xspf
    assert "“The lullaby came first, the film after.” — Ada Example" in xspf
    out = tmp_path / "night.jspf"
    assert ok("export", str(playlist), "-o", str(out), home=isolated_home) == ""
    titles = [t["title"] for t in json.loads(out.read_text(encoding="utf-8"))["playlist"]["track"]]
    assert titles == ["Lullaby for Headlights", "Overpass", "Main Title"]
    m3u = ok("export", str(playlist), "--format", "m3u8", home=isolated_home)
    assert m3u.startswith("#EXTM3U\n#PLAYLIST:Night Film and its influences\n")


def test_import_then_show(tmp_path, isolated_home):
    out = tmp_path / "imported.yaml"
    source = DATA / "playlists" / "night-film.xspf"
    said = ok("--dossier", NIGHT, "import", str(source), "-o", str(out), home=isolated_home)
    assert (
        "Imported 2 tracks" in said
        and "2 found in the dossier" in said
        and "1 with a Spotify" in said
    )
    playlist = load_playlist(out)
    assert playlist.items[0].spotify_uri == "spotify:track:0000000000000000000001"
    table = ok("--dossier", NIGHT, "show", str(out), home=isolated_home)
    assert "chosen" in table and "Lullaby for Headlights" in table and "3:21" in table
    fails("import", str(source), "-o", str(out), home=isolated_home)  # exists


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "{tmp}/missing.yaml"], "no such file"),
        (
            ["show", "{tmp}/broken.yaml"],
            "broken.yaml:5:26: items[0].duration: expected whole number",
        ),
        (["export", "{tmp}/broken.yaml", "-o", "{tmp}/x.wpl"], "unknown playlist file type"),
        (["export", "{tmp}/broken.yaml"], "--format"),
        (["import", "{tmp}/bad.xspf", "-o", "{tmp}/out.yaml"], "bad.xspf:2:"),
        (["import", "{tmp}/bad.csv", "-o", "{tmp}/out.yaml"], "bad.csv:3: Track Duration"),
        (["import", "{tmp}/nothing.m3u8", "-o", "{tmp}/out.yaml"], "nothing.m3u8: no such file"),
        (["--dossier", "{tmp}/missing.yaml", "new", "-o", "{tmp}/n.yaml"], "missing.yaml"),
    ],
)
def test_mistakes_are_one_line(tmp_path, isolated_home, args, needle):
    (tmp_path / "broken.yaml").write_text(
        "format: drive-playlist\nversion: 1\nname: B\nitems:\n  - {title: T, duration: long}\n",
        encoding="utf-8",
    )
    (tmp_path / "bad.xspf").write_text(
        '<playlist xmlns="http://xspf.org/ns/0/">\n<<', encoding="utf-8"
    )
    (tmp_path / "bad.csv").write_text(
        "Track Name,Track Duration (ms)\nA,1\nB,x\n", encoding="utf-8"
    )
    err = fails(*(a.format(tmp=tmp_path) for a in args), home=isolated_home)
    assert needle in err
    assert not (tmp_path / "out.yaml").exists()
