"""Progress of background work in the status bar, with Cancel and a rate-limit countdown."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.core.tasks import Progress
from app.ui.background import Task


class TaskStatus(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("taskStatus")
        self.label = QLabel(self)
        self.label.setObjectName("taskLabel")
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Progress")
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the running task")
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.task: Task | None = None
        self.hide()

    def follow(self, task: Task) -> None:
        self.task = task
        self.label.setText(f"{task.label}…")
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        task.progressed.connect(self.show_progress)
        task.done.connect(self._on_done)
        self.show()

    def show_progress(self, progress: Progress) -> None:
        if progress.wait is not None and progress.wait > 0:
            self.label.setText(
                f"Spotify asked us to slow down — continuing in {round(progress.wait)} s"
            )
        else:
            text = progress.message or (self.task.label if self.task else "")
            self.label.setText(text)
        if progress.total > 0:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
            self.bar.setFormat(f"{progress.done} / {progress.total}")
        else:
            self.bar.setRange(0, 0)

    def _on_cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Stopping…")

    def _on_done(self) -> None:
        self.task = None
        self.hide()
