"""Everything Casenotes puts on the clipboard goes through here (the recovery key, note and
summary text), modelled on KeePassXC:

- the copy carries the hints that keep clipboard managers from recording it: on Linux
  ``x-kde-passwordManagerHint: secret`` (Klipper and others honour it), on Windows the
  ``ExcludeClipboardContentFromMonitorProcessing`` format (clipboard monitors skip it) and
  ``CanIncludeInClipboardHistory`` / ``CanUploadToCloudClipboard`` set to 0 (Win+V
  history, cloud clipboard);
- 30 seconds later the clipboard is cleared, if it still holds what Casenotes put there
  (never what another program copied since);
- the guard remembers a SHA-256 of the copied text, never the text, so the window can also
  clear it at lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys

from PySide6.QtCore import QByteArray, QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

KDE_SECRET_HINT = "x-kde-passwordManagerHint"
WINDOWS_EXCLUDE = "ExcludeClipboardContentFromMonitorProcessing"
WINDOWS_NO_HISTORY = "CanIncludeInClipboardHistory"
WINDOWS_NO_CLOUD = "CanUploadToCloudClipboard"
CLEAR_AFTER_MS = 30_000
_DWORD_ZERO = b"\x00\x00\x00\x00"


def mark_secret(mime: QMimeData, platform: str | None = None) -> QMimeData:
    """Add the "do not record this" hints of the platform to a copy."""
    platform = platform or sys.platform
    if platform == "win32":
        mime.setData(WINDOWS_EXCLUDE, QByteArray(b"\x01"))
        mime.setData(WINDOWS_NO_HISTORY, QByteArray(_DWORD_ZERO))
        mime.setData(WINDOWS_NO_CLOUD, QByteArray(_DWORD_ZERO))
    elif platform != "darwin":
        mime.setData(KDE_SECRET_HINT, QByteArray(b"secret"))
    return mime


def secret_mime(text: str, platform: str | None = None) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    return mark_secret(mime, platform)


def _modes() -> list[QClipboard.Mode]:
    clipboard = QGuiApplication.clipboard()
    modes = [QClipboard.Mode.Clipboard]
    if clipboard is not None and clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    return modes


def clear_clipboard() -> None:
    clipboard = QGuiApplication.clipboard()
    for mode in _modes():
        clipboard.clear(mode)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class ClipboardGuard(QObject):
    """Knows (by digest) what Casenotes last put on the clipboard, and takes it off again
    after ``clear_after_ms`` or when asked, if it is still there."""

    def __init__(
        self, parent: QObject | None = None, *, clear_after_ms: int = CLEAR_AFTER_MS
    ) -> None:
        super().__init__(parent)
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_if_ours)

    @property
    def clear_after_ms(self) -> int:
        return self._timer.interval()

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard, marked secret, to be cleared after a while."""
        QGuiApplication.clipboard().setMimeData(secret_mime(text), QClipboard.Mode.Clipboard)
        self.copied(text)

    def copied(self, text: str) -> None:
        """A widget put ``text`` on the clipboard (its copy was marked with ``mark_secret``)."""
        self._digest = _digest(text) if text else None
        if self._digest is None:
            self._timer.stop()
        else:
            self._timer.start()

    def _our_modes(self) -> list[QClipboard.Mode]:
        if self._digest is None:
            return []
        clipboard = QGuiApplication.clipboard()
        if clipboard is None:
            return []
        ours = []
        for mode in _modes():
            with contextlib.suppress(RuntimeError):
                text = clipboard.text(mode)
                if text and _digest(text) == self._digest:
                    ours.append(mode)
        return ours

    def owns_clipboard(self) -> bool:
        return bool(self._our_modes())

    def clear_if_ours(self) -> bool:
        """Clear what we put there, if it is still there; forget it either way."""
        modes = self._our_modes()
        clipboard = QGuiApplication.clipboard()
        for mode in modes:
            clipboard.clear(mode)
        self.forget()
        return bool(modes)

    def forget(self) -> None:
        self._digest = None
        self._timer.stop()
