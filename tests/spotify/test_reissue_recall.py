"""A reissue of an album in the search results is the same music, not a reason for doubt:
the 2011 album is matched, its anniversary edition kept as a candidate."""

from __future__ import annotations

import pytest

from app.core.matching import decide, is_edition, same_recording
from app.core.playlist import Candidate, MatchStatus, PlaylistItem
from app.core.presets import make_preset
from app.spotify.matcher import match_playlist
from app.storage.dossier_file import load_dossier
from tests.data.match_cases import CASES, DRIVE_ALBUM, drive_item, track
from tests.fakespotify.catalogue import (
    DRIVE_ANSWERS,
    DRIVE_REISSUE_ALBUM,
    drive_answer_uri,
    drive_reissue_catalogue,
)

REISSUE = DRIVE_REISSUE_ALBUM


@pytest.fixture
def with_reissue(fake_spotify):
    fake_spotify.load_catalogue(drive_reissue_catalogue())
    return fake_spotify


def test_every_album_track_is_matched_to_the_2011_album_despite_the_reissue(
    with_reissue, client, cache
):
    playlist = make_preset("influences", load_dossier())
    album = [item for item in playlist.items if item.album == DRIVE_ALBUM]
    assert len(album) >= 19 and all(item.title in DRIVE_ANSWERS for item in album)

    report = match_playlist(playlist, client, cache=cache)

    for item in album:
        assert item.match.status == MatchStatus.MATCHED, (item.title, item.match.candidates)
        assert item.match.uri == drive_answer_uri(item.title)
        reissues = [c for c in item.match.candidates if c.album == REISSUE]
        assert len(reissues) == 1  # kept, for a person who wants that edition
    # Precision on the whole preset: nothing matched is a decoy or the reissue.
    for item in playlist.items:
        if item.match.status == MatchStatus.MATCHED and item.title in DRIVE_ANSWERS:
            assert item.match.uri == drive_answer_uri(item.title), item.title
    assert report.counts[MatchStatus.MATCHED] >= len(playlist.items) - 2


def _pair(**original_details):
    details = {"album": DRIVE_ALBUM, "year": 2011, "duration": 301, "isrc": "ZZTST1100002"}
    details.update(original_details)
    original = track("uys-2011", "Under Your Spell", "Desire", **details)
    reissue = track(
        "uys-2021",
        "Under Your Spell",
        "Desire",
        album=REISSUE,
        year=2021,
        duration=302,
        isrc="ZZTST2100002",
    )
    return original, reissue


@pytest.mark.parametrize("reverse", [False, True])
def test_the_original_release_is_picked_and_the_reissue_kept(reverse):
    original, reissue = _pair()
    offered = [reissue, original] if reverse else [original, reissue]
    match = decide(drive_item("Under Your Spell", "Desire"), offered)
    assert (match.status, match.uri) == (MatchStatus.MATCHED, original.uri)
    assert reissue.uri in [c.uri for c in match.candidates]


@pytest.mark.parametrize("reverse", [False, True])
def test_an_item_that_cannot_tell_the_editions_apart_gets_the_original(reverse):
    """Title and artist only (an imported list): both editions score alike."""
    original, reissue = _pair()
    offered = [reissue, original] if reverse else [original, reissue]
    match = decide(PlaylistItem("Under Your Spell", ("Desire",)), offered)
    assert (match.status, match.uri) == (MatchStatus.MATCHED, original.uri)
    assert match.candidates[0].uri == original.uri


def test_an_item_asking_for_the_edition_gets_it():
    original, reissue = _pair()
    item = PlaylistItem("Under Your Spell", ("Desire",), album=REISSUE, year=2021)
    match = decide(item, [original, reissue])
    assert (match.status, match.uri) == (MatchStatus.MATCHED, reissue.uri)


def test_what_makes_two_releases_one_recording():
    original, reissue = _pair()
    assert same_recording(original, reissue) and is_edition(REISSUE)
    assert not is_edition(DRIVE_ALBUM)
    # Two ISRCs on albums that are not editions of one another: two recordings.
    elsewhere = track("x", "Under Your Spell", "Desire", album="Night Test Songs", year=2012,
                      duration=301, isrc="ZZTST9900001")  # fmt: skip
    assert not same_recording(original, elsewhere)
    # A length more than two seconds away: another take, even on a reissue.
    longer = track("y", "Under Your Spell", "Desire", album=REISSUE, year=2021, duration=304,
                   isrc="ZZTST2100009")  # fmt: skip
    assert not same_recording(original, longer)
    # A live take on a deluxe edition is a version, not the album track again.
    live = track("z", "Under Your Spell - Live", "Desire", album=f"{DRIVE_ALBUM} (Deluxe)",
                 year=2021, duration=301, isrc="ZZTST2100010")  # fmt: skip
    assert not same_recording(original, live)


def test_precision_on_the_decoy_sets_is_kept_with_a_reissue_of_each_answer():
    """Every realistic case, with the right answer's anniversary edition added: the same
    decision (a reissue never turns a decoy into a match or a match into a doubt)."""
    for case in CASES:
        offered = list(case.candidates)
        if case.uri is not None:
            real = next(c for c in offered if c.uri == case.uri)
            if real.album and real.duration is not None:
                offered.append(
                    Candidate(
                        uri=real.uri + "-reissue",
                        title=real.title,
                        artists=real.artists,
                        album=f"{real.album} (Deluxe Edition)",
                        year=(real.year or 2000) + 10,
                        duration=real.duration + 1,
                        isrc="ZZTST9999999",
                    )
                )
        match = decide(case.item, offered)
        assert (match.status, match.uri) == (case.status, case.uri), case.name


def test_a_length_that_fits_the_reissue_a_second_better_still_gets_the_original():
    original, reissue = _pair()  # 301 s and 302 s: within what one recording may vary
    item = PlaylistItem("Under Your Spell", ("Desire",), duration=302)
    match = decide(item, [reissue, original])
    assert (match.status, match.uri) == (MatchStatus.MATCHED, original.uri)
    assert [c.uri for c in match.candidates] == [original.uri, reissue.uri]


def test_the_year_the_item_names_picks_its_edition():
    original, reissue = _pair()
    item = PlaylistItem("Under Your Spell", ("Desire",), year=2021)
    match = decide(item, [original, reissue])
    assert (match.status, match.uri) == (MatchStatus.MATCHED, reissue.uri)
