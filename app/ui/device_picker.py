"""Choosing the Spotify device that plays: the person's phone, computer or speaker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from app.ui.theme import PALETTE

HINT = "Open Spotify on your phone or computer, then pick it here."
DEVICE_ROLE = Qt.ItemDataRole.UserRole + 1


class DevicePicker(QDialog):
    """Non-modal; the list is filled by the caller once the devices are known."""

    refresh_requested = Signal()
    picked = Signal(object)  # Device

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("devicePicker")
        self.setWindowTitle("Play on Spotify Device")
        self.hint = QLabel(HINT, self)
        self.hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("deviceList")
        self.list.setAccessibleName("Spotify devices")
        self.list.itemDoubleClicked.connect(lambda _item: self._pick())
        self.list.currentItemChanged.connect(lambda *_: self._refresh_buttons())
        buttons = QDialogButtonBox(self)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.play_button = QPushButton("Play Here", self)
        self.play_button.setObjectName("primary")
        self.play_button.setDefault(True)
        self.play_button.clicked.connect(self._pick)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.play_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(480, 300)
        self.show_looking()

    def show_looking(self) -> None:
        self.list.clear()
        self.list.addItem(QListWidgetItem("Looking for your devices…"))
        self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._refresh_buttons()

    def show_devices(self, devices) -> None:
        self.list.clear()
        if not devices:
            item = QListWidgetItem("No device found. " + HINT)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        for device in devices:
            label = f"{device.name}  ·  {device.type}"
            if device.is_active:
                label += "  ·  playing here"
            item = QListWidgetItem(label)
            item.setData(DEVICE_ROLE, device)
            if device.is_restricted:
                item.setText(label + "  ·  restricted")
                item.setToolTip("This device does not take commands from other apps")
                item.setForeground(QColor(PALETTE["muted"]))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
            if device.is_active and not device.is_restricted:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            for row in range(self.list.count()):
                if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                    self.list.setCurrentRow(row)
                    break
        self._refresh_buttons()

    def show_failure(self, text: str) -> None:
        self.list.clear()
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.list.addItem(item)
        self._refresh_buttons()

    def devices(self) -> list:
        return [
            self.list.item(r).data(DEVICE_ROLE)
            for r in range(self.list.count())
            if self.list.item(r).data(DEVICE_ROLE) is not None
        ]

    def select(self, name: str) -> bool:
        for row in range(self.list.count()):
            device = self.list.item(row).data(DEVICE_ROLE)
            if device is not None and device.name == name:
                self.list.setCurrentRow(row)
                return True
        return False

    def _current(self):
        item = self.list.currentItem()
        return item.data(DEVICE_ROLE) if item is not None else None

    def _refresh_buttons(self) -> None:
        device = self._current()
        self.play_button.setEnabled(device is not None and not device.is_restricted)

    def _pick(self) -> None:
        device = self._current()
        if device is not None and not device.is_restricted:
            self.picked.emit(device)
