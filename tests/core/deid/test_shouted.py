"""Places in lines typed in capitals, by the shorthand around them."""

from __future__ import annotations

import pytest

from casenotes.core.deid.shouted import find_shouted_places


def _places(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_shouted_places(text)]


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("STREET-BASED, TOWN CENTRE + BRIDGE ST. KNOWN AS BEE.", "BRIDGE ST"),
        ("EX-PARTNER LIVES WILLOW BANK, NO CONTACT.", "WILLOW BANK"),
        ("LIVES HOLLOWAY. ESCORT WORK VIA AGENCY.", "HOLLOWAY"),
        ("ARRESTED APPLE CROSS AREA 0140 FOR LOITERING.", "APPLE CROSS"),
        ("CALLING FROM MOTEL NR LEMON HILL. SCARED.", "LEMON HILL"),
        ("STAYING @ HARBOUR LODGE TONIGHT, FEELS SAFE.", "HARBOUR LODGE"),
        ("WORKS FROM ROOMS ABOVE THE TIN KETTLE, CONSENT GIVEN.", "TIN KETTLE"),
        ("HER AUNT IN MOUNT CALDER WILL TAKE THE KIDS.", "MOUNT CALDER"),
        ("MOVED TO FORT BRANNOCK FOR HIS JOB.", "FORT BRANNOCK"),
    ],
)
def test_shorthand_places_a_name_in_capitals(line: str, place: str) -> None:
    assert place in _places(line)


@pytest.mark.parametrize(
    "line",
    [
        "LIVES WITH MUM. LIVES ALONE NOW. SEEN IN WAITING AREA TODAY.",
        "SAT NEAR THE DOOR ALL SESSION, QUIET.",
        "GP IS DR HALLORAN. DEAR DR PATEL, THANK YOU.",
        "TALKED ABOUT ST DAVID'S DAY AND HIS MUM.",
        "PARTNER WILL DRIVE HER HOME AFTER THE SESSION.",
        "SKILLS USED: OPPOSITE ACTION, TIPP (COLD WATER).",
        "WENT TO LAKE WITH THE KIDS ON SUNDAY, CALM DAY.",
    ],
)
def test_ordinary_shorthand_names_no_place(line: str) -> None:
    assert _places(line) == []


def test_lines_in_ordinary_case_are_left_to_the_other_layers() -> None:
    assert _places("She lives Holloway way, near the Tin Kettle.") == []
