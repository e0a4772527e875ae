"""Every item model of the workspace, checked by Qt's QAbstractItemModelTester with real
content and while it changes; roles and filters tested without a window (Vorta-style)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from casenotes.core.demo import generate_demo
from casenotes.core.domain import Case, CaseBundle, CaseStatus, ClientType
from casenotes.core.journal import Journal
from casenotes.ui.shared.common import model_data
from casenotes.ui.workspace.case_filter import HIDDEN_NAME, CaseFilterProxy
from casenotes.ui.workspace.case_model import (
    COL_CODE,
    COL_LAST_SESSION,
    COL_NAME,
    COL_STATUS,
    COL_TYPES,
    CaseRole,
    CaseTableModel,
)
from casenotes.ui.workspace.history_model import RevisionListModel, RevisionRole
from casenotes.ui.workspace.session_model import SessionListModel, SessionRole
from casenotes.ui.workspace.workspace import last_session_dates

Mode = QAbstractItemModelTester.FailureReportingMode


@pytest.fixture
def bundles() -> list[CaseBundle]:
    return generate_demo(cases=12, notes=120, seed=1)


@pytest.fixture
def cases(bundles: list[CaseBundle]) -> list[Case]:
    return [b.case for b in bundles]


@pytest.fixture
def failures() -> Iterator[list[str]]:
    """What QAbstractItemModelTester reports (as Qt warnings starting with "FAIL!")."""
    found: list[str] = []

    def handler(mode: object, context: object, message: str) -> None:
        if "FAIL" in message:
            found.append(message)

    previous = qInstallMessageHandler(handler)
    yield found
    qInstallMessageHandler(previous)


def test_the_tester_reports_through_the_fixture(failures: list[str]) -> None:
    class Broken(CaseTableModel):
        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return "not a size" if role == Qt.ItemDataRole.SizeHintRole else None

    model = Broken()
    model.set_cases([Case(code="A", display_name="a")])
    tester = QAbstractItemModelTester(model, Mode.Warning)
    assert tester is not None
    assert failures


def test_case_model_passes_the_tester_while_filled_and_changed(
    failures: list[str], cases: list[Case], bundles: list[CaseBundle]
) -> None:
    model = CaseTableModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_cases(cases)
    model.set_last_sessions(last_session_dates([n for b in bundles for n in b.notes]))
    model.upsert_case(replace(cases[0], display_name="Changed"))
    model.upsert_case(Case(code="NEW-1", display_name="New"))
    model.remove_case(cases[1].id)
    model.set_last_session(cases[2].id, date(2025, 1, 1))
    assert model.rowCount() == len(cases)
    assert tester is not None
    assert not failures, failures


def test_case_model_roles(cases: list[Case], bundles: list[CaseBundle]) -> None:
    model = CaseTableModel()
    model.set_cases(cases)
    dates = last_session_dates([n for b in bundles for n in b.notes])
    model.set_last_sessions(dates)
    couple = next(c for c in cases if ClientType.COUPLE in c.client_types)
    row = model.row_of(couple.id)
    index = model.index(row, COL_CODE)
    assert model.data(index) == couple.code
    assert model.data(model.index(row, COL_NAME)) == couple.display_name
    assert "Couple" in model.data(model.index(row, COL_TYPES))
    assert model.data(model.index(row, COL_STATUS)) in {"Active", "Paused", "Closed"}
    assert model.data(index, CaseRole.CASE_ID) == couple.id
    assert model.data(index, CaseRole.CASE) is couple
    assert ClientType.COUPLE in model.data(index, CaseRole.CLIENT_TYPES)
    assert model.data(index, CaseRole.LAST_SESSION) == dates[couple.id]
    assert (
        model.data(model.index(row, COL_LAST_SESSION), CaseRole.SORT)
        == dates[couple.id].isoformat()
    )
    chips = model.data(model.index(row, COL_TYPES), CaseRole.CHIPS)
    assert ("Couple", pytest.approx(0.78)) in chips
    assert model.headerData(COL_LAST_SESSION, Qt.Orientation.Horizontal) == "Last session"
    assert model.all_tags() == sorted({t for c in cases for t in c.tags}, key=str.casefold)
    trashed = replace(couple, deleted_at=couple.created_at)
    model.upsert_case(trashed)
    assert model.row_of(couple.id) == -1


def test_filter_proxy_passes_the_tester_and_filters(failures: list[str], cases: list[Case]) -> None:
    model = CaseTableModel()
    model.set_cases(cases)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, Mode.Warning)
    proxy.sort(COL_CODE, Qt.SortOrder.AscendingOrder)

    proxy.set_client_type(ClientType.COUPLE)
    couples = [c for c in cases if ClientType.COUPLE in c.client_types]
    assert proxy.rowCount() == len(couples) > 0
    for row in range(proxy.rowCount()):
        assert ClientType.COUPLE in model_data(proxy.index(row, 0), CaseRole.CLIENT_TYPES)

    proxy.set_client_type(None)
    proxy.set_status(CaseStatus.CLOSED)
    closed = [c for c in cases if c.status == CaseStatus.CLOSED]
    assert proxy.rowCount() == len(closed)

    proxy.set_status(None)
    tag = next(t for c in cases for t in c.tags)
    proxy.set_tag(tag.upper())  # tags match regardless of case
    assert proxy.rowCount() == sum(1 for c in cases if tag in c.tags)
    assert proxy.is_filtered()

    proxy.clear_filters()
    assert proxy.rowCount() == len(cases)
    model.upsert_case(Case(code="ZZ-1", display_name="Late"))
    model.remove_case(cases[0].id)
    assert tester is not None
    assert not failures, failures


def test_the_case_model_keeps_its_rows_in_the_sorted_order(
    failures: list[str], cases: list[Case]
) -> None:
    model = CaseTableModel()
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, Mode.Warning)
    proxy.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    model.set_cases(cases)  # arrives in the order shown
    names = [
        model_data(proxy.index(row, COL_NAME), Qt.ItemDataRole.DisplayRole)
        for row in range(proxy.rowCount())
    ]
    assert names == sorted((c.display_name for c in cases), key=str.casefold, reverse=True)
    assert (proxy.sortColumn(), proxy.sortOrder()) == (COL_NAME, Qt.SortOrder.DescendingOrder)

    # A selection (a persistent index) follows its case through a re-sort.
    chosen = cases[3]
    held = QPersistentModelIndex(proxy.index(proxy.row_of(chosen.id), COL_CODE))
    proxy.sort(COL_CODE, Qt.SortOrder.AscendingOrder)
    codes = [
        model_data(proxy.index(row, COL_CODE), CaseRole.CASE_ID) for row in range(proxy.rowCount())
    ]
    assert codes == [c.id for c in sorted(cases, key=lambda c: c.code.casefold())]
    assert model_data(held, CaseRole.CASE_ID) == chosen.id

    # Dates arriving re-sort a list sorted by them; ties keep the code order either way.
    proxy.sort(COL_LAST_SESSION, Qt.SortOrder.DescendingOrder)
    dates = {c.id: date(2026, 1 + i % 3, 1) for i, c in enumerate(cases)}
    model.set_last_sessions(dates)
    proxy.sort(COL_LAST_SESSION, Qt.SortOrder.DescendingOrder)
    shown = [model_data(proxy.index(row, 0), CaseRole.CASE) for row in range(proxy.rowCount())]
    expected = sorted(
        sorted(cases, key=lambda c: c.code.casefold()), key=lambda c: dates[c.id], reverse=True
    )
    assert [c.id for c in shown] == [c.id for c in expected]
    assert tester is not None
    assert not failures, failures


def test_privacy_mode_keeps_names_inside_the_model(failures: list[str], cases: list[Case]) -> None:
    model = CaseTableModel()
    model.set_cases(cases)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, Mode.Warning)
    proxy.set_privacy_mode(True)
    names = {c.display_name for c in cases}
    for row in range(proxy.rowCount()):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            for role in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole,
            ):
                assert proxy.data(index, role) not in names
        assert proxy.data(proxy.index(row, COL_NAME)) == HIDDEN_NAME
        assert proxy.data(proxy.index(row, COL_CODE)) in {c.code for c in cases}
    proxy.set_privacy_mode(False)
    assert proxy.data(proxy.index(0, COL_NAME)) in names
    assert tester is not None
    assert not failures, failures


def test_session_model_passes_the_tester(failures: list[str], bundles: list[CaseBundle]) -> None:
    bundle = max(bundles, key=lambda b: len(b.notes))
    model = SessionListModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_notes(bundle.notes)
    dates = [
        model.data(model.index(r, 0), SessionRole.NOTE).session_date
        for r in range(model.rowCount())
    ]
    assert dates == sorted(dates, reverse=True)  # newest first
    note = bundle.notes[0]
    model.upsert(replace(note, session_date=date(2030, 1, 1)))
    assert model.data(model.index(0, 0), SessionRole.NOTE_ID) == note.id
    assert model.replace_in_place(
        replace(note, session_date=date(2030, 1, 1), sections={"body": "x"})
    )
    model.remove(note.id)
    assert model.row_of(note.id) == -1
    signed = next(n for n in bundle.notes if n.is_signed)
    index = model.index(model.row_of(signed.id), 0)
    assert model.data(index, SessionRole.BADGE).startswith("Signed")
    assert model.data(index, SessionRole.SIGNED) is True
    assert tester is not None
    assert not failures, failures


def test_the_revision_model_passes_the_tester(failures: list[str], demo_journal: Journal) -> None:
    notes = demo_journal.all_notes()
    with_history = max(notes, key=lambda n: len(demo_journal.revisions(n.id)))
    revisions = demo_journal.revisions(with_history.id)
    assert len(revisions) > 1
    revision_model = RevisionListModel()
    tester = QAbstractItemModelTester(revision_model, Mode.Warning)
    revision_model.set_revisions(revisions, with_history)
    saved = [
        revision_model.data(revision_model.index(r, 0), RevisionRole.REVISION).saved_at
        for r in range(revision_model.rowCount())
    ]
    assert saved == sorted(saved, reverse=True)
    assert tester is not None
    assert not failures, failures
