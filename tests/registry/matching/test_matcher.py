"""The matcher's decisions: identifier rules, probabilistic links, review and explanations."""

from __future__ import annotations

from datetime import date

from hub.registry.matching import Decision, Level, MatchRecord, Rule
from tests.registry.matching.helpers import person_matcher, record


def test_same_person_with_diacritics_stripped_and_old_commune_code_is_linked() -> None:
    # Given a health-insurance record with the 2025 commune code, and a land record of the same
    # man typed without diacritics, with the old code of Phường Đa Kao and other spellings
    insurance = record("health:1", commune_code="26740", sex="MALE")
    land = record(
        "land:7",
        full_name="NGUYEN  VAN AN",
        birth_date=date(1990, 5, 12),
        sex="Nam",
        commune_code="26737",
        street="12 Le Loi",
    )
    # When the pair is scored
    result = person_matcher().score(insurance, land)
    # Then it links on the probabilistic rule, and the commune counts as the same place
    assert result.decision is Decision.LINK
    assert result.rule is Rule.PROBABILISTIC
    assert result.score >= 0.95
    commune = next(c for c in result.comparisons if c.field == "commune_code")
    assert (commune.level, commune.left_value, commune.right_value) == (
        Level.EXACT,
        "26740",
        "26737",
    )
    assert commune.weight > 0


def test_two_different_valid_citizen_ids_are_never_linked() -> None:
    # Given two records identical in every field but their valid citizen IDs
    left = record("a", citizen_id="079190001234")
    right = record("b", citizen_id="079190005678")
    # When scored
    result = person_matcher().score(left, right)
    # Then they are not a match, with score 0, and the conflict is shown
    assert result.decision is Decision.NO_MATCH
    assert result.rule is Rule.IDENTIFIER_CONFLICT
    assert result.score == 0.0
    assert result.comparisons[0].field == "citizen_id"
    assert result.comparisons[0].level is Level.DIFFERENT


def test_equal_valid_citizen_id_links_with_score_one_whatever_else_differs() -> None:
    # Given two records sharing a valid citizen ID but little else
    left = record("a", citizen_id="079190001234")
    right = record("b", citizen_id="079 190 001 234", full_name="Trần Thị Bích", sex="FEMALE")
    # When scored
    result = person_matcher().score(left, right)
    # Then the identifier decides
    assert (result.decision, result.rule, result.score) == (
        Decision.LINK,
        Rule.IDENTIFIER_MATCH,
        1.0,
    )


def test_an_invalid_citizen_id_neither_links_nor_separates() -> None:
    # Given the same person where one source mistyped the ID (a letter O for the zero)
    left = record("a", citizen_id="079190001234")
    right = record("b", citizen_id="O79190001235")
    # When scored
    result = person_matcher().score(left, right)
    # Then the invalid ID counts as missing and the other fields link them
    assert result.rule is Rule.PROBABILISTIC
    assert result.comparisons[0].level is Level.MISSING
    assert result.decision is Decision.LINK


def test_equal_citizen_id_but_conflicting_insurance_number_goes_to_a_steward() -> None:
    # Given equal citizen IDs and different social insurance numbers
    left = record("a", citizen_id="079190001234", social_insurance_number="7912345678")
    right = record("b", citizen_id="079190001234", social_insurance_number="7987654321")
    # When scored
    result = person_matcher().score(left, right)
    # Then a steward decides
    assert (result.decision, result.rule) == (Decision.REVIEW, Rule.IDENTIFIER_MIXED)


def test_a_near_match_falls_between_the_thresholds() -> None:
    # Given the same name in the same commune, born the same year but on another day, with no
    # street or identifiers on one side
    left = record("a")
    right = record("b", birth_date=date(1990, 9, 3), street=None)
    # When scored
    matcher = person_matcher()
    result = matcher.score(left, right)
    # Then the score lies between the thresholds and a steward reviews it
    assert matcher.config.lower <= result.score < matcher.config.upper
    assert result.decision is Decision.REVIEW


def test_strangers_who_share_a_common_name_are_not_linked() -> None:
    # Given two women called Nguyễn Thị Hương born decades apart in different communes
    left = record("a", full_name="Nguyễn Thị Hương", sex="FEMALE", birth_date=date(1962, 1, 3))
    right = record(
        "b",
        full_name="Nguyen Thi Huong",
        sex="FEMALE",
        birth_date=date(1994, 8, 21),
        commune_code="00004",
        street="Thôn 3",
    )
    # When scored
    result = person_matcher().score(left, right)
    # Then they are not a match
    assert result.decision is Decision.NO_MATCH


def test_every_comparison_explains_the_weight_it_added() -> None:
    # Given a pair whose given names differ by one letter (An and Anh are different names)
    left = record("a")
    right = record("b", full_name="Nguyễn Văn Anh")
    # When scored
    result = person_matcher().score(left, right)
    # Then every field is listed with its values, and the weights add up to the match weight
    fields = [c.field for c in result.comparisons]
    assert fields == [
        "citizen_id",
        "social_insurance_number",
        "family_name",
        "middle_name",
        "given_name",
        "birth_date",
        "sex",
        "commune_code",
        "street",
    ]
    given = result.comparisons[4]
    assert (given.left_value, given.right_value, given.level) == ("an", "anh", Level.PARTIAL)
    prior_weight = result.match_weight - sum(c.weight for c in result.comparisons)
    assert abs(prior_weight - (-19.93)) < 0.01  # log2 odds of the default prior 1e-6


def test_match_within_deduplicates_one_set() -> None:
    # Given three records, two of the same person
    records = [
        record("a"),
        record("b", full_name="Trần Thị Bích", sex="FEMALE", birth_date=date(1985, 1, 2)),
        record("c", full_name="Nguyen Van An", commune_code="26737"),
    ]
    # When the set is deduplicated
    results = person_matcher().match_within(records)
    # Then only the pair of the same person comes back, linked
    assert [(r.left_id, r.right_id, r.decision) for r in results] == [("a", "c", Decision.LINK)]


def test_match_against_an_index_finds_the_master_and_adds_new_people() -> None:
    # Given an index holding one master
    matcher = person_matcher()
    index = matcher.new_index([record("master-1")])
    # When two new records arrive, one of that person and one of someone new, added as they go
    incoming = [
        record("src-1", full_name="Nguyen Van An", commune_code="26737"),
        record("src-2", full_name="Lê Thị Mai", sex="FEMALE", birth_date=date(2001, 3, 4)),
        record("src-3", full_name="Le Thi Mai", sex="Nữ", birth_date=date(2001, 3, 4)),
    ]
    outcomes = list(matcher.match_against(incoming, index, add=True))
    # Then the first links to the master, the second is new, the third finds the second
    assert [(o.record_id, o.decision) for o in outcomes] == [
        ("src-1", Decision.LINK),
        ("src-2", Decision.NO_MATCH),
        ("src-3", Decision.LINK),
    ]
    assert outcomes[0].best is not None and outcomes[0].best.left_id == "master-1"
    assert outcomes[2].best is not None and outcomes[2].best.left_id == "src-2"
    assert len(index) == 4


def test_match_one_leaves_the_index_unchanged() -> None:
    # Given an index with one master
    matcher = person_matcher()
    index = matcher.new_index([record("master-1")])
    # When a record is matched without adding it
    outcome = matcher.match_one(record("src-1"), index)
    # Then it links and the index still holds one record
    assert outcome.decision is Decision.LINK
    assert len(index) == 1


def test_records_without_any_shared_key_are_not_compared() -> None:
    # Given two records that share no blocking key (other names, dates and communes)
    left = record("a")
    right = MatchRecord(
        "b", full_name="Phạm Thu Trang", birth_date=date(1970, 1, 1), commune_code="00004"
    )
    # When candidate pairs are listed
    # Then there are none
    assert list(person_matcher().candidate_pairs([left, right])) == []
