"""Which tracks adding an entry adds, and which match waits for a person next."""

from __future__ import annotations

from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch


def test_adding_an_entry_adds_its_one_track_or_its_default_picks(dossier):
    nightcall = dossier.entry("nightcall")
    assert nightcall.picks == nightcall.tracks and len(nightcall.picks) == 1
    pretty_in_pink = dossier.entry("pretty-in-pink")
    assert [t.title for t in pretty_in_pink.picks] == [
        t.title for t in pretty_in_pink.tracks if t.default
    ]
    assert len(pretty_in_pink.picks) == 2 < len(pretty_in_pink.tracks)
    assert dossier.entry("texas-chain-saw-massacre").picks == ()


def _item(status: MatchStatus | None) -> PlaylistItem:
    return PlaylistItem("t", ("a",), match=TrackMatch(status) if status else None)


def test_the_next_match_awaiting_review_goes_round_to_the_top():
    statuses = [
        MatchStatus.MATCHED,
        MatchStatus.REVIEW,
        None,
        MatchStatus.CHOSEN,
        MatchStatus.NOT_FOUND,
    ]
    playlist = Playlist(name="p", items=[_item(s) for s in statuses])
    assert playlist.next_awaiting_review(-1) == 1  # nothing current: from the top
    assert playlist.next_awaiting_review(1) == 4
    assert playlist.next_awaiting_review(4) == 1  # past the end: round to the top
    only = Playlist(name="p", items=[_item(MatchStatus.REVIEW), _item(MatchStatus.MATCHED)])
    assert only.next_awaiting_review(0) == 0  # the one waiting is the current one
    assert Playlist(name="p", items=[_item(MatchStatus.MATCHED)]).next_awaiting_review(0) is None
    assert Playlist(name="p").next_awaiting_review(-1) is None
