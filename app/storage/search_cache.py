"""What Spotify already told us, kept so a second run asks again for nothing.

One SQLite file, home()/cache/search.sqlite3: search results keyed by the exact request.
(What a synced playlist last held is the file's own base, not a cache's.)  Losing the file
only costs requests, so writes are not fsync'd.  One connection behind a lock: the matcher
searches from several threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict, fields
from pathlib import Path

from app.core.playlist import Candidate
from app.storage.home import state_dir

_SCHEMA = """
create table if not exists search (
    query text not null, market text not null, lim integer not null, offset integer not null,
    candidates text not null, stored real not null,
    primary key (query, market, lim, offset)
);
"""
_CANDIDATE_FIELDS = {f.name for f in fields(Candidate)} - {"score"}


def default_path() -> Path:
    return state_dir("cache") / "search.sqlite3"


class SearchCache:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("pragma synchronous = off")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            # A damaged cache is only lost requests: start it again.
            self.path.unlink(missing_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.executescript(_SCHEMA)
        return db

    # -- searches --

    def get(
        self, query: str, market: str | None, limit: int, offset: int = 0
    ) -> list[Candidate] | None:
        with self._lock:
            row = self._db.execute(
                "select candidates from search where query=? and market=? and lim=? and offset=?",
                (query, market or "", limit, offset),
            ).fetchone()
        if row is None:
            return None
        try:
            return [_candidate(d) for d in json.loads(row[0])]
        except (ValueError, TypeError, KeyError):
            return None  # written by another version: ask again

    def put(
        self,
        query: str,
        market: str | None,
        limit: int,
        offset: int,
        candidates: list[Candidate],
    ) -> None:
        # The score belongs to one item's judgement, not to the search result.
        data = json.dumps(
            [{k: v for k, v in asdict(c).items() if k != "score"} for c in candidates]
        )
        with self._lock:
            self._db.execute(
                "insert or replace into search values (?, ?, ?, ?, ?, ?)",
                (query, market or "", limit, offset, data, time.time()),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("select count(*) from search").fetchone()[0]

    def clear(self) -> None:
        """Forget every search (the next run asks Spotify again)."""
        with self._lock:
            self._db.execute("delete from search")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SearchCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _candidate(data: dict) -> Candidate:
    known = {k: v for k, v in data.items() if k in _CANDIDATE_FIELDS}
    known["artists"] = tuple(known.get("artists") or ())
    return Candidate(**known)
