"""A seeded synthetic population of Vietnamese people, seen by several source systems with the
noise real sources have, and the ground truth of who is who.

Names are written surname first and drawn from realistic frequency lists; addresses are real
communes passed in by the caller (``load_geography`` reads the hub's code lists); citizen IDs
agree with registration province, century, sex and birth year. Ethnic groups follow the 2019
census shares, and each system writes them in its own code list. Persons are generated one at a
time, so a million of them stream in flat memory. The same seed always gives the same people.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from hub.registry.matching.dates import parse_birth_date
from hub.registry.matching.record import MatchRecord
from hub.registry.population.ethnicity import EthnicGroups

# Family names with their approximate share of the population in percent (public figures of
# the General Statistics Office as commonly quoted); the rest are spread over smaller names.
FAMILY_NAMES = (
    ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.1), ("Huỳnh", 2.0),
    ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.6), ("Trương", 0.6), ("Đoàn", 0.4),
    ("Mai", 0.5), ("Lâm", 0.4), ("Trịnh", 0.4), ("Đào", 0.4), ("Cao", 0.3), ("Hà", 0.3),
    ("Lương", 0.3), ("Lưu", 0.2), ("Tạ", 0.2), ("Chu", 0.2), ("Thái", 0.2), ("Quách", 0.1),
    ("Kiều", 0.1), ("Tô", 0.1), ("Lại", 0.1), ("Tăng", 0.1),
)  # fmt: skip
MIDDLE_NAMES = {
    "MALE": (("Văn", 30), ("Minh", 10), ("Hữu", 8), ("Đức", 8), ("Quốc", 5), ("Đình", 5),
             ("Quang", 6), ("Thành", 5), ("Công", 5), ("Xuân", 4), ("Ngọc", 4), ("Anh", 4),
             ("Hoàng", 4), ("Tuấn", 3), ("Gia", 3), ("Trọng", 3), ("", 3)),
    "FEMALE": (("Thị", 45), ("Ngọc", 8), ("Thu", 6), ("Thanh", 6), ("Kim", 5), ("Minh", 4),
               ("Hồng", 4), ("Phương", 3), ("Mai", 3), ("Bảo", 3), ("Thùy", 3), ("Khánh", 2),
               ("Hoài", 2), ("Diệu", 2), ("Lan", 1), ("", 3)),
}  # fmt: skip
# Given names by sex, commonest first; weights fall off like Zipf's law.
GIVEN_NAMES = {
    "MALE": ("Anh", "Minh", "Huy", "Nam", "Dũng", "Hùng", "Tuấn", "Long", "Đức", "Hải", "Quang",
             "Sơn", "Thành", "Trung", "Phúc", "Bảo", "Khánh", "Hiếu", "Cường", "Việt", "Vinh",
             "Bình", "Duy", "Đạt", "Hoàng", "Khoa", "Kiên", "Lâm", "Nghĩa", "Phong", "Quân",
             "Tài", "Thắng", "Thiện", "Tùng", "Vũ", "Hưng", "Hào", "Toàn", "Tú", "Thịnh", "Lộc"),
    "FEMALE": ("Linh", "Anh", "Trang", "Hương", "Ngọc", "Hà", "Lan", "Mai", "Phương", "Thảo",
               "Huyền", "Hằng", "Nhung", "Dung", "Hoa", "Hồng", "Quỳnh", "Yến", "Vân", "Giang",
               "Chi", "Hạnh", "Hiền", "Loan", "My", "Nga", "Ngân", "Oanh", "Tâm", "Thủy", "Trâm",
               "Uyên", "Xuân", "Thư", "Nhi", "Liên", "Thơ", "Diễm", "Duyên", "Tuyết", "Châu"),
}  # fmt: skip
STREETS = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
    "Hùng Vương", "Phan Chu Trinh", "Nguyễn Trãi", "Lê Duẩn", "Điện Biên Phủ", "Võ Thị Sáu",
    "Nguyễn Du", "Hoàng Diệu", "Bà Triệu", "Lê Văn Sỹ", "Trần Phú", "Ngô Quyền",
)  # fmt: skip
# QWERTY neighbours, for the commonest typing slip: a key next to the intended one.
_NEIGHBOURS = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn",
    "jiolm", "kop", "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb",
    "qase", "zsdc", "tghu", "asx",
), strict=True))  # fmt: skip


@dataclass(frozen=True)
class SourceProfile:
    """How one source system records people: which identifiers it holds and how it errs (its
    ethnic groups: ``population_ethnicity.WRITING``).
    """

    system: str
    citizen_id: float
    social_insurance_number: float
    no_diacritics: float
    legacy_commune: float
    day_first: bool
    sex_words: tuple[str, str]


SOURCES = (
    SourceProfile("land_records", 0.75, 0.0, 0.35, 0.6, True, ("Nam", "Nữ")),
    SourceProfile("health_insurance", 0.4, 0.97, 0.1, 0.2, False, ("MALE", "FEMALE")),
    SourceProfile("cadre_management", 0.6, 0.3, 0.5, 0.4, True, ("Nam", "Nữ")),
)


@dataclass(frozen=True)
class Geography:
    """Real communes to place people in: 2025 communes and legacy communes as
    (code, name, province code), and the (old, new) commune crosswalk of the 2025 reform.
    """

    communes: Sequence[tuple[str, str, str]]
    legacy_communes: Sequence[tuple[str, str, str]] = ()
    crosswalk: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Person:
    """The truth about one generated person."""

    key: str
    citizen_id: str
    social_insurance_number: str
    full_name: str
    birth_date: date
    sex: str
    commune_code: str
    legacy_commune_code: str
    street: str
    ethnic_group: str
    """Code of the 2008 list."""


@dataclass(frozen=True)
class SourceRecord:
    """One person as one source system recorded them: ``record`` holds the values as written
    (its id is the source record id), ``written_birth_date`` the birth date in the system's own
    format, ``ethnic_group`` the code in the system's list and ``ethnic_group_list`` that list
    when the system names it, ``person_key`` the ground truth.
    """

    system: str
    person_key: str
    written_birth_date: str | None
    record: MatchRecord
    ethnic_group: str | None = None
    ethnic_group_list: str | None = None


@dataclass(frozen=True)
class PersonView:
    """A generated person and the records two or three source systems hold about them."""

    person: Person
    records: tuple[SourceRecord, ...]


def load_geography() -> Geography:
    """Read the real communes and crosswalk from the hub's admin-unit code lists."""
    # Imported here: the code-list reader pulls in the table models, which a caller that
    # passes its own communes (the tests) does not need.
    from hub.registry.codelists.importers.admin_units import read_admin_units
    from hub.registry.codelists.models import AdminLevel

    units = read_admin_units()
    parents = {c.code: c.parent_code for c in units.codes if c.level is AdminLevel.DISTRICT}
    communes = [
        (c.code, c.name, c.parent_code or "")
        for c in units.codes
        if c.level is AdminLevel.COMMUNE and c.valid_from is not None
    ]
    legacy = [
        (c.code, c.name, parents.get(c.parent_code or "", "") or "")
        for c in units.codes
        if c.level is AdminLevel.COMMUNE and c.valid_from is None
    ]
    pairs = [(x.old_code, x.new_code) for x in units.crosswalks if len(x.old_code) == 5]
    return Geography(communes, legacy, pairs)


def generate_population(
    geography: Geography, count: int, *, seed: int = 0, foreign_order: float = 0.0
) -> Iterator[PersonView]:
    """Yield ``count`` persons with their source records, deterministically from ``seed``.

    Citizen IDs and social insurance numbers are unique for up to a million persons. With
    ``foreign_order``, that share of source records writes the name as forms in English order
    and some exports do (``_foreign_order``); those draws come from a stream of their own, so
    the people and every other value are the same as without it.
    """
    rng = random.Random(seed)
    orders = random.Random(f"{seed}:foreign-order") if foreign_order > 0 else None
    ethnic = EthnicGroups(seed)
    predecessors: defaultdict[str, list[str]] = defaultdict(list)
    for old, new in geography.crosswalk:
        predecessors[new].append(old)
    legacy_province = {code: province for code, _, province in geography.legacy_communes}
    family = [name for name, _ in FAMILY_NAMES], [w for _, w in FAMILY_NAMES]
    for index in range(count):
        group = ethnic.draw()
        person = _person(rng, geography, predecessors, legacy_province, family, index, seed, group)
        systems = rng.sample(SOURCES, rng.choice((2, 2, 3)))
        records = []
        for profile in systems:
            seen = _observe(rng, person, profile, f"{profile.system}:{seed}:{index}")
            if orders is not None and orders.random() < foreign_order:
                name = _foreign_order(orders, seen.record.full_name or "")
                seen = replace(seen, record=replace(seen.record, full_name=name))
            code, named = ethnic.written(person.ethnic_group, profile.system)
            records.append(replace(seen, ethnic_group=code, ethnic_group_list=named))
        yield PersonView(person, tuple(records))


def generate_source_records(
    geography: Geography, count: int, *, seed: int = 0, foreign_order: float = 0.0
) -> Iterator[SourceRecord]:
    """Yield the source records of ``count`` generated persons, person after person."""
    for view in generate_population(geography, count, seed=seed, foreign_order=foreign_order):
        yield from view.records


def _person(
    rng: random.Random,
    geography: Geography,
    predecessors: dict[str, list[str]],
    legacy_province: dict[str, str],
    family: tuple[list[str], list[float]],
    index: int,
    seed: int,
    ethnic_group: str,
) -> Person:
    sex = "MALE" if rng.random() < 0.5 else "FEMALE"
    middle = _weighted(rng, MIDDLE_NAMES[sex])
    given_names = GIVEN_NAMES[sex]
    given = rng.choices(given_names, [1 / (i + 1) ** 0.8 for i in range(len(given_names))])[0]
    name = " ".join(filter(None, (rng.choices(*family)[0], middle, given)))
    born = date(2025, 1, 1) - timedelta(days=int(rng.triangular(0, 90, 25) * 365.25))
    commune, _, province = rng.choice(geography.communes)
    legacy = rng.choice(predecessors.get(commune) or [commune])
    registered = legacy_province.get(legacy, province) if rng.random() < 0.8 else province
    century = (0 if born.year < 2000 else 2) + (0 if sex == "MALE" else 1)
    # Multiplying by a number prime to 10**6 keeps serials distinct for a million people.
    serial = (index * 7919 + seed) % 1_000_000
    citizen_id = f"0{registered[:2]:0>2}{century}{born.year % 100:02d}{serial:06d}"
    insurance = f"{province[:2]:0>2}{(index * 104729 + seed) % 10**8:08d}"
    house = rng.randint(1, 400)
    street = f"Số {house} {rng.choice(STREETS)}" if rng.random() < 0.5 else f"Thôn {house % 12 + 1}"
    key = f"P{seed}-{index}"
    return Person(
        key, citizen_id, insurance, name, born, sex, commune, legacy, street, ethnic_group
    )


def _observe(
    rng: random.Random, person: Person, profile: SourceProfile, source_id: str
) -> SourceRecord:
    name = person.full_name
    if rng.random() < 0.08:
        name = _typo(rng, name)
    if rng.random() < profile.no_diacritics:
        name = _strip_marks(name)
    if rng.random() < 0.03:
        words = name.split()
        name = " ".join([words[-1], *words[1:-1], words[0]])  # given name first
    if rng.random() < 0.1:
        name = name.replace(" ", "  ", 1) + " "
    legacy = rng.random() < profile.legacy_commune
    # Noise flips the system's habit both ways: a modern system with an old code, and back.
    if rng.random() < 0.05:
        legacy = not legacy
    written = _written_date(rng, person.birth_date, profile.day_first)
    record = MatchRecord(
        id=source_id,
        citizen_id=_identifier(rng, person.citizen_id, profile.citizen_id),
        social_insurance_number=_identifier(
            rng, person.social_insurance_number, profile.social_insurance_number
        ),
        full_name=name,
        birth_date=parse_birth_date(written),
        sex=None if rng.random() < 0.03 else profile.sex_words[person.sex == "FEMALE"],
        commune_code=person.legacy_commune_code if legacy else person.commune_code,
        street=_strip_marks(person.street)
        if rng.random() < profile.no_diacritics
        else person.street,
    )
    return SourceRecord(profile.system, person.key, written, record)


def _foreign_order(rng: random.Random, name: str) -> str:
    # Bùi Thị Thảo as such forms write it: given name first ("Thảo Bùi Thị": first name Thảo,
    # last name Bùi Thị), family name last ("Thị Thảo Bùi"), or first, middle, last ("Thảo Thị
    # Bùi"); half of them in capitals without diacritics, as passports and bank exports do.
    words = name.split()
    if len(words) >= 2:
        family, middle, given = words[0], words[1:-1], words[-1]
        words = rng.choice(
            ([given, family, *middle], [*middle, given, family], [given, *middle, family])
        )
    text = " ".join(words)
    return _strip_marks(text).upper() if rng.random() < 0.5 else text


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _typo(rng: random.Random, text: str) -> str:
    positions = [i for i in range(1, len(text)) if text[i].isalpha()]
    if not positions:
        return text
    i = rng.choice(positions)
    kind = rng.random()
    if kind < 0.4 and text[i].lower() in _NEIGHBOURS:
        return text[:i] + rng.choice(_NEIGHBOURS[text[i].lower()]) + text[i + 1 :]
    if kind < 0.7 or i + 1 >= len(text) or not text[i + 1].isalpha():
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _identifier(rng: random.Random, value: str, held: float) -> str | None:
    if rng.random() >= held:
        return None
    if rng.random() < 0.04:
        # Invalid the ways people make them invalid: a digit lost, a letter O for a zero.
        return value[:-1] if rng.random() < 0.5 else "O" + value[1:]
    return value


def _written_date(rng: random.Random, born: date, day_first: bool) -> str | None:
    roll = rng.random()
    day, month, year = born.day, born.month, born.year
    if roll < 0.02:
        return None
    if roll < 0.05 and day <= 12 and day != month:
        day, month = month, day
    elif roll < 0.08:
        for _ in range(10):
            text = f"{year:04d}{month:02d}{day:02d}"
            i = rng.randrange(2, 8)
            typed = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
            if typed != text and parse_birth_date(typed) is not None and typed < "2025":
                year, month, day = int(typed[:4]), int(typed[4:6]), int(typed[6:])
                break
    elif roll < 0.1:
        year += rng.choice((-1, 1))
        if month == 2 and day == 29:
            day = 28
    return f"{day:02d}/{month:02d}/{year:04d}" if day_first else f"{year:04d}-{month:02d}-{day:02d}"
