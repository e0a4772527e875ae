"""Retention dates, and deletions before them: a reason is needed, and the destruction log
names the record without holding any of its content."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from tests.core.conftest import RawVault

from casenotes.core.domain import Case, Goal, Note
from casenotes.core.journal import Journal
from casenotes.core.retention import RetentionError, add_years, last_contact, needs_reason


def test_a_retention_date_is_the_last_contact_plus_the_years() -> None:
    case = Case(
        code="R",
        display_name="R",
        intake_date=date(2020, 2, 29),
        created_at=datetime(2019, 1, 1, tzinfo=UTC),
    )
    assert last_contact(case, []) == date(2020, 2, 29)
    assert add_years(date(2020, 2, 29), 7) == date(2027, 2, 28)
    notes = [
        Note(case_id=case.id, session_date=date(2021, 5, 1)),
        Note(
            case_id=case.id,
            session_date=date(2022, 6, 1),
            deleted_at=datetime(2022, 7, 1, tzinfo=UTC),
        ),
    ]
    assert last_contact(case, notes) == date(2021, 5, 1)  # a trashed note is no contact
    assert needs_reason(date(2028, 5, 1), date(2028, 4, 30))
    assert not needs_reason(date(2028, 5, 1), date(2028, 5, 1))


def test_an_early_deletion_needs_a_reason_and_is_logged_without_content(
    journal: Journal, raw_vault: RawVault
) -> None:
    case = journal.save_case(Case(code="RT-01", display_name="Juno"))
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date.today(),
            sections={"body": "Talked about a rest week."},
        )
    )
    journal.sign_note(note.id)
    goal = journal.save_goal(Goal(case_id=case.id, text="A rest day each week"))
    until = journal.retention_date(case.id)
    assert until == add_years(date.today(), 7)
    assert journal.needs_deletion_reason(case.id)

    with pytest.raises(RetentionError, match="needs a reason"):
        journal.delete_goal(goal.id)
    journal.delete_goal(goal.id, reason="  Duplicate of an existing   goal ")
    journal.trash_note(note.id)
    with pytest.raises(RetentionError):
        journal.purge_note(note.id, reason="   ")
    journal.purge_note(note.id, reason="Written in the wrong case")
    [first, second] = journal.destruction_log()
    assert (first.kind, first.record_id, first.reason, first.retained_until) == (
        "goal",
        goal.id,
        "Duplicate of an existing goal",
        until,
    )
    assert (second.kind, second.record_id) == ("note", note.id)
    # Sealed: neither the reason nor anything of the note or goal is readable in the file.
    journal.lock()
    for word in (b"Duplicate", b"rest", b"Juno", b"wrong case"):
        assert all(
            word not in bytes(row[0])
            for row in raw_vault.query("SELECT entry_enc FROM destruction_log")
        )


def test_due_for_review_lists_cases_past_their_date(journal: Journal) -> None:
    old = journal.save_case(Case(code="OLD-1", display_name="Old"))
    journal.save_note(Note(case_id=old.id, session_date=date(2010, 3, 1)))
    journal.save_case(Case(code="NEW-1", display_name="New", intake_date=date.today()))
    due = journal.cases_due_for_review()
    assert [(c.code, until) for c, until in due] == [("OLD-1", date(2017, 3, 1))]
    journal.save_settings(replace(journal.settings(), retention_years=20))
    assert journal.cases_due_for_review() == []
    # A case past its date is deleted without a reason, and logged all the same.
    journal.save_settings(replace(journal.settings(), retention_years=7))
    journal.trash_case(old.id)
    journal.purge_case(old.id)
    [entry] = journal.destruction_log()
    assert (entry.kind, entry.record_id, entry.reason, entry.retained_until) == (
        "case",
        old.id,
        "",
        None,
    )
