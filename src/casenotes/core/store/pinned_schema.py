"""The pinned schema: a vault's tables, columns, indexes, triggers and views must be exactly
those the project's own migrations create for the vault's schema revision.

Someone with write access to the file could plant a trigger that silently undoes every later
edit, or a view, table, index or column that changes what is read; none of that is a record,
so no envelope would notice. The expected schema is never hand-listed: it is what the
migrations create when run up to the revision on an empty in-memory database. The released
revisions' results are shipped in pinned_schemas.json (tools/pin_schema.py; a test checks
them against a fresh run), so opening a vault needs no Alembic; any other known revision is
derived at run time, once per process, so a new revision is covered as soon as its
migration script exists.

The comparison is of structured PRAGMA output (columns with their declared type, NOT NULL,
default, primary key and hidden flags; foreign keys; indexes and their key columns), plus the
SQL text as tokens, with whitespace, comments, identifier quoting and letter case taken out
(the ways two SQLite builds, or a rename, may spell the same schema differently): whole for
indexes, triggers and views, and for tables only what PRAGMAs do not show (CHECK, COLLATE,
AUTOINCREMENT, WITHOUT ROWID, STRICT), so a vault made through an older SQLAlchemy's DDL
still matches.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casenotes.core.vault.errors import VaultError

Row = tuple[object, ...]


class SchemaMismatchError(VaultError):
    """The vault's schema is not the one its revision has: it was not opened."""

    def __init__(self, problems: list[str]) -> None:
        first = problems[0]
        more = len(problems) - 1
        also = f" (and {more} other difference{'s' if more != 1 else ''})" if more else ""
        super().__init__(
            f"The vault {first}{also}. It may have been tampered with; "
            "it was not opened. 'casenotes verify' lists every difference."
        )
        self.problems = problems


@dataclass(frozen=True, slots=True)
class SchemaObject:
    type: str  # table, index, trigger, view
    name: str
    table: str  # tbl_name: the table an index or trigger belongs to
    # Normalised SQL tokens (for a table, only its table_clauses); empty for SQLite's own
    # automatic indexes.
    sql: tuple[str, ...]
    columns: tuple[Row, ...] = ()  # tables: PRAGMA table_xinfo; indexes: index_xinfo
    foreign_keys: tuple[Row, ...] = ()  # tables only
    flags: Row = ()  # indexes only: unique, origin, partial (PRAGMA index_list)


Snapshot = dict[tuple[str, str], SchemaObject]  # (type, lower-case name) -> object

_TOKEN = re.compile(
    r"""\s+|--[^\n]*|/\*.*?(?:\*/|$)"""  # whitespace and comments: dropped
    r"""|(?P<string>'(?:[^']|'')*')"""  # string literal: kept as written
    r"""|"(?P<dq>(?:[^"]|"")*)"|`(?P<bq>(?:[^`]|``)*)`|\[(?P<sq>[^\]]*)\]"""  # quoted names
    r"""|(?P<other>[A-Za-z_0-9$\x80-\U0010ffff]+|.)""",
    re.DOTALL,
)


def normalise_sql(sql: object) -> tuple[str, ...]:
    """SQL text as tokens: keywords and identifiers case-folded and unquoted, strings kept."""
    if not isinstance(sql, str):
        return ()
    tokens: list[str] = []
    for match in _TOKEN.finditer(sql):
        kind = match.lastgroup  # None for whitespace and comments
        if kind is None:
            continue
        text = match.group(kind)
        if kind == "string":
            tokens.append(text)
        elif kind == "dq":
            tokens.append(text.replace('""', '"').lower())
        elif kind == "bq":
            tokens.append(text.replace("``", "`").lower())
        else:
            tokens.append(text.lower())
    return tuple(tokens)


def _group(tokens: tuple[str, ...], start: int) -> int:
    """The index just past the parenthesised group that opens at ``tokens[start]``."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[i], 0)
        if depth == 0:
            return i + 1
    return len(tokens)


def table_clauses(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """What a table's SQL says beyond its PRAGMA output: CHECK constraints, COLLATE and
    AUTOINCREMENT clauses, and the options after the column list (WITHOUT ROWID, STRICT).

    A table's columns, types, NOT NULL, defaults, keys and indexes are compared as PRAGMA
    output instead of as text, so a vault created by an older SQLAlchemy, whose DDL was
    spelled a little differently, still matches the schema derived by today's."""
    if "(" not in tokens:
        return tokens
    body_start = tokens.index("(")
    body_end = _group(tokens, body_start)
    clauses: list[str] = []
    i = body_start
    while i < body_end:
        token = tokens[i]
        if token == "check" and i + 1 < body_end and tokens[i + 1] == "(":
            end = _group(tokens, i + 1)
            clauses.append("check " + " ".join(tokens[i + 1 : end]))
            i = end
            continue
        if token == "collate" and i + 1 < body_end:
            clauses.append(f"collate {tokens[i + 1]}")
        elif token == "autoincrement":
            clauses.append(token)
        i += 1
    return (*sorted(clauses), "options", *tokens[body_end:])


def _key(name: object) -> str:
    return str(name).lower()


def _column_row(row: Row) -> Row:
    # table_xinfo: cid, name, type, notnull, dflt_value, pk, hidden
    cid, name, declared, notnull, default, pk, hidden = row
    return (
        cid,
        _key(name),
        " ".join(str(declared).upper().split()),
        notnull,
        normalise_sql(default),
        pk,
        hidden,
    )


def snapshot(connection: sqlite3.Connection) -> Snapshot:
    """Every schema object of the main database, with what PRAGMAs say about it."""
    objects: Snapshot = {}
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    index_flags: dict[str, Row] = {}  # index name -> (unique, origin, partial)
    for kind, name, table, sql in rows:
        kind, name, table = str(kind), str(name), str(table)
        columns: tuple[Row, ...] = ()
        foreign_keys: tuple[Row, ...] = ()
        if kind == "table":
            columns = tuple(
                _column_row(r)
                for r in connection.execute(
                    'SELECT cid, name, type, "notnull", dflt_value, pk, hidden '
                    "FROM pragma_table_xinfo(?, 'main')",
                    (name,),
                )
            )
            foreign_keys = tuple(
                sorted(
                    (r[0], r[1], _key(r[2]), _key(r[3]), _key(r[4]), r[5], r[6], r[7])
                    for r in connection.execute(
                        'SELECT id, seq, "table", "from", "to", on_update, on_delete, match '
                        "FROM pragma_foreign_key_list(?, 'main')",
                        (name,),
                    )
                )
            )
            for r in connection.execute(
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?, 'main')",
                (name,),
            ):
                index_flags[_key(r[0])] = (r[1], r[2], r[3])
        elif kind == "index":
            columns = tuple(
                (r[0], r[1], _key(r[2]), r[3], _key(r[4]), r[5])
                for r in connection.execute(
                    'SELECT seqno, cid, name, "desc", coll, "key" '
                    "FROM pragma_index_xinfo(?, 'main')",
                    (name,),
                )
            )
        tokens = normalise_sql(sql)
        objects[(kind, _key(name))] = SchemaObject(
            kind,
            name,
            table,
            table_clauses(tokens) if kind == "table" else tokens,
            columns,
            foreign_keys,
        )
    for (kind, key), obj in objects.items():
        if kind == "index":
            objects[(kind, key)] = dataclasses.replace(obj, flags=index_flags.get(key, ()))
    return objects


def shown(name: object, limit: int = 80) -> str:
    """A name as it can be printed safely: control characters and lone surrogates escaped,
    and never longer than ``limit`` characters (a planted name is chosen by an attacker)."""
    text = str(name)
    escaped = "".join(
        c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else f"\\x{{{ord(c):x}}}"
        for c in text
    )
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def _where(obj: SchemaObject) -> str:
    if obj.type in ("index", "trigger") and obj.table:
        return f" on table '{shown(obj.table)}'"
    return ""


def _column_names(obj: SchemaObject) -> dict[str, Row]:
    return {str(row[1]): row for row in obj.columns}


def _column_problems(expected: SchemaObject, actual: SchemaObject) -> list[str]:
    table = shown(actual.name)
    wanted, found = _column_names(expected), _column_names(actual)
    problems = [
        f"has an unexpected column '{shown(c)}' in table '{table}'"
        for c in found
        if c not in wanted
    ]
    problems += [
        f"is missing the column '{shown(c)}' of table '{table}'" for c in wanted if c not in found
    ]
    for name in sorted(wanted.keys() & found.keys()):
        if wanted[name] != found[name]:
            _, _, declared, notnull, _, pk, _ = found[name]
            problems.append(
                f"has a changed column '{shown(name)}' in table '{table}' (declared "
                f"'{shown(declared)}', not null {notnull}, primary key {pk})"
            )
    if not problems and [r[1] for r in expected.columns] != [r[1] for r in actual.columns]:
        problems.append(f"has the columns of table '{table}' in another order")
    return problems


_ORDER = {"table": 0, "view": 1, "trigger": 2, "index": 3}


def _ordered(keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(keys, key=lambda k: (_ORDER.get(k[0], 4), k))


def compare(expected: Snapshot, actual: Snapshot) -> list[str]:
    """Each difference as a clause that follows "The vault …"; empty when they match."""
    problems: list[str] = []
    extra_tables = {key for kind, key in actual.keys() - expected.keys() if kind == "table"}
    missing_tables = {key for kind, key in expected.keys() - actual.keys() if kind == "table"}
    for key in _ordered(actual.keys() - expected.keys()):
        obj = actual[key]
        if obj.type == "index" and not obj.sql and _key(obj.table) in extra_tables:
            continue  # SQLite's own index of a table already named
        problems.append(
            f"contains an unexpected {shown(obj.type)} '{shown(obj.name)}'{_where(obj)}"
        )
    for key in _ordered(expected.keys() - actual.keys()):
        obj = expected[key]
        if obj.type == "index" and not obj.sql and _key(obj.table) in missing_tables:
            continue
        problems.append(f"is missing the {obj.type} '{shown(obj.name)}'{_where(obj)}")
    for key in _ordered(expected.keys() & actual.keys()):
        want, have = expected[key], actual[key]
        if want == have:
            continue
        detail = _column_problems(want, have) if want.type == "table" else []
        if detail:
            problems.extend(detail)
        else:
            problems.append(
                f"has a changed definition of the {have.type} '{shown(have.name)}'{_where(have)}"
            )
    return problems


# The snapshots of the released revisions, written by tools/pin_schema.py from the same
# derivation: the first open in a process then needs neither Alembic (about 100 ms to import)
# nor a migration run. A test checks every entry against a fresh derivation, so the file
# cannot drift from the migrations; a revision missing from it is derived at run time.
SHIPPED = Path(__file__).with_name("pinned_schemas.json")


@functools.cache
def expected_snapshot(revision: str) -> Snapshot:
    """The schema the migrations create for ``revision``: shipped, or derived once."""
    shipped = shipped_snapshots()
    if revision in shipped:
        return shipped[revision]
    return derive_snapshot(revision)


@functools.cache
def shipped_snapshots() -> dict[str, Snapshot]:
    try:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # not installed with the package: every revision is derived
    return {revision: snapshot_from_json(objects) for revision, objects in data.items()}


def derive_snapshot(revision: str) -> Snapshot:
    """Run the migrations up to ``revision`` on an empty in-memory database, and look."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from casenotes.core.store.schema import run_migrations

    raw = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    engine = create_engine("sqlite+pysqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        with engine.connect() as connection, connection.begin():
            run_migrations(connection, revision)
        return snapshot(raw)
    finally:
        engine.dispose()
        raw.close()


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def snapshot_to_json(objects: Snapshot) -> list[dict[str, Any]]:
    return [dataclasses.asdict(objects[key]) for key in sorted(objects)]


def snapshot_from_json(data: list[dict[str, Any]]) -> Snapshot:
    objects: Snapshot = {}
    for item in data:
        obj = SchemaObject(**{name: _tuples(value) for name, value in item.items()})
        objects[(obj.type, _key(obj.name))] = obj
    return objects


def schema_revision(connection: sqlite3.Connection) -> str | None:
    try:
        rows = connection.execute("SELECT version_num FROM main.alembic_version").fetchall()
    except sqlite3.OperationalError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def schema_problems(connection: sqlite3.Connection, revision: str | None = None) -> list[str]:
    """How the schema differs from its revision's; the revision is read when not given.

    A revision this version does not know has no pinned schema: whoever opens the vault
    refuses it on its own terms (a newer version of Casenotes wrote it)."""
    from casenotes.core.store.schema import KNOWN_REVISIONS

    actual = snapshot(connection)
    if revision is None:
        revision = schema_revision(connection)
    if revision not in KNOWN_REVISIONS:
        return [f"has no schema revision this version knows ('{shown(revision)}')"]
    return compare(expected_snapshot(revision), actual)


def require_pinned_schema(connection: sqlite3.Connection, revision: str | None = None) -> None:
    problems = schema_problems(connection, revision)
    if problems:
        raise SchemaMismatchError(problems)


def describe(problems: Iterable[str]) -> list[str]:
    """Problems as sentences, for verify's report."""
    return [f"The vault {p}." for p in problems]
