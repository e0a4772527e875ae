"""Errors the vault reports. Messages are sentences a practitioner can act on, never client data."""


class VaultError(Exception):
    """Base class: something about the vault prevents the operation."""


class VaultNotFoundError(VaultError):
    pass


class VaultExistsError(VaultError):
    pass


class NotAVaultError(VaultError):
    pass


class UnsupportedVersionError(VaultError):
    pass


class KdfParametersRefusedError(VaultError):
    pass


class WrongPassphraseError(VaultError):
    pass


class BadRecoveryKeyError(VaultError):
    pass


class WeakPassphraseError(VaultError):
    pass


class VaultLockedError(VaultError):
    pass


class VaultInUseError(VaultError):
    pass


class TamperedRecordError(VaultError):
    """A field failed authentication: the record was damaged or altered on disk."""

    def __init__(self, table: str, row_id: str, column: str) -> None:
        super().__init__(
            f"A record in '{table}' (id {row_id}) could not be authenticated: it was damaged "
            "or altered outside Casenotes. The rest of the vault is unaffected."
        )
        self.table = table
        self.row_id = row_id
        self.column = column


class SignedNoteError(VaultError):
    """An edit was attempted on a signed (locked) note."""


class StorageError(VaultError):
    """Writing to the vault failed at the disk (full, read-only, busy); nothing was lost, and
    the change that failed was not made."""
