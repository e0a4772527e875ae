"""Journal: the clinician profile is kept in the settings and stored with each signature,
so changing it later does not rewrite what was signed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from casenotes.core.domain import Case, ClinicianProfile, Note
from casenotes.core.journal import Journal
from casenotes.core.record.model import RecordOptions


def test_a_signature_keeps_the_profile_of_its_day(journal: Journal) -> None:
    assert journal.clinician_profile().is_empty()
    case = journal.save_case(Case(code="CL-01", display_name="Juno"))
    first = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 1, 8),
            sections={"body": "Signed before a profile existed."},
        )
    )
    assert journal.sign_note(first.id).signed_by is None

    journal.save_settings(
        replace(
            journal.settings(),
            clinician_name="Alex Rivera",
            clinician_credentials="MA, LMFT",
            clinician_licence="LMFT 12345",
        )
    )
    second = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 1, 15),
            sections={"body": "Signed with the profile."},
        )
    )
    signed = journal.sign_note(second.id)
    assert signed.signed_by == ClinicianProfile("Alex Rivera", "MA, LMFT", "LMFT 12345")

    journal.save_settings(replace(journal.settings(), clinician_licence="LMFT 99999"))
    stored = journal.get_note(second.id)
    assert stored is not None and stored.signed_by is not None
    assert stored.signed_by.licence == "LMFT 12345"
    assert journal.verify().intact

    record = journal.case_record(case.id, RecordOptions())
    old, new = (session.signature for session in record.sessions)
    assert new is not None and new.clinician.licence == "LMFT 12345"
    assert old is not None and old.clinician.licence == "LMFT 99999"  # today's stands in
    assert record.clinician.licence == "LMFT 99999"
