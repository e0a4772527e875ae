"""The in-memory full-text index of decrypted notes (SQLite FTS5).

The index holds plaintext, so it lives only in a private ``:memory:`` database with
``temp_store=MEMORY``: nothing reaches a file, a temp file or a log. ``close()`` (on lock)
destroys the database. Python strings cannot be wiped, so copies of note text may linger in
freed heap memory until reused; the threat model leaves an unlocked machine out of scope.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from types import TracebackType
from typing import Any, Self

from casenotes.core.domain.models import Note

# Keeps a pasted page of text from building a query that stalls the UI; 1,000 characters is
# far beyond anything typed, and a cut-off last word still works as a prefix.
MAX_QUERY_CHARS = 1000

SNIPPET_ELLIPSIS = "…"
SNIPPET_TOKENS = 12

# Unicode noncharacters, reserved for internal use: snippet() marks with these so whitespace
# can be tidied before the caller's marks go in. They are stripped from indexed text, so any
# occurrence in a snippet is one of our marks.
_MARK_START = "\ufdd0"
_MARK_END = "\ufdd1"

_SCHEMA = """
CREATE TABLE note_meta (
    doc INTEGER PRIMARY KEY,      -- the rowid of the note's row in note_fts
    note_id TEXT NOT NULL,        -- unique: note_meta_note
    case_id TEXT NOT NULL,
    case_code TEXT NOT NULL,
    session_date TEXT NOT NULL    -- ISO 8601, so text order is date order
);
{meta_indexes}
CREATE VIRTUAL TABLE note_fts USING fts5 (
    sections, tags, addenda, reflection,  -- reflection: the process notes (process_notes_text)
    tokenize = 'unicode61 remove_diacritics 2'{prefix}
);
"""
# Made after the rows when the index is filled at once (fill): one sort instead of a B-tree
# insert a row.
_META_INDEXES = """
CREATE UNIQUE INDEX note_meta_note ON note_meta (note_id);
CREATE INDEX note_meta_case ON note_meta (case_id);
CREATE INDEX note_meta_newest ON note_meta (session_date DESC, doc);
"""
_DROP_META_INDEXES = """
DROP INDEX note_meta_note;
DROP INDEX note_meta_case;
DROP INDEX note_meta_newest;
"""
# One- and two-letter prefixes, the costliest as you type. They make filling the index about
# twice as slow, so a one-off search (the command line) goes without them: FTS5 answers the
# same prefix queries either way, only slower for one- and two-letter ones.
_PREFIXES = """,
    prefix = '1 2'"""

_DELETE_NOTE = (
    "DELETE FROM note_fts WHERE rowid = (SELECT doc FROM note_meta WHERE note_id = ?)",
    "DELETE FROM note_meta WHERE note_id = ?",
)

# Ranking without snippets first: snippet() is costly and would otherwise run for every
# matching note, not just the ones shown. CROSS JOIN pins FTS5 as the outer loop, so the
# query is parsed and bm25's statistics gathered once, not once per note of a case. Used
# with a case filter, and for the ties described below.
_RANKED = """
SELECT m.doc, m.note_id, m.case_id, m.case_code, m.session_date, bm25(note_fts) AS score
FROM note_fts CROSS JOIN note_meta AS m ON m.doc = note_fts.rowid
WHERE note_fts MATCH :match {case_filter}
ORDER BY score, m.session_date DESC, m.doc
LIMIT :limit
"""

# Top-k without the join: FTS5 alone scores every match and keeps the best few (about half
# the time of joining each match to note_meta, at 100,000 notes); only those are joined.
# Notes with the same score as the last one shown are ordered newest session first, so all
# of them are needed: a margin of extra rows holds them nearly always (the demo's 100,000
# notes tie in groups of up to 8), and _TIED fetches them when it does not.
_TIE_MARGIN = 32
_TOP = """
SELECT rowid, bm25(note_fts) AS score FROM note_fts
WHERE note_fts MATCH :match
ORDER BY score
LIMIT :limit
"""
_TIED = """
SELECT rowid, score FROM (
    SELECT rowid, bm25(note_fts) AS score FROM note_fts WHERE note_fts MATCH :match
) WHERE score <= :worst
"""
# One letter typed (a prefix of nearly every note at 100,000 notes, where scoring them all
# takes about 100 ms): the newest notes that match come first, found by walking note_meta
# newest first, and the next letter ranks them. Their scores come with their snippets.
_NEWEST = """
SELECT doc, note_id, case_id, case_code, session_date, NULL FROM note_meta
WHERE doc IN (SELECT rowid FROM note_fts WHERE note_fts MATCH :match)
ORDER BY session_date DESC, doc
LIMIT :limit
"""
_META = """
SELECT doc, note_id, case_id, case_code, session_date FROM note_meta
WHERE doc IN (SELECT value FROM json_each(:docs))
"""

# One pass for all the snippets: a query per hit would expand a short prefix ("c*") again
# each time. The unary plus keeps FTS5 from looking each rowid up separately.
_SNIPPETS = """
SELECT rowid, snippet(note_fts, -1, :start, :end, :ellipsis, :tokens), bm25(note_fts),
    sections, tags, addenda, reflection
FROM note_fts
WHERE note_fts MATCH :match AND +rowid IN (SELECT value FROM json_each(:docs))
"""


_COLUMNS = ("sections", "tags", "addenda", "reflection")

# fill(): the rowids are left to SQLite (see there).
_FILL_META = "INSERT INTO note_meta (note_id, case_id, case_code, session_date) VALUES (?, ?, ?, ?)"
_FILL_TEXT = "INSERT INTO note_fts (sections, tags, addenda, reflection) VALUES (?, ?, ?, ?)"
_LAST_DOCS = (
    "SELECT (SELECT max(doc) FROM note_meta),"
    " (SELECT rowid FROM note_fts ORDER BY rowid DESC LIMIT 1)"
)
_META_PART = itemgetter(0, 1, 2, 3)
_TEXT_PART = itemgetter(4, 5, 6, 7)


def _varint(value: int) -> bytes:
    """SQLite's variable-length integer, as FTS5 writes it: seven bits a byte, most
    significant first, the high bit set on every byte but the last (counts stay far below
    the nine-byte form)."""
    if not 0 <= value < 1 << 56:
        raise ValueError("count out of range")
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(groups))


def _read_varints(block: bytes, count: int) -> list[int]:
    """``count`` varints from the start of ``block``; missing ones (an empty index has no
    record yet) are zero."""
    values: list[int] = []
    position = 0
    while len(values) < count and position < len(block):
        value = 0
        while True:
            byte = block[position]
            position += 1
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values + [0] * (count - len(values))


class SearchIndexClosedError(RuntimeError):
    """The index was used after close(), e.g. a search that arrived after the vault locked."""

    def __init__(self) -> None:
        super().__init__("The search index is closed because the vault was locked.")


@dataclass(frozen=True, slots=True)
class SearchHit:
    note_id: str
    case_id: str
    case_code: str
    session_date: datetime.date
    snippet: str  # text around the matches, with each match wrapped in mark_start/mark_end
    rank: float  # bm25, lower is better
    # The snippet comes from the session's process notes (the reflection, the self-check,
    # the free text), not the progress note: the window says so.
    in_process_notes: bool = False


def _is_token_char(char: str) -> bool:
    # Mirrors unicode61's token characters (letters, numbers, private use, and the combining
    # marks it keeps inside words) closely enough to drop punctuation-only words.
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def match_expression(query: str) -> str | None:
    """Turn text as typed into a safe FTS5 query, or None when there is nothing to search.

    Words are split on whitespace and each is quoted, so FTS5 syntax (AND, NEAR, ``*``,
    ``:``, parentheses, quotes) is only ever literal text. FTS5 then tokenises inside the
    quotes with the index's own tokenizer, so query and index cannot disagree, and a word
    with inner punctuation ("don't", "sex-work") becomes a phrase. The last word is a prefix
    for search as you type.
    """
    # Controls (NUL ends an FTS5 string early) and lone surrogates (not encodable) are
    # replaced rather than allowed to raise.
    cleaned = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs") else char
        for char in query[:MAX_QUERY_CHARS]
    )
    words = [word for word in cleaned.split() if any(_is_token_char(c) for c in word)]
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _one_letter(match: str) -> bool:
    """Whether match_expression() made this of one word of one character: '"s"*'."""
    return len(match) == 4 and match[1] != '"'


def _tidy_snippet(raw: str, mark_start: str, mark_end: str) -> str:
    # One line for a result list: sections and addenda are separated by blank lines.
    one_line = " ".join(raw.split())
    return one_line.replace(_MARK_START, mark_start).replace(_MARK_END, mark_end)


def _in_process_notes(raw: str, columns: tuple[str, str, str, str]) -> bool:
    """Whether a snippet (``raw``, with our marks) was cut from the process-notes column.
    snippet() copies its column's text verbatim between the ellipses, so the excerpt is found
    in that column; found in the progress note's columns too, it is not said to be private."""
    excerpt = raw.replace(_MARK_START, "").replace(_MARK_END, "").strip(SNIPPET_ELLIPSIS)
    *note_columns, process = columns
    return (
        bool(excerpt)
        and excerpt in process
        and not any(excerpt in column for column in note_columns)
    )


def _strip_sentinels(text: str) -> str:
    # The membership test is fast; str.translate on every note is not.
    if _MARK_START in text or _MARK_END in text:
        return text.replace(_MARK_START, "").replace(_MARK_END, "")
    return text


def _row_text(note: Note, process_text: str = "") -> tuple[str, str, str, str]:
    return index_text(
        note.sections,
        note.tags,
        [addendum.text for addendum in note.addenda],
        process_notes_text(note.reflection, process_text),
    )


def process_notes_text(reflection: object, text: str) -> str:
    """What the index searches of a session's process notes: its reflection's text
    (``reflection_text``), then the free process-notes text."""
    found = reflection_text(reflection)
    if not text.strip():
        return found
    return f"{found}\n{text}" if found else text


def _walk(value: object, append: Callable[[str], None]) -> None:
    if isinstance(value, str):
        if value.strip():
            append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, append)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, append)


def reflection_text(reflection: object) -> str:
    """Every piece of text in a note's reflection (text answers, comments, chosen option
    ids), one per line, in stored order; numbers and keys are left out."""
    found: list[str] = []
    append = found.append
    if type(reflection) is not dict:
        _walk(reflection, append)
        return "\n".join(found)
    # The usual shape (answers that are text or lists of option ids) without a call per
    # value: the index pass at unlock walks every note's reflection. The same order as _walk().
    for value in reflection.values():
        kind = type(value)
        if kind is str:
            if value and not value.isspace():  # as value.strip(), without the copy
                append(value)
        elif kind is list:
            for item in value:
                if type(item) is str:
                    if item and not item.isspace():
                        append(item)
                else:
                    _walk(item, append)
        else:
            _walk(value, append)
    return "\n".join(found)


def index_text(
    sections: dict[str, str], tags: Iterable[str], addenda: Iterable[str], reflection: str = ""
) -> tuple[str, str, str, str]:
    """The four indexed columns of a note: section text (as ``Note.text()``), tags, addenda,
    and its process notes' text (``process_notes_text``)."""
    # filter(None, ...) leaves out the empty ones as ``if value`` would, without a frame.
    columns = (
        "\n\n".join(filter(None, sections.values())),
        ", ".join(filter(None, tags)),
        "\n\n".join(filter(None, addenda)),
        reflection,
    )
    # Our marks are stripped; the test is cheap (a mark cannot occur in narrower text), the
    # copy is not, so it is made only for the rare note that holds one.
    for column in columns:
        if _MARK_START in column or _MARK_END in column:
            return (
                _strip_sentinels(columns[0]),
                _strip_sentinels(columns[1]),
                _strip_sentinels(columns[2]),
                _strip_sentinels(columns[3]),
            )
    return columns


# One note as the bulk fill takes it: note id, case id, case code, ISO session date, then the
# four columns of index_text().
IndexRow = tuple[str, str, str, str, str, str, str, str]


class SearchIndex:
    """Full-text index over the notes of an unlocked vault; rebuilt on every unlock.

    Safe to call from more than one thread (e.g. searching in a worker): calls are
    serialised by a lock. Every method except close() raises SearchIndexClosedError once
    the index is closed; close() may be called more than once.
    """

    def __init__(self, *, prefixes: bool = True) -> None:
        # A private in-memory database: no file, and temp_store keeps sorter and temp
        # tables off disk too. check_same_thread is off because the lock serialises use.
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA temp_store = MEMORY")
        # Overwrite removed notes' text in the database pages instead of leaving it in
        # free space.
        conn.execute("PRAGMA secure_delete = ON")
        conn.executescript(
            _SCHEMA.format(meta_indexes=_META_INDEXES, prefix=_PREFIXES if prefixes else "")
        )
        # Merging more segments at a time made filling 100,000 notes about a quarter faster
        # in measurement, with no measurable cost to search.
        conn.execute("INSERT INTO note_fts (note_fts, rank) VALUES ('automerge', 8)")
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.Lock()
        self._next_doc = 1

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Destroy the database and drop every reference to it."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _open_conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise SearchIndexClosedError()
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # All-or-nothing, and one transaction is what makes bulk inserts fast.
        with self._lock:
            conn = self._open_conn()
            conn.execute("BEGIN")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back on its own
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------

    def add_notes(
        self, entries: Iterable[tuple[Note, str]], process_texts: Mapping[str, str] | None = None
    ) -> None:
        """Index many (note, case_code) pairs at once; each behaves like upsert_note.
        ``process_texts``: each note's free process-notes text, by note id.

        Entries are gathered before the index is touched, so a failing iterable (e.g. a
        record that will not decrypt) leaves the index as it was.
        """
        latest: dict[str, tuple[Note, str]] = {}
        for note, case_code in entries:
            latest[note.id] = (note, case_code)  # the last entry for a note wins
        with self._transaction() as conn:
            self._write(conn, list(latest.values()), process_texts or {})

    def fill(self, batches: Iterable[list[IndexRow]]) -> int:
        """Fill an empty index a batch at a time, in one transaction; returns the notes added.

        For the pass at unlock: rows are streamed, so all the plaintext is never held at
        once. A failing iterable rolls the transaction back, leaving the index empty (the
        caller closes it). Rows must be for distinct, live notes."""
        added = 0
        with self._transaction() as conn:
            if (
                self._next_doc != 1
                or conn.execute("SELECT EXISTS (SELECT 1 FROM note_meta)").fetchone()[0]
            ):
                raise ValueError("fill() needs an empty index")
            for statement in _DROP_META_INDEXES.split(";")[:-1]:
                conn.execute(statement)  # (executescript would commit)
            # Each row's doc is the rowid SQLite gives it, the same in both tables: both are
            # empty and take the rows in the same order (checked below). The rows' parts are
            # taken by itemgetter, without a Python frame or a tuple built a row.
            for batch in batches:
                conn.executemany(_FILL_META, map(_META_PART, batch))
                conn.executemany(_FILL_TEXT, map(_TEXT_PART, batch))
                added += len(batch)
            if conn.execute(_LAST_DOCS).fetchone() != (added or None, added or None):
                raise RuntimeError("the index's two tables are out of step")
            for statement in _META_INDEXES.split(";")[:-1]:
                conn.execute(statement)
            self._next_doc += added
        return added

    def add_unindexed(self, notes: int, tokens: Sequence[int]) -> None:
        """Count ``notes`` more notes, with ``tokens[i]`` tokens in column i, in the totals
        bm25 ranks by (the number of notes and the average note length) without indexing them.

        For a one-off search that indexes only the notes that can match (the rest hold none
        of the query's words): its scores, and so its hits and their order, are then those of
        the index of every note. The totals are FTS5's "averages" record, a varint row count
        then one varint total a column (the format FTS5 reads back; SQLite's varints)."""
        if len(tokens) != len(_COLUMNS):
            raise ValueError("one token count a column")
        with self._transaction() as conn:
            found = conn.execute("SELECT block FROM note_fts_data WHERE id = 1").fetchone()
            totals = _read_varints(found[0] if found else b"", 1 + len(_COLUMNS))
            totals = [a + b for a, b in zip(totals, (notes, *tokens), strict=True)]
            conn.execute(
                "INSERT OR REPLACE INTO note_fts_data (id, block) VALUES (1, ?)",
                (b"".join(_varint(value) for value in totals),),
            )

    def upsert_note(self, note: Note, case_code: str, process_text: str = "") -> None:
        """Index the note (with its free process-notes text), replacing any existing entry;
        a deleted note is removed."""
        with self._transaction() as conn:
            self._write(conn, [(note, case_code)], {note.id: process_text})

    def _write(
        self,
        conn: sqlite3.Connection,
        entries: list[tuple[Note, str]],
        process_texts: Mapping[str, str],
    ) -> None:
        ids = [(note.id,) for note, _ in entries]
        has_rows = conn.execute("SELECT EXISTS (SELECT 1 FROM note_meta)").fetchone()[0]
        if has_rows:  # skipped when filling an empty index on unlock
            for statement in _DELETE_NOTE:
                conn.executemany(statement, ids)
        live = [(note, code) for note, code in entries if note.deleted_at is None]
        first = self._next_doc
        self._next_doc += len(live)
        conn.executemany(
            "INSERT INTO note_meta (doc, note_id, case_id, case_code, session_date)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (doc, note.id, note.case_id, code, note.session_date.isoformat())
                for doc, (note, code) in enumerate(live, first)
            ),
        )
        conn.executemany(
            "INSERT INTO note_fts (rowid, sections, tags, addenda, reflection)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (doc, *_row_text(note, process_texts.get(note.id, "")))
                for doc, (note, _) in enumerate(live, first)
            ),
        )

    def remove_note(self, note_id: str) -> None:
        with self._transaction() as conn:
            for statement in _DELETE_NOTE:
                conn.execute(statement, (note_id,))

    def remove_case(self, case_id: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "DELETE FROM note_fts WHERE rowid IN (SELECT doc FROM note_meta WHERE case_id = ?)",
                (case_id,),
            )
            conn.execute("DELETE FROM note_meta WHERE case_id = ?", (case_id,))

    def rename_case(self, case_id: str, case_code: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE note_meta SET case_code = ? WHERE case_id = ?", (case_code, case_id)
            )

    # -- reading -----------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        case_id: str | None = None,
        mark_start: str = "[",
        mark_end: str = "]",
    ) -> list[SearchHit]:
        """Notes containing every word of ``query`` (the last as a prefix), best first.

        ``query`` is text as typed, never FTS syntax; any text is accepted. Snippets are
        plain text, not escaped: to show them as rich text, pass marks that cannot occur in
        a note, escape the snippet, then swap in the real markup.
        """
        if limit < 0:
            raise ValueError("limit must not be negative")
        match = match_expression(query)
        with self._lock:
            conn = self._open_conn()
            if match is None or limit == 0:
                return []
            if case_id is not None:
                ranked = conn.execute(
                    _RANKED.format(case_filter="AND m.case_id = :case_id"),
                    {"match": match, "limit": limit, "case_id": case_id},
                ).fetchall()
            elif _one_letter(match):
                ranked = conn.execute(_NEWEST, {"match": match, "limit": limit}).fetchall()
            else:
                ranked = self._top(conn, match, limit)
            snippets: dict[int, tuple[str, float, bool]] = {}
            if ranked:
                snippet_params = {
                    "start": _MARK_START,
                    "end": _MARK_END,
                    "ellipsis": SNIPPET_ELLIPSIS,
                    "tokens": SNIPPET_TOKENS,
                    "match": match,
                    "docs": json.dumps([row[0] for row in ranked]),
                }
                snippets = {
                    doc: (raw, score, _in_process_notes(raw, tuple(columns)))
                    for doc, raw, score, *columns in conn.execute(_SNIPPETS, snippet_params)
                }
        hits = []
        for doc, note_id, hit_case_id, case_code, session_date, score in ranked:
            raw, snippet_score, in_process_notes = snippets.get(doc, ("", 0.0, False))
            hits.append(
                SearchHit(
                    note_id=note_id,
                    case_id=hit_case_id,
                    case_code=case_code,
                    session_date=datetime.date.fromisoformat(session_date),
                    snippet=_tidy_snippet(raw, mark_start, mark_end),
                    # One letter ranks by date: the score comes with the snippet.
                    rank=snippet_score if score is None else score,
                    in_process_notes=in_process_notes,
                )
            )
        return hits

    @staticmethod
    def _top(conn: sqlite3.Connection, match: str, limit: int) -> list[tuple[Any, ...]]:
        """The best ``limit`` matches as _RANKED orders them (score, then the newest session,
        then the first indexed), ranked by FTS5 alone and joined to their metadata after."""
        scored = conn.execute(_TOP, {"match": match, "limit": limit + _TIE_MARGIN}).fetchall()
        if len(scored) > limit:
            worst = scored[limit - 1][1]
            if scored[-1][1] <= worst:  # the notes tied with the last shown may go on
                scored = conn.execute(_TIED, {"match": match, "worst": worst}).fetchall()
            else:  # every note tied with the last shown is among those fetched
                scored = [row for row in scored if row[1] <= worst]
        scores = dict(scored)
        meta = conn.execute(_META, {"docs": json.dumps(list(scores))}).fetchall()
        # _RANKED's order by stable sorts, the last key first: the first indexed, then the
        # newest session (ISO dates sort as text; a reversed sort keeps ties in order), then
        # the score.
        meta.sort(key=lambda row: row[0])
        meta.sort(key=lambda row: row[4], reverse=True)
        meta.sort(key=lambda row: scores[row[0]])
        return [(*row, scores[row[0]]) for row in meta[:limit]]

    def __len__(self) -> int:
        """The number of indexed notes."""
        with self._lock:
            count: int = self._open_conn().execute("SELECT count(*) FROM note_meta").fetchone()[0]
            return count
