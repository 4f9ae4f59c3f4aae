"""Matching playlist items to Spotify tracks: the search plan, the scores, the decision."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.matching import (
    ACCEPT_THRESHOLD,
    MIN_MARGIN,
    decide,
    query_plan,
    same_recording,
    score_candidate,
    score_parts,
    version_factor,
)
from app.core.playlist import Candidate, MatchStatus, PlaylistItem
from tests.data.match_cases import (
    AUTOBAHN_ALBUM,
    AUTOBAHN_SINGLE,
    CASES,
    DRIVE_ALBUM,
    PINK_ALBUM,
    MatchCase,
    drive_item,
    track,
)

# -- realistic search results -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_realistic_search_results(case: MatchCase):
    match = decide(case.item, case.candidates, market="DE")
    assert match.status == case.status
    assert match.uri == case.uri
    assert match.market == "DE"
    if case.status == MatchStatus.MATCHED:
        assert match.track is not None and match.track.uri == case.uri
        assert match.score == match.track.score >= ACCEPT_THRESHOLD
        assert match.is_resolved
    else:
        assert match.track is None and not match.is_resolved


@pytest.mark.parametrize("case", [c for c in CASES if c.candidates], ids=str)
def test_kept_candidates_carry_their_scores_best_first(case: MatchCase):
    match = decide(case.item, case.candidates)
    scores = [c.score for c in match.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len(match.candidates) == min(5, len({c.uri for c in case.candidates}))
    for kept in match.candidates:
        assert kept.score == pytest.approx(score_candidate(case.item, kept), abs=1e-4)


@pytest.mark.parametrize("case", [c for c in CASES if c.status == MatchStatus.MATCHED], ids=str)
def test_the_real_track_beats_every_decoy_clearly(case: MatchCase):
    real = next(c for c in case.candidates if c.uri == case.uri)
    best = score_candidate(case.item, real)
    for other in case.candidates:
        if other.uri != case.uri and not same_recording(real, other):
            assert best - score_candidate(case.item, other) >= MIN_MARGIN, other.title


@pytest.mark.parametrize("case", CASES, ids=str)
def test_search_order_does_not_change_the_decision(case: MatchCase):
    forward = decide(case.item, case.candidates)
    backward = decide(case.item, reversed(case.candidates))
    assert (backward.status, backward.uri) == (forward.status, forward.uri)


def test_no_candidates_is_not_found():
    match = decide(drive_item("Nightcall", "Kavinsky"), iter(()), market="SE")
    assert match.status == MatchStatus.NOT_FOUND
    assert (match.uri, match.score, match.track, match.candidates) == (None, None, None, ())
    assert match.market == "SE"


def test_only_decoys_are_offered_for_review_not_matched():
    case = next(c for c in CASES if c.name == "nightcall-only-decoys")
    match = decide(case.item, case.candidates)
    assert match.status == MatchStatus.REVIEW
    assert match.score is not None and match.score < ACCEPT_THRESHOLD
    assert len(match.candidates) == len(case.candidates)


# -- the decision -----------------------------------------------------------------------

ITEM = PlaylistItem("Under Your Spell", ("Desire",), album=DRIVE_ALBUM, year=2011)


def spell(key: str, **details) -> Candidate:
    details.setdefault("album", DRIVE_ALBUM)
    details.setdefault("year", 2011)
    return track(key, "Under Your Spell", "Desire", **details)


def test_the_same_uri_twice_is_one_candidate():
    match = decide(ITEM, [spell("a"), spell("a"), spell("a")])
    assert match.status == MatchStatus.MATCHED
    assert [c.uri for c in match.candidates] == ["spotify:track:a"]


def test_keep_limits_the_candidates_kept_for_review():
    offered = [spell("a", isrc="ZZTST0000001")] + [
        track(f"d{i}", "Under Your Spell", f"Decoy Band {i}") for i in range(8)
    ]
    assert len(decide(ITEM, offered).candidates) == 5
    assert len(decide(ITEM, offered, keep=2).candidates) == 2
    match = decide(ITEM, offered, keep=0)
    assert match.candidates == () and match.uri == "spotify:track:a"


def test_one_recording_on_two_releases_by_isrc_is_matched():
    match = decide(ITEM, [spell("a", isrc="ZZTST0000001"), spell("b", isrc="zztst0000001 ")])
    assert match.status == MatchStatus.MATCHED
    assert match.uri == "spotify:track:a"  # a tie keeps the search's order


def test_two_recordings_with_different_isrcs_need_a_person():
    match = decide(ITEM, [spell("a", isrc="ZZTST0000001"), spell("b", isrc="ZZTST0000002")])
    assert match.status == MatchStatus.REVIEW
    assert match.uri is None and match.score == 1.0


@pytest.mark.parametrize(
    ("other_length", "status"), [(241, "matched"), (242, "matched"), (243, "review")]
)
def test_one_recording_by_title_artists_and_length_within_two_seconds(other_length, status):
    match = decide(ITEM, [spell("a", duration=240), spell("b", duration=other_length)])
    assert match.status == MatchStatus(status)


def test_a_version_of_the_title_is_not_the_same_recording():
    a = track("a", "Under Your Spell", "Desire", duration=240)
    assert same_recording(a, track("b", "Under Your Spell - 2020 Remaster", "Desire", duration=241))
    assert not same_recording(a, track("c", "Under Your Spell - Live", "Desire", duration=241))
    assert not same_recording(a, track("d", "Under Your Spell", "Mirror Hearts", duration=240))
    assert not same_recording(a, track("e", "Under Your Spell", "Desire"))


def test_a_clear_best_below_the_threshold_is_for_review():
    match = decide(ITEM, [track("x", "Under Your Spell", "Mirror Hearts", album="Spells")])
    assert match.status == MatchStatus.REVIEW
    assert match.score is not None and match.score < ACCEPT_THRESHOLD


def test_decide_never_chooses_for_a_person():
    for case in CASES:
        assert decide(case.item, case.candidates).status != MatchStatus.CHOSEN


# -- scores -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "offered",
    [
        track("a", "A Real Hero", "College", "Electric Youth"),
        track("b", "A Real Hero", "College, Electric Youth"),
        track("c", "A Real Hero", "College feat. Electric Youth"),
        track("d", "A Real Hero (feat. Electric Youth)", "College"),
        track("e", "A Real Hero [ft. Electric Youth]", "College"),
        track("f", "A Real Hero", "College featuring Electric Youth"),
        track("g", "A REAL HERO", "college", "electric youth"),
    ],
)
def test_featured_artists_in_any_spelling_score_full(offered):
    assert (
        score_candidate(PlaylistItem("A Real Hero", ("College", "Electric Youth")), offered) == 1.0
    )


@pytest.mark.parametrize(
    ("item", "offered"),
    [
        (
            PlaylistItem("Tick of the Clock", ("The Chromatics",)),
            track("a", "Tick of the Clock", "Chromatics"),
        ),
        (
            PlaylistItem("Where's the Deluxe Version?", ("Cliff Martinez",)),
            track("a", "Where’s the Deluxe Version", "Cliff Martinez"),
        ),
        (
            PlaylistItem("Bring On the Dancing Horses", ("Echo & the Bunnymen",)),
            track("a", "Bring on the Dancing Horses", "Echo and the Bunnymen"),
        ),
        (PlaylistItem("Autobahn", ("Kraftwerk",)), track("a", "Autobahn", "KRAFTWERK")),
        (PlaylistItem("Cafe Ole", ("Jose Gonzalez",)), track("a", "Café Olé", "José González")),
        (
            PlaylistItem("Left of Center", ("Suzanne Vega with Joe Jackson",)),
            track("a", "Left of Center", "Suzanne Vega", "Joe Jackson"),
        ),
        (
            PlaylistItem("Please, Please, Please, Let Me Get What I Want", ("The Smiths",)),
            track("a", "Please Please Please Let Me Get What I Want", "Smiths"),
        ),
    ],
)
def test_spelling_and_punctuation_do_not_matter(item, offered):
    assert score_candidate(item, offered) == 1.0


@pytest.mark.parametrize(
    "title",
    [
        "Nightcall - 2009 Remaster",
        "Nightcall (Remastered)",
        "Nightcall - Remastered 2011",
        'Nightcall (From "Drive")',
        "Nightcall - From “Drive” Soundtrack",
        "Nightcall - Original Mix",
    ],
)
def test_remasters_and_soundtrack_tags_are_neutral(title):
    item = PlaylistItem("Nightcall", ("Kavinsky",))
    assert score_candidate(item, track("a", title, "Kavinsky")) == 1.0


@pytest.mark.parametrize(
    ("title", "artist", "album"),
    [
        ("Nightcall - Karaoke Version", "Kavinsky", None),
        ("Nightcall", "Karaoke Hits Band", None),
        ("Nightcall (Cover)", "Kavinsky", None),
        ("Nightcall", "Kavinsky", "A Tribute to Kavinsky"),
        ("Nightcall (In the Style of Kavinsky)", "Kavinsky", None),
        ("Nightcall (Originally Performed by Kavinsky)", "Kavinsky", None),
        ("Nightcall - Instrumental", "Kavinsky", None),
        ("Nightcall - Live", "Kavinsky", None),
        ("Nightcall (Live at the Palace)", "Kavinsky", None),
        ("Nightcall - Dusk Remix", "Kavinsky", None),
        ("Nightcall (Extended Mix)", "Kavinsky", None),
        ("Nightcall - Re-Recorded", "Kavinsky", None),
        ("Nightcall (Sped Up)", "Kavinsky", None),
        ("Nightcall (Slowed + Reverb)", "Kavinsky", None),
        ("Nightcall (8-Bit Version)", "Kavinsky", None),
        ("Nightcall", "Kavinsky", "Lullaby Renditions of Kavinsky"),
        ("Nightcall - Acoustic", "Kavinsky", None),
    ],
)
def test_versions_the_item_did_not_ask_for_cost(title, artist, album):
    item = PlaylistItem("Nightcall", ("Kavinsky",))
    offered = track("a", title, artist, album=album)
    assert version_factor(item, offered) <= 1 - MIN_MARGIN
    assert score_candidate(item, offered) <= 1 - MIN_MARGIN


def test_a_version_the_item_asks_for_costs_nothing():
    assert (
        score_candidate(
            PlaylistItem("Nightcall (Dusk Remix)", ("Kavinsky",)),
            track("a", "Nightcall - Dusk Remix", "Kavinsky"),
        )
        == 1.0
    )
    furs = PlaylistItem(
        "Pretty in Pink",
        ("The Psychedelic Furs",),
        note="The 1986 re-recording; the original is on Talk Talk Talk (1981).",
    )
    assert (
        version_factor(furs, track("a", "Pretty in Pink - Re-Recorded", "The Psychedelic Furs"))
        == 1.0
    )


def test_a_named_version_beats_other_versions_and_the_original():
    item = PlaylistItem("Nightcall (Dusk Remix)", ("Kavinsky",))
    wanted = track("a", "Nightcall - Dusk Remix", "Kavinsky")
    other_remix = track("b", "Nightcall - Dawn Remix", "Kavinsky")
    original = track("c", "Nightcall", "Kavinsky")
    match = decide(item, [original, other_remix, wanted])
    assert (match.status, match.uri) == (MatchStatus.MATCHED, wanted.uri)
    assert score_candidate(item, other_remix) < 0.9
    assert score_candidate(item, original) < 0.9


def test_live_in_an_album_name_is_not_a_live_version():
    item = PlaylistItem("Nightcall", ("Kavinsky",))
    assert (
        version_factor(item, track("a", "Nightcall", "Kavinsky", album="Live Forever Nights"))
        == 1.0
    )
    assert version_factor(item, track("b", "Nightcall", "Kavinsky", album="Outrun (Live)")) < 1.0


def test_unknown_length_is_left_out_not_counted_as_zero():
    item = PlaylistItem("Autobahn", ("Kraftwerk",), duration=AUTOBAHN_ALBUM)
    offered = track("a", "Autobahn", "Kraftwerk")
    assert "duration" not in score_parts(item, offered)
    assert score_candidate(item, offered) == 1.0
    assert (
        score_candidate(
            replace(item, duration=None), track("b", "Autobahn", "Kraftwerk", duration=99)
        )
        == 1.0
    )


def test_length_picks_between_album_version_and_single_edit():
    album_version = track("ab-album", "Autobahn", "Kraftwerk", duration=AUTOBAHN_ALBUM)
    single_edit = track(
        "ab-single", "Autobahn - Single Edit", "Kraftwerk", duration=AUTOBAHN_SINGLE
    )
    for length, expected in ((AUTOBAHN_ALBUM, album_version), (AUTOBAHN_SINGLE, single_edit)):
        item = PlaylistItem("Autobahn", ("Kraftwerk",), duration=length)
        match = decide(item, [single_edit, album_version])
        assert (match.status, match.uri) == (MatchStatus.MATCHED, expected.uri)


def test_length_costs_linearly_up_to_thirty_seconds():
    item = PlaylistItem("Autobahn", ("Kraftwerk",), duration=300)
    parts = [
        score_parts(item, track("a", "Autobahn", "Kraftwerk", duration=d))["duration"]
        for d in (300, 315, 330, 400)
    ]
    assert parts == pytest.approx([1.0, 0.5, 0.0, 0.0])


def test_a_tribute_album_by_an_unrelated_artist_loses_to_the_real_track():
    item = drive_item("Hammer", "Cliff Martinez")
    tribute = track(
        "t", 'Hammer (From "Drive")', "Movie Theme Players", album="Music from Drive", year=2011
    )
    real = track("r", "Hammer", "Cliff Martinez", album=DRIVE_ALBUM, year=2011)
    assert score_candidate(item, tribute) < ACCEPT_THRESHOLD
    assert decide(item, [tribute, real]).uri == real.uri


def test_a_namesake_song_by_another_artist_stays_under_the_threshold_even_if_all_else_agrees():
    item = PlaylistItem(
        "Oh My Love", ("Riz Ortolani", "Katyna Ranieri"), album="Imagine", year=1971, duration=200
    )
    namesake = track("l", "Oh My Love", "John Lennon", album="Imagine", year=1971, duration=200)
    assert score_candidate(item, namesake) < ACCEPT_THRESHOLD


def test_a_different_release_of_the_right_recording_is_still_accepted():
    item = PlaylistItem(
        "Please, Please, Please, Let Me Get What I Want",
        ("The Smiths",),
        album=PINK_ALBUM,
        year=1986,
    )
    reissue = track(
        "s",
        "Please, Please, Please, Let Me Get What I Want",
        "The Smiths",
        album="The Sound of Reissues",
        year=2011,
    )
    assert score_candidate(item, reissue) >= ACCEPT_THRESHOLD


# -- the search plan ----------------------------------------------------------------------


def test_plan_for_an_album_track_is_strictest_first():
    assert query_plan(drive_item("A Real Hero", "College", "Electric Youth")) == [
        'track:"A Real Hero" artist:"College" album:"Drive"',
        'track:"A Real Hero" artist:"College"',
        'track:"A Real Hero" College',
        "A Real Hero College",
    ]


def test_plan_uses_the_year_only_without_an_album():
    plan = query_plan(PlaylistItem("Oh My Love", ("Riz Ortolani", "Katyna Ranieri"), year=1971))
    assert plan[0] == 'track:"Oh My Love" artist:"Riz Ortolani" year:1971'
    assert all("year:" not in q for q in plan[1:])
    with_album = query_plan(PlaylistItem("Autobahn", ("Kraftwerk",), album="Autobahn", year=1974))
    assert all("year:" not in q for q in with_album)


def test_plan_drops_the_article_only_in_loose_queries():
    plan = query_plan(drive_item("Tick of the Clock", "The Chromatics"))
    assert plan[1] == 'track:"Tick of the Clock" artist:"The Chromatics"'
    assert plan[2:] == ['track:"Tick of the Clock" Chromatics', "Tick of the Clock Chromatics"]


def test_plan_searches_for_the_title_without_decorations():
    plan = query_plan(PlaylistItem('Hammer (From "Drive")', ("Cliff Martinez",)))
    assert plan[0] == 'track:"Hammer" artist:"Cliff Martinez"'


def test_quotes_in_values_do_not_break_the_query():
    item = PlaylistItem('The "Real" Hero', ('Dr. "Q"',), album="Say “Yes”")
    for q in query_plan(item):
        assert q.count('"') % 2 == 0
        assert "“" not in q and "”" not in q
    assert query_plan(item)[0] == 'track:"The Real Hero" artist:"Dr. Q" album:"Say Yes"'


def test_plan_keeps_punctuation_that_is_part_of_a_title():
    item = PlaylistItem("Please, Please, Please, Let Me Get What I Want", ("The Smiths",))
    assert (
        query_plan(item)[0]
        == 'track:"Please, Please, Please, Let Me Get What I Want" artist:"The Smiths"'
    )


def test_plan_without_artists():
    assert query_plan(PlaylistItem("Autobahn", ())) == ['track:"Autobahn"', "Autobahn"]


# -- properties -------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
lengths = st.none() | st.integers(0, 4000)
years = st.none() | st.integers(1900, 2030)
candidates = st.builds(
    Candidate,
    uri=st.text(max_size=10),
    title=texts,
    artists=st.lists(texts, max_size=3).map(tuple),
    album=st.none() | texts,
    year=years,
    duration=lengths,
    isrc=st.none() | st.sampled_from(["ZZTST0000001", "ZZTST0000002"]),
)
items = st.builds(
    PlaylistItem,
    title=texts,
    artists=st.lists(texts, max_size=3).map(tuple),
    album=st.none() | texts,
    year=years,
    duration=lengths,
    note=st.none() | texts,
)


@given(items, candidates)
def test_a_score_is_between_zero_and_one(item, candidate):
    assert 0.0 <= score_candidate(item, candidate) <= 1.0


@given(items, st.lists(candidates, max_size=6))
def test_decide_is_consistent(item, offered):
    match = decide(item, offered)
    assert match.status != MatchStatus.CHOSEN
    assert (match.status == MatchStatus.NOT_FOUND) == (not offered)
    assert len({c.uri for c in match.candidates}) == len(match.candidates)
    if match.status == MatchStatus.MATCHED:
        assert match.uri == match.candidates[0].uri
        assert match.score is not None and match.score >= ACCEPT_THRESHOLD


@given(items, st.sampled_from([(None, None), (300, 300)]))
def test_the_item_itself_as_a_candidate_scores_full(item, lengths_):
    item = replace(item, duration=lengths_[0])
    twin = Candidate(
        "spotify:track:twin", item.title, item.artists, item.album, item.year, lengths_[1]
    )
    if item.artists:
        assert score_candidate(item, twin) >= version_factor(item, twin) - 1e-9


DECOY_MARKERS = [
    " - Karaoke Version",
    " (Cover)",
    ' (From "Drive") [Tribute]',
    " (In the Style of the Original)",
    " (Originally Performed by Someone)",
    " - Instrumental",
    " - Live",
    " - Club Remix",
    " (Slowed + Reverb)",
    " (Sped Up)",
    " (8-Bit)",
    " (Lullaby Version)",
    " - Acoustic",
    " - Re-Recorded",
    " - Demo",
]
OTHER_TITLES = [
    "Under Your Spell",
    "Rubber Head",
    "Wrong Floor",
    "Bride of Deluxe",
    "Skull Crushing",
]
DECOY_ARTISTS = ["Mirror Hearts", "Starlight Karaoke Singers", "Retro Pulse", "Velvet Static"]


@st.composite
def decoys(draw, case: MatchCase):
    real = next(c for c in case.candidates if c.uri == case.uri)
    if draw(st.booleans()):
        title = real.title + draw(st.sampled_from(DECOY_MARKERS))
        artists = draw(st.sampled_from([real.artists, *((a,) for a in DECOY_ARTISTS)]))
    else:
        title = draw(st.sampled_from(OTHER_TITLES))
        artists = real.artists
    return Candidate(
        uri=f"spotify:track:decoy{draw(st.integers(0, 99))}",
        title=title,
        artists=artists,
        album=draw(st.sampled_from([real.album, None, "Music from Drive", "Greatest Hits"])),
        year=draw(st.sampled_from([real.year, None, 1999, 2012])),
        duration=draw(st.sampled_from([real.duration, None, 200, 1363])),
    )


MATCHED = [c for c in CASES if c.status == MatchStatus.MATCHED]


@pytest.mark.parametrize("case", MATCHED, ids=str)
@settings(max_examples=40)  # per case: nine cases
@given(data=st.data())
def test_adding_decoys_never_changes_a_clear_winner(case, data):
    extra = data.draw(st.lists(decoys(case), max_size=4))
    position = data.draw(st.integers(0, len(case.candidates)))
    offered = [*case.candidates[:position], *extra, *case.candidates[position:]]
    match = decide(case.item, offered)
    assert (match.status, match.uri) == (MatchStatus.MATCHED, case.uri)


def test_the_query_filters_are_well_formed_for_every_case():
    strict = re.compile(r'^track:"[^"]+" artist:"[^"]+"(?: album:"[^"]+"| year:\d{4})?$')
    for case in CASES:
        plan = query_plan(case.item)
        assert strict.match(plan[0]), plan[0]
        assert len(plan) == len(set(plan)) >= 3
        assert all(q.count('"') % 2 == 0 for q in plan)
