"""Find each playlist item's Spotify track: searches, the cache, a few at a time.

For each item the queries run strictest first; the first one that yields a clear match
ends the item, otherwise the candidates of all its queries are judged together.  Items run
concurrently (at most ``max_workers`` searches in flight, which keeps well under Spotify's
rate limit while hiding its latency).  Results land in ``item.match`` on the calling
thread as each item finishes, so a cancelled or failed run keeps everything done so far.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from app.core.matching import decide, query_plan, score_candidate
from app.core.playlist import Candidate, MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.core.tasks import Cancelled, CancelToken, Progress, ProgressCallback
from app.spotify.client import SEARCH_LIMIT  # every search asks for as many as the API gives
from app.storage.search_cache import SearchCache

MAX_WORKERS = 4


@dataclass(slots=True)
class MatchReport:
    counts: dict[MatchStatus, int] = field(default_factory=dict)
    needs_review: list[PlaylistItem] = field(default_factory=list)
    not_found: list[PlaylistItem] = field(default_factory=list)
    matched_now: int = 0  # items this run looked up
    searches: int = 0  # searches sent to Spotify (cache hits excluded)
    cached: int = 0  # searches answered by the cache

    @property
    def unresolved(self) -> list[PlaylistItem]:
        return self.needs_review + self.not_found


def needs_matching(item: PlaylistItem, rematch: bool = False) -> bool:
    if not item.is_track:  # what the Spotify app added as it is (an episode, a local file)
        return False
    match = item.match
    if match is None:
        return True
    if match.is_pinned:
        return False
    return rematch or not match.is_resolved


class _Searcher:
    """Searches through the cache, counting what really went to Spotify."""

    def __init__(self, client, market, cache: SearchCache | None, stops: list[CancelToken]):
        self.client, self.market, self.cache, self.stops = client, market, cache, stops
        self.searches = self.cached = 0
        self._lock = threading.Lock()

    def search(self, query: str) -> list[Candidate]:
        if self.cache is not None:
            found = self.cache.get(query, self.market, SEARCH_LIMIT, 0)
            if found is not None:
                with self._lock:
                    self.cached += 1
                return found
        for stop in self.stops:  # between requests: what is done stays done
            stop.raise_if_cancelled()
        found = self.client.search_tracks(query, limit=SEARCH_LIMIT, market=self.market)
        with self._lock:
            self.searches += 1
        if self.cache is not None:
            self.cache.put(query, self.market, SEARCH_LIMIT, 0, found)
        return found

    def match(self, item: PlaylistItem) -> TrackMatch:
        pooled: dict[str, Candidate] = {}
        for query in query_plan(item):
            found = self.search(query)
            result = decide(item, found, market=self.market)
            if result.status == MatchStatus.MATCHED:
                return result
            for candidate in found:
                pooled.setdefault(candidate.uri, candidate)
        return decide(item, list(pooled.values()), market=self.market)


def search_by_hand(client, item: PlaylistItem, words: str, market: str | None) -> list[Candidate]:
    """A person's own search for ``item`` (in the review panel): Spotify's answers to their
    words, best first by the score the matcher gives."""
    found = client.search_tracks(words, market=market)
    scored = [c.with_score(score_candidate(item, c)) for c in found]
    return sorted(scored, key=lambda c: c.score, reverse=True)


def match_playlist(
    playlist: Playlist,
    client,
    *,
    market: str | None = None,
    cache: SearchCache | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    rematch: bool = False,
    max_workers: int = MAX_WORKERS,
) -> MatchReport:
    """Match every item that needs it; raises the first error (Cancelled, RateLimited, ...)."""
    todo = [item for item in playlist.items if needs_matching(item, rematch)]
    # The workers stop on the caller's cancel or on the first failure of any of them.
    stop = CancelToken()
    searcher = _Searcher(client, market, cache, [stop] if cancel is None else [stop, cancel])
    report = MatchReport(matched_now=len(todo))
    report_progress = _reporter(progress, len(todo))
    report_progress(0)
    failure: BaseException | None = None
    if todo:
        failure = _run(todo, searcher, stop, cancel, report_progress, max(1, max_workers))
    report.searches, report.cached = searcher.searches, searcher.cached
    _tally(playlist, report)
    if failure is not None:
        raise failure
    return report


def _run(todo, searcher, stop, cancel, report_progress, workers) -> BaseException | None:
    done = 0
    failure: BaseException | None = None
    queue = iter(todo)
    pending: dict[Future, PlaylistItem] = {}
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="match")

    def refill() -> None:
        # A short queue ahead of the workers: waiting on it stays cheap for long
        # playlists, and a stop leaves little to unwind.
        while not stop.cancelled and len(pending) < 2 * workers:
            item = next(queue, None)
            if item is None:
                return
            pending[pool.submit(searcher.match, item)] = item

    try:
        refill()
        while pending:
            try:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            except BaseException as exc:  # Ctrl+C lands here, on the calling thread
                failure = failure or exc
                _interrupt(stop, cancel)
                continue
            if cancel is not None and cancel.cancelled and not stop.cancelled:
                stop.cancel()
                failure = failure or Cancelled()
            for future in finished:
                item = pending.pop(future)
                try:
                    item.match = future.result()
                except Cancelled:
                    failure = failure or Cancelled()
                except Exception as exc:
                    failure = failure or exc
                    stop.cancel()
                else:
                    done += 1
                    report_progress(done)
            refill()
    except BaseException:  # Ctrl+C landing anywhere else in the loop
        _interrupt(stop, cancel)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return failure


def _interrupt(stop: CancelToken, cancel: CancelToken | None) -> None:
    """The whole run is interrupted: a worker sitting out a rate limit waits on the
    caller's token (the client's), and shutting the pool down waits for that worker."""
    stop.cancel()
    if cancel is not None:
        cancel.cancel()


def _reporter(progress: ProgressCallback | None, total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        if progress is not None and total:
            progress(Progress("match", done, total, f"matched {done} of {total}"))

    return report


def _tally(playlist: Playlist, report: MatchReport) -> None:
    for item in playlist.items:
        if item.match is None:
            continue
        status = item.match.status
        report.counts[status] = report.counts.get(status, 0) + 1
        if status == MatchStatus.REVIEW:
            report.needs_review.append(item)
        elif status == MatchStatus.NOT_FOUND:
            report.not_found.append(item)
