"""Running slow work off the GUI thread: one ``run_task(fn, on_done, on_error)`` helper.

``fn`` runs on a thread pool; ``on_done(result)`` or ``on_error(exception)`` then runs on the
GUI thread. Tasks run one at a time, in the order given, because the journal they usually
touch is not meant to be used from two threads at once. ``SyncTaskRunner`` runs everything
immediately, for tests.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


def log_failure(exc: BaseException) -> None:
    """Log where a task failed, never what it said: a message may quote a note or a name."""
    where = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    log.warning("a background task failed (%s)\n%s", type(exc).__name__, where)


@dataclass(slots=True)
class _Pending:
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None


class _Relay(QObject):
    """Carries a finished task's outcome from the worker thread to the GUI thread.

    It has no parent, so a task that outlives its runner still has a live object to emit on;
    Qt then drops the queued delivery to the runner that is gone."""

    finished = Signal(int, bool, object)  # task id, succeeded, result or exception


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            outcome: tuple[bool, object] = (False, exc)
        else:
            outcome = (True, result)
        self._fn = _done  # drop references to the work (and what it captured) early
        # RuntimeError: the relay's C++ side is gone, the application is quitting.
        with contextlib.suppress(RuntimeError):
            self._relay.finished.emit(self._id, *outcome)


def _done() -> None:
    return None


class TaskRunner(QObject):
    """Runs callables on a private thread pool and delivers their outcome on the GUI thread.

    A failure with no ``on_error`` is logged (its type and place only) and emitted as
    ``failed`` so the window can say something calm about it."""

    failed = Signal(object)  # an exception that no on_error handled
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(30_000)
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run_task(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        task_id = next(self._ids)
        was_busy = self.busy
        self._pending[task_id] = _Pending(on_done, on_error)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Task(task_id, fn, self._relay))

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Block until every task has finished and its callback has run; False on timeout."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending:
            remaining = deadline.remainingTime()
            if deadline.hasExpired():
                return False
            self._pool.waitForDone(max(1, remaining))
            QCoreApplication.sendPostedEvents(self._relay)
            QCoreApplication.sendPostedEvents(self)
            QCoreApplication.processEvents()
        return True

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        try:
            if ok:
                pending.on_done(value)
            else:
                assert isinstance(value, BaseException)
                self._fail(value, pending.on_error)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)

    def _fail(self, exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
            return
        log_failure(exc)
        self.failed.emit(exc)


class SyncTaskRunner(TaskRunner):
    """For tests: ``fn`` runs at once on the calling thread, then its callback."""

    def run_task(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.busy_changed.emit(True)
        try:
            try:
                result = fn()
            except Exception as exc:
                self._fail(exc, on_error)
            else:
                on_done(result)
        finally:
            self.busy_changed.emit(False)

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        return True


class InPlaceRunner:
    """Runs ``fn`` at once on the calling thread, then its callback (where no worker is
    given: tests, or a lane a test's synchronous runner stands for)."""

    def run_task(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        try:
            result = fn()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        on_done(result)


def lane_beside(tasks: object, parent: QObject) -> TaskRunner | None:
    """A runner of its own, for quick work that must not wait behind the long tasks of
    ``tasks`` (the index build, a backup): a real one beside a real runner; None beside a
    test's synchronous runner, so the work runs in place there as everything else does."""
    if isinstance(tasks, TaskRunner) and not isinstance(tasks, SyncTaskRunner):
        return TaskRunner(parent)
    return None
