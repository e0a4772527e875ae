"""The recovery key: 32 random bytes shown once as checksummed, grouped base32 text."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from casenotes.core.vault.errors import BadRecoveryKeyError
from casenotes.core.vault.slots import hkdf_sha256

RECOVERY_KEY_LENGTH = 32
CHECKSUM_LENGTH = 2
RECOVERY_INFO = b"casenotes/recovery/v1"
GROUP = 5


def new_recovery_key() -> bytes:
    return os.urandom(RECOVERY_KEY_LENGTH)


def format_recovery_key(key: bytes) -> str:
    if len(key) != RECOVERY_KEY_LENGTH:
        raise ValueError("recovery key must be 32 bytes")
    checksum = hashlib.sha256(key).digest()[:CHECKSUM_LENGTH]
    text = base64.b32encode(key + checksum).decode("ascii").rstrip("=")
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Accept any case, spaces and dashes; reject anything with a bad checksum."""
    compact = "".join(ch for ch in text if ch not in " -\t\r\n")
    if not compact.isascii():
        # Checked before upper(): str.upper() folds some non-ASCII letters into ASCII ones
        # ("ı" -> "I", "ſ" -> "S", "ß" -> "SS"), which would otherwise be accepted.
        raise BadRecoveryKeyError(
            "That recovery key contains characters it cannot have (only A–Z and 2–7)."
        )
    compact = compact.upper()
    expected_chars = -(-(RECOVERY_KEY_LENGTH + CHECKSUM_LENGTH) * 8 // 5)
    if len(compact) != expected_chars:
        raise BadRecoveryKeyError(
            "That recovery key has the wrong length. It has 11 groups of letters and digits."
        )
    padding = "=" * (-len(compact) % 8)
    try:
        raw = base64.b32decode(compact + padding)
    except (binascii.Error, ValueError) as exc:
        raise BadRecoveryKeyError(
            "That recovery key contains characters it cannot have (only A–Z and 2–7)."
        ) from exc
    key, checksum = raw[:RECOVERY_KEY_LENGTH], raw[RECOVERY_KEY_LENGTH:]
    # The last character carries 3 unused bits, which b32decode ignores; requiring the
    # canonical encoding means a mistyped last character is rejected, not silently accepted.
    canonical = base64.b32encode(raw).decode("ascii").rstrip("=")
    if canonical != compact or hashlib.sha256(key).digest()[:CHECKSUM_LENGTH] != checksum:
        raise BadRecoveryKeyError(
            "That recovery key does not check out: a character is probably mistyped."
        )
    return key


def recovery_kek(key: bytes, vault_id: bytes) -> bytes:
    return hkdf_sha256(key, vault_id, RECOVERY_INFO)
