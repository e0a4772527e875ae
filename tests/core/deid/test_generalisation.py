"""Forms met in notes written apart from the engine (dictated, letters, messages): each
rule here is general, tested on fictional text of its own."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Identifiers, deidentify


def redacted(text: str) -> str:
    return deidentify(text, Identifiers()).text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her hearing is june 4th so she wants a letter", "june 4th"),
        ("moved on the 3rd of september", "3rd of september"),
        ("Her grandmother turned 94 on Sunday.", "94"),
        ("We talked about his 91st birthday party.", "91st"),
        ("a regular who used the name 'Birch' on the site", "Birch"),
        ("an ex, Sefa Amoah ('Big S'), keeps texting", "Big S"),
        ("Thanks Hunter, speak soon", "Hunter"),
        ("Dear Grace,\nthank you for the referral", "Grace"),
        ("ORLA VANTERPOOL\nClinical lead", "VANTERPOOL"),
        ("lives just off 42nd Street", "42nd Street"),
        ("it began on my birthday last year", "my birthday last year"),
        ('she wrote back: "not tonight oksana"', "oksana"),
    ],
)
def test_these_are_redacted(text: str, gone: str) -> None:
    assert gone not in redacted(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure; I'd rather wait, and she'll say when.",
        "She rebooked twice and unsent a message; DMs are quieter.",
        "ASSESSMENT\nPLAN: continue BIRP notes; SOAP next time; PHQ-9 8.",
        "she may 4 times a week go to the gym",
        "Her mother is 64 and turned down the offer.",
        "She turned 30 out of nowhere, she joked.",
    ],
)
def test_these_are_left_alone(text: str) -> None:
    assert redacted(text) == text
