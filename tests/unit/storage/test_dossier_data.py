"""The bundled Drive dossier against its sources: the seed article and the album."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from app.core.dossier import EntryKind, Section
from app.core.presets import make_preset
from app.storage.dossier_file import load_dossier
from app.storage.home import resource_path
from tests.paths import DATA, REPO

ARTICLE = REPO.parent / "shared" / "seed" / "spin-2011-drive-soundtrack.txt"
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
        with open(REPO / name, encoding="utf-8") as fh:
            jsonschema.validate(yaml.safe_load(fh), schema)


def test_the_small_second_dossier_loads():
    d = load_dossier(str(DATA / "small-dossier.yaml"))
    assert d.film.title == "Night Film" and len(d.entries) == 3
    assert [i.title for i in make_preset("influences", d).items] == [
        "Lullaby for Headlights",
        "Overpass",
        "Main Title",
    ]


# -- every word against the article and the facts sheet ------------------------------

FACTS = ARTICLE.parents[1] / "facts" / "drive-music-facts.yml"
README = REPO / "README.md"
# Quotation marks hold the article's words: text inside “…” or "…".
QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|(?<![\w’'])‘([^‘’]+)’(?!\w)")


def _plain(text: str) -> str:
    """Only whitespace and the quote glyphs are evened out: the article nests ‘…’ in “…”."""
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return " ".join(text.split())


def _article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the seed article is not beside the project ({ARTICLE})")
    return ARTICLE.read_text(encoding="utf-8")


def _facts() -> dict:
    if not FACTS.exists():
        pytest.skip(f"the facts sheet is not beside the project ({FACTS})")
    return yaml.safe_load(FACTS.read_text(encoding="utf-8"))


def _dossier_texts(dossier) -> list[tuple[str, str]]:
    """(where, text) for every piece of prose in the dossier, quotes and facts alike."""
    film = dossier.film
    texts = [("film.summary", film.summary or "")]
    texts += [(f"source {s.id}", s.title) for s in dossier.sources.values()]
    for c in dossier.commentary:
        texts += [(f"{c.id}.segments", s) for s in c.segments]
        texts += [(f"{c.id}.context", c.context or ""), (f"{c.id}.video", c.video or "")]
    for e in dossier.entries:
        for name in ("description", "why", "credit_note", "shaped_label", "shaped_by_label"):
            texts.append((f"{e.id}.{name}", getattr(e, name) or ""))
        texts += [(f"{e.id}.notes", n) for n in e.notes]
        texts += [(f"{t.id}.note", t.note or "") for t in e.tracks]
    return texts


def _strings(node, where=""):
    """Every text in the file as written, wherever it sits."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{where}[{i}]")


def test_every_quoted_fragment_anywhere_in_the_dossier_is_the_articles_letter_for_letter():
    article = _plain(_article())
    raw = yaml.safe_load((REPO / "data" / "drive.yaml").read_text())
    fragments = [
        (where, "".join(groups)) for where, text in _strings(raw) for groups in QUOTED.findall(text)
    ]
    assert len(fragments) > 10  # the notes, descriptions, reasons and captions quote it too
    for where, fragment in fragments:
        assert _plain(fragment) in article, (where, fragment)


def test_the_quote_check_catches_a_changed_letter():
    article = _plain(_article())
    assert _plain("Late ’70s bands like Kraftwerk") in article
    assert _plain("late ’70s bands like Kraftwerk") not in article


def test_each_video_is_the_article_caption_after_its_passage(dossier):
    text = _article()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    videos = [c for c in dossier.commentary if c.video]
    assert [c.video for c in videos] == [
        "Drive trailer",
        "Kraftwerk, “Autobahn”",
        "Pretty In Pink trailer",
        "Texas Chain Saw Massacre trailer",
        "Goodbye Uncle Tom opening",
    ]
    for c in videos:
        assert c.video in lines  # a caption line of its own: no link, no invented address
        # SPIN placed it after the passage, before the next one
        passage_at = text.index(c.segments[-1])
        video_at = re.search(rf"(?m)^{re.escape(c.video)}$", text).start()
        assert passage_at < video_at
        later = [
            text.index(o.segments[0]) for o in videos if text.index(o.segments[0]) > passage_at
        ]
        assert not later or video_at < min(later), c.id


def test_the_narration_sits_where_the_article_breaks_each_quote(dossier):
    article = _plain(_article())
    for c in dossier.commentary:
        if c.speaker is None:
            continue
        assert c.context, c.id
        shown = _plain(" ".join(f'"{t}"' if quoted else t for quoted, t in c.pieces))
        # (one passage of the article lacks its opening quote mark)
        assert shown in article or shown[1:] in article, c.id
    oh_my_love = next(c for c in dossier.commentary if c.id == "refn-oh-my-love")
    assert [quoted for quoted, _ in oh_my_love.pieces] == [True, False, True]
    assert oh_my_love.pieces[1][1].startswith("explains Refn of the graphic, 1971 faux-documentary")


def test_every_source_is_one_the_facts_sheet_or_the_article_names(dossier):
    sheet = FACTS.read_text(encoding="utf-8") if FACTS.exists() else pytest.skip("no sheet")
    urls = set(re.findall(r"https?://[^\s\"',}]+", sheet))
    for source in dossier.sources.values():
        assert source.url and any(u.startswith(source.url) for u in urls), source.id


def test_facts_that_needed_a_citation_cite_the_source_that_says_them(dossier):
    cited = {e.id: set(e.sources) for e in dossier.entries}
    # Pretty in Pink's US release date and its album's chart peak
    assert {"alternative-missoula", "rock-and-roll-globe"} <= cited["pretty-in-pink"]
    # The Texas Chain Saw Massacre's year, director and writers
    assert "crimetv-tcsm" in cited["texas-chain-saw-massacre"]
    # Autobahn's 22:43: the song page and the archive agree
    assert {"wikipedia-autobahn-song", "indeep-autobahn"} <= cited["autobahn"]
    assert dossier.film.sources and all(s in dossier.sources for s in dossier.film.sources)
    for entry in dossier.entries:
        assert entry.sources, entry.id


def test_what_the_sheet_leaves_open_is_not_stated_as_fact(dossier):
    facts = _facts()
    texts = _dossier_texts(dossier)
    prose = " ".join(t for _, t in texts)
    # The Drive track is not known to be the recording Goodbye Uncle Tom used.
    assert "same recording" not in prose
    # The single edit's length is a CONFLICT: both values with their sources, or none.
    edit = facts["kraftwerk_autobahn"]["lengths"]["single_edit"]
    assert edit["status"] == "CONFLICT"
    values = {v["value"] for v in edit["values"]}
    for _where, text in texts:
        if values & set(re.findall(r"\d:\d\d", text)):
            assert values <= set(re.findall(r"\d:\d\d", text)), text
            assert "Wikipedia" in text and "In Deep Music Archive" in text
    # Scene placements are UNCONFIRMED in the sheet: said only as such.
    assert facts["drive_film_other_songs"]["status"] == "UNCONFIRMED"
    for where, text in texts:
        if re.search(r"opening credits|opening getaway|river drive|\btwice\b", text):
            assert "not confirmed" in text, (where, text)
    # Lyrics were written with Emil Schult, not by him alone.
    assert "lyrics by Emil Schult" not in prose and "with Emil Schult" in prose
    # College is David Grellier alone.
    assert "David Grellier (College) and Austin Garrick" in prose


def test_years_and_credits_follow_the_sheet(dossier):
    facts = _facts()
    assert dossier.entry("a-real-hero").original_year == facts["a_real_hero"]["year"]
    assert dossier.entry("oh-my-love").original_year == facts["oh_my_love"]["year"]
    assert dossier.entry("a-real-hero").year_label == "2010"
    assert dossier.entry("nightcall").year_label == "2011 (album)"
    films = {f["title"]: f for f in facts["films"]}
    for entry in dossier.section(Section.INFLUENCE):
        if entry.kind == EntryKind.FILM:
            sheet = next(f for t, f in films.items() if t.startswith(entry.title))
            assert entry.year == sheet["year"]
    # one credit for "Oh My Love", with both spellings the sources use beside it
    song = dossier.entry("oh-my-love")
    assert song.artist_line == dossier.credit_for("goodbye-uncle-tom/oh-my-love")
    assert "Riziero Ortolani" in song.credit_note and "Riz Ortolani" in song.credit_note
    assert "2016 Lakeshore/Invada press release" in song.credit_note


def test_every_entry_that_leaves_out_a_length_says_so(dossier):
    for entry in dossier.entries:
        if entry.kind == EntryKind.TRACK and entry.duration is None:
            assert "duration" in entry.unconfirmed, entry.id
        lengthless = [t for t in entry.tracks if t.duration is None and not t.same_as]
        if entry.kind != EntryKind.TRACK and lengthless:
            assert any("length" in n for n in entry.notes), entry.id


def test_no_entry_is_linked_under_two_relations(dossier):
    for entry in dossier.entries:
        by = {e.id for e in dossier.influenced_by(entry.id)}
        assert not set(entry.related) & (by | set(entry.influenced)), entry.id


def test_the_readme_says_what_is_true(dossier):
    text = README.read_text(encoding="utf-8")
    with_commentary = [e for e in dossier.entries if dossier.commentary_about(e.id)]
    quoted = [e for e in dossier.entries if any(c.speaker for c in dossier.commentary_about(e.id))]
    words = {"four": 4, "five": 5, "six": 6}
    spoke_of = re.search(r"the album and the (\w+)\s+entries they spoke of", text)
    assert spoke_of and words[spoke_of.group(1)] == len(quoted)
    other = re.search(r"The other (\d+) entries have no commentary", text)
    assert other and int(other.group(1)) == len(dossier.entries) - len(with_commentary)
    assert dossier.commentary_about(dossier.id)  # "beside the album"
    # The article's own title typography where it is quoted.
    title = dossier.sources["spin"].title
    assert title == "‘Drive’: The Secrets to an Awesome Soundtrack" and title in _article()
    assert f"“{title}”" in text and "'Drive'" not in text


def test_the_schema_and_the_loader_know_the_same_fields():
    from app.storage import dossier_file as loader

    schema = json.loads(resource_path("dossier.schema.json").read_text(encoding="utf-8"))
    props = schema["properties"]
    assert set(props) == loader._TOP
    assert set(props["film"]["properties"]) == loader._FILM
    assert set(props["people"]["items"]["properties"]) == loader._PERSON
    assert set(props["sources"]["items"]["properties"]) == loader._SOURCE
    assert set(props["commentary"]["items"]["properties"]) == loader._COMMENT
    assert set(schema["$defs"]["entry"]["properties"]) == loader._ENTRY
    assert set(schema["$defs"]["track"]["properties"]) == loader._TRACK
    unconfirmed = schema["$defs"]["entry"]["properties"]["unconfirmed"]["items"]["enum"]
    assert tuple(unconfirmed) == loader.UNCONFIRMABLE
    from app.ui.detail_html import UNCONFIRMED_ROWS  # each says so where its fact would be

    assert set(UNCONFIRMED_ROWS) == set(loader.UNCONFIRMABLE)


def test_each_track_shows_the_credit_its_sources_print(dossier):
    facts = _facts()
    # Pretty in Pink's album: the credit as the track lists print it ("with", not "featuring")
    sheet = {t["title"]: t["artist"] for t in facts["pretty_in_pink_soundtrack"]["tracks"]}
    shown = {t.title: t.artist_line for t in dossier.entry("pretty-in-pink").tracks}
    assert shown == sheet
    # The Drive album: where the label's wording is recorded, that is the credit
    for track in facts["drive_soundtrack_album"]["track_list"]["tracks"]:
        entry = next(e for e in dossier.section(Section.FEATURED) if e.number == track["track"])
        if track.get("credited_as"):
            assert entry.artist_line == track["credited_as"], entry.id


def test_the_format_documents_example_item_is_what_the_program_writes(dossier):
    from app.core.playlist import PlaylistItem

    doc = (README.parent / "docs" / "playlist-format.md").read_text(encoding="utf-8")
    block = re.search(r"## Version \d+\s+```yaml\n(.*?)```", doc, re.S).group(1)
    example = yaml.safe_load(block)
    (item,) = example["items"]
    track = dossier.track(item["track"])
    written = PlaylistItem.from_track(track)
    assert item["entry"] == written.entry_id and item["title"] == written.title
    assert tuple(item["artists"]) == written.artists and item["album"] == written.album
    assert item["year"] == written.year
    # a length only where the dossier has one: no source confirms the album tracks'
    assert item.get("duration") == written.duration


def test_each_cited_source_is_one_publication_at_its_own_address(dossier):
    # A name in the Sources line is a link: it must lead to that publication's page.
    urls = [s.url for s in dossier.sources.values()]
    assert len(urls) == len(set(urls))
    for source in dossier.sources.values():
        assert ";" not in source.publication, source.id
