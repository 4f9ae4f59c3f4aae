"""``drive-playlist check-dossier``: validate a dossier file without opening the window."""

from __future__ import annotations

import argparse

from app.cli.common import load_dossier_or_fail
from app.cli.output import shown


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check a dossier file and print a summary")
    p.add_argument("path", nargs="?", help="the dossier (default: the bundled Drive dossier)")
    p.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    dossier = load_dossier_or_fail(args.path or args.dossier)
    quotes = dossier.quote_count
    print(
        f"{shown(dossier.path)}: {shown(dossier.film.title)} ({shown(dossier.film.year)}): "
        f"{len(dossier.entries)} entries, {len(dossier.tracks)} tracks, {quotes} quotes"
    )
    return 0
