"""``match`` and ``sync`` as a person runs them: subprocesses talking HTTP to the fake server."""

from __future__ import annotations

import io
import random
import shlex
import signal
import time

import pytest

from app.cli.spotify_commands import ProgressLine
from app.core.playlist import MatchStatus, Playlist, PlaylistItem
from app.core.tasks import Progress
from app.spotify.remote_items import slot_uri
from app.storage.playlist_file import load_playlist, save_playlist
from tests.cli.cli_helpers import add_songs, one_line_error, remote_uris, song_playlist
from tests.fakespotify import Fault
from tests.fakespotify.catalogue import drive_answer_uri
from tests.fakespotify.helpers import chosen_songs
from tests.program import HANG_GUARD, cli, start_cli


@pytest.fixture
def song_file(signed_in, tmp_path):
    return song_playlist(signed_in, tmp_path / "songs.yaml", "CLI test", 6)


def test_match_writes_the_matches_and_prints_a_table(signed_in, song_file):
    path, right = song_file
    proc = cli("match", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["ENTRY", "CHOSEN", "TRACK", "SCORE", "STATUS"]
    assert "Night Test Song 0" in lines[1] and lines[1].rstrip().endswith("matched")
    matched = load_playlist(path)
    assert [i.match.uri for i in matched.items] == right
    assert all(i.match.status == MatchStatus.MATCHED for i in matched.items)

    signed_in.reset_stats()
    again = cli("match", str(path), "--rematch")
    assert again.returncode == 0 and signed_in.count() == 0  # every search is cached


def test_sync_then_unchanged_then_edited(signed_in, song_file):
    path, right = song_file
    first = cli("sync", str(path))
    assert first.returncode == 0, first.stderr
    saved = load_playlist(path)
    assert saved.remote and saved.remote.url in first.stdout
    assert remote_uris(signed_in, path) == right and len(signed_in.own_playlists()) == 1
    assert signed_in.playlists[saved.remote.id]["public"] is False

    signed_in.reset_stats()
    unchanged = cli("sync", str(path))
    assert unchanged.returncode == 0, unchanged.stderr
    assert signed_in.count() == 1  # the file knows the owner and the snapshot: one read
    assert "Up to date" in unchanged.stdout

    playlist = load_playlist(path)
    first_item = playlist.items.pop(0)
    playlist.items.insert(2, first_item)  # reorder
    playlist.items.pop()  # remove
    [(extra, extra_uri)] = add_songs(signed_in, 1, start=6)
    playlist.items.append(extra)  # add
    save_playlist(playlist, path)
    signed_in.reset_stats()

    edited = cli("sync", str(path))
    assert edited.returncode == 0, edited.stderr
    wanted = [right[1], right[2], right[0], right[3], right[4], extra_uri]
    assert remote_uris(signed_in, path) == wanted and len(signed_in.own_playlists()) == 1
    searches = [r for r in signed_in.requests if r.path.endswith("search")]
    assert searches and all("Test Song 6" in str(r.query) for r in searches)  # only the new one


def test_unmatched_items_are_named_and_kept(signed_in, song_file):
    path, right = song_file
    playlist = load_playlist(path)
    playlist.items.insert(0, PlaylistItem(title="Zzqx Qqqv", artists=("No Test Artist",)))
    save_playlist(playlist, path)
    proc = cli("sync", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "Zzqx Qqqv" in proc.stdout and "not found" in proc.stdout
    kept = load_playlist(path)
    assert kept.items[0].title == "Zzqx Qqqv" and kept.items[0].match.status == "not_found"
    assert remote_uris(signed_in, path) == right


def test_name_and_public(signed_in, song_file):
    path, _ = song_file
    proc = cli("sync", str(path), "--name", "Night drive", "--public")
    assert proc.returncode == 0, proc.stderr
    [created] = signed_in.own_playlists()
    assert created["name"] == "Night drive" and created["public"] is True
    assert "Drive Playlist" in created["description"] and len(created["description"]) <= 300


def test_the_drive_preset_gets_the_right_tracks_in_order(signed_in, tmp_path):
    path = tmp_path / "drive.yaml"
    made = cli("new", "-o", str(path))
    assert made.returncode == 0, made.stderr
    titles = [item.title for item in load_playlist(path).items]

    proc = cli("sync", str(path))
    assert proc.returncode == 0, proc.stderr

    synced = load_playlist(path)
    assert [item.title for item in synced.items] == titles  # nothing dropped or moved
    resolved = [(i.title, i.spotify_uri) for i in synced.items if i.spotify_uri]
    assert all(uri == drive_answer_uri(title) for title, uri in resolved)  # never a decoy
    assert remote_uris(signed_in, path) == [uri for _, uri in resolved]  # in order
    assert len(resolved) >= len(titles) - 2  # at most a couple left for a person to review
    for item in synced.items:
        if not item.spotify_uri:
            assert item.title in proc.stdout


def test_an_item_no_longer_matched_is_taken_off_spotify_and_said_so(signed_in, song_file):
    path, right = song_file
    assert cli("sync", str(path)).returncode == 0
    playlist = load_playlist(path)
    # The person made the entry another song, one Spotify does not have.
    item = playlist.items[2]
    item.title, item.artists, item.album, item.match = "Zzqx Qqqv", ("No Test Artist",), None, None
    save_playlist(playlist, path)

    proc = cli("sync", str(path))

    assert proc.returncode == 0, proc.stderr
    assert remote_uris(signed_in, path) == right[:2] + right[3:]
    title = playlist.items[2].title
    assert "1 track no longer matched here was taken off Spotify (it stays in the file" in (
        proc.stdout
    )
    assert f"“{title}”" in proc.stdout and load_playlist(path).items[2].title == title


def test_a_deleted_playlist_is_reported_then_recreated(signed_in, song_file):
    path, right = song_file
    assert cli("sync", str(path)).returncode == 0
    old = load_playlist(path).remote.id
    signed_in.delete_playlist(old)

    gone = cli("sync", str(path))
    line = one_line_error(gone, 1)
    assert old in line and "--create-new" in line
    assert load_playlist(path).remote.id == old

    again = cli("sync", str(path), "--create-new")
    assert again.returncode == 0, again.stderr
    assert load_playlist(path).remote.id != old and remote_uris(signed_in, path) == right


def test_the_advice_for_a_deleted_playlist_can_be_pasted_whatever_the_folder(
    signed_in, song_file, tmp_path
):
    path, _ = song_file
    odd = tmp_path / "my lists; $(touch pwned)" / "it's mine.yaml"
    odd.parent.mkdir()
    path.rename(odd)
    assert cli("sync", str(odd)).returncode == 0
    signed_in.delete_playlist(load_playlist(odd).remote.id)

    line = one_line_error(cli("sync", str(odd)), 1)

    advice = line.split("`")[1]
    assert shlex.split(advice) == ["drive-playlist", "sync", str(odd), "--create-new"]


def test_errors_are_one_line(signed_in, song_file, tmp_path):
    path, _ = song_file
    assert "no such file" in one_line_error(cli("sync", str(tmp_path / "none.yaml")), 2)
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: something-else\n", encoding="utf-8")
    assert "bad.yaml" in one_line_error(cli("match", str(bad)), 2)
    assert "--market" in one_line_error(cli("match", str(path), "--market", "Sweden"), 2)

    signed_in.inject(Fault("429", method="GET", path="search", times=1000, retry_after=7200))
    line = one_line_error(cli("match", str(path)), 1)
    assert "2 h" in line and "again" in line  # too long to sit through: stop, say so

    assert cli("logout").returncode == 0
    assert "login" in one_line_error(cli("sync", str(path)), 1)


def test_ctrl_c_saves_what_was_done_and_the_next_run_finishes(signed_in, song_file):
    path, right = song_file
    signed_in.inject(Fault("slow", method="GET", path="search", times=1000, delay=0.3))
    proc = start_cli("sync", str(path))
    deadline = time.monotonic() + HANG_GUARD
    while signed_in.count() < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert load_playlist(path).remote is None  # matching had not finished: nothing created

    signed_in.reset_stats()
    finish = cli("sync", str(path))
    assert finish.returncode == 0, finish.stderr
    assert remote_uris(signed_in, path) == right and len(signed_in.own_playlists()) == 1


def test_ctrl_c_mid_write_then_a_rerun_reports_nothing_that_did_not_happen(signed_in, tmp_path):
    pinned = chosen_songs(signed_in, 40, "Order Test Song", "Order Test Band")
    uris = [item.spotify_uri for item in pinned]
    path = tmp_path / "order.yaml"
    save_playlist(Playlist(name="Order", items=pinned), path)
    assert cli("sync", str(path)).returncode == 0
    playlist = load_playlist(path)
    playlist.items.reverse()  # one move per item
    save_playlist(playlist, path)
    signed_in.inject(Fault("slow", method="PUT", path="items", times=1000, delay=0.2))
    proc = start_cli("sync", str(path))
    deadline = time.monotonic() + HANG_GUARD
    while signed_in.count("PUT") < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 130 and "(progress so far is saved)" in err, err
    signed_in.clear_faults()

    finish = cli("sync", str(path))

    assert finish.returncode == 0, finish.stderr
    assert remote_uris(signed_in, path) == uris[::-1]
    # The moves that landed before Ctrl+C were this program's: nothing was done in Spotify.
    assert "in Spotify" not in finish.stdout, finish.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_and_a_wait_everywhere():
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        line = ProgressLine(stream)
        line(Progress("match", 3, 12, "matched 3 of 12"))
        line(Progress("rate-limit", 0, 0, "Spotify asks to wait 4 s (rate limit)", wait=4.0))
        line.finish()
    assert "3/12" in terminal.getvalue() and "wait 4 s" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[2K")  # the line is cleared for the results
    assert pipe.getvalue() == "Spotify asks to wait 4 s (rate limit)\n"  # only the wait


def _drifted(signed_in, song_file):
    """Synced; then two tracks added in the Spotify app and one track removed from the file."""
    path, right = song_file
    assert cli("sync", str(path)).returncode == 0
    pid = load_playlist(path).remote.id
    added = [t["uri"] for t in (
        signed_in.add_track("Phone Test Song A", ["Phone Band"]),
        signed_in.add_track("Phone Test Song B", ["Phone Band"]),
    )]  # fmt: skip
    signed_in.other.add(pid, added, position=1)
    playlist = load_playlist(path)
    playlist.items.pop()
    save_playlist(playlist, path)
    return path, right, pid, added


def test_sync_keeps_what_was_added_in_spotify_and_says_so(signed_in, song_file):
    path, right, _, added = _drifted(signed_in, song_file)
    signed_in.reset_stats()

    proc = cli("sync", str(path))

    assert proc.returncode == 0, proc.stderr
    assert "2 tracks added in Spotify were kept: “Phone Test Song A”, “Phone Test Song B”" in (
        proc.stdout
    )
    wanted = [right[0], *added, *right[1:5]]
    assert remote_uris(signed_in, path) == wanted
    synced = load_playlist(path)
    assert [i.spotify_uri for i in synced.items] == wanted
    assert synced.items[1].match.status == MatchStatus.CHOSEN and synced.items[1].match.track
    # The floor: one read (1 + the pages), one delete, one read-back.
    assert [r.method for r in signed_in.requests] == ["GET", "DELETE", "GET"]
    assert "7 tracks on Spotify (3 requests)." in proc.stdout

    episode = signed_in.add_episode("Test episode 3", "Test Show")["uri"]
    signed_in.other.add(load_playlist(path).remote.id, [episode])
    again = cli("sync", str(path))
    assert "1 episode added in Spotify was kept: “Test episode 3”" in again.stdout
    assert "7 tracks and 1 episode on Spotify" in again.stdout


def test_dry_run_shows_the_merge_and_sends_no_change(signed_in, song_file):
    path, _, pid, _ = _drifted(signed_in, song_file)
    before = path.read_bytes()
    state = list(signed_in.playlists[pid]["uris"])
    signed_in.reset_stats()

    proc = cli("sync", str(path), "--dry-run")

    assert proc.returncode == 0, proc.stderr
    assert "Dry run" in proc.stdout and "2 tracks added in Spotify were kept" in proc.stdout
    assert "It would send 1 write request:" in proc.stdout and "DELETE items" in proc.stdout
    assert {r.method for r in signed_in.requests} == {"GET"}
    assert path.read_bytes() == before and signed_in.playlists[pid]["uris"] == state


def test_overwrite_makes_spotify_the_file(signed_in, song_file):
    path, right, _, _ = _drifted(signed_in, song_file)

    proc = cli("sync", str(path), "--overwrite")

    assert proc.returncode == 0, proc.stderr
    assert remote_uris(signed_in, path) == right[:5]
    assert "overwritten by the file" in proc.stdout
    assert [i.spotify_uri for i in load_playlist(path).items] == right[:5]
    assert "--overwrite" in cli("sync", "--help").stdout
    both = cli("sync", str(path), "--overwrite", "--dry-run")
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_overwrite_keeps_the_local_files_the_file_holds_and_says_when_it_cannot(
    signed_in, song_file
):
    path, _ = song_file
    assert cli("sync", str(path)).returncode == 0
    pid = load_playlist(path).remote.id
    local = signed_in.other.add_local(pid, "Tape Test Band", "Tape Test Song", position=2)
    signed_in.other.add_unavailable(pid, position=4)
    assert cli("sync", str(path)).returncode == 0  # both are in the file now
    playlist = load_playlist(path)
    playlist.items.reverse()
    save_playlist(playlist, path)
    wanted = [slot_uri(item) for item in playlist.items]

    kept = cli("sync", str(path), "--overwrite")

    assert kept.returncode == 0, kept.stderr
    assert signed_in.playlists[pid]["uris"] == wanted  # the file's order, both still there
    assert "6 tracks, 1 local file and 1 unavailable entry on Spotify" in kept.stdout

    # A local file added in Spotify: only replacing everything drops it, and the file's two.
    signed_in.other.add_local(pid, "Tape Test Band", "Other Tape Test Song", position=0)
    dropped = cli("sync", str(path), "--overwrite")

    assert dropped.returncode == 0, dropped.stderr
    assert signed_in.playlists[pid]["uris"] == [u for u in wanted if u and u != local]
    assert "1 local file and 1 unavailable entry cannot be written" in dropped.stdout
    assert "6 tracks on Spotify" in dropped.stdout
    assert len(load_playlist(path).items) == 8  # they stay in the file


def test_a_shuffle_says_what_it_costs_and_what_overwrite_would(signed_in, tmp_path):
    items = chosen_songs(signed_in, 120, "Shuffle Test Song", "Shuffle Band")
    uris = [item.spotify_uri for item in items]
    path = tmp_path / "shuffle.yaml"
    save_playlist(Playlist(name="Shuffle", items=items), path)
    assert cli("sync", str(path)).returncode == 0
    pid = load_playlist(path).remote.id
    dates = dict(zip(uris, signed_in.added_at(pid), strict=True))
    playlist = load_playlist(path)
    random.Random(7).shuffle(playlist.items)
    save_playlist(playlist, path)
    wanted = [item.spotify_uri for item in playlist.items]

    dry = cli("sync", str(path), "--dry-run")

    assert dry.returncode == 0, dry.stderr
    [offer] = [line for line in dry.stdout.splitlines() if "--overwrite" in line]
    moves = int(offer.split("takes ")[1].split()[0])
    assert moves > 50 and "`sync --overwrite` sends 2 instead" in offer
    assert f"It would send {moves} write requests:" in dry.stdout

    done = cli("sync", str(path))

    assert done.returncode == 0, done.stderr
    assert signed_in.playlists[pid]["uris"] == wanted
    assert dict(zip(wanted, signed_in.added_at(pid), strict=True)) == dates
    assert "`sync --overwrite` sends 2 instead" in done.stdout


def test_a_file_linked_by_version_1_keeps_everything_on_spotify(signed_in, song_file, tmp_path):
    path, right = song_file
    assert cli("sync", str(path)).returncode == 0
    pid = load_playlist(path).remote.id
    phone = signed_in.add_track("Phone Test Song C", ["Phone Band"])["uri"]
    signed_in.other.add(pid, [phone], position=0)
    # The same link as a version 1 file wrote it: no owner, no base.
    text = path.read_text(encoding="utf-8").replace("version: 2", "version: 1")
    head, _, _ = text.partition("  owner: ")
    _, _, items = text.partition("\nitems:\n")
    old = tmp_path / "old.yaml"
    old.write_text(f"{head}items:\n{items}", encoding="utf-8")
    assert load_playlist(old).remote.base is None

    proc = cli("sync", str(old))

    assert proc.returncode == 0, proc.stderr
    assert "1 track on Spotify but not in the file was kept (the file has no record" in (
        proc.stdout
    )
    assert "“Phone Test Song C”" in proc.stdout
    assert remote_uris(signed_in, old) == [phone, *right]
    upgraded = load_playlist(old)
    assert [i.spotify_uri for i in upgraded.items] == [phone, *right]
    assert upgraded.remote.base is not None and upgraded.remote.owner == "drive-fan"
    assert "version: 2" in old.read_text(encoding="utf-8") and len(signed_in.own_playlists()) == 1
