"""The person's settings: which Spotify app to sign in through, market, defaults.

A small YAML file in the per-user folder, read with the safe loader and written
atomically (a crash mid-write leaves the old file, never half of a new one).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from app.storage import yamlio
from app.storage.atomic import write_atomic
from app.storage.described import Description, check
from app.storage.home import home, state_file
from app.storage.located import Located, read_text
from app.storage.yaml_writer import dump

SETTINGS_FILE = "settings.yaml"


@dataclass(slots=True)
class Settings:
    client_id: str | None = None
    redirect_uri: str | None = None
    market: str | None = None  # ISO 3166-1 alpha-2, e.g. "GB"
    public_by_default: bool = False


class _SettingsFile(Description):
    """What the file holds; a setting this version does not know is ignored (a newer
    version wrote it)."""

    client_id: str | None = None
    redirect_uri: str | None = None
    market: str | None = None
    public_by_default: bool | None = None


def settings_path() -> Path:
    return state_file(SETTINGS_FILE)


def load_settings() -> Settings:
    """The saved settings, or defaults when there is no file; LoadError when it is unusable."""
    path = settings_path()
    if not path.is_file():  # also when the folder is unusable: nothing was ever saved there
        return Settings()
    file = str(path)
    return yamlio.build(read_text(file), file, _settings_from, "the settings file")


def _settings_from(located: Located) -> Settings:
    if located.data is None:
        return Settings()
    saved = check(located.data, _SettingsFile, located.error)
    return Settings(
        client_id=saved.client_id,
        redirect_uri=saved.redirect_uri,
        market=saved.market,
        public_by_default=bool(saved.public_by_default),
    )


def save_settings(settings: Settings) -> None:
    home()  # an unusable folder is UnusableHome, which names it
    data = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    write_atomic(settings_path(), dump(data), backup=False)
