"""Who attended a session: a combo box whose choices follow the case (a couple's partners,
or a client alone, with a partner, or with others), and the line the session list shows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from casenotes.core.domain import (
    ATTENDANCE_LABELS,
    COUPLE_ATTENDANCE,
    INDIVIDUAL_ATTENDANCE,
    Attendance,
    Case,
    ClientType,
)

NOT_RECORDED = "Not recorded"


def is_couple(case: Case | None) -> bool:
    return case is not None and (ClientType.COUPLE in case.client_types or len(case.members) >= 2)


def attendance_label(attendance: Attendance | None) -> str:
    """How the window names who attended ("Partner A alone"); "" when not recorded. Labels,
    never names: a session list may be on a shared screen."""
    return ATTENDANCE_LABELS[attendance] if attendance is not None else ""


class AttendanceField(QComboBox):
    """ "Who attended", with the choices that fit the case. A stored value that does not fit
    (the case's client types changed since) is still shown and kept."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Who attended")
        self.setToolTip(
            "Who was in the session. In couples work, an individual session with "
            "one partner is marked wherever the session is shown or shared."
        )
        self._loading = False
        self.currentIndexChanged.connect(self._changed)
        self.load(None, None, read_only=False)

    def load(self, case: Case | None, attendance: Attendance | None, *, read_only: bool) -> None:
        self._loading = True
        try:
            self.clear()
            self.addItem(NOT_RECORDED, "")
            choices = list(COUPLE_ATTENDANCE if is_couple(case) else INDIVIDUAL_ATTENDANCE)
            if attendance is not None and attendance not in choices:
                choices.append(attendance)
            for choice in choices:
                self.addItem(ATTENDANCE_LABELS[choice], choice.value)
            self.setCurrentIndex(max(0, self.findData(attendance.value if attendance else "")))
            self.setEnabled(not read_only)
        finally:
            self._loading = False

    def attendance(self) -> Attendance | None:
        value = self.currentData()
        return Attendance(value) if value else None

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()


__all__ = ["NOT_RECORDED", "AttendanceField", "attendance_label", "is_couple"]
