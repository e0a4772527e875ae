"""What the window pulls in before its unlock page is painted, checked on ``sys.modules`` in a
fresh interpreter (the time it takes is measured in benchmarks/bench_gui.py, never here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Needed only once the vault is unlocked (settings, summaries, de-identification, the
# workspace, the domain models, backups, search, the clipboard, the editor's view), once the
# page is painted (the journal, SQLAlchemy and the cryptography bindings, opened on the worker
# right after the first paint; the type warmer), when a dialog or another page is first opened
# (first run, backups and restore, About, re-key, the file dialogs), when a theme or a text
# size is first applied (the text-size style), or never on this path (migrations).
NOT_BEFORE_UNLOCK = (
    "phonenumbers",
    "alembic",
    "sqlalchemy",
    "casenotes.core.journal",
    "casenotes.core.domain",
    "casenotes.core.backup",
    "casenotes.core.search",
    "casenotes.ui.first_run",
    "casenotes.ui.backup_dialogs",
    "casenotes.ui.about_dialog",
    "casenotes.ui.rekey_dialog",
    "casenotes.core.deid",
    "casenotes.core.export",
    "casenotes.ui.settings_dialog",
    "casenotes.ui.summary",
    "casenotes.ui.workspace",
    "cryptography",
    "casenotes.ui.clipboard",
    "casenotes.ui.editor_view",
    "casenotes.ui.file_dialogs",
    "casenotes.ui.indicator_style",
    "casenotes.ui.qt_types",
)
# The command's own way (``casenotes gui``, through ``run_gui``) checks the shipped prompt
# library only once the page is painted: the prompts bring the domain models.
NOT_BEFORE_UNLOCK_FROM_THE_COMMAND = (*NOT_BEFORE_UNLOCK, "casenotes.core.prompts")

# Qt classes whose Python types (and their enums, about half a millisecond each) the page
# does not need before its first paint. PySide6 makes a type when it is first used, and keeps
# it in its module's namespace; these must not be there yet.
NO_TYPE_BEFORE_UNLOCK = (
    "QStyle",
    "QStyleFactory",
    "QProxyStyle",
    "QFileDialog",
    "QClipboard",
    "QMimeData",
    "QTextCursor",
)

_PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.app import create_application
from casenotes.ui.main_window import MainWindow

seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted(sys.modules)
            seen["types"] = sorted(
                name
                for module in ("QtCore", "QtGui", "QtWidgets")
                for name, value in vars(sys.modules["PySide6." + module]).items()
                if isinstance(value, type)
            )
            QTimer.singleShot(0, app.quit)
        return False

app = create_application()
window = MainWindow(Path(sys.argv[1]), policy=KdfPolicy.testing(), open_after_paint=True)
page = window.unlock_page
assert page is not None
spy = FirstPaint()
page.installEventFilter(spy)
window.show()
app.exec()
if window.journal is not None:
    window.journal.lock()
print(json.dumps(seen))
"""


_COMMAND_PROBE = """
import json, sys
from pathlib import Path
from casenotes.cli import main as cli
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from casenotes.core.vault.kdf import KdfPolicy
import casenotes.ui.app
from casenotes.ui.main_window import MainWindow

seen = {}
windows = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted(sys.modules)
            QTimer.singleShot(0, lambda: QApplication.exit(0))
        return False

spy = FirstPaint()
shown = MainWindow.show

def show(window):
    windows.append(window)
    window.unlock_page.installEventFilter(spy)
    shown(window)

MainWindow.show = show
status = cli.main(["gui", "--vault", sys.argv[1]], policy=KdfPolicy.testing())
for window in windows:
    if window.journal is not None:
        window.journal.lock()
print(json.dumps(seen))
"""


def _early(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in modules if any(m == name or m.startswith(name + ".") for name in names)
    )


@pytest.mark.usefixtures("recovery_key")
def test_the_command_paints_the_unlock_page_before_checking_the_prompts(
    vault_path: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND_PROBE, str(vault_path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    modules = set(json.loads(done.stdout.strip().splitlines()[-1])["modules"])
    assert "casenotes.ui.unlock" in modules
    assert _early(modules, NOT_BEFORE_UNLOCK_FROM_THE_COMMAND) == []


def test_the_unlock_page_is_painted_without_what_unlock_brings(
    recovery_key: str, vault_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(vault_path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    modules = set(seen["modules"])
    assert "casenotes.ui.unlock" in modules  # the probe did see the page's own module
    assert _early(modules, NOT_BEFORE_UNLOCK) == []
    types = set(seen["types"])
    assert "QLineEdit" in types  # the probe did see the types the page made
    assert sorted(types.intersection(NO_TYPE_BEFORE_UNLOCK)) == []
