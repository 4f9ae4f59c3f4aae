"""Filtering the entry tree by words and by who commented."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from app.core.text import normalise
from app.ui.entry_model import (
    ENTRY_FLAGS,
    ENTRY_ID_ROLE,
    GROUP_FLAGS,
    NO_FLAGS,
    EntryTreeModel,
)

ANY_COMMENTARY = "*"  # speaker filter: entries quoting anyone (narration alone is no quote)


class EntryFilterProxy(QSortFilterProxyModel):
    """Every word typed must appear in the entry's title, credits, tracks or commentary.

    The decision for every entry is made once per change, in one pass over precomputed
    search texts, and the proxy is not updated row by row: with thousands
    of scattered rows a row-by-row update makes the view do quadratic work, so the whole
    proxy is invalidated at once (one layout change; the view keeps its expansion).  A group
    row stays while any of its entries is shown, or when its heading's own commentary (the
    film's, under Featured) matches the words and the speaker.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._speaker: str | None = None
        self._accepted: list[list[bool]] | None = None  # per group, per row; None: all
        self._headings: list[bool] = []  # per group: its heading matches on its own
        self._group_id: int | None = None  # internal id the group rows share; see flags()
        for signal in (
            self.layoutAboutToBeChanged,
            self.layoutChanged,
            self.modelAboutToBeReset,
            self.modelReset,
            self.rowsInserted,
            self.rowsRemoved,
        ):
            signal.connect(self._forget_group_id)

    @property
    def active(self) -> bool:
        return bool(self._words) or self._speaker is not None

    def hidden_entry_ids(self) -> set[str]:
        """The ids of the entries the filter hides; none while no filter is on."""
        if self._accepted is None:
            return set()
        model: EntryTreeModel = self.sourceModel()
        hidden = set()
        for g, keep in enumerate(self._accepted):
            group = model.index(g, 0)
            hidden.update(
                model.index(row, 0, group).data(ENTRY_ID_ROLE)
                for row, kept in enumerate(keep)
                if not kept
            )
        return hidden

    def set_text(self, text: str) -> None:
        words = tuple(normalise(text).split())
        if words != self._words:
            self._apply(words, self._speaker)

    def set_speaker(self, speaker_id: str | None) -> None:
        if speaker_id != self._speaker:
            self._apply(self._words, speaker_id)

    def _apply(self, words: tuple[str, ...], speaker: str | None) -> None:
        self._words, self._speaker = words, speaker
        self._accepted = self._decide() if self.active else None
        self.invalidate()  # one layout change for the whole tree, expansion kept

    def _matches(self, text: str, speakers: frozenset[str]) -> bool:
        speaker = self._speaker
        if speaker is not None and not (
            speakers and (speaker == ANY_COMMENTARY or speaker in speakers)
        ):
            return False
        return all(w in text for w in self._words)

    def _decide(self) -> list[list[bool]]:
        model: EntryTreeModel = self.sourceModel()
        words, speaker = self._words, self._speaker
        result = []
        for texts, speakers in model.group_search_data():
            if speaker is None:
                keep = [all(w in t for w in words) for t in texts]
            else:
                keep = [
                    bool(s)
                    and (speaker == ANY_COMMENTARY or speaker in s)
                    and all(w in t for w in words)
                    for t, s in zip(texts, speakers, strict=True)
                ]
            result.append(keep)
        self._headings = [
            bool(text) and self._matches(text, speakers)
            for text, speakers in model.heading_search_data()
        ]
        return result

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        """Answered here, not by the source model: the view asks for every row it lays out,
        and passing the question on costs two more calls into Python per row (mapping the
        index back, then asking).  A proxy index's internal id names its parent's mapping,
        so the top-level rows, the groups, all share the first row's id.  It is looked up
        once per mapping: the mappings are rebuilt only on the changes that drop it.
        """
        if not index.isValid():
            return NO_FLAGS
        group_id = self._group_id
        if group_id is None:
            group_id = self._group_id = self.index(0, 0).internalId()
        return GROUP_FLAGS if index.internalId() == group_id else ENTRY_FLAGS

    def _forget_group_id(self, *_args) -> None:
        self._group_id = None

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        accepted = self._accepted
        if accepted is None:
            return True
        if not parent.isValid():  # a group: kept while any of its entries is, or its heading
            return self._headings[row] or any(accepted[row])
        return accepted[parent.row()][row]
