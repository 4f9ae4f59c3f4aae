"""The bundled Drive dossier against its sources: the seed article and the album."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from app.core.dossier import EntryKind, Section
from app.core.presets import make_preset
from app.storage.dossier_file import load_dossier
from app.storage.home import resource_path

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "spin-2011-drive-soundtrack.txt"
ALBUM = [
    "Nightcall",
    "Under Your Spell",
    "A Real Hero",
    "Oh My Love",
    "Tick of the Clock",
    "Rubber Head",
    "I Drive",
    "He Had a Good Time",
    "They Broke His Pelvis",
    "Kick Your Teeth",
    "Where's the Deluxe Version?",
    "See You in Four",
    "After the Chase",
    "Hammer",
    "Wrong Floor",
    "Skull Crushing",
    "My Name on a Car",
    "On the Beach",
    "Bride of Deluxe",
]


@pytest.fixture(scope="module")
def dossier():
    return load_dossier()


def article_quotes(dossier) -> list[tuple[str, str]]:
    """(speaker surname, quoted passage) for every attributed quote in the article.

    A quoted song title (“A Real Hero”) is a title, not a quote.
    """
    titles = {e.title for e in dossier.entries}
    if not ARTICLE.exists():
        pytest.skip(f"the seed article is not beside the project ({ARTICLE})")
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = []
    for paragraph in text.split("\n"):
        speaker = re.search(r"(?:says|explains) (Refn|Martinez)", paragraph)
        if not speaker:
            continue
        # One passage in the article lacks its opening quote mark: start of line counts.
        for passage in re.findall(r"(?:^|“)([^“”]+)”", paragraph):
            if passage not in titles:
                quotes.append((speaker.group(1), passage))
    return quotes


def test_every_quote_of_the_article_is_in_the_dossier_verbatim(dossier):
    quotes = article_quotes(dossier)
    assert len(quotes) == 10
    by_speaker = {}
    for c in dossier.commentary:
        if c.speaker:
            by_speaker.setdefault(c.speaker.name.split()[-1], []).extend(c.segments)
    for surname, passage in quotes:
        assert passage in by_speaker[surname], (surname, passage)


def test_every_dossier_quote_is_in_the_article(dossier):
    if not ARTICLE.exists():
        pytest.skip("the seed article is not beside the project")
    text = ARTICLE.read_text(encoding="utf-8")
    for c in dossier.commentary:
        for segment in c.segments:
            assert segment in text
        if c.context:
            assert " ".join(c.context.split()) in " ".join(text.split())


def test_speakers_and_roles(dossier):
    roles = {p.name: p.role for p in dossier.people.values()}
    assert roles == {"Nicolas Winding Refn": "Director", "Cliff Martinez": "Composer"}


def test_quotes_are_attached_to_what_they_speak_about(dossier):
    def speakers(entry_id):
        return {c.speaker.id for c in dossier.commentary_about(entry_id) if c.speaker}

    assert speakers("autobahn") == {"refn"}
    assert speakers("pretty-in-pink") == {"refn"}
    assert speakers("texas-chain-saw-massacre") == {"martinez"}
    assert speakers("goodbye-uncle-tom") == {"refn"}
    assert speakers("oh-my-love") == {"refn"}
    assert speakers("drive") == {"refn"}


def test_the_album_is_complete_and_in_order(dossier):
    featured = dossier.section(Section.FEATURED)
    assert [e.title for e in featured] == ALBUM
    assert [e.number for e in featured] == list(range(1, 20))
    assert all(e.album == "Drive (Original Motion Picture Soundtrack)" for e in featured)
    hero = dossier.entry("a-real-hero")
    assert hero.theme and hero.credited_as == "College featuring Electric Youth"
    assert [e.id for e in featured if e.theme] == ["a-real-hero"]
    assert dossier.entry("nightcall").featuring == ("Lovefoxxx",)


def test_unconfirmed_durations_are_left_out(dossier):
    # No source confirms the album tracks' lengths; none is given.
    assert all(e.duration is None for e in dossier.section(Section.FEATURED))
    pip = dossier.entry("pretty-in-pink")
    lengths = {t.title: t.duration for t in pip.tracks}
    assert lengths["Left of Center"] is None  # sources disagree by a second
    assert lengths["If You Leave"] == 265
    assert dossier.entry("texas-chain-saw-massacre").tracks == ()  # titles unconfirmed


def test_influence_facts(dossier):
    autobahn = dossier.entry("autobahn")
    assert (autobahn.year, autobahn.album, autobahn.artists) == (1974, "Autobahn", ("Kraftwerk",))
    pip = dossier.entry("pretty-in-pink")
    assert pip.kind == EntryKind.FILM and pip.directors == ("Howard Deutch",)
    assert pip.writers == ("John Hughes",) and pip.year == 1986
    assert len(pip.tracks) == 10 and len(pip.default_tracks) == 2
    tcsm = dossier.entry("texas-chain-saw-massacre")
    assert tcsm.year == 1974 and tcsm.music_by == ("Tobe Hooper", "Wayne Bell")
    tom = dossier.entry("goodbye-uncle-tom")
    assert tom.directors == ("Gualtiero Jacopetti", "Franco Prosperi") and tom.year == 1971
    (song,) = tom.tracks
    assert song.title == "Oh My Love" and song.same_as == "oh-my-love"


def test_every_reference_resolves(dossier):
    ids = {e.id for e in dossier.entries}
    for e in dossier.entries:
        assert set(e.influenced) <= ids and set(e.related) <= ids
        assert set(e.sources) <= set(dossier.sources)
    for c in dossier.commentary:
        assert set(c.about) <= ids | {dossier.id}


def test_the_preset_is_the_album_then_each_influences_picks(dossier):
    playlist = make_preset("influences", dossier)
    titles = [i.title for i in playlist.items]
    assert titles[:19] == ALBUM
    assert titles[19:] == ["Autobahn", "If You Leave", "Pretty in Pink"]  # Oh My Love once
    assert playlist.name == "Drive and its influences"


def test_the_json_schema_accepts_the_dossier_and_matches_the_loader():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resource_path("dossier.schema.json").read_text(encoding="utf-8"))
    for name in ("data/drive.yaml", "tests/data/small-dossier.yaml"):
        with open(Path(__file__).resolve().parents[1] / name, encoding="utf-8") as fh:
            jsonschema.validate(yaml.safe_load(fh), schema)


def test_the_small_second_dossier_loads():
    d = load_dossier(str(Path(__file__).parent / "data" / "small-dossier.yaml"))
    assert d.film.title == "Night Film" and len(d.entries) == 3
    assert [i.title for i in make_preset("influences", d).items] == [
        "Lullaby for Headlights",
        "Overpass",
        "Main Title",
    ]
