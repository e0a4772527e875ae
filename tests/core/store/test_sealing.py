"""casenotes.core.store.sealing: FieldCipher seals and opens ``*_enc`` values with the AAD of
vault format v1, built from the record's own table, column, id and ``*_id`` foreign keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casenotes.core.store.records import (
    AddendumRecord,
    CaseRecord,
    ExportLogRecord,
    NoteRecord,
)
from casenotes.core.store.sealing import FieldCipher, foreign_key_columns
from casenotes.core.vault.envelope import field_aad, open_sealed, seal
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import VaultKeys
from casenotes.core.vault.slots import field_key

VAULT_ID = bytes(range(16))
DEK = bytes(range(0x20, 0x40))
NOTE_ID = "6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405162"
CASE_ID = "0b8e4d2c-5a61-4f3e-8d7c-9e0f1a2b3c4d"
OTHER_ID = "11111111-2222-4333-8444-555555555555"


@pytest.fixture
def keys() -> VaultKeys:
    return VaultKeys(VAULT_ID, DEK)


@pytest.fixture
def cipher(keys: VaultKeys) -> FieldCipher:
    return FieldCipher(keys)


def _note_record(note_id: str = NOTE_ID, case_id: str = CASE_ID) -> NoteRecord:
    return NoteRecord(id=note_id, case_id=case_id)


def test_aad_is_the_contracts_field_aad(cipher: FieldCipher) -> None:
    aad = cipher.aad("notes", "sections_enc", NOTE_ID, {"case_id": CASE_ID})
    assert aad == field_aad(VAULT_ID, "notes", "sections_enc", NOTE_ID, {"case_id": CASE_ID})
    # The worked example of docs/vault-format.md: 142 bytes.
    assert len(aad) == 142
    assert aad.startswith(b"casenotes/field/v1\x00\x10" + VAULT_ID)
    assert aad.endswith(b"\x00\x07case_id\x00\x24" + CASE_ID.encode())


def test_text_and_json_round_trip(cipher: FieldCipher) -> None:
    fks = {"case_id": CASE_ID}
    text = cipher.seal_value("notes", "meta_enc", NOTE_ID, fks, "Café ☕ — text")
    assert cipher.open_text("notes", "meta_enc", NOTE_ID, fks, text) == "Café ☕ — text"
    value = {"body": "Example note: café ☕", "n": [1, None, True]}
    blob = cipher.seal_value("notes", "sections_enc", NOTE_ID, fks, value)
    assert cipher.open_json("notes", "sections_enc", NOTE_ID, fks, blob) == value


def test_json_payload_is_compact_utf8(cipher: FieldCipher, keys: VaultKeys) -> None:
    fks = {"case_id": CASE_ID}
    blob = cipher.seal_value(
        "notes", "sections_enc", NOTE_ID, fks, {"body": "Example note: café ☕"}
    )
    payload = open_sealed(keys.field_aead, blob, cipher.aad("notes", "sections_enc", NOTE_ID, fks))
    assert payload == '{"body":"Example note: café ☕"}'.encode()


def test_the_field_key_is_hkdf_of_the_dek(keys: VaultKeys, cipher: FieldCipher) -> None:
    blob = cipher.seal_value("cases", "code_enc", NOTE_ID, {}, "A-01")
    independent = AESGCM(field_key(DEK, VAULT_ID))
    assert (
        open_sealed(independent, blob, field_aad(VAULT_ID, "cases", "code_enc", NOTE_ID, {}))
        == b"A-01"
    )


@pytest.mark.parametrize("size", [0, 1, 62, 63, 64, 65, 127, 128, 500, 4000])
def test_envelope_length_is_29_plus_a_multiple_of_64(cipher: FieldCipher, size: int) -> None:
    blob = cipher.seal_value("cases", "code_enc", NOTE_ID, {}, "x" * size)
    assert blob[0] == 0x01
    assert len(blob) >= 93
    assert (len(blob) - 1 - 12 - 16) % 64 == 0
    assert len(blob) == 29 + 64 * (size // 64 + 1)


def test_each_seal_uses_a_fresh_nonce(cipher: FieldCipher) -> None:
    one = cipher.seal_value("cases", "code_enc", NOTE_ID, {}, "same")
    two = cipher.seal_value("cases", "code_enc", NOTE_ID, {}, "same")
    assert one[1:13] != two[1:13]
    assert one != two


@pytest.mark.parametrize(
    ("table", "column", "row_id", "fks"),
    [
        ("cases", "sections_enc", NOTE_ID, {"case_id": CASE_ID}),  # another table
        ("notes", "meta_enc", NOTE_ID, {"case_id": CASE_ID}),  # another column
        ("notes", "sections_enc", OTHER_ID, {"case_id": CASE_ID}),  # another row
        ("notes", "sections_enc", NOTE_ID, {"case_id": OTHER_ID}),  # re-parented
        ("notes", "sections_enc", NOTE_ID, {"case_id": None}),  # foreign key cleared
        ("notes", "sections_enc", NOTE_ID, {}),  # foreign key dropped
        ("notes", "sections_enc", NOTE_ID, {"case_id": CASE_ID, "goal_id": None}),  # added
    ],
)
def test_a_field_opens_only_in_its_own_place(
    cipher: FieldCipher, table: str, column: str, row_id: str, fks: dict[str, str | None]
) -> None:
    blob = cipher.seal_value("notes", "sections_enc", NOTE_ID, {"case_id": CASE_ID}, {"a": 1})
    with pytest.raises(TamperedRecordError) as caught:
        cipher.open_json(table, column, row_id, fks, blob)
    assert (caught.value.table, caught.value.row_id, caught.value.column) == (table, row_id, column)


def test_a_field_from_another_vault_does_not_open(cipher: FieldCipher) -> None:
    # Same DEK, another vault id: another field key and another AAD.
    other = FieldCipher(VaultKeys(bytes(range(1, 17)), DEK))
    blob = other.seal_value("cases", "code_enc", NOTE_ID, {}, "A-01")
    with pytest.raises(TamperedRecordError):
        cipher.open_text("cases", "code_enc", NOTE_ID, {}, blob)


def test_a_null_foreign_key_is_the_empty_string(cipher: FieldCipher) -> None:
    blob = cipher.seal_value("notes", "meta_enc", NOTE_ID, {"case_id": None}, "x")
    assert cipher.open_text("notes", "meta_enc", NOTE_ID, {"case_id": ""}, blob) == "x"


@pytest.mark.parametrize("position", [0, 1, 12, 13, 50, -16, -1])
def test_any_flipped_byte_is_tampering(cipher: FieldCipher, position: int) -> None:
    blob = bytearray(cipher.seal_value("cases", "code_enc", NOTE_ID, {}, "A-01"))
    blob[position] ^= 0x80
    with pytest.raises(TamperedRecordError):
        cipher.open_text("cases", "code_enc", NOTE_ID, {}, bytes(blob))


@pytest.mark.parametrize("value", [b"", b"\x01" * 92, "not bytes", None, 12])
def test_malformed_values_are_tampering(cipher: FieldCipher, value: object) -> None:
    with pytest.raises(TamperedRecordError):
        cipher.open_bytes("cases", "code_enc", NOTE_ID, {}, value)  # type: ignore[arg-type]


def test_a_payload_that_is_not_utf8_or_json_is_tampering(
    cipher: FieldCipher, keys: VaultKeys
) -> None:
    aad = cipher.aad("cases", "profile_enc", NOTE_ID, {})
    not_utf8 = seal(keys.field_aead, b"\xff\xfe", aad)
    with pytest.raises(TamperedRecordError):
        cipher.open_text("cases", "profile_enc", NOTE_ID, {}, not_utf8)
    not_json = seal(keys.field_aead, b"{not json", aad)
    assert cipher.open_text("cases", "profile_enc", NOTE_ID, {}, not_json) == "{not json"
    with pytest.raises(TamperedRecordError):
        cipher.open_json("cases", "profile_enc", NOTE_ID, {}, not_json)


def test_foreign_key_columns_are_the_id_columns_other_than_id() -> None:
    assert foreign_key_columns(NoteRecord) == ("case_id",)
    assert foreign_key_columns(AddendumRecord) == ("note_id",)
    assert foreign_key_columns(CaseRecord) == ()


# ---- record-level helpers -----------------------------------------------------------------------


def test_seal_into_binds_the_records_own_identity(cipher: FieldCipher) -> None:
    record = _note_record()
    cipher.seal_into(record, "sections_enc", {"body": "text"})
    assert cipher.open_json(
        "notes", "sections_enc", NOTE_ID, {"case_id": CASE_ID}, record.sections_enc
    ) == {"body": "text"}
    assert cipher.open_from(record, "sections_enc") == {"body": "text"}

    moved = _note_record(case_id=OTHER_ID)
    moved.sections_enc = record.sections_enc
    with pytest.raises(TamperedRecordError):
        cipher.open_from(moved, "sections_enc")
    other_row = _note_record(note_id=OTHER_ID)
    other_row.sections_enc = record.sections_enc
    with pytest.raises(TamperedRecordError):
        cipher.open_from(other_row, "sections_enc")


def test_records_without_foreign_keys(cipher: FieldCipher) -> None:
    case = CaseRecord(id=CASE_ID)
    cipher.seal_into(case, "code_enc", "A-01")
    assert cipher.open_text_from(case, "code_enc") == "A-01"
    assert cipher.open_text("cases", "code_enc", CASE_ID, {}, case.code_enc) == "A-01"
    # The export log's case reference is inside the envelope, not a clear *_id column.
    entry = ExportLogRecord(id=OTHER_ID)
    cipher.seal_into(entry, "entry_enc", {"case_id": CASE_ID})
    assert cipher.open_from(entry, "entry_enc") == {"case_id": CASE_ID}


def test_open_from_reads_json(cipher: FieldCipher) -> None:
    record = AddendumRecord(id=OTHER_ID, note_id=NOTE_ID)
    cipher.seal_into(record, "addendum_enc", {"text": "t", "created_at": None})
    assert json.loads(json.dumps(cipher.open_from(record, "addendum_enc"))) == {
        "text": "t",
        "created_at": None,
    }
    assert cipher.open_text_from(record, "addendum_enc") == '{"text":"t","created_at":null}'


# ---- a batch of raw rows (the index pass at unlock) --------------------------------------------


def _rows(cipher: FieldCipher, count: int) -> list[tuple[object, object, object]]:
    rows: list[tuple[object, object, object]] = []
    for n in range(count):
        row_id, case_id = f"{NOTE_ID[:-2]}{n:02d}", CASE_ID if n % 2 else OTHER_ID
        text = "Café ☕ " * n  # lengths either side of a padding block, one multi-byte
        rows.append(
            (
                row_id,
                case_id,
                cipher.seal_value("notes", "meta_enc", row_id, {"case_id": case_id}, text),
            )
        )
    return rows


def _alone(cipher: FieldCipher, row: tuple[object, ...]) -> str | TamperedRecordError:
    """What reading one row the ordinary way gives: its text, or the error it raises."""
    try:
        return cipher.open_text("notes", "meta_enc", row[0], {"case_id": row[1]}, row[2])
    except TamperedRecordError as exc:
        return exc


def _described(result: str | TamperedRecordError) -> object:
    """A text as itself, an error by what it says and names, and what it was raised from."""
    if isinstance(result, TamperedRecordError):
        return (str(result), result.table, result.row_id, result.column, type(result.__cause__))
    return result


def test_a_batch_opens_as_each_row_opens_alone(cipher: FieldCipher) -> None:
    rows = _rows(cipher, 12)
    open_rows = cipher.column_opener("notes", "meta_enc", "case_id")
    assert open_rows(rows, 2) == [_alone(cipher, row) for row in rows]
    assert open_rows([(*row[:2], "other column", row[2]) for row in rows], 3) == open_rows(rows, 2)
    assert open_rows([], 2) == []


_DAMAGES = [
    lambda row: (row[0], row[1], bytes([row[2][0] ^ 1]) + row[2][1:]),  # envelope version
    lambda row: (row[0], row[1], row[2][:20] + bytes([row[2][20] ^ 1]) + row[2][21:]),
    lambda row: (row[0], row[1], row[2][:-64]),  # a block short
    lambda row: (row[0], row[1], row[2][:40]),  # shorter than an envelope
    lambda row: (row[0], row[1], b""),
    lambda row: (row[0], row[1], None),
    lambda row: (row[0], row[1], "text, not a BLOB"),
    lambda row: (row[0], OTHER_ID if row[1] == CASE_ID else CASE_ID, row[2]),  # moved
    lambda row: (row[0], None, row[2]),  # foreign key cleared
    lambda row: (row[0].encode(), row[1], row[2]),  # an id that is a BLOB
    lambda row: ("\udcff" + str(row[0])[1:], row[1], row[2]),  # TEXT that was not UTF-8
    lambda row: ("x" * 70_000, row[1], row[2]),  # an id too long for the AAD
]


def _from_record(cipher: FieldCipher, row: tuple[object, ...]) -> str | TamperedRecordError:
    """What open_text_from (the short way when plainly well-formed) gives for a row."""
    record = NoteRecord(id=row[0], case_id=row[1])
    record.meta_enc = row[2]
    try:
        return cipher.open_text_from(record, "meta_enc")
    except TamperedRecordError as exc:
        return exc


@pytest.mark.parametrize("damage", [None, *_DAMAGES])
def test_a_record_opens_as_open_text_opens_it(cipher: FieldCipher, damage: Any) -> None:
    """open_from and open_text_from take a short way for plainly well-formed fields: the
    same text, and for anything damaged the same error, as open_text."""
    for row in _rows(cipher, 4):
        row = damage(row) if damage else row
        assert _described(_from_record(cipher, row)) == _described(_alone(cipher, row))
    record = NoteRecord(id=NOTE_ID, case_id=CASE_ID)
    cipher.seal_into(record, "meta_enc", {"kind": "session", "tags": ["Café ☕"]})
    assert cipher.open_from(record, "meta_enc") == {"kind": "session", "tags": ["Café ☕"]}
    cipher.seal_into(record, "meta_enc", "not JSON")
    with pytest.raises(TamperedRecordError) as raised:
        cipher.open_from(record, "meta_enc")
    assert raised.value.column == "meta_enc" and raised.value.__cause__ is None


@pytest.mark.parametrize("damage", _DAMAGES)
def test_a_damaged_row_gives_its_own_error_and_the_rest_of_the_batch_is_read(
    cipher: FieldCipher, damage: Any
) -> None:
    rows = _rows(cipher, 6)
    good = cipher.column_opener("notes", "meta_enc", "case_id")(rows, 2)
    rows[3] = damage(rows[3])
    opened = cipher.column_opener("notes", "meta_enc", "case_id")(rows, 2)
    assert isinstance(opened[3], TamperedRecordError)
    assert _described(opened[3]) == _described(_alone(cipher, rows[3]))
    assert opened[:3] + opened[4:] == good[:3] + good[4:]


def test_several_damaged_rows_are_each_reported(cipher: FieldCipher) -> None:
    rows = _rows(cipher, 6)
    rows[1] = (rows[1][0], rows[1][1], b"")
    rows[4] = (rows[4][0], None, rows[4][2])
    opened = cipher.column_opener("notes", "meta_enc", "case_id")(rows, 2)
    assert [isinstance(text, TamperedRecordError) for text in opened] == [
        False,
        True,
        False,
        False,
        True,
        False,
    ]
    assert [getattr(text, "row_id", None) for text in opened] == [
        None,
        rows[1][0],
        None,
        None,
        rows[4][0],
        None,
    ]


def test_a_row_without_its_foreign_key_opens_the_long_way_when_sealed_so(
    cipher: FieldCipher,
) -> None:
    sealed = cipher.seal_value("notes", "meta_enc", NOTE_ID, {"case_id": None}, "no case")
    opened = cipher.column_opener("notes", "meta_enc", "case_id")([(NOTE_ID, None, sealed)], 2)
    assert opened == ["no case"]


def test_a_batch_refuses_bad_padding_and_utf8_that_authenticate(
    cipher: FieldCipher, keys: VaultKeys
) -> None:
    aad = cipher.aad("notes", "meta_enc", NOTE_ID, {"case_id": CASE_ID})
    nonce = bytes(12)
    bad = [
        keys.field_aead.encrypt(nonce, b"\xff\xfe" + b"\x80" + bytes(61), aad),  # not UTF-8
        keys.field_aead.encrypt(nonce, b"text" + bytes(60), aad),  # no marker
        keys.field_aead.encrypt(nonce, b"text\x80" + bytes(123), aad),  # zeros past a block
        keys.field_aead.encrypt(nonce, b"text\x80" + bytes(10), aad),  # not whole blocks
    ]
    open_rows = cipher.column_opener("notes", "meta_enc", "case_id")
    for sealed in bad:
        row = (NOTE_ID, CASE_ID, b"\x01" + nonce + sealed)
        opened = open_rows([row], 2)
        assert isinstance(opened[0], TamperedRecordError)
        assert _described(opened[0]) == _described(_alone(cipher, row))
