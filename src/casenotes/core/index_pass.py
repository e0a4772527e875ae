"""The one pass that fills the search index from raw SQLite rows, without the ORM: for
``Journal.build_index`` at unlock and for the command line's one-off search.

Every field is opened through ``FieldCipher`` (the notes and process notes a batch of rows
at a time with ``rows_opener``, and a batch holding a damaged record again a row at a time
with ``column_opener``), so the AES-GCM and AAD checks and the ``TamperedRecordError``
raised are those of every other read, and each payload is checked as the repository checks
it. A damaged record is handed to ``damage`` and left out; the rest are read. Nothing here
imports SQLAlchemy, so the one-off search starts without it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from json.scanner import make_scanner
from typing import Any, cast

from casenotes.core.search.index import (
    MAX_QUERY_CHARS,
    IndexRow,
    index_text,
    process_notes_text,
)
from casenotes.core.store import payloads
from casenotes.core.store.sealing import FieldCipher, shown_id
from casenotes.core.vault.errors import TamperedRecordError

DamageSink = Callable[[TamperedRecordError], None]

INDEX_BATCH = 1000
CASE_ROWS = "SELECT id, code_enc, profile_enc FROM cases"
ADDENDUM_ROWS = "SELECT id, note_id, addendum_enc FROM addenda"
PROCESS_ROWS = "SELECT id, note_id, process_enc FROM process_notes"
NOTE_ROWS = "SELECT id, case_id, meta_enc, sections_enc FROM notes"


# The C scanner json.loads ends in, called directly: json.loads goes through two Python
# frames and two regular-expression matches (whitespace around the value) first, a third of
# its time on a note's metadata. Casenotes writes no whitespace around a value.
# (The scanner takes its settings from a decoder: json.loads' own, the default one.)
_scan_json = make_scanner(cast(Any, json.JSONDecoder()))


def json_field(text: str, table: str, row_id: object, column: str) -> Any:
    """``json.loads(text)``, or ``TamperedRecordError`` where it raises ValueError."""
    try:
        value, end = _scan_json(text, 0)
        if end == len(text):  # the whole text is one value: what json.loads gives
            return value
    except Exception:  # json.loads below accepts or refuses it as always
        pass
    try:
        return json.loads(text)
    except ValueError:  # the message would quote decrypted text
        raise TamperedRecordError(table, shown_id(row_id), column) from None


def checked_note(
    row_id: object, meta: Any, sections: Any
) -> tuple[date, bool, bool, dict[str, str], list[str]]:
    """A note's session date, whether it is in the trash, whether it is a session, its
    sections and tags, with its metadata and sections checked as NoteRepository.build checks
    them (``payloads.note_index_fields``: the checks of ``note_from``, no Note built)."""
    try:
        return payloads.note_index_fields(meta, sections)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise TamperedRecordError("notes", shown_id(row_id), "meta_enc") from None


def case_states(
    rows: Iterable[Sequence[Any]], cipher: FieldCipher, damage: DamageSink
) -> dict[str, tuple[str, bool]]:
    """Each readable case's code and whether it is in the trash, from the rows of
    ``CASE_ROWS``, checked as CaseRepository.build checks a case (code, then the profile)."""
    states: dict[str, tuple[str, bool]] = {}
    for row_id, code_blob, profile_blob in rows:
        try:
            code = cipher.open_text("cases", "code_enc", row_id, {}, code_blob)
            profile = json_field(
                cipher.open_text("cases", "profile_enc", row_id, {}, profile_blob),
                "cases",
                row_id,
                "profile_enc",
            )
            try:
                case = payloads.case_from(row_id, code, profile)
            except (KeyError, TypeError, ValueError, AttributeError):
                raise TamperedRecordError("cases", shown_id(row_id), "profile_enc") from None
        except TamperedRecordError as exc:
            damage(exc)
            continue
        states[case.id] = (case.code, case.deleted_at is not None)
    return states


def addenda_texts(
    rows: Iterable[Sequence[Any]], cipher: FieldCipher, damage: DamageSink
) -> dict[str, list[str]]:
    """Each note's addenda texts, oldest first, from the rows of ``ADDENDUM_ROWS``, checked
    as AddendumRepository.build checks them (addenda are few: read whole, before the notes)."""
    found: dict[str, list[tuple[Any, str]]] = {}
    open_rows = cipher.rows_opener("addenda", "addendum_enc", "note_id")
    stream = iter(rows)
    while batch := list(islice(stream, INDEX_BATCH)):
        # A batch at a time; a batch with a damaged record a row at a time, which reports it.
        opened = open_rows(batch, 2)
        for i, (row_id, note_id, blob) in enumerate(batch):
            try:
                text = (
                    cipher.open_text("addenda", "addendum_enc", row_id, {"note_id": note_id}, blob)
                    if opened is None
                    else opened[i]
                )
                payload = json_field(text, "addenda", row_id, "addendum_enc")
                try:
                    addendum = payloads.addendum_from(row_id, note_id, payload)
                except (KeyError, TypeError, ValueError, AttributeError):
                    raise TamperedRecordError("addenda", shown_id(row_id), "addendum_enc") from None
            except TamperedRecordError as exc:
                damage(exc)
                continue
            found.setdefault(addendum.note_id, []).append((addendum.created_at, addendum.text))
    return {
        note_id: [text for _, text in sorted(items, key=lambda item: item[0])]
        for note_id, items in found.items()
    }


def process_texts(
    rows: Iterable[Sequence[Any]], cipher: FieldCipher, damage: DamageSink
) -> dict[str, str]:
    """Each note's process notes (the reflection's answers and comments, then the free
    text) as search text, by note id, from the rows of ``PROCESS_ROWS``: each record opened
    once, as the index takes it from a note (``process_notes_text``)."""
    # A batch at a time (rows_opener), never every row at once; a batch with a damaged
    # record is opened a row at a time, which reports it.
    open_rows = cipher.rows_opener("process_notes", "process_enc", "note_id")
    texts: dict[str, str] = {}
    stream = iter(rows)
    while batch := list(islice(stream, INDEX_BATCH)):
        opened = open_rows(batch, 2)
        if opened is None:
            _process_rows(batch, cipher, damage, texts)
            continue
        for (row_id, note_id, _), text in zip(batch, opened, strict=True):
            try:
                payload = json_field(text, "process_notes", row_id, "process_enc")
                reflection = payload.get("reflection", {})
                free = str(payload.get("text", ""))  # as payloads.process_notes_from reads it
            except (TamperedRecordError, AttributeError):
                damage(TamperedRecordError("process_notes", shown_id(row_id), "process_enc"))
                continue
            texts[str(note_id)] = process_notes_text(reflection, free)
    return texts


def _process_rows(
    rows: Iterable[Sequence[Any]], cipher: FieldCipher, damage: DamageSink, texts: dict[str, str]
) -> None:
    # The notes' way: the AAD's constant head encoded once, not once a record.
    open_process = cipher.column_opener("process_notes", "process_enc", ("note_id",))
    for row_id, note_id, blob in rows:
        try:
            payload = json_field(
                open_process(row_id, (note_id,), blob),
                "process_notes",
                row_id,
                "process_enc",
            )
            reflection = payload.get("reflection", {})
            text = str(payload.get("text", ""))  # as payloads.process_notes_from reads it
        except (TamperedRecordError, AttributeError):
            damage(TamperedRecordError("process_notes", shown_id(row_id), "process_enc"))
            continue
        texts[str(note_id)] = process_notes_text(reflection, text)


# Non-alphanumeric ASCII to a space, alphanumerics to "a": FTS5's unicode61 tokenizer splits
# ASCII text into runs of letters and digits, so the tokens are the places " a" occurs.
_TOKEN_MAP = bytes(
    ord("a") if chr(byte).isascii() and chr(byte).isalnum() else ord(" ") for byte in range(256)
)
_WORD = re.compile(r"[a-z0-9]+")


def ascii_tokens(text: str) -> int:
    """How many tokens FTS5's unicode61 tokenizer makes of ASCII ``text``."""
    return (b" " + text.encode("ascii")).translate(_TOKEN_MAP).count(b" a")


class Prefilter:
    """For a one-off search: which notes can match the query, and the totals of the rest.

    bm25 weighs each of the query's words by how many notes hold it, so every note that
    holds any one of them (as the index tokenizes them, the last as a prefix) is indexed. A
    note whose lower-cased text holds none of them even as a substring cannot, and is left
    out; its tokens are counted instead (``SearchIndex.add_unindexed``), so that bm25 ranks
    as over every note. Only for ASCII: a note or query with anything else is always indexed
    (case folding and diacritics are the tokenizer's to judge)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.notes = 0
        self._tokens = [0, 0, 0, 0]
        self._left: list[Sequence[str]] = []  # the columns of notes left out, not yet counted

    @classmethod
    def for_query(cls, query: str) -> Prefilter | None:
        """None when the query is not plain ASCII with at least one word to look for."""
        text = query[:MAX_QUERY_CHARS]
        if not text.isascii():
            return None
        words = _WORD.findall(text.lower())
        return cls(words) if words else None

    @property
    def tokens(self) -> list[int]:
        """The tokens of the notes left out, column by column."""
        self._count_left()
        return self._tokens

    def keep(self, columns: Sequence[str]) -> bool:
        joined = "\n".join(columns)
        if not joined.isascii():
            return True
        folded = joined.lower()
        for word in self.words:
            if word in folded:
                return True
        self.notes += 1
        self._left.append(columns)
        if len(self._left) >= INDEX_BATCH:
            self._count_left()
        return False

    def _count_left(self) -> None:
        # A column of many notes at once: each text follows a space, so the count over them
        # joined is the sum of their counts (ascii_tokens), without a call per note.
        if not self._left:
            return
        for i, column in enumerate(zip(*self._left, strict=True)):
            self._tokens[i] += ascii_tokens(" ".join(column))
        self._left.clear()


def index_batches(
    connection: sqlite3.Connection,
    cipher: FieldCipher,
    live: dict[str, str],
    addenda: dict[str, list[str]],
    reflections: dict[str, str],
    dates: dict[str, date],
    damage: DamageSink,
    prefilter: Prefilter | None = None,
) -> Iterator[list[IndexRow]]:
    """The index rows of the live notes of live cases (``live``: case id → code), a batch at
    a time; ``dates`` gets each case's latest session among its notes not in the trash, from
    the same decrypt. ``reflections`` (``process_texts``) gives each note's reflection text.
    With a ``prefilter``, only the notes it keeps (every note is still opened and checked)."""
    openers = _NoteOpeners(cipher)
    cursor = connection.cursor()
    try:
        cursor.execute(NOTE_ROWS)
        while raw := cursor.fetchmany(INDEX_BATCH):
            yield _index_rows(raw, live, dates, addenda, reflections, openers, damage, prefilter)
    finally:
        cursor.close()


class _NoteOpeners:
    """The readers of a note's two columns: a batch at once, and a row at a time."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.meta_rows = cipher.rows_opener("notes", "meta_enc", "case_id")
        self.sections_rows = cipher.rows_opener("notes", "sections_enc", "case_id")
        self.meta = cipher.column_opener("notes", "meta_enc", ("case_id",))
        self.sections = cipher.column_opener("notes", "sections_enc", ("case_id",))

    def batch(
        self, raw: Sequence[Any], live: dict[str, str]
    ) -> tuple[list[str], list[str | None]] | None:
        """Every row's metadata text, and its sections text (None for a note of a case not
        live: not indexed, so not opened); None when any of them is not plainly well-formed."""
        metas = self.meta_rows(raw, 2)
        if metas is None:
            return None
        live_rows = [row for row in raw if row[1] in live]
        opened = self.sections_rows(live_rows, 3)
        if opened is None:
            return None
        if len(live_rows) == len(raw):
            return metas, list[str | None](opened)
        found = iter(opened)
        return metas, [next(found) if row[1] in live else None for row in raw]


def _index_rows(
    raw: Sequence[Any],
    live: dict[str, str],
    dates: dict[str, date],
    addenda: dict[str, list[str]],
    reflections: dict[str, str],
    openers: _NoteOpeners,
    damage: DamageSink,
    prefilter: Prefilter | None,
) -> list[IndexRow]:
    opened = openers.batch(raw, live)
    if opened is None:
        return _index_rows_one_by_one(
            raw, live, dates, addenda, reflections, openers, damage, prefilter
        )
    batch: list[IndexRow] = []
    append = batch.append
    for (row_id, case_id, _, _), meta_text, sections_text in zip(raw, *opened, strict=True):
        try:
            meta = json_field(meta_text, "notes", row_id, "meta_enc")
            sections = (
                {}
                if sections_text is None
                else json_field(sections_text, "notes", row_id, "sections_enc")
            )
            checked = checked_note(row_id, meta, sections)
        except TamperedRecordError as exc:
            damage(exc)
            continue
        if not checked[1]:  # not in the trash
            code = None if sections_text is None else live[case_id]
            row = _take_note(row_id, case_id, code, checked, dates, addenda, reflections)
            if row is not None and (prefilter is None or prefilter.keep(row[4:])):
                append(row)
    return batch


def _take_note(
    row_id: str,
    case_id: str,
    code: str | None,
    checked: tuple[date, bool, bool, dict[str, str], list[str]],
    dates: dict[str, date],
    addenda: dict[str, list[str]],
    reflections: dict[str, str],
) -> IndexRow | None:
    """A live note's last-session date, and its index row (None for a note of a case that
    is not indexed, ``code`` None)."""
    session_date, _, is_session, note_sections, tags = checked
    latest = dates.get(case_id)
    # Consultations and contacts are not sessions: they do not move the last session.
    if is_session and (latest is None or session_date > latest):
        dates[case_id] = session_date
    if code is None:
        return None
    columns = index_text(note_sections, tags, addenda.get(row_id, ()), reflections.get(row_id, ""))
    return (row_id, case_id, code, session_date.isoformat(), *columns)


def _index_rows_one_by_one(
    raw: Sequence[Any],
    live: dict[str, str],
    dates: dict[str, date],
    addenda: dict[str, list[str]],
    reflections: dict[str, str],
    openers: _NoteOpeners,
    damage: DamageSink,
    prefilter: Prefilter | None,
) -> list[IndexRow]:
    """A batch with a damaged record: each field opened on its own, so each damaged record
    is reported, in order, and the rest indexed."""
    open_meta, open_sections = openers.meta, openers.sections
    batch: list[IndexRow] = []
    append = batch.append
    for row_id, case_id, meta_blob, sections_blob in raw:
        code = live.get(case_id)
        keys = (case_id,)
        try:
            meta = json_field(open_meta(row_id, keys, meta_blob), "notes", row_id, "meta_enc")
            sections = (
                {}
                if code is None
                else json_field(
                    open_sections(row_id, keys, sections_blob), "notes", row_id, "sections_enc"
                )
            )
            checked = checked_note(row_id, meta, sections)
        except TamperedRecordError as exc:
            damage(exc)
            continue
        if not checked[1]:  # not in the trash
            row = _take_note(row_id, case_id, code, checked, dates, addenda, reflections)
            if row is not None and (prefilter is None or prefilter.keep(row[4:])):
                append(row)
    return batch
