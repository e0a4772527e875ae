"""Layer 2, dates: every common form, relative dates, holidays, and session labels."""

from __future__ import annotations

from datetime import date

import pytest

from casenotes.core.deid import Deidentifier, Identifiers
from casenotes.core.deid.dates import find_dates, find_shouted_dates
from casenotes.core.deid.spans import resolve_overlaps


def dates_in(text: str) -> list[str]:
    return [text[f.start : f.end] for f in resolve_overlaps(find_dates(text))]


@pytest.mark.parametrize(
    "text, found",
    [
        ("after a booking on March 3rd ran late", "March 3rd"),
        ("on 3 March 2024 she left", "3 March 2024"),
        ("since 3/14 it is better", "3/14"),
        ("Session 3 - 2024-03-14 - client", "2024-03-14"),
        ("seen 14.03.24 last", "14.03.24"),
        ("DOB: 07/19/1991 |", "07/19/1991"),
        ("release dated 3/18/25.", "3/18/25"),
        ("Next session the 14th.", "the 14th"),
        ("Next session Thursday the 14th.", "Thursday the 14th"),
        ("Next session Monday 9/22.", "Monday 9/22"),
        ("outcall on Sat 3/8.", "Sat 3/8"),
        ("Next session Tuesday, June 10.", "Tuesday, June 10"),
        ("Graduation is May 17, 2025.", "May 17, 2025"),
        ("finalised on Oct. 12 two years ago", "Oct. 12"),
        ("login on Feb. 2nd", "Feb. 2nd"),
        ("birthday on 12 Jan.", "12 Jan"),
        ("moved in August 2023.", "August 2023"),
        ("graduated in '19 with honours", "'19"),
        ("left the work in 2019.", "2019"),
        ("since last Easter she has", "last Easter"),
        ("Around Easter she learned", "Easter"),
        ("on Christmas Eve they argued", "Christmas Eve"),
        ("since last Thanksgiving, when", "last Thanksgiving"),
        ("on New Year's Eve, which", "New Year's Eve"),
        ("most recently on Valentine's Day while", "Valentine's Day"),
        ("two weeks after her birthday she called", "two weeks after her birthday"),
        ("about $1,400 since last Friday.", "last Friday"),
        ("It began in March and ended", "March"),
        ("the 3rd of March was hard", "the 3rd of March"),
        ("named in the paper after the March raid", "March raid"),
        ("since the October pageant she has rested", "October pageant"),
        ("he sang at the roots fest side stage", "the roots fest"),
        ("we met at the county fair in the rain", "the county fair"),
        ("He ran the Great Lakes Run with his son", "the Great Lakes Run"),
        ("phones her grandmother on Orthodox Christmas", "Orthodox Christmas"),
        ("went to the service for armistice day", "armistice day"),
        ("DAP (MAY DAY; SHE MARCHED IN THE MORNING)", "MAY DAY"),
        ("after their wedding date is set (October).", "October"),
        ("pasted DMs from her, aug 14: hey", "aug 14"),
        ("the hotels during Presidents' week, when", "Presidents' week"),
        ("she walked in the all saints procession", "the all saints procession"),
        ("stuck in traffic, it's airshow weekend", "airshow weekend"),
        ("since freshers fair last year", "freshers fair"),
    ],
)
def test_date_forms(text: str, found: str) -> None:
    assert found in dates_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Works mostly Fridays and Saturdays; chose Wednesdays.",
        "Monday mornings are hardest; a standing Tuesday evening slot.",
        "She may march in the parade; we will see in May? no.",  # "in May" is a date
        "PHQ-9 = 8; GAD-7 = 10; rated pain 8/10.",
        "her 3rd session; the 2nd time; 4 hrs/day to 90 min.",
        "at 2 pm; after 5 pm; 2-3 drinks/week.",
        "She went to the job fair and the book fair on campus.",
        "we named the anger as fair; the letter before was kind.",
        "She walked in the funeral procession; a pity fest, she said.",
    ],
)
def test_not_dates(text: str) -> None:
    found = dates_in(text)
    assert found in ([], ["May"])


def test_session_dates_get_session_labels() -> None:
    sessions = [date(2025, 3, 14), date(2025, 2, 27), date(2025, 4, 2)]
    engine = Deidentifier(Identifiers(), session_dates=sessions)
    result = engine.redact("Seen 2025-02-27, again 03/14/2025 and on 4/2; also 5/9/2025.")
    assert result.text == "Seen [Session 1], again [Session 2] and on [Session 3]; also [Date]."


def test_labels_never_contain_the_date() -> None:
    result = Deidentifier(Identifiers()).redact("On March 3rd, 2024-03-14 and the 9th.")
    for span in result.spans:
        assert span.text not in span.replacement


@pytest.mark.parametrize(
    "text, found",
    [("moved in Summer 2020 then", "Summer 2020"), ("since 3/2024 he", "3/2024")],
)
def test_seasons_and_month_years(text: str, found: str) -> None:
    assert found in dates_in(text)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Exited 2016 after the zone closed.", "2016"),
        ("Worked at a licensed venue (2009–2013).", "2009"),
        ("Covered 2019-2021 in detail.", "2019"),
    ],
)
def test_a_year_alone_dates_a_life_event(text: str, year: str) -> None:
    found = [text[f.start : f.end] for f in find_dates(text)]
    assert year in found


@pytest.mark.parametrize(
    "text",
    ["Spent 1950 dollars on the trip.", "He is the 1988 regional chess champion.", "$2000 owed"],
)
def test_a_number_that_is_no_year_is_left(text: str) -> None:
    assert not [f for f in find_dates(text) if text[f.start : f.end].isdigit()]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She will spend the day (27 april) with them.", "27 april"),
        ("tour: Perth then Mackay 12–19 july", "12–19 july"),
        ("Cita de seguimiento el 24.", "el 24"),
    ],
)
def test_a_day_and_month_in_lower_case_or_another_language(text: str, found: str) -> None:
    assert found in [text[f.start : f.end] for f in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "festival"),
    [
        ("Her cousins came over Vaisakhi and stayed a week.", "Vaisakhi"),
        ("Se fue al sur para las Fiestas Patrias con su hermana.", "Fiestas Patrias"),
        ("She worked the Harvest Festival and felt unsafe there.", "Harvest Festival"),
        ("Il est parti après la Toussaint.", "Toussaint"),
        ("They met at the Riverside Carnival 2022, she said.", "Riverside Carnival 2022"),
        ("The vigil on International Sex Workers' Day was calm.", "International Sex Workers' Day"),
    ],
)
def test_festivals_of_many_traditions_date_the_event(text: str, festival: str) -> None:
    found = [text[f.start : f.end] for f in find_dates(text)]
    assert festival in found


@pytest.mark.parametrize(
    "text",
    ["The festival was loud and she left early.", "She likes fast fashion; no fest for her."],
)
def test_festival_words_alone_are_not_dates(text: str) -> None:
    assert list(find_dates(text)) == []


@pytest.mark.parametrize(
    ("text", "date_text"),
    [
        ("HX: 2 OD (3-12, 2025).", "3-12"),
        ("RTC 4-8 FOR RESULTS.", "4-8"),
        ("HUB NOTE\n7-10\nSU: CLIENT SEEN", "7-10"),
        ("FU 28-11. TEL GIVEN.", "28-11"),
        ("4-22. CL 25F, SEEN ALONE.", "4-22"),
        ("12.3. PAT. KOMMT ALLEIN.", "12.3"),
    ],
)
def test_a_day_and_month_in_clinical_shorthand(text: str, date_text: str) -> None:
    assert date_text in [text[f.start : f.end] for f in find_dates(text)]


@pytest.mark.parametrize(
    "text",
    [
        "RTC 2-3 WEEKS.",
        "Drinks 2-3 units daily.",
        "1-2 drinks most nights.",
        "Rated it 3-4/10.",
        "On 1-2 occasions she left early.",
        "Pain (1-10 scale) is 6.",
        "Sleep 4-5h a night.",
    ],
)
def test_ranges_and_counts_are_not_dates(text: str) -> None:
    assert list(find_dates(text)) == []


@pytest.mark.parametrize(
    ("text", "date_text"),
    [
        ("Drop-in, Köln, 17.03.\n", "17.03"),
        ("le soir de l'Aïd, elle a parlé", "l'Aïd"),
        ("She will step down before Derby week, she said.", "Derby week"),
        ("Flat since Sorry Day, she says.", "Sorry Day"),
    ],
)
def test_more_dates_that_place_an_event(text: str, date_text: str) -> None:
    assert date_text in [text[f.start : f.end] for f in find_dates(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Last week she slept better. This week less so.",
        "A first aid kit and legal aid.",
        "The fee was 12.50. She paid it.",
    ],
)
def test_ordinary_weeks_aid_and_prices_are_not_dates(text: str) -> None:
    assert list(find_dates(text)) == []


@pytest.mark.parametrize(
    ("text", "date_text"),
    [
        ("dom 9 10:02 — me: hi, thanks for the message", "dom 9"),
        ("Next month, after the Black Hills Powwow.", "Black Hills Powwow"),
        ("she's moving after regatta day, she said", "regatta day"),
    ],
)
def test_short_foreign_days_and_named_gatherings(text: str, date_text: str) -> None:
    assert date_text in [text[f.start : f.end] for f in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The hearing is on fri 13th at 10am.", "fri 13th"),
        ("The hearing is on Fri 13 at 10am.", "Fri 13"),
        ("The hearing is Friday 13.", "Friday 13"),
    ],
)
def test_a_weekday_with_its_day_of_the_month_in_any_case(text: str, found: str) -> None:
    assert found in dates_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Saturday 2 hours of work then home.",
        "my therapist, Mon–Fri 9–5",
        "Mon 5 sessions left; fri 10:30 call",
    ],
)
def test_a_weekday_before_a_count_or_a_time_is_no_day_of_the_month(text: str) -> None:
    assert not any(any(c.isdigit() for c in d) for d in dates_in(text))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tension since the October long weekend.", "the October long weekend"),
        ("booked over the May bank holiday", "the May bank holiday"),
        ("went back for the Chiefs parade weekend", "the Chiefs parade weekend"),
        ("on the day of the Procession of the Species", "Procession of the Species"),
        ("planned to go for Ching Ming", "Ching Ming"),
        ("Ghost Month is slow", "Ghost Month"),
        ("see her before uge 42 when the kids are off", "uge 42"),
        ("Next session after høstferie.", "høstferie"),
        ("her mum's 80th is next month", "80th"),
        ("her 30th birthday was hard", "30th birthday"),
    ],
)
def test_holidays_events_and_milestones_that_date_an_event(text: str, found: str) -> None:
    assert found in dates_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The parade was loud. Then the festival began.",
        "Week 3 of treatment; session in week 12.",
        "her 40th session; their 25th anniversary; Fair Work rules",
    ],
)
def test_everyday_words_for_events_and_counts_date_nothing(text: str) -> None:
    assert dates_in(text) == []


def test_named_days_and_weeks_in_capitals_after_a_word_that_dates() -> None:
    text = "ARREARS SINCE MARTYRS DAY. STARTED JUST BEFORE MAY WEEK. SHE HAD A BAD DAY."
    found = [text[f.start : f.end] for f in find_shouted_dates(text)]
    assert found == ["MARTYRS DAY", "MAY WEEK"]


def test_everyday_days_in_capitals_stay() -> None:
    text = "NEVER HER DAY. ON THE SAME DAY. AFTER A LONG DAY. FOR ONE MORE WEEK. NEXT WEEK OK."
    assert list(find_shouted_dates(text)) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Sessions: 12, February to September.", "February to September"),
        ("Next: tiistai 9.6.", "9.6"),
        ("Next: perjantai 14.8..", "14.8"),
        ("The landlord put the rent up from 1. March and", "1. March"),
        ("Contract runs until 30. June 2027 for now.", "30. June 2027"),
        ("Anxious about the result; tested Tue 7/10 at the walk-in.", "Tue 7/10"),
        ("review after the bank hol, she says", "bank hol"),
        ("did shifts at end of term last yr", "end of term"),
        ("works the graduation week shifts", "graduation week"),
        ("group meets on the first sat in may", "first sat in may"),
        ("busy after Winterfest, then quiet", "Winterfest"),
        ("next after the county fair.", "the county fair"),
        ("working doubles for the spring meet, she says", "the spring meet"),
        ("take the kids to the rhubarb festival", "the rhubarb festival"),
        ("The day job ends after half term.", "half term"),
        ("Since jaanipäev she has barely gone out.", "jaanipäev"),
    ],
)
def test_spans_of_months_dotted_days_and_named_events(text: str, found: str) -> None:
    assert found in dates_in(text)


def test_dotted_numbers_that_follow_no_weekday_are_no_dates() -> None:
    assert dates_in("Version 1.2. is out. PHQ-9 was 9.6. last time.") == []


@pytest.mark.parametrize(
    "text",
    [
        "PHQ-9 total was 12. May benefit from rest.",
        "Goals:\n3. March with the group if she wants\n4. June plans",
        "Mood rated 6/10, sleep 7/10 this week",
        "He felt it was a manifest need; they infest nothing",
        "before we meet again; after a rough week; over the past week; after exam week",
        "the results show no change",
        "He sat 2 exams and sat 3 rows back; Wed 2 kids at home",
        "our 20th meeting; His 18th century furniture; Their 50th wedding anniversary",
        "Her score on the scale 2.5. See Table 1.2.",
    ],
)
def test_numbers_and_words_of_ordinary_prose_date_nothing(text: str) -> None:
    assert dates_in(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Seen feb-oct, 19 sessions.", "feb-oct"),
        ("Fee increase for jan: agreed.", "jan"),
        ("Leave for the last two weeks of July; cover arranged.", "July"),
    ],
)
def test_months_in_lower_case_and_weeks_of_a_month(text: str, found: str) -> None:
    assert found in dates_in(text)


def test_shortened_months_in_addresses_and_words_date_nothing() -> None:
    assert dates_in("jan@example.com; the dec. report; a mar on the table") == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Next: 21st.", "21st"),
        ("mood 7/10, next 18th.", "18th"),
        ("next appt 18th at 2pm", "18th"),
        ("She is going to her ma's for the Twelfth and back on the 14th.", "Twelfth"),
        ("FOR THE TWELFTH AND BACK ON MONDAY.", "TWELFTH"),
        ("In Edinburgh for the Fringe from Tollcross.", "Fringe"),
        ("TALKED ABOUT THE ELEVENTH NIGHT: THE BONFIRE", "ELEVENTH NIGHT"),
        ("Reports burnout after tax day rush.", "tax day"),
        ("Marathon Monday was loud.", "Marathon Monday"),
        ("She wants to fly home for the Holy Ghost Feast.", "Holy Ghost Feast"),
        ("nxt sesh after queens bday", "queens bday"),
        ("maybe around the ute muster at the showgrounds", "ute muster"),
        ("roof still tarped since Hurricane Zeta", "Hurricane Zeta"),
        ("SINCE HURRICANE IDA", "HURRICANE IDA"),
        ("since Cyclone Gabrielle she has moved twice", "Cyclone Gabrielle"),
        ("she wants to go to jazz fest anyway", "jazz fest"),
        ("rest days built into fiesta week", "fiesta week"),
        ("the Blessing of the Fleet is on Sunday", "Blessing of the Fleet"),
    ],
)
def test_days_and_events_this_round(text: str, found: str) -> None:
    assert any(found in d for d in dates_in(text))


@pytest.mark.parametrize(
    "text",
    [
        "The twelfth session went well.",
        "the Fringe benefits are small.",
        "next 18th-century house tour",
        "the cattle muster was long.",
        "hurricane season starts soon.",
        "the hurricane shutters are up.",
        "a total pity fest, she said.",
        "It was a crying fest.",
        "Her next 2nd dose is due.",
        "Today was the twelfth of our sessions.",
        "Her mood is like a hurricane inside.",
        "Family Feast was fun.",
        "Cattle muster next week.",
        "It has been a fair fortnight.",
    ],
)
def test_ordinals_and_words_that_date_nothing(text: str) -> None:
    assert dates_in(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("March 9: reviewed the plan", "March 9"),
        ("reviewed in session Mar 9: she said", "Mar 9"),
        ("Seen 9 March: ok", "9 March"),
    ],
)
def test_a_date_before_a_colon(text: str, found: str) -> None:
    assert found in dates_in(text)


def test_a_date_before_a_clock_time_is_not_read_as_a_longer_day() -> None:
    assert dates_in("March 9:30 meeting") == []


def test_a_month_after_maybe() -> None:
    assert "april" in dates_in("he'll come back after calving, maybe april.")
