"""``casenotes deid`` and ``casenotes summary``: de-identification from the command line.

``deid`` needs no vault: it redacts standard input with a file of known identifiers.
``summary`` writes a consultation summary of one case with the default excerpts. Nobody has
reviewed its redactions, and its header says so; the app's review dialog is the way to a
reviewed summary. Errors name options and numbers, never client text. The question can come
from a file or standard input, so it need not stand in the process list. A summary file is
only left in place once its export is logged.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casenotes.cli.commands import OK, Context, _is_vault_file, unlocked_journal

if TYPE_CHECKING:
    from casenotes.core.domain import Identifiers

USAGE = 2  # a request that cannot be carried out as given: nothing was written

_SESSIONS = re.compile(r"^\s*(\d{1,6})\s*(?:[-–]\s*(\d{1,6})\s*)?$")
_SAFE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_ -]{0,31}$")
_SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "txt", ".pdf": "pdf"}


class _Refused(Exception):
    """A problem with what was asked: one ``casenotes:`` line, exit 2."""


# ---- deid ----------------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"identifiers file: {_key_name(key)} appears twice")
        result[key] = value
    return result


def _key_name(key: str) -> str:
    """A key for a message: quoted when it looks like a key name, else not repeated."""
    return f"key '{key}'" if _SAFE_KEY.match(key) else "a key"


def read_identifiers(path: Path) -> Identifiers:
    """An interchange ``identifiers`` object from ``path``, checked strictly: only the eight
    known keys, each a list of strings. Raises ``_Refused`` naming the key at fault."""
    from casenotes.core.domain import IDENTIFIER_KINDS, Identifiers
    from casenotes.core.interchange import InterchangeError
    from casenotes.core.interchange.spec import check_text, describe

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _Refused(
            f"identifiers file: could not read {path} ({exc.strerror or exc.__class__.__name__})"
        ) from None
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError:
        raise _Refused("identifiers file: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _Refused(
            f"identifiers file: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise _Refused(f"identifiers file: expected an object, found {describe(data)}")
    values: dict[str, list[str]] = {}
    for key, value in data.items():
        if key not in IDENTIFIER_KINDS:
            raise _Refused(
                f"identifiers file: unknown {_key_name(key)}; the keys are "
                f"{', '.join(IDENTIFIER_KINDS)}"
            )
        if not isinstance(value, list):
            raise _Refused(
                f"identifiers file: key '{key}' must be a list of strings, found {describe(value)}"
            )
        for i, entry in enumerate(value):
            try:
                check_text(entry, f"{key}[{i}]")
            except InterchangeError as exc:
                raise _Refused(
                    f"identifiers file: key '{key}' item {i + 1}: {exc.message}"
                ) from None
        values[key] = [str(v) for v in value]
    return Identifiers.from_dict(values)


def _read_stdin() -> str:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        return stream.read()
    try:
        return bytes(buffer.read()).decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused("standard input is not UTF-8 text") from None


def cmd_deid(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.deid import Deidentifier

    try:
        identifiers = read_identifiers(args.identifiers)
        text = _read_stdin()
    except _Refused as exc:
        ctx.error(str(exc))
        return USAGE
    from casenotes.core.deid.region import effective_region

    region = args.region or effective_region("")
    result = Deidentifier(identifiers, region=region).redact(text)
    if args.json:
        ctx.say(
            json.dumps(
                {
                    "text": result.text,
                    "spans": [
                        {
                            "start": s.start,
                            "end": s.end,
                            "kind": s.kind,
                            "text": s.text,
                            "replacement": s.replacement,
                        }
                        for s in result.spans
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        ctx.out.write(result.text)
        ctx.out.flush()
    return OK


# ---- summary -------------------------------------------------------------------------------


def parse_sessions(text: str) -> tuple[int, int]:
    match = _SESSIONS.match(text)
    if match is None:
        raise _Refused("--sessions takes FIRST-LAST session numbers, e.g. 3-8")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    if first < 1:
        raise _Refused("--sessions: session numbers start at 1")
    if first > last:
        raise _Refused(f"--sessions {first}-{last}: the first session comes after the last")
    return first, last


def summary_format(output: Path, given: str | None) -> str:
    if given is not None:
        return given
    fmt = _SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise _Refused("give --format md, txt or pdf, or a file name ending .md, .txt or .pdf")
    return fmt


def read_question(args: argparse.Namespace) -> str:
    """The question from ``--question TEXT``, ``--question -`` (standard input) or
    ``--question-file FILE``."""
    path: Path | None = args.question_file
    if path is not None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise _Refused(
                f"--question-file: could not read {path} ({exc.strerror or exc.__class__.__name__})"
            ) from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _Refused("--question-file: not UTF-8 text") from None
    question: str = args.question or ""
    if question == "-":
        return _read_stdin()
    return question


def cmd_summary(args: argparse.Namespace, ctx: Context) -> int:
    from casenotes.core.export import (
        SummaryError,
        SummaryRequest,
        summary_log_entry,
        write_summary,
    )

    output = Path(args.output)
    try:
        fmt = summary_format(output, args.format)
        first, last = parse_sessions(args.sessions) if args.sessions else (None, None)
        if _is_vault_file(output, Path(args.vault)):
            raise _Refused(f"{output} is the vault itself; write the summary to another file")
        question = read_question(args)
    except _Refused as exc:
        ctx.error(str(exc))
        return USAGE
    pdf: Callable[[str], bytes] | None = None
    if fmt == "pdf":
        from casenotes.ui.pdf_export import markdown_to_pdf  # Qt only for a PDF

        pdf = markdown_to_pdf
    if args.leave_out_safety:
        ctx.warn(
            "--leave-out-safety is no longer needed: safety is left out unless you "
            "give --include-safety"
        )
    journal = unlocked_journal(args, ctx)
    try:
        wanted = args.case_code.strip().casefold()
        case = next((c for c in journal.list_cases() if c.code.casefold() == wanted), None)
        if case is None:
            ctx.error("no case has that code")
            return USAGE
        request = SummaryRequest(
            case_id=case.id,
            question=question,
            first_session=first,
            last_session=last,
            include_reflection=args.include_reflection,
            include_safety=args.include_safety,
            include_legal=args.include_legal,
            consent=args.consent.replace("-", "_"),
        )
        try:
            draft = journal.build_summary(request, region=args.region)
        except SummaryError as exc:
            ctx.error(str(exc))
            return USAGE
        if draft.session_count == 0:
            ctx.error("that case has no sessions to summarise")
            return USAGE
        write_summary(
            output,
            draft.text,
            fmt,
            reviewed=False,
            pdf=pdf,
            log=lambda sha256: journal.log_export(summary_log_entry(draft, fmt, sha256)),
        )
    finally:
        journal.lock()
    redactions = len(draft.spans)
    ctx.say(
        f"Wrote {output}: sessions {draft.sessions}, "
        f"{redactions} redaction{'s' if redactions != 1 else ''}."
    )
    ctx.warn(
        "Nobody has reviewed these redactions: read every line before sharing it, or "
        "make the summary in the app, where each redaction is reviewed."
    )
    return OK


def _region(text: str) -> str:
    from casenotes.core.deid.region import is_region

    if not is_region(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a country code such as GB, IE or AU")
    return text.upper()


def _region_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        type=_region,
        default=None,
        metavar="CC",
        help="your country (e.g. GB, IE, AU) for phone numbers written without a country "
        "code; default: your setting, else the system's locale",
    )


def register(add: object) -> None:
    """Add ``deid`` and ``summary`` through main's ``add(name, fn, help)`` helper."""
    p = add(
        "deid",
        cmd_deid,  # type: ignore[operator]
        "de-identify text from standard input with a file of known identifiers",
    )
    p.add_argument(
        "--identifiers",
        type=Path,
        required=True,
        metavar="FILE",
        help="a JSON object of identifiers: names, aliases, handles, phones, "
        "emails, places, employers, other (each a list of strings)",
    )
    _region_option(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="print the text and every span (offsets into the input) as JSON",
    )
    p = add(
        "summary",
        cmd_summary,  # type: ignore[operator]
        "write a de-identified consultation summary of one case (NOT reviewed: read it "
        "before sharing)",
    )
    p.add_argument("case_code", metavar="CASE_CODE")
    _region_option(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.add_argument(
        "--format",
        choices=("md", "txt", "pdf"),
        default=None,
        help="md, txt or pdf (default: from the file name)",
    )
    p.add_argument(
        "--sessions",
        default=None,
        metavar="FIRST-LAST",
        help="session numbers in date order, e.g. 3-8 (default: all)",
    )
    question = p.add_mutually_exclusive_group()
    question.add_argument(
        "--question",
        default="",
        metavar="TEXT",
        help="the question to put to the peer; '-' reads it from standard "
        "input (a question given as TEXT shows in the process list)",
    )
    question.add_argument(
        "--question-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the question from FILE (UTF-8), keeping it out of the process list",
    )
    p.add_argument(
        "--include-reflection",
        action="store_true",
        help="add your own reflection on needs and function (private otherwise)",
    )
    p.add_argument(
        "--include-safety",
        action="store_true",
        help="add safety as the client describes it (left out otherwise: share "
        "only what the consultation needs)",
    )
    p.add_argument(
        "--include-legal",
        action="store_true",
        help="add legal risk as the client describes it: the legal model, "
        "policing, records (left out otherwise)",
    )
    p.add_argument(
        "--consent",
        choices=("yes", "no", "not-asked"),
        default="not-asked",
        help="whether the client consented to the consultation; recorded in the "
        "export log (default: not-asked)",
    )
    # Deprecated: safety is now left out by default, so this changes nothing.
    p.add_argument("--leave-out-safety", action="store_true", help=argparse.SUPPRESS)
