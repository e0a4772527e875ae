"""Qt's Python types made ahead, a slice at a time on the GUI thread: once the warmer is done,
touching any class of QtCore, QtGui or QtWidgets makes no new Python enum (each made one on
first use, about half a millisecond each, a hundred of them while the workspace was built)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from casenotes.ui import qt_types
from casenotes.ui.qt_types import TypeWarmer


@pytest.fixture
def enums_made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the Python enums made while the test runs."""
    made: list[str] = []
    original = enum.EnumType._create_

    def counting(cls: Any, class_name: str, *args: Any, **kwargs: Any) -> Any:
        made.append(class_name)
        return original(cls, class_name, *args, **kwargs)

    monkeypatch.setattr(enum.EnumType, "_create_", counting)
    yield made


def test_a_slice_keeps_to_its_budget() -> None:
    # However far an earlier test got, a slice returns; a zero budget makes one type at most.
    assert qt_types.warm_some(0.0) in (True, False)


def test_once_warmed_no_qt_class_makes_an_enum(qtbot: QtBot, enums_made: list[str]) -> None:
    warmer = TypeWarmer()
    warmer.start()
    qtbot.waitUntil(qt_types.all_warmed, timeout=20_000)
    assert not warmer.is_running()
    before = len(enums_made)
    for module in qt_types.MODULES:
        for name in dir(module):
            getattr(module, name, None)
    assert enums_made[before:] == []
    warmer.start()  # nothing left: it does not run again
    assert not warmer.is_running()
