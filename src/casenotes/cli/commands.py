"""The CLI's commands: each takes parsed arguments and a context, and returns an exit code."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from casenotes.cli.secrets import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    RECOVERY_KEY_ENV,
    read_new_passphrase,
    read_secret,
    read_text_line,
)
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:
    # The domain models and the store are imported by the commands that use them:
    # ``casenotes --version`` and ``--help`` need neither (0.1 s of every start).
    from casenotes.core.domain import CaseBundle
    from casenotes.core.journal import Journal

OK, PROBLEM, USAGE = 0, 1, 2


def _journal() -> type[Journal]:
    """The Journal class, imported on first use: ``casenotes --version`` and ``--help`` never
    load SQLAlchemy, Alembic or the cryptography bindings."""
    from casenotes.core.journal import Journal

    return Journal


@dataclass
class Context:
    policy: KdfPolicy
    out: TextIO
    err: TextIO

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        print(text, file=self.err)

    def error(self, text: str) -> None:
        """A refusal or a problem found: one line on stderr, like every other error."""
        print(f"casenotes: {text}", file=self.err)


def _start_kdf_helper(ctx: Context) -> None:
    """The key-derivation helper process starts while the journal's modules are imported,
    so the unlock does not wait for it (``core.vault.kdf_process``)."""
    from casenotes.core.vault import kdf_process

    if kdf_process.wanted_by(ctx.policy):
        kdf_process.prestart()


def _passphrase(args: argparse.Namespace) -> str:
    return read_secret(
        file=args.passphrase_file, env=PASSPHRASE_ENV, prompt="Passphrase: ", what="passphrase"
    )


def unlocked_journal(args: argparse.Namespace, ctx: Context) -> Journal:
    _start_kdf_helper(ctx)
    journal = _journal().open(args.vault, ctx.policy)
    journal.unlock(_passphrase(args))
    return journal


RECOVERY_WARNING = """\
Your recovery key (shown this once):

    {key}

Write it down or print it, and keep it somewhere safe and apart from this computer.
It is the ONLY way back into your notes if you forget your passphrase: nobody,
including the makers of Casenotes, can recover them without it or the passphrase."""


def _creation_passphrase(args: argparse.Namespace) -> str:
    """The passphrase of a new vault: from the file or the environment, else typed twice."""
    if args.passphrase_file is not None or os.environ.get(PASSPHRASE_ENV) is not None:
        return _passphrase(args)
    return read_new_passphrase(file=None, env=PASSPHRASE_ENV)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    created = _journal().create(args.vault, _creation_passphrase(args), ctx.policy)
    created.journal.lock()
    ctx.say(f"Created a new vault at {args.vault}.\n")
    ctx.say(RECOVERY_WARNING.format(key=created.recovery_key))
    return OK


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
    ctx.say(
        f"Imported {count} case{'s' if count != 1 else ''} with {notes} "
        f"note{'s' if notes != 1 else ''}."
    )
    return OK


def _is_vault_file(path: Path, vault: Path) -> bool:
    """Whether writing ``path`` would replace the vault or one of its companion files."""
    from casenotes.core.interchange.export_file import is_vault_file

    return is_vault_file(path, vault)


def cmd_export_json(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.interchange.export_file import export_interchange_file

    if _is_vault_file(Path(args.output), Path(args.vault)):
        ctx.error(f"{args.output} is the vault itself; export to another file.")
        return PROBLEM
    journal = unlocked_journal(args, ctx)
    try:
        damaged = export_interchange_file(journal, Path(args.output))
    finally:
        journal.lock()
    ctx.warn(
        f"Wrote {args.output}. It is NOT encrypted: keep it as safe as the notes "
        "themselves, and delete it when you no longer need it."
    )
    if damaged:
        ctx.error(
            f"{damaged} damaged record(s) could not be read and are missing from "
            f"{args.output}; 'casenotes verify' lists them."
        )
        return PROBLEM
    return OK


QUERY_ON_COMMAND_LINE = (
    "the search query is not taken from the command line, where other programs on this "
    "computer can read it (it may name a client): type it when asked, pipe it in, or use "
    "--query-file FILE (see 'casenotes search --help')"
)


def _search_query(args: argparse.Namespace, ctx: Context) -> str | None:
    """The query: from --query-file, else typed at a prompt (a terminal), else standard
    input. Never from argv: /proc/PID/cmdline and `ps` show it to every local user."""
    if args.query_file is not None:
        text = read_text_line(Path(args.query_file))
    elif sys.stdin is not None and sys.stdin.isatty():
        print("Search for: ", end="", file=ctx.err, flush=True)
        text = sys.stdin.readline()
    else:
        text = sys.stdin.read() if sys.stdin is not None else ""
    query = " ".join(text.split())
    return query or None


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    if args.query is not None:
        ctx.error(QUERY_ON_COMMAND_LINE)
        return USAGE
    query = _search_query(args, ctx)
    if query is None:
        ctx.error(
            "no search query given: type it when asked, pipe it in, or use "
            "--query-file FILE (see 'casenotes search --help')"
        )
        return USAGE
    _start_kdf_helper(ctx)
    from casenotes.core.oneoff_search import search_vault

    mark = ("", "") if args.json else ("[", "]")
    # Read-only and without the Journal facade (no SQLAlchemy); a vault that needs migrating
    # takes the ordinary path, which migrates it.
    hits = search_vault(
        Path(args.vault),
        lambda: _passphrase(args),
        query,
        policy=ctx.policy,
        limit=args.limit,
        mark=mark,
    )
    if hits is None:
        journal = unlocked_journal(args, ctx)
        try:
            journal.build_index(prefixes=False)  # one search: the lean index is enough
            hits = journal.search(query, limit=args.limit, mark=mark)
        finally:
            journal.lock()
    if args.json:
        ctx.say(
            json.dumps(
                [
                    {
                        "case_code": h.case_code,
                        "note_id": h.note_id,
                        "session_date": h.session_date.isoformat(),
                        "snippet": h.snippet,
                        # The match is in the session's process notes, not its text.
                        "in_process_notes": h.in_process_notes,
                    }
                    for h in hits
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for h in hits:
            where = "  (process notes)" if h.in_process_notes else ""
            ctx.say(
                f"{h.case_code}  {h.session_date.isoformat()}  {' '.join(h.snippet.split())}{where}"
            )
        if not hits:
            ctx.warn("No notes match.")
    return OK


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.store.pinned_schema import SchemaMismatchError, describe

    try:
        journal = unlocked_journal(args, ctx)
    except SchemaMismatchError as refused:
        # A vault whose schema is not its revision's is never opened, so its records cannot
        # be checked; every difference is named.
        for sentence in describe(refused.problems):
            ctx.say(f"schema: {sentence}")
        ctx.error(
            f"problems found: {len(refused.problems)} schema difference(s); the vault "
            "may have been tampered with, so it was not opened and its records were not "
            "checked. 'tools/recover.py' can still read them."
        )
        return PROBLEM
    try:
        report = journal.verify()
    finally:
        journal.lock()
    for sentence in report.schema:
        ctx.say(f"schema: {sentence}")
    for message in report.integrity:
        ctx.say(f"database: {message}")
    for damaged in report.damaged:
        ctx.say(f"{damaged.table} {damaged.row_id}: {damaged.reason}")
    for problem in report.manifest:
        ctx.say(f"manifest: {problem}")
    if report.intact:
        counter = (
            ""
            if report.write_counter is None
            else f"; the manifest matches (write {report.write_counter})"
        )
        ctx.say(f"Vault intact: {report.records_checked} records checked, all authentic{counter}.")
        return OK
    ctx.error(
        f"problems found: {len(report.damaged)} damaged record(s), "
        f"{len(report.integrity)} database problem(s), "
        f"{len(report.schema)} schema difference(s), "
        f"{len(report.manifest)} manifest problem(s)."
    )
    return PROBLEM


def cmd_rekey(args: argparse.Namespace, ctx: Context) -> int:
    """A new data key and recovery key; the passphrase stays unless a new one is given."""
    current = _passphrase(args)
    new = None
    if args.new_passphrase_file is not None:
        new = read_new_passphrase(file=args.new_passphrase_file, env=NEW_PASSPHRASE_ENV)
    journal = _journal().open(args.vault, ctx.policy)
    journal.unlock(current, daily_backup=False)
    try:
        result = journal.rekey(current, new_passphrase=new)
        # Damaged fields stay under the old key: the older backups are then the only place
        # they can still be read, so they are kept whatever was asked.
        keep = result.unreadable > 0
        destroyed = (
            journal.destroy_backups(result.old_backups) if args.destroy_backups and not keep else 0
        )
        # Never left without a backup: one under the new keys replaces those deleted.
        fresh = journal.backup_now() if destroyed else None
    finally:
        journal.lock()
    ctx.say(
        f"Re-keyed {args.vault}: {result.records} records sealed under a new data key"
        f"{'; the passphrase changed' if new is not None else '; the passphrase is the same'}."
        " The old recovery key no longer opens it.\n"
    )
    ctx.say(RECOVERY_WARNING.format(key=result.recovery_key))
    if result.unreadable:
        ctx.warn(
            f"{result.unreadable} damaged field(s) could not be re-sealed and were left "
            "as they were; 'casenotes verify' lists them. Older backups were kept: they "
            "may be the only place those fields can still be read."
        )
    if destroyed:
        ctx.warn(
            f"Deleted {destroyed} older backup(s) that opened with the old secrets, and "
            f"wrote a new one under the new keys ({fresh}). Copies made elsewhere "
            "(another disk, a cloud folder) still open with the old secrets."
        )
    elif result.old_backups:
        ctx.warn(
            f"{len(result.old_backups)} older backup(s) in "
            f"{result.old_backups[0].path.parent} still open with the OLD passphrase and "
            "the OLD recovery key. Delete them (casenotes rekey --destroy-backups, or by "
            "hand) if those secrets may be known."
        )
    if not result.checkpointed:
        ctx.warn(
            "The vault's write-ahead file could not be folded in yet; it will be at the next lock."
        )
    return OK


def cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    journal = _journal().open(args.vault, ctx.policy)
    if args.recovery_key or args.recovery_key_file is not None:
        key = read_secret(
            file=args.recovery_key_file,
            env=RECOVERY_KEY_ENV,
            prompt="Recovery key: ",
            what="recovery key",
        )
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


def fresh_ids(bundles: list[CaseBundle]) -> list[CaseBundle]:
    """The same records under new random ids, every reference rewired.

    The demo generator derives ids from its seed, and an import refuses ids already in the
    vault: a second run into the same vault needs ids of its own."""
    from casenotes.core.domain import CaseBundle
    from casenotes.core.domain.models import new_id

    ids: dict[str, str] = {}

    def fresh(old: str) -> str:
        return ids.setdefault(old, new_id())

    result = []
    for bundle in bundles:
        case = replace(bundle.case, id=fresh(bundle.case.id))
        goals = [replace(g, id=fresh(g.id), case_id=case.id) for g in bundle.goals]
        notes = [
            replace(
                n,
                id=fresh(n.id),
                case_id=case.id,
                goal_ids=[fresh(g) for g in n.goal_ids],
                addenda=[replace(a, id=fresh(a.id), note_id=fresh(n.id)) for a in n.addenda],
            )
            for n in bundle.notes
        ]
        revisions = {
            fresh(note_id): [replace(r, id=fresh(r.id), note_id=fresh(note_id)) for r in revs]
            for note_id, revs in bundle.revisions.items()
        }
        result.append(CaseBundle(case=case, goals=goals, notes=notes, revisions=revisions))
    return result


def _holds_real_cases(journal: Journal) -> bool:
    """Whether any case, trashed ones included, lacks the demo tag: one the demo did not make."""
    from casenotes.core.demo import DEMO_TAG

    return any(DEMO_TAG not in case.tags for case in journal.list_cases(include_deleted=True))


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.demo import generate_demo

    if args.cases < 1 and args.notes > 0:
        ctx.error("notes need at least one case (use --cases 1 or more).")
        return PROBLEM
    if Path(args.vault).exists():
        journal = unlocked_journal(args, ctx)
        if not args.into_existing and _holds_real_cases(journal):
            journal.lock()
            ctx.error(
                f"{args.vault} holds cases the demo did not make; demo cases go into a "
                "vault of their own (--vault /tmp/demo.vault), or add --into-existing "
                "to mix them in anyway."
            )
            return PROBLEM
    else:
        created = _journal().create(args.vault, _creation_passphrase(args), ctx.policy)
        journal = created.journal
        ctx.say(f"Created a new vault at {args.vault}.\n")
        ctx.say(RECOVERY_WARNING.format(key=created.recovery_key))
        ctx.say()
    try:
        bundles = generate_demo(cases=args.cases, notes=args.notes, seed=args.seed)
        taken = {c.code for c in journal.list_cases(include_deleted=True)}
        if taken:
            bundles = renumber(fresh_ids(bundles), taken)
        journal.import_bundles(bundles)
    finally:
        journal.lock()
    notes = sum(len(b.notes) for b in bundles)
    ctx.say(f"Added {len(bundles)} fictional demo cases with {notes} notes (seed {args.seed}).")
    return OK
