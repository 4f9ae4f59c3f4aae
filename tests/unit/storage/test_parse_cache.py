"""The parsed-copy cache: used when the text is exactly the same, never otherwise."""

from __future__ import annotations

import errno
import json
import os
import time

import pytest

from app.core.playlist import Playlist, PlaylistItem
from app.storage import atomic, parse_cache
from app.storage.dossier_file import bundled_dossier_path, load_dossier
from app.storage.home import state_dir
from app.storage.playlist_file import load_playlist, save_playlist
from tests.program import cli


def cached_files() -> list:
    return sorted((state_dir("cache") / parse_cache.FOLDER).glob("*.json"))


def sample(name="Mine") -> Playlist:
    return Playlist(name=name, items=[PlaylistItem(title="Hammer", artists=("Cliff Martinez",))])


def test_saving_leaves_a_copy_that_reopening_uses(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    (copy,) = cached_files()
    # Prove the copy is what a reopen reads: change it behind the program's back.
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["data"]["name"] = "From the copy"
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert load_playlist(path).name == "From the copy"


def test_any_edit_to_the_file_means_a_fresh_parse(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Mine", "name: Mind"), encoding="utf-8")
    assert load_playlist(path).name == "Mind"
    assert len(cached_files()) == 2  # the edited text was parsed, then kept too


def test_a_damaged_copy_is_ignored(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    (copy,) = cached_files()
    copy.write_text("{not json", encoding="utf-8")
    assert load_playlist(path).name == "Mine"


def test_a_copy_that_no_longer_validates_is_parsed_again(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    (copy,) = cached_files()
    copy.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    assert load_playlist(path).name == "Mine"


def test_errors_still_name_the_place(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: drive-playlist\nversion: 1\nname: x\nitems: 3\n", encoding="utf-8")
    for _ in range(2):  # nothing broken is ever cached
        try:
            load_playlist(path)
        except Exception as error:
            assert ":4:" in str(error) and "items" in str(error)
        else:
            raise AssertionError("a broken file loaded")
    assert cached_files() == []


def test_the_dossier_is_read_from_its_copy_after_the_first_time():
    load_dossier()
    (copy,) = cached_files()
    assert copy.name.startswith("dossier-")
    assert load_dossier().film.title == "Drive"
    assert load_dossier(bundled_dossier_path(), use_cache=False).film.title == "Drive"


def test_the_cache_keeps_a_bounded_number_of_copies(tmp_path, monkeypatch):
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 3)
    for n in range(6):
        save_playlist(sample(f"P{n}"), tmp_path / f"p{n}.yaml")
    assert len(cached_files()) == 3


# -- a cache must never make a command slower, wrong or stuck --


def test_a_copy_replaced_by_another_files_valid_copy_is_not_trusted(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    save_playlist(sample("First"), first)
    save_playlist(sample("Second"), second)
    key = parse_cache.key_for("playlist", first.read_text(encoding="utf-8"))
    other = parse_cache.key_for("playlist", second.read_text(encoding="utf-8"))
    folder = state_dir("cache") / parse_cache.FOLDER
    # Another file's copy, valid JSON and a valid playlist, under this file's name.
    (folder / f"{other}.json").replace(folder / f"{key}.json")
    assert load_playlist(first).name == "First"


def test_a_fifo_in_place_of_a_copy_does_not_hang(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    (copy,) = cached_files()
    copy.unlink()
    os.mkfifo(copy)
    result = cli("show", str(path))  # the suite's timeout catches a hang
    assert result.returncode == 0, result.stderr
    assert "Mine" in result.stdout


def test_a_copy_larger_than_its_text_could_give_is_not_read(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    (copy,) = cached_files()
    entry = json.loads(copy.read_text(encoding="utf-8"))
    entry["data"]["name"] = "From a bloated copy"
    entry["padding"] = "x" * parse_cache.entry_limit(path.read_text(encoding="utf-8"))
    copy.write_text(json.dumps(entry), encoding="utf-8")
    assert load_playlist(path).name == "Mine"


def test_a_deeply_nested_copy_is_ignored(tmp_path):
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    (copy,) = cached_files()
    copy.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert load_playlist(path).name == "Mine"


def _in_folder(fd: int, folder) -> bool:
    return os.path.dirname(os.readlink(f"/proc/self/fd/{fd}")) == os.path.realpath(folder)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to name an open file")
def test_a_full_disk_leaves_no_temporary_file(tmp_path, monkeypatch):
    """Writes fail as on a full disk: the copy is skipped and nothing partial stays."""
    real_open = open
    folder = state_dir("cache") / parse_cache.FOLDER

    def full_disk_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        # Only the cache's folder is full: the playlist itself is still saved.
        if "w" in mode and isinstance(file, int) and _in_folder(file, folder):

            class Full:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    handle.close()

                def write(self, data):
                    handle.write(data[: len(data) // 2])
                    raise OSError(errno.ENOSPC, "No space left on device")

            return Full()
        return handle

    monkeypatch.setattr(atomic, "open", full_disk_open, raising=False)
    path = tmp_path / "p.yaml"
    save_playlist(sample(), path)
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    assert load_playlist(path).name == "Mine"


def test_old_temporary_files_are_swept(tmp_path):
    folder = state_dir("cache") / parse_cache.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    old, fresh = folder / ".playlist-dead.123.tmp", folder / ".playlist-busy.456.tmp"
    for leftover in (old, fresh):
        leftover.write_text('{"key":', encoding="utf-8")
    long_ago = time.time() - parse_cache.STALE_TEMP_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    save_playlist(sample(), tmp_path / "p.yaml")
    assert not old.exists()
    assert fresh.exists()  # perhaps another process's write in progress


def test_refused_input_leaves_no_copy(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "format: drive-playlist\nversion: 1\nname: x\na: &a [1, 2]\nb: [*a, *a]\n", "utf-8"
    )
    result = cli("show", str(path))
    assert result.returncode == 2 and "aliases (*a)" in result.stderr
    assert cached_files() == []
