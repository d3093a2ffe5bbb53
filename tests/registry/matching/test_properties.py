"""Properties that hold for any records: symmetry, bounds, and monotone blocking."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from hub.registry.matching import MatchRecord
from tests.registry.matching.helpers import CROSSWALK, person_matcher

MATCHER = person_matcher()
# Few distinct values, so that generated records often share names, dates and places and the
# interesting cases (close, partial, equivalent codes, conflicts) come up.
NAMES = st.sampled_from(
    [
        "Nguyễn Văn An",
        "Nguyen Van Anh",
        "An Văn Nguyễn",
        "Trần Thị Hương",
        "Tran Thi Huong",
        "Lê Hoa",
        "",
        "X",
    ]
)
DATES = st.one_of(st.none(), st.dates(min_value=date(1988, 1, 1), max_value=date(1992, 12, 31)))
COMMUNES = st.one_of(st.none(), st.sampled_from([code for pair in CROSSWALK for code in pair]))
CITIZEN_IDS = st.one_of(
    st.none(), st.sampled_from(["079190001234", "079190005678", "O79190001234"])
)
INSURANCE = st.one_of(st.none(), st.sampled_from(["7912345678", "7987654321", "79123"]))


@st.composite
def records(draw: st.DrawFn, record_id: str | None = None) -> MatchRecord:
    """Draw a person record from the small value sets."""
    return MatchRecord(
        id=record_id or draw(st.uuids()).hex,
        citizen_id=draw(CITIZEN_IDS),
        social_insurance_number=draw(INSURANCE),
        full_name=draw(NAMES),
        birth_date=draw(DATES),
        sex=draw(st.sampled_from([None, "MALE", "FEMALE", "Nam", "Nữ", "?"])),
        commune_code=draw(COMMUNES),
        street=draw(st.sampled_from([None, "Số 12 Lê Lợi", "12 Le Loi", "Thôn 3"])),
    )


@settings(max_examples=200, deadline=None)
@given(records("left"), records("right"))
def test_score_is_symmetric_and_between_zero_and_one(left: MatchRecord, right: MatchRecord) -> None:
    # Given any two records
    # When the pair is scored in both orders
    forward = MATCHER.score(left, right)
    backward = MATCHER.score(right, left)
    # Then score, weight and decision agree, and the score is a probability
    assert forward.score == backward.score
    assert forward.match_weight == backward.match_weight
    assert forward.decision is backward.decision
    assert [c.level for c in forward.comparisons] == [c.level for c in backward.comparisons]
    assert 0.0 <= forward.score <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(records(), min_size=1, max_size=25, unique_by=lambda r: r.id), records())
def test_adding_a_record_never_removes_a_candidate_pair(
    existing: list[MatchRecord], added: MatchRecord
) -> None:
    # Given the candidate pairs of a set of records
    def pairs(records: list[MatchRecord]) -> set[tuple[str, str]]:
        return {(records[i].id, records[j].id) for i, j in MATCHER.candidate_pairs(records)}

    before = pairs(existing)
    # When one more record is added
    after = pairs([*existing, added])
    # Then every pair found before is still found
    assert before <= after


@settings(max_examples=100, deadline=None)
@given(st.lists(records(), min_size=2, max_size=25, unique_by=lambda r: r.id))
def test_candidate_pairs_are_distinct_and_ordered(existing: list[MatchRecord]) -> None:
    # Given any records
    # When candidate pairs are listed
    pairs = list(MATCHER.candidate_pairs(existing))
    # Then each appears once, lower position first
    assert len(pairs) == len(set(pairs))
    assert all(i < j for i, j in pairs)
