"""Code lists of the CITES Trade Database Guide (v8, Annexes 1-3) and the taxon groups Vigía follows.

Current CSV exports write descriptive terms and units ('sawn wood', 'kg', blank = number of specimens);
older exports and annual reports use three-letter codes ('SAW', 'KIL'). Both map to one wording here.
A term or unit in neither list is rejected, not guessed; extend the lists from the Guide when one appears.
"""
from __future__ import annotations

from typing import NamedTuple


class Unit(NamedTuple):
    """A unit of the CITES lists as the catalogue defines it."""
    id: str
    name_es: str
    name_en: str
    kind: str   # count, mass, volume, area or length


TERM_CODES = {
    "BAL": "baleen", "BAR": "bark", "BOC": "bone carvings", "BOD": "bodies", "BON": "bones", "BOP": "bone pieces",
    "BPR": "bone products", "CAL": "calipee", "CAP": "carapaces", "CAR": "carvings", "CAV": "caviar",
    "CHP": "chips", "CLA": "claws", "CLO": "cloth", "COR": "raw corals", "CUL": "cultures", "DER": "derivatives",
    "DPL": "dried plants", "EAR": "ears", "EGG": "eggs", "EGL": "eggs (live)", "EXT": "extract",
    "FEA": "feathers", "FIB": "fibres", "FIG": "fingerlings", "FIN": "fins", "FLO": "flowers",
    "FOO": "feet", "FPT": "flower pots", "FRU": "fruit", "GAB": "gall bladders", "GAL": "gall",
    "GAR": "garments", "GEN": "genitalia", "GRS": "graft rootstocks", "HAI": "hair", "HAP": "hair products",
    "HOC": "horn carvings", "HOP": "horn pieces", "HOR": "horns", "IJW": "jewellery - ivory",
    "IVC": "ivory carvings", "IVP": "ivory pieces", "JWL": "jewellery", "KEY": "piano keys", "LIV": "live",
    "LOG": "logs", "LPL": "leather products (large)", "LPS": "leather products (small)", "LVS": "leaves",
    "MEA": "meat", "MED": "medicine", "MUS": "musk", "OIL": "oil", "PEA": "pearl", "PKY": "piano keys",
    "PLA": "plates", "PLY": "plywood", "POW": "powder", "ROO": "roots", "RUG": "rug", "SAW": "sawn wood",
    "SCA": "scales", "SEE": "seeds", "SHE": "shells", "SID": "sides", "SKE": "skeletons", "SKI": "skins",
    "SKP": "skin pieces", "SKU": "skulls", "SOU": "soup", "SPE": "specimens", "STE": "stems",
    "SWI": "swim bladders", "TAI": "tails", "TEE": "teeth", "TIM": "timber", "TIP": "timber pieces",
    "TRO": "trophies", "TRU": "trunk", "TUS": "tusks", "UNS": "unspecified", "VEN": "veneer", "VNM": "venom",
    "WAX": "wax", "WOO": "wood product",
}
# Descriptive terms seen in real exports beyond the code list's wording.
TERM_WORDS = set(TERM_CODES.values()) | {
    "fur product (small)", "fur products (large)", "ivory carvings", "timber pieces", "wood product",
    "leather products (large)", "leather products (small)", "bones", "bodies", "live", "specimens",
}

# unit as written -> unit id; blank means number of specimens (Guide §3.1)
UNIT_CODES = {
    "KIL": "kg", "GRM": "g", "MGM": "mg", "MYG": "microgrammes", "CUM": "m3", "CCM": "cm3", "LTR": "l",
    "MLT": "ml", "SQM": "m2", "SQC": "cm2", "SQD": "square decimetres", "MTR": "m", "CTM": "cm", "TON": "t",
    "CUF": "cubic feet", "SQF": "square feet", "PND": "pounds", "OUN": "ounces", "FEE": "feet", "INC": "inches",
    "BSK": "belly skins", "BAK": "back skins", "HRN": "hornback skins", "SET": "sets", "PCS": "pieces",
    "ITE": "items", "BOX": "boxes", "BAG": "bags", "BOT": "bottles", "CAN": "cans", "CAS": "cases",
    "CRT": "cartons", "FLA": "flasks", "PAI": "pairs", "SHP": "shipments", "SID": "sides", "SKI": "skins",
    "NAR": "",
}
# unit wording -> unit; ids already in the catalogue are not redefined
UNITS = {
    "": Unit("specimens", "especímenes", "specimens", "count"),
    "number of specimens": Unit("specimens", "especímenes", "specimens", "count"),
    "kg": Unit("kg", "kilogramos", "kilograms", "mass"),
    "g": Unit("g", "gramos", "grams", "mass"),
    "mg": Unit("mg", "miligramos", "milligrams", "mass"),
    "microgrammes": Unit("ug", "microgramos", "micrograms", "mass"),
    "t": Unit("t", "toneladas", "tonnes", "mass"),
    "pounds": Unit("lb", "libras", "pounds", "mass"),
    "ounces": Unit("oz", "onzas", "ounces", "mass"),
    "m3": Unit("m3", "metros cúbicos", "cubic metres", "volume"),
    "cm3": Unit("cm3", "centímetros cúbicos", "cubic centimetres", "volume"),
    "cubic feet": Unit("ft3", "pies cúbicos", "cubic feet", "volume"),
    "l": Unit("l", "litros", "litres", "volume"),
    "ml": Unit("ml", "mililitros", "millilitres", "volume"),
    "m2": Unit("m2", "metros cuadrados", "square metres", "area"),
    "cm2": Unit("cm2", "centímetros cuadrados", "square centimetres", "area"),
    "square decimetres": Unit("dm2", "decímetros cuadrados", "square decimetres", "area"),
    "square feet": Unit("ft2", "pies cuadrados", "square feet", "area"),
    "m": Unit("m", "metros", "metres", "length"),
    "cm": Unit("cm", "centímetros", "centimetres", "length"),
    "feet": Unit("ft", "pies", "feet", "length"),
    "inches": Unit("in", "pulgadas", "inches", "length"),
    **{w: Unit(w.replace(" ", "_"), es, w, "count") for w, es in (
        ("sets", "juegos"), ("pieces", "piezas"), ("items", "artículos"), ("boxes", "cajas"), ("bags", "bolsas"),
        ("bottles", "botellas"), ("cans", "latas"), ("cases", "estuches"), ("cartons", "cartones"),
        ("flasks", "frascos"), ("pairs", "pares"), ("shipments", "embarques"), ("sides", "lados (pieles)"),
        ("skins", "pieles"), ("belly skins", "pieles de vientre"), ("back skins", "pieles de lomo"),
        ("hornback skins", "pieles de lomo córneo"))},
}

PURPOSES = {"B": "breeding", "E": "educational", "G": "botanical garden", "H": "hunting trophy",
            "L": "law enforcement", "M": "medical", "N": "reintroduction", "P": "personal", "Q": "circus",
            "S": "scientific", "T": "commercial", "Z": "zoo"}
APPENDICES = {"I", "II", "III", "N"}

# Taxon groups: group id -> (theme, es, en)
GROUPS = {
    "timber": ("timber", "caoba y cedro (Swietenia, Cedrela)", "mahogany and cedar (Swietenia, Cedrela)"),
    "sharks": ("sharks", "tiburones y rayas (Elasmobranchii)", "sharks and rays (Elasmobranchii)"),
    "parrots": ("wildlife", "loros y guacamayos (Psittaciformes)", "parrots (Psittaciformes)"),
    "primates": ("wildlife", "primates", "primates"),
}
TIMBER_GENERA = {"Swietenia", "Cedrela"}
ELASMOBRANCH_FAMILIES = {
    "Alopiidae", "Carcharhinidae", "Cetorhinidae", "Lamnidae", "Rhincodontidae", "Sphyrnidae", "Triakidae",
    "Squalidae", "Mobulidae", "Myliobatidae", "Potamotrygonidae", "Pristidae", "Rhinidae", "Rhinobatidae",
    "Glaucostegidae", "Dasyatidae", "Rajidae", "Squatinidae", "Odontaspididae", "Ginglymostomatidae",
    "Hemiscylliidae", "Orectolobidae", "Scyliorhinidae", "Hexanchidae", "Dalatiidae", "Centrophoridae",
    "Somniosidae", "Etmopteridae", "Pseudocarchariidae", "Heterodontidae", "Stegostomatidae", "Narcinidae",
    "Torpedinidae", "Urotrygonidae", "Gymnuridae", "Rhinopteridae", "Aetobatidae", "Urolophidae",
}
PARROT_FAMILIES = {"Psittacidae", "Cacatuidae", "Psittaculidae", "Loriidae", "Strigopidae", "Nestoridae",
                   "Psittrichasiidae"}
PRIMATE_FAMILIES = {"Aotidae", "Atelidae", "Callitrichidae", "Cebidae", "Pitheciidae", "Cercopithecidae",
                    "Hominidae", "Hylobatidae", "Lemuridae", "Lorisidae", "Galagidae", "Tarsiidae",
                    "Cheirogaleidae", "Indriidae", "Daubentoniidae", "Lepilemuridae"}


def group_of(taxon: str, klass: str, order: str, family: str, genus: str) -> str | None:
    """Which of Vigía's groups a CITES record belongs to, from its classification columns (the older
    13-column export has only Family and Taxon); None for every other taxon."""
    first = taxon.split()[0] if taxon.split() else ""
    genus = genus or first
    names = {klass, order, family, first}
    if genus in TIMBER_GENERA:
        return "timber"
    if "Elasmobranchii" in names or family in ELASMOBRANCH_FAMILIES or first in ELASMOBRANCH_FAMILIES:
        return "sharks"
    if "Psittaciformes" in names or family in PARROT_FAMILIES or first in PARROT_FAMILIES:
        return "parrots"
    if "Primates" in names or family in PRIMATE_FAMILIES or first in PRIMATE_FAMILIES:
        return "primates"
    return None


def term_of(text: str) -> str | None:
    s = " ".join(text.split())
    if s.upper() in TERM_CODES:
        return TERM_CODES[s.upper()]
    return s.lower() if s.lower() in TERM_WORDS else None


def unit_of(text: str) -> Unit | None:
    s = " ".join(text.split())
    if s.upper() in UNIT_CODES:
        s = UNIT_CODES[s.upper()]
    return UNITS.get(s.lower())
