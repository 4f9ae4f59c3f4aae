"""Every playlist edit as a QUndoCommand, so Ctrl+Z / Ctrl+Shift+Z undo and redo it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.core.playlist import PlaylistItem, TrackMatch
from app.ui.playlist_model import PlaylistTableModel


def _titles(items: list[PlaylistItem]) -> str:
    if len(items) == 1:
        return f"“{items[0].title}”"
    return f"{len(items)} tracks"


class AddItems(QUndoCommand):
    def __init__(self, model: PlaylistTableModel, row: int, items: list[PlaylistItem]):
        super().__init__(f"Add {_titles(items)}")
        self.model, self.row, self.items = model, row, items

    def redo(self) -> None:
        self.model.insert_items(self.row, self.items)

    def undo(self) -> None:
        self.model.remove_items(list(range(self.row, self.row + len(self.items))))


class RemoveItems(QUndoCommand):
    def __init__(self, model: PlaylistTableModel, rows: list[int]):
        items = [model.item_at(r) for r in sorted(set(rows))]
        super().__init__(f"Remove {_titles([i for i in items if i])}")
        self.model, self.rows = model, sorted(set(rows))
        self.removed: list[tuple[int, PlaylistItem]] = []

    def redo(self) -> None:
        self.removed = self.model.remove_items(self.rows)

    def undo(self) -> None:
        for row, item in self.removed:  # ascending: each lands where it was
            self.model.insert_items(row, [item])


class MoveItems(QUndoCommand):
    """Move a set of rows (kept in their order) so the block starts at ``dest``."""

    def __init__(self, model: PlaylistTableModel, rows: list[int], dest: int, text: str = ""):
        super().__init__(text or "Move tracks")
        self.model = model
        self.ids = [model.item_at(r).id for r in sorted(set(rows))]
        self.before = [i.id for i in model.items()]
        remaining = [i for i in self.before if i not in self.ids]
        # ``dest`` counts rows of the list before the move; rows above it that move away
        # shift the insertion point up.
        shift = sum(1 for r in rows if r < dest)
        insert_at = max(0, min(dest - shift, len(remaining)))
        self.after = remaining[:insert_at] + self.ids + remaining[insert_at:]

    @property
    def changes_anything(self) -> bool:
        return self.after != self.before

    def _arrange(self, order: list[str]) -> None:
        for target, item_id in enumerate(order):
            source = self.model.row_of(item_id)
            if source != target:
                self.model.move_item(source, target)

    def redo(self) -> None:
        self._arrange(self.after)

    def undo(self) -> None:
        self._arrange(self.before)


class SetField(QUndoCommand):
    """Name or description: consecutive typing merges into one undo step."""

    ID = 4242

    def __init__(
        self, label: str, getter: Callable[[], str], setter: Callable[[str], None], value: str
    ):
        super().__init__(f"Change {label}")
        self.label, self.getter, self.setter = label, getter, setter
        self.old, self.new = getter(), value

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetField) or other.label != self.label:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.setter(self.new)

    def undo(self) -> None:
        self.setter(self.old)


class SetMatches(QUndoCommand):
    """The results of a match run: many items at once, one repaint, one undo step."""

    def __init__(
        self,
        model: PlaylistTableModel,
        matches: dict[str, TrackMatch | None],
        text: str = "Match on Spotify",
    ):
        super().__init__(text)
        self.model = model
        self.changes = {}
        for item in model.items():
            if item.id in matches:
                self.changes[item.id] = (item.match, matches[item.id])

    def _apply(self, which: int) -> None:
        rows = []
        for row, item in enumerate(self.model.items()):
            change = self.changes.get(item.id)
            if change is not None:
                item.match = change[which]
                rows.append(row)
        if rows:
            self.model.rows_changed(min(rows), max(rows))

    def redo(self) -> None:
        self._apply(1)

    def undo(self) -> None:
        self._apply(0)


class ReplaceItems(QUndoCommand):
    """A new item list from elsewhere (a sync's merge with Spotify): one undo step for it all,
    matches included, since each item carries its own."""

    def __init__(self, model: PlaylistTableModel, items: list[PlaylistItem], text: str):
        super().__init__(text)
        self.model = model
        self.before, self.after = list(model.items()), list(items)

    def redo(self) -> None:
        self.model.replace_items(self.after)

    def undo(self) -> None:
        self.model.replace_items(self.before)
