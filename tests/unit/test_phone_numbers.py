"""Contact phone numbers are stored and published in E.164, whatever form the tenant typed."""

import pytest

from contracts.tenancy import TenantContactChanged
from services.tenancy.domain.contact import InvalidPhoneNumber, normalise_phone

MOBILE = "+6281234567890"


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "(0812) 3456.7890",
        "6281234567890",
        "62 812-3456-7890",
        "+6281234567890",
        "+62 812 3456 7890",
        "+62-812-3456-7890",
    ],
)
def test_indonesian_numbers_in_local_or_international_form_become_e164(typed):
    assert normalise_phone(typed) == MOBILE


def test_a_jakarta_landline_in_local_form_becomes_e164():
    assert normalise_phone("021-5551234") == "+62215551234"


def test_a_foreign_number_with_its_country_code_is_kept():
    assert normalise_phone("+44 20 7946 0958") == "+442079460958"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "hello",
        "812 3456 7890",  # no trunk 0 and no country code: which country?
        "0812",  # too short
        "+62 812",  # too short
        "+62 812 3456 7890 1234 5",  # longer than E.164 allows
        "0812-abcd-efgh",
        "+0812 3456 7890",  # a country code never starts with 0
        "+62 812 3456 7890 ext 12",
    ],
)
def test_garbage_and_impossible_numbers_are_refused_with_a_message_naming_the_input(typed):
    with pytest.raises(InvalidPhoneNumber) as refused:
        normalise_phone(typed)
    message = str(refused.value)
    assert repr(typed) in message
    assert len(message) > len(repr(typed))


def test_a_refused_number_is_a_value_error_so_generic_validation_catches_it():
    assert issubclass(InvalidPhoneNumber, ValueError)


@pytest.mark.parametrize("typed", ["0812-3456-7890", "021 555 1234", "+44 20 7946 0958"])
def test_a_normalised_number_is_accepted_by_the_contact_event_contract(typed):
    event = TenantContactChanged(
        tenant_id="0b6f4c1e-3f53-4c49-9a43-5bfb4b7b0c11",
        display_name="Kopi Kode",
        contact_name="Siti",
        email="siti@example.co.id",
        phone=normalise_phone(typed),
    )
    assert event.phone == normalise_phone(typed)


def test_non_ascii_digits_are_refused_or_converted_never_stored_as_typed():
    typed = "+62８１２３４５６７８９０"  # noqa: RUF001 - full-width digits on purpose
    try:
        result = normalise_phone(typed)
    except InvalidPhoneNumber:
        return
    assert result == MOBILE
