"""Search results as Spotify might return them for the dossier's tracks, with decoys.

The items carry only what data/drive.yaml says about each track (titles, credits, albums,
years, the two lengths of "Autobahn"). The candidates are made up for these tests: their
URIs and ISRCs are invented, real recordings carry no length the dossier does not give,
and every decoy (karaoke, cover, tribute, remix, namesake) is credited to an invented
performer, except the few songs that really share a title ("Oh My Love" on John
Lennon's Imagine, "Please Please Me").
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.playlist import Candidate, MatchStatus, PlaylistItem

DRIVE_ALBUM = "Drive (Original Motion Picture Soundtrack)"
PINK_ALBUM = "Pretty in Pink (Original Motion Picture Soundtrack)"
UNCLE_TOM_ALBUM = "Addio Zio Tom (Goodbye Uncle Tom)"
AUTOBAHN_ALBUM = 1363  # seconds: the album version, 22:43
AUTOBAHN_SINGLE = 207  # seconds: the single edit, about 3:27


def track(key: str, title: str, *artists: str, **details) -> Candidate:
    details.setdefault("url", f"https://open.spotify.com/track/{key}")
    return Candidate(uri=f"spotify:track:{key}", title=title, artists=artists, **details)


def drive_item(title: str, *artists: str) -> PlaylistItem:
    """A track of the Drive album as the dossier loader makes it: album and year of the film."""
    return PlaylistItem(title=title, artists=artists, album=DRIVE_ALBUM, year=2011)


@dataclass(frozen=True)
class MatchCase:
    name: str
    item: PlaylistItem
    candidates: tuple[Candidate, ...]
    status: MatchStatus
    uri: str | None = None  # the expected match when MATCHED

    def __str__(self) -> str:  # the pytest id
        return self.name


NIGHTCALL_DECOYS = (
    track(
        "nc-karaoke",
        "Nightcall - Karaoke Version",
        "Starlight Karaoke Singers",
        album="Karaoke Hits of the 2010s",
        year=2015,
    ),
    track("nc-cover", "Nightcall", "Velvet Static", album="Neon Covers, Vol. 2", year=2019),
    track(
        "nc-tribute",
        'Nightcall (From "Drive")',
        "The Synthwave Tribute Orchestra",
        album="Music from Drive (A Tribute)",
        year=2012,
    ),
    track(
        "nc-remix",
        "Nightcall - Midnight Run Remix",
        "Retro Pulse",
        album="Nightcall (Remixes)",
        year=2016,
    ),
    track("nc-slowed", "Nightcall (Slowed + Reverb)", "Late Night Tapes", year=2022),
)
NIGHTCALL_REAL = track(
    "nc-drive",
    "Nightcall",
    "Kavinsky",
    "Lovefoxxx",
    album=DRIVE_ALBUM,
    year=2011,
    isrc="ZZTST1100001",
)

CASES = (
    MatchCase(
        "nightcall",
        drive_item("Nightcall", "Kavinsky", "Lovefoxxx"),
        (
            *NIGHTCALL_DECOYS[:2],
            NIGHTCALL_REAL,
            *NIGHTCALL_DECOYS[2:],
            track("nc-ep", "Nightcall", "Kavinsky", album="Nightcall", isrc="ZZTST1100001"),
        ),
        MatchStatus.MATCHED,
        NIGHTCALL_REAL.uri,
    ),
    MatchCase(
        "a-real-hero",
        drive_item("A Real Hero", "College", "Electric Youth"),
        (
            track(
                "rh-karaoke",
                "A Real Hero (In the Style of College & Electric Youth)",
                "Sing-Along Karaoke Band",
                album="Karaoke Soundtrack Hits",
            ),
            track(
                "rh-tribute",
                'A Real Hero (From "Drive")',
                "Soundtrack Tribute Ensemble",
                album="Music from Drive",
                year=2012,
            ),
            track(
                "rh-drive",
                "A Real Hero (feat. Electric Youth)",
                "College",
                album=DRIVE_ALBUM,
                year=2011,
                isrc="ZZTST1100003",
            ),
            track("rh-cover", "A Real Hero", "Mirror Hearts", album="Real Heroes", year=2020),
            track("rh-sped", "A Real Hero - Sped Up", "Nightcore Drive", year=2023),
        ),
        MatchStatus.MATCHED,
        "spotify:track:rh-drive",
    ),
    MatchCase(
        "tick-of-the-clock",
        drive_item("Tick of the Clock", "The Chromatics"),
        (
            track("tc-clock", "Tick Tock Clock", "Chrome Hearts Club", album="Tick Tock"),
            track("tc-drive", "Tick of the Clock", "Chromatics", album=DRIVE_ALBUM, year=2011),
            track(
                "tc-lullaby",
                "Tick of the Clock (Lullaby Version)",
                "Rock-a-Bye Dreams",
                album="Lullaby Renditions of Drive",
            ),
        ),
        MatchStatus.MATCHED,
        "spotify:track:tc-drive",
    ),
    MatchCase(
        "hammer",
        drive_item("Hammer", "Cliff Martinez"),
        (
            track("hm-metal", "Hammer", "Iron Tide", album="Hammer", year=2011),
            track("hm-other", "The Hammer", "Anvil Youth", album="Forge", year=2014),
            track("hm-drive", "Hammer", "Cliff Martinez", album=DRIVE_ALBUM, year=2011),
            track(
                "hm-tribute",
                'Hammer (From "Drive")',
                "Movie Theme Players",
                album="Music from Drive",
                year=2013,
            ),
            track("hm-8bit", "Hammer (8-Bit Version)", "Chiptune Heroes", album="8-Bit Drive"),
        ),
        MatchStatus.MATCHED,
        "spotify:track:hm-drive",
    ),
    MatchCase(
        "i-drive",
        drive_item("I Drive", "Cliff Martinez"),
        (
            track("id-namesake", "I Drive", "Highway Ghosts", album="I Drive", year=2011),
            track("id-drive-song", "Drive", "Motorway", album="Drive", year=2011),
            track(
                "id-piano",
                "I Drive (Piano Version)",
                "Piano Tribute Players",
                album="Piano Tribute to Drive",
            ),
            track("id-real", "I Drive", "Cliff Martinez", album=DRIVE_ALBUM, year=2011),
        ),
        MatchStatus.MATCHED,
        "spotify:track:id-real",
    ),
    MatchCase(
        "oh-my-love",
        drive_item("Oh My Love", "Riz Ortolani", "Katyna Ranieri"),
        (
            track("oml-lennon", "Oh My Love", "John Lennon", album="Imagine", year=1971),
            track("oml-velvet", "Oh My Love", "The Velvet Hours", album="Oh My Love"),
            track(
                "oml-uncle-tom",
                "Oh My Love",
                "Riz Ortolani",
                "Katyna Ranieri",
                album=UNCLE_TOM_ALBUM,
                isrc="ZZTST7100004",
            ),
            track(
                "oml-drive",
                "Oh My Love",
                "Riz Ortolani",
                "Katyna Ranieri",
                album=DRIVE_ALBUM,
                year=2011,
                isrc="ZZTST7100004",
            ),
            track(
                "oml-instrumental",
                "Oh My Love (Instrumental)",
                "Riz Ortolani",
                album=UNCLE_TOM_ALBUM,
            ),
            track("oml-karaoke", "Oh My Love (Karaoke Version)", "Starlight Karaoke Singers"),
        ),
        MatchStatus.MATCHED,
        "spotify:track:oml-drive",
    ),
    MatchCase(
        "autobahn-album-version",
        PlaylistItem(
            "Autobahn", ("Kraftwerk",), album="Autobahn", year=1974, duration=AUTOBAHN_ALBUM
        ),
        (
            track(
                "ab-single",
                "Autobahn - Single Edit",
                "Kraftwerk",
                album="Autobahn",
                duration=AUTOBAHN_SINGLE,
                isrc="ZZTST7400006",
            ),
            track(
                "ab-album",
                "Autobahn - 2009 Remaster",
                "Kraftwerk",
                album="Autobahn (2009 Remaster)",
                duration=AUTOBAHN_ALBUM,
                isrc="ZZTST7400005",
            ),
            track("ab-live", "Autobahn - Live", "Kraftwerk", album="Minimum-Maximum"),
            track(
                "ab-cover",
                "Autobahn",
                "Autopilot Orchestra",
                album="Autobahn",
                duration=AUTOBAHN_ALBUM,
            ),
            track("ab-8bit", "Autobahn (8-Bit)", "Chiptune Heroes", duration=AUTOBAHN_SINGLE),
        ),
        MatchStatus.MATCHED,
        "spotify:track:ab-album",
    ),
    MatchCase(
        "please-please-please",
        PlaylistItem(
            "Please, Please, Please, Let Me Get What I Want",
            ("The Smiths",),
            album=PINK_ALBUM,
            year=1986,
        ),
        (
            track("pp-beatles", "Please Please Me", "The Beatles", album="Please Please Me"),
            track(
                "pp-karaoke",
                "Please Please Please Let Me Get What I Want (In the Style of The Smiths)",
                "Karaoke Hits Band",
                album="Karaoke 80s Indie",
            ),
            track(
                "pp-smiths",
                "Please, Please, Please, Let Me Get What I Want - Remastered",
                "The Smiths",
                album="Hatful of Hollow",
            ),
            track(
                "pp-cover",
                "Please Please Please Let Me Get What I Want",
                "Ivy Lane",
                album="Quiet Rooms",
                year=2018,
            ),
            track(
                "pp-tribute",
                "Please, Please, Please, Let Me Get What I Want",
                "Charming Men",
                album="A Tribute to the Smiths",
            ),
        ),
        MatchStatus.MATCHED,
        "spotify:track:pp-smiths",
    ),
    MatchCase(
        "left-of-center",
        PlaylistItem(
            "Left of Center",
            ("Suzanne Vega with Joe Jackson",),
            album=PINK_ALBUM,
            year=1986,
            note="Credited “Suzanne Vega with Joe Jackson”.",
        ),
        (
            track("lc-centre", "Left of Centre", "Centrefold", album="Centrefold"),
            track(
                "lc-pink",
                "Left of Center",
                "Suzanne Vega",
                "Joe Jackson",
                album=PINK_ALBUM,
                year=1986,
            ),
            track(
                "lc-karaoke",
                "Left of Center (Karaoke Version)",
                "Karaoke Hits Band",
                album="Karaoke 80s Movie Hits",
            ),
        ),
        MatchStatus.MATCHED,
        "spotify:track:lc-pink",
    ),
    MatchCase(
        # Without a length, the album version and the single edit are both plausible.
        "autobahn-without-length",
        PlaylistItem("Autobahn", ("Kraftwerk",)),
        (
            track(
                "ab-album",
                "Autobahn - 2009 Remaster",
                "Kraftwerk",
                album="Autobahn (2009 Remaster)",
                duration=AUTOBAHN_ALBUM,
                isrc="ZZTST7400005",
            ),
            track(
                "ab-single",
                "Autobahn - Single Edit",
                "Kraftwerk",
                album="Autobahn",
                duration=AUTOBAHN_SINGLE,
                isrc="ZZTST7400006",
            ),
        ),
        MatchStatus.REVIEW,
    ),
    MatchCase(
        # The song on two releases with different ISRCs: maybe two different takes.
        "oh-my-love-two-releases",
        PlaylistItem("Oh My Love", ("Riz Ortolani", "Katyna Ranieri")),
        (
            track(
                "oml-a",
                "Oh My Love",
                "Riz Ortolani",
                "Katyna Ranieri",
                album=UNCLE_TOM_ALBUM,
                isrc="ZZTST7100007",
            ),
            track(
                "oml-b",
                "Oh My Love",
                "Riz Ortolani",
                "Katyna Ranieri",
                album=DRIVE_ALBUM,
                year=2011,
                isrc="ZZTST7100008",
            ),
        ),
        MatchStatus.REVIEW,
    ),
    MatchCase(
        "nightcall-only-decoys",
        drive_item("Nightcall", "Kavinsky", "Lovefoxxx"),
        NIGHTCALL_DECOYS,
        MatchStatus.REVIEW,
    ),
    MatchCase(
        "nightcall-nothing",
        drive_item("Nightcall", "Kavinsky", "Lovefoxxx"),
        (),
        MatchStatus.NOT_FOUND,
    ),
)
