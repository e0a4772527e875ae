"""Fuzzing the vault header as the store reads it: ``header_from_row`` and
``VaultHeader.validate`` with arbitrary column values of arbitrary types, and ``inspect_vault`` on
files of arbitrary bytes, truncated real vaults, and real vaults with random byte flips in the
pages that hold the header (and in a WAL that holds it).

The properties: only ``VaultError`` subclasses escape; every call returns promptly (a watchdog
ends the run if one hangs); the vault file is byte-identical afterwards, and apart from the
``-shm`` index SQLite needs to read a WAL, no file appears. A header that validates and a
passphrase that unlocks it give back the vault's own DEK, never something else.

Every vault here uses cheap KDF parameters; all content is fictional."""

from __future__ import annotations

import contextlib
import faulthandler
import hashlib
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casenotes.core.domain import Case, Note
from casenotes.core.journal import Journal
from casenotes.core.store.vault_file import header_from_row, inspect_vault
from casenotes.core.vault.errors import VaultError
from casenotes.core.vault.header import (
    FORMAT_VERSION,
    ID_LENGTH,
    KDF_NAME,
    MAGIC,
    VaultHeader,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from casenotes.core.vault.kdf import KdfParams, KdfPolicy
from casenotes.core.vault.slots import SLOT_LENGTH

PASSPHRASE = "Fuzzing lantern orchard 37 basalt"
FUZZ = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Whatever the fuzzing produces, no single call may take anywhere near this long.
CALL_LIMIT_S = 8.0
# A hang in C code cannot be interrupted from Python: end the process with a traceback instead.
WATCHDOG_S = 300

# Validation with the standard and the testing policy; unlocking only under a policy whose
# ceiling keeps a fuzzed header from asking Argon2id for gigabytes (a flipped bit can).
CHEAP = KdfPolicy(
    min_memory_kib=8,
    min_iterations=1,
    max_memory_kib=1024,
    max_iterations=3,
    max_lanes=4,
    create_params=KdfParams(64, 1, 1),
)
POLICIES = (KdfPolicy.standard(), KdfPolicy.testing(), CHEAP)


@pytest.fixture(autouse=True, scope="module")
def _watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True, file=sys.__stderr__)
    yield
    faulthandler.cancel_dump_traceback_later()


# ---- header_from_row and validate -----------------------------------------------------------

GOOD_ROW: tuple[object, ...] = (
    MAGIC,
    FORMAT_VERSION,
    bytes(range(16)),
    KDF_NAME,
    bytes(range(16, 32)),
    64,
    1,
    1,
    bytes(SLOT_LENGTH),
    bytes(SLOT_LENGTH),
)

# What SQLite can hand back (None, 64-bit integers, floats, text, blobs), and then some: any
# Python integer, booleans, NaN and infinities, lone surrogates, bytearrays, containers.
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(),
    st.text(alphabet=st.characters(categories=["Cs", "Co", "Cc"])),
    st.binary(),
    st.binary(min_size=ID_LENGTH, max_size=ID_LENGTH),
    st.binary(min_size=SLOT_LENGTH, max_size=SLOT_LENGTH),
    st.builds(bytearray, st.binary(max_size=20)),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.integers()),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)

# Values close to valid for each column, so the later checks are reached too.
plausible: tuple[st.SearchStrategy[object], ...] = (
    st.sampled_from([MAGIC, MAGIC.upper(), MAGIC + " ", "", "SQLite format 3"]),
    st.integers(min_value=-3, max_value=4),
    st.binary(min_size=0, max_size=32),
    st.sampled_from([KDF_NAME, "argon2i", "Argon2id", "scrypt", ""]),
    st.binary(min_size=0, max_size=32),
    st.integers(min_value=-10, max_value=2**34) | st.sampled_from([0, 7, 8, 64, 65536, 2**22]),
    st.integers(min_value=-2, max_value=40),
    st.integers(min_value=-2, max_value=40),
    st.binary(min_size=0, max_size=80),
    st.binary(min_size=0, max_size=80),
)


@st.composite
def header_rows(draw: st.DrawFn) -> tuple[object, ...]:
    return tuple(
        draw(st.one_of(st.just(good), plausible[i], anything)) for i, good in enumerate(GOOD_ROW)
    )


def _check_validated(header: VaultHeader, policy: KdfPolicy) -> None:
    """What a header that passed ``validate`` must be."""
    assert header.magic == MAGIC
    assert type(header.format_version) is int and 1 <= header.format_version <= FORMAT_VERSION
    assert header.kdf == KDF_NAME
    assert isinstance(header.vault_id, bytes) and len(header.vault_id) == ID_LENGTH
    assert isinstance(header.kdf_salt, bytes) and len(header.kdf_salt) == ID_LENGTH
    assert isinstance(header.passphrase_slot, bytes)
    assert isinstance(header.recovery_slot, bytes)
    params = header.kdf_params
    assert all(type(v) is int for v in (params.memory_kib, params.iterations, params.lanes))
    assert policy.min_memory_kib <= params.memory_kib <= policy.max_memory_kib
    assert policy.min_iterations <= params.iterations <= policy.max_iterations
    assert 1 <= params.lanes <= policy.max_lanes


@FUZZ
@given(header_rows())
@example(GOOD_ROW)
@example((None,) * 10)
@example((MAGIC, True, *GOOD_ROW[2:]))
@example((MAGIC, 1, *GOOD_ROW[2:5], 2**70, 2**70, 2**70, *GOOD_ROW[8:]))
@example((MAGIC, 1, *GOOD_ROW[2:5], 64, 1, 0, *GOOD_ROW[8:]))
@example((MAGIC, 2**64, *GOOD_ROW[2:]))
@example((MAGIC.encode(), 1, *GOOD_ROW[2:]))
@example((MAGIC, 1, "0" * 16, *GOOD_ROW[3:]))
def test_header_from_row_and_validate_raise_only_vault_errors(row: tuple[object, ...]) -> None:
    try:
        header = header_from_row(row)
    except VaultError:
        return
    for policy in POLICIES:
        try:
            header.validate(policy)
        except VaultError:
            continue
        _check_validated(header, policy)


@FUZZ
@given(
    magic=anything | plausible[0],
    version=anything | plausible[1],
    vault_id=anything | plausible[2],
    kdf=anything | plausible[3],
    salt=anything | plausible[4],
    memory=anything | plausible[5],
    iterations=anything | plausible[6],
    lanes=anything | plausible[7],
    pslot=anything | plausible[8],
    rslot=anything | plausible[9],
)
def test_validate_of_any_header_raises_only_vault_errors(
    magic: object,
    version: object,
    vault_id: object,
    kdf: object,
    salt: object,
    memory: object,
    iterations: object,
    lanes: object,
    pslot: object,
    rslot: object,
) -> None:
    """A header built directly (not through ``header_from_row``'s type checks)."""
    header = VaultHeader(
        magic=magic,
        format_version=version,
        vault_id=vault_id,
        kdf=kdf,  # type: ignore[arg-type]
        kdf_salt=salt,
        kdf_params=KdfParams(memory, iterations, lanes),  # type: ignore[arg-type]
        passphrase_slot=pslot,
        recovery_slot=rslot,  # type: ignore[arg-type]
    )
    for policy in POLICIES:
        try:
            header.validate(policy)
        except VaultError:
            continue
        _check_validated(header, policy)


# ---- inspect_vault on damaged files ---------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Sample:
    """A small real vault (closed cleanly), where its header lives, and what unlocks it; and a
    second vault copied while still open, whose header is only in its WAL."""

    data: bytes
    page_size: int
    header_page: int  # 1-based page number of vault_header's b-tree root (its only page)
    alembic_page: int
    dek: bytes
    recovery_key: str
    wal_db: bytes
    wal: bytes
    wal_dek: bytes
    wal_recovery_key: str

    def __repr__(self) -> str:  # hypothesis prints the fixture with every falsifying example
        return f"Sample({len(self.data)} bytes, WAL {len(self.wal)} bytes)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def _fill(journal: Journal) -> None:
    case = journal.save_case(Case(code="FZ-01", display_name="Fictional Wren"))
    for day in range(1, 4):
        journal.save_note(
            Note(
                case_id=case.id,
                session_date=date(2024, 6, day),
                sections={"body": f"Session {day}: talked about rest and pacing."},
            )
        )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    folder = tmp_path_factory.mktemp("fuzz-header")
    path = folder / "sample.vault"
    created = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), check_strength=False)
    _fill(created.journal)
    created.journal.lock()
    data = path.read_bytes()
    with contextlib.closing(
        sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    ) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        roots = dict(
            connection.execute(
                "SELECT name, rootpage FROM sqlite_schema WHERE type = 'table'"
            ).fetchall()
        )
    header = inspect_vault(path).header
    dek = unlock_with_passphrase(header, PASSPHRASE, KdfPolicy.testing()).dek

    # A vault copied while open: the header is still only in the WAL.
    open_path = folder / "open.vault"
    other = Journal.create(open_path, PASSPHRASE, KdfPolicy.testing(), check_strength=False)
    _fill(other.journal)
    wal_db = open_path.read_bytes()
    wal = Path(f"{open_path}-wal").read_bytes()
    other.journal.lock()
    assert wal, "the open vault should have had a WAL"
    wal_dek = unlock_with_passphrase(
        inspect_vault(open_path).header, PASSPHRASE, KdfPolicy.testing()
    ).dek
    return Sample(
        data,
        page_size,
        roots["vault_header"],
        roots["alembic_version"],
        dek,
        created.recovery_key,
        wal_db,
        wal,
        wal_dek,
        other.recovery_key,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _inspect_damaged(files: dict[str, bytes], dek: bytes, recovery_key: str) -> None:
    """Write the files into a fresh folder, inspect ``v.vault`` there, and check the promises:
    only VaultError, prompt, nothing written. If the header is accepted, a passphrase or the
    recovery key either fails with a VaultError or yields the vault's own DEK."""
    with tempfile.TemporaryDirectory(prefix="casenotes-fuzz-") as tmp:
        folder = Path(tmp)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        before = _digest(folder)
        started = time.perf_counter()
        try:
            inspection = inspect_vault(folder / "v.vault")
        except VaultError:
            inspection = None
        assert time.perf_counter() - started < CALL_LIMIT_S
        after = _digest(folder)
        # Reading a WAL needs its -shm index; nothing else may appear or change.
        if "v.vault-wal" in files:
            after.pop("v.vault-shm", None)
        assert after == before
        if inspection is None:
            return
        header = inspection.header
        try:
            header.validate(CHEAP)
        except VaultError:
            return
        for unlock, secret in (
            (unlock_with_passphrase, PASSPHRASE),
            (unlock_with_recovery_key, recovery_key),
        ):
            try:
                keys = unlock(header, secret, CHEAP)
            except VaultError:
                continue
            assert keys.dek == dek


@FUZZ
@given(st.binary(max_size=8192))
@example(b"")
@example(b"SQLite format 3\x00")
def test_inspect_arbitrary_bytes(sample: Sample, data: bytes) -> None:
    _inspect_damaged({"v.vault": data}, sample.dek, sample.recovery_key)


@FUZZ
@given(
    page_size_exponent=st.integers(min_value=9, max_value=16),
    rest=st.binary(min_size=0, max_size=4096),
)
def test_inspect_arbitrary_bytes_behind_a_sqlite_header(
    sample: Sample, page_size_exponent: int, rest: bytes
) -> None:
    """Random files that get past SQLite's magic and page-size check."""
    size = 2**page_size_exponent
    field = (1 if size == 65536 else size).to_bytes(2, "big")
    _inspect_damaged(
        {"v.vault": b"SQLite format 3\x00" + field + rest}, sample.dek, sample.recovery_key
    )


@FUZZ
@given(cut=st.integers(min_value=0), junk=st.binary(max_size=64))
@example(cut=0, junk=b"")
@example(cut=100, junk=b"")
@example(cut=4096, junk=b"")
def test_inspect_truncated_vault(sample: Sample, cut: int, junk: bytes) -> None:
    """A real vault cut short anywhere (page boundaries and mid-page), maybe with junk after."""
    cut %= len(sample.data) + 1
    _inspect_damaged({"v.vault": sample.data[:cut] + junk}, sample.dek, sample.recovery_key)


@FUZZ
@given(
    page_pick=st.sampled_from(["first", "header", "alembic"]),
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
        min_size=1,
        max_size=8,
    ),
)
def test_inspect_vault_with_flipped_header_bytes(
    sample: Sample, page_pick: str, flips: list[tuple[int, int]]
) -> None:
    """Byte flips in page 1 (SQLite's header and schema), the vault_header page, or the
    alembic_version page."""
    page = {"first": 1, "header": sample.header_page, "alembic": sample.alembic_page}[page_pick]
    data = bytearray(sample.data)
    start = (page - 1) * sample.page_size
    for offset, mask in flips:
        data[start + offset % sample.page_size] ^= mask
    _inspect_damaged({"v.vault": bytes(data)}, sample.dek, sample.recovery_key)


@FUZZ
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
        min_size=0,
        max_size=6,
    ),
    cut=st.none() | st.integers(min_value=0),
)
@example(flips=[], cut=None)
def test_inspect_vault_whose_header_is_in_a_damaged_wal(
    sample: Sample, flips: list[tuple[int, int]], cut: int | None
) -> None:
    """A vault left open (header only in the WAL), with flipped or cut-off WAL bytes."""
    wal = bytearray(sample.wal)
    for offset, mask in flips:
        wal[offset % len(wal)] ^= mask
    if cut is not None:
        wal = wal[: cut % (len(wal) + 1)]
    _inspect_damaged(
        {"v.vault": sample.wal_db, "v.vault-wal": bytes(wal)},
        sample.wal_dek,
        sample.wal_recovery_key,
    )


def test_the_samples_are_what_the_fuzzing_assumes(sample: Sample) -> None:
    """Unchanged, both samples inspect and unlock; the header pages are distinct and real."""
    assert sample.page_size >= 512 and len(sample.data) % sample.page_size == 0
    assert len({1, sample.header_page, sample.alembic_page}) == 3
    assert max(sample.header_page, sample.alembic_page) * sample.page_size <= len(sample.data)
    for files, dek in (
        ({"v.vault": sample.data}, sample.dek),
        ({"v.vault": sample.wal_db, "v.vault-wal": sample.wal}, sample.wal_dek),
    ):
        with tempfile.TemporaryDirectory() as tmp:
            for name, content in files.items():
                (Path(tmp) / name).write_bytes(content)
            header = inspect_vault(Path(tmp) / "v.vault").header
            assert unlock_with_passphrase(header, PASSPHRASE, CHEAP).dek == dek


def test_a_schema_with_invalid_utf8_is_not_a_vault(sample: Sample) -> None:
    data = bytearray(sample.data)
    at = data.index(b"CREATE TABLE vault_header (") + len("CREATE TABLE")
    data[at] = 0xA0  # a space in the stored schema becomes a byte that is not UTF-8
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v.vault"
        path.write_bytes(bytes(data))
        with pytest.raises(VaultError):
            Journal.open(path, KdfPolicy.testing())
        assert path.read_bytes() == bytes(data)
