"""casenotes.cli.commands: init, import, export-json, search, verify, passwd and demo, each run
through ``main`` against vaults in tmp_path."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casenotes.cli.commands import fresh_ids, renumber
from casenotes.core.vault.recovery import parse_recovery_key

from .support import (
    CLIENT_NAME,
    NEW_PASSPHRASE,
    NOTE_MARKER,
    PASSPHRASE,
    RECOVERY_KEY_RE,
    SAMPLE_CASES,
    SAMPLE_NOTES,
    WEAK_PASSPHRASE,
    NewVault,
    Run,
    assert_no_client_data,
    assert_one_error_line,
    counts,
    file_digest,
    sample_document,
    search,
)

WriteJson = Callable[..., Path]


def export(run: Run, vault: Path, target: Path) -> dict[str, Any]:
    result = run("export-json", "-o", target, "--vault", vault)
    assert result.code == 0, result
    document: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return document


def codes(document: dict[str, Any]) -> list[str]:
    return [case["code"] for case in document["cases"]]


# --- init -----------------------------------------------------------------------------------


def test_init_creates_a_private_vault_and_shows_the_recovery_key_once(
    new_vault: NewVault,
) -> None:
    out = new_vault.init.out
    assert new_vault.path.is_file()
    assert stat.S_IMODE(new_vault.path.stat().st_mode) == 0o600
    assert str(new_vault.path) in out
    assert len(RECOVERY_KEY_RE.findall(out)) == 1
    assert len(parse_recovery_key(new_vault.recovery_key)) == 32
    # The plain warning: it is the only way back if the passphrase is forgotten.
    flat = " ".join(out.split())
    assert "ONLY way back" in flat
    assert "forget your passphrase" in flat
    assert "shown this once" in flat
    assert new_vault.init.err == ""
    assert counts(new_vault.path) == (0, 0)


def test_init_refuses_a_weak_passphrase_and_says_why(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASENOTES_PASSPHRASE", WEAK_PASSPHRASE)
    result = run("init", "--vault", vault_path)
    line = assert_one_error_line(result)
    assert "too easy to guess" in line
    assert "at least 3" in line
    assert result.out == ""
    assert list(vault_path.parent.glob(f"{vault_path.name}*")) == []


@pytest.mark.parametrize("weak", ["", "qwertyuiop", "Summer2024!"])
def test_init_refuses_other_weak_passphrases(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch, weak: str
) -> None:
    monkeypatch.setenv("CASENOTES_PASSPHRASE", weak)
    assert_one_error_line(run("init", "--vault", vault_path))
    assert not vault_path.exists()


def test_init_refuses_an_existing_vault(run: Run, new_vault: NewVault) -> None:
    before = file_digest(new_vault.path)
    result = run("init", "--vault", new_vault.path)
    line = assert_one_error_line(result)
    assert "already" in line
    assert not RECOVERY_KEY_RE.search(result.out + result.err)
    assert file_digest(new_vault.path) == before
    assert run("verify", "--vault", new_vault.path).code == 0


def test_init_refuses_any_existing_file(run: Run, passphrase: str, tmp_path: Path) -> None:
    other = tmp_path / "thesis.docx"
    other.write_bytes(b"precious bytes")
    assert_one_error_line(run("init", "--vault", other))
    assert other.read_bytes() == b"precious bytes"


def test_init_makes_a_missing_folder_private(run: Run, passphrase: str, tmp_path: Path) -> None:
    vault = tmp_path / "new" / "folder" / "casenotes.vault"
    assert run("init", "--vault", vault).code == 0
    assert stat.S_IMODE(vault.parent.stat().st_mode) == 0o700


def test_init_with_a_passphrase_file(run: Run, vault_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert run("init", "--passphrase-file", secret, "--vault", vault_path).code == 0
    assert counts(vault_path) == (0, 0)


# --- import ---------------------------------------------------------------------------------


def test_import_adds_every_case_and_note(
    run: Run, new_vault: NewVault, write_json: WriteJson
) -> None:
    result = run("import", write_json(sample_document()), "--vault", new_vault.path)
    assert result.code == 0, result
    assert result.out == f"Imported {SAMPLE_CASES} cases with {SAMPLE_NOTES} notes.\n"
    assert counts(new_vault.path) == (SAMPLE_CASES, SAMPLE_NOTES)


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    """Set a value at a dotted path like ``cases.0.notes.0.session_date``."""
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (
            "cases.0.notes.0.session_date",
            "01/03/2024",
            "cases[0].notes[0].session_date: not an ISO date",
        ),
        (
            "cases.0.notes.0.session_date",
            CLIENT_NAME,
            "cases[0].notes[0].session_date: not an ISO date",
        ),
        ("cases.1.client_types.0", "victim", "cases[1].client_types[0]"),
        ("cases.1.notes.0.template", "essay", "cases[1].notes[0].template"),
        ("cases.0.notes.1.duration_minutes", -5, "cases[0].notes[1].duration_minutes"),
        ("cases.0.notes.0.sections.body", NOTE_MARKER, "cases[0].notes[0].sections"),
        ("cases.0.goals.0.status", "done", "cases[0].goals[0].status"),
        ("cases.1.code", "C-101", "cases[1].code"),
        ("cases.0.nickname", CLIENT_NAME, "cases[0]"),
        ("format", "jrnl", "format"),
        ("version", 2, "version"),
    ],
)
def test_import_validates_the_whole_file_first_and_writes_nothing(
    run: Run,
    filled_vault: NewVault,
    write_json: WriteJson,
    where: str,
    value: Any,
    expected: str,
) -> None:
    document = sample_document()
    for case in document["cases"]:  # codes free in the vault: only the error can refuse it
        case["code"] = case["code"].replace("C-1", "C-2")
    if where == "cases.1.code":
        value = "C-201"
    _set(document, where, value)
    before = file_digest(filled_vault.path)
    result = run("import", write_json(document), "--vault", filled_vault.path)
    line = assert_one_error_line(result)
    assert line.startswith(f"casenotes: {expected}"), line
    assert result.out == ""
    assert_no_client_data(result.err)
    assert file_digest(filled_vault.path) == before
    assert counts(filled_vault.path) == (SAMPLE_CASES, SAMPLE_NOTES)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file: empty"),
        (b'{"format": "casenotes",', "file: not valid JSON"),
        (b"\xff\xfe{}", "file: not valid UTF-8"),
        (b"[1, 2, 3]", "file: expected a JSON object"),
        (f"{CLIENT_NAME}\n{NOTE_MARKER}".encode(), "file: not valid JSON"),
    ],
)
def test_import_refuses_a_file_that_is_not_interchange_json(
    run: Run, filled_vault: NewVault, write_json: WriteJson, content: bytes, expected: str
) -> None:
    before = file_digest(filled_vault.path)
    result = run("import", write_json(content), "--vault", filled_vault.path)
    line = assert_one_error_line(result)
    assert line.startswith(f"casenotes: {expected}"), line
    assert_no_client_data(result.err)
    assert file_digest(filled_vault.path) == before


def test_a_late_error_keeps_the_valid_cases_before_it_out_too(
    run: Run, new_vault: NewVault, write_json: WriteJson
) -> None:
    document = sample_document()
    document["cases"][1]["notes"][0]["updated_at"] = "yesterday"
    before = file_digest(new_vault.path)
    line = assert_one_error_line(run("import", write_json(document), "--vault", new_vault.path))
    assert "cases[1].notes[0].updated_at" in line
    assert file_digest(new_vault.path) == before
    assert counts(new_vault.path) == (0, 0)


def test_import_refuses_a_code_already_in_the_vault(
    run: Run, filled_vault: NewVault, write_json: WriteJson
) -> None:
    document = sample_document()
    document["cases"][0]["code"] = "C-300"  # only the second case clashes
    result = run("import", write_json(document), "--vault", filled_vault.path)
    line = assert_one_error_line(result)
    assert "cases[1].code" in line
    assert "nothing was imported" in line
    assert counts(filled_vault.path) == (SAMPLE_CASES, SAMPLE_NOTES)


def test_import_checks_the_file_before_the_vault(
    run: Run, passphrase: str, tmp_path: Path, write_json: WriteJson
) -> None:
    bad = write_json({"format": "casenotes", "version": 1, "cases": "none"})
    line = assert_one_error_line(run("import", bad, "--vault", tmp_path / "none.vault"))
    assert line.startswith("casenotes: cases:")


def test_import_into_a_missing_vault_or_with_a_wrong_passphrase(
    run: Run,
    new_vault: NewVault,
    write_json: WriteJson,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = write_json(sample_document())
    assert_one_error_line(run("import", good, "--vault", tmp_path / "none.vault"))
    assert not (tmp_path / "none.vault").exists()
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)
    before = file_digest(new_vault.path)
    assert_one_error_line(run("import", good, "--vault", new_vault.path))
    assert file_digest(new_vault.path) == before


def test_import_of_a_missing_file(run: Run, new_vault: NewVault, tmp_path: Path) -> None:
    line = assert_one_error_line(run("import", tmp_path / "gone.json", "--vault", new_vault.path))
    assert "gone.json" in line


# --- export-json ----------------------------------------------------------------------------


def test_export_warns_and_writes_a_private_file(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    target = tmp_path / "export.json"
    result = run("export-json", "-o", target, "--vault", filled_vault.path)
    assert result.code == 0, result
    assert "NOT encrypted" in result.err
    assert str(target) in result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "casenotes"
    assert document["version"] == 1
    assert codes(document) == ["C-101", "C-102"]
    assert CLIENT_NAME in target.read_text(encoding="utf-8")  # plaintext, as warned
    assert NOTE_MARKER not in result.out + result.err


def test_export_replaces_an_existing_file_and_keeps_it_private(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    export(run, filled_vault.path, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") != "old"


def test_export_then_import_into_a_fresh_vault_is_lossless(
    run: Run, filled_vault: NewVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A demo adds what the hand-made sample lacks: signed notes, addenda, revisions, history.
    assert (
        run(
            "demo",
            "--cases",
            "4",
            "--notes",
            "16",
            "--seed",
            "3",
            "--into-existing",
            "--vault",
            filled_vault.path,
        ).code
        == 0
    )
    first = tmp_path / "first.json"
    export(run, filled_vault.path, first)

    fresh = tmp_path / "fresh.vault"
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)  # another vault, another key
    assert run("init", "--vault", fresh).code == 0
    result = run("import", first, "--vault", fresh)
    assert result.code == 0, result
    second = tmp_path / "second.json"
    export(run, fresh, second)

    assert second.read_bytes() == first.read_bytes()
    assert counts(fresh, NEW_PASSPHRASE) == counts(filled_vault.path)


def test_export_of_an_empty_vault(run: Run, new_vault: NewVault, tmp_path: Path) -> None:
    document = export(run, new_vault.path, tmp_path / "empty.json")
    assert document["cases"] == []


def test_export_into_a_missing_folder(run: Run, filled_vault: NewVault, tmp_path: Path) -> None:
    result = run("export-json", "-o", tmp_path / "nowhere" / "x.json", "--vault", filled_vault.path)
    assert_one_error_line(result)
    assert "NOT encrypted" not in result.err
    assert not (tmp_path / "nowhere").exists()


def test_export_leaves_no_plaintext_behind_when_the_log_cannot_be_written(
    run: Run, filled_vault: NewVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from casenotes.core.journal import Journal

    def full_disk(self: Journal, entry: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Journal, "log_export", full_disk)
    target = tmp_path / "export.json"
    result = run("export-json", "-o", target, "--vault", filled_vault.path)
    assert result.code == 1
    assert "NOT encrypted" not in result.err
    assert not target.exists()
    assert list(tmp_path.glob(".export.json.*")) == []  # no temp file either
    assert_no_client_data(result.out + result.err)


# --- search ---------------------------------------------------------------------------------


def test_search_prints_code_date_and_snippet(run: Run, filled_vault: NewVault) -> None:
    result = search(run, "screening", "--vault", filled_vault.path)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("C-101  2024-03-01  ")
    assert "[screening]" in lines[0].lower()


def test_search_json_has_exactly_the_documented_keys(run: Run, filled_vault: NewVault) -> None:
    result = search(run, "week", "--json", "--vault", filled_vault.path)
    assert result.code == 0, result
    hits = json.loads(result.out)
    assert isinstance(hits, list)
    assert len(hits) == 2
    for hit in hits:
        assert set(hit) == {"case_code", "note_id", "session_date", "snippet", "in_process_notes"}
        assert hit["in_process_notes"] is False
        assert hit["case_code"] == "C-101"
        assert len(hit["note_id"]) == 36
        assert "week" in hit["snippet"].lower()
        assert "[" not in hit["snippet"]  # no highlight marks in JSON
    assert sorted(h["session_date"] for h in hits) == ["2024-03-01", "2024-03-08"]


def test_search_limit(run: Run, filled_vault: NewVault) -> None:
    result = search(run, "week", "--json", "--limit", "1", "--vault", filled_vault.path)
    assert len(json.loads(result.out)) == 1


def test_search_without_results(run: Run, filled_vault: NewVault) -> None:
    result = search(run, "zeppelin", "--vault", filled_vault.path)
    assert result.code == 0
    assert result.out == ""
    assert "No notes match" in result.err
    result = search(run, "zeppelin", "--json", "--vault", filled_vault.path)
    assert result.code == 0
    assert json.loads(result.out) == []


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "a:b", "-", "((", "'"])
def test_search_with_query_syntax_characters_does_not_fail(
    run: Run, filled_vault: NewVault, query: str
) -> None:
    result = search(run, query, "--json", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert isinstance(json.loads(result.out), list)


def test_search_refuses_a_query_on_the_command_line(run: Run, filled_vault: NewVault) -> None:
    # argv is world-readable (/proc/PID/cmdline, ps): a query may name a client.
    result = run("search", CLIENT_NAME, "--vault", filled_vault.path)
    line = assert_one_error_line(result, code=2)
    assert "not taken from the command line" in line
    assert "--query-file" in line
    assert_no_client_data(result.out + result.err)


def test_search_reads_the_query_from_a_file(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    query = tmp_path / "query.txt"
    query.write_text("screening\nignored second line\n", encoding="utf-8")
    result = run("search", "--query-file", query, "--vault", filled_vault.path)
    assert result.code == 0, result
    assert "[screening]" in result.out.lower()


def test_search_asks_for_the_query_at_a_terminal(
    run: Run, filled_vault: NewVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("screening\n"))
    result = run("search", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert result.err.startswith("Search for: ")
    assert "[screening]" in result.out.lower()


def test_search_without_a_query(run: Run, filled_vault: NewVault) -> None:
    line = assert_one_error_line(search(run, "   ", "--vault", filled_vault.path), code=2)
    assert "no search query given" in line


# --- verify ---------------------------------------------------------------------------------


def test_verify_an_intact_vault(run: Run, filled_vault: NewVault) -> None:
    result = run("verify", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert result.out.startswith("Vault intact: ")
    assert "records checked" in result.out
    assert result.err == ""


def flip_a_byte(vault: Path, table: str, column: str) -> str:
    """Damage one envelope with raw sqlite3, as an editor of the file could; return the row id."""
    connection = sqlite3.connect(vault)
    try:
        row_id, blob = connection.execute(
            f"SELECT id, {column} FROM {table} ORDER BY id LIMIT 1"
        ).fetchone()
        damaged = bytearray(blob)
        damaged[20] ^= 0x01  # inside the ciphertext, after the version byte and the nonce
        with connection:
            connection.execute(
                f"UPDATE {table} SET {column} = ? WHERE id = ?", (bytes(damaged), row_id)
            )
    finally:
        connection.close()
    return str(row_id)


@pytest.mark.parametrize(
    ("table", "column"),
    [("notes", "sections_enc"), ("cases", "profile_enc"), ("goals", "goal_enc")],
)
def test_verify_reports_a_damaged_record_by_table_and_id(
    run: Run, filled_vault: NewVault, table: str, column: str
) -> None:
    row_id = flip_a_byte(filled_vault.path, table, column)
    result = run("verify", "--vault", filled_vault.path)
    assert result.code == 1, result
    damaged = [line for line in result.out.splitlines() if row_id in line]
    assert damaged == [f"{table} {row_id}: {column} failed authentication"]
    line = assert_one_error_line(result)
    assert "1 damaged record" in line
    assert_no_client_data(result.out + result.err)


def test_the_rest_of_a_damaged_vault_stays_usable(run: Run, filled_vault: NewVault) -> None:
    flip_a_byte(filled_vault.path, "notes", "sections_enc")
    result = search(run, "week", "--json", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert 1 <= len(json.loads(result.out)) <= 2


def test_export_of_a_damaged_vault_says_what_is_missing(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    flip_a_byte(filled_vault.path, "notes", "sections_enc")
    target = tmp_path / "rescue.json"
    result = run("export-json", "-o", target, "--vault", filled_vault.path)
    assert result.code == 1, result
    problems = [line for line in result.err_lines if line.startswith("casenotes: ")]
    assert len(problems) == 1
    assert "1 damaged record" in problems[0]
    assert "verify" in problems[0]
    document = json.loads(target.read_text(encoding="utf-8"))  # the rest is still exported
    assert sum(len(c["notes"]) for c in document["cases"]) == SAMPLE_NOTES - 1
    assert_no_client_data(result.err)


# --- passwd ---------------------------------------------------------------------------------


def test_passwd_changes_the_passphrase(
    run: Run, filled_vault: NewVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", NEW_PASSPHRASE)
    result = run("passwd", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert "changed" in result.out
    # The old passphrase fails, the new one works, and nothing was lost.
    line = assert_one_error_line(run("verify", "--vault", filled_vault.path))
    assert "passphrase" in line
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)
    assert run("verify", "--vault", filled_vault.path).code == 0
    assert counts(filled_vault.path, NEW_PASSPHRASE) == (SAMPLE_CASES, SAMPLE_NOTES)


def test_passwd_refuses_a_weak_new_passphrase(
    run: Run, filled_vault: NewVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", WEAK_PASSPHRASE)
    before = file_digest(filled_vault.path)
    line = assert_one_error_line(run("passwd", "--vault", filled_vault.path))
    assert "too easy to guess" in line
    assert file_digest(filled_vault.path) == before
    assert run("verify", "--vault", filled_vault.path).code == 0


@pytest.mark.parametrize("spelling", ["as shown", "lower case, no dashes", "spaced"])
def test_passwd_with_the_recovery_key_resets_a_forgotten_passphrase(
    run: Run, filled_vault: NewVault, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    key = filled_vault.recovery_key
    if spelling == "lower case, no dashes":
        key = key.replace("-", "").lower()
    elif spelling == "spaced":
        key = key.replace("-", " ")
    monkeypatch.delenv("CASENOTES_PASSPHRASE")  # forgotten
    monkeypatch.setenv("CASENOTES_RECOVERY_KEY", key)
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", NEW_PASSPHRASE)
    result = run("passwd", "--recovery-key", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert "reset" in result.out
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)
    assert run("verify", "--vault", filled_vault.path).code == 0
    monkeypatch.setenv("CASENOTES_PASSPHRASE", PASSPHRASE)
    assert run("verify", "--vault", filled_vault.path).code == 1
    assert counts(filled_vault.path, NEW_PASSPHRASE) == (SAMPLE_CASES, SAMPLE_NOTES)


def test_the_recovery_key_keeps_working_after_a_reset(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key_file = tmp_path / "key.txt"
    key_file.write_text(new_vault.recovery_key + "\n", encoding="utf-8")
    for new in (NEW_PASSPHRASE, PASSPHRASE):
        monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", new)
        result = run(
            "passwd", "--recovery-key", "--recovery-key-file", key_file, "--vault", new_vault.path
        )
        assert result.code == 0, result


def test_a_recovery_key_file_implies_recovery(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CASENOTES_PASSPHRASE")  # forgotten: must not be asked for
    key_file = tmp_path / "key.txt"
    key_file.write_text(new_vault.recovery_key, encoding="utf-8")
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", NEW_PASSPHRASE)
    result = run("passwd", "--recovery-key-file", key_file, "--vault", new_vault.path)
    assert result.code == 0, result
    assert counts(new_vault.path, NEW_PASSPHRASE) == (0, 0)


def _mistyped(key: str) -> str:
    """The key with one character changed: the checksum no longer matches."""
    position = 7
    replacement = "A" if key[position] != "A" else "B"
    return key[:position] + replacement + key[position + 1 :]


@pytest.mark.parametrize(
    ("make_key", "expected"),
    [
        (_mistyped, "does not check out"),
        (lambda key: key[:-6], "wrong length"),
        (lambda key: key.replace(key[0], "1", 1), "cannot have"),
    ],
)
def test_a_bad_recovery_key_is_refused_in_one_line(
    run: Run,
    filled_vault: NewVault,
    monkeypatch: pytest.MonkeyPatch,
    make_key: Callable[[str], str],
    expected: str,
) -> None:
    monkeypatch.setenv("CASENOTES_RECOVERY_KEY", make_key(filled_vault.recovery_key))
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", NEW_PASSPHRASE)
    before = file_digest(filled_vault.path)
    result = run("passwd", "--recovery-key", "--vault", filled_vault.path)
    line = assert_one_error_line(result)
    assert "recovery key" in line
    assert expected in line
    assert file_digest(filled_vault.path) == before
    assert run("verify", "--vault", filled_vault.path).code == 0


def test_another_vaults_recovery_key_is_refused(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = run("init", "--vault", tmp_path / "other.vault")
    other_key = RECOVERY_KEY_RE.findall(other.out)[0]
    monkeypatch.setenv("CASENOTES_RECOVERY_KEY", other_key)
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", NEW_PASSPHRASE)
    line = assert_one_error_line(run("passwd", "--recovery-key", "--vault", new_vault.path))
    assert "recovery key" in line.lower()


# --- demo -----------------------------------------------------------------------------------


def test_demo_creates_a_vault_and_shows_its_recovery_key(
    run: Run, vault_path: Path, passphrase: str
) -> None:
    result = run("demo", "--cases", "3", "--notes", "9", "--seed", "4", "--vault", vault_path)
    assert result.code == 0, result
    keys = RECOVERY_KEY_RE.findall(result.out)
    assert len(keys) == 1
    assert "ONLY way back" in result.out
    assert "Added 3 fictional demo cases with 9 notes (seed 4)." in result.out
    assert counts(vault_path) == (3, 9)
    assert run("verify", "--vault", vault_path).code == 0


def test_demo_refuses_a_weak_passphrase_for_a_new_vault(
    run: Run, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASENOTES_PASSPHRASE", WEAK_PASSPHRASE)
    assert_one_error_line(run("demo", "--cases", "1", "--notes", "1", "--vault", vault_path))
    assert not vault_path.exists()


def test_demo_fills_an_existing_vault(run: Run, new_vault: NewVault) -> None:
    result = run("demo", "--cases", "2", "--notes", "5", "--vault", new_vault.path)
    assert result.code == 0, result
    assert not RECOVERY_KEY_RE.search(result.out)
    assert counts(new_vault.path) == (2, 5)


def test_demo_is_reproducible_for_a_seed(run: Run, passphrase: str, tmp_path: Path) -> None:
    exports = []
    for name, seed in (("a", "11"), ("b", "11"), ("c", "12")):
        vault = tmp_path / f"{name}.vault"
        assert (
            run("demo", "--cases", "3", "--notes", "10", "--seed", seed, "--vault", vault).code == 0
        )
        export(run, vault, tmp_path / f"{name}.json")
        exports.append((tmp_path / f"{name}.json").read_bytes())
    assert exports[0] == exports[1]
    assert exports[0] != exports[2]


def test_a_second_demo_run_renumbers_instead_of_clashing(
    run: Run, new_vault: NewVault, tmp_path: Path
) -> None:
    argv = ("demo", "--cases", "3", "--notes", "7", "--seed", "5", "--vault", new_vault.path)
    assert run(*argv).code == 0
    first = export(run, new_vault.path, tmp_path / "first.json")
    result = run(*argv)  # the same seed again: the same records, ids included
    assert result.code == 0, result
    assert counts(new_vault.path) == (6, 14)
    both = export(run, new_vault.path, tmp_path / "both.json")
    assert codes(both) == ["C-001", "C-002", "C-003", "C-004", "C-005", "C-006"]
    # The first run's cases are untouched; the second run's are the same cases, renumbered.
    assert both["cases"][:3] == first["cases"]
    assert both["cases"][3:] == [
        {**case, "code": f"C-{i:03d}"} for i, case in enumerate(first["cases"], start=4)
    ]
    assert run("verify", "--vault", new_vault.path).code == 0


def test_demo_continues_the_vaults_own_numbering(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    assert (
        run(
            "demo", "--cases", "2", "--notes", "2", "--into-existing", "--vault", filled_vault.path
        ).code
        == 0
    )
    document = export(run, filled_vault.path, tmp_path / "all.json")
    assert codes(document) == ["C-101", "C-102", "C-103", "C-104"]


def test_demo_refuses_a_vault_with_cases_it_did_not_make(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    before = export(run, filled_vault.path, tmp_path / "before.json")
    line = assert_one_error_line(
        run("demo", "--cases", "2", "--notes", "2", "--vault", filled_vault.path)
    )
    assert "--into-existing" in line
    assert export(run, filled_vault.path, tmp_path / "after.json") == before


def test_demo_cases_carry_a_demo_tag(run: Run, new_vault: NewVault, tmp_path: Path) -> None:
    assert run("demo", "--cases", "3", "--notes", "3", "--vault", new_vault.path).code == 0
    document = export(run, new_vault.path, tmp_path / "demo.json")
    assert all("demo" in case["tags"] for case in document["cases"])


def test_demo_needs_a_case_for_its_notes(run: Run, vault_path: Path, passphrase: str) -> None:
    line = assert_one_error_line(run("demo", "--cases", "0", "--notes", "3", "--vault", vault_path))
    assert "at least one case" in line
    assert not vault_path.exists()


def test_demo_with_nothing_to_add(run: Run, new_vault: NewVault) -> None:
    result = run("demo", "--cases", "0", "--notes", "0", "--vault", new_vault.path)
    assert result.code == 0, result
    assert counts(new_vault.path) == (0, 0)


def test_fresh_ids_rewires_every_reference() -> None:
    from casenotes.core.demo import generate_demo

    bundles = generate_demo(cases=3, notes=20, seed=2)
    again = fresh_ids(bundles)
    old_ids = _all_ids(bundles)
    new_ids = _all_ids(again)
    assert len(new_ids) == len(old_ids)
    assert not old_ids & new_ids
    for bundle in again:
        goal_ids = {g.id for g in bundle.goals}
        note_ids = {n.id for n in bundle.notes}
        assert all(g.case_id == bundle.case.id for g in bundle.goals)
        for note in bundle.notes:
            assert note.case_id == bundle.case.id
            assert set(note.goal_ids) <= goal_ids
            assert all(a.note_id == note.id for a in note.addenda)
        assert set(bundle.revisions) <= note_ids
        for note_id, revisions in bundle.revisions.items():
            assert all(r.note_id == note_id for r in revisions)
    # The generator's own output is left as it was.
    assert _all_ids(bundles) == old_ids


def _all_ids(bundles: list[Any]) -> set[str]:
    ids: set[str] = set()
    for bundle in bundles:
        ids.add(bundle.case.id)
        ids.update(g.id for g in bundle.goals)
        for note in bundle.notes:
            ids.add(note.id)
            ids.update(a.id for a in note.addenda)
        for revisions in bundle.revisions.values():
            ids.update(r.id for r in revisions)
    return ids


def test_renumber_continues_after_the_highest_code() -> None:
    from casenotes.core.demo import generate_demo

    bundles = generate_demo(cases=2, notes=0, seed=1)
    renumbered = renumber(bundles, {"C-007", "C-010", "intake-3", "C-x"})
    assert [b.case.code for b in renumbered] == ["C-011", "C-012"]
    assert [b.case.code for b in bundles] == ["C-001", "C-002"]


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_refuses_to_overwrite_the_vault(
    run: Run, filled_vault: NewVault, suffix: str
) -> None:
    before = file_digest(filled_vault.path)
    target = Path(f"{filled_vault.path}{suffix}")
    line = assert_one_error_line(run("export-json", "-o", target, "--vault", filled_vault.path))
    assert "the vault itself" in line
    assert file_digest(filled_vault.path) == before
    assert counts(filled_vault.path) == (SAMPLE_CASES, SAMPLE_NOTES)


def test_export_refuses_the_vault_through_a_symlink(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(filled_vault.path)
    assert_one_error_line(run("export-json", "-o", link, "--vault", filled_vault.path))
    assert counts(filled_vault.path) == (SAMPLE_CASES, SAMPLE_NOTES)
