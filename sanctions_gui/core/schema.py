"""The canonical sanctions record: field names, labels, kinds, vocabularies and aliases.

This module is the only list of columns in the project. The reader maps source headers
onto these fields, the table shows them, rules and statistics refer to them by name and
the export writes them back out under their labels. Anything that needs "the columns"
asks this module. The vocabularies' values are in vocabularies.py, text folding in
folding.py and the header lookup built from the aliases in header_aliases.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .folding import fold_key
from .vocabularies import ADMINISTRATIONS, AUTHORITIES, GENDERS, REASONS, SECURITY_STATUSES


class Kind(Enum):
    """How a field's cells are parsed, compared and displayed."""

    TEXT = "text"
    LIST = "list"  # several values in one cell; stored as a tuple of str
    DATE = "date"  # datetime64, day precision
    CHOICE = "choice"  # one value from a closed vocabulary
    FLAG = "flag"  # yes / no / unknown, stored as pandas "boolean"
    JURISDICTION = "jurisdiction"  # sanctioned by another government: flag + date column


@dataclass(frozen=True)
class Field:
    """One canonical column: its label, how its cells are typed and the headers it is known by."""

    name: str
    label: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    vocabulary: tuple[str, ...] = ()
    description: str = ""
    # Synonyms recognised in cells, mapped to a vocabulary value (keys made by fold_key).
    value_synonyms: dict[str, str] = field(default_factory=dict)

    @property
    def date_column(self) -> str:
        """Companion column holding the listing date of a jurisdiction field."""
        if self.kind is not Kind.JURISDICTION:
            raise ValueError(f"{self.name} is not a jurisdiction field")
        return f"{self.name}_date"


def _synonyms(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold_key(variant): value for value, variants in pairs.items() for variant in variants}


_FIELDS = (
    Field(
        "name", "Name", Kind.TEXT,
        aliases=("name", "full name", "individual", "person", "sanctioned individual",
                 "nombre", "nombre completo", "nombres y apellidos", "persona", "sancionado",
                 "full name of official", "sanctioned official", "name of individual",
                 "nombre del funcionario", "apellidos y nombres"),
        description="Full name in natural order, with Spanish accents.",
    ),
    Field(
        "aliases", "Aliases", Kind.LIST,
        aliases=("aliases", "alias", "aka", "a k a", "also known as", "alias conocidos", "apodos"),
        description="Other names the person is listed or known under.",
    ),
    Field(
        "gender", "Gender", Kind.CHOICE, vocabulary=GENDERS,
        aliases=("gender", "sex", "sexo", "genero"),
        value_synonyms=_synonyms({
            "M": ("m", "male", "man", "masculino", "hombre", "h"),
            "F": ("f", "female", "woman", "femenino", "mujer"),
        }),
    ),
    Field(
        "date_of_birth", "Date of birth", Kind.DATE,
        aliases=("date of birth", "dob", "birth date", "born", "fecha de nacimiento", "nacimiento"),
    ),
    Field(
        "position", "Position at designation", Kind.TEXT,
        aliases=("position", "position at designation", "position at time of sanction",
                 "position when sanctioned", "position at time of designation", "role", "title",
                 "post", "office", "cargo", "cargo al momento de la sancion", "posicion", "puesto",
                 "job", "job title", "occupation", "post held", "function", "ocupacion", "empleo",
                 "funcion", "cargo desempenado"),
        description="The post the person held when the U.S. designated them.",
    ),
    Field(
        "institution", "Institution", Kind.TEXT,
        aliases=("institution", "organization", "organisation", "agency", "body", "affiliation",
                 "institucion", "organismo", "organizacion", "dependencia"),
    ),
    Field(
        "security_status", "Security forces at designation", Kind.CHOICE,
        vocabulary=SECURITY_STATUSES,
        aliases=("security status", "security forces", "security force status",
                 "security forces at designation", "active in security forces",
                 "active in security forces when sanctioned", "military intelligence or police",
                 "military", "militar", "fuerzas de seguridad", "activo en fuerzas de seguridad",
                 "estatus militar", "fuerza armada", "military police intelligence",
                 "security forces member", "member of security forces", "active security forces",
                 "miembro de fuerzas de seguridad", "militar policia inteligencia",
                 "militar o policia", "estatus en fuerzas de seguridad", "militar activo",
                 "active military", "active duty"),
        description="Military, intelligence or police status when designated.",
        value_synonyms=_synonyms({
            "active": ("active", "activo", "activa", "en activo", "serving", "yes", "si", "y",
                       "x", "true", "1", "active duty"),
            "former": ("former", "retired", "ex", "retirado", "retirada", "exmilitar", "former military",
                       "en retiro"),
            "none": ("none", "no", "n", "civilian", "civil", "ninguno", "false", "0"),
            "unknown": ("unknown", "unclear", "desconocido", "n a", "na", "no determinado"),
        }),
    ),
    Field(
        "former_commander", "Former commander", Kind.FLAG,
        aliases=("former commander", "former military commander", "ex commander",
                 "excomandante", "ex comandante", "antiguo comandante"),
        description="Had commanded a unit and was no longer serving when designated.",
    ),
    Field(
        "onetime_commander", "Onetime commander", Kind.FLAG,
        aliases=("onetime commander", "onetime commanding officer", "one time commander",
                 "ever a commander", "ever commanded a unit", "commanded a unit",
                 "comandante alguna vez", "ha comandado una unidad", "excomandante o comandante"),
        description=("WOLA's broad reading: had commanded a unit at some time, serving or not when "
                     "designated (an informal command counts). Derived, like former_commander, from "
                     "commanded_unit and security_status; see data/README.md."),
    ),
    Field(
        "commanded_unit", "Commanded unit", Kind.TEXT,
        aliases=("commanded unit", "command", "commands held", "unit commanded", "unidad comandada",
                 "comando"),
        description="Units or bodies the person commanded, with the source's wording.",
    ),
    Field(
        "us_designation_date", "Date sanctioned (U.S.)", Kind.DATE,
        aliases=("us designation date", "designation date", "date sanctioned", "date sanctioned u s",
                 "date sanctioned us", "date designated", "date of designation", "us sanction date",
                 "date of sanction", "sanction date", "date", "fecha", "fecha de sancion",
                 "fecha de designacion", "fecha sancion eeuu", "fecha de sancion eeuu",
                 "fecha de sancion ee uu", "sanctioned on", "designated on", "listed on", "date listed",
                 "ofac designation date", "ofac date", "fecha de designacion ee uu",
                 "fecha de inclusion", "fecha de la sancion"),
    ),
    Field(
        "administration", "Administration", Kind.CHOICE, vocabulary=ADMINISTRATIONS,
        aliases=("administration", "us administration", "administracion", "gobierno", "presidency",
                 "presidencia"),
        description="U.S. administration in office on the designation date.",
        value_synonyms=_synonyms({
            "Bush": ("bush", "g w bush", "george w bush", "bush administration"),
            "Obama": ("obama", "obama administration", "barack obama"),
            "Trump": ("trump", "trump i", "trump 1", "trump first term", "trump administration",
                      "donald trump", "trump (first term)"),
            "Biden": ("biden", "biden administration", "joe biden"),
            "Trump II": ("trump ii", "trump 2", "trump second term", "trump (second term)",
                         "trump 2025", "second trump administration"),
        }),
    ),
    Field(
        "authority", "U.S. authority", Kind.LIST, vocabulary=AUTHORITIES,
        aliases=("authority", "us authority", "legal authority", "instrument", "program",
                 "programme", "executive order", "eo", "sanctions program", "autoridad",
                 "instrumento", "base legal", "orden ejecutiva", "programa"),
        value_synonyms=_synonyms({
            "E.O. 13692": ("e.o. 13692", "eo 13692", "eo13692", "e.o.13692", "13692",
                           "executive order 13692", "venezuela", "venezuela eo13692"),
            "E.O. 13850": ("e.o. 13850", "eo 13850", "eo13850", "e.o.13850", "13850",
                           "executive order 13850", "venezuela eo13850"),
            "E.O. 13884": ("e.o. 13884", "eo 13884", "eo13884", "e.o.13884", "13884",
                           "executive order 13884", "venezuela eo13884"),
            "Kingpin Act": ("kingpin act", "kingpin", "sdntk", "foreign narcotics kingpin act",
                            "ley kingpin", "fnkda"),
            "E.O. 13224 (SDGT)": ("e.o. 13224", "eo 13224", "e.o.13224", "13224", "sdgt",
                                  "e.o. 13224 (sdgt)", "global terrorism", "executive order 13224"),
            "E.O. 13581": ("e.o. 13581", "eo 13581", "e.o.13581", "13581", "tco",
                           "executive order 13581"),
        }),
    ),
    Field(
        "reasons", "Reasons", Kind.LIST, vocabulary=REASONS,
        aliases=("reasons", "reason", "reason for sanction", "grounds", "basis", "motive",
                 "category", "motivo", "motivos", "razon", "razones", "causa", "motivo de la sancion"),
        value_synonyms=_synonyms({
            "corruption": ("corruption", "corrupcion", "corrupt", "graft", "embezzlement"),
            "human rights": ("human rights", "derechos humanos", "human rights abuses", "hr",
                             "ddhh", "repression", "represion", "violaciones de derechos humanos"),
            "undermining democracy": ("undermining democracy", "democracy", "anti democratic",
                                      "antidemocratic", "undermining democratic processes",
                                      "socavar la democracia", "democracia", "socavamiento de la democracia"),
            "narcotics": ("narcotics", "drug trafficking", "drugs", "narcotrafico", "narcotraffic",
                          "trafico de drogas", "narcoticos"),
            "terrorism": ("terrorism", "terrorismo", "terror", "terrorist financing"),
            "other": ("other", "otro", "otros"),
        }),
    ),
    Field(
        "delisted_date", "Delisted (U.S.)", Kind.DATE,
        aliases=("delisted date", "delisted", "delisting date", "date delisted", "removed",
                 "removed from list", "fecha de exclusion", "excluido", "retirado de la lista",
                 "fecha de retiro"),
    ),
    Field("canada", "Canada", Kind.JURISDICTION,
          aliases=("canada", "canada sanctions", "sanctioned by canada", "canadian sanctions",
                   "also sanctioned by canada", "sancionado por canada")),
    Field("eu", "EU", Kind.JURISDICTION,
          aliases=("eu", "e u", "european union", "union europea", "ue", "eu sanctions",
                   "sanctioned by eu", "sanctioned by the eu", "sancionado por la ue")),
    Field("uk", "UK", Kind.JURISDICTION,
          aliases=("uk", "u k", "united kingdom", "reino unido", "gran bretana", "britain", "uk sanctions")),
    Field("switzerland", "Switzerland", Kind.JURISDICTION,
          aliases=("switzerland", "swiss", "suiza", "ch", "switzerland sanctions")),
    Field("panama", "Panama", Kind.JURISDICTION,
          aliases=("panama", "panama sanctions", "panamanian list")),
    Field("mexico", "Mexico", Kind.JURISDICTION,
          aliases=("mexico", "mexico sanctions", "mejico")),
    Field("colombia", "Colombia", Kind.JURISDICTION,
          aliases=("colombia", "colombia sanctions")),
    Field(
        "sources", "Sources", Kind.LIST,
        aliases=("sources", "source", "references", "reference", "links", "citations",
                 "fuentes", "fuente", "referencias", "enlaces"),
    ),
    Field(
        "notes", "Notes", Kind.TEXT,
        aliases=("notes", "note", "comments", "comment", "remarks", "observations", "background",
                 "context", "notas", "nota", "comentarios", "observaciones", "contexto"),
    ),
    Field(
        "assumed_fields", "Assumed or unconfirmed", Kind.LIST,
        aliases=("assumed fields", "assumptions", "assumed", "inferred fields", "inferences",
                 "caveats", "field caveats", "unconfirmed fields", "not confirmed",
                 "supuestos", "campos supuestos", "datos inferidos", "no confirmado", "salvedades"),
        description=('Fields of the row that rest on an assumption, an inference, an unconfirmed day '
                     'or no research, one item each: "<field>: <assumed|inferred|unconfirmed|not '
                     'researched>, <reason>", e.g. "uk: assumed, carried over from the EU listing".'),
    ),
    Field(
        "list_id", "List ID", Kind.TEXT,
        aliases=("list id", "ofac id", "ofac uid", "ofac entry", "sdn id", "sdn uid", "sdn entry",
                 "sdn number", "ent num", "entity number", "uid", "id ofac", "id sdn", "id de la lista"),
        description="The person's entry number on the official list (OFAC's ent_num / uid).",
    ),
    Field(
        "id_numbers", "Identity numbers", Kind.LIST,
        aliases=("identity numbers", "identity number", "id number", "id numbers", "national id",
                 "national id number", "identification number", "cedula", "cedula de identidad",
                 "numero de cedula", "ci", "c i", "documento de identidad", "passport",
                 "passport number", "pasaporte", "numero de pasaporte"),
        description="Cédula, passport or other identity document numbers, as written.",
    ),
    Field(
        "sheet", "Sheet", Kind.TEXT,
        description="The sheet of the workbook the row was read from.",
    ),
)

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}


class Col:
    """Column names, for code that names a column: a misspelt attribute fails where it is
    used, a misspelt string only when the lookup misses."""

    NAME, ALIASES, GENDER, DATE_OF_BIRTH = "name", "aliases", "gender", "date_of_birth"
    POSITION, INSTITUTION, SECURITY_STATUS = "position", "institution", "security_status"
    FORMER_COMMANDER, COMMANDED_UNIT, US_DESIGNATION_DATE = "former_commander", "commanded_unit", "us_designation_date"
    ADMINISTRATION, AUTHORITY, REASONS, DELISTED_DATE = "administration", "authority", "reasons", "delisted_date"
    SOURCES, NOTES, SHEET = "sources", "notes", "sheet"


assert {v for k, v in vars(Col).items() if k.isupper()} <= set(FIELDS)

FIELD_NAMES: tuple[str, ...] = tuple(FIELDS)
JURISDICTIONS: tuple[Field, ...] = tuple(f for f in _FIELDS if f.kind is Kind.JURISDICTION)
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in _FIELDS if f.kind is Kind.DATE)
LIST_FIELDS: tuple[str, ...] = tuple(f.name for f in _FIELDS if f.kind is Kind.LIST)
# Fields that identify a person on an official list; comparing with a list matches them first.
IDENTITY_FIELDS = ("list_id", "id_numbers")
# Fields the free-text search looks in; fuzzy matching applies to the first two only.
SEARCH_FIELDS = ("name", "aliases", "position", "institution")
FUZZY_FIELDS = ("name", "aliases")
# Fields the charts, presets and comparisons rest on: the import report says which a file lacks.
KEY_FIELDS = ("name", "us_designation_date", "administration", "security_status", "reasons")

# Columns the app adds beside the canonical fields. They are never read from a header.
PERSON_ID = "person_id"  # stable key for notes and manual highlights
SOURCE_ROW = "source_row"  # 1-based row number in the source sheet, for messages
SOURCE_HIGHLIGHT = "source_highlight"  # "#RRGGBB" fill of the name cell in the file, or NA
INTERNAL_COLUMNS = (PERSON_ID, SOURCE_ROW, SOURCE_HIGHLIGHT)


def jurisdiction_date_columns() -> tuple[str, ...]:
    return tuple(f.date_column for f in JURISDICTIONS)


def all_columns() -> tuple[str, ...]:
    """Every column of a loaded frame, in display order (extra source columns come after)."""
    columns: list[str] = []
    for f in _FIELDS:
        columns.append(f.name)
        if f.kind is Kind.JURISDICTION:
            columns.append(f.date_column)
    return (*columns, *INTERNAL_COLUMNS)


def label(column: str) -> str:
    """The human-readable header of a column; extra source columns keep their own header."""
    if column in FIELDS:
        return FIELDS[column].label
    for f in JURISDICTIONS:
        if column == f.date_column:
            return f"{f.label} date"
    return {PERSON_ID: "Person ID", SOURCE_ROW: "Source row",
            SOURCE_HIGHLIGHT: "Highlight in file"}.get(column, column)

