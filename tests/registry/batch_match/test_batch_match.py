"""Batch matching: spreadsheet rows read as match records, matched within the file and against
the registry's persons.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.registry.batch_match import service as batch_match
from hub.registry.batch_match.rows import ColumnMap, FileRecords, parse_map, read_records
from hub.registry.kinds.person import service
from hub.registry.matching import Decision

BOM = b"\xef\xbb\xbf"
# Known duplicates: H1/H2 (diacritics stripped, old commune code of Đa Kao, ISO vs dd/mm/yyyy),
# H3/H4 (the same, which only the crosswalk makes a link), H5/H6 (another commune: review).
PEOPLE = """id,ho_ten,ngay_sinh,gioi_tinh,ma_xa,dia_chi
H1,Nguyễn Văn An,12/05/1990,Nam,26740,Số 12 đường Lê Lợi
H2,NGUYEN VAN AN,1990-05-12,1,26737,12 Le Loi
H3,Hoàng Văn Em,09/04/1988,M,26740,
H4,Hoang Van Em,9/4/1988,male,26737,
H5,Trần Thị Bình,03/07/1985,Nữ,26740,
H6,Tran Thi Binh,3/7/1985,2,00004,
H7,Phạm Thị Dung,20/11/1992,F,26737,
"""
MAP = [
    "ho_ten=full_name",
    "ngay_sinh=birth_date",
    "gioi_tinh=sex",
    "ma_xa=commune_code",
    "dia_chi=street",
]


def read(text: str, specs: list[str] = MAP, *, id_column: str = "id") -> FileRecords:
    """Read ``text`` as a UTF-8 file with a byte-order mark."""
    return read_records(io.BytesIO(BOM + text.encode()), parse_map(specs, id_column))


def test_file_duplicates_are_paired_with_their_decisions() -> None:
    # Given a file with a BOM, stripped diacritics, old commune codes and dd/mm/yyyy dates
    records = read(PEOPLE)
    # When it is matched within itself
    pairs = batch_match.match_file(records.records, batch_match.person_matcher())
    # Then the known duplicates are paired, earlier row first, best score first
    assert [(p.left_id, p.right_id, p.decision) for p in pairs] == [
        ("H1", "H2", Decision.LINK),
        ("H3", "H4", Decision.LINK),
        ("H5", "H6", Decision.REVIEW),
    ]
    assert pairs[0].score >= pairs[1].score >= pairs[2].score >= 0.5
    assert records.rows == 7
    assert records.problems == []


def test_thresholds_decide_and_filter_pairs() -> None:
    # Given the same file
    records = read(PEOPLE).records
    # When the lower threshold is above the review pair's score and the upper one is 1
    pairs = batch_match.match_file(records, batch_match.person_matcher(upper=1.0, lower=0.9))
    # Then the review pair is not written and only the identifier-free links stay, as reviews
    assert {(p.left_id, p.right_id) for p in pairs} == {("H1", "H2"), ("H3", "H4")}
    assert {p.decision for p in pairs} == {Decision.REVIEW}


def test_pair_rows_have_four_decimals() -> None:
    # Given a pair
    pair = batch_match.MatchPair("a", "b", 0.857312, Decision.REVIEW)
    # When it is written
    rows = list(batch_match.pair_rows([pair]))
    # Then the score has four decimals
    assert rows == [("a", "b", "0.8573", "review")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("M", "M"),
        ("F", "F"),
        ("Nam", "M"),
        ("Nữ", "F"),
        ("nu", "F"),
        ("male", "M"),
        ("FEMALE", "F"),
        ("1", "M"),
        ("2", "F"),
    ],
)
def test_sex_values_are_normalised(value: str, expected: str) -> None:
    # Given a row with this sex value
    records = read(f"id,sex\nr1,{value}\n", ["sex=sex"])
    # Then it is read as M or F
    assert records.records[0].sex == expected


@pytest.mark.parametrize("value", ["1990-05-12", "12/05/1990", "12/5/1990", "12-05-1990"])
def test_birth_date_forms_are_read(value: str) -> None:
    # Given a row with this birth date
    records = read(f"id,born\nr1,{value}\n", ["born=birth_date"])
    # Then it is read as the date
    assert records.records[0].birth_date == date(1990, 5, 12)


def test_name_parts_compose_the_full_name() -> None:
    # Given a file with the name in three columns
    text = "id,ho,dem,ten\nr1,Nguyễn,Thị,Lan\nr2,Lê,,Na\n"
    # When they are mapped to the name parts
    records = read(text, ["ho=family_name", "dem=middle_name", "ten=given_name"]).records
    # Then the full name is built surname first
    assert [r.full_name for r in records] == ["Nguyễn Thị Lan", "Lê Na"]


def test_id_column_may_also_be_an_attribute() -> None:
    # Given a file keyed by citizen ID
    text = "cccd,name\n079090001234,An\n"
    # When the id column is also mapped to the citizen ID
    records = read(text, ["cccd=citizen_id", "name=full_name"], id_column="cccd").records
    # Then it is both the id and the attribute
    assert (records[0].id, records[0].citizen_id) == ("079090001234", "079090001234")


def test_cp1258_file_is_decoded_and_composed() -> None:
    # Given a Windows-1258 file, whose tone marks are combining characters
    data = b"id,name,sex\nr1,Nguy\xea\xden V\xe3n An,N\xfd\xde\n"
    # When it is read with that encoding
    records = read_records(
        io.BytesIO(data), parse_map(["name=full_name", "sex=sex"], "id"), encoding="cp1258"
    )
    # Then the values are the precomposed Vietnamese text
    assert records.records[0].full_name == "Nguyễn Văn An"
    assert records.records[0].sex == "F"


def test_bad_rows_are_reported_by_line_and_skipped() -> None:
    # Given rows with a bad date, a bad sex, a missing field, no id, bad bytes and a bad code
    data = (
        b"id,name,born,sex,commune\n"
        b"r1,Nguyen Van An,1990-05-12,M,26740\n"
        b"r2,Le Van Binh,31/02/1970,M,26740\n"
        b"r3,Le Van Binh,1970-01-01,X,26740\n"
        b"r4,Le Van Binh,1970-01-01\n"
        b",Le Van Binh,1970-01-01,M,26740\n"
        b"r6,L\xff Van Binh,1970-01-01,M,26740\n"
        b"\n"
        b"r7,Le Van Binh,1970-01-01,M,2674\n"
        b"r8,Tran Thi Lan,,,\n"
    )
    specs = ["name=full_name", "born=birth_date", "sex=sex", "commune=commune_code"]
    # When it is read
    records = read_records(io.BytesIO(data), parse_map(specs, "id"))
    # Then the good rows are kept and each bad one is reported by its line
    assert [r.id for r in records.records] == ["r1", "r8"]
    assert records.rows == 8
    problems = {p.line: p.message for p in records.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7, 9]
    assert "'31/02/1970' is not a date" in problems[3]
    assert "sex 'X'" in problems[4]
    assert "expected 5 fields, found 3" in problems[5]
    assert "no id" in problems[6]
    assert "not valid utf-8" in problems[7]
    assert "commune code '2674'" in problems[9]


def test_duplicate_id_names_the_first_duplicate() -> None:
    # Given a file whose id column repeats two ids
    text = "id,name\nr1,An\nr2,Binh\nr1,An\nr2,Binh\n"
    # When it is read, then the first repeated id is named with both lines
    with pytest.raises(Invalid, match=r"duplicate id 'r1' on line 4 \(first on line 2\)"):
        read(text, ["name=full_name"])


@pytest.mark.parametrize(
    ("specs", "id_column", "message"),
    [
        (["name=nickname"], "id", "unknown attribute 'nickname'"),
        (["name"], "id", "'name' is not of the form column=attribute"),
        (["ten=full_name"], "id", "column 'ten' is not in the file"),
        (["name=full_name"], "ma", "id column 'ma' is not in the file"),
        (["name=full_name", "id=full_name"], "id", "'full_name' is mapped twice"),
        (["name=full_name", "name=given_name"], "id", "either full_name or the name parts"),
        ([], "id", "at least one column"),
    ],
)
def test_bad_mapping_is_refused(specs: list[str], id_column: str, message: str) -> None:
    # Given a mapping that does not fit the file, then reading it names the problem
    with pytest.raises(Invalid, match=message):
        read("id,name\nr1,An\n", specs, id_column=id_column)


def test_unknown_encoding_and_empty_file_are_refused() -> None:
    columns = ColumnMap("id", (("name", "full_name"),))
    # Given an unknown encoding, then it is named
    with pytest.raises(Invalid, match="unknown encoding 'klingon'"):
        read_records(io.BytesIO(b"id,name\n"), columns, encoding="klingon")
    # Given an empty file, then it has no header
    with pytest.raises(Invalid, match="no header row"):
        read_records(io.BytesIO(b""), columns)


def test_thresholds_out_of_order_are_refused() -> None:
    # Given a lower threshold above the upper one, then the matcher is refused
    with pytest.raises(Invalid, match="lower <= upper"):
        batch_match.person_matcher(upper=0.5, lower=0.9)


async def test_rows_are_matched_against_registry_persons(session: AsyncSession) -> None:
    # Given two registry persons, one of them in the file with diacritics stripped and old code
    an = await service.ensure_person(
        session,
        citizen_id="079090001234",
        full_name="Nguyễn Văn An",
        birth_date=date(1990, 5, 12),
        sex="MALE",
        address_commune_code="26740",
        address_street="Số 12 đường Lê Lợi",
    )
    await service.ensure_person(
        session,
        citizen_id="001185005678",
        full_name="Trần Thị Bình",
        birth_date=date(1985, 7, 3),
        sex="FEMALE",
        address_commune_code="00004",
    )
    matcher = batch_match.person_matcher()
    records = read(PEOPLE).records
    # When the file is matched against the registry
    index = await batch_match.registry_index(session, matcher)
    pairs = batch_match.match_registry(records, matcher, index)
    # Then each file row meets its registry person, whose id is prefixed
    assert len(index) == 2
    assert [(p.left_id, p.right_id, p.decision) for p in pairs if p.left_id in {"H1", "H2"}] == [
        ("H1", f"registry:{an.id}", Decision.LINK),
        ("H2", f"registry:{an.id}", Decision.LINK),
    ]
    assert all(p.right_id.startswith("registry:") for p in pairs)
    assert not any(p.left_id == "H7" for p in pairs)


async def test_iter_persons_reads_every_person_in_batches(session: AsyncSession) -> None:
    # Given five persons
    created = [
        await service.ensure_person(session, citizen_id=f"0010900000{n:02d}", full_name=f"P {n}")
        for n in range(5)
    ]
    # When they are read two at a time
    seen = [person.id async for person in service.iter_persons(session, batch_size=2)]
    # Then each is read once, in id order
    assert seen == sorted(p.id for p in created)
