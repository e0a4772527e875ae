"""casenotes.core.vault.strength: zxcvbn's judgement and the refusal of weak passphrases."""

from __future__ import annotations

import pytest

from casenotes.core.vault.errors import WeakPassphraseError
from casenotes.core.vault.strength import MINIMUM_SCORE, Strength, assess, require_strong

STRONG = [
    "vT9#qL2m!xR8wZ4p kettle orbit",
    "Café Ünïcode tea-kettle 42",
    "lantern quietly ochre submarine 7 thimbles",
]


@pytest.mark.parametrize("weak", ["password1", "casenotes", "123456", "qwertyuiop", "aaaaaaaa"])
def test_weak_passphrases_are_refused_with_a_reason(weak: str) -> None:
    with pytest.raises(WeakPassphraseError) as info:
        require_strong(weak)
    message = str(info.value)
    assert "too easy to guess" in message
    assert f"at least {MINIMUM_SCORE} is needed" in message
    strength = assess(weak)
    reasons = [r for r in (strength.warning, *strength.suggestions) if r]
    assert reasons, "zxcvbn gave no reason"
    assert all(reason in message for reason in reasons)
    assert weak not in message  # never echo the passphrase


def test_a_very_common_password_is_named_as_such() -> None:
    with pytest.raises(WeakPassphraseError, match="common password"):
        require_strong("password1")


def test_the_empty_passphrase() -> None:
    strength = assess("")
    assert strength.score == 0
    assert not strength.acceptable
    assert strength.warning == "Type a passphrase."
    with pytest.raises(WeakPassphraseError, match="Type a passphrase"):
        require_strong("")


@pytest.mark.parametrize("strong", STRONG)
def test_long_random_looking_passphrases_are_accepted(strong: str) -> None:
    strength = assess(strong)
    assert strength.acceptable
    assert strength.score >= MINIMUM_SCORE
    require_strong(strong)


@pytest.mark.parametrize("length", [71, 72, 73, 100, 101, 12000])
def test_long_passphrases_are_assessed(length: int) -> None:
    """zxcvbn refuses input over 72 characters (ValueError), so only the first 72 are judged;
    a long or pasted passphrase must neither crash the meter nor stall it."""
    long = ("vT9#qL2m!xR8wZ4p kettle orbit " * 500)[:length]
    assert len(long) == length
    assert assess(long).acceptable
    require_strong(long)


def test_strength_fields() -> None:
    strength = assess("password1")
    assert 0 <= strength.score <= 4
    assert isinstance(strength.warning, str)
    assert isinstance(strength.suggestions, tuple)
    assert strength.crack_time


@pytest.mark.parametrize(("score", "acceptable"), [(0, False), (2, False), (3, True), (4, True)])
def test_acceptable_threshold(score: int, acceptable: bool) -> None:
    assert MINIMUM_SCORE == 3
    assert Strength(score, "", (), "").acceptable is acceptable
