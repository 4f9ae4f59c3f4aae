"""The parsed-copy cache: used when the text is exactly the same, never otherwise."""

from __future__ import annotations

import json

from app.core.playlist import Playlist, PlaylistItem
from app.storage import parse_cache
from app.storage.dossier_file import bundled_dossier_path, load_dossier
from app.storage.home import state_dir
from app.storage.playlist_file import load_playlist, save_playlist


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
