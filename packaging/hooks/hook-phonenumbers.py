"""Replaces the contributed hook, which bundles every phonenumbers submodule. Casenotes
parses numbers and asks whether they are possible: it needs the number metadata, not the
place names, carriers or time zones (about 45 MB of geodata, carrierdata and tzdata)."""

from PyInstaller.utils.hooks import collect_submodules

_UNUSED = ("phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata",
           "phonenumbers.geocoder", "phonenumbers.carrier", "phonenumbers.timezone")

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda name: not name.startswith(_UNUSED))
excludedimports = list(_UNUSED)
