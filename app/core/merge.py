"""Three-way merge of a playlist's items (the slot type only, until the merge lands)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BaseSlot:
    """One slot of the remote playlist at the last sync: its URI (None when it has none)
    and the local item it is."""

    uri: str | None
    item_id: str
