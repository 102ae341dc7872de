"""Erasure finds a former tenant's phone number and e-mail in staff's free text in every form
the API accepts them, and leaves other numbers, dates and ids alone."""

import pytest

from services.tenancy.domain.contact import normalise_phone
from services.tenancy.domain.erased_traces import ERASED_TEXT, ErasedTraces

PHONE = "+6281324418160"
OTHER_PHONE = "0812 3456 7890"
TRACES = ErasedTraces.of(names=["Dewi Lestari"], emails=["Dewi.Lestari@example.id"], phones=[PHONE])

TYPED_FORMS = [
    "0813-2441-8160",
    "0813 2441 8160",
    "0813.2441.8160",
    "(0813) 2441 8160",
    "+62 813-2441-8160",
    "+62 (813) 2441 8160",
    "62813-2441-8160",
    "6281324418160",
    "+6281324418160",
    "081324418160",
]


@pytest.mark.parametrize("typed", TYPED_FORMS)
def test_each_form_the_api_stores_as_the_number_is_erased_and_another_number_kept(typed):
    assert normalise_phone(typed) == PHONE  # the form is one the API accepts for this contact
    note = f"Called {typed} at 10:00 on 2026-12-07; new contact {OTHER_PHONE}."
    assert TRACES.scrub(note) == (
        f"Called {ERASED_TEXT} at 10:00 on 2026-12-07; new contact {OTHER_PHONE}."
    )


@pytest.mark.parametrize(
    "typed", ["dewi.lestari@example.id", "DEWI.LESTARI@EXAMPLE.ID", "Dewi.Lestari@Example.Id"]
)
def test_the_email_is_erased_in_any_letter_case(typed):
    assert TRACES.scrub(f"mail {typed}, cc budi@example.id") == (
        f"mail {ERASED_TEXT}, cc budi@example.id"
    )


def test_the_number_is_erased_wherever_it_stands_next_to_another_one():
    assert TRACES.scrub(f"{OTHER_PHONE} 0813 2441 8160 {OTHER_PHONE}") == (
        f"{OTHER_PHONE} {ERASED_TEXT} {OTHER_PHONE}"
    )
    assert TRACES.scrub("wa:0813-2441-8160/0813.2441.8160") == (f"wa:{ERASED_TEXT}/{ERASED_TEXT}")


@pytest.mark.parametrize(
    "kept",
    [
        "10813244181601",  # the digits inside a longer number are not the number
        "0813-2441-816",  # one digit short
        "0813-2441-81600",  # one digit more
        "+63 813 2441 8160",  # same digits, another country
        "invoice 2026-12-07-0042",
    ],
)
def test_other_digits_are_left_as_they_are(kept):
    assert TRACES.scrub(kept) == kept


def test_a_name_is_erased_as_typed_and_the_longest_trace_first():
    traces = ErasedTraces.of(names=["Dewi", "Dewi Lestari Studio"], emails=[], phones=[None])
    assert traces.scrub("Dewi Lestari Studio, Dewi") == f"{ERASED_TEXT}, {ERASED_TEXT}"


def test_without_traces_the_text_is_unchanged():
    text = "met Dewi, 0813-2441-8160"
    assert ErasedTraces.of(names=[""], emails=[""], phones=[None]).scrub(text) == text


def test_a_foreign_number_is_erased_only_with_its_country_code():
    traces = ErasedTraces.of(names=[], emails=[], phones=[normalise_phone("+44 20 7946 0958")])
    assert traces.scrub("UK office +44 20 7946 0958, not 20 7946 0958") == (
        f"UK office {ERASED_TEXT}, not 20 7946 0958"
    )
