"""The CLI's commands: each takes parsed arguments and a context, and returns an exit code."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from casenotes.cli.secrets import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    RECOVERY_KEY_ENV,
    read_new_passphrase,
    read_secret,
)
from casenotes.core.domain import CaseBundle, ExportLogEntry
from casenotes.core.domain.models import utc_now
from casenotes.core.fileio import atomic_write
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

OK, PROBLEM = 0, 1


@dataclass
class Context:
    policy: KdfPolicy
    out: TextIO
    err: TextIO

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        print(text, file=self.err)


def _passphrase(args: argparse.Namespace) -> str:
    return read_secret(file=args.passphrase_file, env=PASSPHRASE_ENV,
                       prompt="Passphrase: ", what="passphrase")


def unlocked_journal(args: argparse.Namespace, ctx: Context) -> Journal:
    journal = Journal.open(args.vault, ctx.policy)
    journal.unlock(_passphrase(args))
    return journal


RECOVERY_WARNING = """\
Your recovery key (shown this once):

    {key}

Write it down or print it, and keep it somewhere safe and apart from this computer.
It is the ONLY way back into your notes if you forget your passphrase: nobody,
including the makers of Casenotes, can recover them without it or the passphrase."""


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    passphrase = (
        _passphrase(args) if args.passphrase_file or _env_has(PASSPHRASE_ENV)
        else read_new_passphrase(file=None, env=PASSPHRASE_ENV)
    )
    created = Journal.create(args.vault, passphrase, ctx.policy)
    created.journal.lock()
    ctx.say(f"Created a new vault at {args.vault}.\n")
    ctx.say(RECOVERY_WARNING.format(key=created.recovery_key))
    return OK


def _env_has(name: str) -> bool:
    import os
    return os.environ.get(name) is not None


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.interchange import parse_interchange

    data = Path(args.file).read_bytes()
    bundles = parse_interchange(data)  # validates the whole file before the vault is touched
    journal = unlocked_journal(args, ctx)
    try:
        count = journal.import_bundles(bundles)
    finally:
        journal.lock()
    notes = sum(len(b.notes) for b in bundles)
    ctx.say(f"Imported {count} case{'s' if count != 1 else ''} with {notes} "
            f"note{'s' if notes != 1 else ''}.")
    return OK


def cmd_export_json(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.interchange import dumps_interchange

    journal = unlocked_journal(args, ctx)
    try:
        data = dumps_interchange(journal.export_bundles())
        atomic_write(Path(args.output), data)
        journal.log_export(ExportLogEntry(
            case_id=None, exported_at=utc_now(), kind="interchange", format="json",
            content_sha256=hashlib.sha256(data).hexdigest()))
    finally:
        journal.lock()
    ctx.warn(f"Wrote {args.output}. It is NOT encrypted: keep it as safe as the notes "
             "themselves, and delete it when you no longer need it.")
    return OK


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    journal = unlocked_journal(args, ctx)
    try:
        if args.json:
            hits = journal.search(args.query, limit=args.limit, mark=("", ""))
            ctx.say(json.dumps([
                {"case_code": h.case_code, "note_id": h.note_id,
                 "session_date": h.session_date.isoformat(), "snippet": h.snippet}
                for h in hits], ensure_ascii=False, indent=2))
        else:
            hits = journal.search(args.query, limit=args.limit, mark=("[", "]"))
            for h in hits:
                ctx.say(f"{h.case_code}  {h.session_date.isoformat()}  "
                        f"{' '.join(h.snippet.split())}")
            if not hits:
                ctx.warn("No notes match.")
    finally:
        journal.lock()
    return OK


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    journal = unlocked_journal(args, ctx)
    try:
        report = journal.verify()
    finally:
        journal.lock()
    for message in report.integrity:
        ctx.say(f"database: {message}")
    for damaged in report.damaged:
        ctx.say(f"{damaged.table} {damaged.row_id}: {damaged.reason}")
    if report.intact:
        ctx.say(f"Vault intact: {report.records_checked} records checked, all authentic.")
        return OK
    ctx.warn(f"Problems found: {len(report.damaged)} damaged record(s), "
             f"{len(report.integrity)} database problem(s).")
    return PROBLEM


def cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    journal = Journal.open(args.vault, ctx.policy)
    if args.recovery_key:
        key = read_secret(file=args.recovery_key_file, env=RECOVERY_KEY_ENV,
                          prompt="Recovery key: ", what="recovery key")
        new = read_new_passphrase(file=args.new_passphrase_file, env=NEW_PASSPHRASE_ENV)
        try:
            journal.reset_passphrase(key, new)
        finally:
            journal.lock()
        ctx.say("Passphrase reset with the recovery key. The recovery key stays the same.")
        return OK
    journal.unlock(_passphrase(args))
    try:
        new = read_new_passphrase(file=args.new_passphrase_file, env=NEW_PASSPHRASE_ENV)
        journal.change_passphrase(new)
    finally:
        journal.lock()
    ctx.say("Passphrase changed.")
    return OK


CODE_PATTERN = re.compile(r"^C-(\d+)$")


def renumber(bundles: list[CaseBundle], taken: set[str]) -> list[CaseBundle]:
    """Demo cases continue the vault's own numbering instead of clashing with it."""
    numbers = [int(m.group(1)) for code in taken if (m := CODE_PATTERN.match(code))]
    start = max(numbers, default=0)
    renumbered = []
    for offset, bundle in enumerate(bundles, start=1):
        code = f"C-{start + offset:03d}"
        renumbered.append(replace(bundle, case=replace(bundle.case, code=code)))
    return renumbered


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.demo import generate_demo

    if args.cases < 1 and args.notes > 0:
        ctx.warn("Notes need at least one case.")
        return PROBLEM
    if Path(args.vault).exists():
        journal = unlocked_journal(args, ctx)
    else:
        created = Journal.create(args.vault, _passphrase(args), ctx.policy)
        journal = created.journal
        ctx.say(f"Created a new vault at {args.vault}.\n")
        ctx.say(RECOVERY_WARNING.format(key=created.recovery_key))
        ctx.say()
    try:
        bundles = generate_demo(cases=args.cases, notes=args.notes, seed=args.seed)
        taken = {c.code for c in journal.list_cases(include_deleted=True)}
        if taken:
            bundles = renumber(bundles, taken)
        journal.import_bundles(bundles)
    finally:
        journal.lock()
    notes = sum(len(b.notes) for b in bundles)
    ctx.say(f"Added {len(bundles)} fictional demo cases with {notes} notes (seed {args.seed}).")
    return OK
