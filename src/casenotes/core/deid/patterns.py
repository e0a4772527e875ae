"""Layer 2: identifiers recognisable by their shape (dates are in ``dates.py``).

Every regex is compiled once at import. Clinical numbers (scores such as "PHQ-9 = 8",
"session 6", "50 minutes", doses, ages of 89 and under) are deliberately left alone:
each pattern needs either a telling shape or a telling word next to it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers

from casenotes.core.deid import wordlists
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import (
    AT_SIGN,
    DIGITS,
    Window,
    literal_windows,
    scan,
    windows,
)

_TLDS = (
    "com|net|org|edu|gov|io|co|uk|ca|de|me|info|biz|app|xyz|example|site|online|link|us|au"
    "|fr|es|nl|tv|ly|page|club|store|blog|fans|live|social|nz|ie|eu|ch|se|dk|fi|pl|jp|in|br"
    "|mx|cz|at|be|pt|it|gr|il|za|sg|hk|kr|tw|gg|ai|dev|cc|ws|xxx|sex|porn|adult|dating|love"
)
_TRAILING = ".,;:!?)]}'\"”’"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
EMAIL_SPOKEN = re.compile(
    r"(?<![\w.+-])[\w+-]+(?:(?:\.|\s*\(dot\)\s*|\s*\[dot\]\s*|\s+dot\s+)[\w+-]+)*"
    r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[\w-]+"
    r"(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+)\s*[\w-]+)+(?![\w-])",
    re.IGNORECASE,
)
URL_SCHEME = re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>\"'\[\]{}|]+", re.IGNORECASE)
URL_BARE = re.compile(
    rf"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})(?::\d{{2,5}})?"
    r"(?:/[^\s<>\"'\[\]{}|]*)?(?![\w@-])",
    re.IGNORECASE,
)
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
PHONE_CANDIDATE = re.compile(
    # A dot inside a number only between digits: "0131 555 0446. 16 Canaan Lane" ends
    # at the full stop.
    # A number never runs across a line break: "Tel 0161 496 0552" then a date line.
    r"(?<![\w+/.,-])(?:\+|\()?\d(?:[\d \t\u00a0()\-]|\.(?=\d)){5,20}\d(?![\w/]|[.,]\d|-\d)"
    # German, Austrian and Swiss habit: area code, slash, number ("0171/5551234").
    r"|(?<![\w+/.,-])0\d{2,5}/[ \t]?\d[\d \t\-]{3,10}\d(?![\w/]|[.,]\d)"
)
_SEVEN_DIGIT = re.compile(r"^\d{3}[-. ]\d{4}$")

_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Terrace|Ter|Row"
    r"|Court|Ct|Place|Pl|Close|Crescent|Cres|Circle|Cir|Square|Sq|Parkway|Pkwy|Highway|Hwy"
    r"|Trail|Trl|Walk|Gardens|Mews|Alley|Loop|Pike|Grove|Hill|Path|Plaza|Crossing|Green"
    r"|Rise|View|Park|Heights|Ridge|Wynd|Gate|Quay|Wharf)"
)
_UNIT = r"(?:Apt\.?|Apartment|Unit|Suite|Ste\.?|Flat|Floor|Fl\.?|Room|Rm\.?|Bldg\.?|Building|#)"
ADDRESS = re.compile(
    rf"(?<![\w-])\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'’.-]*\s+){{1,4}}?"
    rf"{_STREET}\.?(?!\w)(?:,?\s*{_UNIT}\s*#?\s*[\w-]{{1,6}}(?!\w)){{0,2}}"
)
# Street first, number after, as most of Europe and Latin America write it:
# "Gaswerkgasse 7/3", "Ignaz-Harrer-Straße 41", "Calle del Pez 12", "Rua Augusta, 45",
# "Chemin des Oches 17" (Swiss French: the street first).
EU_ADDRESS = re.compile(
    r"(?<![\w-])(?:[A-ZÀ-Þ][\w'’.-]*(?i:straße|strasse|str\.|gasse|weg|platz|allee|damm"
    r"|steig|laan|straat|gracht|plein|kade|dijk|vej|gade|gatan|vägen|veien|gata|utca|ulica)"
    r"|(?:Calle|C/|Avda\.|Avenida|Av\.|Rua|Via|Viale|Piazza|Corso|Plaza|Paseo|Carrer|Travessa"
    r"|Largo|Praça|Ulica|ul\.|Chemin|Ch\.|Rue|Route|Avenue|Boulevard|Bd|Allée|Quai|Impasse"
    r"|Ruelle|Sentier)[ \t]+(?:(?:de|del|la|los|las|da|do|dos|das|di|della|dei|degli|du|des"
    r"|le|les|aux)[ \t]+)*(?:[dl]['’])?[A-ZÀ-Þ][\w'’-]*(?:[ \t]+[A-ZÀ-Þ][\w'’-]*){0,3},?)"
    r"[ \t]+(?:n[º°o]\.?[ \t]*)?\d{1,4}[a-zA-Z]?(?:[ \t]*[/-][ \t]*\d{1,3})?(?![\w/-]|[.,]\d)"
)
# "31st Street", "5th Ave": a numbered street alone narrows a place down to a few blocks.
# Without the word for a street: "on East 64th", "SE 82nd", and after a word of where, a number
# no day of a month can have ("did street work on 82nd", "at 42nd and Main").
NUMBERED_STREET = re.compile(
    rf"(?<![\w-])\d{{1,3}}(?i:st|nd|rd|th)\s+(?i:{_STREET})\.?(?!\w)"
    r"|(?<![\w-])(?:[NS][EW]?|[EW]|(?i:north|south|east|west))\.?[ \t]+"
    r"\d{1,3}(?i:st|nd|rd|th)(?!\w)"
    r"|\b(?:on|off|along|down|near|past|onto)[ \t]+"
    r"(?P<span>(?:3[2-9]|[4-9]\d|1\d\d)(?i:st|nd|rd|th))(?![\w-])"
    r"(?!\s+(?i:percentile|birthday|anniversary|place|time|day|week|floor|year|street|st\b|ave))"
)
UNIT_ALONE = re.compile(rf"(?<!\w){_UNIT}\s*#?\s*\d+[A-Za-z]?(?!\w)")
PO_BOX = re.compile(
    r"(?<!\w)(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box)\s*#?\s*\d+(?!\w)", re.IGNORECASE
)
ROUTE = re.compile(
    r"(?<!\w)(?:Route|Rte\.?|Highway|Hwy\.?|Interstate|I-|State\s+Road|SR)"
    r"\s?\d{1,4}[A-Z]?(?!\w|\s*(?:%|mg|ml|kg|km|mins?|minutes|hours|hrs)\b)"
)
# In lower case or capitals, after a word of where or moving: "off rte 9", "sur la route 133"
# ("discussed route 1 versus route 2" is a choice, not a road). The road's word comes first
# in the pattern so that the scan stops only at roads; the word before is checked after.
ROUTE_ANY_CASE = re.compile(
    r"(?i:\b(?:route|rte\.?|highway|hwy\.?|interstate|autoroute))\s?\d{1,4}[A-Za-z]?"
    r"(?!\w|\s*(?:%|mg|ml|kg|km|mins?|minutes|hours|hrs)\b)"
)
_ROUTE_BEFORE = re.compile(
    r"\b(?i:on|off|along|onto|via|down|up|near|by|la|sur|took|take|taking|drove|drive|driving"
    r"|from|at|to|past|exit)\s+$"
)
INFORMAL_ADDRESS = re.compile(
    r"(?<!\w)the\s+(?:[a-z]+\s+){0,3}(?:house|home|flat|apartment|building|trailer|cabin"
    r"|duplex|bungalow|cottage|farmhouse|caravan|block)\s+(?:just\s+)?(?:past|next\s+to"
    r"|behind|across\s+from|opposite|near|beside|by|on\s+the\s+corner\s+of|at\s+the\s+end\s+of"
    r"|above|below|over)\s+the\s+[^.;:\n]{2,80}?(?=[.;:\n]|,\s|$)"
)

ZIP_AFTER_PLACE = re.compile(
    r"(?:\b[A-Z]{2}|\b[A-Z][\w'’-]+,?)\s+(?P<span>\d{5}(?:-\d{4})?)(?![\w-]|[.,]\d)"
)
ZIP_PLUS4 = re.compile(r"(?<![\w-])\d{5}-\d{4}(?![\w-])")
ZIP_CONTEXT = re.compile(
    r"\b(?:zip|postcode|post\s+code|postal\s+code)(?:\s+code)?\s*:?\s*"
    r"(?P<span>[A-Z0-9]{3,5}(?:[ -][A-Z0-9]{3,4})?)(?!\w)",
    re.IGNORECASE,
)
UK_POSTCODE = re.compile(r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}(?![\w-])")
CA_POSTCODE = re.compile(r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d(?![\w-])")

ID_CONTEXT = re.compile(
    r"\b(?:MRN|medical\s+record(?:\s+number)?|member\s+ID|patient\s+ID|client\s+ID|ID"
    r"|acct\.?|account|policy|claim|case|licen[cs]e|SSN|NI|NHS|passport|chart|record"
    r"|invoice|ref(?:erence)?|routing|card|Medicaid|Medicare|insurance|collar|badge|warrant"
    r"|docket|incident|crime|custody|booking|inmate|prisoner|shoulder)"
    r"(?:\s+(?:#|no\.?|num(?:ber)?\.?|ID))?\s*(?:ending\s+(?:in\s+)?|last\s+four\s+)?[:#]?\s*"
    r"(?P<span>(?:(?!(?i:MRN|ID|NHS|SSN|NI|NO|REF|ACCT)\s)(?-i:[A-Z]{2,5})\s(?=\d))?(?=[A-Z0-9/-]*\d)[A-Z0-9](?:[A-Z0-9/-]*[A-Z0-9])?)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d-(?:19|20)?\d\d")
ID_GENERIC = re.compile(r"(?<![\w$£€.,/-])[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?(?![\w%-]|[.,]\d)")
SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
PLATE_CONTEXT = re.compile(
    r"\b(?:plates?|licen[cs]e\s+plate|number\s+plate|registration|reg\.?|regos?|tags?)"
    r"(?:\s+(?:number|no\.?|#))?(?:\s+of\s+(?:his|her|their|the|a)\s+[a-z]{2,12})?"
    r"\s*(?:of\s+|was\s+|is\s+|reading\s+|reads\s+)?[:#,]?\s*"
    r"(?P<span>[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5})(?!\w)",
    re.IGNORECASE,
)
# "TRUCK MO 7XK-P31", "his ute 1XR-4QD": a plate right after the vehicle it is on (a state's
# two letters may come first). The plate mixes letters and digits, in one word.
VEHICLE_THEN_PLATE = re.compile(
    r"\b(?i:truck|car|van|ute|vehicle|suv|sedan|hatchback|motorbike|camper|rig|pickup)(?:['’]s)?"
    r"\s+(?:(?i:is|was|reg|plate)\s+)?(?:[A-Za-z]{2}\s+)?"
    r"(?P<span>(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,4}-?[A-Z0-9]{2,5})(?![\w-])"
)
# British plates, current ("WU19 KHT") and older ("H47 KLP"), with their space.
UK_PLATE = re.compile(r"(?<![\w-])(?:[A-Z]{2}\d{2}\s[A-Z]{3}|[A-Z]\d{1,3}\s[A-Z]{3})(?![\w-])")
PLATE_SHAPE = re.compile(
    r"(?<![\w-])(?=[A-Z0-9]{5,8}(?![\w-]))\d?[A-Z]{1,4}\d{2,4}[A-Z]{0,3}"
    r"(?![\w-])|(?<![\w-])\d{1,4}[A-Z]{2,4}\d{1,4}(?![\w-])"
)

# A plate written with its separator: "ZBT-771", "KVR-4521", "3KD 991", "1GHT 552". Not a
# measure, a code or a score ("PHQ-9", "ICD-10", "NHS 111", "CPT 90837").
_NOT_PLATE_HEAD = (
    r"(?!(?:NHS|ICD|CPT|DSM|PHQ|GAD|PCL|RTC|APT|COVID|SARS|HIV|STI|ISO|TX|DOB|BP|HR|RR"
    r"|SB|HB|AB|AUD|USD|EUR|GBP|NZD|CAD|ZAR|SGD|INR|CHF|JPY|MXN|BRL|HKD|PHP|THB)[- ])"
)
PLATE_SEPARATED = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,3}[- ]\d{3,4}[- ][A-Z]{1,3}"  # "AB 4721 KX"
    rf"|{_NOT_PLATE_HEAD}[A-Z]{{2,4}}[- ](?!(?:19|20)\d\d(?!\d))\d{{3,4}}"
    r"|\d[A-Z]{2,4}[- ]?\d{3,4})(?![\w-]|[.,]\d)"
)

_AGE = r"(?:9\d|1[01]\d)"
_MONTH_OR_DAY = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?"
    r"|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"|(?i:her|his|their)\s+birthday"
)
_UNITS_AFTER = (
    r"(?!\s*(?:%|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|seconds?|mg|mcg|ml"
    r"|kg|lbs?|pounds|dollars|euros?|times|sessions|beats|bpm|points|pts|degrees|km|miles)\b)"
)
_NOT_AGE_AFTER = (
    r"(?!\s*(?:%|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|seconds?|mg|mcg|ml"
    r"|kg|lbs?|pounds|dollars|times|sessions|beats|bpm|points|pts)\b)(?![\w%]|[.,]\d)"
)
AGES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?<![\w.])(?P<span>{_AGE})(?:\s*|-)(?:years?|yrs?|y/?o)(?:[-\s]old)?(?!\w)",
        # "tiene 96 años", "elle a 92 ans", "ist 94 Jahre alt", "tem 91 anos", "93 jaar"
        rf"(?<![\w.])(?P<span>{_AGE})\s+(?:años|anos|ans|jahre|jaar|anni|lat)(?!\w)",
        rf"\baged?\s+(?P<span>{_AGE}){_NOT_AGE_AFTER}",
        rf"(?:\b(?:is|was|reached)|\b(?:she|he|who|mum|mam|dad|nan|gran|granny)['’]s)"
        rf"\s+(?P<span>{_AGE}){_NOT_AGE_AFTER}"
        # "is 95 on the scale" is no age; "is 90 on 3 May", "is 90 on Sunday" is.
        rf"(?!\s+(?:out|of)\b|\s+in\s+(?!an?\b)|\s+on\s+(?!(?:the\s+)?\d|(?:{_MONTH_OR_DAY})\b))",
        # "turned 93 on the 3rd of May"
        rf"\b(?:turns|turned|turning)\s+(?P<span>{_AGE}){_NOT_AGE_AFTER}(?!\s+(?:out|of)\b)",
        # "her 90th birthday"
        rf"(?<![\w.])(?P<span>{_AGE}(?:st|nd|rd|th))\s+birthday\b",
        # "still alive at 94", "actually 91", "92 on his next birthday"
        rf"\b(?:at|now|still|actually|nearly|almost|over|past)\s+(?P<span>{_AGE})"
        rf"{_UNITS_AFTER}(?![\w%]|[.,:]\d|\s*(?:am|pm|a\.m|p\.m)\b)",
        rf"(?<![\w.])(?P<span>{_AGE})\s+on\s+(?:her|his|their|my)\s+(?:next\s+)?birthday\b",
        # "his dad lived to 98", "she made it to 96"
        rf"\b(?:lived|lives|living|made\s+it|make\s+it)\s+to\s+(?P<span>{_AGE}){_NOT_AGE_AFTER}",
    )
)
# "she's ninety-three", "turned ninety one", "aged a hundred and one": an age spelled out.
AGE_SPELLED = re.compile(
    r"(?:\b(?:is|was|reached|turns|turned|turning|aged?|lived\s+to|made\s+it\s+to)"
    r"|\b(?:she|he|who|mum|mam|dad|nan|gran|granny)['’]s)\s+"
    r"(?P<span>ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one)\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
    r"(?![\w'’-]|\s+(?:percent|per\s+cent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?"
    r"|seconds?|degrees|pounds|dollars|euros|quid|bucks|times|kilos|miles|k\b|grand|sessions"
    r"|points|pts|beats|bpm|mg|ml|people))",
    re.IGNORECASE,
)
AGE_WORDS = re.compile(
    r"\b(?:nonagenarian|centenarian|supercentenarian|in\s+(?:her|his|their|my)\s+"
    r"(?:late\s+)?(?:90s|nineties|100s))\b",
    re.IGNORECASE,
)
AGE_APPOSITIVE = re.compile(
    # "Rosa, 96 next month, is": an age set off after a name, or said with when it is reached.
    rf"[^\W\d_][\w'’-]*(?:,\s(?P<span>{_AGE})(?=\s*[,;—–]|\s+-\s"
    rf"|\s+(?i:next\s+(?:month|year|birthday)|this\s+year)\b)|\s\((?P<span2>{_AGE})\)|,\s"
    rf"(?P<span3>{_AGE})(?=\)))"
)

# A bare handle is at least this long: shorter words after "page" are words of a sentence.
_MIN_BARE_HANDLE = 6
HANDLE_AT = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[\w.]*\w)?")
HANDLE_CONTEXT = re.compile(
    r"\b(?:handle|username|user\s?name|screen\s?name|gamertag|profile\s+name)\s+"
    r"(?:is\s+|was\s+|of\s+)?[\"“]?(?P<span>@?[A-Za-z0-9_.]*[a-z0-9_][A-Za-z0-9_.]*?)(?=[\"”]?(?:\W|$))"
)
# "on Discord he is percyplays", "Instagram: @x", "her Snapchat is kittyk"
HANDLE_ON_PLATFORM = re.compile(
    r"\b(?:on|via)\s+[A-Z][\w.]+,?\s+(?:(?:he|she|they|her\s+handle|his\s+handle)\s+"
    r"(?:is|are|was|goes\s+by)|as)\s+(?P<span>@?[a-z0-9_.]*[a-z0-9_](?:[a-z0-9_.]*[a-z0-9_])?)"
    r"(?![\w@-])"
    r"|\b[A-Z][\w.]+\s+(?:handle|account|username|name|profile|is)\s*:?\s+"
    r"(?P<span2>@?[a-z0-9_.]*[0-9_][a-z0-9_.]*)(?![\w@-])"
)
# "a profile, luzdelmar,", "her account sunnyvibes_x on": a word for an account, then one
# token that no dictionary knows, set off as a name is. Other languages' words for it too.
HANDLE_AFTER_ACCOUNT = re.compile(
    r"\b(?i:profile|account|acct|page|channel|perfil|cuenta|compte|profil|konto|conta|canal)"
    r"(?:\s+(?i:name|is|was|called|named|as|es|se\s+llama|heißt|est))?\s*[,:]?\s+[\"“'‘]?"
    r"(?P<span>@?[a-z0-9_.]*[a-z0-9_][a-z0-9_.]*?)(?=[\"”'’]?(?:[,;:)]|\.(?:\s|$)|\s+(?i:on|en|em"
    r"|sur|auf|in|for|para|pour|at)\b|\s*$))"
)
# "$hazeldsm": a payment app's cashtag (an amount starts with a digit).
CASHTAG = re.compile(r"(?<![\w$])\$[A-Za-z][A-Za-z0-9_]{2,19}(?![\w$])")
# "advertises as tansy.wgnui": two parts of three letters or more joined by a point, in
# lower case, that make no web address or file name.
DOTTED_HANDLE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9_]{2,}\.[a-z][a-z0-9_]{2,}(?![\w@/-]|\.\w)")
# Web domains and file names, whose last part says what they are.
_NOT_HANDLE_ENDINGS = frozenset(
    {
        *("com", "org", "net", "edu", "gov", "info", "app", "pdf", "doc", "docx", "txt"),
        *("rtf", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "csv", "json", "xml", "html"),
        *("htm", "php", "asp", "aspx", "css", "js", "md", "py", "jpg", "jpeg", "png", "gif"),
        *("svg", "webp", "heic", "tif", "tiff", "mp3", "mp4", "m4a", "wav", "mov", "avi"),
        *("zip", "tar", "gz", "exe", "dmg", "pkg", "deb", "rpm", "msi", "eml", "msg", "ics"),
        *("vcf", "log", "bak", "tmp", "ini", "cfg", "yaml", "yml", "toml", "sql", "db"),
    }
)
# "IG: @kit", "snap kittyk", "Telegram is k_ravel": a platform name, then the handle.
HANDLE_AFTER_PLATFORM = re.compile(
    r"\b(?i:IG|Insta(?:gram)?|Snap(?:chat)?|Twitter|TikTok|Telegram|Kik|Discord|Reddit"
    r"|OnlyFans|Fansly|Threads|Bluesky|Grindr|Tryst|Slixa|Tinder|Hinge|Feeld|Venmo|CashApp"
    r"|Cash\s+App|PayPal|Skype|Twitch)\s*(?::|handle\s*:?|name\s*:?|is|=)?\s+"
    r"(?P<span>@?(?=[\w.]*[A-Za-z])[A-Za-z0-9_][\w.]*\w)"
)
# "(stage name RUBY)", "working name Scarlett Rose": the cue makes the next word a name.
ALIAS_CUED = re.compile(
    r"\b(?i:stage|working|work|scene|professional|performer|screen|pen|club|house)\s+"
    r"(?i:name)\s*(?i:is|was|:|-|,)?\s*[\"“'‘]?(?P<span>[^\W\d_][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*){0,2})"
)
# What follows "her working name" that is no name: "is on the ad", "and her real name",
# "changed", "private".
_NOT_A_STAGE_NAME = frozenset(
    {
        *("is", "was", "the", "a", "an", "and", "or", "but", "on", "in", "at", "for", "of"),
        *("to", "from", "with", "as", "by", "her", "his", "their", "my", "its", "it", "that"),
        *("this", "which", "who", "when", "because", "so", "too", "also", "only", "still"),
        *("changed", "changes", "private", "secret", "public", "out", "online", "off"),
        *("now", "then", "again", "tag", "card", "badge", "list", "change", "unknown"),
        *("not", "none", "withheld", "n/a", "same", "different", "new", "old"),
    }
)
# A nickname in quotation marks between a first name and a surname: 'Jasmine "Jaz" Halvorsen'.
ALIAS_BETWEEN_NAMES = re.compile(
    r"\b[A-Z][a-z]+\s[\"“](?P<span>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)[\"”]\s(?=[A-Z][a-z])"
)
# Australian and New Zealand postcodes: four digits after a state or at the end of an
# address line after its town ("NSW 2010", "Mount Eden, Auckland 1024 |").
AU_POSTCODE = re.compile(
    r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+(?P<span>\d{4})(?!\d)"
    r"|\b[A-Z][a-z]{2,}\s(?P<span2>\d{4})(?=\s*(?:\||\n|$|;))"
)
# An address on a payment app with no dot after the "@": "quickpay.fz@oksbi" (UPI).
PAYMENT_ADDRESS = re.compile(r"(?<![\w.@])[\w.\-]{2,}@[a-z]{2,}(?![\w.@-])")
ALIAS_CONTEXT = re.compile(
    r"\b(?:as|name|named|called|calls\s+(?:her|him|them)sel(?:f|ves)|goes\s+by|known\s+as"
    r"|under|alias|persona|stage\s+name|working\s+name)\s*,?\s+[\"“'‘](?P<span>[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*){0,3}?)[,.!?]?[\"”'’](?!\w)"
)
# A quoted nickname in brackets right after a name: "Tunde Bakare ('T-Money')".
ALIAS_IN_BRACKETS = re.compile(
    r"(?<=[^\W\d_])\s\(\s*[\"“'‘](?P<span>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}?)"
    r"[\"”'’]\s*\)"
)


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# Regions tried after the practitioner's own: countries whose national formats notes hold
# most often. A number counts when any of them reads it as a possible number.
FALLBACK_REGIONS: tuple[str, ...] = (
    *("US", "GB", "IE", "AU", "NZ", "CA", "DE", "FR", "ES", "IT", "NL", "BE", "PT", "AT"),
    *("CH", "SE", "NO", "DK", "PL", "BR", "MX", "AR", "CO", "IN", "PH", "ZA", "NG", "KE"),
)
# Digit groups as people write them at home: "0113 496 0000", "(03) 9555 0123",
# "087-123-4567", "06 12 34 56 78". The last net when no region reads the number.
_GROUPED = re.compile(r"\+?\(?\d{1,5}\)?(?:[ .\-/]?\(?\d{2,5}\)?){1,5}")
# Shapes of other things: dates, year ranges, US social security numbers and ZIP+4 codes.
_NOT_PHONE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"
    r"|(?:19|20)\d\d\s?[-/]\s?(?:19|20)\d\d|\d{3}-\d{2}-\d{4}|\d{5}-\d{4}"
)


def _is_phone(candidate: str, region: str | None = None) -> bool:
    if "\n" in candidate:
        return False
    digits = _digits(candidate)
    if len(digits) == 7:
        return bool(_SEVEN_DIGIT.match(candidate))
    if not 8 <= len(digits) <= 15 or _NOT_PHONE.fullmatch(candidate.strip("()")):
        return False
    if candidate.startswith("+"):
        return _possible(candidate, None)
    regions = (region.upper(), *FALLBACK_REGIONS) if region else FALLBACK_REGIONS
    if any(_possible(candidate, r) for r in regions):
        return True
    return bool(_GROUPED.fullmatch(candidate)) and 9 <= len(digits) <= 13


def _possible(candidate: str, region: str | None) -> bool:
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return False
    # "Possible", not "valid": the reserved numbers of fiction are possible though not valid.
    return bool(phonenumbers.is_possible_number(number))


def find_phones(
    text: str, near_digits: list[Window] | None = None, region: str | None = None
) -> Iterator[Finding]:
    where = near_digits if near_digits is not None else [(0, len(text))]
    for match in scan(PHONE_CANDIDATE, text, where):
        start, end = match.span()
        candidate = match.group()
        if candidate.startswith("(") and ")" not in candidate[1:6]:
            start += 1
            candidate = candidate[1:]
        candidate_end = _strip_trailing(text, start, end)
        candidate = text[start:candidate_end]
        if _is_phone(candidate.strip(), region):
            yield Finding(start, candidate_end, "phone", "pattern")


_DIGIT_WORD = (
    r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|double\s+\w+|triple\s+\w+)"
)
# A number read aloud, as dictation writes it: "zero nine one seven five five five ...".
SPOKEN_PHONE = re.compile(rf"(?<![\w-])(?i:{_DIGIT_WORD}(?:[\s,-]+{_DIGIT_WORD}){{6,14}})(?![\w-])")


def find_spoken_phones(text: str, folded: str) -> Iterator[Finding]:
    if not folded or (
        "five" not in folded
        and "zero" not in folded
        and "nine" not in folded
        and "one" not in folded
    ):
        return
    for m in SPOKEN_PHONE.finditer(text):
        words = re.findall(r"[a-z]+", m.group().casefold())
        # "double five" is two digits and "triple nine" three: the word before counts extra.
        digits = sum(2 if w == "triple" else 1 for w in words)
        # "one or two" is a count, not a number: seven digit words or more, few "o"s.
        if digits >= 7 and sum(1 for w in words if w in ("o", "oh")) <= 2:
            yield Finding(m.start(), m.end(), "phone", "pattern")


def _span(match: re.Match[str]) -> tuple[int, int]:
    return match.span("span") if "span" in match.groupdict() else match.span()


_SPOKEN_WORDS = (" dot ", "(dot)", "[dot]", "(at)", "[at]", "{at}")
_PLATFORM_WORDS = (
    *("ig", "insta", "snap", "twitter", "tiktok", "telegram", "kik", "discord", "reddit"),
    *("onlyfans", "fansly", "threads", "bluesky", "grindr", "tryst", "slixa", "tinder"),
    *("hinge", "feeld", "venmo", "cashapp", "cash app", "paypal", "skype", "twitch"),
)
_DOMAIN_TRIGGER = re.compile(r"[a-z0-9]\.[a-z]", re.IGNORECASE)
_SCHEME_TRIGGER = re.compile(r"://|www\.", re.IGNORECASE)


def find_patterns(text: str, region: str | None = None) -> Iterator[Finding]:
    """All shape-based findings except dates; overlaps are resolved by the engine."""
    near_digits = windows(text, DIGITS, 90, 140)
    # Lower-casing keeps offsets for the scripts notes use; if it ever changed the length,
    # scan everywhere rather than risk a wrong window.
    folded = text.lower()
    if len(folded) != len(text):
        folded = ""
    everywhere = [(0, len(text))]

    def near(words: tuple[str, ...], before: int, after: int) -> list[Window]:
        return literal_windows(folded, words, before, after) if folded else everywhere

    near_at = windows(text, AT_SIGN, 80, 120)
    for regex, where in (
        (EMAIL, near_at),
        (EMAIL_SPOKEN, near(_SPOKEN_WORDS, 80, 100)),
    ):
        for m in scan(regex, text, where):
            yield Finding(m.start(), _strip_trailing(text, *m.span()), "email", "pattern")
    for regex, where in (
        (URL_SCHEME, windows(text, _SCHEME_TRIGGER, 10, 300)),
        (URL_BARE, windows(text, _DOMAIN_TRIGGER, 80, 300)),
    ):
        for m in scan(regex, text, where):
            yield Finding(m.start(), _strip_trailing(text, *m.span()), "url", "pattern")
    for m in scan(IPV4, text, near_digits):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        yield Finding(m.start(), m.end(), "ip", "pattern")
    for m in scan(IPV6, text, near_digits):
        if m.group().count(":") < 3 and "::" not in m.group():
            continue
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        yield Finding(m.start(), m.end(), "ip", "pattern")
    yield from find_phones(text, near_digits, region)
    yield from find_spoken_phones(text, folded)
    for m in scan(ROUTE_ANY_CASE, text, near_digits):
        if _ROUTE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            yield Finding(m.start(), m.end(), "address", "pattern")
    for regex in (ADDRESS, EU_ADDRESS, NUMBERED_STREET, UNIT_ALONE, PO_BOX, ROUTE):
        for m in scan(regex, text, near_digits):
            if "span" in regex.groupindex and m["span"]:
                yield Finding(*m.span("span"), "address", "pattern")
                continue
            yield Finding(m.start(), _strip_trailing(text, *m.span()), "address", "pattern")
    for m in INFORMAL_ADDRESS.finditer(text):
        yield Finding(m.start(), _strip_trailing(text, *m.span()), "address", "pattern")
    for regex in (ZIP_AFTER_PLACE, ZIP_PLUS4, ZIP_CONTEXT, UK_POSTCODE, CA_POSTCODE):
        for m in scan(regex, text, near_digits):
            yield Finding(*_span(m), "zip", "pattern")
    yield from _find_ids(text, near_digits)
    for m in scan(PLATE_CONTEXT, text, near_digits):
        if re.search(r"\d", m.group("span")):
            yield Finding(*_span(m), "vehicle", "pattern")
    for m in scan(VEHICLE_THEN_PLATE, text, near_digits):
        yield Finding(*_span(m), "vehicle", "pattern")
    for m in scan(UK_PLATE, text, near_digits):
        yield Finding(m.start(), m.end(), "vehicle", "pattern", certain=False)
    for m in scan(PLATE_SHAPE, text, near_digits):
        yield Finding(m.start(), m.end(), "vehicle", "pattern", certain=False)
    for m in scan(PLATE_SEPARATED, text, near_digits):
        yield Finding(m.start(), m.end(), "vehicle", "pattern", certain=False)
    for regex in AGES:
        for m in scan(regex, text, near_digits):
            yield Finding(*_span(m), "age", "pattern")
    for m in scan(AGE_SPELLED, text, near(("ninety", "hundred"), 40, 60)):
        yield Finding(*_span(m), "age", "pattern")
    for m in scan(AGE_WORDS, text, near(("nonagenarian", "centenarian", "0s", "nineties"), 40, 20)):
        yield Finding(m.start(), m.end(), "age", "pattern")
    for m in scan(AGE_APPOSITIVE, text, near_digits):
        group = next(g for g in ("span", "span2", "span3") if m.group(g))
        yield Finding(*m.span(group), "age", "pattern")
    for m in scan(HANDLE_AT, text, near_at):
        yield Finding(m.start(), _strip_trailing(text, *m.span()), "handle", "pattern")
    for m in HANDLE_CONTEXT.finditer(text):
        start, end = _span(m)
        end = _strip_trailing(text, start, end)
        if end - start >= 3:
            yield Finding(start, end, "handle", "pattern")
    for m in HANDLE_ON_PLATFORM.finditer(text):
        group = "span" if m.group("span") else "span2"
        start, end = m.span(group)
        end = _strip_trailing(text, start, end)
        if m.group(group).lstrip("@") not in wordlists.english() and end - start >= 3:
            yield Finding(start, end, "handle", "pattern")
    if "$" in text:
        for m in CASHTAG.finditer(text):
            yield Finding(m.start(), m.end(), "handle", "pattern")
    for m in DOTTED_HANDLE.finditer(text):
        first, _, last = m.group().partition(".")
        english = wordlists.english()
        # "i.e", "e.g" are too short; "follow.up" would be two words of a sentence.
        if last not in _NOT_HANDLE_ENDINGS and not (first in english and last in english):
            yield Finding(m.start(), m.end(), "handle", "pattern", certain=False)
    for m in HANDLE_AFTER_ACCOUNT.finditer(text):
        handle = m.group("span").lstrip("@")
        folded = handle.casefold()
        if (
            len(handle) >= _MIN_BARE_HANDLE
            and folded not in wordlists.english()
            and folded not in wordlists.allowed()
        ):
            yield Finding(*m.span("span"), "handle", "pattern", certain=False)
    for m in scan(HANDLE_AFTER_PLATFORM, text, near(_PLATFORM_WORDS, 5, 60)):
        handle = m.group("span")
        if handle.startswith("@") or handle.casefold() not in wordlists.english():
            yield Finding(*m.span("span"), "handle", "pattern")
    for m in ALIAS_CONTEXT.finditer(text):
        start, end = _span(m)
        end = _strip_trailing(text, start, end)
        if end - start == 1 and text[end : end + 1] == ".":
            end += 1  # an initial keeps its point: "E."
        if text[start:end] not in ("I", "A", "The"):
            yield Finding(start, end, "alias", "pattern")
    for m in ALIAS_BETWEEN_NAMES.finditer(text):
        yield Finding(*m.span("span"), "alias", "pattern")
    for m in scan(AU_POSTCODE, text, near_digits):
        group = "span" if m.group("span") else "span2"
        yield Finding(*m.span(group), "zip", "pattern", certain=group == "span")
    for m in ALIAS_CUED.finditer(text):
        start, end = _span(m)
        end = _strip_trailing(text, start, end)
        first = text[start:end].split()[0].casefold()
        if end - start >= 2 and first not in _NOT_A_STAGE_NAME and not first.endswith("ly"):
            yield Finding(start, end, "alias", "pattern")
    for m in scan(PAYMENT_ADDRESS, text, near_at):
        yield Finding(m.start(), m.end(), "handle", "pattern")
    for m in ALIAS_IN_BRACKETS.finditer(text):
        start, end = _span(m)
        end = _strip_trailing(text, start, end)
        if end > start:
            yield Finding(start, end, "alias", "pattern")


def _find_ids(text: str, near_digits: list[Window]) -> Iterator[Finding]:
    for m in scan(SSN, text, near_digits):
        yield Finding(m.start(), m.end(), "id", "pattern")
    for m in scan(ID_CONTEXT, text, near_digits):
        value = m.group("span")
        if sum(c.isdigit() for c in value) >= 4:
            yield Finding(*_span(m), "id", "pattern")
    for m in scan(ID_GENERIC, text, near_digits):
        value = m.group()
        digits = sum(c.isdigit() for c in value)
        if digits >= 5 and not _YEAR_RANGE.fullmatch(value):
            # A bare number is more often a figure than an ID: ask for a look.
            has_letters = any(c.isalpha() for c in value)
            yield Finding(m.start(), m.end(), "id", "pattern", certain=has_letters)
