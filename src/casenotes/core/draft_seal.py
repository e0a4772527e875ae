"""A note that could not be saved when the vault locked, sealed in memory until the unlock.

Locking must not fail open: when the open edit cannot be saved (a full disk, say), the
window seals the note as it stands on screen and locks anyway. The seal key is derived from
the data key with its own HKDF info string, so it is gone with the data key at lock and
exists again only after a successful unlock:

    draft key = HKDF-SHA256(ikm=DEK, salt=vault_id, info="casenotes/draft-seal/v1", length 32)
    sealed    = nonce(12) ‖ AES-256-GCM(draft key, UTF-8 JSON of the note, aad=info ‖ vault_id)

The sealed draft lives only in the process's memory (never on disk); what stays readable
while locked is the random ids of the note and its case, nothing else."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casenotes.core.domain import Note
from casenotes.core.store.payloads import note_from, note_meta
from casenotes.core.vault.header import VaultKeys

DRAFT_INFO = b"casenotes/draft-seal/v1"
NONCE_LENGTH = 12


class DraftUnsealError(Exception):
    """The sealed draft does not open with these keys (another vault, or re-keyed)."""


@dataclass(frozen=True, slots=True)
class SealedDraft:
    note_id: str
    case_id: str
    sealed: bytes = b""


def _draft_aead(keys: VaultKeys) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=keys.vault_id, info=DRAFT_INFO).derive(
        keys.dek
    )
    return AESGCM(key)


def seal_note(keys: VaultKeys, note: Note) -> SealedDraft:
    payload = {
        "id": note.id,
        "case_id": note.case_id,
        "meta": note_meta(note),
        "sections": note.sections,
        "reflection": note.reflection,
    }
    plaintext = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    nonce = os.urandom(NONCE_LENGTH)
    sealed = nonce + _draft_aead(keys).encrypt(nonce, plaintext, DRAFT_INFO + keys.vault_id)
    return SealedDraft(note.id, note.case_id, sealed)


def open_note(keys: VaultKeys, draft: SealedDraft) -> Note:
    nonce, body = draft.sealed[:NONCE_LENGTH], draft.sealed[NONCE_LENGTH:]
    try:
        plaintext = _draft_aead(keys).decrypt(nonce, body, DRAFT_INFO + keys.vault_id)
    except Exception as exc:  # InvalidTag, or a truncated blob: never the content
        raise DraftUnsealError(
            "The unsaved note could not be opened with this vault's key."
        ) from exc
    payload = json.loads(plaintext.decode("utf-8"))
    if payload.get("id") != draft.note_id or payload.get("case_id") != draft.case_id:
        raise DraftUnsealError("The unsaved note does not match its label.")
    note = note_from(payload["id"], payload["case_id"], payload["meta"], payload["sections"], {})
    note.reflection = dict(payload["reflection"])  # the process notes' answers, as on screen
    return note
