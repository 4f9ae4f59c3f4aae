"""Which texts in a window are cut: labels, buttons and header sections measured with font metrics.

A text fits when its advance (the font's width of the whole string) is at most the room
the widget's style leaves for it: a label's contents, a button's contents inside its
border and padding (less a drop-down arrow that lies in that room, and an icon), a check
box's text area, a header section as wide as the style's measure of its text.  Table cells
are not measured: their titles are elided on purpose, whole in their tooltips.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import Qt as RichTextCheck
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleFactory,
    QStyleOptionButton,
    QStyleOptionHeader,
    QToolButton,
    QWidget,
)


def plain(text: str) -> str:
    """A button's text as shown: '&' marks the mnemonic, '&&' is a literal ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _where(widget: QWidget) -> str:
    names = []
    while widget is not None:
        names.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(names[:3]))


def _finding(widget: QWidget, text: str, need: int, have: int) -> dict:
    return {"widget": _where(widget), "text": text, "need": need, "have": have}


def _label(label: QLabel) -> list[dict]:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    room = label.contentsRect().adjusted(
        label.margin(), label.margin(), -label.margin(), -label.margin()
    )
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and RichTextCheck.mightBeRichText(text)
    )
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(room.width())
            need = round(doc.size().height())
            return [_finding(label, text, need, room.height())] if need > room.height() else []
        need = round(doc.idealWidth())
    elif label.wordWrap():
        flags = int(Qt.TextFlag.TextWordWrap)
        need = label.fontMetrics().boundingRect(QRect(0, 0, room.width(), 100000), flags, text)
        if need.height() > room.height():
            return [_finding(label, text, need.height(), room.height())]
        return []
    else:
        need = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    return [_finding(label, text, need, room.width())] if need > room.width() else []


def _menu_arrow_width(button: QAbstractButton) -> int:
    """The drop-down arrow drawn inside a button with a menu (none when it has its own part)."""
    if isinstance(button, QToolButton):
        inside = button.menu() is not None and button.popupMode() != (
            QToolButton.ToolButtonPopupMode.MenuButtonPopup
        )
    else:
        inside = isinstance(button, QPushButton) and button.menu() is not None
    if not inside:
        return 0
    return QStyleFactory.create("Fusion").pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)


def _button(button: QAbstractButton) -> list[dict]:
    text = plain(button.text())
    if not text:
        return []
    if (
        isinstance(button, QToolButton)
        and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        and not button.icon().isNull()
    ):
        return []  # the text is its tooltip
    style = button.style()
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = text
    if isinstance(button, (QCheckBox, QRadioButton)):
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        room = style.subElementRect(element, option, button).width()
        need = button.fontMetrics().horizontalAdvance(text)
        return [_finding(button, text, need, room)] if need > room else []
    contents = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    need = button.fontMetrics().horizontalAdvance(text)
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    arrow = _menu_arrow_width(button)
    right_padding = button.width() - contents.right() - 1
    if arrow and right_padding < arrow + 2:  # the arrow lies in the text's room
        need += arrow
    return [_finding(button, text, need, contents.width())] if need > contents.width() else []


def _header(header: QHeaderView) -> list[dict]:
    model = header.model()
    if model is None:
        return []
    found = []
    style = header.style()
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        text = str(text)
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.section = section
        option.text = text
        option.fontMetrics = header.fontMetrics()
        # The style's own measure: the text's advance, the section's padding and margins.
        need = style.sizeFromContents(
            QStyle.ContentsType.CT_HeaderSection, option, QSize(), header
        ).width()
        have = header.sectionSize(section)
        if need > have:
            found.append(_finding(header, text, need, have))
    return found


def cut_texts(root: QWidget) -> list[dict]:
    """Every visible label, button and header section under ``root`` whose text is cut."""
    found: list[dict] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.visibleRegion().isEmpty():
            continue
        if isinstance(widget, QLabel):
            found += _label(widget)
        elif isinstance(widget, QAbstractButton):
            found += _button(widget)
        elif isinstance(widget, QHeaderView):
            found += _header(widget)
    return found
