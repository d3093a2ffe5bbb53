"""The hub's person matching model: Vietnamese names, birth dates, sex, commune and street,
decided outright on citizen ID and social insurance number.

The default m and u probabilities are those of a population: u is how often two strangers
agree (about one pair in six shares a family name, since 38 % of people are Nguyễn; one in
25,000 shares a birth date), m how often two records of one person do despite typos.
``Matcher.fit`` re-estimates them, and the prior, from the records at hand.

``organization_config`` is the organisation model: decided outright on agency code and tax
code, otherwise on the folded name and the commune.
"""

from __future__ import annotations

from hub.registry.identifiers import validate_agency_code, validate_tax_code
from hub.registry.matching.comparators import BirthDate, Exact, Place, Similarity
from hub.registry.matching.config import (
    BlockingKey,
    Features,
    FieldSpec,
    IdentifierSpec,
    MatcherConfig,
)
from hub.registry.matching.dates import date_key
from hub.registry.matching.identifiers import (
    normalize_citizen_id,
    normalize_social_insurance_number,
)
from hub.registry.matching.levels import Level
from hub.registry.matching.names import name_readings, phonetic_key
from hub.registry.matching.normalise import (
    cached_name_parts,
    normalize_commune_code,
    normalize_sex,
    normalize_street,
)
from hub.registry.matching.organization_names import (
    OrganizationName,
    blocking_words,
    fold_organization_name,
)
from hub.registry.matching.places import CommuneEquivalence, SameCode
from hub.registry.matching.record import MatchRecord


def probabilities(exact: float, *rest: float) -> dict[Level, float]:
    """Spread probabilities over levels in order: exact, then close and partial when given
    (two or three values in all), different last.
    """
    levels = {1: (Level.DIFFERENT,), 2: (Level.CLOSE, Level.DIFFERENT)}.get(
        len(rest), (Level.CLOSE, Level.PARTIAL, Level.DIFFERENT)
    )
    return {Level.EXACT: exact, **dict(zip(levels, rest, strict=True))}


def _family(record: MatchRecord) -> str | None:
    parts = cached_name_parts(record.full_name) if record.full_name else None
    return (parts.family or None) if parts else None


def _middle(record: MatchRecord) -> str | None:
    parts = cached_name_parts(record.full_name) if record.full_name else None
    return (parts.middle or None) if parts else None


def _given(record: MatchRecord) -> str | None:
    parts = cached_name_parts(record.full_name) if record.full_name else None
    return (parts.given or None) if parts else None


def _name_readings(record: MatchRecord) -> list[dict[str, str | None]]:
    # A name in a foreign order (Thảo Bùi Thị) is also read the ways it may have been meant.
    readings = name_readings(record.full_name) if record.full_name else ()
    return [
        {
            "family_name": p.family or None,
            "middle_name": p.middle or None,
            "given_name": p.given or None,
        }
        for p in readings[1:]
    ]


P = probabilities
FIELDS_WITHOUT_PLACE = (
    FieldSpec("family_name", _family, Similarity(0.92), P(0.92, 0.05, 0.03), P(0.18, 0.01, 0.81)),
    FieldSpec("middle_name", _middle, Similarity(0.9), P(0.92, 0.03, 0.05), P(0.15, 0.01, 0.84)),
    FieldSpec(
        "given_name",
        _given,
        Similarity(0.92, 0.85),
        P(0.92, 0.03, 0.02, 0.03),
        P(0.02, 0.005, 0.015, 0.96),
    ),
    FieldSpec(
        "birth_date",
        lambda r: date_key(r.birth_date),
        BirthDate(),
        P(0.85, 0.12, 0.01, 0.02),
        P(0.00004, 0.0005, 0.0125, 0.98696),
    ),
    FieldSpec("sex", lambda r: normalize_sex(r.sex), Exact(), P(0.98, 0.02), P(0.5, 0.5)),
)
# "Thôn 2" or "Tổ 5" is shared by many strangers, so street agreement weighs little.
STREET = FieldSpec(
    "street",
    lambda r: normalize_street(r.street),
    Similarity(0.9, 0.75, scorer="token_set"),
    P(0.8, 0.1, 0.05, 0.05),
    P(0.02, 0.02, 0.1, 0.86),
)
IDENTIFIERS = (
    IdentifierSpec("citizen_id", lambda r: normalize_citizen_id(r.citizen_id)),
    IdentifierSpec(
        "social_insurance_number",
        lambda r: normalize_social_insurance_number(r.social_insurance_number),
    ),
)


def person_config(
    equivalence: CommuneEquivalence | None = None,
    *,
    upper: float = 0.95,
    lower: float = 0.5,
    prior: float = 1e-6,
    max_block_size: int = 200,
) -> MatcherConfig:
    """Return the person matching model; ``equivalence`` decides which commune codes are the
    same place (only equal codes without it).
    """
    places = equivalence or SameCode()
    commune = FieldSpec(
        "commune_code",
        lambda r: normalize_commune_code(r.commune_code),
        Place(places),
        P(0.9, 0.1),
        P(0.0005, 0.9995),
    )
    return MatcherConfig(
        fields=(*FIELDS_WITHOUT_PLACE, commune, STREET),
        identifiers=IDENTIFIERS,
        blocking=person_blocking(places),
        prior=prior,
        upper=upper,
        lower=lower,
        max_block_size=max_block_size,
        readings=_name_readings,
    )


def person_blocking(places: CommuneEquivalence) -> tuple[BlockingKey, ...]:
    """Return the blocking rules of the person model.

    Each catches pairs the others miss (a typo in one name part, a wrong birth date, an old
    commune code) while staying selective with Vietnamese names, which are concentrated:
    "Nguyễn Thị Anh born in 1990" is hundreds of people in a million, so no rule pairs on
    names and birth year alone.
    """

    def place_keys(f: Features) -> list[str]:
        code = f["commune_code"]
        return sorted(places.place_keys(code)) if code else []

    def joined(*values: str | None) -> list[str]:
        return ["|".join(v for v in values if v)] if all(values) else []

    def at_place(value: str | None, f: Features) -> list[str]:
        return [f"{value}|{key}" for key in place_keys(f)] if value else []

    def names(f: Features) -> str | None:
        # Sorted so that a name written given-name first still meets its other spelling.
        parts = (f["family_name"], f["middle_name"], f["given_name"])
        return " ".join(sorted(p for p in parts if p)) if f["given_name"] else None

    def sound(f: Features) -> str | None:
        return phonetic_key(
            *(f[part] or "" for part in ("family_name", "middle_name", "given_name"))
        )

    def given_decade(f: Features) -> str | None:
        born = f["birth_date"]
        return f"{f['given_name']}|{born[:3]}" if f["given_name"] and born else None

    return (
        BlockingKey("names_place", lambda f: at_place(names(f), f)),
        BlockingKey("given_date", lambda f: joined(f["given_name"], f["birth_date"])),
        BlockingKey(
            "family_middle_date",
            lambda f: joined(f["family_name"], f["middle_name"] or "-", f["birth_date"]),
        ),
        BlockingKey("sound_place", lambda f: at_place(sound(f), f)),
        BlockingKey("given_decade_place", lambda f: at_place(given_decade(f), f)),
        BlockingKey("date_place", lambda f: at_place(f["birth_date"], f)),
    )


def _agency_code(record: MatchRecord) -> str | None:
    value = record.extra.get("agency_code")
    checked = validate_agency_code(value) if value else None
    return checked.normalized if checked is not None and checked.valid else None


def _tax_code(record: MatchRecord) -> str | None:
    value = record.extra.get("tax_code")
    checked = validate_tax_code(value) if value else None
    return checked.normalized if checked is not None and checked.valid else None


def _organization_name(record: MatchRecord) -> str | None:
    name = record.extra.get("name")
    return (fold_organization_name(name) or None) if name else None


def organization_config(
    equivalence: CommuneEquivalence | None = None,
    *,
    upper: float = 0.95,
    lower: float = 0.5,
    prior: float = 1e-6,
    max_block_size: int = 200,
) -> MatcherConfig:
    """Return the organisation matching model over records whose ``extra`` holds ``name``,
    ``agency_code`` and ``tax_code`` and whose ``commune_code`` is the seat's commune.

    Agency code (either form) and tax code are strong identifiers. Otherwise the folded name
    and the commune decide; the weights are set so that with the default prior and
    thresholds an equal folded name in the same place links (score 0.996), a close name in
    the same place (0.81) or a partly alike one (0.64) goes to a steward, and nothing links
    without the same place (an equal name alone scores 0.14).
    """
    places = equivalence or SameCode()
    name = FieldSpec(
        "name",
        _organization_name,
        OrganizationName(),
        P(0.8, 0.12, 0.05, 0.03),
        P(0.000005, 0.00005, 0.00005, 0.999895),
    )
    commune = FieldSpec(
        "commune_code",
        lambda r: normalize_commune_code(r.commune_code),
        Place(places),
        P(0.9, 0.1),
        P(0.0005, 0.9995),
    )
    return MatcherConfig(
        fields=(name, commune),
        identifiers=(
            IdentifierSpec("agency_code", _agency_code),
            IdentifierSpec("tax_code", _tax_code),
        ),
        blocking=organization_blocking(places),
        prior=prior,
        upper=upper,
        lower=lower,
        max_block_size=max_block_size,
    )


def organization_blocking(places: CommuneEquivalence) -> tuple[BlockingKey, ...]:
    """Return the blocking rules of the organisation model (besides one key per identifier).

    A name is only compared with names in the same place: each distinctive word of the folded
    name with each place key of the commune (so a typo in one word still meets through the
    others, and an old commune code meets its successor), and the whole folded name with each
    place key (so equal names meet even when a common word's block is full). A record without
    a commune or a name gets no such key.
    """

    def place_keys(f: Features) -> list[str]:
        code = f["commune_code"]
        return sorted(places.place_keys(code)) if code else []

    def words_at_place(f: Features) -> list[str]:
        name = f["name"]
        if not name:
            return []
        return [f"{word}|{place}" for word in blocking_words(name) for place in place_keys(f)]

    def name_at_place(f: Features) -> list[str]:
        name = f["name"]
        return [f"{name}|{place}" for place in place_keys(f)] if name else []

    return (
        BlockingKey("org_word_place", words_at_place),
        BlockingKey("org_name_place", name_at_place),
    )
