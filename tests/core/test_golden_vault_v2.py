"""The golden vault of format 2: tests/data/golden-v2.vault was written once by the code that
introduced format 2 (tests/data/make_golden_vault_v2.py) and is never regenerated. Every later
version must open it with its passphrase and its recovery key, find its manifest intact at the
pinned write counter, and read back the records listed here and in tests/data/README.md (the
records of golden-v1.vault, plus one prompt customisation). All content is fictional."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from casenotes.core.journal import Journal
from casenotes.core.store.vault_file import inspect_vault
from casenotes.core.vault.kdf import KdfParams, KdfPolicy

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden-v2.vault"
GOLDEN_SHA256 = "9059cea5e0f17cb5d8e474634869ebd69ffb9a6cfcba8dc84d1125d6bd519f9c"
PASSPHRASE = "Golden vault two: cedar kettle meadow 2026"
RECOVERY_KEY = "UCQ2F-I5EUW-TKPKF-JVKV2-ZLNOV-6YLDM-VTWS2-3NN5Y-XG5LX-PF5X2-7QB2I"
VAULT_ID = "3c1e8d11267b60082ba9622857fdb178"
COUPLE_ID = "c0ffee00-0000-4000-8000-000000000001"
SOAP_ID = "c0ffee00-0000-4000-8000-000000000021"
DAP_ID = "c0ffee00-0000-4000-8000-000000000022"


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "golden"
    folder.mkdir(mode=0o700)
    copy = folder / "golden-v2.vault"
    shutil.copyfile(GOLDEN, copy)
    os.chmod(copy, 0o600)
    return copy


@pytest.fixture(params=["passphrase", "recovery key"])
def golden(request: pytest.FixtureRequest, golden_copy: Path) -> Iterator[Journal]:
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    if request.param == "passphrase":
        journal.unlock(PASSPHRASE, daily_backup=False)
    else:
        journal.unlock_with_recovery_key(RECOVERY_KEY, daily_backup=False)
    yield journal
    journal.lock()


def test_the_file_is_unchanged() -> None:
    assert hashlib.sha256(GOLDEN.read_bytes()).hexdigest() == GOLDEN_SHA256


def test_the_header(golden_copy: Path) -> None:
    inspection = inspect_vault(golden_copy)
    header = inspection.header
    assert header.format_version == 2
    assert header.vault_id.hex() == VAULT_ID
    assert header.kdf_params == KdfParams(memory_kib=64, iterations=1, lanes=1)
    assert inspection.schema_revision == "0003"
    assert inspection.needs_migration  # to format 3 (process notes) at the first unlock


def test_it_verifies_with_its_manifest(golden: Journal) -> None:
    report = golden.verify()
    assert report.intact, report
    # 3 cases, 2 notes, 3 revisions, 1 addendum, 1 goal, 1 export, 1 settings row, 1 prompt,
    # and (format 3) the 2 notes' reflections moved into process notes
    assert report.records_checked == 15
    # Creation, the import, the export log entry, the settings, the customisation; then the
    # migration to format 3, as one more write on the same manifest.
    assert report.write_counter == 6


def test_the_records(golden: Journal) -> None:
    assert [c.code for c in golden.list_cases(include_deleted=True)] == [
        "CPL-01",
        "OLD-03",
        "SW-02",
    ]
    soap = golden.get_note(SOAP_ID)
    assert soap is not None and soap.session_date == date(2023, 9, 11)
    assert soap.content_hash == ("4af38ebafb180847c94157ea4ca67efd5b497cc1a136bc601001d87cbf747935")
    assert soap.sections["objective"] == (
        "Both calm, took turns, some laughter. ☕ offered and accepted."
    )
    assert [a.text for a in soap.addenda] == [
        "Addendum: Sam called to move the next session; the plan is unchanged."
    ]
    assert len(golden.revisions(DAP_ID)) == 2
    assert [g.text for g in golden.goals_for_case(COUPLE_ID)] == [
        "Write down the agreement we both want"
    ]
    [custom] = golden.prompt_customisations()
    assert (custom.id, custom.prompt_id, custom.text) == (
        "c0ffee00-0000-4000-8000-000000000061",
        "relationship_agreement",
        "What have Avery and Sam agreed, and how?",
    )
    assert golden.settings().theme == "dark"
    assert [e.kind for e in golden.export_log()] == ["summary"]


def test_it_can_be_written_and_rekeyed(golden_copy: Path) -> None:
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    journal.unlock(PASSPHRASE, daily_backup=False)
    try:
        journal.add_addendum(SOAP_ID, "A second addendum, written by this version.")
        result = journal.rekey(PASSPHRASE)
        report = journal.verify()
        assert report.intact and report.write_counter == 8
    finally:
        journal.lock()
    journal.unlock_with_recovery_key(result.recovery_key, daily_backup=False)
    journal.lock()
