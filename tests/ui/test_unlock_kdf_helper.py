"""The unlock page and the key-derivation helper process (core.vault.kdf_process): a helper
waits while the page asks for the passphrase, at first, after a wrong passphrase and after a
lock. The test policy's cheap parameters normally stay in-process; here every size goes to
the helper."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.vault import kdf, kdf_process
from casenotes.ui.errors import WRONG_PASSPHRASE

from .conftest import MakeWindow
from .support import PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")


@pytest.fixture(autouse=True)
def every_size_in_helper(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(kdf, "HELPER_MIN_MEMORY_KIB", 0)
    kdf_process.discard()
    yield
    kdf_process.discard()


def _waiting() -> int | None:
    helper = kdf_process._waiting
    return helper.process.pid if helper is not None and helper.running() else None


def test_a_helper_waits_whenever_the_page_asks_for_the_passphrase(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    page = window.unlock_page
    assert page is not None and window.journal is not None
    first = _waiting()
    assert first is not None  # started when the vault was opened

    qtbot.keyClicks(page.passphrase.edit, "not the passphrase at all")
    qtbot.keyClick(page.passphrase.edit, Qt.Key.Key_Return)
    assert page.message.text() == WRONG_PASSPHRASE  # the same sentence as before
    second = _waiting()
    assert second is not None and second != first  # the first answered; the next waits

    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClick(page.passphrase.edit, Qt.Key.Key_Return)
    assert window.journal.is_unlocked
    assert _waiting() is None  # it derived the key and is gone

    assert window.lock()
    assert window.stack.currentWidget() is window.unlock_page
    assert _waiting() is not None  # the page asks again: a helper waits again
