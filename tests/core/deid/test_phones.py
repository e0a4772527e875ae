"""Phone numbers as people write them at home, with or without the practitioner's region."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers
from casenotes.core.deid.region import effective_region, is_region, system_region

# National formats, no country code; fictional or reserved ranges where a country has them.
NUMBERS = [
    ("GB", "01632 960 417"),
    ("GB", "07700 900 562"),
    ("GB", "020 7946 0413"),
    ("IE", "01 555 0172"),
    ("IE", "085 555 0193"),
    ("AU", "(02) 5550 1234"),
    ("AU", "0491 570 006"),
    ("NZ", "021 555 0199"),
    ("DE", "030 9876 5432"),
    ("DE", "0151 2345 6789"),
    ("FR", "06 12 34 56 78"),
    ("ES", "612 34 56 78"),
    ("IT", "347 123 4567"),
    ("NL", "06-12345678"),
    ("BR", "(21) 98765-4321"),
    ("MX", "55 1234 5678"),
    ("IN", "98765 43210"),
    ("ZA", "082 555 0123"),
    ("NG", "0803 555 0147"),
    ("US", "(212) 555-0143"),
    ("CA", "604-555-0177"),
]


@pytest.mark.parametrize("region", [True, False])
@pytest.mark.parametrize("country, number", NUMBERS)
def test_national_formats_are_caught(country: str, number: str, region: bool) -> None:
    text = f"Her work phone is {number} and she texts from it."
    engine = Deidentifier(Identifiers(), region=country if region else None)
    result = engine.redact(text)
    digits = [c for c in number if c.isdigit()]
    assert "[Phone]" in result.text
    assert "".join(digits[-4:]) not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "PHQ-9 = 14, GAD-7 = 11; session 6 of 12, 50 minutes.",
        "Between 2019-2021 she worked weekends.",
        "SSN on file, ZIP 94110-2201.",
    ],
)
def test_clinical_and_other_numbers_are_not_phones(text: str) -> None:
    kinds = [s.kind for s in Deidentifier(Identifiers(), region="GB").find(text)]
    assert "phone" not in kinds


def test_region_follows_the_setting_then_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    assert is_region("ie") and not is_region("XX")
    assert effective_region("au") == "AU"
    monkeypatch.setattr("locale.getlocale", lambda *a: ("en_NZ", "UTF-8"))
    assert system_region() == "NZ"
    assert effective_region("") == "NZ"
    assert effective_region("not a code") == "NZ"


def test_a_number_read_aloud_is_a_phone_and_a_count_is_not() -> None:
    engine = Deidentifier(Identifiers())
    spoken = "ring her on zero seven seven double zero nine zero zero one two three tonight"
    assert "[Phone]" in engine.redact(spoken).text
    assert "[Phone]" not in engine.redact("she had one or two drinks, maybe three").text


def test_a_phone_ends_at_the_full_stop_before_an_address() -> None:
    text = "Phone 0131 496 0446. 16 Canaan Lane is the flat."
    engine = Deidentifier(Identifiers(places=["16 Canaan Lane"]))
    spans = {s.text: s.kind for s in engine.find(text)}
    assert spans.get("0131 496 0446") == "phone"
