"""The journal: one vault's lifecycle (create, unlock, lock, passphrase) and every operation
the CLI and the window perform on its records. Nothing above the core touches the store."""

from __future__ import annotations

import contextlib
import hmac
import logging
import math
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Table, bindparam, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from casenotes.core.backup import (
    BackupInfo,
    BackupReason,
    backup_vault,
    copy_vault,
    list_backups,
    needs_daily_backup,
)
from casenotes.core.domain import (
    IDENTIFIER_KINDS,
    MAX_DURATION_MINUTES,
    Addendum,
    Case,
    CaseBundle,
    ClinicianProfile,
    DestructionLogEntry,
    ExportLogEntry,
    Goal,
    GoalChange,
    Identifiers,
    Note,
    NoteRevision,
    ProcessNotes,
    Settings,
    note_content_hash,
    section_keys,
)
from casenotes.core.domain.models import HASH_VERSION, new_id, utc_now
from casenotes.core.index_pass import (
    ADDENDUM_ROWS,
    PROCESS_ROWS,
    addenda_texts,
    index_batches,
    process_texts,
)
from casenotes.core.prompts.customise import all_prompts_with_state, apply_customisations
from casenotes.core.prompts.library import load_default_library
from casenotes.core.prompts.model import PromptCustomisation, PromptLibrary
from casenotes.core.retention import (
    KINDS,
    RetentionError,
    last_contact,
    needs_reason,
    retention_date,
)
from casenotes.core.search import SearchHit, SearchIndex
from casenotes.core.search.index import IndexRow
from casenotes.core.store.database import checkpoint, create_vault_file, make_engine, writer
from casenotes.core.store.instance_lock import InstanceLock
from casenotes.core.store.manifest import (
    ManifestTracker,
    cell_item,
    empty_manifest,
    enc_columns,
    finish_migration,
    init_manifest,
    open_manifest,
    read_manifest_rows,
    slot_hash,
    stored_bytes,
    track,
    write_manifest,
)
from casenotes.core.store.pinned_schema import require_pinned_schema
from casenotes.core.store.records import (
    ENCRYPTED_TABLES,
    AddendumRecord,
    GoalRecord,
    HeaderRecord,
    NoteRecord,
    NoteRevisionRecord,
    ProcessNotesRecord,
)
from casenotes.core.store.repositories import (
    AddendumRepository,
    CaseRepository,
    DestructionLogRepository,
    ExportLogRepository,
    GoalRepository,
    NoteRepository,
    ProcessNotesRepository,
    PromptCustomisationRepository,
    RevisionRepository,
    SettingsRepository,
)
from casenotes.core.store.schema import upgrade_to_head
from casenotes.core.store.sealing import (
    FieldCipher,
    foreign_key_columns,
)
from casenotes.core.store.vault_file import inspect_vault, write_header
from casenotes.core.store.verify import VerifyReport, verify
from casenotes.core.vault import kdf_process
from casenotes.core.vault.envelope import seal
from casenotes.core.vault.errors import (
    SignedNoteError,
    StorageError,
    TamperedRecordError,
    VaultError,
    VaultExistsError,
    VaultLockedError,
    WrongPassphraseError,
)
from casenotes.core.vault.header import (
    FORMAT_VERSION,
    VaultHeader,
    VaultKeys,
    create_header,
    new_key_material,
    rewrap_passphrase,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key

if TYPE_CHECKING:
    from casenotes.core.draft_seal import SealedDraft
    from casenotes.core.export import SummaryDraft, SummaryRequest
    from casenotes.core.record import CaseRecord, RecordOptions

log = logging.getLogger(__name__)
T = TypeVar("T")


class ImportConflictError(VaultError):
    """An import would duplicate a case code or record already in the vault."""


class InvalidRecordError(VaultError):
    """A record the practitioner tried to save breaks a rule (the message says which)."""


@dataclass(frozen=True, slots=True)
class CreatedVault:
    journal: Journal
    recovery_key: str  # the text form, to be shown once


# Re-keying reports (records done, records in all) as it goes.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RekeyResult:
    recovery_key: str  # the new recovery key's text, to be shown once
    records: int  # records re-sealed under the new data key
    unreadable: int  # fields that failed authentication, left as they were (verify names them)
    old_backups: list[BackupInfo]  # backups that still open with the old secrets
    checkpointed: bool  # whether the WAL was folded in and truncated at once


@dataclass(frozen=True, slots=True)
class TrashContents:
    cases: list[Case]
    notes: list[Note]  # trashed notes of live cases
    goals: list[Goal]  # trashed goals of live cases
    owners: dict[str, Case]  # every case by id: what a note or goal belongs to


class _Unlocked:
    """Everything that exists only while the vault is unlocked; dropped whole on lock."""

    def __init__(self, engine: Any, keys: VaultKeys) -> None:
        self.engine = engine
        self.use_keys(keys)
        self.index: SearchIndex | None = None
        # Index changes and the swap to a rebuilt index take turns; notes written while a
        # rebuild reads the vault are replayed into the new index before it goes live.
        self.index_lock = threading.Lock()
        self.rebuilding: set[str] | None = None  # note ids
        self.rebuilding_cases: set[str] = set()
        # case id -> (code, in the trash); kept current by every case write.
        self.case_state: dict[str, tuple[str, bool]] | None = None

    def use_keys(self, keys: VaultKeys) -> None:
        """The ciphers and repositories of these keys (at unlock, and after a re-key)."""
        self.keys = keys
        self.tracker = ManifestTracker(keys)
        cipher = FieldCipher(keys)
        self.cipher = cipher
        self.cases = CaseRepository(cipher)
        self.notes = NoteRepository(cipher)
        self.revisions = RevisionRepository(cipher)
        self.addenda = AddendumRepository(cipher)
        self.process = ProcessNotesRepository(cipher)
        self.destructions = DestructionLogRepository(cipher)
        self.goals = GoalRepository(cipher)
        self.exports = ExportLogRepository(cipher)
        self.settings = SettingsRepository(cipher)
        self.prompt_customisations = PromptCustomisationRepository(cipher)


class Journal:
    """A vault file and, while unlocked, its keys, connection and search index."""

    def __init__(
        self, path: Path, header: VaultHeader, policy: KdfPolicy, pending_migration: bool = False
    ) -> None:
        self.path = path
        self.policy = policy
        self._header = header
        self._open: _Unlocked | None = None
        self._pending_migration = pending_migration
        self._instance = InstanceLock(path)
        # Writes take turns with a re-key, so nothing is sealed under a key being replaced.
        self._write_lock = threading.RLock()
        self.damaged: list[TamperedRecordError] = []
        # A sentence for the practitioner when an automatic backup could not be written; the
        # vault itself is fine, so this never stops an unlock.
        self.backup_problem: str | None = None

    # ---- lifecycle -------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        policy: KdfPolicy | None = None,
        *,
        check_strength: bool = True,
        recovery_key: bytes | None = None,
    ) -> CreatedVault:
        """Create a vault; on any failure nothing is left behind.

        ``recovery_key`` fixes the 32-byte recovery key instead of drawing a random one: the
        first-run window shows the key before the vault exists, and the golden test vault
        (tests/data/make_golden_vault.py) needs a known one."""
        policy = policy or KdfPolicy.standard()
        path = Path(path)
        if path.exists():
            raise VaultExistsError(f"There is already a file at {path}; it was left untouched.")
        new = create_header(
            passphrase, policy, check_strength=check_strength, recovery_key=recovery_key
        )
        made_folder = not path.parent.exists()
        create_vault_file(path)
        instance = InstanceLock(path)
        engine = make_engine(path)
        try:
            instance.acquire()
            upgrade_to_head(engine)
            tracker = ManifestTracker(new.keys)
            with track(Session(writer(engine)), tracker) as session, session.begin():
                write_header(session, new.header)
                init_manifest(session, tracker, new.header.recovery_slot)
                SettingsRepository(FieldCipher(new.keys)).save(session, Settings(), new_id())
        except BaseException:
            engine.dispose()
            new.keys.wipe()
            instance.release()
            _remove_vault_files(path)
            if made_folder:
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
            raise
        journal = cls(path, new.header, policy)
        journal._instance = instance
        journal._open = _Unlocked(engine, new.keys)
        log.info("vault created")
        return CreatedVault(journal, format_recovery_key(new.recovery_key))

    @classmethod
    def open(cls, path: Path, policy: KdfPolicy | None = None) -> Journal:
        """Inspect a vault (read-only) and return it locked. Newer vaults are refused here."""
        policy = policy or KdfPolicy.standard()
        inspection = inspect_vault(Path(path))
        inspection.header.validate(policy)
        journal = cls(Path(path), inspection.header, policy, inspection.needs_migration)
        journal.expect_unlock()
        return journal

    def expect_unlock(self) -> None:
        """A passphrase is about to be asked for: start the key-derivation helper process now
        (if this vault's key is derived in one), so that the unlock does not wait for it."""
        if self._open is None and kdf_process.wanted(self._header.kdf_params):
            kdf_process.prestart()

    @property
    def is_unlocked(self) -> bool:
        return self._open is not None

    @property
    def header(self) -> VaultHeader:
        return self._header

    def unlock(self, passphrase: str, *, daily_backup: bool = True) -> None:
        """Unlock. ``daily_backup=False`` leaves the day's backup to the caller
        (``take_daily_backup``), so a window can show itself first and back up on a worker."""
        try:
            self._unlock_with(
                lambda: unlock_with_passphrase(self._header, passphrase, self.policy), daily_backup
            )
        except WrongPassphraseError:
            self.expect_unlock()  # for the next try
            raise

    def unlock_with_recovery_key(self, recovery_key: str, *, daily_backup: bool = True) -> None:
        self._unlock_with(
            lambda: unlock_with_recovery_key(self._header, recovery_key, self.policy), daily_backup
        )

    def _unlock_with(self, derive: Callable[[], VaultKeys], daily_backup: bool) -> None:
        if self._open is not None:
            return
        # The instance lock first: a vault open elsewhere is refused at once, not after the
        # second the key derivation takes.
        self._instance.acquire()
        try:
            self._reread_header()
            keys = derive()
        except BaseException:
            self._instance.release()
            raise
        self._attach(keys)
        if daily_backup:
            self.take_daily_backup()

    def _reread_header(self) -> None:
        """The header as it is on disk now, not as it was when the vault was opened: a
        passphrase changed meanwhile (``casenotes passwd``, another window, a restore) must
        take effect at once, so the old passphrase stops opening this journal too."""
        inspection = inspect_vault(self.path)
        inspection.header.validate(self.policy)
        self._header = inspection.header
        self._pending_migration = inspection.needs_migration

    def _attach(self, keys: VaultKeys) -> None:
        if self._open is not None:
            keys.wipe()
            return
        try:
            # One writer at a time: another window or command with this vault unlocked
            # makes this one refuse, before anything is opened for writing.
            self._instance.acquire()
        except BaseException:
            keys.wipe()
            raise
        engine = make_engine(self.path)
        try:
            # Again on the connection that will be used: the file may have been changed since
            # open() inspected it (an unlock window can stay up for hours).
            with engine.connect() as connection:
                driver = connection.connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                require_pinned_schema(driver)
            if self._pending_migration:
                backup_vault(self.path, BackupReason.PRE_MIGRATION, engine=engine)
                upgrade_to_head(engine, lambda c: finish_migration(c, keys, self._header))
                self._pending_migration = False
                self._header = replace(self._header, format_version=FORMAT_VERSION)
        except BaseException:
            engine.dispose()
            keys.wipe()
            self._instance.release()
            raise
        self._open = _Unlocked(engine, keys)
        log.info("vault unlocked")

    def take_daily_backup(self) -> bool:
        """Once a (local) day, at unlock, a backup into ``backups/`` beside the vault.
        Returns whether one was written; a failure is kept in ``backup_problem``."""
        unlocked = self._require()
        if not needs_daily_backup(self.path):
            return False
        return self._automatic_backup(unlocked, BackupReason.DAILY)

    def _automatic_backup(self, unlocked: _Unlocked, reason: BackupReason) -> bool:
        try:
            backup_vault(
                self.path, reason, engine=unlocked.engine, keep=self.settings().backups_keep
            )
        except VaultError as error:
            self.backup_problem = str(error)
            log.warning("automatic backup failed (%s)", reason.value)
            return False
        self.backup_problem = None
        return True

    def backup_now(self, target: Path | None = None) -> Path:
        """A manual backup: into ``backups/`` (never rotated away), or to ``target``."""
        unlocked = self._require()
        if target is not None:
            return copy_vault(self.path, Path(target), engine=unlocked.engine).path
        return backup_vault(self.path, BackupReason.MANUAL, engine=unlocked.engine).path

    def lock(self, *, keep_instance: bool = False) -> None:
        """Drop the keys, the index and every decrypted object this journal holds.

        A write or re-key running on another thread finishes first. ``keep_instance`` keeps
        the vault claimed by this process while locked (a draft sealed under this data key
        waits to be restored: a re-key elsewhere meanwhile would make it unreadable)."""
        with self._write_lock:
            self._lock(keep_instance=keep_instance)

    def release_instance(self) -> None:
        """Let other processes open the vault again (after ``lock(keep_instance=True)``)."""
        if self._open is None:
            self._instance.release()

    def _lock(self, *, keep_instance: bool = False) -> None:
        unlocked, self._open = self._open, None
        self.damaged = []
        if unlocked is None:
            return
        if unlocked.index is not None:
            unlocked.index.close()
            unlocked.index = None
        unlocked.case_state = None
        unlocked.keys.wipe()
        unlocked.engine.dispose()
        if not keep_instance:
            self._instance.release()
        log.info("vault locked")

    close = lock

    def change_passphrase(self, new_passphrase: str, *, check_strength: bool = True) -> None:
        unlocked = self._require()
        header = rewrap_passphrase(
            self._header, unlocked.keys, new_passphrase, self.policy, check_strength=check_strength
        )
        self._backup_before_passphrase_change(unlocked)
        self._write_header(unlocked, header)

    def _backup_before_passphrase_change(self, unlocked: _Unlocked) -> None:
        # The backup opens with the old passphrase (and the recovery key): a way back if the
        # new passphrase is forgotten at once. If it cannot be written, the change waits.
        if not self._automatic_backup(unlocked, BackupReason.PRE_PASSWD):
            raise VaultError(
                "The passphrase was not changed, because the backup taken before a change "
                f"could not be written: {self.backup_problem}"
            )

    def reset_passphrase(
        self, recovery_key: str, new_passphrase: str, *, check_strength: bool = True
    ) -> None:
        """Forgotten passphrase: the recovery key unlocks, then a new passphrase is set."""
        if self._open is None:
            self._reread_header()
        keys = unlock_with_recovery_key(self._header, recovery_key, self.policy)
        header = rewrap_passphrase(
            self._header, keys, new_passphrase, self.policy, check_strength=check_strength
        )
        if self._open is None:
            self._attach(keys)
            # Attaching may have migrated the vault to a newer format: the new header says so,
            # or the next open would take the vault for an old one and migrate it again.
            header = replace(header, format_version=self._header.format_version)
        else:
            keys.wipe()
        unlocked = self._require()
        self._backup_before_passphrase_change(unlocked)
        self._write_header(unlocked, header)

    def _write_header(self, unlocked: _Unlocked, header: VaultHeader) -> None:
        # One transaction re-wraps the DEK; the TRUNCATE checkpoint then leaves no old slot
        # in the WAL (secure_delete clears it from the main file's free pages).
        try:
            with Session(writer(unlocked.engine)) as session, session.begin():
                write_header(session, header)
        except DBAPIError as exc:
            raise storage_error(exc) from None
        # Committed: from here on only the new passphrase opens the vault, whatever follows.
        self._header = header
        try:
            done = checkpoint(unlocked.engine)
        except (DBAPIError, sqlite3.Error, OSError):
            done = False
        if not done:
            # The old slot may linger in the WAL until the next checkpoint (at lock, when the
            # engine closes); the change itself stands.
            log.warning("WAL checkpoint after the passphrase change did not complete")
        log.info("passphrase changed")

    # ---- a draft that could not be saved at lock (core/draft_seal.py) ------------------

    def seal_draft(self, note: Note) -> SealedDraft:
        """Seal an unsaved note in memory with a key derived from the data key, so that it
        can be opened again only after a successful unlock."""
        from casenotes.core.draft_seal import seal_note

        return seal_note(self._require().keys, note)

    def open_draft(self, draft: SealedDraft) -> Note:
        """The note sealed by ``seal_draft`` (DraftUnsealError if these keys cannot)."""
        from casenotes.core.draft_seal import open_note

        return open_note(self._require().keys, draft)

    # ---- re-keying -------------------------------------------------------------------

    def rekey(
        self,
        passphrase: str,
        *,
        new_passphrase: str | None = None,
        progress: Progress | None = None,
        check_strength: bool = True,
        recovery_key: bytes | None = None,
    ) -> RekeyResult:
        """A new data key and a new recovery key: every encrypted field of every table is
        re-sealed (same AAD, new key), the manifest rebuilt and both slots re-wrapped, all in
        one transaction; then the WAL is checkpointed with TRUNCATE.

        ``passphrase`` is the current one (asked again: whoever re-keys must know it); it
        stays unless ``new_passphrase`` is given. A kill at any moment leaves either the old
        secrets or the new ones opening the vault, never neither. No backup is taken first:
        it would hold the records under the key being retired. Older backups still open with
        the old secrets; they are listed in the result (``destroy_backups``).

        ``recovery_key`` fixes the new 32-byte recovery key (for tests)."""
        unlocked = self._require()
        check = unlock_with_passphrase(self._header, passphrase, self.policy)
        same = hmac.compare_digest(check.dek, unlocked.keys.dek)
        check.wipe()
        if not same:  # the header changed under us: another process re-keyed
            raise WrongPassphraseError(
                "That passphrase does not open this vault. Check caps lock and try again."
            )
        new = new_key_material(
            self._header,
            passphrase if new_passphrase is None else new_passphrase,
            self.policy,
            check_strength=check_strength and new_passphrase is not None,
            recovery_key=recovery_key,
        )
        with self._write_lock:
            if self._open is not unlocked:  # locked meanwhile, on another thread
                new.keys.wipe()
                raise VaultLockedError(
                    "The vault was locked before its keys were replaced; nothing was changed."
                )
            try:
                with writer(unlocked.engine).connect() as connection, connection.begin():
                    done, unreadable = _reseal_everything(
                        connection, unlocked, new.keys, new.header.recovery_slot, progress
                    )
                    _write_header_row(connection, new.header)
            except BaseException as exc:
                new.keys.wipe()
                if isinstance(exc, DBAPIError):
                    raise storage_error(exc) from None
                raise
            # Committed: from here on only the new secrets open the vault.
            old_keys = unlocked.keys
            unlocked.use_keys(new.keys)
            old_keys.wipe()
            self._header = new.header
        try:
            checkpointed = checkpoint(unlocked.engine)
        except (DBAPIError, sqlite3.Error, OSError):
            checkpointed = False
        if not checkpointed:
            log.warning("WAL checkpoint after re-keying did not complete")
        log.info("vault re-keyed (%d records)", done)
        return RekeyResult(
            format_recovery_key(new.recovery_key),
            done,
            unreadable,
            list_backups(self.path),
            checkpointed,
        )

    def backups(self) -> list[BackupInfo]:
        """This vault's backups in ``backups/``, oldest first."""
        return list_backups(self.path)

    def destroy_backups(self, backups: Iterable[BackupInfo]) -> int:
        """Delete these backups of this vault (after a re-key, the ones the old secrets open).

        Deleting a file does not scrub it from an SSD or a file system's snapshots, nor from
        copies made elsewhere: the documentation says so."""
        folder = (self.path.parent / "backups").resolve()
        known = {b.path.resolve() for b in list_backups(self.path)}
        removed = 0
        for backup in backups:
            path = backup.path.resolve()
            if path.parent != folder or path not in known:
                raise VaultError(f"{backup.path.name} is not a backup of this vault.")
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
                removed += 1
        return removed

    # ---- sessions --------------------------------------------------------------------

    def _require(self) -> _Unlocked:
        if self._open is None:
            raise VaultLockedError("The vault is locked. Unlock it first.")
        return self._open

    @contextlib.contextmanager
    def _write(self) -> Iterator[tuple[_Unlocked, Session]]:
        with self._write_lock:
            unlocked = self._require()
            try:
                with (
                    track(
                        Session(writer(unlocked.engine), expire_on_commit=False), unlocked.tracker
                    ) as session,
                    session.begin(),
                ):
                    yield unlocked, session
            except IntegrityError:
                raise  # a rule of the records, not the disk: callers turn it into a sentence
            except DBAPIError as exc:
                raise storage_error(exc) from None

    def _read(self, fn: Callable[[_Unlocked, Session], T]) -> T:
        unlocked = self._require()
        with Session(unlocked.engine) as session:
            return fn(unlocked, session)

    def _damage(self, error: TamperedRecordError) -> None:
        log.warning("damaged record in %s (%s)", error.table, error.row_id)
        if all(e.row_id != error.row_id for e in self.damaged):
            self.damaged.append(error)

    # ---- cases -----------------------------------------------------------------------

    def list_cases(self, *, include_deleted: bool = False) -> list[Case]:
        unlocked = self._require()
        cases = self._read(lambda u, s: u.cases.where(s, self._damage))
        unlocked.case_state = {c.id: (c.code, c.deleted_at is not None) for c in cases}
        cases = [c for c in cases if include_deleted or c.deleted_at is None]
        return sorted(cases, key=lambda c: c.code)

    def trashed_cases(self) -> list[Case]:
        return [c for c in self.list_cases(include_deleted=True) if c.deleted_at is not None]

    def get_case(self, case_id: str) -> Case | None:
        return self._read(lambda u, s: u.cases.get(s, case_id))

    def save_case(self, case: Case) -> Case:
        """Save a case. Codes are unique across the vault, the trash included."""
        code = case.code.strip()
        if not code:
            raise InvalidRecordError("A case needs a code, such as C-014.")
        if any(
            other_code == code and other_id != case.id
            for other_id, (other_code, _) in self._case_state().items()
        ):
            raise InvalidRecordError(f"Another case already uses the code {code}.")
        if case.birth_year is not None and not 1 <= case.birth_year <= 9999:
            raise InvalidRecordError("A year of birth is a year from 1 to 9999, such as 1988.")
        case = replace(case, code=code, updated_at=utc_now())
        with self._write() as (unlocked, session):
            unlocked.cases.save(session, case)
        self._case_changed(case)
        return case

    def add_case_identifier(self, case_id: str, kind: str, value: str) -> bool:
        """Add ``value`` to the case's known identifiers of ``kind`` ("names", "places"…),
        as the practitioner teaches it from a review. False (nothing written) when the case
        already knows it, case-insensitively. From then on every de-identification of the
        case (summaries, privacy mode) reads it with the case."""
        if kind not in IDENTIFIER_KINDS:
            raise InvalidRecordError(f"Unknown kind of identifier: {kind}.")
        value = " ".join(value.split())
        if not value:
            raise InvalidRecordError("An identifier needs some text.")
        case = self._existing_case(case_id)
        values = case.identifiers.as_dict()
        if value.casefold() in {v.casefold() for v in values[kind]}:
            return False
        values[kind].append(value)
        self.save_case(replace(case, identifiers=Identifiers.from_dict(values)))
        return True

    def trash_case(self, case_id: str) -> None:
        self.save_case(replace(self._existing_case(case_id), deleted_at=utc_now()))

    def restore_case(self, case_id: str) -> None:
        self.save_case(replace(self._existing_case(case_id), deleted_at=None))

    def purge_case(self, case_id: str, reason: str = "") -> None:
        """Delete a trashed case and everything under it for good (emptying the trash).
        Before the case's retention date this needs a ``reason`` (``RetentionError``);
        the deletion goes into the destruction log either way."""
        if self._existing_case(case_id).deleted_at is None:
            raise VaultError("Only a case in the trash can be deleted for good.")
        entry = self._destruction("case", case_id, case_id, reason)
        with self._write() as (unlocked, session):
            unlocked.cases.delete(session, case_id)
            unlocked.destructions.insert(session, entry)
        self._case_state().pop(case_id, None)
        self._sync_case_index(case_id)

    def _existing_case(self, case_id: str) -> Case:
        case = self.get_case(case_id)
        if case is None:
            raise VaultError("That case no longer exists.")
        return case

    def _case_state(self) -> dict[str, tuple[str, bool]]:
        unlocked = self._require()
        if unlocked.case_state is None:
            self.list_cases()
        assert unlocked.case_state is not None
        return unlocked.case_state

    def _case_changed(self, case: Case) -> None:
        """Keep the code cache and the index in step with a case just written."""
        state = self._case_state()
        before = state.get(case.id)
        state[case.id] = (case.code, case.deleted_at is not None)
        if before != state[case.id]:
            self._sync_case_index(case.id)

    def _sync_case_index(self, case_id: str) -> None:
        """Make the index hold exactly the live notes of a case, as the vault has them now
        (a rename, trash, restore, purge or import)."""
        unlocked = self._require()
        if unlocked.index is None and unlocked.rebuilding is None:
            return
        code, trashed = self._case_state().get(case_id, ("", True))
        notes = [] if trashed else self.notes_for_case(case_id)
        process_texts = (
            {}
            if trashed
            else {k: p.text for k, p in self.process_notes_for_case(case_id).items() if p.text}
        )
        with unlocked.index_lock:
            if unlocked.rebuilding is not None:
                unlocked.rebuilding_cases.add(case_id)
            if unlocked.index is not None:
                unlocked.index.remove_case(case_id)
                unlocked.index.add_notes(((note, code) for note in notes), process_texts)

    # ---- notes -----------------------------------------------------------------------

    def notes_for_case(self, case_id: str, *, include_deleted: bool = False) -> list[Note]:
        def read(u: _Unlocked, s: Session) -> list[Note]:
            notes = u.notes.for_case(s, case_id, self._damage)
            _attach_addenda(notes, u.addenda.where(s, self._damage, _addenda_of_case(case_id)))
            _attach_reflections(notes, u.process.where(s, self._damage, _process_of_case(case_id)))
            return notes

        notes = [n for n in self._read(read) if include_deleted or n.deleted_at is None]
        return sorted(notes, key=lambda n: (n.session_date, n.created_at))

    def get_note(self, note_id: str) -> Note | None:
        def read(u: _Unlocked, s: Session) -> Note | None:
            note = u.notes.get(s, note_id)
            if note is not None:
                _attach_addenda(
                    [note], u.addenda.where(s, self._damage, AddendumRecord.note_id == note_id)
                )
                _attach_reflections(
                    [note], u.process.where(s, self._damage, ProcessNotesRecord.note_id == note_id)
                )
            return note

        return self._read(read)

    def save_note(self, note: Note) -> Note:
        """Save a draft (autosave lands here). Each distinct saved state becomes a revision.

        Trash state and creation time come from the vault, not the caller's copy, so a stale
        editor copy cannot take a note out of the trash."""
        _check_note(note)
        with self._write() as (unlocked, session):
            stored = unlocked.notes.get(session, note.id)
            if stored is not None and stored.is_signed:
                raise SignedNoteError(
                    "This note is signed and locked; add an addendum instead of editing it."
                )
            now = utc_now()
            note = replace(
                note,
                updated_at=now,
                signed_at=None,
                content_hash=None,
                created_at=stored.created_at if stored else note.created_at,
                deleted_at=stored.deleted_at if stored else None,
            )
            unlocked.notes.save(session, note)
            if (
                stored is None
                or note_content_hash(stored) != note_content_hash(note)
                or stored.goal_ids != note.goal_ids
            ):
                unlocked.revisions.insert(session, NoteRevision.of(note, now))
            process = unlocked.process.for_note(session, note.id, self._damage)
            if process is None and note.reflection:
                process = ProcessNotes(note_id=note.id, created_at=now)
            if process is not None and process.reflection != note.reflection:
                process.reflection = dict(note.reflection)
                process.updated_at = now
                unlocked.process.save(session, process)
        self._index_note(note, process.text if process is not None else "")
        return note

    def sign_note(self, note_id: str) -> Note:
        with self._write() as (unlocked, session):
            note = unlocked.notes.get(session, note_id)
            if note is None:
                raise VaultError("That note no longer exists.")
            if not note.is_signed:
                # A note signed now is hashed without its reflection, with its kind, channel
                # and summary link (hash version 3): the process notes stay the
                # practitioner's, and editable; what kind of record it is cannot change.
                # The profile as it is now goes with the signature: a later change of
                # name or licence does not rewrite what was signed.
                profile = unlocked.settings.load(session).clinician()
                note = replace(
                    note,
                    signed_at=utc_now(),
                    content_hash=note_content_hash(note),
                    hash_version=HASH_VERSION,
                    signed_reflection=None,
                    signed_by=None if profile.is_empty() else profile,
                )
                unlocked.notes.save(session, note)
                log.info("note signed")
            process = unlocked.process.for_note(session, note_id, self._damage)
            note.reflection = dict(process.reflection) if process else {}
        return note

    # ---- process notes -----------------------------------------------------------------

    def process_notes(self, note_id: str) -> ProcessNotes:
        """The session's process notes (the reflection, the self-check, free text): a record
        apart from the progress note, private to the practitioner. An empty one (not yet
        stored) when the note has none."""
        found = self._read(lambda u, s: u.process.for_note(s, note_id, self._damage))
        return found if found is not None else ProcessNotes(note_id=note_id)

    def process_notes_for_case(self, case_id: str) -> dict[str, ProcessNotes]:
        """Every stored process-notes record of a case's notes, by note id."""
        found = self._read(lambda u, s: u.process.where(s, self._damage, _process_of_case(case_id)))
        return {p.note_id: p for p in found}

    def save_process_notes(self, process: ProcessNotes) -> ProcessNotes:
        """Store a session's process notes. Allowed on a signed note too: they are outside
        its signature. One record per note: a caller's stale id keeps the stored one's."""
        if not _finite_json(process.reflection):
            raise InvalidRecordError("The reflection holds a value that cannot be stored.")
        with self._write() as (unlocked, session):
            if unlocked.notes.get(session, process.note_id) is None:
                raise VaultError("That note no longer exists.")
            stored = unlocked.process.for_note(session, process.note_id, self._damage)
            process = replace(
                process,
                reflection=dict(process.reflection),
                updated_at=utc_now(),
                id=stored.id if stored else process.id,
                created_at=stored.created_at if stored else process.created_at,
            )
            unlocked.process.save(session, process)
        self._reindex(process.note_id)
        return process

    def add_addendum(self, note_id: str, text: str) -> Addendum:
        addendum = Addendum(note_id=note_id, text=text)
        with self._write() as (unlocked, session):
            note = unlocked.notes.get(session, note_id)
            if note is None or not note.is_signed:
                raise VaultError("Addenda are added to signed notes; edit the draft instead.")
            unlocked.addenda.insert(session, addendum)
        self._reindex(note_id)
        return addendum

    def trash_note(self, note_id: str) -> None:
        self._set_note_trashed(note_id, trashed=True)

    def restore_note(self, note_id: str) -> None:
        self._set_note_trashed(note_id, trashed=False)

    def _set_note_trashed(self, note_id: str, *, trashed: bool) -> None:
        # Written directly, not through save_note: signed notes go to the trash too.
        with self._write() as (unlocked, session):
            note = unlocked.notes.get(session, note_id)
            if note is None:
                return
            unlocked.notes.save(session, replace(note, deleted_at=utc_now() if trashed else None))
        self._reindex(note_id)

    def purge_note(self, note_id: str, reason: str = "") -> None:
        """Delete a trashed note for good. A signed note is part of the record: before its
        case's retention date it needs a ``reason``, and it goes into the destruction log."""
        note = self.get_note(note_id)
        if note is None:
            return
        if note.deleted_at is None:
            raise VaultError("Only a note in the trash can be deleted for good.")
        entry = self._destruction("note", note_id, note.case_id, reason) if note.is_signed else None
        with self._write() as (unlocked, session):
            unlocked.notes.delete(session, note_id)
            if entry is not None:
                unlocked.destructions.insert(session, entry)
        self._reindex(note_id)

    def revisions(self, note_id: str) -> list[NoteRevision]:
        return self._read(lambda u, s: u.revisions.for_note(s, note_id, self._damage))

    def restore_revision(self, revision: NoteRevision) -> Note:
        note = self.get_note(revision.note_id)
        if note is None:
            raise VaultError("That note no longer exists.")
        return self.save_note(
            replace(
                note,
                session_date=revision.session_date,
                duration_minutes=revision.duration_minutes,
                format=revision.format,
                template=revision.template,
                sections=dict(revision.sections),
                tags=list(revision.tags),
                goal_ids=list(revision.goal_ids),
            )
        )

    # ---- goals -----------------------------------------------------------------------

    def goals_for_case(self, case_id: str, *, include_deleted: bool = False) -> list[Goal]:
        goals = self._read(
            lambda u, s: u.goals.where(s, self._damage, GoalRecord.case_id == case_id)
        )
        goals = [g for g in goals if include_deleted or g.deleted_at is None]
        return sorted(goals, key=lambda g: g.created_at)

    def all_goals(self) -> list[Goal]:
        """Every live goal of every case, oldest first, in one read (for search)."""
        goals = self._read(lambda u, s: u.goals.where(s, self._damage))
        return sorted((g for g in goals if g.deleted_at is None), key=lambda g: g.created_at)

    def save_goal(self, goal: Goal) -> Goal:
        """Save a goal; a change of text or status is appended to its history."""
        with self._write() as (unlocked, session):
            stored = unlocked.goals.get(session, goal.id)
            now = utc_now()
            history = list(goal.history)
            if stored is None or (stored.status, stored.text) != (goal.status, goal.text):
                history.append(GoalChange(now, goal.status, goal.text))
            goal = replace(goal, updated_at=now, history=history)
            unlocked.goals.save(session, goal)
        return goal

    def trash_goal(self, goal_id: str) -> None:
        self._set_goal_trashed(goal_id, trashed=True)

    def restore_goal(self, goal_id: str) -> None:
        self._set_goal_trashed(goal_id, trashed=False)

    def _set_goal_trashed(self, goal_id: str, *, trashed: bool) -> None:
        # Written directly, not through save_goal: the trash is not a change of the goal's
        # text or status, so it stays out of the goal's history.
        with self._write() as (unlocked, session):
            goal = unlocked.goals.get(session, goal_id)
            if goal is None:
                raise VaultError("That goal no longer exists.")
            unlocked.goals.save(session, replace(goal, deleted_at=utc_now() if trashed else None))

    def get_goal(self, goal_id: str) -> Goal | None:
        return self._read(lambda u, s: u.goals.get(s, goal_id))

    def trash_contents(self) -> TrashContents:
        """What the trash holds, in one read: trashed cases, and the trashed notes and goals
        of live cases (those of a trashed case come back, or go, with it)."""

        def read(u: _Unlocked, s: Session) -> TrashContents:
            cases = u.cases.where(s, self._damage)
            live = {c.id for c in cases if c.deleted_at is None}
            notes = [
                n
                for n in u.notes.where(s, self._damage)
                if n.deleted_at is not None and n.case_id in live
            ]
            goals = [
                g
                for g in u.goals.where(s, self._damage)
                if g.deleted_at is not None and g.case_id in live
            ]
            return TrashContents(
                cases=[c for c in cases if c.deleted_at is not None],
                notes=notes,
                goals=goals,
                owners={c.id: c for c in cases},
            )

        return self._read(read)

    def purge_goal(self, goal_id: str, reason: str = "") -> None:
        """Delete a goal in the trash for good (``delete_goal``)."""
        goal = self.get_goal(goal_id)
        if goal is None:
            return
        if goal.deleted_at is None:
            raise VaultError("Only a goal in the trash can be deleted for good.")
        self.delete_goal(goal_id, reason)

    def delete_goal(self, goal_id: str, reason: str = "") -> None:
        """Delete a goal for good: before its case's retention date this needs a
        ``reason``; it goes into the destruction log."""
        goal = self._read(lambda u, s: u.goals.get(s, goal_id))
        if goal is None:
            return
        entry = self._destruction("goal", goal_id, goal.case_id, reason)
        with self._write() as (unlocked, session):
            unlocked.goals.delete(session, goal_id)
            unlocked.destructions.insert(session, entry)

    # ---- retention -------------------------------------------------------------------

    def retention_date(self, case_id: str) -> date:
        """The case's last contact plus the retention years of Settings (default 7)."""
        case = self._existing_case(case_id)
        notes = self.notes_for_case(case_id)
        return retention_date(last_contact(case, notes), self.settings().retention_years)

    def needs_deletion_reason(self, case_id: str, today: date | None = None) -> bool:
        """Whether deleting the case, a signed note or a goal of it now needs a reason."""
        return needs_reason(self.retention_date(case_id), today or date.today())

    def cases_due_for_review(self, today: date | None = None) -> list[tuple[Case, date]]:
        """Cases (the trash included) whose retention date has passed, with that date,
        oldest first: the "Due for review" list."""
        years = self.settings().retention_years
        today = today or date.today()
        latest: dict[str, date] = {}
        for note in self.all_notes():
            if note.deleted_at is None and note.session_date > latest.get(note.case_id, date.min):
                latest[note.case_id] = note.session_date
        due = []
        for case in self.list_cases(include_deleted=True):
            last = latest.get(case.id) or case.intake_date or case.created_at.date()
            until = retention_date(last, years)
            if until <= today:
                due.append((case, until))
        return sorted(due, key=lambda pair: (pair[1], pair[0].code))

    def destruction_log(self) -> list[DestructionLogEntry]:
        """Every record deleted for good (kind, id, when, why), oldest first."""
        entries = self._read(lambda u, s: u.destructions.where(s, self._damage))
        return sorted(entries, key=lambda e: e.deleted_at)

    def _destruction(
        self, kind: str, record_id: str, case_id: str, reason: str
    ) -> DestructionLogEntry:
        """The destruction-log entry for deleting this record now; RetentionError when it
        is early and no reason is given."""
        reason = " ".join(reason.split())
        until = self.retention_date(case_id)
        early = needs_reason(until, date.today())
        if early and not reason:
            raise RetentionError(
                f"This {KINDS[kind].lower()} is kept until {until.isoformat()} (the "
                "retention period): deleting it before then needs a reason."
            )
        return DestructionLogEntry(
            kind=kind,
            record_id=record_id,
            deleted_at=utc_now(),
            reason=reason,
            retained_until=until if early else None,
        )

    # ---- export log and settings -----------------------------------------------------

    def log_export(self, entry: ExportLogEntry) -> None:
        with self._write() as (unlocked, session):
            unlocked.exports.insert(session, entry)

    def export_log(self) -> list[ExportLogEntry]:
        entries = self._read(lambda u, s: u.exports.where(s, self._damage))
        return sorted(entries, key=lambda e: e.exported_at)

    def settings(self) -> Settings:
        """The practitioner's settings; a damaged settings record gives the defaults."""
        try:
            return self._read(lambda u, s: u.settings.load(s))
        except TamperedRecordError as error:
            self._damage(error)
            return Settings()

    def clinician_profile(self) -> ClinicianProfile:
        """The clinician's name, credentials and licence number (Settings, sealed), as
        signatures and records show them. Empty fields when none was set."""
        return self.settings().clinician()

    def save_settings(self, settings: Settings) -> None:
        with self._write() as (unlocked, session):
            unlocked.settings.save(session, settings, new_id())

    def build_summary(self, request: SummaryRequest, *, region: str | None = None) -> SummaryDraft:
        """A consultation summary of one case: its notes, goals and the effective prompt
        library, de-identified (``casenotes.core.export.build_summary``).

        Phones are read for ``region`` when given, else for the practitioner's setting (or the
        system's country); the practitioner's own never-redact terms come from the settings.
        Raises ``SummaryError`` for a case that is missing or in the trash."""
        # Imported here: de-identification is heavy and not needed before a summary is asked.
        from casenotes.core.deid.region import effective_region
        from casenotes.core.export.summary import SummaryError, build_summary

        case = self.get_case(request.case_id)
        if case is None or case.deleted_at is not None:
            raise SummaryError("no such case")
        # Hidden prompts kept: answers recorded under one hidden since (a safety prompt above
        # all) must still reach the summary.
        library = self.prompt_library(include_hidden=True)
        settings = self.settings()
        return build_summary(
            case,
            self.notes_for_case(case.id),
            self.goals_for_case(case.id),
            library,
            request,
            region=region or effective_region(settings.phone_region),
            never_redact=settings.never_redact,
        )

    # ---- reflection prompts ----------------------------------------------------------

    def prompt_customisations(self) -> list[PromptCustomisation]:
        return self._read(lambda u, s: u.prompt_customisations.where(s, self._damage))

    def save_prompt_customisations(
        self, changed: Sequence[PromptCustomisation], *, removed: Sequence[str] = ()
    ) -> None:
        """Save and remove customisations (by row id) in one transaction: a reorder touches
        many rows and must land whole or not at all."""
        with self._write() as (unlocked, session):
            for row_id in removed:
                unlocked.prompt_customisations.delete(session, row_id)
            for customisation in changed:
                unlocked.prompt_customisations.save(session, customisation)

    def prompt_library(self, *, include_hidden: bool = False) -> PromptLibrary:
        """The default library with this practitioner's customisations applied.

        ``include_hidden`` keeps the prompts they hid: answers recorded under a prompt hidden
        since must still be read (on the chart, in a summary's safety section)."""
        base = load_default_library()
        customisations = self.prompt_customisations()
        if not include_hidden:
            return apply_customisations(base, customisations)
        every = all_prompts_with_state(base, customisations)
        return PromptLibrary(base.version, tuple(prompt for prompt, _ in every))

    # ---- search ----------------------------------------------------------------------

    def build_index(
        self, last_sessions: dict[str, date] | None = None, *, prefixes: bool = True
    ) -> SearchIndex:
        """Decrypt every live note into a fresh in-memory index (also done on first search).

        One lean pass over the notes table: each note's metadata and sections are opened once
        (and the reflection of each note that is indexed), with the same AES-GCM and AAD checks
        and the same damage reports as every other read, and the index is filled a batch at
        a time. ``last_sessions``, if given, is filled from the same pass with each case's
        latest session date among its notes not in the trash (as ``all_notes()`` would give).
        ``prefixes=False`` builds the index without one- and two-letter prefix indexes, for a
        one-off search: half the fill, the same results.

        Safe to run on a worker thread: if the vault is locked meanwhile, the new index is
        closed instead of being left holding plaintext."""
        unlocked = self._require()
        live = {
            case_id: code for case_id, (code, trashed) in self._case_state().items() if not trashed
        }
        with unlocked.index_lock:
            unlocked.rebuilding, unlocked.rebuilding_cases = set(), set()
        index = SearchIndex(prefixes=prefixes)
        dates: dict[str, date] = {}

        try:
            with Session(unlocked.engine) as session:
                index.fill(self._index_batches(unlocked, session, live, dates))
        except BaseException:
            index.close()
            with unlocked.index_lock:
                unlocked.rebuilding = None
            raise
        if self._open is not unlocked:
            index.close()
            raise VaultLockedError("The vault was locked while the search index was built.")
        if last_sessions is not None:
            last_sessions.update(dates)
        with unlocked.index_lock:
            written, unlocked.rebuilding = unlocked.rebuilding or set(), None
            cases, unlocked.rebuilding_cases = unlocked.rebuilding_cases, set()
            old, unlocked.index = unlocked.index, index
        if old is not None:
            old.close()
        # What changed while the rebuild read the vault is replayed into the new index.
        for case_id in cases:
            self._sync_case_index(case_id)
        for note_id in written:
            self._reindex(note_id)
        return index

    def _index_batches(
        self, unlocked: _Unlocked, session: Session, live: dict[str, str], dates: dict[str, date]
    ) -> Iterator[list[IndexRow]]:
        """The index rows of the live notes of live cases, a batch at a time, from raw rows
        (no ORM objects); ``dates`` gets each case's latest session on the way."""
        # The DB-API connection of the session (one read snapshot for the addenda and the
        # notes): plain tuples, no ORM objects or result processing.
        connection = session.connection().connection.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        addenda = addenda_texts(connection.execute(ADDENDUM_ROWS), unlocked.cipher, self._damage)
        reflections = process_texts(connection.execute(PROCESS_ROWS), unlocked.cipher, self._damage)
        yield from index_batches(
            connection, unlocked.cipher, live, addenda, reflections, dates, self._damage
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        case_id: str | None = None,
        mark: tuple[str, str] = ("[", "]"),
    ) -> list[SearchHit]:
        unlocked = self._require()
        index = unlocked.index if unlocked.index is not None else self.build_index()
        return index.search(
            query, limit=limit, case_id=case_id, mark_start=mark[0], mark_end=mark[1]
        )

    def _reindex(self, note_id: str) -> None:
        unlocked = self._require()
        if unlocked.index is None and unlocked.rebuilding is None:
            return
        note = self.get_note(note_id)
        if note is not None:
            self._index_note(note)
            return
        with unlocked.index_lock:
            if unlocked.rebuilding is not None:
                unlocked.rebuilding.add(note_id)
            if unlocked.index is not None:
                unlocked.index.remove_note(note_id)

    def _index_note(self, note: Note, process_text: str | None = None) -> None:
        """Index a note as it now stands, with its free process-notes text (read when not
        given); notes of trashed cases are never in the index."""
        unlocked = self._require()
        if process_text is None and unlocked.index is not None:
            process_text = self.process_notes(note.id).text
        code, trashed = self._case_state().get(note.case_id, ("", True))
        with unlocked.index_lock:
            if unlocked.rebuilding is not None:
                unlocked.rebuilding.add(note.id)
            if unlocked.index is None:
                return
            if trashed or note.deleted_at is not None:
                unlocked.index.remove_note(note.id)
            else:
                unlocked.index.upsert_note(note, code, process_text or "")

    def all_notes(self) -> list[Note]:
        """Every note with its addenda, read in one snapshot."""
        return self._read(lambda u, s: list(self._stream_notes(u, s)))

    def _stream_notes(self, unlocked: _Unlocked, session: Session) -> Iterator[Note]:
        """Notes decrypted a batch at a time, so 100,000 of them are never all in memory
        as objects at once (addenda are few, and read first)."""
        by_note: dict[str, list[Addendum]] = {}
        for addendum in unlocked.addenda.where(session, self._damage):
            by_note.setdefault(addendum.note_id, []).append(addendum)
        records = session.scalars(select(NoteRecord).execution_options(yield_per=500))
        for batch in records.partitions():
            notes = unlocked.notes.build_all(batch, self._damage)
            _attach_reflections(
                notes,
                unlocked.process.where(
                    session, self._damage, ProcessNotesRecord.note_id.in_([n.id for n in notes])
                ),
            )
            for note in notes:
                note.addenda = sorted(by_note.get(note.id, []), key=lambda a: a.created_at)
                yield note

    # ---- whole-vault operations -----------------------------------------------------

    def export_bundles(self) -> list[CaseBundle]:
        """Every case with its goals, notes, addenda and revisions, from one read snapshot."""

        def read(u: _Unlocked, s: Session) -> list[CaseBundle]:
            cases = u.cases.where(s, self._damage)
            notes = u.notes.build_all(s.scalars(select(NoteRecord)), self._damage)
            _attach_addenda(notes, u.addenda.where(s, self._damage))
            process = u.process.where(s, self._damage)
            _attach_reflections(notes, process)
            goals = u.goals.where(s, self._damage)
            revisions = u.revisions.where(s, self._damage)
            return _bundle(cases, notes, goals, revisions, process)

        return self._read(read)

    def iter_export_bundles(self) -> Iterator[CaseBundle]:
        """What ``export_bundles()`` gives, one case at a time (in code order), from one read
        snapshot: a whole-vault export never holds more than a group of cases' records."""
        unlocked = self._require()
        with Session(unlocked.engine) as s:
            cases = sorted(unlocked.cases.where(s, self._damage), key=lambda c: c.code)
            # Grouped once: filtering every goal for every case grows with their product.
            goals_of_case: dict[str, list[Goal]] = {}
            for goal in unlocked.goals.where(s, self._damage):
                goals_of_case.setdefault(goal.case_id, []).append(goal)
            # A group of cases a query: four queries a case cost more than their rows at
            # 3,000 cases. Each case's rows come in the same order as read alone (rowid order
            # within a case or a note, which the sorts in _bundle keep for ties).
            for start in range(0, len(cases), _EXPORT_GROUP):
                group = cases[start : start + _EXPORT_GROUP]
                ids = [case.id for case in group]
                notes = unlocked.notes.where(s, self._damage, NoteRecord.case_id.in_(ids))
                of_group = select(NoteRecord.id).where(NoteRecord.case_id.in_(ids))
                _attach_addenda(
                    notes,
                    unlocked.addenda.where(s, self._damage, AddendumRecord.note_id.in_(of_group)),
                )
                process = unlocked.process.where(
                    s, self._damage, ProcessNotesRecord.note_id.in_(of_group)
                )
                _attach_reflections(notes, process)
                revisions = unlocked.revisions.where(
                    s, self._damage, NoteRevisionRecord.note_id.in_(of_group)
                )
                goals = [goal for case_id in ids for goal in goals_of_case.get(case_id, [])]
                yield from _bundle(group, notes, goals, revisions, process)

    def import_bundles(self, bundles: Sequence[CaseBundle]) -> int:
        """Write whole cases in one transaction; a clash with an existing code or record id
        writes nothing. Records are written as given (signed notes stay signed)."""
        existing = {code for code, _ in self._case_state().values()}
        for position, bundle in enumerate(bundles):
            if bundle.case.code in existing:
                raise ImportConflictError(
                    f"cases[{position}].code: a case with this code is already in the vault; "
                    "nothing was imported."
                )
        try:
            with self._write() as (unlocked, session):
                # Parents are flushed before children: without ORM relationships the unit
                # of work does not order inserts by foreign key.
                for bundle in bundles:
                    unlocked.cases.insert(session, bundle.case)
                session.flush()
                for bundle in bundles:
                    for goal in bundle.goals:
                        unlocked.goals.insert(session, goal)
                    for note in bundle.notes:
                        unlocked.notes.insert(session, note)
                session.flush()
                for bundle in bundles:
                    for note in bundle.notes:
                        for addendum in note.addenda:
                            unlocked.addenda.insert(session, addendum)
                        for revision in bundle.revisions.get(note.id, []):
                            unlocked.revisions.insert(session, revision)
                        process = _imported_process(bundle, note)
                        if process is not None:
                            unlocked.process.insert(session, process)
        except IntegrityError:
            # Never overwrite: a record id already in the vault means the import is a copy
            # of something that is here; the transaction is rolled back whole.
            raise ImportConflictError(
                "Some of these records are already in the vault (same record ids); "
                "nothing was imported."
            ) from None
        state = self._case_state()
        for bundle in bundles:
            state[bundle.case.id] = (bundle.case.code, bundle.case.deleted_at is not None)
            self._sync_case_index(bundle.case.id)
        return len(bundles)

    def verify(self) -> VerifyReport:
        return self._read(lambda u, s: verify(s, u.cipher, tracker=u.tracker))

    def note_count(self) -> int:
        return self._read(lambda u, s: u.notes.count(s))

    def case_count(self) -> int:
        return self._read(lambda u, s: u.cases.count(s))

    # ---- the record on request -------------------------------------------------------

    def case_record(self, case_id: str, options: RecordOptions) -> CaseRecord:
        """The case's record as ``options`` asks (core/record): its notes with signatures
        and addenda, goals, and the export log's entries for it. Raises ``RecordError`` for
        a range that does not fit the case."""
        from casenotes.core.record.builder import build_record, reflection_process_notes
        from casenotes.core.record.model import Clinician

        case = self._existing_case(case_id)
        library = self.prompt_library(include_hidden=True)
        # The process notes' free text is read only when they are asked for.
        texts = (
            {
                note_id: p.text
                for note_id, p in self.process_notes_for_case(case_id).items()
                if p.text.strip()
            }
            if options.include_process_notes
            else {}
        )
        profile = self.clinician_profile()
        return build_record(
            case,
            self.notes_for_case(case_id),
            self.goals_for_case(case_id),
            self.export_log(),
            options,
            library=library,
            clinician=Clinician(profile.name, profile.credentials, profile.licence),
            process_notes_of=reflection_process_notes(library, texts),
        )


def storage_error(exc: DBAPIError) -> StorageError:
    """A driver error as a sentence. The driver's text names no client data, but it is not
    something a practitioner can act on."""
    message = str(exc.orig).lower() if exc.orig is not None else ""
    if "full" in message:
        reason = "the disk is full. Free some space, and Casenotes will save again"
    elif "readonly" in message or "read-only" in message:
        reason = "the vault's disk or folder is read-only"
    elif "locked" in message or "busy" in message:
        reason = "the vault is busy in another Casenotes window or command"
    elif "malformed" in message or "not a database" in message:
        reason = "the vault file is damaged; run 'casenotes verify' or restore a backup"
    else:
        reason = "the disk reported an error"
    return StorageError(f"The change was not saved: {reason}. Nothing already saved was lost.")


def _check_note(note: Note) -> None:
    """What the vault refuses to store, so that everything it holds can be exported."""
    unknown = set(note.sections) - set(section_keys(note.template))
    if unknown:
        raise InvalidRecordError(
            "This note has sections its template does not have; change the template back "
            "or move the text first."
        )
    if not 0 <= note.duration_minutes <= MAX_DURATION_MINUTES:
        raise InvalidRecordError("A session lasts between 0 and 1,440 minutes.")
    if not _finite_json(note.reflection):
        raise InvalidRecordError("The reflection holds a value that cannot be stored.")


def _finite_json(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _finite_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_finite_json(v) for v in value)
    return value is None or isinstance(value, str | int | bool)


def _bundle(
    cases: Iterable[Case],
    notes: Iterable[Note],
    goals: Iterable[Goal],
    revisions: Iterable[NoteRevision],
    process: Iterable[ProcessNotes] = (),
) -> list[CaseBundle]:
    process_by_note = {p.note_id: p for p in process}
    notes_by_case: dict[str, list[Note]] = {}
    for note in notes:
        notes_by_case.setdefault(note.case_id, []).append(note)
    goals_by_case: dict[str, list[Goal]] = {}
    for goal in sorted(goals, key=lambda g: g.created_at):
        goals_by_case.setdefault(goal.case_id, []).append(goal)
    revisions_by_note: dict[str, list[NoteRevision]] = {}
    for revision in sorted(revisions, key=lambda r: r.saved_at):
        revisions_by_note.setdefault(revision.note_id, []).append(revision)
    bundles = []
    for case in sorted(cases, key=lambda c: c.code):
        case_notes = sorted(
            notes_by_case.get(case.id, []), key=lambda n: (n.session_date, n.created_at)
        )
        bundles.append(
            CaseBundle(
                case=case,
                goals=goals_by_case.get(case.id, []),
                notes=case_notes,
                revisions={
                    n.id: revisions_by_note[n.id] for n in case_notes if n.id in revisions_by_note
                },
                process_notes={
                    n.id: process_by_note[n.id] for n in case_notes if n.id in process_by_note
                },
            )
        )
    return bundles


# Cases read at a time by iter_export_bundles: a few thousand notes at most.
_EXPORT_GROUP = 50


def _addenda_of_case(case_id: str) -> ColumnElement[bool]:
    return AddendumRecord.note_id.in_(select(NoteRecord.id).where(NoteRecord.case_id == case_id))


def _process_of_case(case_id: str) -> ColumnElement[bool]:
    return ProcessNotesRecord.note_id.in_(
        select(NoteRecord.id).where(NoteRecord.case_id == case_id)
    )


def _attach_reflections(notes: list[Note], process: Iterable[ProcessNotes]) -> None:
    """Give each note its process notes' reflection (the editor, chart and summaries read it
    there); a note without process notes has none."""
    by_note = {p.note_id: p.reflection for p in process}
    for note in notes:
        note.reflection = dict(by_note.get(note.id, {}))


def _imported_process(bundle: CaseBundle, note: Note) -> ProcessNotes | None:
    """The process notes an imported note brings: its reflection, and the rest from the
    bundle (a format 1 file has only the reflection)."""
    given = bundle.process_notes.get(note.id)
    if given is None and not note.reflection:
        return None
    process = (
        replace(given)
        if given is not None
        else ProcessNotes(note_id=note.id, created_at=note.created_at, updated_at=note.updated_at)
    )
    process.note_id = note.id
    process.reflection = dict(note.reflection)
    return process


def _attach_addenda(notes: list[Note], addenda: list[Addendum]) -> None:
    by_note: dict[str, list[Addendum]] = {}
    for addendum in addenda:
        by_note.setdefault(addendum.note_id, []).append(addendum)
    for note in notes:
        note.addenda = sorted(by_note.get(note.id, []), key=lambda a: a.created_at)


def _remove_vault_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def _write_header_row(connection: Connection, header: VaultHeader) -> None:
    connection.execute(
        update(HeaderRecord).values(
            format_version=header.format_version,
            kdf=header.kdf,
            kdf_salt=header.kdf_salt,
            kdf_memory_kib=header.kdf_params.memory_kib,
            kdf_iterations=header.kdf_params.iterations,
            kdf_lanes=header.kdf_params.lanes,
            passphrase_slot=header.passphrase_slot,
            recovery_slot=header.recovery_slot,
        )
    )


RESEAL_BATCH = 500


def _reseal_everything(
    connection: Connection,
    unlocked: _Unlocked,
    keys: VaultKeys,
    recovery_slot: bytes,
    progress: Progress | None,
) -> tuple[int, int]:
    """Re-seal every field under ``keys`` and write the manifest they give; returns (records,
    fields left as they were because they failed authentication)."""
    old = unlocked.cipher
    new = FieldCipher(keys)
    tracker = ManifestTracker(keys)
    counter = 0
    for row_id, blob in read_manifest_rows(connection):
        try:
            counter = open_manifest(unlocked.tracker.cipher, row_id, blob).counter
            break
        except TamperedRecordError:
            continue
    manifest = empty_manifest(b"")
    total = sum(
        int(connection.execute(select(func.count()).select_from(r.__table__)).scalar_one())
        for r in ENCRYPTED_TABLES.values()
    )
    done = unreadable = 0
    if progress is not None:
        progress(0, total)
    for name, record_type in ENCRYPTED_TABLES.items():
        table: Table = record_type.__table__  # type: ignore[assignment]
        columns = enc_columns(record_type)
        fks = foreign_key_columns(record_type)
        state = manifest.table(name)
        ids = [str(r[0]) for r in connection.execute(select(table.c.id))]
        statement = (
            table.update()
            .where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(f"new_{c}") for c in columns})
        )
        for start in range(0, len(ids), RESEAL_BATCH):
            chunk = ids[start : start + RESEAL_BATCH]
            rows = connection.execute(select(table).where(table.c.id.in_(chunk))).mappings()
            updates: list[dict[str, Any]] = []
            for row in rows:
                row_id = str(row["id"])
                foreign = {n: row[n] for n in fks}
                values: dict[str, Any] = {"row_id": row_id}
                damaged = False
                for column in columns:
                    blob = row[column]
                    try:
                        payload = old.open_bytes(name, column, row_id, foreign, blob)
                    except TamperedRecordError:
                        # Left exactly as stored (any SQLite type), still counted in the
                        # manifest as its bytes; verify names it.
                        unreadable += 1
                        damaged = True
                        state.add(cell_item(tracker.mk, name, row_id, column, stored_bytes(blob)))
                        continue
                    sealed = seal(keys.field_aead, payload, new.aad(name, column, row_id, foreign))
                    values[f"new_{column}"] = sealed
                    state.add(cell_item(tracker.mk, name, row_id, column, sealed))
                state.count += 1
                if damaged:
                    # Only this row's readable cells are re-sealed, one statement of its own.
                    sealed_now = {c: values[f"new_{c}"] for c in columns if f"new_{c}" in values}
                    if sealed_now:
                        connection.execute(
                            table.update().where(table.c.id == row_id).values(sealed_now)
                        )
                    done += 1
                else:
                    updates.append(values)
            if updates:
                connection.execute(statement, updates)
            done += len(updates)
            if progress is not None:
                progress(done, total)
    manifest.counter = counter + 1
    manifest.recovery_slot_sha256 = slot_hash(recovery_slot)
    write_manifest(connection, tracker.cipher, manifest)
    return done, unreadable
