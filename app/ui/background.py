"""One way to run slow work off the GUI thread and bring its result back to it.

In the spirit of Anki's ``QueryOp``: ``runner.run(work, on_success=...)`` calls ``work``
on a worker thread with a :class:`CancelToken` and a progress callback, then calls
``on_success(result)`` or ``on_failure(error)`` on the GUI thread.  Every network action
of the window goes through here, so no Spotify call ever runs on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.tasks import CancelToken, Progress

log = logging.getLogger(__name__)

Work = Callable[[CancelToken, Callable[[Progress], None]], Any]


class _Worker(QObject):
    progressed = Signal(object)
    finished = Signal(object, object)  # result, error

    def __init__(self, work: Work, cancel: CancelToken):
        super().__init__()
        self._work = work
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._cancel, self.progressed.emit)
        except BaseException as error:
            self.finished.emit(None, error)
        else:
            self.finished.emit(result, None)


class Task(QObject):
    """A running piece of background work; ``cancel()`` asks it to stop between requests.

    It lives on the GUI thread, so the worker's signals reach its slots there (queued).
    """

    progressed = Signal(object)  # Progress, on the GUI thread
    done = Signal()

    def __init__(self, label: str, on_success, on_failure, runner: BackgroundRunner):
        super().__init__(runner)
        self.label = label
        self.cancel_token = CancelToken()
        self.finished = False
        self._on_success, self._on_failure, self._runner = on_success, on_failure, runner
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.cancelled

    def _start(self, work: Work) -> None:
        self._thread = QThread()
        self._thread.setObjectName(f"drive-playlist: {self.label}")
        self._worker = _Worker(work, self.cancel_token)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.finished.connect(self._finish)
        self._thread.start()

    def _join(self, timeout_ms: int) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)

    @Slot(object, object)
    def _finish(self, result: Any, error: BaseException | None) -> None:
        self._join(10_000)
        self.finished = True
        runner = self._runner
        runner._running.discard(self)
        try:
            if error is None:
                if self._on_success is not None:
                    self._on_success(result)
            elif self._on_failure is not None:
                self._on_failure(error)
            elif runner.default_failure is not None:
                runner.default_failure(error)
            else:
                log.error("background task %r failed: %s", self.label, error)
        finally:
            self.done.emit()
            runner.task_finished.emit(self)
            if self._worker is not None:
                self._worker.deleteLater()
            if self._thread is not None:
                self._thread.deleteLater()


class BackgroundRunner(QObject):
    """Starts tasks on their own threads and keeps them alive until they end."""

    task_started = Signal(object)  # Task
    task_finished = Signal(object)  # Task

    def __init__(self, parent=None):
        super().__init__(parent)
        self._running: set[Task] = set()
        self.default_failure: Callable[[BaseException], None] | None = None

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def tasks(self) -> list[Task]:
        return list(self._running)

    def run(
        self,
        label: str,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        task = Task(label, on_success, on_failure, self)
        self._running.add(task)
        self.task_started.emit(task)
        task._start(work)
        return task

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait_all(self, timeout_ms: int = 10_000) -> None:
        """At exit: ask every task to stop and wait for its thread, so none dies mid-write."""
        self.cancel_all()
        for task in list(self._running):
            task._join(timeout_ms)


def is_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
