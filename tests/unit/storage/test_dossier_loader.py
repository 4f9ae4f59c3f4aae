"""Broken dossiers: one clear message with file, line, column and field; never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.storage.dossier_file import load_dossier
from app.storage.located import LoadError
from tests.paths import DATA
from tests.program import cli

SMALL = (DATA / "small-dossier.yaml").read_text(encoding="utf-8")


def broken(tmp_path, text: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path, text: str) -> LoadError:
    path = broken(tmp_path, text)
    with pytest.raises(LoadError) as info:
        load_dossier(str(path))
    assert info.value.file == str(path)
    return info.value


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    text = SMALL.replace("title: Overpass,", "title: [Overpass,")
    err = error_for(tmp_path, text)
    assert "YAML syntax" in err.message
    assert err.line == line_of(text, "[Overpass") + 1 or err.line == line_of(text, "[Overpass")
    assert err.column is not None


def test_missing_field(tmp_path):
    text = SMALL.replace("  title: Night Film\n", "")
    err = error_for(tmp_path, text)
    assert err.field == "film" and "missing required field 'title'" in err.message
    assert err.line == line_of(text, "year: 1999")


def test_wrong_type_names_the_field_path(tmp_path):
    text = SMALL.replace("duration: 201", "duration: three minutes")
    err = error_for(tmp_path, text)
    assert err.field == "featured[0].duration"
    assert "expected whole number, got text" in err.message
    assert err.line == line_of(text, "three minutes")
    assert err.column == text.splitlines()[err.line - 1].index("three") + 1


def test_unknown_field_is_a_typo_not_silence(tmp_path):
    text = SMALL.replace("title: Overpass", "titel: Overpass")
    err = error_for(tmp_path, text)
    assert err.field == "featured[1].titel" and "unknown field" in err.message


def test_duplicate_id(tmp_path):
    text = SMALL.replace("id: overpass", "id: lullaby")
    err = error_for(tmp_path, text)
    assert "duplicate id 'lullaby'" in err.message and err.field == "featured[1].id"


def test_duplicate_key(tmp_path):
    text = SMALL.replace("  year: 1999\n", "  year: 1999\n  year: 2000\n")
    err = error_for(tmp_path, text)
    assert "duplicate key 'year'" in err.message and err.line == line_of(text, "year: 2000")


def test_reference_to_an_unknown_entry(tmp_path):
    text = SMALL.replace("influenced: [lullaby]", "influenced: [lulaby]")
    err = error_for(tmp_path, text)
    assert err.field == "influences[0].influenced[0]"
    assert "unknown entry 'lulaby'" in err.message


def test_unknown_speaker(tmp_path):
    err = error_for(tmp_path, SMALL.replace("speaker: ada", "speaker: bob"))
    assert err.field == "commentary[0].speaker" and "unknown person 'bob'" in err.message


def test_unsupported_version(tmp_path):
    err = error_for(tmp_path, SMALL.replace("schema_version: 1", "schema_version: 7"))
    assert err.field == "schema_version" and "not supported" in err.message


def test_an_object_constructing_tag_is_refused(tmp_path):
    text = SMALL.replace("title: Overpass", "title: !!python/object/apply:os.system [echo hi]")
    err = error_for(tmp_path, text)
    assert "not allowed" in err.message and "python/object/apply" in err.message
    assert err.line == line_of(text, "python/object")


def test_not_a_mapping(tmp_path):
    err = error_for(tmp_path, "- just\n- a list\n")
    assert "expected a mapping" in err.message


def test_missing_file_and_not_utf8(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_dossier(str(tmp_path / "nope.yaml"))
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(LoadError, match="not UTF-8"):
        load_dossier(str(path))


def test_cli_reports_a_broken_dossier_in_one_line(tmp_path):
    path = broken(tmp_path, SMALL.replace("duration: 201", "duration: [1]"))
    result = cli("--dossier", str(path), "check")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{path}:" in lines[0] and "featured[0].duration" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_version_and_help_need_no_display():
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    version = cli("--version", env=env)
    assert version.returncode == 0 and version.stdout.startswith("drive-playlist ")
    helptext = cli("--help", env=env)
    assert helptext.returncode == 0 and "usage: drive-playlist" in helptext.stdout


def test_cli_checks_another_films_dossier():
    result = cli("check", str(DATA / "small-dossier.yaml"))
    assert result.returncode == 0
    assert "Night Film (1999): 3 entries" in result.stdout


def test_cli_bad_argument_is_one_line():
    result = cli("--no-such-option")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays are Linux's")
def test_the_window_without_a_display_says_so_in_one_line():
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = cli(env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "drive-playlist: no display to open the window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set); the commands work without one: see drive-playlist --help"
    ]


def test_a_field_marked_unconfirmed_must_be_one_the_pane_shows(tmp_path):
    text = SMALL.replace("title: Overpass,", "title: Overpass, unconfirmed: [lenght],")
    err = error_for(tmp_path, text)
    assert err.field == "featured[1].unconfirmed[0]"
    assert "unknown field 'lenght'" in err.message and "duration" in err.message
    assert err.line == line_of(text, "lenght")


def test_the_films_sources_must_be_known(tmp_path):
    text = SMALL.replace("  album: Night Film (Soundtrack)\n", "  sources: [zine, fanzine]\n")
    err = error_for(tmp_path, text)
    assert err.field == "film.sources[1]" and "unknown source 'fanzine'" in err.message


def test_the_new_optional_fields_load(tmp_path):
    text = SMALL.replace(
        "title: Overpass,",
        "title: Overpass, original_year: 1998, unconfirmed: [duration], credit_note: Also Bo E.,",
    ).replace("  album: Night Film (Soundtrack)\n", "  album_year: 2000\n  sources: [zine]\n")
    text = text.replace("influenced: [lullaby]", "influenced: [lullaby]\n    shaped_label: Lulled")
    text = text.replace('segments: ["The', 'video: A clip\n    segments: ["The')
    d = load_dossier(str(broken(tmp_path, text)))
    overpass = d.entry("overpass")
    assert (overpass.year, overpass.original_year, overpass.year_label) == (2000, 1998, "1998")
    assert d.entry("lullaby").year_label == "2000 (album)"
    assert overpass.unconfirmed == ("duration",) and overpass.credit_note == "Also Bo E."
    assert d.film.sources == ("zine",) and d.commentary[0].video == "A clip"
    assert d.entry("old-movie").shaped_label == "Lulled"
