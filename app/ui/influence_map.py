"""The influence map: the dossier's graph drawn on a zoomable, pannable canvas.

Nodes and edges are plain graphics items painted from the theme's map colours.  Labels
are skipped when zoomed far out (they would be unreadable specks and cost most of the
painting on a large dossier), and each item keeps its last rendering while only the
view moves.  The map tells the window what was clicked; the window tells the map what
is selected, filtered out or playing.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSaveFile, Qt, Signal
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
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyleOptionGraphicsItem,
    QToolButton,
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
KIND_NAMES = {
    NodeKind.ALBUM: "Album / film",
    NodeKind.TRACK: "Album track",
    NodeKind.FILM: "Influence: film",
    NodeKind.INFLUENCE_TRACK: "Influence: recording",
    NodeKind.PERSON: "Person",
}
# How each relation is drawn: a theme colour and a line style.
EDGE_STYLE = {
    Relation.ON_ALBUM: ("edge", Qt.PenStyle.SolidLine),
    Relation.SHAPED: ("edge_shaped", Qt.PenStyle.SolidLine),
    Relation.SAME_SONG: ("edge_shaped", Qt.PenStyle.DotLine),
    Relation.RELATED: ("edge", Qt.PenStyle.DotLine),
    Relation.QUOTED_ABOUT: ("edge_quote", Qt.PenStyle.DashLine),
    Relation.DIRECTED: ("person", Qt.PenStyle.DashDotLine),
    Relation.WROTE: ("person", Qt.PenStyle.DashDotLine),
    Relation.MUSIC: ("person", Qt.PenStyle.DashDotLine),
    Relation.CREDITED_ON: ("edge", Qt.PenStyle.DashLine),
}
LEGEND_EDGES = (
    ("shaped", Relation.SHAPED),
    ("quoted about", Relation.QUOTED_ABOUT),
    ("made the film", Relation.DIRECTED),
    ("on the album / credited", Relation.ON_ALBUM),
)
LABEL_WIDTH = {NodeKind.TRACK: 190.0}  # elided beyond this; others below their node
SPARSE_LABEL_WIDTH = 170.0
LABELS_FROM = 0.45  # zoom below which labels are not drawn
DIMMED = 0.2
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.02, 6.0)
MAX_PNG_SIDE = 8000


def _colour(name: str) -> QColor:
    return QColor(MAP_COLOURS.get(name) or PALETTE[name])


class NodeItem(QGraphicsItem):
    """A dot in its kind's colour with its label: right of a track, under anything else."""

    def __init__(self, node: Node, pos: tuple[float, float], font: QFont, metrics: QFontMetricsF):
        super().__init__()
        self.node = node
        self.radius = RADIUS[node.kind]
        self.fill = _colour(node.kind.value)
        self.font = font
        self.emphasis = 0  # 0 plain, 1 a neighbour of the selection, 2 selected
        self.playing = False
        self.setPos(QPointF(*pos))
        self.setZValue(2)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(f"{node.label}\n{node.detail}" if node.detail else node.label)
        r = self.radius
        if node.kind in LABEL_WIDTH:
            self.label = metrics.elidedText(
                node.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH[node.kind]
            )
            width = metrics.horizontalAdvance(self.label)
            self.label_rect = QRectF(r + 6, -metrics.height() / 2, width + 2, metrics.height())
        else:
            self.label = metrics.elidedText(
                node.label, Qt.TextElideMode.ElideRight, SPARSE_LABEL_WIDTH
            )
            width = metrics.horizontalAdvance(self.label) + 2
            self.label_rect = QRectF(-width / 2, r + 3, width, metrics.height())
        dot = QRectF(-r, -r, 2 * r, 2 * r)
        glow = dot.adjusted(-r - 8, -r - 8, r + 8, r + 8)
        self._bounds = dot.united(self.label_rect).united(glow).adjusted(-3, -3, 3, 3)
        self._shape = QPainterPath()
        self._shape.addEllipse(dot.adjusted(-3, -3, 3, 3))
        self._shape.addRect(self.label_rect)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def anchor(self, toward: QPointF) -> QPointF:
        """Where an edge towards ``toward`` leaves: past a track's label on its right."""
        here = self.pos()
        if toward.x() > here.x() + 1 and self.node.kind in LABEL_WIDTH:
            return QPointF(here.x() + self.label_rect.right() + 4, here.y())
        if abs(toward.x() - here.x()) <= 1:
            down = 1 if toward.y() > here.y() else -1
            return QPointF(here.x(), here.y() + down * self.radius)
        side = 1 if toward.x() > here.x() else -1
        return QPointF(here.x() + side * self.radius, here.y())

    def set_state(self, emphasis: int, playing: bool) -> None:
        if (emphasis, playing) != (self.emphasis, self.playing):
            self.emphasis, self.playing = emphasis, playing
            self.setZValue(3 if emphasis or playing else 2)
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        r = self.radius
        if self.playing:  # the hook playback uses: a soft halo round the node
            glow = QRadialGradient(QPointF(0, 0), r + 14)
            colour = _colour("glow")
            glow.setColorAt(0.0, colour)
            colour.setAlpha(0)
            glow.setColorAt(1.0, colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(glow))
            painter.drawEllipse(QPointF(0, 0), r + 14, r + 14)
        if self.emphasis == 2:
            painter.setPen(QPen(_colour("text"), 3))
        elif self.emphasis == 1:
            painter.setPen(QPen(_colour("accent"), 2))
        else:
            painter.setPen(QPen(_colour("bg"), 1.5))
        painter.setBrush(self.fill)
        painter.drawEllipse(QPointF(0, 0), r, r)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod >= LABELS_FROM or self.emphasis:
            painter.setFont(self.font)
            painter.setPen(_colour("accent" if self.emphasis == 2 else "text"))
            align = (
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                if self.node.kind in LABEL_WIDTH
                else Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            )
            painter.drawText(self.label_rect, align, self.label)


class EdgeItem(QGraphicsItem):
    """A curve between two nodes, styled by its main relation; its tooltip names them all."""

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem):
        super().__init__()
        self.edge = edge
        self.source, self.target = source, target
        colour_name, style = EDGE_STYLE[edge.relation]
        self.colour = _colour(colour_name)
        self.style = style
        self.strong = False
        self.setZValue(0)
        self.setAcceptHoverEvents(True)
        relations = ", ".join(r.value for r in edge.relations)
        self.setToolTip(f"{source.node.label} — {relations} — {target.node.label}")
        start = source.anchor(target.pos())
        end = target.anchor(source.pos())
        self.path = QPainterPath(start)
        dx = (end.x() - start.x()) / 2
        if abs(dx) < 1:
            self.path.lineTo(end)
        else:
            self.path.cubicTo(start.x() + dx, start.y(), end.x() - dx, end.y(), end.x(), end.y())
        self._bounds = self.path.boundingRect().adjusted(-4, -4, 4, 4)
        self._shape: QPainterPath | None = None

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:  # only hovering asks: built on first need
            stroker = QPainterPathStroker()
            stroker.setWidth(7)
            self._shape = stroker.createStroke(self.path)
        return self._shape

    def set_strong(self, strong: bool) -> None:
        if strong != self.strong:
            self.strong = strong
            self.setZValue(1 if strong else 0)
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        colour = QColor(self.colour)
        if not self.strong:
            colour.setAlphaF(0.55)
        pen = QPen(colour, 2.2 if self.strong else 1.1, self.style)
        pen.setCosmetic(not self.strong)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)


class MapView(QGraphicsView):
    """Wheel zooms about the pointer, dragging pans; a click names the node under it."""

    node_clicked = Signal(str)
    node_double_clicked = Signal(str)

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

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        low, high = ZOOM_RANGE
        factor = max(low / self.zoom(), min(high / self.zoom(), factor))
        self.scale(factor, factor)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
            event.accept()

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and isinstance(item, NodeItem):
            self.node_clicked.emit(item.node.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and isinstance(item, NodeItem):
            self.node_double_clicked.emit(item.node.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def _legend() -> QWidget:
    """The kinds' dots and the relations' lines, as small pictures beside their names."""
    from PySide6.QtGui import QPixmap

    legend = QWidget()
    legend.setObjectName("mapLegend")
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

    def add(draw, text: str) -> None:
        pair = QHBoxLayout()
        pair.setSpacing(3)
        pair.addWidget(swatch(draw))
        name = QLabel(text)
        name.setObjectName("subtle")
        pair.addWidget(name)
        row.addLayout(pair)

    for kind, name in KIND_NAMES.items():

        def dot(painter, kind=kind):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_colour(kind.value))
            painter.drawEllipse(QPointF(11, 7), 5.5, 5.5)

        add(dot, name)
    for name, relation in LEGEND_EDGES:
        colour_name, style = EDGE_STYLE[relation]

        def line(painter, colour_name=colour_name, style=style):
            painter.setPen(QPen(_colour(colour_name), 2, style))
            painter.drawLine(1, 7, 21, 7)

        add(line, name)
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
        self.edges: list[EdgeItem] = []
        self._edges_at: dict[str, list[EdgeItem]] = {}
        self.selected: str | None = None
        self.playing: str | None = None
        self.hidden: set[str] = set()  # node ids dimmed by the filter
        self._populate()
        self.view = MapView(self.scene, self)
        self.view.node_clicked.connect(self._on_node_clicked)
        self.view.node_double_clicked.connect(self._on_node_double_clicked)
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
        for edge in self.graph.edges:
            item = EdgeItem(edge, self.nodes[edge.source], self.nodes[edge.target])
            self.edges.append(item)
            self._edges_at.setdefault(edge.source, []).append(item)
            self._edges_at.setdefault(edge.target, []).append(item)
            self.scene.addItem(item)
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
        fit.setText("Fit")
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

    # -- what the window tells the map -------------------------------------
    def fit(self) -> None:
        self.view.fitInView(self.picture_rect, Qt.AspectRatioMode.KeepAspectRatio)
        low, high = ZOOM_RANGE
        if not low <= self.view.zoom() <= high:
            self.view.zoom_by(1.0)

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
        self.hidden = hidden
        for node_id, item in self.nodes.items():
            item.setOpacity(DIMMED if node_id in hidden else 1.0)
        for edge in self.edges:
            dim = edge.edge.source in hidden or edge.edge.target in hidden
            edge.setOpacity(DIMMED if dim else 1.0)

    def set_playing(self, entry_id: str | None) -> None:
        """Make the node of the entry being played glow (None: nothing plays)."""
        node_id = entry_node_id(entry_id) if entry_id else None
        if node_id not in self.nodes:
            node_id = None
        previous, self.playing = self.playing, node_id
        for changed in {previous, node_id} - {None}:
            self._restyle(changed)

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
        for edges in (self._edges_at.get(n, []) for n in before | after):
            for edge in edges:
                edge.set_strong(
                    node_id is not None and node_id in (edge.edge.source, edge.edge.target)
                )
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
        self.nodes[node_id].set_state(emphasis, node_id == self.playing)

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
        self.scene.render(painter, target, self.picture_rect)

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
