"""The application: QApplication setup, theme (system, light, dark), text size, and
``run_gui``, the entry point behind ``casenotes`` and ``casenotes gui``."""

from __future__ import annotations

import gc
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    # The styles (QStyle's Python type makes 11 enums) and the text-size proxy are needed
    # only once a theme or a text size is applied, after the unlock: not for the first paint.
    from PySide6.QtWidgets import QStyle

    from casenotes.core.vault.kdf import KdfPolicy

APP_NAME = "Casenotes"
ORGANISATION = "Casenotes"
THEMES = ("system", "light", "dark")


@dataclass
class _Originals:
    """What the platform gave us at start, to return to when "follow the system" is chosen.
    The style's name is read when first needed, at the latest before ``_set_style`` (the
    only place the style changes) first replaces it: reading it makes QStyle's Python type
    and its 11 enums, which the unlock page does not need before its first paint."""

    palette: QPalette
    font: QFont
    style_name: str | None = None

    def style(self, app: QApplication) -> str:
        if self.style_name is None:
            self.style_name = app.style().name()
        return self.style_name


_originals: _Originals | None = None
# The text's scale against the system's size, and the style set for it (kept referenced:
# the application does not own a style made in Python).
_text_scale = 1.0
_style: QStyle | None = None


def _remember(app: QApplication) -> _Originals:
    global _originals
    if _originals is None:
        _originals = _Originals(QPalette(app.palette()), QFont(app.font()))
    return _originals


GIL_SWITCH_INTERVAL_S = 0.0002


def _keep_the_gui_thread_responsive() -> None:
    """The worker thread decrypts thousands of notes in Python, holding the GIL; whenever it
    does, the GUI thread waits. Two process-wide settings, made once with the application:

    - a 0.2 ms switch interval (CPython's default is 5 ms; 1 ms until issue 16's third
      round): each call from Qt into Python on the GUI thread (a paint, a model lookup, a
      timer) may wait that long for the GIL while the worker runs Python, and a repaint
      makes a hundred or more of them. The worker gives the GIL up more often only when
      another thread asks for it;
    - ``gc.freeze()``: the objects alive at start (modules, classes, Qt bindings: hundreds of
      thousands) move to the permanent generation, so the full collections the worker's
      allocations trigger no longer walk them. At 10,000 notes each such collection held
      the GIL for 40-70 ms; with the freeze, under 15 ms."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    gc.freeze()


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def application_icon() -> QIcon:
    """Casenotes' icon (resources/icons), from its PNG sizes: no SVG plugin needed. Installed
    as files, each size is given to Qt by its path and size, and decoded only when a pixmap
    of that size is asked for (decoding all eight took about 20 ms of every start, before the
    first paint); from anywhere else (a zip), read as bytes, so nothing is ever unpacked to a
    temporary file."""
    from importlib.resources import files

    icon = QIcon()
    folder = files("casenotes.resources").joinpath("icons")
    for size in ICON_SIZES:
        image = folder.joinpath(f"casenotes-{size}.png")
        if isinstance(image, Path):
            if image.is_file():
                icon.addFile(str(image), QSize(size, size))
            continue
        pixmap = QPixmap()
        if pixmap.loadFromData(image.read_bytes()):
            icon.addPixmap(pixmap)
    return icon


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made once), with the names Qt uses for the window and the desktop."""
    existing = QApplication.instance()
    made = not isinstance(existing, QApplication)
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv if argv is not None else sys.argv[:1])
    )
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("casenotes")
    if app.windowIcon().isNull():
        app.setWindowIcon(application_icon())
    if made:
        _keep_the_gui_thread_responsive()
        from casenotes.ui.qt_settings import keep_no_qt_settings

        keep_no_qt_settings()  # no QtProject.conf naming export folders
    _remember(app)
    return app


# ---- theme --------------------------------------------------------------------------------


def _palette(dark: bool) -> QPalette:
    """Quiet, readable palettes for when the platform cannot switch scheme itself."""
    if not dark:
        from PySide6.QtWidgets import QStyleFactory

        fusion = QStyleFactory.create("Fusion")
        return fusion.standardPalette() if fusion is not None else QPalette()
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#26282b",
        QPalette.ColorRole.WindowText: "#e4e4e1",
        QPalette.ColorRole.Base: "#1d1f21",
        QPalette.ColorRole.AlternateBase: "#2a2c30",
        QPalette.ColorRole.ToolTipBase: "#33363a",
        QPalette.ColorRole.ToolTipText: "#e4e4e1",
        QPalette.ColorRole.PlaceholderText: "#8e9094",
        QPalette.ColorRole.Text: "#e4e4e1",
        QPalette.ColorRole.Button: "#313337",
        QPalette.ColorRole.ButtonText: "#e4e4e1",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Light: "#45484d",
        QPalette.ColorRole.Midlight: "#3a3d41",
        QPalette.ColorRole.Mid: "#2e3034",
        QPalette.ColorRole.Dark: "#151618",
        QPalette.ColorRole.Shadow: "#0b0b0c",
        QPalette.ColorRole.Highlight: "#4f7ea8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8fb8de",
        QPalette.ColorRole.LinkVisited: "#b39ddb",
    }
    for role, colour in colours.items():
        p.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7c7e82"))
    return p


def apply_theme(theme: str, app: QApplication | None = None) -> str:
    """Follow the system, or force light or dark. Returns the theme applied."""
    app = app or create_application()
    originals = _remember(app)
    theme = theme if theme in THEMES else "system"
    hints = app.styleHints()
    if theme == "system":
        hints.unsetColorScheme()
        if app.property("casenotes_painted_theme"):
            _set_style(app, originals.style(app))
            app.setPalette(originals.palette)
            app.setProperty("casenotes_painted_theme", False)
        return theme
    scheme = Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light
    hints.setColorScheme(scheme)
    if hints.colorScheme() != scheme:  # the platform cannot switch: paint it ourselves
        _set_style(app, "Fusion")
        app.setPalette(_palette(theme == "dark"))
        app.setProperty("casenotes_painted_theme", True)
    return theme


def apply_font_size(points: int, app: QApplication | None = None) -> None:
    """Set the application's text size in points; 0 goes back to the system's size. Check
    box and radio button indicators grow with the text (see ``indicator_style``)."""
    global _text_scale
    app = app or create_application()
    originals = _remember(app)
    font = QFont(originals.font)
    if points > 0:
        font.setPointSize(points)
    base = originals.font.pointSizeF()
    scale = points / base if points > 0 and base > 0 else 1.0
    if max(scale, 1.0) != max(_text_scale, 1.0):
        _text_scale = scale
        _set_style(app, _base_style_name(app))
    _text_scale = scale
    app.setFont(font)


def _base_style_name(app: QApplication) -> str:
    from casenotes.ui.indicator_style import ScaledIndicators

    style = app.style()
    return style.base_name if isinstance(style, ScaledIndicators) else style.name()


def _set_style(app: QApplication, name: str) -> None:
    """Style ``name``, its indicators scaled to the text size when that is larger."""
    global _style
    from casenotes.ui.indicator_style import style_for

    _remember(app).style(app)  # the platform's style, named before it is first replaced
    style = style_for(name, _text_scale)
    if style is None:
        return
    app.setStyle(style)
    _style = style


# ---- running ------------------------------------------------------------------------------


def display_available() -> bool:
    """Whether a window can be shown (a Linux session without X or Wayland cannot)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(vault_path: Path, *, policy: KdfPolicy | None = None) -> int:
    """Open the window on ``vault_path`` (first run if there is no vault yet) and run until
    it closes. ``policy`` is for tests only; the app always uses the standard KDF bounds.

    The shipped prompt library is validated before the vault is opened for writing: at
    first run before the window is made, otherwise on the worker after the unlock page is
    painted, before the journal opens (the prompts and the domain models they bring took
    about a tenth of a second of every start before the first paint)."""
    from casenotes.ui.main_window import MainWindow

    app = create_application()
    vault_path = Path(vault_path)
    existing = vault_path.exists() or vault_path.is_symlink()
    if not existing and not prompt_library_is_sound():
        return 1
    from casenotes.ui.window_memory import default_memory

    window = MainWindow(
        vault_path,
        policy=policy,
        memory=default_memory(),
        open_after_paint=True,
        check_prompts=existing,
    )
    window.show()
    # Ctrl+C in the terminal, or the session ending (SIGTERM), closes the window the normal
    # way: the open note is saved and the vault locked. The timer lets Python run its signal
    # handlers while Qt's loop is waiting.
    signals = [signal.SIGINT, signal.SIGTERM]
    previous = {sig: signal.signal(sig, lambda *_: window.close()) for sig in signals}
    wake = QTimer()
    wake.timeout.connect(_do_nothing)
    wake.start(250)
    try:
        return int(app.exec())
    finally:
        wake.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        QCoreApplication.processEvents()


def prompt_library_is_sound() -> bool:
    """Validate the shipped reflection prompts before anything opens; a damaged file is named
    with its line, and the vault is not touched."""
    from casenotes.core.prompts import PromptLibraryError, load_default_library

    try:
        load_default_library()
    except PromptLibraryError as error:
        refuse_damaged_prompts(error)
        return False
    return True


def refuse_damaged_prompts(error: Exception) -> None:
    """Say that the shipped prompts are damaged (the file and line), so Casenotes will not
    start."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(
        None,
        "Casenotes cannot start",
        "The reflection prompts that come with Casenotes are damaged, so it will not "
        f"start.\n\n{error}\n\nReinstalling Casenotes restores the file. Your vault "
        "was not opened or changed.",
    )


def _do_nothing() -> None:
    return None
