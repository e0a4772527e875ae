"""Kill test: a writer process saves notes without pause and is killed with SIGKILL at random
moments; after every kill the vault must open, verify intact, and hold every acknowledged save.

A writer (this script, ``writer`` sub-command) opens a vault created with
``KdfPolicy.testing()`` and, in a loop, saves new notes and edits of existing drafts
(``Journal.save_note``), sometimes signs a draft (``sign_note``) or adds an addendum to a signed
note (``add_addendum``); in ``passphrase`` mode it also changes the passphrase back and forth.
Before each operation it prints ``begin …`` and after the call returns ``ack …`` (the note id
and a SHA-256 of the content saved), one ``os.write`` per line, so a printed acknowledgement is
in the pipe before the next operation starts.

The parent kills the writer after a seeded random delay (20–400 ms after the writer reported
it was ready; one round in ten 0–30 ms after it said it was opening the vault, to land in open
and unlock), waits for it to die (the OS then releases any lock it held), and only then opens the
vault itself and checks:

- ``Journal.open`` and ``unlock`` work and ``journal.verify().intact`` is true;
- every note's content is its last acknowledged content, or the content of the one operation
  that had begun but not been acknowledged when the kill came (it may or may not have
  committed); an unacknowledged state seen once becomes the state later rounds must find;
- every acknowledged save is among the note's revisions, and no revision, note or addendum
  exists that the writer did not begin;
- an acknowledged signature is there with its hash; acknowledged addenda are there;
- in ``passphrase`` mode, exactly one of the two passphrases opens the vault (the last
  acknowledged one, or the one being set when the kill came), and the recovery key always does.

    python benchmarks/kill_test.py --kills 200 [--seed S] [--mode notes|passphrase]

prints a summary (kills, acknowledged operations checked, failures, time) and exits non-zero on
any failure. tests/core/test_kill.py imports this file and runs short and long versions.
All content is fictional.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn

from casenotes.core.domain import Case, ClientType, Note, NoteRevision, NoteTemplate, section_keys
from casenotes.core.domain.models import note_content_hash
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import WrongPassphraseError
from casenotes.core.vault.kdf import KdfPolicy

SCRIPT = Path(__file__).resolve()
# Fictional test passphrases (not secrets). The writer alternates between them.
PASSPHRASES = ("Kill test: tidal granite 63 orchard", "Kill test: copper heron 19 meadow")
MIN_DELAY_S = 0.020
MAX_DELAY_S = 0.400
# One round in ten kills during open and unlock instead: 0–30 ms after the writer says it is
# about to open the vault (reading the header, unlocking, the first reads).
STARTUP_KILL_SHARE = 0.1
MAX_STARTUP_DELAY_S = 0.030
READY_TIMEOUT_S = 60.0
WRITER_MAX_RUNTIME_S = 300.0  # a writer the parent forgot to kill stops by itself

WORDS = (
    "client",
    "described",
    "agreement",
    "boundaries",
    "weekend",
    "shift",
    "rest",
    "pacing",
    "screening",
    "booking",
    "platform",
    "partner",
    "curious",
    "values",
    "stigma",
    "rent",
    "sleep",
    "safety",
    "plan",
    "session",
    "reflected",
    "need",
    "novelty",
    "closeness",
    "distance",
    "choice",
    "agency",
    "work",
    "support",
    "goal",
    "revisit",
    "draft",
    "naïve",
    "café",
    "—",
    "together",
    "calmer",
    "tired",
    "laughed",
    "paused",
    "named",
    "next",
)
CASES = (
    ("KT-01", "Fictional Sparrow", ClientType.CURRENT_SEX_WORKER),
    ("KT-02", "Fictional Alder & Finch", ClientType.COUPLE),
    ("KT-03", "Fictional Heron", ClientType.OCSB),
)


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def revision_hash(revision: NoteRevision) -> str:
    """The content hash of a saved state, computed as for the note itself."""
    return note_content_hash(
        Note(
            case_id="",
            session_date=revision.session_date,
            duration_minutes=revision.duration_minutes,
            format=revision.format,
            template=revision.template,
            sections=dict(revision.sections),
            tags=list(revision.tags),
            reflection=dict(revision.reflection),
        )
    )


def create_vault(path: Path) -> str:
    """A fresh vault (testing KDF) with three fictional cases; returns the recovery key."""
    created = Journal.create(path, PASSPHRASES[0], KdfPolicy.testing(), check_strength=False)
    try:
        for code, name, client_type in CASES:
            created.journal.save_case(
                Case(code=code, display_name=name, client_types=[client_type])
            )
    finally:
        created.journal.lock()
    return created.recovery_key


# ---- the writer (a child process) ------------------------------------------------------------


def _emit(*fields: str) -> None:
    os.write(1, (" ".join(fields) + "\n").encode("ascii"))


def _text(rng: random.Random) -> str:
    # Now and then tens of kilobytes: overflow pages, many WAL frames in one commit.
    count = rng.randint(3000, 9000) if rng.random() < 0.05 else rng.randint(5, 250)
    words = [rng.choice(WORDS) for _ in range(count)]
    return " ".join(words) + f" ({rng.getrandbits(64):016x})"  # never the same twice


def _new_note(rng: random.Random, case_id: str) -> Note:
    template = rng.choice(list(NoteTemplate))
    keys = section_keys(template) or ("body",)
    return Note(
        case_id=case_id,
        session_date=date(2024, 1, 1) + timedelta(days=rng.randint(0, 400)),
        duration_minutes=rng.choice([30, 45, 50, 60, 90]),
        template=template,
        sections={key: _text(rng) for key in keys},
        tags=rng.sample(
            ["agreements", "rest", "workplace-safety", "values", "pacing"], rng.randint(0, 2)
        ),
        reflection={"need_met": rng.choice(["closeness", "novelty", "rest", "not sure yet"])},
    )


def _edited(rng: random.Random, note: Note) -> Note:
    sections = dict(note.sections)
    key = rng.choice(sorted(sections))
    sections[key] = _text(rng)
    return replace(note, sections=sections, duration_minutes=rng.choice([45, 50, 60]))


def run_writer(vault: Path, seed: int, mode: str, *, ack_early: bool = False) -> NoReturn:
    """``ack_early`` makes a lying writer that acknowledges saves before making them: the
    checker's own test, which must then report lost saves."""
    rng = random.Random(seed)
    _emit("opening")
    journal = Journal.open(vault, KdfPolicy.testing())
    current = None
    for index, passphrase in enumerate(PASSPHRASES):
        try:
            journal.unlock(passphrase)
        except WrongPassphraseError:
            continue
        current = index
        break
    if current is None:
        _emit("error", "no-passphrase-opens")
        os._exit(3)
    cases = [c.id for c in journal.list_cases()]
    drafts: dict[str, Note] = {}
    signed: list[str] = []
    for note in journal.all_notes():
        if note.is_signed:
            signed.append(note.id)
        else:
            drafts[note.id] = note
    _emit("ready", str(current))
    started = time.monotonic()
    while time.monotonic() - started < WRITER_MAX_RUNTIME_S:
        roll = rng.random()
        if mode == "passphrase" and roll < 0.5:
            target = 1 - current
            _emit("begin", "passphrase", str(target))
            journal.change_passphrase(PASSPHRASES[target], check_strength=False)
            _emit("ack", "passphrase", str(target))
            current = target
            continue
        roll = rng.random()
        if not drafts or roll < 0.25:
            note = _new_note(rng, rng.choice(cases))
        elif roll < 0.80 or (roll >= 0.90 and not signed):
            note = _edited(rng, drafts[rng.choice(sorted(drafts))])
        elif roll < 0.90:
            note_id = rng.choice(sorted(drafts))
            content = note_content_hash(drafts.pop(note_id))
            _emit("begin", "sign", note_id, content)
            done = journal.sign_note(note_id)
            assert done.content_hash == content
            _emit("ack", "sign", note_id, content)
            signed.append(note_id)
            continue
        else:
            note_id = rng.choice(signed)
            text = "Addendum: " + _text(rng)
            _emit("begin", "addendum", note_id, text_sha(text))
            addendum = journal.add_addendum(note_id, text)
            _emit("ack", "addendum", note_id, addendum.id, text_sha(text))
            continue
        content = note_content_hash(note)
        _emit("begin", "save", note.id, content)
        if ack_early:
            _emit("ack", "save", note.id, content)
            # The lie needs a window a random kill will find: without it the gap between the
            # early ack and the save is a few milliseconds, and the self-test is flaky.
            time.sleep(0.1)
        saved = journal.save_note(note)
        assert note_content_hash(saved) == content
        if not ack_early:
            _emit("ack", "save", note.id, content)
        drafts[note.id] = saved
    journal.lock()
    os._exit(0)


# ---- the parent: what was acknowledged, and what the vault must hold -------------------------


@dataclass
class NoteModel:
    saves: list[str] = field(default_factory=list)  # contents known committed, oldest first
    pending_save: str | None = None  # begun, not acknowledged, in the last round
    signed: str | None = None
    pending_sign: str | None = None
    addenda: dict[str, str] = field(default_factory=dict)  # addendum id -> text sha
    pending_addendum: str | None = None


@dataclass
class VaultModel:
    path: Path
    recovery_key: str
    passphrase: int = 0
    pending_passphrase: int | None = None
    notes: dict[str, NoteModel] = field(default_factory=dict)


@dataclass
class Counts:
    acknowledged: int = 0
    saves: int = 0
    signs: int = 0
    addenda: int = 0
    passphrases: int = 0
    unacknowledged_committed: int = 0
    checks: int = 0  # acknowledged operations re-checked, summed over every verification


def apply_lines(model: VaultModel, lines: list[str], counts: Counts) -> list[str]:
    """Fold a round's output into the model; returns protocol errors (the writer misbehaved)."""
    errors = []
    for line in lines:
        parts = line.split()
        match parts:
            case ["opening"] | ["ready", _]:
                pass
            case ["begin", "save", note_id, content]:
                model.notes.setdefault(note_id, NoteModel()).pending_save = content
            case ["ack", "save", note_id, content]:
                note = model.notes[note_id]
                if note.pending_save != content:
                    errors.append(f"acknowledged a save that did not begin: {line}")
                note.saves.append(content)
                note.pending_save = None
                counts.saves += 1
            case ["begin", "sign", note_id, content]:
                model.notes[note_id].pending_sign = content
            case ["ack", "sign", note_id, content]:
                model.notes[note_id].signed = content
                model.notes[note_id].pending_sign = None
                counts.signs += 1
            case ["begin", "addendum", note_id, sha]:
                model.notes[note_id].pending_addendum = sha
            case ["ack", "addendum", note_id, addendum_id, sha]:
                model.notes[note_id].addenda[addendum_id] = sha
                model.notes[note_id].pending_addendum = None
                counts.addenda += 1
            case ["begin", "passphrase", index]:
                model.pending_passphrase = int(index)
            case ["ack", "passphrase", index]:
                model.passphrase = int(index)
                model.pending_passphrase = None
                counts.passphrases += 1
            case _:
                errors.append(f"unexpected writer output: {line[:80]!r}")
        if parts and parts[0] == "ack":
            counts.acknowledged += 1
    return errors


@contextlib.contextmanager
def unlocked(
    path: Path, passphrase: str | None = None, recovery_key: str | None = None
) -> Iterator[Journal]:
    journal = Journal.open(path, KdfPolicy.testing())
    if recovery_key is not None:
        journal.unlock_with_recovery_key(recovery_key)
    else:
        assert passphrase is not None
        journal.unlock(passphrase)
    try:
        yield journal
    finally:
        journal.lock()


def opens_with(path: Path, passphrase: str) -> bool:
    try:
        with unlocked(path, passphrase):
            return True
    except WrongPassphraseError:
        return False


def verify_vault(model: VaultModel, counts: Counts) -> list[str]:
    """Open the vault as a user would after the crash and compare it with the model. Pending
    operations are resolved: whatever state the vault shows for them is the state from now on."""
    failures: list[str] = []
    working = [i for i, p in enumerate(PASSPHRASES) if opens_with(model.path, p)]
    allowed = {model.passphrase}
    if model.pending_passphrase is not None:
        allowed.add(model.pending_passphrase)
    if len(working) != 1 or working[0] not in allowed:
        failures.append(
            f"passphrases that open the vault: {working}, expected exactly one of {sorted(allowed)}"
        )
    elif working[0] != model.passphrase:
        model.passphrase = working[0]
        counts.unacknowledged_committed += 1
    model.pending_passphrase = None
    counts.checks += counts.passphrases

    with unlocked(model.path, recovery_key=model.recovery_key) as journal:  # always works
        report = journal.verify()
        if not report.intact:
            failures.append(
                f"verify: integrity {report.integrity[:3]}, "
                f"damaged {[(d.table, d.reason) for d in report.damaged[:3]]}"
            )
        bundles = journal.export_bundles()
        if journal.damaged:
            failures.append(f"{len(journal.damaged)} damaged records while reading")
    stored = {note.id: note for bundle in bundles for note in bundle.notes}
    revisions = {note_id: revs for bundle in bundles for note_id, revs in bundle.revisions.items()}

    for note_id in sorted(set(stored) | set(model.notes)):
        expected = model.notes.get(note_id)
        note = stored.get(note_id)
        short = note_id[:8]
        if expected is None:
            failures.append(f"note {short}: in the vault, but the writer never saved it")
            continue
        if note is None:
            if expected.saves:
                failures.append(
                    f"note {short}: acknowledged ({len(expected.saves)} saves) but missing"
                )
            else:
                del model.notes[note_id]  # its first save never committed
            continue
        failures.extend(_check_note(short, expected, note, revisions.get(note_id, []), counts))
    return failures


def _check_note(
    short: str, expected: NoteModel, note: Note, revisions: list[NoteRevision], counts: Counts
) -> list[str]:
    failures = []
    content = note_content_hash(note)
    allowed = set(expected.saves[-1:])
    if expected.pending_save is not None:
        allowed.add(expected.pending_save)
    if content not in allowed:
        known = content in expected.saves
        failures.append(
            f"note {short}: content is {'an older' if known else 'an unknown'} "
            f"state, not the last acknowledged one"
        )
    elif content == expected.pending_save and content not in expected.saves[-1:]:
        expected.saves.append(content)
        counts.unacknowledged_committed += 1
    expected.pending_save = None
    counts.checks += len(expected.saves)

    revision_hashes = {revision_hash(r) for r in revisions}
    lost = [h for h in expected.saves if h not in revision_hashes]
    if lost:
        failures.append(f"note {short}: {len(lost)} acknowledged saves missing from revisions")
    unknown = revision_hashes - set(expected.saves)
    if unknown:
        failures.append(f"note {short}: {len(unknown)} revisions of saves that did not commit")

    if expected.signed is not None:
        if note.content_hash != expected.signed or note.signed_at is None:
            failures.append(f"note {short}: acknowledged signature missing or different")
    elif expected.pending_sign is not None and note.signed_at is not None:
        if note.content_hash != expected.pending_sign:
            failures.append(f"note {short}: signed with an unexpected hash")
        expected.signed = expected.pending_sign
        counts.unacknowledged_committed += 1
    elif note.signed_at is not None:
        failures.append(f"note {short}: signed, but no signature was begun")
    expected.pending_sign = None
    counts.checks += int(expected.signed is not None)

    found = {a.id: text_sha(a.text) for a in note.addenda}
    for addendum_id, sha in expected.addenda.items():
        if found.get(addendum_id) != sha:
            failures.append(
                f"note {short}: acknowledged addendum {addendum_id[:8]} missing or different"
            )
    extra = {i: s for i, s in found.items() if i not in expected.addenda}
    if extra:
        if len(extra) == 1 and next(iter(extra.values())) == expected.pending_addendum:
            expected.addenda.update(extra)
            counts.unacknowledged_committed += 1
        else:
            failures.append(f"note {short}: {len(extra)} addenda that were never acknowledged")
    expected.pending_addendum = None
    counts.checks += len(expected.addenda)
    return failures


# ---- rounds ----------------------------------------------------------------------------------


@dataclass
class RoundResult:
    lines: list[str]
    returncode: int | None
    stderr: str
    error: str | None = None


def run_round(
    vault: Path,
    seed: int,
    mode: str,
    delay_s: float,
    in_startup: bool,
    stderr_path: Path,
    *,
    ack_early: bool = False,
) -> RoundResult:
    """Start a writer, kill it with SIGKILL ``delay_s`` after it is ready (or, ``in_startup``,
    after it said it is opening the vault), and return every complete line it printed. The
    writer is dead when this returns."""
    command = [
        sys.executable,
        str(SCRIPT),
        "writer",
        "--vault",
        str(vault),
        "--seed",
        str(seed),
        "--mode",
        mode,
        *(["--ack-early"] if ack_early else []),
    ]
    lines: list[str] = []
    opening, ready = threading.Event(), threading.Event()
    error = None
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL
        )
        assert process.stdout is not None
        stdout = process.stdout

        def read() -> None:
            for raw in stdout:
                if not raw.endswith(b"\n"):
                    break  # a torn line is not an acknowledgement
                line = raw.decode("ascii", "replace").rstrip("\n")
                lines.append(line)
                if line == "opening":
                    opening.set()
                elif line.startswith("ready"):
                    ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            if not (opening if in_startup else ready).wait(READY_TIMEOUT_S):
                error = "the writer never became ready"
            if process.poll() is None:
                time.sleep(delay_s)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            elif error is None:
                error = f"the writer exited by itself with status {process.returncode}"
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            reader.join()
            stdout.close()
    if error is None and process.returncode != -signal.SIGKILL:
        error = f"the writer ended with status {process.returncode}"
    tail = stderr_path.read_text("utf-8", "replace")[-2000:]
    return RoundResult(lines, process.returncode, tail, error)


@dataclass
class Summary:
    kills: int = 0
    vaults: int = 0
    seconds: float = 0.0
    counts: Counts = field(default_factory=Counts)
    failures: list[str] = field(default_factory=list)

    def text(self) -> str:
        c = self.counts
        return "\n".join(
            [
                f"kills: {self.kills} (in {self.vaults} vaults)",
                f"acknowledged operations: {c.acknowledged} (saves {c.saves}, "
                f"signatures {c.signs}, "
                f"addenda {c.addenda}, passphrase changes {c.passphrases})",
                f"acknowledged operations re-checked after kills: {c.checks}",
                "unacknowledged operations found committed (allowed): "
                f"{c.unacknowledged_committed}",
                f"failures: {len(self.failures)}",
                *[f"  {f}" for f in self.failures[:50]],
                f"time: {self.seconds:.1f} s",
            ]
        )


def run(
    kills: int,
    seed: int,
    workdir: Path,
    *,
    mode: str = "notes",
    fresh_every: int = 50,
    progress: Callable[[str], None] | None = None,
    ack_early: bool = False,
) -> Summary:
    """``kills`` rounds of write-kill-verify. A new vault is started every ``fresh_every`` kills
    (and after a vault that can no longer be opened); a failed vault's files are kept."""
    rng = random.Random(seed)
    summary = Summary()
    started = time.perf_counter()
    model: VaultModel | None = None
    for round_number in range(kills):
        if model is None or round_number % fresh_every == 0:
            if model is not None and not summary.failures:
                _remove(model.path)
            path = workdir / f"vault-{summary.vaults:03d}" / "kill.vault"
            model = VaultModel(path, create_vault(path))
            summary.vaults += 1
        in_startup = rng.random() < STARTUP_KILL_SHARE
        delay = (
            rng.uniform(0, MAX_STARTUP_DELAY_S)
            if in_startup
            else rng.uniform(MIN_DELAY_S, MAX_DELAY_S)
        )
        result = run_round(
            model.path,
            rng.getrandbits(32),
            mode,
            delay,
            in_startup,
            workdir / "writer-stderr.txt",
            ack_early=ack_early,
        )
        summary.kills += 1
        where = f"kill {round_number + 1} ({delay * 1000:.0f} ms after "
        where += f"{'opening' if in_startup else 'ready'})"
        failures = [f"{where}: {e}" for e in apply_lines(model, result.lines, summary.counts)]
        if result.error:
            failures.append(f"{where}: {result.error}; stderr: {result.stderr[-500:]!r}")
        try:
            failures += [f"{where}: {f}" for f in verify_vault(model, summary.counts)]
        except Exception as exc:  # reported; the run goes on with a fresh vault
            failures.append(
                f"{where}: the vault could not be opened or read: {type(exc).__name__}: {exc}"
            )
            model = None  # keep its files; continue on a fresh vault
        summary.failures += failures
        if progress is not None:
            progress(
                f"{where}: {sum(1 for line in result.lines if line.startswith('ack'))} acks, "
                f"{len(failures)} failures"
            )
    summary.seconds = time.perf_counter() - started
    if model is not None and not summary.failures:
        _remove(model.path)
    return summary


def _remove(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


# ---- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    writer = sub.add_parser("writer", help="(internal) the process that gets killed")
    writer.add_argument("--vault", type=Path, required=True)
    writer.add_argument("--seed", type=int, required=True)
    writer.add_argument("--mode", choices=["notes", "passphrase"], default="notes")
    writer.add_argument("--ack-early", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--mode", choices=["notes", "passphrase"], default="notes")
    parser.add_argument(
        "--fresh-every", type=int, default=50, help="start a new vault every N kills (default 50)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where vaults go (default: a temporary folder, removed if all passed)",
    )
    parser.add_argument("--verbose", action="store_true", help="one line per kill")
    args = parser.parse_args(argv)
    if args.command == "writer":
        run_writer(args.vault, args.seed, args.mode, ack_early=args.ack_early)
    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(32)
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="casenotes-kill-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"kill test: {args.kills} kills, mode {args.mode}, seed {seed}, in {workdir}", flush=True)
    summary = run(
        args.kills,
        seed,
        workdir,
        mode=args.mode,
        fresh_every=args.fresh_every,
        progress=(lambda line: print(line, flush=True)) if args.verbose else None,
    )
    print(summary.text())
    if summary.failures:
        print(f"vault files kept in {workdir}; rerun with --seed {seed}")
        return 1
    if temporary:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
