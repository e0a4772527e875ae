"""Small widgets the shell's pages share: passphrase field, strength meter, busy indicator,
headings and a calm message box."""

from __future__ import annotations

from string import Template

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.vault.strength import Strength, assess

PAGE_WIDTH = 560  # a comfortable reading measure for the setup and unlock pages

VERDICTS = ("Very easy to guess", "Easy to guess", "Could be guessed", "Strong", "Very strong")
STRONG_ENOUGH = "Strong enough to protect your notes."


# ---- text -------------------------------------------------------------------------------


def scaled_font(scale: float = 1.0, *, bold: bool = False, monospace: bool = False) -> QFont:
    """The application font (or the system's fixed-width one) at ``scale`` times its size."""
    base = QApplication.font()
    font = (
        QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if monospace else QFont(base)
    )
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * scale)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


class ScaledLabel(QLabel):
    """A label whose font is the application's scaled (bigger heading, smaller aside, or a
    monospace key); it follows the application font when the text size setting changes."""

    def __init__(
        self,
        text: str = "",
        *,
        scale: float = 1.0,
        bold: bool = False,
        monospace: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._scale = scale
        self._bold = bold
        self._monospace = monospace
        self._refont()
        # Only windows hear of ApplicationFontChange, and a label with its own font hears no
        # FontChange from its parent either: the application's signal reaches it at once.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._refont)

    def _refont(self, *_args: object) -> None:
        self.setFont(scaled_font(self._scale, bold=self._bold, monospace=self._monospace))


def heading(text: str, *, scale: float = 1.6) -> QLabel:
    """A page's or a dialog's title: bold, ``scale`` times the application font, following
    the text size (a section's heading inside a screen is ``shared.widgets.heading``)."""
    label = ScaledLabel(text, scale=scale, bold=True)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str, *, rich: bool = False, small: bool = False) -> QLabel:
    label: QLabel = ScaledLabel(text, scale=0.92) if small else QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def centred_column(page: QWidget, width: int = PAGE_WIDTH) -> QVBoxLayout:
    """Lay ``page`` out as a column of readable width, centred in the window; returns the
    column's layout for the caller to fill."""
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    column = QWidget()
    # A fixed measure: wrapped labels then get their true height (a column that may shrink
    # makes Qt reserve the height of its narrowest layout, leaving gaps between paragraphs).
    column.setFixedWidth(width)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 24, 0, 24)
    layout.setSpacing(12)
    wrapper = QVBoxLayout()
    wrapper.addStretch(1)
    wrapper.addWidget(column)
    wrapper.addStretch(2)
    outer.addLayout(wrapper, 6)
    outer.addStretch(1)
    return layout


_ROLES = {
    "base": QPalette.ColorRole.Base,
    "text": QPalette.ColorRole.Text,
    "mid": QPalette.ColorRole.Mid,
    "midlight": QPalette.ColorRole.Midlight,
    "link": QPalette.ColorRole.Link,
    "window": QPalette.ColorRole.Window,
}


def _fill(template: str) -> str:
    palette = QApplication.palette()
    return Template(template).substitute(
        {name: palette.color(role).name() for name, role in _ROLES.items()}
    )


# A hidden widget is not always told about a new application palette; it is when shown.
_RESTYLE_ON = frozenset(
    {QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange, QEvent.Type.Show}
)


class _Restyler(QObject):
    """Re-applies a widget's style sheet when the application palette changes. The colours
    are taken from the application's palette at that moment: ``palette(...)`` inside a style
    sheet would be read from the widget's own palette, which Qt updates only afterwards."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.template = ""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESTYLE_ON and isinstance(watched, QWidget):
            sheet = _fill(self.template)
            if sheet != watched.styleSheet():  # (setting it sends PaletteChange again)
                watched.setStyleSheet(sheet)
        return False


def set_themed_style(widget: QWidget, template: str) -> None:
    """Give ``widget`` a style sheet whose ``$base``, ``$text``, ``$mid``, ``$midlight``,
    ``$link`` and ``$window`` are the application palette's colours, now and after every
    theme change."""
    restyler = widget.findChild(_Restyler, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if restyler is None:
        restyler = _Restyler(widget)
    restyler.template = template
    widget.setStyleSheet(_fill(template))


def label_above(label: QLabel, field: QWidget) -> QVBoxLayout:
    """A field with its label just above it, set a little apart from what comes before."""
    group = QVBoxLayout()
    group.setSpacing(4)
    group.setContentsMargins(0, 6, 0, 0)
    group.addWidget(label)
    group.addWidget(field)
    return group


def tell(
    parent: QWidget | None, text: str, *, title: str = "Casenotes", warning: bool = False
) -> QMessageBox:
    """Show a message without blocking: the box closes with Enter or Escape."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


# ---- caps lock --------------------------------------------------------------------------


def caps_lock_from_key(text: str, shift: bool) -> bool | None:
    """Whether Caps Lock is on, judged from one typed character: a capital typed without
    Shift (or a small letter typed with it) means it is. None when the key tells nothing
    (digits, punctuation, letters that have no case)."""
    if len(text) != 1 or not text.isalpha() or text.upper() == text.lower():
        return None
    return text.isupper() != shift


class _CapsLockWatcher(QObject):
    changed = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.state: bool | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_CapsLock:
                if self.state is not None:
                    self._set(not self.state)
            else:
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                guess = caps_lock_from_key(event.text(), shift)
                if guess is not None:
                    self._set(guess)
        return False

    def _set(self, state: bool) -> None:
        if state != self.state:
            self.state = state
            self.changed.emit(state)


# ---- passphrase field -------------------------------------------------------------------


class PassphraseField(QWidget):
    """A hidden-text field with a Show/Hide button and a Caps Lock warning under it."""

    textChanged = Signal(str)
    returnPressed = Signal()
    caps_lock_changed = Signal(bool)

    def __init__(
        self, accessible_name: str, parent: QWidget | None = None, *, caps_warning: bool = True
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setClearButtonEnabled(False)
        self.edit.setMinimumHeight(30)
        self.toggle = QToolButton()
        self.toggle.setText("Show")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(f"Show {accessible_name.lower()}")
        self.toggle.setToolTip("Show or hide what you typed")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.toggle.toggled.connect(self._set_visible)
        self.caps_label = ScaledLabel("Caps Lock is on.", bold=True)
        self.caps_label.setAccessibleName("Caps Lock is on")
        self.caps_label.setVisible(False)
        self._caps_enabled = caps_warning

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.caps_label)
        self.setFocusProxy(self.edit)

        self._caps = _CapsLockWatcher(self)
        self.edit.installEventFilter(self._caps)
        self._caps.changed.connect(self._caps_changed)
        self.edit.textChanged.connect(self.textChanged)
        self.edit.returnPressed.connect(self.returnPressed)

    @property
    def caps_lock_on(self) -> bool:
        return bool(self._caps.state)

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()

    def set_revealed(self, revealed: bool) -> None:
        self.toggle.setChecked(revealed)

    def _set_visible(self, revealed: bool) -> None:
        self.edit.setEchoMode(
            QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        )
        self.toggle.setText("Hide" if revealed else "Show")

    def _caps_changed(self, on: bool) -> None:
        self.caps_label.setVisible(on and self._caps_enabled)
        self.caps_lock_changed.emit(on)


# ---- strength meter ---------------------------------------------------------------------


class StrengthMeter(QWidget):
    """zxcvbn's verdict on a passphrase, with its warning and suggestions in plain words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 5)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.verdict = QLabel()
        self.verdict.setAccessibleName("Passphrase strength")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Advice on the passphrase")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(self.verdict)
        layout.addWidget(self.advice)
        self.strength: Strength = assess("")
        self._show(self.strength, empty=True)

    def set_passphrase(self, passphrase: str) -> Strength:
        self.strength = assess(passphrase)
        self._show(self.strength, empty=not passphrase)
        return self.strength

    @property
    def acceptable(self) -> bool:
        return self.strength.acceptable

    def _show(self, strength: Strength, *, empty: bool) -> None:
        self.bar.setValue(0 if empty else strength.score + 1)  # a sliver even at 0
        colour = "#3f7d4e" if strength.acceptable else "#b7791f"
        set_themed_style(
            self.bar,
            "QProgressBar { border: none; border-radius: 4px; background: $midlight; }"
            f"QProgressBar::chunk {{ border-radius: 4px; background: {colour}; }}",
        )
        if empty:
            self.verdict.setText("Strength: nothing typed yet")
            self.advice.setText(
                "A few unrelated words, or a short sentence only you would think of, work "
                "well and are easier to remember than symbols."
            )
            self.bar.setAccessibleDescription("empty")
            return
        verdict = VERDICTS[max(0, min(strength.score, 4))]
        self.verdict.setText(f"Strength: {verdict}")
        self.bar.setAccessibleDescription(verdict)
        parts = [strength.warning, *strength.suggestions]
        advice = " ".join(p.strip() for p in parts if p and p.strip())
        if strength.acceptable:
            # One scale, one message: the verdict alone. zxcvbn's time-to-guess is on another
            # scale (an attacker's guessing rate), so "Very strong" could sit beside
            # "4 months", which reads as a contradiction.
            self.advice.setText(STRONG_ENOUGH)
        else:
            self.advice.setText(
                advice or "Add another word or two that belong together only in your mind."
            )


# ---- busy indicator ---------------------------------------------------------------------


class BusyIndicator(QWidget):
    """An indeterminate bar and one line saying what is happening; hidden when idle."""

    def __init__(
        self,
        parent: QWidget | None = None,
        direction: QBoxLayout.Direction = QBoxLayout.Direction.TopToBottom,
    ) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.bar.setAccessibleName("Working")
        self.label = QLabel()
        layout = QBoxLayout(direction, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.setVisible(False)

    @property
    def running(self) -> bool:
        return not self.isHidden()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setAccessibleDescription(text)
        self.setVisible(True)

    def stop(self) -> None:
        self.setVisible(False)
