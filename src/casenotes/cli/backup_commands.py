"""``casenotes backup``, ``backups`` and ``restore``: the vault's own copies of itself."""

from __future__ import annotations

import argparse
from pathlib import Path

from casenotes.cli.commands import OK, Context
from casenotes.cli.secrets import PASSPHRASE_ENV, RECOVERY_KEY_ENV, read_secret


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    """A manual backup. Needs no passphrase: a backup is the encrypted vault as it is."""
    from casenotes.core.backup import backup_vault, copy_vault
    from casenotes.core.backup.catalog import BackupReason

    if args.output is not None:
        info = copy_vault(args.vault, args.output)
    else:
        info = backup_vault(args.vault, BackupReason.MANUAL)
    ctx.say(
        f"Backup written: {info.path} ({_size(info.size)}). It is encrypted, and opens "
        "with the vault's current passphrase or the recovery key."
    )
    return OK


def cmd_backups(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.backup import list_backups

    backups = list_backups(args.vault)
    if not backups:
        ctx.say("No backups yet. Casenotes takes one each day the vault is unlocked.")
        return OK
    for info in backups:
        local = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
        ctx.say(f"{local}  {info.reason.value:<13} {_size(info.size):>9}  {info.path}")
    return OK


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    """Check the backup opens and is intact, keep the current vault, then put it in place."""
    from casenotes.core.backup import restore_backup

    if args.recovery_key or args.recovery_key_file is not None:
        key = read_secret(
            file=args.recovery_key_file,
            env=RECOVERY_KEY_ENV,
            prompt="Recovery key: ",
            what="recovery key",
        )
        result = restore_backup(
            args.vault,
            args.file,
            recovery_key=key,
            policy=ctx.policy,
            allow_other_vault=args.other_vault,
        )
    else:
        passphrase = read_secret(
            file=args.passphrase_file,
            env=PASSPHRASE_ENV,
            prompt="Passphrase of the backup: ",
            what="passphrase",
        )
        result = restore_backup(
            args.vault,
            args.file,
            passphrase=passphrase,
            policy=ctx.policy,
            allow_other_vault=args.other_vault,
        )
    ctx.say(
        f"Restored {args.vault} from {result.restored_from}: "
        f"{result.records_checked} records checked, all authentic."
    )
    if result.pre_restore is not None:
        ctx.say(f"The vault as it was is kept in {result.pre_restore.path}.")
    ctx.say("The vault now opens with the passphrase the backup was taken with.")
    return OK


def register(add: object) -> None:
    """Add the three commands through main's ``add(name, fn, help)`` helper."""
    p = add(
        "backup",
        cmd_backup,  # type: ignore[operator]
        "back up the vault now (into backups/ beside it, or to -o FILE)",
    )
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE")
    add("backups", cmd_backups, "list the vault's backups with dates and sizes")  # type: ignore[operator]
    p = add(
        "restore",
        cmd_restore,  # type: ignore[operator]
        "replace the vault with a backup, after checking the backup opens and is intact",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--recovery-key",
        action="store_true",
        help="open the backup with the recovery key instead of its passphrase",
    )
    p.add_argument(
        "--recovery-key-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the recovery key from FILE (implies --recovery-key)",
    )
    p.add_argument(
        "--other-vault",
        action="store_true",
        help="allow restoring a backup of a different vault over this one",
    )


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} KB"
