"""Partner countries as ISO 3166-1 alpha-2 codes (the sources layer's `partner`), from codes or names.

Places inside Peru go through `etl.places.PlaceIndex.normalise`; this module is only for other countries.
An unknown code or name is never guessed: the caller rejects the row.
"""
from __future__ import annotations

import pycountry

from etl.places import name_key

PERU_NAMES = {"peru", "republica del peru", "republic of peru"}

# Names UN/FAO statistics use that pycountry does not know (matched ignoring case and accents).
ALIASES = {
    "china, hong kong sar": "HK", "hong kong sar": "HK", "china, macao sar": "MO", "macao sar": "MO",
    "taiwan province of china": "TW", "china, taiwan province of": "TW", "china, mainland": "CN",
    "bolivia (plurinational state of)": "BO", "venezuela (bolivarian republic of)": "VE",
    "iran (islamic republic of)": "IR", "iran (islamic rep. of)": "IR", "republic of korea": "KR",
    "rep. of korea": "KR", "korea, republic of": "KR", "democratic people's republic of korea": "KP",
    "republic of moldova": "MD", "united republic of tanzania": "TZ", "micronesia (federated states of)": "FM",
    "lao people's democratic republic": "LA", "syrian arab republic": "SY", "netherlands (kingdom of the)": "NL",
    "united states": "US", "usa": "US", "united kingdom": "GB", "uk": "GB", "russia": "RU", "viet nam": "VN",
    "cote d'ivoire": "CI", "turkey": "TR", "czechia": "CZ", "czech republic": "CZ",
}

# UN Comtrade reporter/partner codes that differ from ISO 3166-1 numeric.
COMTRADE_NUMERIC = {842: "US", 251: "FR", 579: "NO", 699: "IN", 757: "CH"}
# Comtrade partner areas with no country code: kept, named in `scope`, partner left blank.
COMTRADE_AREAS = {0: "World", 490: "Other Asia, nes", 899: "Areas, nes", 837: "Bunkers", 838: "Free Zones",
                  839: "Special Categories", 97: "EU-28", 568: "Other Europe, nes", 577: "Other Africa, nes",
                  636: "Rest of America, nes", 473: "LAIA, nes", 527: "Oceania, nes", 879: "Western Asia, nes"}

_ISO2 = {c.alpha_2 for c in pycountry.countries}
_HISTORIC2 = {c.alpha_2 for c in pycountry.historic_countries if getattr(c, "alpha_2", None)}
CITES_CODES = _ISO2 | _HISTORIC2 | {"XX"}  # XX: unknown (CITES Trade Database Guide, Annex 3)


def alpha2(text: str) -> str | None:
    """'PE', 'per', 'Peru', 'Perú', 'China, Hong Kong SAR' -> ISO alpha-2; None when not a known country."""
    s = text.strip()
    if not s:
        return None
    if len(s) == 2 and s.isalpha():
        return s.upper() if s.upper() in CITES_CODES else None
    if len(s) == 3 and s.isalpha():
        country = pycountry.countries.get(alpha_3=s.upper())
        return country.alpha_2 if country else None
    key = name_key(s)
    if key in PERU_NAMES:
        return "PE"
    if key in ALIASES:
        return ALIASES[key]
    try:
        return pycountry.countries.lookup(s).alpha_2
    except LookupError:
        pass
    for alias, code in ALIASES.items():
        if name_key(alias) == key:
            return code
    return None


def from_numeric(code: int) -> str | None:
    if code in COMTRADE_NUMERIC:
        return COMTRADE_NUMERIC[code]
    country = pycountry.countries.get(numeric=f"{code:03d}")
    return country.alpha_2 if country else None
