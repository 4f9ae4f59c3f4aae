"""The influence map: the dossier's graph drawn on a zoomable, pannable canvas.

Nodes and edges are Qt's own graphics items, styled from the theme's map colours, so
painting runs no Python.  Level of detail keeps a large dossier smooth: far out, labels
and outlines are dropped, and edges are drawn only while few enough are in view.  (Item
caching was tried: every zoom step re-rendered each cache, which made zooming slower.)
The map tells the window what was clicked; the window tells the map what is selected,
filtered out or playing.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSaveFile,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.core.dossier import Dossier
from app.core.graph_layout import map_of
from app.core.influence_graph import ALBUM_ID, Edge, Node, NodeKind, Relation, entry_node_id
from app.ui.map_dock import ViewActions
from app.ui.theme import MAP_COLOURS, PALETTE

RADIUS = {
    NodeKind.ALBUM: 15.0,
    NodeKind.TRACK: 6.5,
    NodeKind.FILM: 10.0,
    NodeKind.INFLUENCE_TRACK: 10.0,
    NodeKind.PERSON: 8.0,
}
KIND_NAMES = {  # short, for the legend; the tooltip says it whole
    NodeKind.ALBUM: ("Album", "The album, standing for the film too"),
    NodeKind.TRACK: ("Track", "A track of the album"),
    NodeKind.FILM: ("Film", "An influence: a film"),
    NodeKind.INFLUENCE_TRACK: ("Recording", "An influence: a recording"),
    NodeKind.PERSON: ("Person", "Someone quoted, or credited with a film or a track"),
}
# How each relation is drawn: a theme colour and a line style.
EDGE_STYLE = {
    Relation.ON_ALBUM: ("edge", Qt.PenStyle.SolidLine),
    Relation.SHAPED: ("edge_shaped", Qt.PenStyle.SolidLine),
    Relation.SAME_SONG: ("edge_shaped", Qt.PenStyle.DotLine),
    Relation.RELATED: ("edge", Qt.PenStyle.DotLine),
    Relation.QUOTED_ABOUT: ("edge_quote", Qt.PenStyle.DashLine),
    Relation.DIRECTED: ("person", Qt.PenStyle.SolidLine),
    Relation.WROTE: ("person", Qt.PenStyle.SolidLine),
    Relation.MUSIC: ("person", Qt.PenStyle.SolidLine),
    Relation.CREDITED_ON: ("edge", Qt.PenStyle.DashLine),
}
# Relations drawn alike share their pens: keyed by the first of them.
EDGE_STYLE_OF = {
    relation: next(r for r in EDGE_STYLE if EDGE_STYLE[r] == style)
    for relation, style in EDGE_STYLE.items()
}
LEGEND_EDGES = (
    ("shaped", "An influence shaped a track (dotted: the same song)", Relation.SHAPED),
    ("quoted", "Quoted about it", Relation.QUOTED_ABOUT),
    ("made", "Directed, wrote or scored it", Relation.DIRECTED),
    ("on the album", "On the album (dashed: credited on the track)", Relation.ON_ALBUM),
)
TRACK_LABEL_WIDTH = 190.0  # elided beyond this, right of the dot
SPARSE_LABEL_WIDTH = 170.0  # under the dot
LABELS_FROM = 0.45  # zoom below which labels are not drawn
READABLE_ZOOM = 0.6  # a first look zooms out no further: a larger map opens on its focus
DIMMED = 0.2
EDGE_BUDGET = 350  # edges in view beyond which only the selection's are drawn
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.02, 6.0)
MAX_PNG_SIDE = 8000


def _colour(name: str) -> QColor:
    return QColor(MAP_COLOURS.get(name) or PALETTE[name])


def _pen(name: str, width: float) -> QPen:
    pen = QPen(_colour(name), width)
    pen.setCosmetic(True)
    return pen


_PLAIN_PEN = _pen("bg", 1.0)
_NO_PEN = QPen(Qt.PenStyle.NoPen)
_NEIGHBOUR_PEN = _pen("accent", 1.6)  # thin: the kind's colour still shows
_SELECTED_PEN = _pen("text", 3.0)


class NodeItem(QGraphicsEllipseItem):
    """A dot in its kind's colour with its label: right of a track, under anything else.

    Qt's own items paint in C++: nothing of the map runs Python while it is drawn.
    """

    def __init__(self, node: Node, pos: tuple[float, float], font: QFont, metrics: QFontMetricsF):
        r = RADIUS[node.kind]
        super().__init__(QRectF(-r, -r, 2 * r, 2 * r))
        self.node = node
        self.radius = r
        self.emphasis = 0  # 0 plain, 1 a neighbour of the selection, 2 selected
        self.detailed = True
        self.glow: QGraphicsEllipseItem | None = None
        self.setPos(QPointF(*pos))
        self.setZValue(2)
        self.setBrush(_colour(node.kind.value))
        self.setPen(_PLAIN_PEN)
        self.setToolTip(f"{node.label}\n{node.detail}" if node.detail else node.label)
        label_width = TRACK_LABEL_WIDTH if node.kind == NodeKind.TRACK else SPARSE_LABEL_WIDTH
        text = metrics.elidedText(node.label, Qt.TextElideMode.ElideRight, label_width)
        self.label = QGraphicsSimpleTextItem(text, self)
        self.label.setFont(font)
        self.label.setBrush(_colour("text"))
        width = metrics.horizontalAdvance(text)
        if node.kind == NodeKind.TRACK:
            self.label.setPos(r + 6, -metrics.height() / 2)
            self.label_right = r + 6 + width
        else:
            self.label.setPos(-width / 2, r + 3)
            self.label_right = r

    def anchor(self, toward: QPointF) -> QPointF:
        """Where an edge towards ``toward`` leaves: past a track's label on its right."""
        here = self.pos()
        if abs(toward.x() - here.x()) <= 1:
            down = 1 if toward.y() > here.y() else -1
            return QPointF(here.x(), here.y() + down * self.radius)
        if toward.x() > here.x():
            return QPointF(here.x() + self.label_right + 4, here.y())
        return QPointF(here.x() - self.radius, here.y())

    def set_emphasis(self, emphasis: int) -> None:
        if emphasis == self.emphasis:
            return
        self.emphasis = emphasis
        self._restyle()
        self.label.setBrush(_colour("accent" if emphasis == 2 else "text"))
        self.setZValue(3 if emphasis else 2)

    def set_detailed(self, detailed: bool) -> None:
        """Close enough to read: the label, and the outline that parts touching dots.
        Far out, a dot is a pixel or two, and its outline and label only cost painting."""
        if detailed != self.detailed:
            self.detailed = detailed
            self._restyle()

    def _restyle(self) -> None:
        plain = _PLAIN_PEN if self.detailed else _NO_PEN
        self.setPen((plain, _NEIGHBOUR_PEN, _SELECTED_PEN)[self.emphasis])
        self.label.setVisible(self.detailed or self.emphasis > 0)

    def set_glowing(self, glowing: bool) -> None:
        """The hook playback uses: a soft halo round the node of what is playing."""
        if self.glow is None:
            r = self.radius + 14
            self.glow = QGraphicsEllipseItem(QRectF(-r, -r, 2 * r, 2 * r), self)
            gradient = QRadialGradient(QPointF(0, 0), r)
            colour = _colour("glow")
            gradient.setColorAt(0.0, colour)
            colour.setAlpha(0)
            gradient.setColorAt(1.0, colour)
            self.glow.setBrush(QBrush(gradient))
            self.glow.setPen(Qt.PenStyle.NoPen)
            self.glow.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self.glow.setVisible(glowing)

    @property
    def glowing(self) -> bool:
        return self.glow is not None and self.glow.isVisible()


class EdgeShape:
    """One edge's curve, and the band round it a pointer hovers for its tooltip."""

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem):
        self.edge = edge
        start, end = source.anchor(target.pos()), target.anchor(source.pos())
        self.path = QPainterPath(start)
        dx = (end.x() - start.x()) / 2
        if abs(dx) < 1:
            self.path.lineTo(end)
        else:
            self.path.cubicTo(start.x() + dx, start.y(), end.x() - dx, end.y(), end.x(), end.y())
        self.bounds = self.path.boundingRect().adjusted(-4, -4, 4, 4)
        relations = ", ".join(r.value for r in edge.relations)
        self.tooltip = f"{source.node.label} — {relations} — {target.node.label}"
        if edge.wording:
            self.tooltip += f"\n{edge.wording}"
        self._band: QPainterPath | None = None

    def near(self, point: QPointF) -> bool:
        if not self.bounds.contains(point):
            return False
        if self._band is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8)
            self._band = stroker.createStroke(self.path)
        return self._band.contains(point)


class EdgeLayer:
    """Every edge as one of Qt's path items, restyled only when its state changes.

    Level of detail: while the view would show more than ``EDGE_BUDGET`` edges (a large
    dossier seen whole, where they blur into a mesh and cost most of each frame), only
    the selection's edges are drawn; the rest come back as the view closes in.
    """

    def __init__(self, scene: QGraphicsScene, shapes: list[EdgeShape]):
        self.shapes = shapes
        self.items: list[QGraphicsPathItem] = []
        self.states: list[str] = []
        self.strong: set[int] = set()
        self.all_shown = True
        self._pens = {
            (relation, state): self._pen(relation, state)
            for relation in set(EDGE_STYLE_OF.values())
            for state in ("plain", "strong")
        }
        for shape in shapes:
            item = QGraphicsPathItem(shape.path)
            item.setPen(self._pens[EDGE_STYLE_OF[shape.edge.relation], "plain"])
            scene.addItem(item)
            self.items.append(item)
            self.states.append("plain")

    @staticmethod
    def _pen(relation: Relation, state: str) -> QPen:
        colour_name, style = EDGE_STYLE[relation]
        colour = _colour(colour_name)
        if state == "plain":
            colour.setAlphaF(0.6)
        pen = QPen(colour, 2.4 if state == "strong" else 1.2, style)
        pen.setCosmetic(True)  # the same hairline at any zoom
        return pen

    def restyle(self, strong: set[int], dimmed: set[int]) -> None:
        self.strong = strong
        for index, item in enumerate(self.items):
            state = "strong" if index in strong else "dimmed" if index in dimmed else "plain"
            if state == self.states[index]:
                continue
            self.states[index] = state
            relation = EDGE_STYLE_OF[self.shapes[index].edge.relation]
            item.setPen(self._pens[relation, "strong" if state == "strong" else "plain"])
            item.setOpacity(DIMMED if state == "dimmed" else 1.0)
            item.setZValue(1 if state == "strong" else 0)
            item.setVisible(self._shown(index))

    def show_within(self, visible: QRectF) -> None:
        """All edges, or (past the budget) only the selection's."""
        count = 0
        for shape in self.shapes:
            if shape.bounds.intersects(visible):
                count += 1
                if count > EDGE_BUDGET:
                    break
        self.set_all_shown(count <= EDGE_BUDGET)

    def set_all_shown(self, all_shown: bool) -> None:
        if all_shown == self.all_shown:
            return
        self.all_shown = all_shown
        for index, item in enumerate(self.items):
            item.setVisible(self._shown(index))

    def _shown(self, index: int) -> bool:
        # A hub's links (the album of a large dossier has hundreds) are a blur too.
        return self.all_shown or (index in self.strong and len(self.strong) <= EDGE_BUDGET)

    def tooltip_at(self, point: QPointF) -> str | None:
        for index, shape in enumerate(self.shapes):
            if self.items[index].isVisible() and shape.near(point):
                return shape.tooltip
        return None


class MapView(QGraphicsView):
    """Wheel zooms about the pointer, dragging pans; a click names the node under it."""

    node_clicked = Signal(str)
    node_double_clicked = Signal(str)
    zoomed = Signal()
    resized = Signal()
    enter_pressed = Signal()

    def __init__(self, scene: QGraphicsScene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("influenceMapView")
        self.setAccessibleName("Influence map")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setBackgroundBrush(_colour("field"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.edge_tooltip = lambda _point: None  # set by the map: the edge under a point
        self.resizing = False

    def node_at(self, pos) -> NodeItem | None:
        item = self.itemAt(pos)
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()  # a label or a glow: its node
        return item

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.node_at(event.pos()) is None:
            text = self.edge_tooltip(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:
        self.resizing = True  # the scroll bars move with the size: not the person's doing
        super().resizeEvent(event)
        self.resizing = False
        self.resized.emit()

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        low, high = ZOOM_RANGE
        factor = max(low / self.zoom(), min(high / self.zoom(), factor))
        self.scale(factor, factor)
        self.zoomed.emit()

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
            event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()  # as in the entry list: add the selected node's tracks
            return
        super().keyPressEvent(event)  # the arrows pan

    def mousePressEvent(self, event) -> None:
        item = self.node_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and item is not None:
            self.node_clicked.emit(item.node.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.node_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and item is not None:
            self.node_double_clicked.emit(item.node.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def _legend() -> QWidget:
    """The kinds' dots and the relations' lines, as small pictures beside their names."""
    from PySide6.QtGui import QPixmap

    legend = QWidget()
    legend.setObjectName("mapLegend")
    # Never the reason the window is wider than the screen: in a narrow window the
    # legend's last names are cut rather than the window stretched.
    legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    row = QHBoxLayout(legend)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(10)

    def swatch(draw) -> QLabel:
        pixmap = QPixmap(22, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter)
        painter.end()
        label = QLabel()
        label.setPixmap(pixmap)
        return label

    def add(draw, text: str, meaning: str) -> None:
        pair = QHBoxLayout()
        pair.setSpacing(3)
        picture = swatch(draw)
        name = QLabel(text)
        name.setObjectName("subtle")
        for widget in (picture, name):
            widget.setToolTip(meaning)
            pair.addWidget(widget)
        row.addLayout(pair)

    for kind, (name, meaning) in KIND_NAMES.items():

        def dot(painter, kind=kind):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_colour(kind.value))
            painter.drawEllipse(QPointF(11, 7), 5.5, 5.5)

        add(dot, name, meaning)
    for name, meaning, relation in LEGEND_EDGES:
        colour_name, style = EDGE_STYLE[relation]

        def line(painter, colour_name=colour_name, style=style):
            painter.setPen(QPen(_colour(colour_name), 2, style))
            painter.drawLine(1, 7, 21, 7)

        add(line, name, meaning)
    row.addStretch(1)
    return legend


class InfluenceMap(QWidget):
    entry_selected = Signal(str)  # a node standing for an entry was clicked
    album_selected = Signal()
    entry_activated = Signal(str)  # double-clicked: add it to the playlist

    def __init__(self, dossier: Dossier, parent=None, view_actions: ViewActions | None = None):
        super().__init__(parent)
        self.setObjectName("influenceMap")
        self.actions_ = view_actions or ViewActions(self)
        self.dossier = dossier
        self.graph, self.layout_ = map_of(dossier)
        self.scene = QGraphicsScene(self)
        self.nodes: dict[str, NodeItem] = {}
        self.selected: str | None = None
        self.playing: str | None = None
        self.hidden: set[str] = set()  # node ids dimmed by the filter
        self._populate()
        self.view = MapView(self.scene, self)
        self.view.edge_tooltip = self.edge_layer.tooltip_at
        self.view.zoomed.connect(self._on_view_moved)
        self.view.resized.connect(self._on_view_resized)
        self.view.horizontalScrollBar().valueChanged.connect(self._on_view_moved)
        self.view.verticalScrollBar().valueChanged.connect(self._on_view_moved)
        self.view.node_clicked.connect(self._on_node_clicked)
        self.view.node_double_clicked.connect(self._on_node_double_clicked)
        self.view.enter_pressed.connect(
            lambda: self.selected and self._on_node_double_clicked(self.selected)
        )
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self._build_ui()
        self._fitted_once = False

    # -- construction ------------------------------------------------------
    def _populate(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(9.5)
        metrics = QFontMetricsF(font)
        positions = self.layout_.positions
        for node in self.graph.nodes:
            item = NodeItem(node, positions[node.id], font, metrics)
            self.nodes[node.id] = item
            self.scene.addItem(item)
        shapes = [
            EdgeShape(edge, self.nodes[edge.source], self.nodes[edge.target])
            for edge in self.graph.edges
        ]
        self._edges_at: dict[str, set[int]] = {}
        for index, edge in enumerate(self.graph.edges):
            self._edges_at.setdefault(edge.source, set()).add(index)
            self._edges_at.setdefault(edge.target, set()).add(index)
        self.edge_layer = EdgeLayer(self.scene, shapes)
        self._labels_shown = True
        self._fitting = self._kept_fitted = False
        self._redraw_edges()
        bounds = self.scene.itemsBoundingRect()
        self.picture_rect = bounds.adjusted(-20, -20, 20, 20)
        # Room around the picture, so it can be panned at any zoom, even when it fits.
        w, h = bounds.width(), bounds.height()
        self.scene.setSceneRect(bounds.adjusted(-w, -h, w, h))

    def _build_ui(self) -> None:
        actions = self.actions_
        self.fit_action = actions.fit
        self.zoom_in_action = actions.zoom_in
        self.zoom_out_action = actions.zoom_out
        self.fit_action.triggered.connect(self.fit)
        self.zoom_in_action.triggered.connect(lambda: self.view.zoom_by(ZOOM_STEP))
        self.zoom_out_action.triggered.connect(lambda: self.view.zoom_by(1 / ZOOM_STEP))
        for action in (self.fit_action, self.zoom_in_action, self.zoom_out_action):
            self.addAction(action)  # their keys act while the map has focus
        self.export_svg_action = QAction("Export as &SVG…", self)
        self.export_svg_action.triggered.connect(lambda: self.export_with_dialog("svg"))
        self.export_png_action = QAction("Export as &PNG…", self)
        self.export_png_action.triggered.connect(lambda: self.export_with_dialog("png"))

        fit = QToolButton(self)
        fit.setDefaultAction(self.fit_action)
        export = QToolButton(self)
        export.setText("Export")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction(self.export_svg_action)
        menu.addAction(self.export_png_action)
        export.setMenu(menu)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(_legend(), 1)
        top.addWidget(fit)
        top.addWidget(export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted_once:
            self._fitted_once = True
            self.fit()
            if self.view.zoom() < READABLE_ZOOM:  # too small to read: close in on the focus
                self.view.zoom_by(READABLE_ZOOM / self.view.zoom())
                self.view.centerOn(self.nodes[self.selected or ALBUM_ID])

    # -- what the window tells the map -------------------------------------
    def fit(self) -> None:
        """The whole map in view; it stays fitted as the view resizes, until zoomed or moved."""
        self._fitting = True
        self.view.fitInView(self.picture_rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.view.zoom_by(1.0)  # back within the zoom range, and labels as the zoom allows
        self._fitting = False
        self._kept_fitted = True

    def select_entry(self, entry_id: str | None) -> None:
        self._select(entry_node_id(entry_id) if entry_id else None)

    def select_album(self) -> None:
        self._select(ALBUM_ID)

    def set_hidden_entries(self, entry_ids: set[str]) -> None:
        """Dim what the filter hides: those entries, and people or the album left with
        nothing shown to link to."""
        hidden = {entry_node_id(e) for e in entry_ids if entry_node_id(e) in self.nodes}
        if hidden:
            for node in self.graph.nodes:
                if node.entry_id is None:
                    around = self.graph.neighbours(node.id)
                    entries = [n for n in around if self.nodes[n].node.entry_id]
                    if entries and all(n in hidden for n in entries):
                        hidden.add(node.id)
        if hidden == self.hidden:
            return
        for node_id in hidden ^ self.hidden:
            self.nodes[node_id].setOpacity(DIMMED if node_id in hidden else 1.0)
        self.hidden = hidden
        self._redraw_edges()

    def set_playing(self, entry_id: str | None) -> None:
        """Make the node of the entry being played glow (None: nothing plays)."""
        node_id = entry_node_id(entry_id) if entry_id else None
        if node_id not in self.nodes:
            node_id = None
        if self.playing is not None:
            self.nodes[self.playing].set_glowing(False)
        self.playing = node_id
        if node_id is not None:
            self.nodes[node_id].set_glowing(True)

    # -- internals ---------------------------------------------------------
    def _select(self, node_id: str | None) -> None:
        if node_id not in self.nodes:
            node_id = None
        if node_id == self.selected:
            return
        before = self._around(self.selected)
        self.selected = node_id
        after = self._around(node_id)
        for changed in before | after:
            self._restyle(changed)
        self._redraw_edges()
        if node_id is not None:
            item = self.nodes[node_id]
            if not self.view.viewport().rect().contains(self.view.mapFromScene(item.pos())):
                self.view.centerOn(item)

    def _around(self, node_id: str | None) -> set[str]:
        return {node_id} | self.graph.neighbours(node_id) if node_id else set()

    def _restyle(self, node_id: str) -> None:
        if node_id == self.selected:
            emphasis = 2
        elif self.selected and node_id in self.graph.neighbours(self.selected):
            emphasis = 1
        else:
            emphasis = 0
        self.nodes[node_id].set_emphasis(emphasis)

    def _redraw_edges(self) -> None:
        strong = self._edges_at.get(self.selected, set()) if self.selected else set()
        dimmed = set()
        for node_id in self.hidden:
            dimmed |= self._edges_at.get(node_id, set())
        self.edge_layer.restyle(strong, dimmed)

    def _on_view_resized(self) -> None:
        if self._kept_fitted:
            self.fit()
        else:
            self._on_view_moved()

    def _on_view_moved(self, *_args) -> None:
        """Labels only where they can be read (far out they are specks, and on a large
        dossier most of the painting), edges only as many as stay legible."""
        if not (self._fitting or self.view.resizing):
            self._kept_fitted = False
        self._set_labels(self.view.zoom() >= LABELS_FROM)
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        self.edge_layer.show_within(visible)

    def _set_labels(self, shown: bool) -> None:
        if shown == self._labels_shown:
            return
        self._labels_shown = shown
        for item in self.nodes.values():
            item.set_detailed(shown)

    def _on_node_clicked(self, node_id: str) -> None:
        node = self.nodes[node_id].node
        self._select(node_id)
        if node.entry_id:
            self.entry_selected.emit(node.entry_id)
        elif node.kind == NodeKind.ALBUM:
            self.album_selected.emit()

    def _on_node_double_clicked(self, node_id: str) -> None:
        node = self.nodes[node_id].node
        if node.entry_id:
            self.entry_activated.emit(node.entry_id)

    def _on_context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.fit_action, self.zoom_in_action, self.zoom_out_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_svg_action)
        menu.addAction(self.export_png_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- export ------------------------------------------------------------
    def _render(self, painter: QPainter, target: QRectF) -> None:
        painter.fillRect(target, _colour("field"))
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        labels_shown, edges_shown = self._labels_shown, self.edge_layer.all_shown
        self._set_labels(True)  # an exported picture is read at any size: all of it
        self.edge_layer.set_all_shown(True)
        self.scene.render(painter, target, self.picture_rect)
        self._set_labels(labels_shown)
        self.edge_layer.set_all_shown(edges_shown)

    def svg_bytes(self) -> bytes:
        from PySide6.QtSvg import QSvgGenerator

        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        rect = self.picture_rect
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(rect.size().toSize())
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        film = self.dossier.film
        generator.setTitle(f"Influence map: {film.title} ({film.year})")
        generator.setDescription("The dossier's music, influences and people")
        painter = QPainter(generator)
        self._render(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.end()
        return bytes(buffer.data())

    def png_bytes(self) -> bytes:
        rect = self.picture_rect
        scale = min(2.0, MAX_PNG_SIDE / max(rect.width(), rect.height(), 1))
        image = QImage(
            int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32
        )
        painter = QPainter(image)
        self._render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data)

    def export(self, path: str) -> None:
        """Write the map to ``path`` (SVG or PNG by its ending), whole or not at all."""
        data = self.svg_bytes() if path.lower().endswith(".svg") else self.png_bytes()
        out = QSaveFile(path)
        if not (out.open(QIODevice.OpenModeFlag.WriteOnly) and out.write(data) == len(data)):
            out.cancelWriting()
            raise OSError(out.errorString())
        if not out.commit():
            raise OSError(out.errorString())

    def export_with_dialog(self, kind: str) -> str | None:
        film = self.dossier.film
        suggested = f"{film.title} influence map.{kind}"
        name_filter = "SVG pictures (*.svg)" if kind == "svg" else "PNG pictures (*.png)"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the influence map", suggested, name_filter
        )
        if not path:
            return None
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            self.export(path)
        except OSError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Export failed", f"Could not write {path}: {error}")
            return None
        return path
