"""``casenotes record``: a case's clinical record on request, as PDF or Markdown.

Signed notes with their signatures and addenda, goals and the accounting of disclosures;
unsigned drafts and process notes only when asked. The file is written atomically and only
left in place once the export log holds it. Errors name options and numbers, never client
text. Everything heavy (the journal, Qt for a PDF) is imported when the command runs, so
``casenotes --help`` stays lean.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from casenotes.cli.commands import OK, USAGE, Context, _is_vault_file, unlocked_journal

if TYPE_CHECKING:
    from casenotes.core.record import RecordOptions
    from casenotes.core.record.writer import PdfRenderer

_NUMBERS = re.compile(r"^\s*(\d{1,6})\s*(?:[-–]\s*(\d{1,6})\s*)?$")
_DATES = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})?\s*\.\.\s*(\d{4}-\d{2}-\d{2})?\s*$")
_SUFFIXES = {".md": "md", ".markdown": "md", ".pdf": "pdf"}
SESSIONS_HELP = (
    "session numbers in date order, e.g. 3-8, or dates, e.g. "
    "2025-01-01..2025-06-30 (either side may be left open); default: all"
)


class _Refused(Exception):
    """A problem with what was asked: one ``casenotes:`` line, exit 2."""


def parse_range(text: str) -> tuple[int | None, int | None, date | None, date | None]:
    """(first, last, from, to) from ``--sessions``: "3-8", "4", or "DATE..DATE"."""
    numbers = _NUMBERS.match(text)
    if numbers is not None:
        first = int(numbers.group(1))
        last = int(numbers.group(2)) if numbers.group(2) is not None else first
        return first, last, None, None
    dates = _DATES.match(text)
    if dates is None or not (dates.group(1) or dates.group(2)):
        raise _Refused(f"--sessions takes {SESSIONS_HELP.split('; ')[0]}")
    try:
        start = date.fromisoformat(dates.group(1)) if dates.group(1) else None
        end = date.fromisoformat(dates.group(2)) if dates.group(2) else None
    except ValueError:
        raise _Refused("--sessions: not a date (YYYY-MM-DD)") from None
    return None, None, start, end


def record_format(output: Path, given: str | None) -> str:
    if given is not None:
        return given
    return _SUFFIXES.get(output.suffix.lower(), "pdf")


def record_options(args: argparse.Namespace) -> RecordOptions:
    from casenotes.core.record import RecordOptions

    first, last, start, end = (
        parse_range(args.sessions) if args.sessions else (None, None, None, None)
    )
    return RecordOptions(
        first_session=first,
        last_session=last,
        from_date=start,
        to_date=end,
        include_drafts=args.include_drafts,
        include_process_notes=args.include_process_notes,
    )


def cmd_record(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.record import RecordError, Release
    from casenotes.core.record.writer import record_log_entry, write_record

    output = Path(args.output)
    try:
        fmt = record_format(output, args.format)
        options = record_options(args)
        if _is_vault_file(output, Path(args.vault)):
            raise _Refused(f"{output} is the vault itself; write the record to another file")
    except _Refused as exc:
        ctx.error(str(exc))
        return USAGE
    pdf: PdfRenderer | None = None
    if fmt == "pdf":
        from casenotes.ui.record_pdf import record_to_pdf  # Qt only for a PDF

        pdf = record_to_pdf
    journal = unlocked_journal(args, ctx)
    try:
        wanted = args.case_code.strip().casefold()
        case = next((c for c in journal.list_cases() if c.code.casefold() == wanted), None)
        if case is None:
            ctx.error("no case has that code")
            return USAGE
        try:
            record = journal.case_record(case.id, options)
        except RecordError as exc:
            ctx.error(str(exc))
            return USAGE
        release = Release(args.recipient or "", args.purpose or "", args.consent.replace("-", "_"))
        write_record(
            output,
            record,
            fmt,
            pdf=pdf,
            log=lambda sha256: journal.log_export(
                record_log_entry(record, case.id, fmt, sha256, release)
            ),
        )
    finally:
        journal.lock()
    count = len(record.sessions)
    drafts = sum(1 for s in record.sessions if s.is_draft)
    ctx.say(
        f"Wrote {output}: {count} session note{'s' if count != 1 else ''}"
        + (f" ({drafts} unsigned, marked DRAFT)" if drafts else "")
        + (
            f", {record.drafts_left_out} unsigned draft"
            f"{'s' if record.drafts_left_out != 1 else ''} left out"
            if record.drafts_left_out
            else ""
        )
        + "."
    )
    individual = record.one_partner_sessions
    if individual:
        numbers = ", ".join(str(x.number) for x in individual)
        ctx.warn(
            "It includes individual sessions with one partner of the couple (session"
            f"{'s' if len(individual) > 1 else ''} {numbers}), marked as such: check "
            "the couple's agreement about what is shared before releasing it."
        )
    if record.includes_process_notes:
        ctx.warn("This record includes process notes: check that releasing them is intended.")
    ctx.warn(
        "The file is not encrypted: it is outside the vault's protection. The export is "
        "noted in the vault's export log."
    )
    return OK


def register(add: object) -> None:
    """Add ``record`` through main's ``add(name, fn, help)`` helper."""
    p = add(
        "record",
        cmd_record,  # type: ignore[operator]
        "write the clinical record of one case (signed notes, signatures, addenda, goals, "
        "disclosures) as PDF or Markdown, for a records request or a transfer of care",
    )
    p.add_argument("case_code", metavar="CASE_CODE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.add_argument(
        "--format",
        choices=("pdf", "md"),
        default=None,
        help="pdf or md (default: from the file name, else pdf)",
    )
    p.add_argument("--sessions", default=None, metavar="FIRST-LAST", help=SESSIONS_HELP)
    p.add_argument(
        "--include-process-notes",
        action="store_true",
        help="add your process notes (your own reflections, kept apart from the "
        "record and usually not released); the record then says so",
    )
    p.add_argument(
        "--include-drafts",
        action="store_true",
        help="add unsigned drafts, each marked DRAFT (left out otherwise)",
    )
    p.add_argument(
        "--recipient",
        default=None,
        metavar="ROLE",
        help="to whom the record goes, by role, never a name (e.g. 'client', "
        "'new therapist'); recorded in the export log",
    )
    p.add_argument(
        "--purpose",
        default=None,
        metavar="TEXT",
        help="why it is released (e.g. 'transfer of care'); recorded in the export log",
    )
    p.add_argument(
        "--consent",
        choices=("yes", "no", "not-asked"),
        default="not-asked",
        help="whether the client authorised this release; recorded in the "
        "export log (default: not-asked)",
    )
