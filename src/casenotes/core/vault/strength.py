"""Passphrase strength, judged by zxcvbn; the vault refuses anything scoring below 3."""

from __future__ import annotations

from dataclasses import dataclass

from casenotes.core.vault.errors import WeakPassphraseError

MINIMUM_SCORE = 3
# zxcvbn >= 4.5 raises ValueError for passwords longer than 72 characters (its max_length);
# its cost also grows with length, and beyond this the tail adds nothing to the score.
ASSESSED_LENGTH = 72


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0..4
    warning: str
    suggestions: tuple[str, ...]
    crack_time: str

    @property
    def acceptable(self) -> bool:
        return self.score >= MINIMUM_SCORE


def assess(passphrase: str) -> Strength:
    from zxcvbn import zxcvbn  # on first use: unlocking and searching never need it

    result = zxcvbn(passphrase[:ASSESSED_LENGTH]) if passphrase else None
    if result is None:
        return Strength(0, "Type a passphrase.", (), "instantly")
    feedback = result.get("feedback", {})
    times = result.get("crack_times_display", {})
    return Strength(
        score=int(result["score"]),
        warning=str(feedback.get("warning") or ""),
        suggestions=tuple(str(s) for s in feedback.get("suggestions") or ()),
        crack_time=str(times.get("offline_slow_hashing_1e4_per_second", "")),
    )


def require_strong(passphrase: str) -> None:
    strength = assess(passphrase)
    if strength.acceptable:
        return
    reasons = " ".join(part for part in (strength.warning, *strength.suggestions) if part)
    raise WeakPassphraseError(
        f"That passphrase is too easy to guess (strength {strength.score} of 4; "
        f"at least {MINIMUM_SCORE} is needed). {reasons}".strip()
    )
