"""A one-off search of a vault, for the command line: read-only, without SQLAlchemy, Alembic
or the ``Journal`` facade, so that a search costs little more than the key derivation.

The same checks as an unlock (the header, the key-derivation policy, the pinned schema, the
instance lock) and the same pass as ``Journal.build_index`` (``index_pass``: the same AES-GCM
and AAD checks, the same notes indexed, damage reported per record), into the same
in-memory index without prefix indexes, so the hits are those the window would show. Only
the notes that can match the query are indexed; the rest are counted into the totals that
bm25 ranks by (``Prefilter``), which gives the same scores as an index of every note. The
key derivation runs on a helper thread (it releases the GIL) while the cases, addenda and
process notes rows are read. Nothing is written: the vault is opened read-only, and a vault
that needs migrating is left to the ordinary path (``None`` is returned).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from casenotes.core.store.database import open_read_only
from casenotes.core.store.instance_lock import InstanceLock
from casenotes.core.store.pinned_schema import require_pinned_schema
from casenotes.core.store.vault_file import inspect_vault
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import VaultHeader, VaultKeys, unlock_with_passphrase
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:  # imported while the key is derived (_search), not before
    from casenotes.core.search.index import SearchHit


class _Derivation(threading.Thread):
    """The passphrase's key derivation and unwrap, on a thread of its own."""

    def __init__(self, header: VaultHeader, passphrase: str, policy: KdfPolicy) -> None:
        super().__init__(name="casenotes-kdf", daemon=True)
        self._args = (header, passphrase, policy)
        self.keys: VaultKeys | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.keys = unlock_with_passphrase(*self._args)
        except BaseException as exc:  # handed to the caller, raised there
            self.error = exc
        self._args = ()  # type: ignore[assignment]  # no copy of the passphrase kept

    def result(self) -> VaultKeys:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.keys is not None
        return self.keys


def search_vault(
    path: Path,
    passphrase: Callable[[], str],
    query: str,
    *,
    policy: KdfPolicy,
    limit: int = 50,
    mark: tuple[str, str] = ("[", "]"),
    damaged: list[TamperedRecordError] | None = None,
) -> list[SearchHit] | None:
    """The notes matching ``query``, best first, as ``Journal.search`` would give them after
    an unlock; ``None`` when the vault needs migrating (the caller takes the ordinary path).

    ``passphrase`` is asked for only once the vault has been inspected (a file that is not a
    vault is refused first). Records that fail authentication are left out and appended to
    ``damaged``."""
    path = Path(path)
    inspection = inspect_vault(path)
    inspection.header.validate(policy)
    if inspection.needs_migration:
        return None
    secret = passphrase()
    instance = InstanceLock(path)
    instance.acquire()  # as an unlock does: a vault open for writing elsewhere is refused
    try:
        derivation = _Derivation(inspection.header, secret, policy)
        del secret
        derivation.start()
        try:
            return _search(path, derivation, query, limit, mark, damaged)
        finally:
            derivation.join()
            if derivation.keys is not None:
                derivation.keys.wipe()
    finally:
        instance.release()


def _search(
    path: Path,
    derivation: _Derivation,
    query: str,
    limit: int,
    mark: tuple[str, str],
    damaged: list[TamperedRecordError] | None,
) -> list[SearchHit]:
    sink: list[TamperedRecordError] = [] if damaged is None else damaged

    def damage(error: TamperedRecordError) -> None:
        if all(e.row_id != error.row_id for e in sink):
            sink.append(error)

    with closing(open_read_only(path)) as connection:
        # The file may have changed since it was inspected: pinned again on this connection,
        # then one read snapshot for every table.
        require_pinned_schema(connection)
        connection.execute("BEGIN")
        # While the key is derived (on its thread, without the GIL): the pass's imports
        # (the search index, the payloads and the domain: a tenth of a second), then the
        # rows of everything but the notes, decrypted once the key is there. The notes are
        # read as the pass goes: read ahead, they added 18 MB at 10,000 notes to the peak,
        # which is Argon2id's.
        from casenotes.core.index_pass import (
            ADDENDUM_ROWS,
            CASE_ROWS,
            PROCESS_ROWS,
            Prefilter,
            addenda_texts,
            case_states,
            index_batches,
            process_texts,
        )
        from casenotes.core.search.index import SearchIndex
        from casenotes.core.store.sealing import FieldCipher

        case_rows = connection.execute(CASE_ROWS).fetchall()
        addendum_rows = connection.execute(ADDENDUM_ROWS).fetchall()
        process_rows = connection.execute(PROCESS_ROWS).fetchall()
        cipher = FieldCipher(derivation.result())
        live = {
            case_id: code
            for case_id, (code, trashed) in case_states(case_rows, cipher, damage).items()
            if not trashed
        }
        addenda = addenda_texts(addendum_rows, cipher, damage)
        reflections = process_texts(process_rows, cipher, damage)
        del process_rows
        dates: dict[str, date] = {}
        # Only the notes that can match go into the index; the rest are counted, so that the
        # ranking is the one over every note (Prefilter).
        prefilter = Prefilter.for_query(query)
        with SearchIndex(prefixes=False) as index:
            index.fill(
                index_batches(
                    connection, cipher, live, addenda, reflections, dates, damage, prefilter
                )
            )
            if prefilter is not None:
                try:
                    index.add_unindexed(prefilter.notes, prefilter.tokens)
                except sqlite3.DatabaseError:  # an SQLite built to refuse writing FTS5's
                    # own tables (defensive mode): every note, in a new index, in this snapshot
                    index.close()
                    index = SearchIndex(prefixes=False)
                    index.fill(
                        index_batches(connection, cipher, live, addenda, reflections, {}, damage)
                    )
            connection.execute("COMMIT")
            try:
                return index.search(query, limit=limit, mark_start=mark[0], mark_end=mark[1])
            finally:
                index.close()
