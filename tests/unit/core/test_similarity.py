"""Text normalisation, title parsing and the similarity measures the matcher is built from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.similarity import (
    DURATION_SPAN,
    LEFTOVER_WORD_COST,
    artist_similarity,
    duration_similarity,
    name_similarity,
    text_similarity,
    weighted_mean,
    word_similarity,
    year_similarity,
)
from app.core.text import (
    TitleParts,
    credit_pieces,
    fold,
    normalise,
    parse_title,
    split_credit,
    strip_article,
    without_quotes,
    words,
)

# -- normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hütter", "Hutter"),
        ("Where’s the Deluxe Version?", "Where's the Deluxe Version"),
        ("Echo & the Bunnymen", "Echo and the Bunnymen"),
        (
            "Please, Please, Please, Let Me Get What I Want",
            "please please please let me get what i want",
        ),
        ("Shell-Shock", "Shell Shock"),
        ("Ærø", "aero"),
        ("Where´s", "Wheres"),
        ("ŉ", "n"),
        ("Straße", "strasse"),
        ("  Tick   of the\tClock ", "tick of the clock"),
    ],
)
def test_normalise_makes_spelling_differences_disappear(a, b):
    assert normalise(a) == normalise(b)


def test_fold_keeps_punctuation_but_drops_accents_and_case():
    assert fold("Ralf Hütter’s") == "ralf hutter's"


def test_words_splits_on_punctuation():
    assert words("Please, Please, Please") == ["please", "please", "please"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Chromatics", "chromatics"),
        ("Chromatics", "chromatics"),
        ("The", "the"),
        ("Theme", "theme"),
    ],
)
def test_strip_article_drops_only_a_leading_the(name, expected):
    assert strip_article(name) == expected


def test_without_quotes_removes_straight_and_curly_double_quotes():
    assert without_quotes('Hammer (From "Drive")') == "Hammer (From Drive )"
    assert without_quotes("“Oh My Love”") == "Oh My Love"
    assert without_quotes("Where's the Deluxe Version?") == "Where's the Deluxe Version?"


@given(st.text(max_size=60))
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(max_size=60))
def test_normalise_leaves_no_punctuation_or_double_spaces(text):
    result = normalise(text)
    assert result == result.strip()
    assert "  " not in result
    assert all(ch.isalnum() or ch == " " or not ch.isprintable() for ch in result)


# -- credits and titles -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("College feat. Electric Youth", ("College", "Electric Youth")),
        ("College ft. Electric Youth", ("College", "Electric Youth")),
        ("College featuring Electric Youth", ("College", "Electric Youth")),
        ("Suzanne Vega with Joe Jackson", ("Suzanne Vega", "Joe Jackson")),
        ("Suzanne Vega, Joe Jackson", ("Suzanne Vega", "Joe Jackson")),
        ("Echo & the Bunnymen", ("Echo & the Bunnymen",)),
        ("AC/DC", ("AC/DC",)),
        ("Orchestral Manoeuvres in the Dark", ("Orchestral Manoeuvres in the Dark",)),
    ],
)
def test_split_credit(credit, names):
    assert split_credit(credit) == names


@pytest.mark.parametrize(
    ("credit", "pieces"),
    [
        ("Echo & the Bunnymen", ("Echo", "the Bunnymen")),
        ("College feat. Electric Youth", ("College", "Electric Youth")),
        ("Artist One + Artist Two, Artist Three", ("Artist One", "Artist Two", "Artist Three")),
        ("", ()),
    ],
)
def test_credit_pieces_split_what_names_keep(credit, pieces):
    assert credit_pieces(credit) == pieces


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("Autobahn - 2009 Remaster", TitleParts("Autobahn", (), ("2009 Remaster",))),
        ("Autobahn – Single Edit", TitleParts("Autobahn", (), ("Single Edit",))),
        ("A Real Hero (feat. Electric Youth)", TitleParts("A Real Hero", ("Electric Youth",))),
        ("Nightcall [ft. Lovefoxxx]", TitleParts("Nightcall", ("Lovefoxxx",))),
        ("Nightcall featuring Lovefoxxx", TitleParts("Nightcall", ("Lovefoxxx",))),
        ('Hammer (From "Drive")', TitleParts("Hammer", (), ('From "Drive"',))),
        (
            "Left of Center (with Joe Jackson) - Remastered",
            TitleParts("Left of Center", ("Joe Jackson",), ("Remastered",)),
        ),
        (
            "Please, Please, Please, Let Me Get What I Want",
            TitleParts("Please, Please, Please, Let Me Get What I Want"),
        ),
        ("Shell-Shock", TitleParts("Shell-Shock")),
        ("(Untitled)", TitleParts("(Untitled)")),
    ],
)
def test_parse_title(title, parts):
    assert parse_title(title) == parts


@given(st.text(max_size=60))
def test_parse_title_never_fails_and_keeps_a_core(title):
    parts = parse_title(title)
    assert isinstance(parts.core, str)
    if normalise(title):
        assert parts.core


# -- words and texts --------------------------------------------------------------------


def test_word_similarity_by_edit_distance():
    assert word_similarity("drive", "drive") == 1.0
    assert word_similarity("center", "centre") == pytest.approx(1 - 2 / 6)
    assert word_similarity("", "x") == 0.0


def test_text_similarity_ignores_word_order_and_punctuation():
    assert text_similarity("Please, Please, Please", "please please please") == 1.0
    assert text_similarity("Tick of the Clock", "the Clock Tick of") == 1.0


def test_text_similarity_charges_leftover_words_a_little():
    assert text_similarity("Drive", "Music from Drive") == pytest.approx(
        1 / (1 + 2 * LEFTOVER_WORD_COST)
    )
    assert 0.5 < text_similarity("Left of Center", "Left of Centre") < 1.0


def test_unrelated_titles_score_low():
    assert text_similarity("Hammer", "Oh My Love") == 0.0
    assert (
        text_similarity("Please Please Me", "Please, Please, Please, Let Me Get What I Want") < 0.6
    )


def test_text_similarity_of_nothing():
    assert text_similarity("", "") == 1.0
    assert text_similarity("Hammer", "") == 0.0


def test_name_similarity_ignores_the_article():
    assert name_similarity("The Chromatics", "Chromatics") == 1.0
    assert name_similarity("The Smiths", "the smiths") == 1.0


# -- artists ----------------------------------------------------------------------------

REAL_HERO = ("College", "Electric Youth")


@pytest.mark.parametrize(
    "offered",
    [
        ("College", "Electric Youth"),
        ("Electric Youth", "College"),
        ("College, Electric Youth",),
        ("College feat. Electric Youth",),
        ("College ft. Electric Youth",),
        ("College featuring Electric Youth",),
        ("College with Electric Youth",),
    ],
)
def test_featured_artists_count_in_any_spelling(offered):
    assert artist_similarity(REAL_HERO, offered) == 1.0


def test_a_missing_guest_costs_a_little_and_a_missing_main_artist_everything():
    assert 0.8 <= artist_similarity(REAL_HERO, ("College",)) < 1.0
    assert artist_similarity(REAL_HERO, ("Electric Youth",)) < 0.6
    assert artist_similarity(REAL_HERO, ("Mirror Hearts",)) == 0.0


def test_an_extra_artist_costs_a_little():
    assert 0.8 <= artist_similarity(("Kavinsky",), ("Kavinsky", "Retro Pulse")) < 1.0


def test_a_joint_credit_written_as_one_name():
    assert (
        artist_similarity(("Suzanne Vega with Joe Jackson",), ("Suzanne Vega", "Joe Jackson"))
        == 1.0
    )
    assert artist_similarity(("Kavinsky", "Lovefoxxx"), ("Kavinsky & Lovefoxxx",)) >= 0.85
    assert artist_similarity(("Echo & the Bunnymen",), ("Echo and the Bunnymen",)) == 1.0


def test_a_band_named_with_an_ampersand_is_not_half_matched_by_a_namesake():
    assert artist_similarity(("Echo & the Bunnymen",), ("Echo",)) < 0.75


def test_artist_similarity_of_nobody():
    assert artist_similarity((), ("College",)) == 0.0
    assert artist_similarity(("College",), ()) == 0.0


# -- lengths, years, the mean -----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(200, 200, 1.0), (200, 215, 0.5), (200, 185, 0.5), (200, 230, 0.0), (1363, 207, 0.0)],
)
def test_duration_similarity_falls_linearly_to_zero_at_the_span(a, b, expected):
    assert DURATION_SPAN == 30
    assert duration_similarity(a, b) == pytest.approx(expected)


def test_year_similarity():
    assert year_similarity(1986, 1986) == 1.0
    assert 0.5 < year_similarity(1986, 1984) < 1.0
    assert year_similarity(1974, 2009) == 0.0


def test_weighted_mean_of_present_parts_only():
    assert weighted_mean([(1.0, 0.3), (0.5, 0.1)]) == pytest.approx(0.875)
    assert weighted_mean([]) == 0.0


# -- properties -------------------------------------------------------------------------

names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
plain_words = st.lists(
    st.sampled_from(["night", "call", "drive", "real", "hero", "the", "oh", "x"])
)


@given(names, names)
def test_text_similarity_is_a_symmetric_score(a, b):
    score = text_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == text_similarity(b, a)


@given(names)
def test_text_similarity_of_a_text_with_itself_is_one(a):
    assert text_similarity(a, a) == 1.0


@given(plain_words, st.randoms())
def test_word_order_never_matters(ws, rnd):
    shuffled = list(ws)
    rnd.shuffle(shuffled)
    assert text_similarity(" ".join(ws), " ".join(shuffled)) == 1.0


@given(names, names)
def test_name_similarity_is_symmetric(a, b):
    assert name_similarity(a, b) == name_similarity(b, a)


@given(st.lists(names, max_size=4), st.lists(names, max_size=4))
def test_artist_similarity_is_a_score(wanted, offered):
    assert 0.0 <= artist_similarity(wanted, offered) <= 1.0


@given(st.lists(st.sampled_from(["Kavinsky", "Lovefoxxx", "College", "Desire"]), min_size=1))
def test_the_same_credits_score_full(artists):
    assert artist_similarity(artists, artists) == 1.0


@given(st.integers(0, 4000), st.integers(0, 4000))
def test_duration_similarity_is_symmetric_and_bounded(a, b):
    score = duration_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == duration_similarity(b, a)
    assert (score == 0.0) == (abs(a - b) >= DURATION_SPAN)
