"""casenotes.core.vault.kdf_process: Argon2id in a helper process, started ahead, with the
same key as in this process, and a fallback when the helper cannot run."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from casenotes.core.vault import kdf, kdf_process
from casenotes.core.vault.kdf import (
    DEFAULT_KDF,
    KdfParams,
    KdfPolicy,
    argon2id_raw,
    derive_kek,
    normalise_passphrase,
)
from casenotes.core.vault.kdf_child import encode_request

PASSPHRASE = "Café Ünïcode tea-kettle 42"
SALT = bytes(range(0x10, 0x20))
CHEAP = KdfParams(memory_kib=64, iterations=1, lanes=1)
# tests/core/vault/test_kdf.py's known answer for these inputs
KAT_KEK_P = bytes.fromhex("cf1ca716a7e8e0bab4c14dc01fab1d452c9a2aec3b9d620b99adf2d5739a46b6")


@pytest.fixture(autouse=True)
def _no_helper_left() -> Iterator[None]:
    yield
    kdf_process.enable()
    kdf_process.discard()


@pytest.fixture
def every_size_in_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cheap test parameters go to the helper too."""
    monkeypatch.setattr(kdf, "HELPER_MIN_MEMORY_KIB", 0)


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command a helper is started with (and the keywords), recorded."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def recording(command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(command)
        # nothing handed over in the environment, and the command line's secrets left out
        assert not any(name.startswith("CASENOTES_") for name in kwargs["env"])
        return real(command, **kwargs)

    monkeypatch.setattr(kdf_process.subprocess, "Popen", recording)
    return started


def test_the_helper_derives_the_known_answer() -> None:
    secret = normalise_passphrase(PASSPHRASE)
    assert kdf_process.derive(secret, SALT, CHEAP) == KAT_KEK_P


@pytest.mark.parametrize(
    "params",
    [KdfParams(memory_kib=64, iterations=2, lanes=4), KdfParams(1024, 3, 2)],
    ids=["cheap-4-lanes", "1-MiB-2-lanes"],
)
def test_the_helper_gives_the_key_derived_here(params: KdfParams) -> None:
    secret = normalise_passphrase(PASSPHRASE)
    assert kdf_process.derive(secret, SALT, params) == argon2id_raw(secret, SALT, params)


def test_the_vaults_parameters_go_to_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    """derive_kek with the standard parameters asks the helper, and the key is the one
    derived in this process (every existing vault's slot was made that way)."""
    asked: list[KdfParams] = []
    real = kdf_process.derive

    def spy(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        asked.append(params)
        return real(secret, salt, params)

    monkeypatch.setattr(kdf_process, "derive", spy)
    kek = derive_kek(PASSPHRASE, SALT, DEFAULT_KDF)
    assert asked == [DEFAULT_KDF]
    assert kek == argon2id_raw(normalise_passphrase(PASSPHRASE), SALT, DEFAULT_KDF)


def test_the_test_policys_parameters_stay_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> bytes:
        raise AssertionError("the helper was asked")

    monkeypatch.setattr(kdf_process, "derive", refuse)
    assert derive_kek(PASSPHRASE, SALT, KdfPolicy.testing().create_params)
    assert kdf_process.wanted_by(KdfPolicy.standard())
    assert not kdf_process.wanted_by(KdfPolicy.testing())


def test_a_prestarted_helper_waits_and_is_used_once(commands: list[list[str]]) -> None:
    kdf_process.prestart()
    kdf_process.prestart()  # one is waiting already: no second one
    assert len(commands) == 1
    waiting = kdf_process._waiting
    assert waiting is not None and waiting.running()
    assert kdf_process.derive(normalise_passphrase(PASSPHRASE), SALT, CHEAP) == KAT_KEK_P
    assert len(commands) == 1  # the waiting helper answered
    assert waiting.process.returncode == 0  # and is gone
    assert kdf_process._waiting is None


def test_the_passphrase_is_never_on_the_command_line(
    commands: list[list[str]], every_size_in_helper: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASENOTES_PASSPHRASE", PASSPHRASE)  # the command line's way
    assert derive_kek(PASSPHRASE, SALT, CHEAP) == KAT_KEK_P
    assert len(commands) == 1
    command = " ".join(commands[0])
    assert "tea-kettle" not in command and SALT.hex() not in command
    assert commands[0][:3] == [sys.executable, "-I", "-S"]


def test_a_discarded_helper_ends_at_once() -> None:
    kdf_process.prestart()
    waiting = kdf_process._waiting
    assert waiting is not None
    kdf_process.discard()
    assert waiting.process.returncode is not None
    assert kdf_process._waiting is None


def test_a_helper_that_cannot_start_falls_back_here(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, every_size_in_helper: None
) -> None:
    monkeypatch.setattr(kdf_process.sys, "executable", "/nonexistent/python3")
    with caplog.at_level(logging.WARNING):
        assert derive_kek(PASSPHRASE, SALT, CHEAP) == KAT_KEK_P
    assert "could not be started" in caplog.text
    assert "deriving the key in this process instead" in caplog.text
    assert "tea-kettle" not in caplog.text


def test_a_helper_that_ends_without_a_key_falls_back_here(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, every_size_in_helper: None
) -> None:
    """A helper that cannot import (here: one that exits at once with status 3) is said to
    have ended without a key; the key is then derived here, the same."""
    monkeypatch.setattr(kdf_process, "BOOTSTRAP", "import sys; sys.exit(3)")
    with caplog.at_level(logging.WARNING):
        assert derive_kek(PASSPHRASE, SALT, CHEAP) == KAT_KEK_P
    assert "ended without a key (exit status 3)" in caplog.text
    assert "tea-kettle" not in caplog.text


def test_a_dead_waiting_helper_is_replaced(commands: list[list[str]]) -> None:
    kdf_process.prestart()
    waiting = kdf_process._waiting
    assert waiting is not None
    waiting.process.kill()
    waiting.process.wait()
    assert kdf_process.derive(normalise_passphrase(PASSPHRASE), SALT, CHEAP) == KAT_KEK_P
    assert len(commands) == 2
    waiting.close()


def test_disabled_means_in_this_process(
    commands: list[list[str]], every_size_in_helper: None
) -> None:
    kdf_process.disable()
    kdf_process.prestart()
    assert derive_kek(PASSPHRASE, SALT, CHEAP) == KAT_KEK_P
    assert commands == []


def test_the_helper_imports_from_this_processs_path(tmp_path: Any) -> None:
    """-I keeps the current folder off the helper's path: a module there named like one the
    helper imports is not picked up (the helper receives the passphrase)."""
    (tmp_path / "argon2").mkdir()
    (tmp_path / "argon2" / "__init__.py").write_text("raise SystemExit(9)\n")
    result = subprocess.run(
        [sys.executable, "-I", "-c", "import sys; print('' in sys.path or '.' in sys.path)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
    command = [entry for entry in kdf_process.helper_command() if entry not in ("", ".")]
    key = subprocess.run(
        command,
        cwd=tmp_path,
        input=bytes(encode_request(64, 1, 1, SALT, normalise_passphrase(PASSPHRASE))),
        capture_output=True,
        check=True,
    ).stdout
    assert key == b"\x00" + KAT_KEK_P
