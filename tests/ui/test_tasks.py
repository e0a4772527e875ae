"""casenotes.ui.tasks: work on the pool, callbacks on the GUI thread, in order."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

pytestmark = pytest.mark.usefixtures("shell_env")


def test_work_runs_off_the_gui_thread_and_the_callback_on_it(
    qtbot: QtBot, qapp: QApplication
) -> None:
    runner = TaskRunner()
    gui = qapp.thread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work_thread"] = QThread.currentThread()
        seen["work_ident"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = QThread.currentThread()

    runner.run_task(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["work_ident"] != threading.get_ident()
    assert seen["work_thread"] is not gui
    assert seen["callback_thread"] is gui
    assert not runner.busy


def test_errors_reach_on_error_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    runner = TaskRunner()
    caught: list[tuple[BaseException, object]] = []

    def work() -> None:
        raise ValueError("no")

    runner.run_task(work, lambda _: None, lambda exc: caught.append((exc, QThread.currentThread())))
    assert runner.wait_idle(10_000)
    assert len(caught) == 1
    assert isinstance(caught[0][0], ValueError)
    assert caught[0][1] is qapp.thread()


def test_an_unhandled_error_is_emitted_not_raised(qtbot: QtBot) -> None:
    runner = TaskRunner()

    def work() -> None:
        raise OSError("disk")

    with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
        runner.run_task(work, lambda _: None)
    assert isinstance(blocker.args[0], OSError)


def test_tasks_run_one_at_a_time_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner()
    order: list[int] = []
    for i in range(20):
        runner.run_task(lambda i=i: i, order.append)
    with qtbot.waitSignal(
        runner.busy_changed, timeout=10_000, check_params_cb=lambda busy: busy is False
    ):
        pass
    assert order == list(range(20))
    assert runner.wait_idle()


def test_wait_idle_delivers_callbacks(qtbot: QtBot) -> None:
    runner = TaskRunner()
    done: list[str] = []
    runner.run_task(lambda: "x", done.append)
    assert runner.wait_idle(10_000)
    assert done == ["x"]


def test_sync_runner_runs_at_once() -> None:
    runner = SyncTaskRunner()
    done: list[int] = []
    errors: list[BaseException] = []
    runner.run_task(lambda: 1, done.append)
    assert done == [1]

    def boom() -> int:
        raise KeyError("k")

    runner.run_task(boom, done.append, errors.append)
    assert isinstance(errors[0], KeyError)
    assert runner.wait_idle()


def test_a_lane_beside_a_real_runner_is_its_own_and_in_place_beside_a_test_runner(
    qtbot: QtBot,
) -> None:
    from PySide6.QtCore import QObject

    from casenotes.ui.tasks import InPlaceRunner, lane_beside

    owner = QObject()
    main = TaskRunner()
    lane = lane_beside(main, owner)
    assert lane is not None and lane is not main and lane.parent() is owner
    # A long task on the main runner does not hold up the lane's quick one.
    release = threading.Event()
    main.run_task(lambda: release.wait(10), lambda _: None)
    done: list[int] = []
    lane.run_task(lambda: 1, done.append)
    qtbot.waitUntil(lambda: done == [1])
    release.set()
    assert main.wait_idle()
    assert lane_beside(SyncTaskRunner(), owner) is None
    results: list[int] = []
    errors: list[BaseException] = []
    InPlaceRunner().run_task(lambda: 2, results.append)
    InPlaceRunner().run_task(lambda: 1 // 0, results.append, errors.append)
    assert results == [2] and isinstance(errors[0], ZeroDivisionError)
