"""Fixtures for the workspace's GUI tests: a real journal (cheap KDF), fictional demo content,
the synchronous task runner, and a shown Workspace. All people and details are fictional."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.demo import generate_demo
from casenotes.core.domain import Case, ClientType, Identifiers, Member, Note, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.workspace import Workspace

from ..support import DeferredTaskRunner  # noqa: F401 (the workspace tests import it from here)
from .courses import failures_fixture, known_case

PASSPHRASE = "a strong fictional passphrase for tests 42"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    created = Journal.create(tmp_path / "v.vault", PASSPHRASE, KdfPolicy.testing())
    yield created.journal
    created.journal.lock()


@pytest.fixture
def demo_journal(journal: Journal) -> Journal:
    journal.import_bundles(generate_demo(cases=12, notes=120, seed=1))
    return journal


@pytest.fixture
def tasks() -> SyncTaskRunner:
    return SyncTaskRunner()


@pytest.fixture
def make_workspace(qtbot: QtBot) -> Callable[..., Workspace]:
    def make(journal: Journal, tasks: Any = None, *, show: bool = True) -> Workspace:
        workspace = Workspace(journal, tasks if tasks is not None else SyncTaskRunner())
        qtbot.addWidget(workspace)
        workspace.resize(1440, 900)
        if show:
            workspace.show()
            workspace.activateWindow()
            qtbot.waitActive(workspace)
        return workspace

    return make


@pytest.fixture
def workspace(make_workspace: Callable[..., Workspace], demo_journal: Journal) -> Workspace:
    return make_workspace(demo_journal)


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal question would hang the run: unless a test says otherwise, every
    confirmation is answered with its default button (Cancel, for everything here)."""

    def default_answer(
        parent: object, title: str, text: str, buttons: object = None, default: object = None
    ) -> Any:
        assert isinstance(default, QMessageBox.StandardButton), "give every question a default"
        return default

    monkeypatch.setattr(QMessageBox, "question", staticmethod(default_answer))


@pytest.fixture(autouse=True)
def deletion_reasons(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The modal reason dialog (deleting before the retention date), answered with a
    reason; the prompts shown are recorded."""
    from casenotes.ui.workspace import deletion_reason

    asked: list[str] = []

    def ask(parent: object, what: str, until: object) -> str:
        asked.append(deletion_reason.reason_prompt(what, until))  # type: ignore[arg-type]
        return "Entered twice by mistake"

    monkeypatch.setattr(deletion_reason, "ask_deletion_reason", ask)
    return asked


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answers Yes to every confirmation (QMessageBox.question) and records the titles."""
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> Any:
        asked.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture
def small(journal: Journal) -> dict[str, Any]:
    """A couple case and a solo case, with a few notes: known words to search for."""
    couple = journal.save_case(
        Case(
            code="CPL-07",
            display_name="Rowan & Kit",
            client_types=[ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS],
            tags=["agreements"],
            pronouns="they/them",
            identifiers=Identifiers(names=["Rowan Pell", "Kit Amaro"], places=["Harbourside"]),
            members=[
                Member("Partner A", "Rowan", "they/them"),
                Member("Partner B", "Kit", "he/him"),
            ],
        )
    )
    solo = journal.save_case(
        Case(
            code="SW-12",
            display_name="Juno",
            client_types=[ClientType.CURRENT_SEX_WORKER],
            tags=["workplace-safety"],
        )
    )
    from datetime import date

    first = journal.save_note(
        Note(
            case_id=couple.id,
            session_date=date(2024, 3, 8),
            template=NoteTemplate.SOAP,
            sections={
                "subjective": "Talked about the agreement.",
                "objective": "",
                "assessment": "",
                "plan": "",
            },
        )
    )
    second = journal.save_note(
        Note(
            case_id=couple.id,
            session_date=date(2024, 3, 15),
            sections={"body": "Compared drafts <b>bold</b> & more."},
        )
    )
    solo_note = journal.save_note(
        Note(
            case_id=solo.id,
            session_date=date(2024, 4, 2),
            sections={"body": "Screening clients on a new booking platform."},
        )
    )
    return {
        "couple": couple,
        "solo": solo,
        "first": first,
        "second": second,
        "solo_note": solo_note,
    }


def damage_note(path: Path, note_id: str) -> None:
    """Flip one bit of a note's stored sections, as an edit outside Casenotes would."""
    with closing(sqlite3.connect(path)) as connection:
        (value,) = connection.execute(
            "SELECT sections_enc FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
        flipped = bytearray(value)
        flipped[20] ^= 0x01
        connection.execute(
            "UPDATE notes SET sections_enc = ? WHERE id = ?", (bytes(flipped), note_id)
        )
        connection.commit()


@pytest.fixture
def known() -> dict[str, Any]:
    """A fictional case's course: three sessions, two goals whose status changed."""
    return known_case()


@pytest.fixture
def failures() -> Iterator[list[str]]:
    """What QAbstractItemModelTester reported while the test ran."""
    yield from failures_fixture()
