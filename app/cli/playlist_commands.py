"""Playlist file commands: new, export, import, show."""

from __future__ import annotations

import argparse
import os
import stat
import sys

from app.cli.common import clip, load_dossier_or_fail, load_playlist_or_fail, save_playlist_or_fail
from app.cli.errors import CliError
from app.cli.locking import writing
from app.cli.output import say, shown

FORMAT_NAMES = ("m3u8", "xspf", "jspf", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="create a playlist file from a preset")
    p.add_argument("-o", "--output", required=True, metavar="FILE.yaml", help="where to save it")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--preset",
        choices=("influences", "empty"),
        default="influences",
        help="what to start from (default: influences: the album, then its influences)",
    )
    which.add_argument("--empty", action="store_true", help="start with no tracks")
    p.add_argument("--name", help="the playlist's name (default: the preset's)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(run=writing(run_new, "output"))

    p = sub.add_parser("export", help="write a playlist as M3U8, XSPF, JSPF or CSV")
    p.add_argument("playlist", metavar="FILE.yaml")
    p.add_argument(
        "--format", choices=FORMAT_NAMES, help="default: from -o's extension (required without -o)"
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", help="write here ('-' or none: standard output)"
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(run=writing(run_export, "output"))

    p = sub.add_parser(
        "import", help="turn an M3U8, XSPF, JSPF or CSV playlist into a playlist file"
    )
    p.add_argument("source", metavar="IN", help="a .m3u8/.m3u, .xspf, .jspf or .csv file")
    p.add_argument("--format", choices=FORMAT_NAMES, help="default: from IN's extension")
    p.add_argument("-o", "--output", required=True, metavar="FILE.yaml", help="where to save it")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(run=writing(run_import, "output"))

    p = sub.add_parser("show", help="print a playlist file as a table")
    p.add_argument("playlist", metavar="FILE.yaml")
    p.set_defaults(run=run_show)


def _exists(path: str) -> CliError:
    return CliError(f"{path}: already exists (add --force to replace it)")


def _save(playlist, path: str, force: bool) -> None:
    if os.path.lexists(path) and not force:
        raise _exists(path)
    try:
        save_playlist_or_fail(playlist, path, exclusive=not force)
    except FileExistsError:  # it appeared while this one was being written
        raise _exists(path) from None


def _dossier(args: argparse.Namespace, *, required: bool):
    """The dossier from --dossier or the bundled one; optional where it only adds detail."""
    try:
        return load_dossier_or_fail(args.dossier)
    except CliError:
        if required or args.dossier:
            raise
        return None


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _stat(path: str | None) -> os.stat_result | None:
    """What ``path`` is (standard output's file for None); None if that cannot be told."""
    try:
        return os.stat(path) if path is not None else os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return None


def _write_out(text: str, output: str, playlist_path: str, force: bool) -> None:
    """Write an export where asked without ever destroying a file.

    The playlist itself is never the output.  A pipe, a device or a terminal
    (``/dev/stdout``, a FIFO) is written to as a stream, never replaced by a file.  An
    existing file is replaced only with ``--force``, atomically and keeping a ``.bak``."""
    from app.storage.atomic import write_atomic

    data = text.encode("utf-8")
    source, stdout = _stat(playlist_path), _stat(None)
    try:
        there = stdout if output == "-" else os.stat(output)
    except FileNotFoundError:
        there = None
    except OSError as exc:
        raise CliError(f"{output}: cannot write: {exc.strerror or exc}") from None
    if there is not None:
        if source is not None and _same_file(there, source):
            where = "standard output" if output == "-" else output
            raise CliError(f"{where}: is the playlist being exported; choose another output")
        if stat.S_ISDIR(there.st_mode):
            raise CliError(f"{output}: is a folder; give a file name")
        if stdout is not None and _same_file(there, stdout):  # "-" or /dev/stdout
            output = "-"
        elif not stat.S_ISREG(there.st_mode):
            _write_stream(output, data)
            return
        elif not force:
            raise _exists(output)
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_atomic(output, text, backup=there is not None, exclusive=not force)
    except FileExistsError:  # it appeared while the export was being written
        raise _exists(output) from None
    except OSError as exc:
        raise CliError(f"{output}: cannot write: {exc.strerror or exc}", 1) from None


def _write_stream(output: str, data: bytes) -> None:
    """A FIFO or a device: opened as it is (never created), written in order."""
    try:
        fd = os.open(output, os.O_WRONLY | os.O_NOCTTY)
        with open(fd, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise CliError(f"{output}: cannot write: {exc.strerror or exc}", 1) from None


def run_new(args: argparse.Namespace) -> int:
    from app.core.presets import make_preset

    dossier = _dossier(args, required=True)
    playlist = make_preset("empty" if args.empty else args.preset, dossier)
    if args.name is not None:
        if not args.name.strip():
            raise CliError("--name must not be empty")
        playlist.name = args.name
    _save(playlist, args.output, args.force)
    say(f"Created {shown(args.output)}: “{shown(playlist.name)}”, {len(playlist.items)} tracks.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.storage.formats import export_text, format_for_path

    fmt = args.format
    output = args.output or "-"
    if fmt is None:
        if output == "-":
            raise CliError("say which format: --format m3u8|xspf|jspf|csv (or give -o FILE.ext)")
        try:
            fmt = format_for_path(args.output)
        except ValueError as exc:
            raise CliError(f"{exc}; add --format") from None
    playlist = load_playlist_or_fail(args.playlist)
    dossier = _dossier(args, required=False)
    if dossier is not None and playlist.dossier not in (None, dossier.id):
        dossier = None  # commentary from another film's dossier would be wrong
    try:
        text = export_text(playlist, fmt, dossier)
    except ValueError as exc:  # a value no export format can carry
        raise CliError(f"{args.playlist}: {exc}") from None
    _write_out(text, output, args.playlist, args.force)
    if output != "-":
        say(f"Exported {len(playlist.items)} tracks to {shown(output)} ({fmt}).", sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.storage.formats import format_for_path, import_text
    from app.storage.located import LoadError, read_text

    try:
        fmt = args.format or format_for_path(args.source)
    except ValueError as exc:
        raise CliError(f"{exc}; add --format") from None
    try:
        text = read_text(args.source, newline="")  # a CR in a CSV cell is text
    except LoadError as exc:
        raise CliError(str(exc)) from None
    dossier = _dossier(args, required=False)
    try:
        playlist = import_text(text, fmt, source=args.source, dossier=dossier)
    except LoadError as exc:
        raise CliError(str(exc)) from None
    source, there = _stat(args.source), _stat(args.output)
    if source is not None and there is not None and _same_file(source, there):
        raise CliError(f"{args.output}: is the file being imported; choose another output")
    _save(playlist, args.output, args.force)
    linked = sum(1 for item in playlist.items if item.track_id)
    pinned = sum(1 for item in playlist.items if item.spotify_uri)
    say(
        f"Imported {len(playlist.items)} tracks into {shown(args.output)} "
        f"({linked} found in the dossier, {pinned} with a Spotify link)."
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    playlist = load_playlist_or_fail(args.playlist)
    dossier = _dossier(args, required=False)
    if dossier is not None and playlist.dossier != dossier.id:
        dossier = None
    say(render_table(playlist, dossier).rstrip("\n"))
    return 0


_STATUS = {
    "matched": "matched",
    "chosen": "chosen",
    "review": "to review",
    "not_found": "not found",
}


def _cut(text: str, width: int) -> str:
    """One table cell: the text on one line, safe to print, clipped to ``width``."""
    return clip(shown(" ".join(text.split())), width)


def render_table(playlist, dossier=None) -> str:
    """#, title, artist, duration, the dossier entry it came from, Spotify status; then totals."""
    from app.core.playlist import format_duration, length_summary

    rows = [("#", "Title", "Artist", "Time", "Entry", "Spotify")]
    for number, item in enumerate(playlist.items, 1):
        entry = dossier.entry(item.entry_id) if dossier and item.entry_id else None
        source = entry.title if entry else (item.entry_id or "")
        status = _STATUS.get(item.match.status.value, "") if item.match else "not matched"
        rows.append(
            (
                str(number),
                _cut(item.title, 40),
                _cut((dossier and dossier.credit_for(item.track_id)) or item.artist_line, 30),
                format_duration(item.duration) or "?",
                _cut(source, 28),
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [shown(playlist.name)]
    if playlist.description:
        lines.append(_cut(playlist.description, 100))
    lines.append("")
    for row in rows:
        cells = [row[0].rjust(widths[0])] + [
            c.ljust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    lines += ["", length_summary(playlist)]
    return "\n".join(lines) + "\n"
