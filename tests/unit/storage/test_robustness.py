"""Thousands of damaged files: every one is read or refused with one clean error.

Seeded random mutations of valid files (truncation, flipped bytes, inserted quotes,
brackets and tags, swapped or repeated lines, values of the wrong type) go through the
four importers and the playlist loader.  Anything but a Playlist or the format's own
error is a bug.
"""

from __future__ import annotations

import random

import pytest

from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.storage.formats import FORMATS, FormatError, export_text, import_text
from app.storage.located import LoadError
from app.storage.playlist_file import dumps_playlist, load_playlist, parse_playlist

PER_FORMAT = 700
INSERTS = ['"', "'", "<", ">", "</track>", "<track>", "&", "&amp", "[", "]", "{", "}", ",", ":",
           "- ", "#", "\n", "\r", "\t", "\x00", "\\", "\ufeff", "-1", "1e999", "null", "!!str ",
           "&a ", "*a", "<<: ", "<![CDATA[", "]]>", '{"a":', "\u2028", "é", "😀"]  # fmt: skip
WRONG_TYPES = ["[1, 2]", "{a: b}", "-5", "1.5", "true", "null", "''", "!!binary aGk=", "*x"]


def seed_playlist() -> Playlist:
    return Playlist(
        name="Night, “late”",
        description="Two lines\nof description",
        created="2026-01-02T03:04:05+00:00",
        items=[
            PlaylistItem(
                title=f'Song {i}, "quoted" & <tagged>',
                artists=("Bo Example", "Ada Example"),
                album="Night Film (Soundtrack)" if i % 2 else None,
                year=1999,
                duration=None if i == 2 else 120 + i,
                note="A note\nover lines" if i == 1 else None,
                match=TrackMatch(MatchStatus.MATCHED, uri=f"spotify:track:{i:022d}", score=0.9)
                if i != 3
                else None,
            )
            for i in range(5)
        ],
    )


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        choice = rng.randrange(7)
        at = rng.randint(0, len(text))
        if choice == 0:
            text = text[:at]
        elif choice == 1:
            raw = bytearray(text.encode("utf-8"))
            if raw:
                raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
            text = raw.decode("utf-8", "replace")
        elif choice == 2:
            text = text[:at] + rng.choice(INSERTS) + text[at:]
        elif choice == 3:
            text = text[:at] + text[at + rng.randint(1, 20) :]
        elif choice == 4:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif choice == 5:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[rng.randrange(len(lines))])
            text = "\n".join(lines)
        else:  # a value of the wrong type after some "key: " or inside some element
            for marker in (": ", ">", ","):
                spots = [k for k in range(len(text)) if text.startswith(marker, k)]
                if spots:
                    k = rng.choice(spots) + len(marker)
                    end = min(len(text), k + rng.randint(0, 12))
                    text = text[:k] + rng.choice(WRONG_TYPES) + text[end:]
                    break
    return text


def one_line(error: Exception) -> None:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_importers_survive_damage(fmt):
    rng = random.Random(f"robust-{fmt}")
    seed = export_text(seed_playlist(), fmt)
    refused = 0
    for _ in range(PER_FORMAT):
        text = mutate(seed, rng)
        try:
            result = import_text(text, fmt, source=f"damaged.{fmt}")
        except FormatError as error:
            refused += 1
            one_line(error)
            assert error.file == f"damaged.{fmt}"
        else:
            assert isinstance(result, Playlist)
            assert all(
                isinstance(i.title, str) and isinstance(i.artists, tuple) for i in result.items
            )
    assert refused > 0  # the damage is real: some files must be refused


def test_playlist_loader_survives_damage(tmp_path):
    rng = random.Random("robust-yaml")
    seed = dumps_playlist(seed_playlist())
    refused = 0
    path = tmp_path / "damaged.yaml"
    for n in range(1500):
        text = mutate(seed, rng)
        try:
            if n % 5 == 0:  # some go through the file, bytes and all
                path.write_bytes(text.encode("utf-8", "surrogatepass"))
                result = load_playlist(path)
            else:
                result = parse_playlist(text, str(path))
        except LoadError as error:
            refused += 1
            one_line(error)
            assert error.file == str(path)
        else:
            assert isinstance(result, Playlist)
    assert refused > 300


def test_raw_bytes_files(tmp_path):
    rng = random.Random("robust-bytes")
    path = tmp_path / "noise.yaml"
    for _ in range(200):
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(200))))
        with pytest.raises(LoadError) as info:
            load_playlist(path)
        one_line(info.value)


def test_the_seeds_themselves_are_valid():
    seed = seed_playlist()
    for fmt in FORMATS:
        assert len(import_text(export_text(seed, fmt), fmt, source="x").items) == 5
    assert parse_playlist(dumps_playlist(seed), "x.yaml") == seed
