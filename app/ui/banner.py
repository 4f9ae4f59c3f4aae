"""An in-window message with an action button: errors and warnings without modal boxes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

Action = tuple[str, Callable[[], object]]


class Banner(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName("Message")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setObjectName("bannerText")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self._layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self.close_button = QPushButton("Dismiss", self)
        self.close_button.setAccessibleName("Dismiss message")
        self.close_button.clicked.connect(self.dismiss)
        self._layout.addWidget(self.close_button)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def action_labels(self) -> list[str]:
        return [b.text() for b in self._buttons]

    def trigger(self, label: str) -> None:
        for button in self._buttons:
            if button.text() == label:
                button.click()
                return
        raise KeyError(label)

    def show_message(self, text: str, actions: list[Action] = ()) -> None:
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        self.label.setText(text)
        for position, (label, callback) in enumerate(actions):
            button = QPushButton(label, self)
            button.setObjectName("primary" if position == 0 else "")
            button.clicked.connect(lambda _=False, cb=callback: (self.dismiss(), cb()))
            self._layout.insertWidget(1 + position, button)
            self._buttons.append(button)
        self.show()

    def add_action(self, label: str, callback: Callable[[], object]) -> None:
        """One more button on the message shown now (an offer that follows a report)."""
        button = QPushButton(label, self)
        button.clicked.connect(lambda _=False: (self.dismiss(), callback()))
        self._layout.insertWidget(1 + len(self._buttons), button)
        self._buttons.append(button)

    def dismiss(self) -> None:
        self.hide()
