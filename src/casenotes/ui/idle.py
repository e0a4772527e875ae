"""Locking after a stretch without activity.

An application-wide event filter notes the time of every key, mouse, wheel or touch event,
in any window of the app; a single-shot timer wakes when the stretch could have run out,
and either emits ``idle`` or sleeps again for what is left. The filter does nothing but
store a number: it runs for every mouse move, so it calls into Qt not at all (and restarting
a QTimer per event would be thousands of calls a minute)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QInputMethodEvent

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)

# Every event of ACTIVITY is one of these classes.
INPUT_EVENTS = (QInputEvent, QInputMethodEvent)

MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 1, 240, 5


class IdleWatcher(QObject):
    """Emits ``idle`` once, after ``timeout_ms`` without user input, while started."""

    idle = Signal()

    def __init__(
        self, parent: QObject | None = None, timeout_ms: int = DEFAULT_MINUTES * 60_000
    ) -> None:
        super().__init__(parent)
        self._timeout_ms = max(1, timeout_ms)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may run 5% long
        self._timer.timeout.connect(self._check)
        self._running = False
        self._installed = False
        self._last = time.monotonic()

    @property
    def active(self) -> bool:
        return self._running

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def remaining_ms(self) -> int:
        """How long until ``idle``, if nothing happens meanwhile."""
        elapsed = (time.monotonic() - self._last) * 1000
        return max(0, round(self._timeout_ms - elapsed))

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timeout_ms = max(1, timeout_ms)
        if self._running:
            self._timer.start(max(1, self.remaining_ms()))

    def set_timeout_minutes(self, minutes: int) -> None:
        minutes = min(max(int(minutes), MIN_MINUTES), MAX_MINUTES)
        self.set_timeout_ms(minutes * 60_000)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._running = True
        self._last = time.monotonic()
        self._timer.start(self._timeout_ms)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def poke(self) -> None:
        """Count as activity."""
        self._last = time.monotonic()

    def _check(self) -> None:
        if not self._running:
            return
        remaining = self.remaining_ms()
        if remaining > 0:
            self._timer.start(remaining)
            return
        self.stop()
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The class first: asking any event for its type makes a Python enum (a few
        # microseconds, for each of the hundreds of paint and layout events of a switch).
        if self._running and isinstance(event, INPUT_EVENTS) and event.type() in ACTIVITY:
            self._last = time.monotonic()
        return False
