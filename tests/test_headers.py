"""Headers recognised by their words: the variants analysts write, and the guesses that must not be made."""

from __future__ import annotations

import random

import pytest

from sanctions_gui.core import header_aliases
from sanctions_gui.core.headers import (
    BY_WORDS,
    EXACT,
    HIGH_SCORE,
    PROPOSED,
    UNKNOWN,
    MappingError,
    field_for,
    mapping_conflicts,
    match_header,
    parse_mapping,
)

# Headers as analysts write them, none of them an alias listed in the schema word for word.
VARIANTS = {
    "Mil./Police/Intel at time of designation (Y/N)": "security_status",
    "Job at time of designation": "position",
    "Also listed by Canada": "canada",
    "Militar activo (S/N)": "security_status",
    "Activo en FANB": "security_status",
    "Reason(s) for sanction": "reasons",
    "Desgination date": "us_designation_date",  # misspelt
    "Postion": "position",  # misspelt
    "Date listed by OFAC": "us_designation_date",
    "Delisted on": "delisted_date",
    "Birth date (approx.)": "date_of_birth",
    "Fecha nac.": "date_of_birth",
    "DOB (dd/mm/yyyy)": "date_of_birth",
    "EU sanction date": "eu_date",
    "Canada (date listed)": "canada_date",
    "Administración de EE. UU.": "administration",
    "Sources / links": "sources",
    "Notes / comments": "notes",
}
# The issue's own examples; some are now aliases too, so they are checked by outcome only.
ISSUE_EXAMPLES = {
    "Active Security Forces?": "security_status",
    "Mil./Police/Intel at time of designation (Y/N)": "security_status",
    "Job at time of designation": "position",
    "Sanctioned on": "us_designation_date",
    "Also listed by Canada": "canada",
    "Fecha de designación (EE. UU.)": "us_designation_date",
}


@pytest.mark.parametrize("header, column", sorted(VARIANTS.items()))
def test_header_variants_are_recognised_by_their_words(header, column):
    assert header_aliases.column_for_header(header) is None, "no longer a variant: it is an exact alias"
    match = match_header(header)
    assert (match.column, match.how) == (column, BY_WORDS)
    assert match.score >= HIGH_SCORE


@pytest.mark.parametrize("header, column", sorted(ISSUE_EXAMPLES.items()))
def test_the_issues_headers_become_their_fields(header, column):
    match = match_header(header)
    assert match.column == column and match.how in (EXACT, BY_WORDS)


@pytest.mark.parametrize("header", ["Date of birth", "Fecha de nacimiento", "Birth date (approx.)",
                                    "DOB (dd/mm/yyyy)", "Fecha nac."])
def test_a_birth_date_is_never_taken_for_the_designation_date(header):
    assert match_header(header).column == "date_of_birth"


@pytest.mark.parametrize("header", ["Notes on military career", "Military career notes",
                                    "Career in the armed forces (notes)"])
def test_notes_about_a_military_career_are_not_the_security_status(header):
    match = match_header(header)
    assert match.column != "security_status"
    assert match.how != BY_WORDS or match.column == "notes"


@pytest.mark.parametrize("header", ["Sanctioned", "Designated", "Name / position"])
def test_a_header_fitting_two_fields_is_proposed_not_mapped(header):
    match = match_header(header)
    assert match.column is None and match.how == PROPOSED
    assert len({column for column, _ in match.candidates}) >= 2


@pytest.mark.parametrize("header, proposed", [("Status", "security_status"), ("Commander", "former_commander"),
                                              ("Cargo actual", "position"), ("First name", "name")])
def test_a_weak_match_is_proposed_with_its_score_but_not_mapped(header, proposed):
    match = match_header(header)
    assert match.column is None and match.how == PROPOSED
    assert match.candidates[0][0] == proposed and match.candidates[0][1] < HIGH_SCORE


@pytest.mark.parametrize("header", ["Internal code", "Código interno", "José Ramón Pérez", "#",
                                    "No.", "Nº", "N°", "Nro.", "Núm."])
def test_headers_of_nothing_known_are_not_recognised(header):
    """Regression: "No." (a column of row numbers) was proposed as "Assumed or unconfirmed"."""
    assert match_header(header).how == UNKNOWN


def test_a_bare_id_header_is_not_taken_for_a_list_id_or_an_identity_number():
    """'ID' is as often a row number as an OFAC entry or a cédula: proposed both ways, never mapped."""
    match = match_header("ID")
    assert match.column is None and match.how == PROPOSED
    assert {column for column, _ in match.candidates} == {"list_id", "id_numbers"}


def test_a_hand_mapping_names_fields_by_key_or_label_and_can_unassign():
    mapping = parse_mapping(["Sanctioned=us_designation_date", "Cargo  actual=Position at designation",
                             "Código interno="])
    assert mapping == {"Sanctioned": "us_designation_date", "Cargo actual": "position", "Código interno": None}


@pytest.mark.parametrize("item, says", [("Sanctioned=when", "'when' is not a field"),
                                        ("just a header", "is not HEADER=field"), ("=name", "is not HEADER=field")])
def test_a_bad_hand_mapping_says_what_is_wrong(item, says):
    with pytest.raises(MappingError, match=says):
        parse_mapping([item])


def test_field_names_in_the_mapping_ignore_case_and_accents():
    assert field_for("SECURITY FORCES AT DESIGNATION") == "security_status"
    assert field_for("eu_date") == "eu_date"


def test_two_headers_given_one_field_on_a_sheet_are_named():
    problems = mapping_conflicts([("S", "Fecha", "us_designation_date"), ("S", "Sanctioned on", "us_designation_date"),
                                  ("T", "Sanctioned on", "us_designation_date"), ("S", "Nombre", "name")])
    assert problems == ["Sheet 'S': 'Fecha' and 'Sanctioned on' are both set to Date sanctioned (U.S.); choose one."]


def test_misspelt_words_are_corrected_as_if_every_known_word_were_tried():
    """Corrections look only among known words of a length that can be near enough; the
    word chosen, and how sure, are those of trying every known word."""
    from rapidfuzz import fuzz, process

    from sanctions_gui.core import headers

    known = headers._KNOWN_WORDS
    chooser = random.Random(7)
    words = ["cabello", "rondon", "bolivariana", "nacional", "designacoin", "sanctoined", "xxxxxxxxxxxxxxxxxxxx"]
    for word in known:
        i = chooser.randrange(len(word))
        words += [word[:i] + word[i + 1:], word[:i] + word[i] + word[i:], word + "s", word[::-1]]
    for word in words:
        if len(word) >= headers.SHORTEST_CORRECTED:
            every = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=headers.CORRECTION_CUTOFF)
            assert headers._correction(word) == (every and every[:2]), word  # (word, ratio)


def test_the_header_row_is_the_one_naming_the_most_fields_wherever_it_lies():
    """Rows with no more header-like cells than the best row so far are skipped unread (start-up
    speed); a later row naming more fields still wins, and ties keep the first."""
    from sanctions_gui.core.column_assignment import find_header

    title = ["Targeted sanctions", None, "  ", 3.5]
    weak = ["Name", "Position", None, None, "a note far longer than any header " * 5]
    strong = ["Full name", "Position", "Nationality", "Gender", "Date of birth"]
    person = ["Nicolás Maduro Moros", "President", "Venezuelan", "Male", "1962-11-23"]
    assert find_header([title, weak, person, strong, person], {}) == 3
    assert find_header([title, strong, person, list(strong), person], {}) == 1
    assert find_header([title, ["Position", "Gender", "Nationality"], person], {}) is None  # no name column
    assert find_header([title, ["Who", "Position"], person], {"who": "name"}) == 1
