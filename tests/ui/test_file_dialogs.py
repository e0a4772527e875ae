"""File dialogs keep no history (audit item): Qt's dialog records the folders it visits in
~/.config/QtProject.conf (0644), and an export folder can name a client.

Run in a child process with HOME and XDG_CONFIG_HOME in tmp_path: Qt fixes its settings
paths once per process, so the test process's own Qt could not be pointed there."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casenotes.ui import file_dialogs

PROBE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    how, target = sys.argv[1], sys.argv[2]
    app = QApplication([])

    def accept():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                widget.findChild(QLineEdit, "fileNameEdit").setText(target)
                widget.accept()
                if not widget.isVisible():
                    return
        QTimer.singleShot(50, accept)

    QTimer.singleShot(50, accept)
    folder = str(Path(target).parent)
    if how == "casenotes":
        from casenotes.ui.file_dialogs import get_save_file_name
        chosen, _ = get_save_file_name(None, "Save", folder, "Text (*.txt)")
    elif how == "casenotes-open":
        from casenotes.ui.file_dialogs import get_open_file_name
        chosen, _ = get_open_file_name(None, "Open", folder, "Text (*.txt)")
    else:  # Qt's dialog as it comes, to show the test can fail
        chosen, _ = QFileDialog.getSaveFileName(
            None, "Save", folder, "Text (*.txt)",
            options=QFileDialog.Option.DontUseNativeDialog)
    print("CHOSEN", chosen)
""")


def run_dialog(tmp_path: Path, how: str) -> tuple[str, list[Path]]:
    home = tmp_path / "home"
    folder = home / "Exports" / "Fictional Client Quillon"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "summary.txt"
    if how == "casenotes-open":
        target.write_text("fictional", encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, how, str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    chosen = [line for line in result.stdout.splitlines() if line.startswith("CHOSEN ")]
    assert chosen == [f"CHOSEN {target}"], result
    written = [p for p in home.rglob("*") if p.is_file() and p != target]
    return str(target), written


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"),
    reason="QtProject.conf is a file on Linux and the other Unix desktops",
)
def test_qts_own_dialog_records_the_folder(tmp_path: Path) -> None:
    _target, written = run_dialog(tmp_path, "qt")
    conf = [p for p in written if p.name == "QtProject.conf"]
    assert conf, written
    assert "Fictional%20Client%20Quillon" in conf[0].read_text(encoding="utf-8")


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"),
    reason="QtProject.conf is a file on Linux and the other Unix desktops",
)
@pytest.mark.parametrize("how", ["casenotes", "casenotes-open"])
def test_casenotes_dialogs_write_no_history(tmp_path: Path, how: str) -> None:
    _target, written = run_dialog(tmp_path, how)
    assert written == []  # no QtProject.conf, no recently-used list, nothing


def test_dialogs_are_qts_widgets_not_the_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform dialog (GTK, the portal) would add the file to the desktop's recent list."""
    seen: list[object] = []

    def fake(*args: object, **kwargs: object) -> tuple[str, str]:
        seen.append(kwargs.get("options"))
        return "", ""

    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    assert file_dialogs.get_save_file_name(None, "Save", "", "") == ("", "")
    assert file_dialogs.get_open_file_name(None, "Open", "", "") == ("", "")
    assert seen == [QFileDialog.Option.DontUseNativeDialog] * 2


def test_every_file_dialog_in_the_app_goes_through_the_helper() -> None:
    src = Path(file_dialogs.__file__).parents[1]
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.name != "file_dialogs.py"
        and any(
            call in path.read_text(encoding="utf-8") for call in ("QFileDialog.get", "QFileDialog(")
        )
    ]
    assert offenders == []
