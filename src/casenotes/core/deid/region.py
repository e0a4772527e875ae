"""The practitioner's country, for reading phone numbers written without a country code."""

from __future__ import annotations

import locale
import os

import phonenumbers


def is_region(code: str) -> bool:
    """Whether ``code`` is a country ``phonenumbers`` knows ("GB", "IE", "AU"...)."""
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def system_region() -> str | None:
    """The country of the system locale ("en_GB.UTF-8" → "GB"), if it names one."""
    candidates = [locale.getlocale()[0] or ""]
    candidates += [os.environ.get(name, "") for name in ("LC_ALL", "LC_CTYPE", "LANG")]
    for value in candidates:
        name = value.split(".")[0].split("@")[0]
        if "_" in name:
            code = name.rsplit("_", 1)[1].upper()
            if is_region(code):
                return code
    return None


def effective_region(setting: str) -> str | None:
    """The region to read phones with: the setting when it is one, else the system's."""
    code = setting.strip().upper()
    return code if code and is_region(code) else system_region()
