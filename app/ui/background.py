"""One way to run slow work off the GUI thread and bring its result back to it.

In the spirit of Anki's ``QueryOp`` and task manager: ``runner.run(label, work, on_success,
on_failure)`` calls ``work(cancel, progress)`` on a worker of a thread pool with a
:class:`CancelToken` and a progress callback, then calls ``on_success(result)`` or
``on_failure(error)`` on the GUI thread.  ``runner.run_in_order(...)`` does the same on a
lane of one worker, so file writes (and the reads that must see them) happen one at a time
in the order asked, and their results come back in that order.  Every network action and
file write of the window goes through here, so none of them ever runs on the GUI thread.

A task whose window is gone by the time it ends is dropped quietly: its callbacks would
only touch widgets that no longer exist.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.tasks import CancelToken, Progress

log = logging.getLogger(__name__)

Work = Callable[[CancelToken, Callable[[Progress], None]], Any]

# Enough for everything the window may have under way at once (a sign-in waiting for the
# browser, a sync, a look at the player, a command, a few covers); each waits on the
# network far more than it computes, and an idle worker costs next to nothing.
POOL_WORKERS = 16
WAIT_MS = 10_000


class _Mailbox(QObject):
    """Brings calls from worker threads to the GUI thread, in the order they were posted.

    One for the process and never deleted, so a worker can always post to it; whether the
    call still has a receiver is decided on the GUI thread, where receivers are deleted.
    """

    _posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, call: Callable[[], None]) -> None:
        self._posted.emit(call)

    @Slot(object)
    def _deliver(self, call: Callable[[], None]) -> None:
        call()


_mailbox: _Mailbox | None = None


def _gui_mailbox() -> _Mailbox:
    """Made on the GUI thread, by the first runner, so it delivers there."""
    global _mailbox
    if _mailbox is None:
        _mailbox = _Mailbox()
    return _mailbox


class Task(QObject):
    """A piece of background work under way; ``cancel()`` asks it to stop between requests."""

    progressed = Signal(object)  # Progress, on the GUI thread
    done = Signal()  # after its callback, on the GUI thread

    def __init__(self, label: str, parent: QObject):
        super().__init__(parent)
        self.label = label
        self.cancel_token = CancelToken()
        self.finished = False

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.cancelled


class BackgroundRunner(QObject):
    """Runs the window's tasks on a thread pool, and its ordered ones on a lane of one."""

    task_started = Signal(object)  # Task
    task_finished = Signal(object)  # Task

    def __init__(self, parent=None):
        super().__init__(parent)
        self._mailbox = _gui_mailbox()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            POOL_WORKERS, thread_name_prefix="drive-playlist"
        )
        self._lane = concurrent.futures.ThreadPoolExecutor(
            1, thread_name_prefix="drive-playlist-in-order"
        )
        self._running: dict[Task, concurrent.futures.Future] = {}
        self._in_order: set[Task] = set()
        self.default_failure: Callable[[BaseException], None] | None = None

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def busy_in_order(self) -> bool:
        """Some work asked with ``run_in_order`` has not ended (its callback not yet run)."""
        return bool(self._in_order)

    def tasks(self) -> list[Task]:
        return list(self._running)

    def run(
        self,
        label: str,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        return self._start(self._pool, label, work, on_success, on_failure)

    def run_in_order(
        self,
        label: str,
        work: Work,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """After every ``run_in_order`` work asked before: a later save never loses to an
        earlier one that would finish last, and a read sees every write asked before it."""
        task = self._start(self._lane, label, work, on_success, on_failure)
        self._in_order.add(task)
        return task

    def _start(self, executor, label, work, on_success, on_failure) -> Task:
        task = Task(label, self)
        mailbox, token = self._mailbox, task.cancel_token

        def report(progress: Progress) -> None:  # on the worker
            mailbox.post(lambda: self._report(task, progress))

        def job() -> None:  # on the worker
            try:
                result, error = work(token, report), None
            except BaseException as failure:
                result, error = None, failure
            mailbox.post(lambda: self._finish(task, result, error, on_success, on_failure))

        self._running[task] = executor.submit(job)
        self.task_started.emit(task)
        return task

    def _report(self, task: Task, progress: Progress) -> None:
        if shiboken6.isValid(task):
            task.progressed.emit(progress)

    def _finish(self, task: Task, result, error, on_success, on_failure) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(task)):
            return  # the window is gone: nobody is left to tell
        self._running.pop(task, None)
        self._in_order.discard(task)
        task.finished = True
        try:
            if error is None:
                if on_success is not None:
                    on_success(result)
            elif on_failure is not None:
                on_failure(error)
            elif self.default_failure is not None:
                self.default_failure(error)
            else:
                log.error("background task %r failed: %s", task.label, error)
        finally:
            task.done.emit()
            self.task_finished.emit(task)
            task.deleteLater()

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait_all(self, timeout_ms: int = WAIT_MS) -> None:
        """At exit: ask every task to stop and wait for them, so none dies mid-write.  Their
        callbacks come later, from the event loop, if the window is still there."""
        self.cancel_all()
        self._wait(list(self._running.values()), timeout_ms)

    def wait_in_order(self, timeout_ms: int = WAIT_MS) -> None:
        """Wait for every ``run_in_order`` work asked so far (writes are not cancelled)."""
        self._wait([self._running[t] for t in self._in_order if t in self._running], timeout_ms)

    @staticmethod
    def _wait(futures: list[concurrent.futures.Future], timeout_ms: int) -> None:
        concurrent.futures.wait(futures, timeout=timeout_ms / 1000)
