"""Casenotes beside its peer, jrnl, on the same notes, in one run: whole-process command-line
search (Argon2id included for Casenotes, PBKDF2 for jrnl), ``casenotes --version``, and, via
bench_ready.py, unlock to search ready against the physical floor.

    python benchmarks/bench_peers.py [--notes 10000] [--cases 300] [--rounds 7]

jrnl is installed from PyPI into its own venv (bench-out/jrnl-venv) by this script, and its
journal (encrypted, jrnl's own format) is built from the demo vault's notes: each note is one
entry dated with its session, titled with its case code, with its sections, tags and addenda
as the body. The two searches alternate in each round, with the same words:

    casenotes search --query-file Q --limit 50      (the query never on the command line)
    jrnl -contains WORD -n 50                       (the password piped on stdin)

Prints min / median / max of each and casenotes ÷ jrnl per round (min / median / max), plus
the ratio of the medians. Wall-clock times of whole processes: the machine's load counts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_core

WORDS = ["boundaries", "stigma", "agreement"]
JRNL_PASSWORD = "benchmark-jrnl-password-2041"
HERE = Path(__file__).resolve().parent


def spread(values: list[float], unit: str = "s") -> str:
    return (
        " / ".join(f"{v:.3f}" for v in (min(values), statistics.median(values), max(values)))
        + f" {unit}"
    )


def jrnl_venv(out: Path) -> Path:
    venv = out / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        print("installing jrnl from PyPI into", venv, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "jrnl"], check=True
        )
    return jrnl


def jrnl_config(folder: Path, *, encrypted: bool) -> Path:
    """jrnl's config for the journal in ``folder`` (jrnl's --encrypt sets the journal's own
    ``encrypt: true``; a journal reused from an earlier run needs it written again)."""
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {folder / 'journal.txt'}\n"
        f"    encrypt: {'true' if encrypted else 'false'}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        "version: v4.6\n",
        encoding="utf-8",
    )
    return config


def build_jrnl(jrnl: Path, vault: Path, folder: Path) -> Path:
    """The same notes as a jrnl journal, encrypted with jrnl's own --encrypt."""
    from casenotes.core.journal import Journal

    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "journal.txt").exists() and (folder / "encrypted").exists():
        return jrnl_config(folder, encrypted=True)
    config = jrnl_config(folder, encrypted=False)
    (folder / "journal.txt").unlink(missing_ok=True)
    journal = Journal.open(vault)
    journal.unlock(bench_core.PASSPHRASE, daily_backup=False)
    codes = {c.id: c.code for c in journal.list_cases()}
    entries = []
    for note in sorted(journal.all_notes(), key=lambda n: n.session_date):
        if note.case_id not in codes or note.deleted_at is not None:
            continue
        body = note.text().replace("\n[", "\n (")  # a line opening with [ reads as a date
        extra = "\n\n".join(a.text for a in note.addenda)
        tags = " ".join("@" + t.replace(" ", "_") for t in note.tags)
        entries.append(
            f"[{note.session_date.isoformat()} 09:00:00 AM] {codes[note.case_id]}\n"
            f"{body}\n{tags}\n{extra}\n"
        )
    journal.lock()
    plain = folder / "import.txt"
    plain.write_text("\n".join(entries), encoding="utf-8")
    subprocess.run(
        [str(jrnl), "--config-file", str(config), "--import", "--file", str(plain)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    plain.unlink()
    subprocess.run(
        [str(jrnl), "--config-file", str(config), "--encrypt"],
        input=f"{JRNL_PASSWORD}\n{JRNL_PASSWORD}\nn\n",
        text=True,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    (folder / "encrypted").write_text("yes\n")
    print(f"jrnl journal: {len(entries)} entries, encrypted, in {folder}", flush=True)
    return config


def timed(argv: list[str], stdin: str | None = None) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"bench_peers: {argv[0]} failed ({done.returncode}): {done.stderr[-300:]}")
    return elapsed, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument(
        "--skip-floor",
        action="store_true",
        help="leave out the unlock-to-search-ready run of bench_ready.py",
    )
    args = parser.parse_args()

    args.out.mkdir(exist_ok=True)
    vault = args.out / f"bench-{args.notes}-{args.cases}.vault"
    if not vault.exists():
        bench_core.build(vault, args.notes, args.cases)
    jrnl = jrnl_venv(args.out)
    config = build_jrnl(jrnl, vault, args.out / f"jrnl-{args.notes}")
    casenotes = Path(sys.executable).parent / "casenotes"
    secrets = args.out / "peers-secrets"
    secrets.mkdir(mode=0o700, exist_ok=True)
    passphrase_file = secrets / "passphrase"
    passphrase_file.write_text(bench_core.PASSPHRASE + "\n")
    os.chmod(passphrase_file, 0o600)

    ours: list[float] = []
    theirs: list[float] = []
    ratios: list[float] = []
    for round_ in range(args.rounds):
        word = WORDS[round_ % len(WORDS)]
        query_file = secrets / "query"
        query_file.write_text(word + "\n")
        run_ours = [
            str(casenotes),
            "search",
            "--vault",
            str(vault),
            "--passphrase-file",
            str(passphrase_file),
            "--query-file",
            str(query_file),
            "--limit",
            "50",
        ]
        run_theirs = [str(jrnl), "--config-file", str(config), "-contains", word, "-n", "50"]
        pair: dict[str, float] = {}
        order = ("ours", "theirs") if round_ % 2 == 0 else ("theirs", "ours")
        for who in order:
            if who == "ours":
                pair[who], out = timed(run_ours)
            else:
                pair[who], out = timed(run_theirs, stdin=JRNL_PASSWORD + "\n")
            if not out.strip():
                raise SystemExit(f"bench_peers: {who} found nothing for {word!r}")
        ours.append(pair["ours"])
        theirs.append(pair["theirs"])
        ratios.append(pair["ours"] / pair["theirs"])

    versions = [timed([str(casenotes), "--version"])[0] for _ in range(args.rounds)]
    print(f"notes: {args.notes}; {args.rounds} rounds, alternated; words: {', '.join(WORDS)}")
    print(f"casenotes search (whole process, Argon2id included): {spread(ours)}")
    print(f"jrnl -contains WORD -n 50 (whole process, PBKDF2 included): {spread(theirs)}")
    print(
        f"casenotes / jrnl per round: {spread(ratios, 'x')}; ratio of medians: "
        f"{statistics.median(ours) / statistics.median(theirs):.2f}"
    )
    print(f"casenotes --version: {spread(versions)}")
    if not args.skip_floor:
        sys.stdout.flush()
        subprocess.run(
            [
                sys.executable,
                str(HERE / "bench_ready.py"),
                "--notes",
                str(args.notes),
                "--cases",
                str(args.cases),
                "--rounds",
                str(args.rounds),
                "--out",
                str(args.out),
            ],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
