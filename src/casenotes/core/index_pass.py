"""The one pass that fills the search index from raw SQLite rows, without the ORM: for
``Journal.build_index`` at unlock and for the command line's one-off search.

Every field is opened through ``FieldCipher`` (the notes, addenda and process notes a batch
of rows at a time with ``column_opener``), so the AES-GCM and AAD checks and the
``TamperedRecordError`` raised are those of every other read, and each payload is checked as
the repository checks it. A damaged record is handed to ``damage`` and left out; the rest are
read. Nothing here imports SQLAlchemy, so the one-off search starts without it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
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
from casenotes.core.store.sealing import ColumnOpener, FieldCipher, shown_id
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
    open_rows = cipher.column_opener("addenda", "addendum_enc", "note_id")
    stream = iter(rows)
    while batch := list(islice(stream, INDEX_BATCH)):
        for (row_id, note_id, _), text in zip(batch, open_rows(batch, 2), strict=True):
            try:
                if not isinstance(text, str):
                    raise text
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
    # A batch at a time, never every row at once.
    open_rows = cipher.column_opener("process_notes", "process_enc", "note_id")
    texts: dict[str, str] = {}
    stream = iter(rows)
    while batch := list(islice(stream, INDEX_BATCH)):
        for (row_id, note_id, _), text in zip(batch, open_rows(batch, 2), strict=True):
            try:
                if not isinstance(text, str):
                    raise text
                payload = json_field(text, "process_notes", row_id, "process_enc")
                reflection = payload.get("reflection", {})
                free = str(payload.get("text", ""))  # as payloads.process_notes_from reads it
            except (TamperedRecordError, AttributeError):
                damage(TamperedRecordError("process_notes", shown_id(row_id), "process_enc"))
                continue
            texts[str(note_id)] = process_notes_text(reflection, free)
    return texts


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
    notes = _NotesPass(
        live,
        addenda,
        reflections,
        dates,
        damage,
        prefilter,
        cipher.column_opener("notes", "meta_enc", "case_id"),
        cipher.column_opener("notes", "sections_enc", "case_id"),
    )
    cursor = connection.cursor()
    try:
        cursor.execute(NOTE_ROWS)
        while raw := cursor.fetchmany(INDEX_BATCH):
            yield notes.index_rows(raw)
    finally:
        cursor.close()


@dataclass(frozen=True, slots=True)
class _NotesPass:
    """What the notes' pass reads from (``index_batches``' arguments and the readers of a
    note's two columns) and fills (``dates``), a batch of rows at a time."""

    live: dict[str, str]
    addenda: dict[str, list[str]]
    reflections: dict[str, str]
    dates: dict[str, date]
    damage: DamageSink
    prefilter: Prefilter | None
    open_meta: ColumnOpener
    open_sections: ColumnOpener

    def index_rows(self, raw: Sequence[Any]) -> list[IndexRow]:
        """The index rows of a batch of ``NOTE_ROWS``; each damaged record is reported, in
        order, and the rest are read."""
        live, dates, addenda, reflections = self.live, self.dates, self.addenda, self.reflections
        damage, prefilter = self.damage, self.prefilter
        metas = self.open_meta(raw, 2)
        # The sections of a note of a case not live are not indexed, so not opened: None.
        live_rows = [row for row in raw if row[1] in live]
        sections: list[str | TamperedRecordError | None] = list(self.open_sections(live_rows, 3))
        if len(live_rows) != len(raw):
            found = iter(sections)
            sections = [next(found) if row[1] in live else None for row in raw]
        batch: list[IndexRow] = []
        append = batch.append
        for (row_id, case_id, _, _), meta_text, sections_text in zip(
            raw, metas, sections, strict=True
        ):
            try:
                if not isinstance(meta_text, str):
                    raise meta_text
                meta = json_field(meta_text, "notes", row_id, "meta_enc")
                if sections_text is None:
                    note_sections = {}
                elif isinstance(sections_text, str):
                    note_sections = json_field(sections_text, "notes", row_id, "sections_enc")
                else:
                    raise sections_text
                session_date, trashed, is_session, checked_sections, tags = checked_note(
                    row_id, meta, note_sections
                )
            except TamperedRecordError as exc:
                damage(exc)
                continue
            if trashed:
                continue
            latest = dates.get(case_id)
            # Consultations and contacts are not sessions: they do not move the last session.
            if is_session and (latest is None or session_date > latest):
                dates[case_id] = session_date
            if sections_text is None:  # a case that is not indexed
                continue
            columns = index_text(
                checked_sections, tags, addenda.get(row_id, ()), reflections.get(row_id, "")
            )
            if prefilter is None or prefilter.keep(columns):
                append((row_id, case_id, live[case_id], session_date.isoformat(), *columns))
        return batch
