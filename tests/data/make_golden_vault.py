"""Write tests/data/golden-v1.vault: a vault of format 1, schema revision 0001, with known,
fictional content covering every record type. Run once, by hand:

    .venv/bin/python tests/data/make_golden_vault.py

NEVER regenerate the file once it is committed. It stands for the vaults that users of the
first release have on disk: every later version of Casenotes must open it as it is
(tests/core/test_golden_vault.py). The script is kept to show how the file was made; it refuses
to overwrite an existing file. The passphrase, recovery key and contents are documented in
tests/data/README.md. All people and details are fictional.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from casenotes.core.domain import (
    Addendum,
    Case,
    CaseBundle,
    CaseStatus,
    ClientType,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteRevision,
    NoteTemplate,
    SessionFormat,
    Settings,
    note_content_hash,
)
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

TARGET = Path(__file__).resolve().parent / "golden-v1.vault"

PASSPHRASE = "Golden vault: quartz lantern harbour 1958"
RECOVERY_KEY = bytes(range(0x60, 0x80))  # text form in README.md

COUPLE_ID = "c0ffee00-0000-4000-8000-000000000001"
SOLO_ID = "c0ffee00-0000-4000-8000-000000000002"
TRASHED_ID = "c0ffee00-0000-4000-8000-000000000003"
GOAL_ID = "c0ffee00-0000-4000-8000-000000000011"
SOAP_ID = "c0ffee00-0000-4000-8000-000000000021"
DAP_ID = "c0ffee00-0000-4000-8000-000000000022"
ADDENDUM_ID = "c0ffee00-0000-4000-8000-000000000031"
SOAP_REVISION_ID = "c0ffee00-0000-4000-8000-000000000041"
DAP_REVISION_1_ID = "c0ffee00-0000-4000-8000-000000000042"
DAP_REVISION_2_ID = "c0ffee00-0000-4000-8000-000000000043"
EXPORT_ID = "c0ffee00-0000-4000-8000-000000000051"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def bundles() -> list[CaseBundle]:
    couple = Case(
        id=COUPLE_ID,
        code="CPL-01",
        display_name="Avery & Sam",
        client_types=[ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS],
        tags=["agreements", "café"],
        status=CaseStatus.ACTIVE,
        pronouns="",
        intake_date=date(2023, 9, 4),
        identifiers=Identifiers(
            names=["Avery Quill", "Sam Ortolan"],
            aliases=["Ave"],
            handles=["@sam_o"],
            phones=["+1 555 0101"],
            emails=["avery@example.org"],
            places=["Lakeport"],
            employers=["Northwind Books"],
            other=["gym locker 12"],
        ),
        members=[Member("Partner A", "Avery", "she/her"), Member("Partner B", "Sam", "he/him")],
        created_at=at("2023-09-04T15:00:00"),
        updated_at=at("2023-09-04T15:05:00"),
    )
    goal = Goal(
        id=GOAL_ID,
        case_id=COUPLE_ID,
        text="Write down the agreement we both want",
        status=GoalStatus.IN_PROGRESS,
        created_at=at("2023-09-04T16:00:00"),
        updated_at=at("2023-09-18T16:00:00"),
        history=[
            GoalChange(
                at("2023-09-04T16:00:00"), GoalStatus.OPEN, "Talk about what the agreement is for"
            ),
            GoalChange(
                at("2023-09-18T16:00:00"),
                GoalStatus.IN_PROGRESS,
                "Write down the agreement we both want",
            ),
        ],
    )
    soap = Note(
        id=SOAP_ID,
        case_id=COUPLE_ID,
        session_date=date(2023, 9, 11),
        duration_minutes=80,
        format=SessionFormat.IN_PERSON,
        template=NoteTemplate.SOAP,
        sections={
            "subjective": "Sam describes the visits as meeting a need for novelty; "
            "Avery wants to be told, not to stop them.",
            "objective": "Both calm, took turns, some laughter. ☕ offered and accepted.",
            "assessment": "The strain is in the unspoken agreement, not in the visits.",
            "plan": "Each brings one line of the agreement they would want to keep.",
        },
        tags=["agreements", "novelty"],
        reflection={
            "need_met": ["novelty", "physical"],
            "systemic_function": "Keeps a manageable distance while the couple renegotiates.",
            "own_assumptions": "Checked: not assuming the visits are the problem.",
            "safety": {"raised_by_client": False, "notes": ""},
        },
        goal_ids=[GOAL_ID],
        created_at=at("2023-09-11T17:00:00"),
        updated_at=at("2023-09-11T17:30:00"),
    )
    soap.signed_at = at("2023-09-11T18:00:00")
    soap.content_hash = note_content_hash(soap)
    soap.addenda = [
        Addendum(
            id=ADDENDUM_ID,
            note_id=SOAP_ID,
            text="Addendum: Sam called to move the next session; the plan is unchanged.",
            created_at=at("2023-09-12T09:00:00"),
        )
    ]
    soap_revision = NoteRevision.of(soap, at("2023-09-11T17:30:00"))
    soap_revision.id = SOAP_REVISION_ID

    dap_first = Note(
        id=DAP_ID,
        case_id=COUPLE_ID,
        session_date=date(2023, 9, 18),
        duration_minutes=50,
        format=SessionFormat.TELEHEALTH,
        template=NoteTemplate.DAP,
        sections={"data": "Compared their two drafts.", "assessment": "", "plan": ""},
        tags=[],
        reflection={},
        created_at=at("2023-09-18T17:00:00"),
        updated_at=at("2023-09-18T17:00:00"),
    )
    dap_revision_1 = NoteRevision.of(dap_first, at("2023-09-18T17:00:00"))
    dap_revision_1.id = DAP_REVISION_1_ID
    dap = Note(
        id=DAP_ID,
        case_id=COUPLE_ID,
        session_date=date(2023, 9, 18),
        duration_minutes=50,
        format=SessionFormat.TELEHEALTH,
        template=NoteTemplate.DAP,
        sections={
            "data": "Compared their two drafts; most lines overlap.",
            "assessment": "Curious rather than defended; naïve hopes named kindly.",
            "plan": "Merge the drafts at home; bring the hard line next time.",
        },
        tags=["agreements"],
        reflection={"need_met": ["emotional"]},
        created_at=at("2023-09-18T17:00:00"),
        updated_at=at("2023-09-18T17:20:00"),
    )
    dap_revision_2 = NoteRevision.of(dap, at("2023-09-18T17:20:00"))
    dap_revision_2.id = DAP_REVISION_2_ID

    solo = Case(
        id=SOLO_ID,
        code="SW-02",
        display_name="Jules",
        client_types=[ClientType.CURRENT_SEX_WORKER, ClientType.FORMER_SEX_WORKER],
        tags=["workplace-safety"],
        status=CaseStatus.PAUSED,
        pronouns="they/them",
        intake_date=None,
        identifiers=Identifiers(handles=["@jules.fictional"]),
        members=[],
        created_at=at("2023-10-02T10:00:00"),
        updated_at=at("2023-10-02T10:00:00"),
    )
    trashed = Case(
        id=TRASHED_ID,
        code="OLD-03",
        display_name="Moved to the trash",
        client_types=[ClientType.OCSB, ClientType.OTHER],
        status=CaseStatus.CLOSED,
        created_at=at("2023-08-01T10:00:00"),
        updated_at=at("2023-10-05T10:00:00"),
        deleted_at=at("2023-10-05T10:00:00"),
    )
    return [
        CaseBundle(
            case=couple,
            goals=[goal],
            notes=[soap, dap],
            revisions={SOAP_ID: [soap_revision], DAP_ID: [dap_revision_1, dap_revision_2]},
        ),
        CaseBundle(case=solo),
        CaseBundle(case=trashed),
    ]


EXPORT = ExportLogEntry(
    id=EXPORT_ID,
    case_id=COUPLE_ID,
    exported_at=at("2023-09-20T10:00:00"),
    kind="summary",
    format="md",
    sessions="1-2",
    content_sha256=hashlib.sha256(b"golden summary").hexdigest(),
)

SETTINGS = Settings(
    auto_lock_minutes=10,
    lock_on_minimise=True,
    privacy_mode_at_start=False,
    theme="dark",
    font_size=12,
    backups_keep=7,
    last_case_id=COUPLE_ID,
    last_note_id=DAP_ID,
)


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists and must never be regenerated; nothing was written.")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vault" / "golden-v1.vault"
        created = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), recovery_key=RECOVERY_KEY)
        journal = created.journal
        try:
            journal.import_bundles(bundles())
            journal.log_export(EXPORT)
            journal.save_settings(SETTINGS)
            report = journal.verify()
            assert report.intact, report
        finally:
            journal.lock()
        leftovers = sorted(p.name for p in path.parent.iterdir())
        assert leftovers == [path.name], leftovers  # checkpointed: a single file, no -wal
        shutil.copyfile(path, TARGET)
    print(f"wrote {TARGET}")
    print(f"recovery key: {created.recovery_key}")
    print(f"vault_id: {journal.header.vault_id.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
