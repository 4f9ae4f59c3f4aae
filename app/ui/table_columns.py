"""Column widths by what matters: short columns get their content, the rest goes to the texts.

Columns named in ``shares`` (a title, an artist) share the width left over, in proportion,
each first getting what its header needs and none getting more than its content needs
while another still wants more; the first of them takes whatever is left after that.
Every other column gets its content's width (its header's at least), up to its cap.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


def columns_header(view: QTableView | QTreeView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


def fit_columns(table: QAbstractItemView, shares: dict[int, int], caps: dict[int, int]) -> None:
    header = columns_header(table)
    model = table.model()
    if model is None:
        return
    fixed: dict[int, int] = {}
    floor: dict[int, int] = {}
    want: dict[int, int] = {}
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        title = header.sectionSizeHint(col)
        content = max(title, table.sizeHintForColumn(col))
        if col in shares:
            floor[col], want[col] = title, content
        else:
            fixed[col] = max(title, min(content, caps.get(col, content)))
    widths = dict(fixed) | dict(floor)
    # The header is laid out across the viewport, so its width is the viewport's.  Asking
    # for the viewport itself costs the first paint 9 ms: PySide wraps that bare QWidget
    # only after setting up every widget class it might be (bench/startup.py).
    spare = header.width() - sum(widths.values())
    hungry = [col for col in floor if widths[col] < want[col]]
    while spare > 0 and hungry:
        total = sum(shares[col] for col in hungry)
        given = 0
        for col in hungry:
            part = min(spare * shares[col] // total or 1, want[col] - widths[col], spare - given)
            widths[col] += part
            given += part
        spare -= given
        hungry = [col for col in hungry if widths[col] < want[col]]
        if not given:
            break
    if spare > 0 and floor:
        widths[next(iter(floor))] += spare
    for col, width in widths.items():
        if header.sectionSize(col) != width:
            header.resizeSection(col, width)


class ColumnFitter(QObject):
    """Keeps a table's columns fitted: after it is resized and after its rows change.

    Fits are coalesced, one after a burst of edits; ``prepare`` runs first (to hide the
    columns no row fills, say) and ``caps`` is asked each time, as it may follow the font.
    """

    def __init__(
        self,
        table: QTableView | QTreeView,
        shares: dict[int, int],
        caps: Callable[[], dict[int, int]] = dict,
        prepare: Callable[[], None] | None = None,
    ):
        super().__init__(table)
        self.table, self.shares, self.caps, self.prepare = table, shares, caps, prepare
        header = columns_header(table)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(16)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.fit)
        table.installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.timer.start)
        model.dataChanged.connect(self._on_data_changed)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.timer.start()
        return False

    def fit(self) -> None:
        if self.prepare is not None:
            self.prepare()
        fit_columns(self.table, self.shares, self.caps())

    def _on_data_changed(self, _top_left, bottom_right, _roles=()) -> None:
        if bottom_right.column() > 0:  # not only a numbering column
            self.timer.start()
