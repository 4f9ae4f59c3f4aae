"""A person's own decisions on a match, from the review panel: a search in their words,
and the candidate they choose (one undo step)."""

from __future__ import annotations

import copy

from PySide6.QtCore import QObject, Signal

from app.core.playlist import MatchStatus, TrackMatch
from app.ui.background import BackgroundRunner
from app.ui.playlist_document import PlaylistDocument
from app.ui.playlist_undo import SetMatches
from app.ui.task_status import TaskStatus


class SpotifyReview(QObject):
    found = Signal(str, object)  # item id, its candidates (a list) best first

    def __init__(
        self, document: PlaylistDocument, runner: BackgroundRunner, status: TaskStatus, parent
    ):
        super().__init__(parent)
        self.document, self.runner, self.status = document, runner, status

    def search(self, item_id: str, words: str) -> None:
        """Search Spotify in the person's words, off the GUI thread; ``found`` brings the
        answers, scored against the item."""
        from app.spotify.config import market

        item = self.document.model.item_at(self.document.model.row_of(item_id))
        if item is None:
            return
        wanted, where = copy.copy(item), market()

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.matcher import search_by_hand

            client = signed_in_client(on_progress=progress, cancel=cancel)
            return search_by_hand(client, wanted, words, where)

        task = self.runner.run(
            f"Searching Spotify for “{words}”", work, lambda got: self.found.emit(item_id, got)
        )
        self.status.follow(task)

    def choose(self, item_id: str, candidate) -> None:
        match = TrackMatch(
            MatchStatus.CHOSEN,
            uri=candidate.uri,
            score=candidate.score,
            chosen_by_user=True,
            track=candidate,
            candidates=self._candidates_of(item_id),
        )
        self.document.undo_stack.push(
            SetMatches(self.document.model, {item_id: match}, "Choose Spotify track")
        )

    def _candidates_of(self, item_id: str) -> tuple:
        row = self.document.model.row_of(item_id)
        item = self.document.model.item_at(row)
        return item.match.candidates if item and item.match else ()
