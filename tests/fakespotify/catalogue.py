"""Test data: the tracks the fake Spotify can find for the Drive dossier, and decoys.

This is NOT real Spotify data.  Every id and ISRC is a made-up test value ("fake…",
"ZZFAK…"), and so is every duration, except where the dossier itself gives a length
(then the right answer carries it, so duration scoring has something to agree with).
The decoys (karaoke, "in the style of", tribute, cover, remix and live versions, songs
that share a title) and their artists, albums and years are invented to trap a matcher,
not releases that exist.  Spotify-style quirks of the right answers are deliberate:
"feat." in titles, several artists in one credit, typographic apostrophes, "Chromatics"
without "The", "Echo and the Bunnymen" with "and", " - 2009 Remaster" suffixes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

DRIVE_ALBUM = "Drive (Original Motion Picture Soundtrack)"
# A later edition of the album (the facts sheet confirms a 10th-anniversary edition in
# 2021); its tracks here carry made-up ids and ISRCs of their own, as reissues do.
DRIVE_REISSUE_ALBUM = f"{DRIVE_ALBUM} [10th Anniversary Edition]"
DRIVE_REISSUE_YEAR = 2021
PINK_ALBUM = "Pretty in Pink (Original Motion Picture Soundtrack)"
TRIBUTE_ALBUM = "Music from Drive (A Tribute)"
TRIBUTE_ARTIST = "Midnight Tribute Players"  # made up
KARAOKE_ARTIST = "Karaoke Test Kings"  # made up
STYLE_ARTIST = "Sing-Along Test Studio"  # made up
COVER_ARTIST = "The Test Pilots"  # made up
PIANO_ARTIST = "Test Piano Ensemble"  # made up


@dataclass(frozen=True)
class _Song:
    key: str  # the title as the dossier spells it
    title: str  # the right answer, as Spotify would spell it
    artists: tuple[str, ...]
    album: str
    year: int
    seconds: int  # test value unless the dossier gives the length
    decoys: tuple[str, ...]  # kinds, see _decoy()


_M = ("Cliff Martinez",)
_SCORE = ("tribute", "piano")  # decoys for the score pieces
_SHARED = ("tribute", "piano", "other")  # ... whose titles other songs share
# Decoy kinds: karaoke, style, tribute, piano, cover, remix, live, other (same title, other
# artist), single_edit, original_1981.
_SONGS = (
    _Song("Nightcall", "Nightcall", ("Kavinsky", "Lovefoxxx"), DRIVE_ALBUM, 2011, 258,
          ("karaoke", "tribute", "piano", "remix", "style", "live")),
    _Song("Under Your Spell", "Under Your Spell", ("Desire",), DRIVE_ALBUM, 2011, 301,
          ("tribute", "piano", "cover", "other")),
    _Song("A Real Hero", "A Real Hero (feat. Electric Youth)", ("College", "Electric Youth"),
          DRIVE_ALBUM, 2011, 268, ("karaoke", "tribute", "piano", "live", "other")),
    _Song("Oh My Love", "Oh My Love", ("Riz Ortolani", "Katyna Ranieri"), DRIVE_ALBUM, 2011,
          175, ("other", "cover", "tribute", "piano")),
    _Song("Tick of the Clock", "Tick of the Clock", ("Chromatics",), DRIVE_ALBUM, 2011, 287,
          ("tribute", "piano", "remix")),
    _Song("Rubber Head", "Rubber Head", _M, DRIVE_ALBUM, 2011, 181, _SHARED),
    _Song("I Drive", "I Drive", _M, DRIVE_ALBUM, 2011, 113, (*_SHARED, "remix")),
    _Song("He Had a Good Time", "He Had a Good Time", _M, DRIVE_ALBUM, 2011, 82, _SCORE),
    _Song("They Broke His Pelvis", "They Broke His Pelvis", _M, DRIVE_ALBUM, 2011, 176,
          _SCORE),
    _Song("Kick Your Teeth", "Kick Your Teeth", _M, DRIVE_ALBUM, 2011, 139, _SCORE),
    _Song("Where's the Deluxe Version?", "Where’s the Deluxe Version?", _M, DRIVE_ALBUM, 2011,
          99, _SCORE),
    _Song("See You in Four", "See You in Four", _M, DRIVE_ALBUM, 2011, 214, _SCORE),
    _Song("After the Chase", "After the Chase", _M, DRIVE_ALBUM, 2011, 127, _SHARED),
    _Song("Hammer", "Hammer", _M, DRIVE_ALBUM, 2011, 87, _SHARED),
    _Song("Wrong Floor", "Wrong Floor", _M, DRIVE_ALBUM, 2011, 133, _SHARED),
    _Song("Skull Crushing", "Skull Crushing", _M, DRIVE_ALBUM, 2011, 147, _SCORE),
    _Song("My Name on a Car", "My Name on a Car", _M, DRIVE_ALBUM, 2011, 116, _SCORE),
    _Song("On the Beach", "On the Beach", _M, DRIVE_ALBUM, 2011, 395, _SHARED),
    _Song("Bride of Deluxe", "Bride of Deluxe", _M, DRIVE_ALBUM, 2011, 162, _SCORE),
    # The dossier gives 22:43 for the album version.
    _Song("Autobahn", "Autobahn - 2009 Remaster", ("Kraftwerk",), "Autobahn (2009 Remaster)",
          1974, 1363, ("single_edit", "cover", "karaoke")),
    _Song("If You Leave", "If You Leave", ("Orchestral Manoeuvres in the Dark",), PINK_ALBUM,
          1986, 265, ("karaoke", "style", "cover", "live")),
    _Song("Left of Center", "Left of Center", ("Suzanne Vega", "Joe Jackson"), PINK_ALBUM, 1986,
          213, ("karaoke", "cover", "live")),
    _Song("Get to Know Ya", "Get to Know Ya", ("Jesse Johnson",), PINK_ALBUM, 1986, 271,
          ("cover", "other", "live")),
    _Song("Do Wot You Do", "Do Wot You Do", ("INXS",), PINK_ALBUM, 1986, 196,
          ("karaoke", "live")),
    # The dossier gives 4:40 for the 1986 re-recording; the 1981 original is a decoy.
    _Song("Pretty in Pink", "Pretty in Pink", ("The Psychedelic Furs",), PINK_ALBUM, 1986, 280,
          ("original_1981", "karaoke", "style", "cover")),
    _Song("Shellshock", "Shellshock", ("New Order",), PINK_ALBUM, 1986, 364,
          ("remix", "cover", "live")),
    _Song("Round, Round", "Round, Round", ("Belouis Some",), PINK_ALBUM, 1986, 262,
          ("karaoke", "other", "live")),
    _Song("Wouldn't It Be Good", "Wouldn’t It Be Good", ("Danny Hutton Hitters",), PINK_ALBUM,
          1986, 245, ("karaoke", "style", "cover", "live")),
    _Song("Bring On the Dancing Horses", "Bring On the Dancing Horses",
          ("Echo and the Bunnymen",), PINK_ALBUM, 1986, 239, ("karaoke", "live", "cover")),
    _Song("Please, Please, Please, Let Me Get What I Want",
          "Please, Please, Please, Let Me Get What I Want", ("The Smiths",), PINK_ALBUM, 1986,
          112, ("karaoke", "style", "cover", "live")),
)  # fmt: skip


def _plain(title: str) -> str:
    """The title without a Spotify suffix: "Autobahn - 2009 Remaster" -> "Autobahn"."""
    return title.split(" - ")[0].split(" (feat.")[0]


def _decoy(kind: str, song: _Song, n: int) -> dict:
    """One invented decoy for ``song``: never a real release."""
    title, lead, secs = _plain(song.title), song.artists[0], song.seconds
    decoys = {
        "karaoke": (f"{title} (Karaoke Version)", [KARAOKE_ARTIST],
                    f"Karaoke Test Hits Vol. {n % 7 + 1}", 2015, secs + 2),
        "style": (f"{title} (In the Style of {lead})", [STYLE_ARTIST],
                  "Sing Like the Stars (Test Edition)", 2013, secs - 3),
        "tribute": (title, [TRIBUTE_ARTIST], TRIBUTE_ALBUM, 2012, secs + 9),
        "piano": (f"{title} (Piano Version)", [PIANO_ARTIST], "Drive: Piano Test Renditions",
                  2016, secs + 12),
        "cover": (title, [COVER_ARTIST], "Covered in Neon (Test Covers)", 2019, secs + 21),
        "remix": (f"{title} - Test Remix", list(song.artists), f"{title} (Test Remixes)",
                  2014, secs + 95),
        "live": (f"{title} - Live", list(song.artists), "Live Test Sessions", 2009, secs + 34),
        "other": (title, [f"{title.split()[-1].strip('?,')} Test Band"], f"{title} (Test Album)",
                  2004, secs - 40),
        "single_edit": (f"{title} - Single Edit", list(song.artists), song.album, song.year,
                        207),
        "original_1981": (title, list(song.artists), "Talk Talk Talk", 1981, secs - 26),
    }  # fmt: skip
    name, artists, album, year, seconds = decoys[kind]
    return {"title": name, "artists": artists, "album": album, "year": year,
            "duration_ms": max(30, seconds) * 1000}  # fmt: skip


def _catalogue() -> tuple[list[dict], dict[str, str]]:
    tracks, answers, n = [], {}, 0
    for song in _SONGS:
        right = {"title": song.title, "artists": list(song.artists), "album": song.album,
                 "year": song.year, "duration_ms": song.seconds * 1000}  # fmt: skip
        # Decoys come first for half the songs: Spotify does not rank the right one first.
        rows = [_decoy(kind, song, n) for kind in song.decoys]
        rows.insert(len(rows) if n % 2 else 0, right)
        for row in rows:
            n += 1
            row["track_id"] = f"fake{n:018d}"
            row["isrc"] = f"ZZFAK11{n:05d}"
            tracks.append(row)
        answers[song.key] = right["track_id"]
    return tracks, answers


_TRACKS, DRIVE_ANSWERS = _catalogue()
"""``DRIVE_ANSWERS``: dossier title -> id of the right answer in the fake catalogue."""


def drive_catalogue() -> list[dict]:
    """Keyword dicts for ``FakeSpotify.add_track`` (``fake.load_catalogue`` takes them)."""
    return [dict(row, artists=list(row["artists"])) for row in _TRACKS]


def drive_reissue_catalogue() -> list[dict]:
    """The Drive album's tracks again on its anniversary edition: the same recordings
    (titles, artists, lengths within a second), new ids and ISRCs (made-up test values).
    Load it beside ``drive_catalogue()``: a matcher must still pick the 2011 album."""
    rows = []
    for n, song in enumerate(s for s in _SONGS if s.album == DRIVE_ALBUM):
        rows.append(
            {
                "title": song.title,
                "artists": list(song.artists),
                "album": DRIVE_REISSUE_ALBUM,
                "year": DRIVE_REISSUE_YEAR,
                # Remastering may move the length by a second: every other one differs.
                "duration_ms": (song.seconds + n % 2) * 1000,
                "track_id": f"fakereissue{n:011d}",
                "isrc": f"ZZFAK21{n:05d}",
            }
        )
    return rows


def drive_answer_uri(title: str) -> str:
    """The URI of the right answer for a dossier title (KeyError if there is none)."""
    return f"spotify:track:{DRIVE_ANSWERS[title]}"


# --- synthetic catalogues for benchmarks ---------------------------------------------------

_ADJECTIVES = ("Neon", "Silent", "Electric", "Midnight", "Velvet", "Chrome", "Golden",
               "Hollow", "Crimson", "Distant", "Restless", "Paper", "Glass", "Burning")  # fmt: skip
_NOUNS = ("Highway", "Heart", "Signal", "Mirror", "River", "Engine", "Garden", "Shadow",
          "Window", "Harbour", "Machine", "Dream", "Skyline", "Echo")  # fmt: skip
_DECOY_KINDS = ("karaoke", "style", "tribute", "cover", "remix", "live", "other")


@dataclass
class GeneratedCatalogue:
    """``tracks`` for ``fake.load_catalogue``; ``items[i]`` a playlist item whose right
    answer is ``uris[i]`` (fields named as PlaylistItem's, duration in seconds)."""

    tracks: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    uris: list[str] = field(default_factory=list)


def generated_catalogue(n: int, seed: int = 0) -> GeneratedCatalogue:
    """``n`` distinct made-up songs, each with 1-3 decoys; the same for the same seed."""
    rng = random.Random(seed)
    out = GeneratedCatalogue()
    serial = 0
    for i in range(n):
        title = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {i + 1}"
        artist = f"{rng.choice(_ADJECTIVES)} Test Band {i % 97 + 1}"
        album = f"{rng.choice(_NOUNS)} Test Album {i // 10 + 1}"
        year = rng.randint(1970, 2020)
        seconds = rng.randint(120, 420)
        song = _Song(title, title, (artist,), album, year, seconds, ())
        right = {"title": title, "artists": [artist], "album": album, "year": year,
                 "duration_ms": seconds * 1000}  # fmt: skip
        rows = [_decoy(k, song, i) for k in rng.sample(_DECOY_KINDS, rng.randint(1, 3))]
        rows.insert(rng.randint(0, len(rows)), right)
        for row in rows:
            serial += 1
            row["track_id"] = f"fakegen{seed % 1000:03d}{serial:012d}"
            out.tracks.append(row)
        out.items.append({"title": title, "artists": (artist,), "album": album, "year": year,
                          "duration": seconds})  # fmt: skip
        out.uris.append(f"spotify:track:{right['track_id']}")
    return out
