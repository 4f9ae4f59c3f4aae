"""The command line: the window by default, subcommands for files and Spotify.

A second front end on the same layers as the window; it never imports ``app.ui`` except
to open the window itself.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import sys
from collections.abc import Sequence

from app import __version__
from app.cli.errors import CliError
from app.cli.output import OutputFailed, drop_stdout, shown, watch_stdout
from app.storage.home import UnusableHome


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {shown(message)} (see --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="drive-playlist",
        description=(
            "Explore the music of a film (Drive, 2011, by default), read what its director "
            "and composer said about it, and turn it into a playlist. With no command, "
            "opens the window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--dossier",
        metavar="PATH",
        help="a film dossier (YAML) to open instead of the bundled Drive one",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # Every command, in the order --help lists them: a new command module is added here.
    from app.cli import (
        account_commands,
        dossier_commands,
        playback_commands,
        playlist_commands,
        spotify_commands,
    )

    for module in (
        dossier_commands,
        playlist_commands,
        account_commands,
        spotify_commands,
        playback_commands,
    ):
        module.register(sub)
    return parser


def _split_playlist_argument(argv: list[str], parser) -> tuple[list[str], str | None]:
    """``drive-playlist FILE.yaml`` (as a desktop file launches it) opens FILE in the window.

    A word that names no file and looks like no file name (no folder, no extension) is a
    mistyped command, not a playlist to open."""
    commands = set()
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        commands |= set(getattr(action, "choices", None) or ())
    skip_next = False
    for position, arg in enumerate(argv):
        if skip_next:
            skip_next = False
            continue
        if arg == "--dossier":
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        if arg in commands:
            return argv, None
        if _looks_like_command(arg):
            raise CliError(_unknown_command(arg, sorted(commands)))
        return argv[:position] + argv[position + 1 :], arg
    return argv, None


def _looks_like_command(arg: str) -> bool:
    separators = {os.sep, os.altsep or os.sep}
    return (
        not any(s in arg for s in separators)
        and not os.path.splitext(arg)[1]
        and not os.path.lexists(arg)
    )


def _unknown_command(word: str, commands: list[str]) -> str:
    close = difflib.get_close_matches(word, commands, n=3)
    if close:
        return f"unknown command {word!r} (did you mean {' or '.join(close)}?)"
    return f"unknown command {word!r} (commands: {', '.join(commands)})"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        watch_stdout()
        try:
            status = _run(list(sys.argv[1:] if argv is None else argv))
        except SystemExit:  # --help, --version: printed, still to be flushed
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except CliError as exc:
        sys.stderr.write(f"drive-playlist: {shown(exc)}\n")
        return exc.status
    except UnusableHome as exc:  # only what needs the folder gets here: sign-in, settings
        sys.stderr.write(f"drive-playlist: {shown(exc)}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("drive-playlist: interrupted\n")
        return 130
    except OutputFailed as exc:
        drop_stdout()
        if exc.errno != errno.EPIPE:  # a reader that stopped reading (head) wanted no more
            sys.stderr.write(f"drive-playlist: cannot write the output: {exc.strerror}\n")
        return 1
    return status


def _run(argv: list[str]) -> int:
    if not argv:  # the window, as a desktop starts it: no command to look up among them all
        from app.ui.launch import run_window

        return run_window()
    parser = build_parser()
    argv, playlist_path = _split_playlist_argument(argv, parser)
    args = parser.parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_window

        return run_window(dossier_path=args.dossier, playlist_path=playlist_path)
    return int(args.run(args) or 0)
