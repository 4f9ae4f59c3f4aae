"""Every reader against generated and mutated input, under a time and a memory bound.

The seven readers (playlist YAML, dossier YAML, settings, M3U8, XSPF, JSPF, CSV) get real
files (the test fixtures and exports of the Drive preset) cut, spliced, repeated and
sprinkled with hostile tokens, plus YAML built from scratch.  Each must give a playlist,
dossier or settings, or one LoadError naming the file; any other exception is a bug.

Each example has a hypothesis deadline; the whole run happens in a child process whose
address space is capped (``RLIMIT_AS``), so an input that balloons fails the test instead
of the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.paths import DATA, REPO

# Room above the child's own start-up size: a few MB of input may use a few hundred MB.
MEMORY_HEADROOM = 1536 * 2**20
EXAMPLES = 60
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=3),  # generous for a loaded 2-core machine; a bomb takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize=True,
)

TOKENS = [
    "&a ", "*a", "&b [*a, *a, *a, *a]", "<<: ", "!!int ", "!!bool ", "!!float ", "!!timestamp ",
    "!!binary ", "!!set ", "!!python/object:os.system ", "2011-02-30", "9" * 5000, "1:0:0:0",
    "[" * 200, "{" * 50, "]", "}", "- ", ": ", "? ", "#", "\n", "\r", "\t", "\x00", "\x85",
    "\u2028", "\ufeff", '"', "'", "\\", "%YAML 1.1\n", "---\n", "...\n", "<", ">", "&amp;",
    "&#0;", "&#xFFFFFFFF;", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY e 'ee'>]>", "&e;",
    '{"a":', "null", "true", "1e999", "-1", "\ud800", ",", "=cmd", "#EXTINF:-1,", "😀",
]  # fmt: skip


def _seeds() -> dict[str, list[str]]:
    """Real files of every kind: the fixtures and the Drive preset in every format."""
    from app.core.presets import make_preset
    from app.storage.dossier_file import bundled_dossier_path, load_dossier
    from app.storage.formats import export_text
    from app.storage.playlist_file import dumps_playlist

    dossier = load_dossier()
    preset = make_preset("influences", dossier)
    seeds: dict[str, list[str]] = {
        "playlist": [
            dumps_playlist(preset),
            (DATA / "playlist-v0.yaml").read_text(encoding="utf-8"),
        ],
        "dossier": [
            (DATA / "small-dossier.yaml").read_text(encoding="utf-8"),
            Path(bundled_dossier_path()).read_text(encoding="utf-8")[:20_000],
        ],
        "settings": ["client_id: abc\nmarket: GB\nredirect_uri: http://127.0.0.1:8765/callback\n"],
    }
    fixture = {"m3u8": "plain.m3u8", "xspf": "night-film.xspf", "jspf": "night-film.jspf"}
    fixture["csv"] = "exportify.csv"
    for fmt, name in fixture.items():
        seeds[fmt] = [
            export_text(preset, fmt, dossier),
            (DATA / "playlists" / name).read_text(encoding="utf-8"),
        ]
    return seeds


@st.composite
def mutated(draw, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.integers(0, 4))
        if op == 0:  # a hostile token
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif op == 1:  # arbitrary text
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        elif op == 2:  # cut a piece out
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif op == 3:  # repeat a piece many times (long lines, many entries)
            piece = text[at : at + draw(st.integers(1, 80))]
            text = text[:at] + piece * draw(st.integers(2, 2000)) + text[at:]
        else:  # truncate
            text = text[:at]
    return text


def yaml_values():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=30,
    )


@st.composite
def generated_yaml(draw, head: str) -> str:
    import yaml

    body = yaml.safe_dump(draw(st.dictionaries(st.text(max_size=10), yaml_values(), max_size=6)))
    return head + body if draw(st.booleans()) else body


def check_error(error: Exception, name: str) -> None:
    from app.storage.located import LoadError

    assert isinstance(error, LoadError), repr(error)
    assert error.file == name
    assert "\n" not in str(error) and "Traceback" not in str(error)


def read_playlist(text: str) -> None:
    from app.core.playlist import Playlist
    from app.storage.located import LoadError
    from app.storage.playlist_file import parse_playlist

    try:
        assert isinstance(parse_playlist(text, "fuzz.yaml"), Playlist)
    except LoadError as error:
        check_error(error, "fuzz.yaml")


def read_dossier(text: str, folder: Path) -> None:
    from app.core.dossier import Dossier
    from app.storage.dossier_file import load_dossier
    from app.storage.located import LoadError

    path = folder / "dossier.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        assert isinstance(load_dossier(str(path)), Dossier)
    except LoadError as error:
        check_error(error, str(path))


def read_settings(text: str) -> None:
    from app.storage.located import LoadError
    from app.storage.settings import Settings, load_settings, settings_path

    path = settings_path()
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        assert isinstance(load_settings(), Settings)
    except LoadError as error:
        check_error(error, str(path))


def read_format(text: str, fmt: str) -> None:
    from app.core.playlist import Playlist
    from app.storage.formats import import_text
    from app.storage.located import LoadError

    try:
        assert isinstance(import_text(text, fmt, source=f"fuzz.{fmt}"), Playlist)
    except LoadError as error:
        check_error(error, f"fuzz.{fmt}")


def other_format(fmt: str, seeds: list[str]):
    @FUZZ
    @given(mutated(seeds))
    def imports(text):
        read_format(text, fmt)

    return imports


def run_all(folder: Path) -> None:
    """The fuzz body, run in the memory-capped child."""
    seeds = _seeds()
    head = "format: drive-playlist\nversion: 1\nname: x\n"

    @FUZZ
    @given(st.one_of(mutated(seeds["playlist"]), generated_yaml(head)))
    def playlists(text):
        read_playlist(text)

    @FUZZ
    @given(st.one_of(mutated(seeds["dossier"]), generated_yaml("schema_version: 1\n")))
    def dossiers(text):
        read_dossier(text, folder)

    @FUZZ
    @given(st.one_of(mutated(seeds["settings"]), generated_yaml("")))
    def settings_files(text):
        read_settings(text)

    tests = [playlists, dossiers, settings_files]
    for fmt in ("m3u8", "xspf", "jspf", "csv"):
        tests.append(other_format(fmt, seeds[fmt]))
    for test in tests:
        test()


def test_every_reader_survives_fuzzing_within_bounds(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", __name__, str(tmp_path)],
        cwd=REPO,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    assert "readers fuzzed" in result.stdout


def _cap_memory() -> None:
    with open("/proc/self/statm") as fh:  # current size, in pages
        size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = size + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    import app.core.presets  # loaded before the cap: not part of the bound
    import app.storage.formats  # noqa: F401

    _cap_memory()
    run_all(folder)
    print("readers fuzzed")
