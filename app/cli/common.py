"""What several commands share: reading their files, the market, one-line cells and errors.

Each command module registers its own subcommands; a rule two of them apply lives here once.
"""

from __future__ import annotations

from app.cli.errors import CliError
from app.cli.output import shown


def load_playlist_or_fail(path: str):
    """The playlist file at ``path``, or a one-line CliError naming what is wrong and where."""
    from app.storage.located import LoadError
    from app.storage.playlist_file import load_playlist

    try:
        return load_playlist(path)
    except LoadError as exc:
        raise CliError(str(exc)) from None


def save_playlist_or_fail(playlist, path: str, *, exclusive: bool = False) -> None:
    """Save the playlist file; a failure is one line and exit status 1.

    With ``exclusive``, a file that appeared meanwhile raises FileExistsError for the caller."""
    from app.storage.playlist_file import save_playlist

    try:
        save_playlist(playlist, path, exclusive=exclusive)
    except OSError as exc:
        if exclusive and isinstance(exc, FileExistsError):
            raise
        raise CliError(f"{path}: cannot save: {exc.strerror or exc}", 1) from None


def load_dossier_or_fail(path: str | None):
    """The dossier named by ``--dossier`` (or the bundled one), or a one-line CliError."""
    from app.storage.dossier_file import load_dossier
    from app.storage.located import LoadError

    try:
        return load_dossier(path)
    except LoadError as exc:
        raise CliError(str(exc)) from None


def market_code(value: str) -> str:
    """``--market``'s value as Spotify takes it (``gb`` -> ``GB``), or a one-line CliError."""
    market = value.strip().upper()
    if len(market) != 2 or not market.isalpha():
        raise CliError(f"--market {value}: expected a two-letter country code, e.g. GB")
    return market


def market(option: str | None) -> str | None:
    """The market a search prefers: ``--market`` if given, else the settings' (if readable)."""
    if option is not None:
        return market_code(option)
    from app.spotify.config import market as configured

    return configured()


def spotify_failure(exc: Exception) -> CliError:
    """A Spotify error as a one-line CliError: 2 when setup is missing, 1 for the rest."""
    from app.spotify.errors import NotConfigured

    return CliError(str(exc), status=2 if isinstance(exc, NotConfigured) else 1)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def named(item) -> str:
    """A playlist item on one line: "artist – title", safe to print."""
    return f"{shown(item.artist_line)} – {shown(item.title)}"


def match_status(match) -> str:
    """How far an item's Spotify match got, in words ("not matched", "not found")."""
    return match.status.value.replace("_", " ") if match else "not matched"
