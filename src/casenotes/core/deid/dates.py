"""Layer 2, dates: every common written form, relative dates and holidays.

Weekday names alone ("works Fridays") are not identifiers; a weekday attached to a date
("Thursday the 14th") or made specific ("last Friday") is. Month names are matched
case-sensitively so "may" and "march" the words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from casenotes.core.deid import wordlists
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import DIGITS, Window, literal_windows, scan, windows

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?"
    r"|Nov\.?|Dec\.?"
    # In capitals a month is a month: "2 OCTOBER 2024".
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)"
)
WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.?|Tues?\.?|Wed\.?|Thu(?:rs?)?\.?|Fri\.?|Sat\.?|Sun\.?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:19|20)\d\d"
_WD = rf"(?:{WEEKDAY},?\s+)?"
_NOT_NUMBER_AFTER = r"(?!\d|:\d|[.,]\d|\s*(?:%|am\b|pm\b|a\.m\.|p\.m\.))"

HOLIDAY = (
    r"(?i:Thanksgiving(?:\s+(?:Day|weekend))?|(?:Orthodox\s+)?Easter(?:\s+(?:Sunday|Monday|weekend))?"
    r"|Good\s+Friday|(?:Orthodox\s+)?Christmas(?:\s+(?:Eve|Day))?|Xmas|Boxing\s+Day"
    r"|New\s+Year(?:['’]?s)?(?:\s+(?:Eve|Day))?|Valentine['’]?s(?:\s+Day)?|Halloween"
    r"|Hanukkah|Chanukah|Diwali|Holi|Eid(?:\s+al-(?:Fitr|Adha))?|Ramadan|Passover"
    r"|Yom\s+Kippur|Rosh\s+Hashanah|Lunar\s+New\s+Year|Chinese\s+New\s+Year|Nowruz"
    r"|Juneteenth|Independence\s+Day|Memorial\s+Day|Labou?r\s+Day|Veterans\s+Day"
    r"|Presidents['’]?\s+(?:Day|week|weekend)|Mother['’]?s\s+Day|Father['’]?s\s+Day|St\.?\s+Patrick['’]?s\s+Day"
    r"|Canada\s+Day|Bonfire\s+Night|Mardi\s+Gras|Pride\s+(?:weekend|month|parade)"
    r"|(?:St\.?\s+)?Paddy['’]?s\s+Day|Heritage\s+Day|Freedom\s+Day|Youth\s+Day"
    r"|Labou?r\s+weekend|Victoria\s+Day|Family\s+Day|Civic\s+Holiday|King['’]?s\s+Birthday"
    r"|Queen['’]?s\s+Birthday|Melbourne\s+Cup|Grand\s+Final|Republic\s+Day|Women['’]?s\s+Day"
    r"|Human\s+Rights\s+Day|Day\s+of\s+Reconciliation|Carnaval|Karneval|Fasching"
    r"|Whit\s+(?:Monday|Sunday|weekend)|Easter\s+Monday|Good\s+Friday)"
)
_RELATIVE = r"(?:last|next|this|that|past|coming)"
# Holidays whose names are no everyday word: matched in any letter case ("xmas", "NYE").
HOLIDAY_ANY_CASE = (
    r"(?i:NYE|NYD|Hogmanay|Anzac\s+Day|Waitangi\s+Day|Matariki|Australia\s+Day"
    r"|Bastille\s+Day|Remembrance\s+(?:Day|Sunday)|Guy\s+Fawkes(?:\s+Night)?|Oktoberfest"
    r"|Armistice\s+Day|May\s+Day(?!\s+(?:by|to)\s+day)"
    r"|air\s?show\s+(?:weekend|week|day)"
    r"|freshers['’]?\s+(?:week|fair)"
    r"|Black\s+Friday|Cyber\s+Monday|Super\s+Bowl(?:\s+Sunday)?|Purim|Sukkot|Vesak|Songkran"
    r"|T[eế]t|Chuseok|Navratri|Lohri|Pongal|Onam|Durga\s+Puja|Kwanzaa|Mothering\s+Sunday"
    r"|bank\s+holiday(?:\s+(?:weekend|Monday))?|spring\s+break|Labou?r\s+Day|MLK\s+Day"
    r"|Columbus\s+Day|Pentecost|Whitsun|Epiphany|Three\s+Kings(?:['’]?\s+Day)?"
    r"|D[ií]a\s+de\s+(?:los\s+)?(?:Muertos|Reyes)|Day\s+of\s+the\s+Dead|Semana\s+Santa"
    r"|Holy\s+Week|Ash\s+Wednesday|Shrove\s+Tuesday|Pancake\s+Day|Mid-Autumn\s+Festival"
    r"|Cinco\s+de\s+Mayo|Festa\s+Junina|S[aã]o\s+Jo[aã]o|Fourth\s+of\s+July"
    r"|Fête\s+de\s+la\s+Musique|No[eë]l|Weihnachten|Silvester|Ostern|Pfingsten|Navidad"
    r"|Nochebuena|Nochevieja|A[ñn]o\s+Nuevo|R[eé]veillon|P[aá]scoa|Natal|Christmas(?:\s+(?:Eve"
    r"|Day))?|Xmas(?:\s+Eve)?|Thanksgiving|Halloween|Hanukkah|Chanukah|Diwali|Ramadan|Passover"
    r"|Juneteenth|Nowruz|Valentine['’]?s(?:\s+Day)?|New\s+Year['’]?s(?:\s+(?:Eve|Day))?"
    r"|(?:l['’])?Aïd(?:\s+(?:el|al)[- ](?:Kebir|Kabir|Fitr|Seghir|Adha))?|l['’]Aid"
    r"|(?:National\s+)?Sorry\s+Day|tax\s+day|Patriots['’]?\s+Day|Marathon\s+Monday"
    r"|Bunker\s+Hill\s+Day|Evacuation\s+Day|Islander\s+Day|New\s+Brunswick\s+Day|Natal\s+Day"
    r"|(?:King|Queen)['’]?s\s+(?:birthday|bday|b['’]day)|Fiesta\s+week|Fleet\s+Week"
    r"|Blessing\s+of\s+the\s+Fleet|Acadian\s+Day|F[êe]te\s+nationale(?:\s+de\s+l['’]Acadie)?|Saint-Jean(?:-Baptiste)?"
    r"|St\.?\s+Jean(?:-Baptiste)?\s+Day|Eleventh\s+Night|(?-i:Fair\s+Fortnight|FAIR\s+FORTNIGHT))"
)
# Month names typed in lower case that are no everyday word (not "may", "march").
_PLAIN_MONTH = (
    r"(?:january|february|april|june|july|august|september|october|november|december"
    r"|sept|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER"
    r"|DECEMBER)"
)
_TIME_OF_DAY = r"(?i:night|nite|morning|afternoon|evening|lunchtime|lunch|eve)"
_WEEKDAY_ANY_CASE = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thu(?:rs?)?"
    r"|fri|sat|sun)"
)
_FULL_WEEKDAY_ANY_CASE = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# Month and weekday names in Spanish, French, German and Portuguese.
_FOREIGN_MONTH = (
    r"(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro"
    r"|novembro|dezembro|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre"
    r"|octobre|novembre|d[ée]cembre|januar|j[äa]nner|februar|m[äa]rz|juni|juli|oktober"
    r"|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
    r"|januari|februari|maart|mei|augustus|stycznia|lutego|marca|kwietnia|maja|czerwca"
    r"|lipca|sierpnia|wrze[śs]nia|pa[źz]dziernika|listopada|grudnia|stycze[ńn]|luty|marzec"
    r"|kwiecie[ńn]|czerwiec|lipiec|sierpie[ńn]|wrzesie[ńn]|pa[źz]dziernik|listopad|grudzie[ńn]"
    r"|augusti|ocak|[şs]ubat|nisan|may[ıi]s|haziran|temmuz|a[ğg]ustos|eyl[üu]l|ekim|kas[ıi]m"
    r"|aral[ıi]k)"
)
_FOREIGN_WEEKDAY = (
    r"(?i:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|segunda-feira"
    r"|ter[çc]a-feira|quarta-feira|quinta-feira|sexta-feira|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag"
    r"|sonnabend|sonntag|luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato"
    r"|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
    r"|poniedzia[łl]ek|wtorek|[śs]roda|czwartek|pi[ąa]tek|niedziela|m[åa]ndag|tisdag"
    r"|onsdag|torsdag|fredag|l[öo]rdag|s[öo]ndag|pazartesi|[çc]ar[şs]amba|per[şs]embe"
    r"|cumartesi)"
)
_PERSONAL_EVENT = (
    r"(?:birthday|anniversary|wedding|funeral|graduation|christening|bar\s+mitzvah"
    r"|bat\s+mitzvah|quincea[ñn]era|baby\s+shower|divorce|surgery|due\s+date|arrest|release)"
)
_COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several|couple\s+of)"
)
_YEAR_CONTEXT = (
    r"(?i:in|since|from|until|till|by|of|during|before|after|around|circa|c\.|early|late|mid"
    r"|spring|summer|autumn|fall|winter|class\s+of|born|DOB:?|back\s+in|through|to)"
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    # 2024-03-14
    ("iso", rf"(?<![\w/.-]){_WD}(?P<y>{_YEAR})-(?P<m>0?[1-9]|1[0-2])-(?P<d>{_DAY})(?![\w/-])"),
    # 03/14/2024, 14.03.24, 3-14-2024
    (
        "numeric3",
        rf"(?<![\w/.-]){_WD}(?P<a>\d{{1,2}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)"
        rf"(?P<y>(?:19|20)?\d\d)(?![\w/]|[.-]\d)",
    ),
    # 3/14, Wednesday 11/19 (no year)
    ("numeric2", rf"(?<![\w/.-]){_WD}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?![\w/]|[.,]\d)"),
    # 3 March 2024, the 3rd of March, 12 Jan
    (
        "dmy",
        rf"(?<!\w){_WD}(?:the\s+)?(?P<d>{_DAY}){_ORD}?\s+(?:of\s+)?(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<y>{_YEAR}|['’]\d\d))?(?![\w'’])",
    ),
    # March 3rd, Tuesday, June 10, May 17, 2025, Oct. 12
    (
        "mdy",
        rf"(?<!\w){_WD}(?P<mon>{MONTH})\s+(?:the\s+)?(?P<d>{_DAY}){_ORD}?"
        rf"(?:,?\s+(?P<y>{_YEAR}))?{_NOT_NUMBER_AFTER}(?!\w)",
    ),
    # Dictated or typed in lower case: "june 4th", "the 3rd of september" ("may" only with an
    # ordinal: "may 4" is too often the verb).
    (
        "mdy",
        r"(?<!\w)(?P<mon>(?:january|february|march|april|june|july|august|september|october"
        r"|november|december)(?=\s+\d)|may(?=\s+\d{1,2}(?:st|nd|rd|th)))\s+"
        rf"(?P<d>{_DAY}){_ORD}?(?:,?\s+(?P<y>{_YEAR}))?{_NOT_NUMBER_AFTER}(?!\w)",
    ),
    (
        "dmy",
        rf"(?<!\w)(?:the\s+)?(?P<d>{_DAY}){_ORD}\s+of\s+"
        r"(?P<mon>january|february|march|april|may|june|july|august|september|october"
        r"|november|december)(?![\w'’])",
    ),
    # August 2023, Aug '19
    ("my", rf"(?<!\w)(?P<mon>{MONTH})\s+(?:of\s+)?(?P<y>{_YEAR}|['’]\d\d)(?!\w)"),
    # Thursday the 14th, the 9th, on the 21st
    (
        "ordinal",
        rf"(?<!\w)(?:{WEEKDAY},?\s+)?the\s+(?P<d>{_DAY}){_ORD}(?!\w)"
        r"(?!\s+(?:session|time|visit|week|day|month|year|appointment|attempt|floor"
        r"|grade|percentile|century|of\s+(?:those|these|them|us|the\s+\w+s\b)))",
    ),
    # Monday 9/22 handled above; "Thursday 14th"
    ("weekday_ord", rf"(?<!\w){_WEEKDAY_ANY_CASE}\.?\s+(?P<d>{_DAY}){_ORD}(?!\w)"),
    # "fri 13 at 10am", "Thursday 2": a weekday and its day of the month, not a count
    # ("Saturday 2 hours") nor a time ("fri 10:30", "sat 9pm").
    (
        "weekday_num",
        rf"(?<!\w)(?!(?i:sat|wed|sun)\s){_WEEKDAY_ANY_CASE}\.?\s+(?P<d>{_DAY})"
        r"(?![\w:/–—-]|[.,]\d|\s*(?i:am|pm|a\.m|p\.m)\b)"
        r"(?!\s+(?i:hours?|hrs?|h|mins?|minutes?|days?|nights?|weeks?|wks?|months?|times|x|clients?"
        r"|sessions?|shifts?|units?|drinks?|people|men|women|bookings?|calls?|texts?|of)\b)",
    ),
    # last Friday, next Tuesday
    ("rel_weekday", rf"(?<!\w)(?i:{_RELATIVE}):?\s+{_WEEKDAY_ANY_CASE}\.?(?!\w)"),
    # "on Friday", "by Thursday", "Saturday night", "sat night": a weekday that dates an
    # event. A plural ("works Fridays") is a habit, not a date.
    (
        "ctx_weekday",
        rf"(?<!\w)(?:(?i:on|by|until|till|since|from|before|after)\s+)"
        rf"(?P<span>{_FULL_WEEKDAY_ANY_CASE}|{WEEKDAY})(?!\w|['’]s|\s+(?i:mornings|evenings"
        r"|nights|afternoons)\b)",
    ),
    # Not a habit: "a standing Tuesday evening slot", "every Friday night".
    (
        "weekday_time",
        r"(?<!\w)(?<!\ba\s)(?<!every\s)(?<!standing\s)(?<!usual\s)(?<!regular\s)(?<!each\s)"
        rf"{_WEEKDAY_ANY_CASE}\.?\s+{_TIME_OF_DAY}(?!\w)"
        r"(?!\s+(?i:slots?|sessions?|appointments?|shifts?|groups?|class(?:es)?|clinic)\b)",
    ),
    # 3 de marzo (de 2024), 14 juillet, 3. März 2024, el 3 de março
    (
        "foreign_dmy",
        rf"(?<!\w)(?P<d>{_DAY})\.?(?:º|er)?\s+(?:(?i:de)\s+)?(?P<fmon>{_FOREIGN_MONTH})"
        rf"(?:\s+(?:(?i:de)\s+)?(?P<y>{_YEAR}))?(?!\w)",
    ),
    # marzo de 2024, en junio, im März, em maio
    (
        "foreign_month",
        rf"(?<!\w)(?:(?i:en|em|im|in|au\s+mois\s+d['’]|de|desde|hasta|depuis|seit)\s+)"
        rf"(?P<span>{_FOREIGN_MONTH}(?:\s+(?:(?i:de)\s+)?{_YEAR})?)(?!\w)",
    ),
    # el viernes, le samedi, am Montag, na sexta-feira, martes 14
    (
        "foreign_weekday",
        rf"(?<!\w){_FOREIGN_WEEKDAY}(?:\s+(?:pasado|próximo|proximo|dernier|prochain"
        rf"|passado|que\s+vem|{_DAY}))?(?![\w-])",
    ),
    # "march 2022", "JUNE 2019": with a year, a month in any case is a month.
    (
        "my_any_case",
        r"(?<!\w)(?i:january|february|march|april|may|june|july|august|september|october"
        rf"|november|december|sept)\s+(?P<y>{_YEAR})(?!\w)",
    ),
    # "oct 16", "sept 3rd": an abbreviated month typed in lower case, with its day ("mar"
    # and "may" are words first).
    (
        "mdy",
        r"(?<![\w'’])(?P<mon>jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+"
        rf"(?P<d>{_DAY}){_ORD}?(?:,?\s+(?P<y>{_YEAR}))?{_NOT_NUMBER_AFTER}(?!\w)",
    ),
    # "(29th)", "by the 3rd", "on 14th", "Next: 21st": a day of the month standing alone.
    ("bare_ordinal", rf"(?<=\()\s?(?P<d>{_DAY}){_ORD}(?=\s?\))"),
    (
        "bare_ordinal",
        rf"\b(?i:on|by|until|till|before|after|from)\s+(?P<span>(?P<d>{_DAY}){_ORD})(?!\w|-[a-z])"
        r"(?!\s+(?:session|time|visit|week|day|month|year|appointment|attempt|floor|grade"
        r"|percentile|century|of\s+(?:those|these|them|us|the\s+\w+s\b)))",
    ),
    # "Next: 21st.", "next appt 18th": the next meeting's day, where nothing follows it
    # ("next 2nd dose", "the next 3rd party" are no days).
    (
        "bare_ordinal",
        rf"\b(?i:next(?:\s+(?:appt|appointment|session|sesh|sess|visit|meeting))?\s*:?)\s+"
        rf"(?P<span>(?P<d>{_DAY}){_ORD})(?=\s*(?:[.,;:)!?|\n]|$)|\s+(?i:at|@)\b|\s+\d)",
    ),
    # "Heroes Day", "Emancipation Day", "Jamhuri Day": a named day dates an event.
    (
        "named_day",
        r"(?<![\w'’])(?:(?:St\.?\s+)?[A-Z][\w'’]+\s+){1,2}Day(?!\w|\s+(?:[Cc]entre|[Cc]enter"
        r"|[Pp]rogram(?:me)?|[Ss]ervices?|[Hh]ospital|[Uu]nit|[Cc]are|[Ss]urgery|[Cc]lub|[Ss]pa))",
    ),
    (
        "holiday",
        r"(?<!\w)(?i:midsommar|midsummer(?:\s+eve)?|f[êe]te\s+nationale|fiesta\s+nacional"
        r"|d[ií]a\s+de\s+la\s+independencia|festa\s+nacional|national\s+day"
        r"|nationaldagen|sankthans|juhannus|walpurgis|valborg|jaanip[äa]ev|j[āa]ņi|jonin[ėe]s"
        r"|kupala|ivan\s+kupala)(?!\w)",
    ),
    # Festivals and feast days of many traditions, named by no everyday word: each dates the
    # event it is mentioned with ("over Vaisakhi", "the week of Koningsdag").
    (
        "festival",
        r"(?<!\w)(?:(?i:last|next|this|that|past|coming)\s+)?(?i:fiestas\s+patrias|las\s+fallas"
        r"|san\s+ferm[ií]n|sanfermines|la\s+merc[eè]|semana\s+grande|feria\s+de\s+abril"
        r"|fiestas\s+del\s+pilar|d[ií]a\s+de\s+(?:la\s+madre|todos\s+los\s+santos|san\s+juan"
        r"|san\s+valent[ií]n|muertos)|noche\s+de\s+san\s+juan|grito\s+de\s+dolores"
        r"|f[êe]te\s+des\s+(?:m[èe]res|p[èe]res)|toussaint|saint-jean(?:-baptiste)?"
        r"|saint-valentin|quatorze\s+juillet|festa\s+(?:de\s+s[aã]o\s+jo[aã]o|junina|do\s+divino)"
        r"|ferragosto|festa\s+della\s+repubblica|koningsdag|sinterklaas|bevrijdingsdag"
        r"|tag\s+der\s+deutschen\s+einheit|sankt\s+martin|nikolaustag|martinmas"
        r"|all\s+saints['’]?\s+day|all\s+souls['’]?\s+day|corpus\s+christi|assumption\s+day"
        r"|st\.?\s+(?:andrew|david|george|lucia|stephen)['’]?s\s+day|burns\s+night"
        r"|notting\s+hill\s+carnival|edinburgh\s+fringe|glastonbury|eisteddfod"
        r"|hari\s+raya(?:\s+\w+)?|deepavali|thaipusam|vaisakhi|baisakhi|raksha\s+bandhan"
        r"|ganesh\s+chaturthi|dussehra|dasara|karva\s+chauth|makar\s+sankranti|janmashtami"
        r"|mawlid|ashura|lag\s+b['’]?omer|shavuot|simchat\s+torah|tu\s+b['’]?shvat|obon"
        r"|golden\s+week|tanabata|seollal|qingming|ching\s+ming|dragon\s+boat\s+festival"
        r"|lantern\s+festival|hungry\s+ghost(?:\s+(?:festival|month))?|ghost\s+month|qixi"
        r"|double\s+(?:ten(?:th)?|ninth|seventh)(?:\s+(?:day|festival))?|chung\s+yeung|dano"
        r"|loy\s+krathong|timkat|enkutatash|yam\s+festival|homowo|odwira|eyo\s+festival"
        r"|emancipation\s+day|trans\s+day\s+of\s+(?:remembrance|visibility)|world\s+aids\s+day"
        r"|(?:international\s+)?sex\s+workers['’]?\s+day"
        r"|red\s+umbrella\s+day|mardi\s+gras|pride\s+week(?:end)?|fashion\s+week"
        r"|freshers['’]?\s+week|o-week|schoolies(?:\s+week)?|regatta\s+day|powwow|pow\s+wow)"
        r"(?:\s+(?P<y>(?:19|20)\d\d))?(?!\w)",
    ),
    # "the Harvest Festival", "Fiestas de Quito", "the Fringe Festival 2023": a festival
    # someone named with capitals dates the event it is mentioned with.
    (
        "festival",
        r"(?<![\w'’])(?:(?:[A-Z][\w'’-]+\s+){1,3}(?:Festival|Carnival|Carnaval|Fiesta|Feria"
        r"|Parade|Marathon|Fest|Powwow|Pow\s+Wow|Regatta|Rodeo|Stampede|Mela|Feis|Fleadh|Fair)"
        r"(?![\w'’-])"
        # "the Holy Ghost Feast" (a sentence's "Family Feast" is a meal)
        r"|(?:[A-Z][\w'’-]+\s+){2,3}Feast(?![\w'’-])"
        # "up for the Fringe", "before the Twelfth": a festival or a day named by one word
        # after "the", alone ("the Twelfth session" is none).
        r"|(?<=\b(?:the|The|THE)\s)(?:Fringe|FRINGE|Twelfth|TWELFTH)(?![\w'’-])"
        r"(?=\s*(?:[.,;:!?)]|$)|\s+(?i:of\s+july|and|or|from|in|at|with|this|last|next|until"
        r"|till|on|for|was|is|again|each|every|season|week|weekend|fortnight|holidays?"
        r"|crowds?)\b)"
        # in lower case, "the twelfth" alone or "of july" ("the twelfth of our sessions")
        r"|(?<=\bthe\s)twelfth(?=\s*(?:[.,;:!?)]|$)|\s+(?:of\s+july|and\s+back|weekend"
        r"|holidays?|bonfires?)\b)"
        r"|(?:Fiestas?|Feria|F[êe]te|Festa|Festival|Carnaval|Carnival|Procession|Parade"
        r"|Feast)\s+(?:(?:de|del|des|da|do"
        r"|of)\s+(?:(?:la|las|los|le|the)\s+)?)?[A-Z][\w'’-]+)(?:\s+(?P<y>(?:19|20)\d\d))?",
    ),
    # "twenty sixteen", "nineteen ninety-eight": a year read aloud, after a date word.
    (
        "spoken_year",
        r"\b(?i:in|since|until|till|from|of|back\s+in|during|to|and)\s+(?P<span>(?i:nineteen|twenty)"
        r"\s+(?i:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
        r"|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|oh\s+\w+)"
        r"(?:[\s-](?i:one|two|three|four|five|six|seven|eight|nine))?)(?!\w)",
    ),
    # "october seventh", "the fourth of july": a day in words.
    (
        "spoken_day",
        rf"(?<!\w)(?:{MONTH}|{_PLAIN_MONTH}|(?i:january|february|april|june|july|august"
        r"|september|october|november|december))\s+(?:the\s+)?(?i:first|second|third|fourth"
        r"|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
        r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-\w+"
        r"|thirtieth|thirty-first)(?!\w)",
    ),
    # "Widowed 2019", "married in 2004": a year that dates a life event.
    (
        "event_year",
        r"(?:\b(?i:d|b|m)\.\s?|\b(?i:widowed|married|divorced|separated|born|died|graduated|emigrated|arrived"
        r"|retired|diagnosed|arrested|deported|released|convicted|qualified)\s+)"
        rf"(?:(?i:in|since|back\s+in)\s+)?(?P<span>(?P<y>{_YEAR}))(?![\w'’%]|[.,]\d)",
    ),
    # "mid-2023", "late 2019": part of a year.
    ("part_year", rf"\b(?i:mid|early|late)[-\s](?P<y>{_YEAR})(?![\w'’%]|[.,]\d)"),
    # "Next session 19.03.": a European day and month after a word that schedules.
    (
        "dm_dotted",
        r"\b(?i:on|next|session|appointment|appt|until|till|by|from|before|after|am|le|el)"
        r"\s+(?P<span>(?P<a>[0-3]?\d)\.(?P<b>[01]?\d))(?![\d.]\d|\d|\s*(?:mg|ml|kg|%))",
    ),
    # Clinical shorthand: "RTC 4-8", "FU 28-11", "NEXT 5-6", "(3-12, …)", a heading's
    # "— 14-11", a line that opens "7-10" or "12.3.": a day and month with no year, after
    # a word of the diary, a dash or a bracket, or at the start of a line. A range of
    # units ("2-3 weeks", "1-2 drinks") is a count, not a date.
    (
        "dm_short",
        r"(?m)(?:\b(?i:on|next|nxt|session|appointment|appt|until|till|by|from|before|after"
        r"|le|el|am|rtc|fu|f/u|review|rv|due|seen|adm|admitted|dc|d/c|discharged|booked"
        r"|call|results|dated?|since|wv|termin|cita|od|att|attended|dna|lmp|reviewed)"
        r"\s*[:(]?\s*|^[ \t]*|[—–]\s*|\(\s*)"
        r"(?P<span>(?P<a>[0-3]?\d)(?:-(?P<b>[0-3]?\d)|\.(?P<c>[01]?\d)\.))"
        r"(?![\d/%]|[-.]\d|\s*(?i:mg|ml|kg|x\b|weeks?|wks?|w\b|days?|d\b|months?|mos?\b"
        r"|years?|yrs?|y\b|hours?|hrs?|h\b|mins?|units?|times|sessions?|occasions?|people"
        r"|drinks?|cig|scale|out\s+of|points?|/))",
    ),
    # "17.03.", "02.11.": a day and a month, both of two digits, each with its point.
    (
        "dm_padded",
        r"(?<![\d.,£$€¥])(?P<span>(?P<a>[0-3]\d)\.(?P<c>[01]\d)\.)(?!\d)",
    ),
    # "dom 9 10:02", "sáb 12": a weekday of another language, shortened, and its day, at
    # the start of a line or before a time (a pasted message log).
    (
        "foreign_short_day",
        r"(?m)(?:^[ \t]*|(?<=[\[(]))(?P<span>(?i:lun|mar|mi[ée]|jue|vie|s[áa]b|dom|seg|ter|qua"
        r"|qui|mer|jeu|ven|sam|dim|mo|di|mi|do|fr|sa|so|ma|wo|vr|za|zo)\.?,?\s+[0-3]?\d\.?)"
        r"(?=\s+\d{1,2}[:.h]\d{2}|\s*[—–-]|\s*$)",
    ),
    # "before Derby week", "during Pride week": a week named after its event.
    (
        "festival",
        r"(?<=[a-z,] )(?!(?:Last|This|Next|That|Each|Every|Per|Any|Some|The|Same|Whole|Holy"
        r"|First|Second|Third|Final|Mid|Half|Busy|Quiet|Good|Bad|Hard|Long|Short)\b)"
        r"[A-Z][a-z]+\s+[Ww]eek(?![\w'’-])",
    ),
    # "walk with her to the clinic Thursday", "follow up Monday": one weekday, named
    # singly, dates the event; "every Monday", "a Monday slot" and "Mondays" do not.
    (
        "lone_weekday",
        r"(?<![\w'’])(?<!every\s)(?<!each\s)(?<!\ba\s)(?<!most\s)(?<!some\s)(?<!usual\s)"
        r"(?<!regular\s)(?<!standing\s)(?<!any\s)"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"(?!['’]?s\b|\w|\s+(?i:mornings|evenings|nights|afternoons|slots?|sessions?|group"
        r"|shifts?|clinic|class(?:es)?|appointments?|rota|routine)\b)",
    ),
    # "since carnival": the festival dates the event when a word of time leads to it.
    (
        "holiday",
        r"\b(?i:since|after|before|during|over|at|until|till)\s+(?:the\s+)?"
        r"(?P<span>(?i:carnival|carnaval|mardi\s+gras|pride|ramadan|lent|eid))(?!\w)",
    ),
    # "no-show Thurs", "Brief note Mon.", "f/u wed.": an abbreviated weekday after a word of
    # the diary dates that event.
    (
        "diary_weekday",
        r"\b(?i:no-show|no\s+show|dna|seen|note|session|appt|appointment|f/u|follow-up"
        r"|review|call|called|booked|due|cancelled|canceled|rescheduled)\s+"
        r"(?P<span>(?i:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\.?)(?![\w'’])",
    ),
    # "the October long weekend", "the May bank holiday", "Easter long weekend": a holiday
    # named by its month or feast dates the event.
    (
        "month_holiday",
        rf"(?<!\w)(?:(?i:the)\s+)?(?:(?P<mon>{MONTH}|{_PLAIN_MONTH})|{HOLIDAY})\s+"
        r"(?i:long\s+weekend|bank\s+holiday(?:\s+weekend)?|half[- ]term|school\s+holidays?"
        r"|holidays|break|recess|public\s+holiday)(?!\w)",
    ),
    # "the Chiefs parade weekend", "the Pride march": a named event in lower-case words.
    (
        "named_event",
        r"(?<![\w'’])(?:the\s+)?(?!(?:The|This|That|These|Those|A|An|Our|Her|His|Their|My|Your"
        r"|Its|Then|Every|Each|Last|Next|Any|No|One|Big|Small|Local|Annual|School|Street|Town"
        r"|City)\s)(?-i:[A-Z][\w'’-]+\s+){1,2}(?:parade|procession|festival|carnival|rodeo"
        r"|regatta|marathon|fun\s+run|street\s+party|Run|Fair|Fest|Expo|Airshow|Stampede"
        r"|Jamboree)(?:\s+(?:weekend|week"
        r"|day|night))?(?![\w'’-])",
    ),
    # School holidays and week numbers of other countries: "after høstferie", "uge 42",
    # "KW 17", "vacances de la Toussaint".
    (
        "school_break",
        r"(?<!\w)(?i:(?:h[øö]st|vinter|p[åa]ske|sommer|jule|efter[åa]rs|vinter|sport|krokus"
        r"|herfst|voorjaars|kerst|mei|zomer|oster|herbst|weihnachts|pfingst|faschings|winter)"
        r"(?:ferie[n]?|lov|vakantie|ferien)|(?:uge|uke|vecka|kw|woche|semaine|semana|settimana)"
        r"\s?(?:[1-4]\d|5[0-3]|0?[1-9])(?!\d)|vacances\s+(?:de\s+(?:la\s+)?)?(?:toussaint"
        r"|no[eë]l|f[ée]vrier|printemps|p[âa]ques|d['’][ée]t[ée])|vacaciones\s+de\s+(?:verano"
        r"|invierno|semana\s+santa|navidad)|f[ée]rias\s+de\s+(?:ver[ãa]o|julho|inverno|natal))"
        r"(?!\w)",
    ),
    # "her 30th birthday", "his mum's 80th", "whose 70th is coming": a milestone birthday.
    (
        "milestone",
        r"(?<!\w)(?:(?i:whose|her|his|their|my|your|our)|[A-Za-z]+['’]s)\s+"
        r"(?P<span>(?:1[6-9]|[2-9]\d|1[01]\d)(?:st|nd|rd|th)(?:\s+(?i:birthday|bday|b-day))?)"
        r"(?=\s+(?i:birthday|bday|b-day|party|celebration|do|bash|is|was|in|on|at|this|next"
        r"|last|coming)\b|\s*[.,;:!?)\"”])"
        r"(?![\w'’]|\s+(?i:session|sessions|time|visit|appointment|attempt|week|day|month"
        r"|year|floor|anniversary|percentile|place|client|booking|date)\b)",
    ),
    # "Sessions: 12, February to September", "March to 14 November": a span of months
    # dates the work it bounds.
    (
        "month_range",
        rf"(?<![\w'’])(?P<span>(?P<mon>{MONTH})(?:\s+{_YEAR})?\s*(?:to|through|till|until|[–—-])"
        rf"\s*(?:(?:{_DAY}{_ORD}?\s+)?(?:{MONTH}|{_PLAIN_MONTH})|{_DAY}[/.]\d))",
    ),
    # "Next: tiistai 9.6.", "am Montag 9.6.", "bis 12.3.": a day and month with dots after
    # a weekday or a word of time (the word before is checked in ``_parse``).
    (
        "dm_dotted_short",
        r"(?<![\w.,])(?P<span>(?P<a>[0-3]?\d)\.(?P<c>[01]?\d)\.)(?!\d|\.\d)",
    ),
    # "raised the rent from 1. April", "ab 3. May 2025": the German way of writing a day
    # before an English month. A numbered list ("12. May benefit") has neither the word of
    # time before it nor a year after it (checked in ``_parse``).
    (
        "dot_day_month",
        rf"(?<![\w.,])(?P<d>{_DAY})\.\s+(?P<mon>{MONTH})(?:\s+(?P<y>{_YEAR}))?(?![\w'’])",
    ),
    # "take the kids to the rhubarb festival": an event named in lower case dates the day.
    (
        "named_event",
        r"(?<![\w'’])the\s+(?!(?:local|annual|big|same|next|last|whole|other|first|new|old|usual)\s)"
        r"(?!(?:job|jobs|career|careers|book|craft|science|health|trade|housing|volunteer|uni"
        r"|recruitment|freshers)\s+fair)"
        r"(?:[a-z][a-z'’-]+\s+(?!(?:as|is|was|so|very|and|or|of|to|too|not|quite|really|more|less"
        r"|be|are|were|it|this|that|before|after|at|in|on|for|from|since|until|during|with)\s))?"
        r"(?!(?i:funeral|wedding|pity|fun|job|jobs|book|craft|science|career|careers|trade|cattle"
        r"|sheep|stock|roll|fire|morning"
        r"|housing|volunteer|recruitment)\s)"
        r"[a-z][a-z'’-]+\s+(?:festival|carnival|parade|rodeo|regatta|fest"
        r"|fair|airshow|procession|muster)(?![\w'’-])",
    ),
    # "since the April contest", "named in the paper after the March raid": a month before
    # what happened in it dates the event.
    (
        "month_event",
        r"(?<![\w'’])(?i:the)\s+(?P<span>(?:January|February|March|April|May|June|July|August"
        r"|September|October|November|December)\s+(?!(?:the|a|an|and|or|to|of|for|that|when"
        r"|is|was|has|had|will|would|i|we|she|he|they|it|you|this|with|at|in|on|but|so|if"
        r"|as|by|from|then|be|just|still)\b)[a-z][a-z'’-]{2,})(?![\w'’-])",
    ),
    # "ends after half term", "over the October half-term"
    (
        "half_term",
        r"\b(?i:after|before|since|over|until|till|during|by|at)\s+(?:the\s+)?"
        r"(?P<span>(?:(?i:october|february|may|summer|autumn|spring)\s+)?(?i:half[- ]term))(?!\w)",
    ),
    # "next after the state fair", "for the fall meet", "after derby week": an event named in
    # lower case after a word of time (its name's words are no article, number or pronoun).
    (
        "event_after_time",
        r"\b(?i:after|before|until|till|since|during|over|for)\s+(?P<span>(?:the\s+)?"
        r"(?:(?!(?:the|a|an|this|that|next|last|first|second|same|whole|other|his|her|their|my"
        r"|our|your|its|local|annual|usual|big|one|two|each|every|following|past|previous"
        r"|coming|busy|bad|good|hard|long|short|quiet|rough|tough|slow|exam|exams|work|school"
        r"|study|reading|holiday|holidays|rest|entire|full|half|new|old|early|late|sick|some"
        r"|any|such|what|which|another|few|couple|mid|we|you|i|they|he|she|it|us|them"
        r"|me)\s)[a-z][a-z'’-]+\s+){1,3}"
        r"(?:fair|show|festival|fest|carnival|parade|rodeo|regatta|races|race\s+day|games|meet"
        r"|expo|week|weekend))(?![\w'’-])",
    ),
    # "apres le 10", "preocupa el 18:", "o dia 21", "de 21ste": a day of the month with the
    # article or word other languages date it by.
    (
        "article_day",
        r"(?<![\w'’])(?:(?i:le|el|o\s+dia|dia)\s+(?P<d>1er|[12]?\d|3[01])(?i:º|er)?"
        r"|(?i:de)\s+(?:[12]?\d|3[01])(?i:ste|de|e))"
        r"(?!\d|[.,:]\d|\s*(?:%|€|\$|h\b|uhr|ans|años|anos|anni|jaar|euros?"
        r"|kg|km|mg|ml|min|mois|meses|mesi|jours|días|dias|giorni|dagen|personas|personnes|%))",
    ),
    # "after mayfest", "the Bluesfest weekend": a festival by its name.
    # "she wants to go to jazz fest": a festival's name and "fest" as two words, where the
    # name is a kind of festival or no everyday word ("a crying fest" is none).
    (
        "fest",
        r"(?<![\w'’-])(?P<span>(?!(?i:manifest|infest)\b)[A-Za-z]{2,}(?i:fest)"
        r"|(?P<fest>[A-Za-z]{3,})\s+(?i:fest))"
        r"(?![\w'’-])",
    ),
    # "roof tarped since Hurricane Zeta", "after cyclone gabrielle": a named storm dates what
    # it did; its name has a capital, or in one case is no everyday word ("a hurricane inside").
    (
        "storm",
        r"(?<![\w'’-])(?P<span>(?i:hurricane|cyclone|typhoon|tropical\s+storm|superstorm|storm)"
        r"\s+(?P<storm>[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{3,}))(?![\w'’-])",
    ),
    # "review after the bank hol", "end of term", "graduation week", "the first sat in may".
    (
        "school_day",
        r"(?<![\w'’-])(?i:bank\s+hols?|(?:end|start|beginning)\s+of\s+(?:the\s+)?"
        r"(?:term|semester|school\s+year)|graduation\s+(?:day|week|weekend|ceremony))(?![\w'’-])",
    ),
    (
        "nth_weekday",
        rf"(?<![\w'’-])(?i:first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
        rf"{_WEEKDAY_ANY_CASE}\.?\s+(?i:in|of)\s+(?:{MONTH}|{_PLAIN_MONTH}|(?i:march|may))(?![\w'’-])",
    ),
    # "June last year", "March this year"
    (
        "month_rel_year",
        rf"(?<!\w){MONTH}\s+(?:last|this|next)\s+year(?!\w)",
    ),
    # last Easter, Christmas Eve, Valentine's Day
    ("holiday", rf"(?<!\w)(?:(?:{_RELATIVE})\s+)?{HOLIDAY}(?:\s+(?P<y>{_YEAR}))?(?!\w)"),
    (
        "holiday",
        rf"(?<!\w)(?:(?i:{_RELATIVE})\s+)?{HOLIDAY_ANY_CASE}(?:\s+(?P<y>{_YEAR}))?(?!\w)",
    ),
    # two weeks after her birthday
    (
        "event",
        rf"(?<!\w){_COUNT}\s+(?:days?|weeks?|months?|years?)\s+(?:before|after|since)\s+"
        rf"(?:her|his|their|my|your|the|our)\s+(?:\w+['’]s\s+)?{_PERSONAL_EVENT}(?!\w)",
    ),
    # "my birthday last year", "their anniversary this month": a day the client could name
    (
        "event",
        rf"(?<!\w)(?:[Hh]er|[Hh]is|[Tt]heir|[Mm]y|[Yy]our|[Oo]ur)\s+(?:\w+['’]s\s+)?"
        rf"{_PERSONAL_EVENT}\s+"
        r"(?:last|this|next)\s+(?:year|month|week|spring|summer|autumn|fall|winter)(?!\w)",
    ),
    # in March, since May, mid-June: the month alone needs a word that makes it a date
    (
        "month_ctx",
        rf"\b(?i:in|since|until|till|til|thru|by|from|last|next|this|that|early|late|mid|during"
        rf"|through|before|after|over|around|every|each|due|maybe|probably|end\s+of|start\s+of"
        rf"|beginning\s+of"
        rf"|(?:weeks?|days?|half|part|rest|middle|month)\s+of)"
        rf"[\s-](?P<span>(?P<mon>{MONTH}|{_PLAIN_MONTH}))(?![\w'’])",
    ),
    # "seen feb-oct", "fee increase for jan", "back in sept": a month shortened in lower case
    # (no "mar" or "may": everyday words) after a word of time, or in a range.
    (
        "month_short_lower",
        r"(?<![\w'’@./-])(?:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\s*[-–]\s*"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)(?![\w'’@-])",
    ),
    (
        "month_short_lower",
        r"\b(?:in|for|since|until|till|by|from|through|before|after|early|late|mid)\s+"
        r"(?P<span>jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)(?![\w'’@.-])",
    ),
    # "dms from her, jun 9:", "seen aug 14": a lower-case month shortened, then its day.
    (
        "month_short_lower",
        r"(?<![\w'’@./-])(?:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s(?:3[01]|[12]\d|0?[1-9])"
        r"(?:st|nd|rd|th)?(?![\w'’%]|[.,:/]\d|\s*(?:am|pm|mg|ml|kg|%)\b)",
    ),
    # "the date is set (October)", "a workshop (June)": a month alone in brackets dates it.
    (
        "month_ctx",
        r"(?<=\()(?P<span>(?P<mon>January|February|March|April|May|June|July|August|September"
        r"|October|November|December))(?=\))",
    ),
    # Summer 2020, the spring of 2019
    (
        "season_year",
        rf"(?i:\b(?:spring|summer|autumn|fall|winter))\s+(?:of\s+)?(?P<y>{_YEAR})"
        r"(?![\w'’])",
    ),
    # 3/2024, 03-2019: month and year
    ("month_year", rf"(?<![\w/.-])(?P<m>0?[1-9]|1[0-2])[/-](?P<y>{_YEAR})(?![\w/]|[.-]\d)"),
    # "(27 april)", "12–19 july", "sunday 12th jan": a day and a month typed in lower case.
    # "may" and "march" are words as often as months: they need a capital or a year.
    (
        "dm_any_case",
        r"(?<![\w/.])(?P<span>(?:(?:[12]\d|3[01]|0?[1-9])\s?[–-]\s?)?(?:[12]\d|3[01]|0?[1-9])"
        r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:january|february|april|june|july|august|september"
        r"|october|november|december|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec))(?![\w'’])",
    ),
    # Spanish, French and Portuguese "on the 24th": "el 24", "le 24", "dia 24".
    (
        "foreign_day",
        r"\b(?P<span>(?:el|le|dia|día)\s+(?:[12]\d|3[01]|0?[1-9]))(?![\w%:]|[.,]\d|\s*(?:h|%|años|ans"
        r"|anos|horas|heures)\b)",
    ),
    # "exited 2014", "(2008–2015)": a year on its own places an event in the client's life.
    (
        "bare_year",
        r"(?<![\w/.$£€#:,'’-])(?<!, )(?<!\bthe )(?P<span>(?P<y>(?:19[5-9]|20[0-3])\d))"
        r"(?![\w'’%/:]|[.,]\d)"
        r"(?!\s*(?i:mg|mcg|ml|words|steps|calories|kcal|dollars|pounds|euros|usd|gbp|km|miles"
        r"|people|members|times|hours|minutes|x\b))",
    ),
    # in 2019, since '19, class of 2011
    ("year_ctx", rf"\b{_YEAR_CONTEXT}\s(?P<span>(?P<y>{_YEAR}|['’]\d\d))(?![\w'’%]|[.,]\d)"),
)
_COMPILED = tuple((name, re.compile(p)) for name, p in _PATTERNS)


def _month(token: str | None) -> int | None:
    if not token:
        return None
    return _MONTHS.get(token[:3].casefold())


def _year(token: str | None) -> int | None:
    if not token:
        return None
    digits = token.lstrip("'’")
    value = int(digits)
    if len(digits) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _safe_date(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


_Parsed = tuple[bool, date | None, tuple[int, int] | None]
# Words of a self-rating, or an earlier "n/10", shortly before "8/10" make it a score.
_RATING_BEFORE = re.compile(
    r"(rat(ed|ing|es|e)\b|scor|pain|mood|anxiety|stress|confidence|wellbeing|suds|level"
    r"|out of|\d/10\b)"
)


# What may stand before a day and month written "9.6.": a weekday of any language, a German
# or French word of time, or "Next:".
_DOTTED_DAY_BEFORE = re.compile(
    rf"(?:\b(?:{_FOREIGN_WEEKDAY}|{_WEEKDAY_ANY_CASE}|(?i:tiistai|maanantai|keskiviikko|torstai"
    r"|perjantai|lauantai|sunnuntai|am|ab|bis|vom|zum|seit|le|el|den))\.?,?\s+"
    r"|(?i:next|nächster|naechster|prochain|próxima|proxima)\s*:\s*)$"
)


# Words of time that make "1. April" a date rather than a numbered list's item.
_DOT_DAY_MONTH_BEFORE = re.compile(
    r"\b(?i:from|since|until|till|by|on|to|before|after|ab|am|vom|bis|seit|zum|des|le)\s+$"
)


# Kinds of festival named before "fest" as its own word: "jazz fest", "crawfish fest".
_FEST_KINDS = frozenset(
    {
        *("jazz", "blues", "folk", "rock", "metal", "punk", "film", "beer", "wine", "food"),
        *("music", "pride", "hemp", "chili", "chilli", "rib", "crawfish", "seafood", "oyster"),
        *("shrimp", "kite", "balloon", "bluegrass", "country", "comedy", "fringe", "art", "arts"),
        *("book", "zine", "craft", "cider", "whisky", "whiskey", "taco", "bbq", "barbecue"),
        *("gumbo", "boudin", "rice", "tulip", "apple", "pumpkin", "harvest", "lantern", "river"),
    }
)


def _named_thing(word: str | None, kinds: frozenset[str] = frozenset()) -> bool:
    """A festival's or storm's name: with a capital, a kind of festival, or no everyday word."""
    if word is None:
        return True
    if word[:1].isupper() and not word.isupper():
        return True
    folded = word.casefold()
    return folded in kinds or (
        folded not in wordlists.english() and folded not in wordlists.allowed()
    )


def _parse(name: str, match: re.Match[str]) -> _Parsed:
    """(valid, full date if known, (month, day) if known)."""
    if name == "fest" and not _named_thing(match["fest"], _FEST_KINDS):
        return False, None, None
    if name == "storm" and not _named_thing(match["storm"]):
        return False, None, None
    if name == "iso":
        return _parse_iso(match)
    if name in ("numeric3", "numeric2"):
        return _parse_numeric(name, match)
    if name in ("dmy", "mdy"):
        return _parse_named_month(match)
    if name == "dot_day_month":
        before = match.string[max(0, match.start() - 12) : match.start()]
        if match["y"] is None and not _DOT_DAY_MONTH_BEFORE.search(before):
            return False, None, None
        return _parse_named_month(match)
    if name == "dm_dotted_short":
        before = match.string[max(0, match.start() - 24) : match.start()]
        if not _DOTTED_DAY_BEFORE.search(before):
            return False, None, None
    if name in ("dm_short", "dm_padded", "dm_dotted_short"):
        first = int(match["a"])
        second = int(match.groupdict().get("b") or match["c"])
        if 1 <= first <= 31 and 1 <= second <= 12:
            return True, None, (second, first)
        if 1 <= first <= 12 and 1 <= second <= 31:
            return True, None, (first, second)  # "4-22": the American order
        return False, None, None
    if name == "dm_dotted":
        day, month = int(match["a"]), int(match["b"])
        return (1 <= day <= 31 and 1 <= month <= 12), None, (month, day)
    return True, None, None


def _parse_iso(match: re.Match[str]) -> _Parsed:
    m, d = int(match["m"]), int(match["d"])
    when = _safe_date(int(match["y"]), m, d)
    return when is not None, when, (m, d)


def _parse_numeric(name: str, match: re.Match[str]) -> _Parsed:
    a, b = int(match["a"]), int(match["b"])
    day_first = name == "numeric3" and match["sep"] == "."  # 14.03.24 is European
    if not day_first and 1 <= a <= 12 and 1 <= b <= 31:
        month, day = a, b  # US order first
    elif 1 <= b <= 12 and 1 <= a <= 31:
        month, day = b, a
    elif 1 <= a <= 12 and 1 <= b <= 31:
        month, day = a, b
    else:
        return False, None, None
    if name == "numeric2":
        # "8/10" after a rating word is a score, not a date.
        before = match.string[max(0, match.start() - 48) : match.start()].casefold()
        # A weekday before it ("TESTED MON 6/10") makes it a day whatever came earlier.
        weekday_first = match.start("a") > match.start()
        if b == 10 and not weekday_first and _RATING_BEFORE.search(before):
            return False, None, None
        return True, None, (month, day)
    return True, _safe_date(_year(match["y"]), month, day), (month, day)


def _parse_named_month(match: re.Match[str]) -> _Parsed:
    month = _month(match["mon"])
    day = int(match["d"])
    if month is None or day > 31:
        return False, None, None
    return True, _safe_date(_year(match.groupdict().get("y")), month, day), (month, day)


# Forms that need a digit run only where digits are; the rest (holidays, "last Friday",
# "in March") scan the whole text.
_NEEDS_DIGITS = frozenset(
    {
        "iso",
        "numeric3",
        "numeric2",
        "dmy",
        "mdy",
        "my",
        "ordinal",
        "weekday_ord",
        "weekday_num",
        "milestone",
        "year_ctx",
        "month_year",
        "season_year",
        "my_any_case",
        "bare_ordinal",
        "event_year",
        "part_year",
        "bare_year",
        "dm_any_case",
        "foreign_day",
        "dm_short",
        "dm_padded",
        "dm_dotted_short",
        "dot_day_month",
        "article_day",
        "foreign_short_day",
    }
)
# A year alone is a guess: the field's vocabulary ("the Prostitution Reform Act 2003") wins.
_UNCERTAIN = frozenset({"bare_year"})


_WEEKDAY_NEEDLES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH_NEEDLES = (
    *("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
)
# Forms that cannot match without one of these words (lower case) run only around them:
# scanning every position of a long summary with a case-insensitive alternation is slow.
_NEEDLES: dict[str, tuple[str, ...]] = {
    "rel_weekday": _WEEKDAY_NEEDLES,
    "ctx_weekday": _WEEKDAY_NEEDLES,
    "weekday_time": _WEEKDAY_NEEDLES,
    "diary_weekday": _WEEKDAY_NEEDLES,
    "month_ctx": _MONTH_NEEDLES,
    "month_short_lower": _MONTH_NEEDLES,
    "spoken_day": _MONTH_NEEDLES,
    "spoken_year": ("nineteen", "twenty"),
    "named_day": ("day",),
    "lone_weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "dm_dotted": (".",),
    "month_rel_year": _MONTH_NEEDLES,
    "month_holiday": ("weekend", "holiday", "term", "break", "recess"),
    "month_range": _MONTH_NEEDLES,
    "half_term": ("term",),
    "fest": ("fest",),
    "storm": ("hurricane", "cyclone", "typhoon", "storm"),
    "month_event": _MONTH_NEEDLES,
    "event_after_time": (
        *("fair", "show", "festival", "fest", "carnival", "parade", "rodeo", "regatta"),
        *("races", "race day", "games", "meet", "expo", "week"),
    ),
    "school_day": ("bank hol", "term", "semester", "school year", "graduation"),
    "nth_weekday": _WEEKDAY_NEEDLES,
    "named_event": (
        *("parade", "procession", "festival", "carnival", "rodeo", "regatta", "fair", "show"),
        *("marathon", "fun run", "street party", "run", "fest", "expo", "airshow"),
        *("stampede", "jamboree", "muster"),
    ),
    "school_break": (
        *("ferie", "lov", "vakantie", "uge", "uke", "vecka", "kw", "woche", "semaine"),
        *("semana", "settimana", "vacances", "vacaciones", "férias", "ferias"),
    ),
    "foreign_weekday": (
        *("lunes", "martes", "rcoles", "jueves", "viernes", "bado", "domingo", "-feira"),
        *("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "montag"),
        *("dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
        *("luned", "marted", "mercoled", "gioved", "venerd", "sabato", "domenica"),
        *("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
        *("poniedzia", "wtorek", "roda", "czwartek", "tek", "niedziela", "ndag", "tisdag"),
        *("onsdag", "torsdag", "fredag", "rdag", "pazartesi", "amba", "embe", "cumartesi"),
    ),
    "holiday": (
        *("christmas", "xmas", "easter", "thanksgiving", "halloween", "hanukkah", "chanukah"),
        *("diwali", "holi", "eid", "ramadan", "passover", "yom ", "rosh", "new year", "nowruz"),
        *("juneteenth", "day", "night", "valentine", "mardi", "pride", "friday", "nye", "nyd"),
        *("hogmanay", "matariki", "oktoberfest", "monday", "super bowl", "purim", "sukkot"),
        *("vesak", "songkran", "tet", "tết", "chuseok", "navratri", "lohri", "pongal", "onam"),
        *("durga", "kwanzaa", "sunday", "holiday", "spring break", "pentecost", "whitsun"),
        *("epiphany", "three kings", "semana santa", "holy week", "wednesday", "tuesday"),
        *("festival", "cinco", "festa", "jo", "noel", "noël", "weihnachten", "silvester"),
        *("ostern", "pfingsten", "navidad", "nochebuena", "nochevieja", "nuevo", "veillon"),
        *("scoa", "natal", "birthday", "weekend", "cup", "final", "carnaval", "karneval"),
        *("freshers", "presidents", "fortnight", "saint-jean", "bday", "b'day", "b’day"),
        *("fiesta", "fleet"),
        *("fasching", "fête", "fete", "midsom", "midsummer", "fiesta", "independencia"),
        *("national", "sankthans", "juhannus", "walpurgis", "valborg", "carnival", "lent"),
        *("aïd", "'aid", "’aid", "sorry", "jaani", "jāņi", "jani", "jonin", "kupala"),
    ),
    "festival": (
        *("fiesta", "fallas", "ferm", "merc", "semana", "feria", "pilar", "de la", "de todos"),
        *("de san", "de muertos", "grito", "fête", "fete", "toussaint", "saint-", "quatorze"),
        *("festa", "ferragosto", "koningsdag", "sinterklaas", "bevrijding", "einheit"),
        *("sankt", "nikolaus", "martinmas", "saints", "souls", "corpus", "assumption", "st"),
        *("burns", "carnival", "carnaval", "fringe", "glastonbury", "eisteddfod", "hari raya"),
        *("deepavali", "thaipusam", "vaisakhi", "baisakhi", "raksha", "ganesh", "dussehra"),
        *("dasara", "karva", "sankranti", "janmashtami", "mawlid", "ashura", "omer", "shavuot"),
        *("simchat", "shvat", "obon", "golden week", "tanabata", "seollal", "qingming"),
        *("festival", "krathong", "timkat", "enkutatash", "homowo", "odwira", "emancipation"),
        *("trans day", "aids day", "workers", "umbrella", "mardi", "pride"),
        *("fashion", "freshers", "o-week", "schoolies", "parade", "marathon", "fest", "week"),
        *("powwow", "pow wow", "regatta", "rodeo", "stampede", "mela", "feis", "fleadh", "fair"),
        *("ching", "ghost", "double", "chung", "dano", "qixi", "procession", "parade", "feast"),
        *("twelfth",),
    ),
}


def find_dates(text: str) -> Iterator[Finding]:
    near_digits = windows(text, DIGITS, 60, 60)
    everywhere = [(0, len(text))]
    folded = text.lower()
    if len(folded) != len(text):
        folded = ""  # a case mapping changed the length: scan everywhere instead
    # Several forms share a needle list (the weekdays, the months, the holidays): each list
    # is looked for once a text.
    found_near: dict[tuple[str, ...], list[Window]] = {}
    for name, regex in _COMPILED:
        needles = _NEEDLES.get(name)
        if name in _NEEDS_DIGITS:
            where = near_digits
        elif needles and folded:
            if needles not in found_near:
                found_near[needles] = literal_windows(folded, needles, 60, 60)
            where = found_near[needles]
        else:
            where = everywhere
        for match in scan(regex, text, where):
            valid, when, month_day = _parse(name, match)
            if not valid:
                continue
            start, end = match.span("span") if "span" in match.groupdict() else match.span()
            # A closing period belongs to the sentence, even after "Jan".
            while end > start and text[end - 1] in ",. ":
                end -= 1
            certain = name not in _UNCERTAIN
            yield Finding(start, end, "date", "pattern", certain, None, when, month_day)


# Words that make an everyday day or week, never a named one: "EVERY DAY", "A BAD DAY",
# "NEXT WEEK". Read in capitals only, where nothing else tells a name from a word.
_NOT_NAMING_DAY = (
    r"EVERY|ONE|THAT|THIS|SAME|NEXT|LAST|WHOLE|FULL|BAD|GOOD|LONG|HARD|FIRST|SECOND|THIRD|EACH"
    r"|ANY|SOME|OTHER|SCHOOL|WORK|WORKING|REST|PAY|HALF|THE|A|AN|HER|HIS|THEIR|MY|OUR|YOUR"
    r"|BUSY|QUIET|SLOW|SICK|OFF|FREE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|TEN|ALL|MOST|PER|NEW|OLD|BIG"
    r"|SAD|HAPPY|GREAT|NICE|LOVELY|LATE|EARLY|COLD|HOT|WET|TRAINING|SPORTS|FAMILY|VISITING"
    r"|CLEANING|BIN|EASY|TOUGH|LONGER|SHORT|SHORTER|WHICH|WHAT|NO|A\s+FEW|FEW|SEVERAL|MANY"
    r"|DURING|IN|ON|AT|FOR|BY|OF|TO|AND|OR|BUT|IS|WAS|ARE|WEEK|DAY|NIGHT|MONTH|ONE\s+MORE|MORE"
    r"|IT|THAT'S|TODAY|EVEN|SPA|CARE|RACE|GAME|MATCH"
)
_SHOUTED_LEAD = (
    r"(?<![\w'’])(?:SINCE|BEFORE|AFTER|ON|AROUND|DURING|OVER|UNTIL|TILL|BY|FOR|AT|FROM)\s+"
)
_SHOUTED = [
    # "ARREARS SINCE MARTYRS DAY", "BEFORE UNITY DAY", "JUST BEFORE MAY WEEK": after a word
    # that dates something, one or two words and DAY or WEEK.
    re.compile(
        rf"{_SHOUTED_LEAD}(?:THE\s+)?(?P<span>(?!(?:{_NOT_NAMING_DAY})\s)"
        rf"(?:(?!(?:{_NOT_NAMING_DAY})\s)[A-Z][A-Z'’-]+\s+){{1,2}}(?:DAY|WEEK)(?![\w'’]))"
        r"(?!\s+(?:CENTRE|CENTER|PROGRAM|PROGRAMME|SERVICES?|HOSPITAL|UNIT|CARE|SURGERY|CLUB|SPA"
        r"|RATE|SHIFTS?|JOB|WORK|TRIP|OFF)\b)"
    ),
    # "THE PROCESSION OF THE SPECIES", "THE FEAST OF ST ANNE"
    re.compile(
        r"(?<![\w'’])(?P<span>(?:PROCESSION|PARADE|FEAST|FESTIVAL|CARNIVAL|FIESTA|FÊTE|FETE)\s+OF"
        r"\s+(?:THE\s+)?(?:ST\.?\s+)?[A-Z][A-Z'’-]+)"
    ),
]


def find_shouted_dates(original: str) -> Iterator[Finding]:
    """Named days and events written in capitals ("UNITY DAY", "MAY WEEK"), read as typed:
    the shadow the other forms read has lowered their words."""
    for regex in _SHOUTED:
        for match in regex.finditer(original):
            yield Finding(match.start("span"), match.end("span"), "date", "pattern", False)
