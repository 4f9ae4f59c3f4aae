"""``drive-playlist check-dossier``: validate a dossier file without opening the window."""

from __future__ import annotations

import argparse

from app.cli.errors import CliError
from app.cli.output import shown


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check a dossier file and print a summary")
    p.add_argument("path", nargs="?", help="the dossier (default: the bundled Drive dossier)")
    p.set_defaults(run=run_check)


def load_dossier_or_fail(path: str | None):
    """The dossier named by ``--dossier`` (or the bundled one), or a one-line CliError."""
    from app.storage.dossier_file import load_dossier
    from app.storage.located import LoadError

    try:
        return load_dossier(path)
    except LoadError as exc:
        raise CliError(str(exc)) from None


def run_check(args: argparse.Namespace) -> int:
    dossier = load_dossier_or_fail(args.path or args.dossier)
    quotes = sum(1 for c in dossier.commentary if c.is_quote)
    print(
        f"{shown(dossier.path)}: {shown(dossier.film.title)} ({shown(dossier.film.year)}): "
        f"{len(dossier.entries)} entries, {len(dossier.tracks)} tracks, {quotes} quotes"
    )
    return 0
