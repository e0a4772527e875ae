"""Fixtures for the consultation-summary dialogs: a real vault (cheap test KDF) holding one
case whose known identifiers appear in its notes, the synchronous task runner, and stand-ins
for the two things a test cannot click through: the save-file dialog and message boxes.

All people, places and details here are fictional."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casenotes.core.domain import Case, ClientType, Identifiers, Note, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.tasks import SyncTaskRunner

PASSPHRASE = "a strong fictional passphrase for tests 42"
CODE = "C-314"
FULL_NAME = "Mirela Vasquez-Thorne"
ALIAS = "Scarlett"
PLACE = "Quillmouth"
EMPLOYER = "Lanternhouse Studio"
PHONE = "0413 555 274"
HANDLE = "@scarlett.q"
EMAIL = "mirela.vt@example.org"
IDENTIFIERS = (
    FULL_NAME,
    "Mirela",
    "Vasquez-Thorne",
    ALIAS,
    PLACE,
    EMPLOYER,
    PHONE,
    "0413555274",
    HANDLE,
    "scarlett.q",
    EMAIL,
)

SESSIONS = (
    {
        "data": (
            f"Mirela arrived early and talked about her regulars at {EMPLOYER}. She "
            f"screens new clients by text from {PHONE} and feels confident doing it."
        ),
        "assessment": "She describes the work as her choice and names what it gives her.",
        "plan": "Explore what the new booking rules mean for her week.",
    },
    {
        "data": (
            f"Work name {ALIAS}; clients find her through {HANDLE}. She is planning a "
            f"weekend visit to family in {PLACE} and wonders what to tell them."
        ),
        "assessment": "Disclosure feels like a question of safety and of stigma, not shame.",
        "plan": f"Email {EMAIL} was mentioned only as her booking address.",
    },
    {
        "data": (
            "Mirela and her partner revisited their agreement about overnight bookings; "
            "she wants the rules to be set together."
        ),
        "assessment": "The agreement seems to protect closeness for both of them.",
        "plan": "A joint session if both want it.",
    },
)


@dataclass
class Vault:
    journal: Journal
    case_id: str
    notes: list[Note]


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    created = Journal.create(tmp_path / "vault" / "v.vault", PASSPHRASE, KdfPolicy.testing())
    journal = created.journal
    case = journal.save_case(
        Case(
            code=CODE,
            display_name=FULL_NAME,
            client_types=[ClientType.CURRENT_SEX_WORKER],
            identifiers=Identifiers(
                names=[FULL_NAME],
                aliases=[ALIAS],
                places=[PLACE],
                employers=[EMPLOYER],
                phones=[PHONE],
                handles=[HANDLE],
                emails=[EMAIL],
            ),
        )
    )
    notes = [
        journal.save_note(
            Note(
                case_id=case.id,
                session_date=date(2026, 2, 3 + 7 * i),
                template=NoteTemplate.DAP,
                sections=dict(sections),
            )
        )
        for i, sections in enumerate(SESSIONS)
    ]
    yield Vault(journal, case.id, notes)
    journal.lock()


@pytest.fixture
def tasks() -> SyncTaskRunner:
    return SyncTaskRunner()


@dataclass
class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: answers ``target`` and records the asks."""

    target: Path | None = None
    asked: list[tuple[str, str, str]] = field(default_factory=list)


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SaveDialog:
    target = tmp_path / "out" / "consultation-summary.md"
    target.parent.mkdir()
    stub = SaveDialog(target)

    def get_save_file_name(
        parent: object,
        caption: str = "",
        directory: str = "",
        filter: str = "",
        *args: object,
        **kwargs: object,
    ) -> tuple[str, str]:
        stub.asked.append((caption, directory, filter))
        return (str(stub.target) if stub.target is not None else "", filter)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return stub


@dataclass
class Warnings:
    """Stands in for QMessageBox.warning: records (title, text) and says yes (Save or Yes),
    or Cancel once ``cancel`` is set."""

    asked: list[tuple[str, str]] = field(default_factory=list)
    cancel: bool = False


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Warnings:
    stub = Warnings()
    buttons_type = QMessageBox.StandardButton

    def warning(
        parent: object, title: str, text: str, buttons: object = None, default: object = None
    ) -> QMessageBox.StandardButton:
        stub.asked.append((title, text))
        assert isinstance(buttons, buttons_type)
        assert default == buttons_type.Cancel, "a warning before export defaults to Cancel"
        if stub.cancel:
            return buttons_type.Cancel
        for choice in (buttons_type.Save, buttons_type.Yes):
            if buttons & choice:
                return choice
        return buttons_type.Cancel

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return stub
