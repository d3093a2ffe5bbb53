"""The service entry point: dispatch, and properties every scheme must have."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.registry.identifiers.models import IdentifierScheme
from hub.registry.identifiers.service import VALIDATORS, validate
from tests.registry.identifiers.fakes import FakeAdminUnitDirectory
from tests.registry.identifiers.helpers import any_text, run

AS_OF = date(2025, 8, 1)
EXAMPLES = {
    IdentifierScheme.CITIZEN_ID: ("079 203 001 234", "079203001234"),
    IdentifierScheme.SOCIAL_INSURANCE_NUMBER: ("0120 878 811", "0120878811"),
    IdentifierScheme.HEALTH_INSURANCE_CARD: ("hs4 01 0120878811", "HS4010120878811"),
    IdentifierScheme.TAX_CODE: ("0100112437001", "0100112437-001"),
    IdentifierScheme.AGENCY_CODE: ("000.00.18.G12", "G12.18"),
    IdentifierScheme.ADMINISTRATIVE_UNIT: ("26740", "26740"),
    IdentifierScheme.LAND_PARCEL: ("26740/5/12", "26740-5-12"),
}


def test_every_scheme_has_a_validator() -> None:
    # Given the schemes of the GraphQL enum
    # When the registry is read
    # Then each has exactly one validator
    assert set(VALIDATORS) == set(IdentifierScheme)


@pytest.mark.parametrize("scheme", list(IdentifierScheme))
async def test_validate_dispatches_to_the_scheme(scheme: IdentifierScheme) -> None:
    # Given a valid example of the scheme
    value, normalized = EXAMPLES[scheme]
    # When the service validates it
    result = await validate(scheme, value, as_of=AS_OF, directory=FakeAdminUnitDirectory())
    # Then the scheme's validator answered
    assert result.scheme is scheme
    assert result.value == value
    assert result.valid, result.errors
    assert result.normalized == normalized


async def test_schemes_without_dates_never_ask_the_directory() -> None:
    # Given a directory that records its calls
    directory = FakeAdminUnitDirectory()
    # When schemes that need no directory are validated
    for scheme in (
        IdentifierScheme.SOCIAL_INSURANCE_NUMBER,
        IdentifierScheme.HEALTH_INSURANCE_CARD,
        IdentifierScheme.TAX_CODE,
        IdentifierScheme.AGENCY_CODE,
    ):
        await validate(scheme, EXAMPLES[scheme][0], as_of=AS_OF, directory=directory)
    # Then the directory was never asked
    assert directory.calls == []


@given(st.sampled_from(list(IdentifierScheme)), any_text)
def test_no_scheme_raises_and_normal_forms_are_stable(scheme: IdentifierScheme, value: str) -> None:
    # Given any scheme and any text
    directory = FakeAdminUnitDirectory()
    # When it is validated
    result = run(validate(scheme, value, as_of=AS_OF, directory=directory))
    # Then a consistent result comes back, and its normal form is a fixed point
    assert result.scheme is scheme
    assert result.value == value
    assert result.valid == (not result.errors)
    if not result.valid:
        assert all(e.code.isupper() and e.message for e in result.errors)
    if result.normalized is not None:
        again = run(validate(scheme, result.normalized, as_of=AS_OF, directory=directory))
        assert again.normalized == result.normalized
        assert again.valid == result.valid


@given(st.sampled_from(list(IdentifierScheme)), st.text(min_size=257, max_size=400))
def test_overlong_values_stop_at_too_long_for_every_scheme(
    scheme: IdentifierScheme, value: str
) -> None:
    # Given any value over 256 characters
    # When any scheme validates it
    result = run(validate(scheme, value, as_of=AS_OF, directory=FakeAdminUnitDirectory()))
    # Then TOO_LONG is the one error
    assert [e.code for e in result.errors] == ["TOO_LONG"]
