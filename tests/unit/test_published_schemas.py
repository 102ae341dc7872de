"""What each service's published OpenAPI document allows, the server accepts, and what the
server refuses, the document refuses or states: enums no wider than what is taken, and the
patterns enforced in code published as they are. Patterns are evaluated as JSON Schema reads
them (ECMA-262, via jsonschema_rs, the validator the API fuzzing uses), not as Python does."""

import re
import uuid
from datetime import UTC, datetime

import httpx
import jsonschema_rs
import pytest
from pydantic import ValidationError

from contracts.notifications import Channel
from services.booking.entrypoints.http.booking_schemas import TENANT_CANCELLATION_REASONS
from services.booking.service_layer.availability import MAX_RANGE
from services.notifications.domain.categories import Category
from services.notifications.domain.errors import InvalidPreferences
from services.notifications.domain.preferences import Preferences
from services.tenancy.domain.errors import InvalidTaxId
from services.tenancy.domain.tax_id import normalise_npwp
from services.tenancy.entrypoints.http.tenant_schemas import ContactIn
from shared.auth.access import Role
from shared.http.pagination import decode_cursor, encode_cursor
from shared.http.problems import Problem
from tests.service_apps import service_app


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return {name: service_app(name).openapi() for name in ("tenancy", "booking", "notifications")}


def schema_of(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def resolved(document: dict, schema: dict) -> dict:
    if "$ref" in schema:
        return schema_of(document, schema["$ref"].rsplit("/", 1)[1])
    return schema


def valid_by(schema: dict, value: object) -> bool:
    return jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(value)


NPWP_SAMPLES = [
    "012345678901000",
    "3273012345678901",
    "01.234.567.8-901.000",
    "",
    "12345",
    "01.234.567.8-901",
    "0123456789010001X",
    "01-234-567-8-901-000",
    "01234567890100",
    "01234567890100000",
    " 012345678901000",
    "012345678901000 ",
    "012345678901000\n",
    "01.234.567.8-901.0001",
    "012345678901000".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    "012345678901000".translate(
        str.maketrans("0123456789", "".join(map(chr, range(0xFF10, 0xFF1A))))
    ),
]


def domain_accepts_npwp(value: str) -> bool:
    try:
        normalise_npwp(value)
    except InvalidTaxId:
        return False
    return True


@pytest.mark.parametrize("body", ["TenantRegistration", "TenantUpdate"])
@pytest.mark.parametrize("sample", NPWP_SAMPLES)
def test_the_published_tax_id_pattern_matches_exactly_the_npwps_the_domain_accepts(
    documents, body, sample
):
    published = schema_of(documents["tenancy"], body)["properties"]["tax_id"]

    assert valid_by(published, sample) == domain_accepts_npwp(sample), repr(sample)


EMAIL_SAMPLES = [
    "siti@kopikode.id",
    "ops@bitc.cimahikota.go.id",
    "a@foo.test.id",
    "rn/@t2u.test",
    "someone@studio.local",
    "a@x.LOCALHOST",
    "x@hidden.onion",
    "a@b",
    "no-at-sign.id",
]


@pytest.mark.parametrize("sample", EMAIL_SAMPLES)
def test_a_contact_email_the_schema_allows_is_taken_and_a_reserved_domain_is_refused_by_both(
    documents, sample
):
    published = schema_of(documents["tenancy"], "ContactIn")["properties"]["email"]
    body = {"name": "Siti", "email": sample}
    try:
        ContactIn.model_validate(body)
        taken = True
    except ValidationError:
        taken = False

    assert valid_by(published, sample) == taken, sample


def test_the_cancel_reasons_published_are_those_a_caller_may_give(documents):
    request = schema_of(documents["booking"], "CancelRequest")["properties"]["reason"]
    published = set(resolved(documents["booking"], request)["enum"])

    # Staff may give every published reason, a tenant's users the by_booker one; the platform's
    # own (tenant_suspended, space_closed, ...) are not offered.
    assert published == {"by_booker", "by_staff"}
    assert {str(reason) for reason in TENANT_CANCELLATION_REASONS} <= published


async def test_a_reason_outside_the_published_enum_is_refused_and_tenants_cancel_as_booker(
    tokens,
):
    app = service_app("booking", auth=tokens.settings)
    transport = httpx.ASGITransport(app=app)
    cancel = f"/bookings/{uuid.uuid4()}/cancel"
    member = tokens.headers(Role.tenant_member, tenant_id=uuid.uuid4())
    async with httpx.AsyncClient(transport=transport, base_url="http://booking") as client:
        platform_reason = await client.post(
            cancel, json={"reason": "tenant_suspended"}, headers=tokens.headers(Role.manager)
        )
        staff_reason = await client.post(cancel, json={"reason": "by_staff"}, headers=member)

    # Both refused before the booking is looked up: no database is needed to answer them.
    assert platform_reason.status_code == 422
    assert platform_reason.json()["type"] == "urn:bitc:problem:invalid-request"
    assert staff_reason.status_code == 422
    assert staff_reason.json()["type"] == "urn:bitc:problem:cancellation-reason"


def preferences_accepted(**kwargs: object) -> bool:
    try:
        Preferences(uuid.uuid4(), **kwargs)
    except InvalidPreferences:
        return False
    return True


def test_every_preference_channel_published_is_kept_and_no_other(documents):
    channels = schema_of(documents["notifications"], "PreferencesBody")["properties"]["channels"]
    listed = channels["additionalProperties"]

    for channel in Channel:
        choice = {Category.BOOKING_CONFIRMED: (channel,)}
        assert valid_by(listed, [channel.value]) == preferences_accepted(channels=choice), channel
    assert not valid_by(listed, [])
    assert not preferences_accepted(channels={Category.BOOKING_CONFIRMED: ()})


def test_every_opt_out_published_is_kept_and_no_other(documents):
    opted_out = schema_of(documents["notifications"], "PreferencesBody")["properties"]["opted_out"]

    for category in Category:
        accepted = preferences_accepted(opted_out=frozenset({category}))
        assert valid_by(opted_out, [category.value]) == accepted, category


def test_a_cursor_this_api_gives_out_fits_the_published_form_and_others_are_refused(documents):
    parameters = documents["booking"]["paths"]["/bookings"]["get"]["parameters"]
    cursor = next(p for p in parameters if p["name"] == "cursor")
    assert "next_cursor" in cursor["description"]
    given = encode_cursor(datetime.now(UTC), uuid.uuid4())

    assert valid_by(cursor["schema"], given)
    for outside in ("", "a b", "!" + given, given + "!", "é" + given):
        assert not valid_by(cursor["schema"], outside), outside
        with pytest.raises(Problem):
            decode_cursor(outside, datetime.fromisoformat, uuid.UUID)


def test_rules_across_fields_are_stated_where_json_schema_cannot_say_them(documents):
    booking = documents["booking"]
    ends = schema_of(booking, "BookingRequest")["properties"]["ends_at"]["description"]
    assert "After starts_at" in ends
    assert "12 hours" in ends
    availability = booking["paths"]["/spaces/{space_id}/availability"]["get"]["parameters"]
    ends_at = next(p for p in availability if p["name"] == "ends_at")["description"]
    assert f"{MAX_RANGE.days} days" in ends_at
    assert "After starts_at" in ends_at
    until = schema_of(booking, "SeriesRequest")["properties"]["until"]["description"]
    assert "not both" in until


@pytest.mark.parametrize(
    ("service", "body", "member", "slug"),
    [
        ("tenancy", "LeaseIn", "ends_on", "invalid-lease-terms"),
        ("tenancy", "Renewal", "ends_on", "invalid-lease-terms"),
        ("tenancy", "Termination", "ends_on", "invalid-lease-terms"),
        ("tenancy", "PlanIn", "quotas", "rule-broken"),
        ("booking", "BookingRequest", "ends_at", "period-empty"),
        ("booking", "ClosureIn", "ends_at", "period-empty"),
        ("booking", "SeriesRequest", "until", "series-bounds"),
        ("booking", "SpaceIn", "opening_hours", "opening-hours-invalid"),
    ],
)
def test_each_rule_the_server_checks_across_members_names_its_problem_in_the_schema(
    documents, service, body, member, slug
):
    assert slug in schema_of(documents[service], body)["properties"][member]["description"]


def string_schemas(node: object) -> list[dict]:
    if isinstance(node, list):
        return [found for item in node for found in string_schemas(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") == "string" else []
    return own + [found for value in node.values() for found in string_schemas(value)]


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
def test_no_string_the_documents_allow_may_hold_the_nul_character_the_server_refuses(
    documents, service
):
    document = documents[service]
    published = string_schemas(document["paths"]) + string_schemas(document["components"])

    assert published
    allowing_nul = [schema for schema in published if valid_by(schema, "a\u0000b")]
    assert not allowing_nul


def date_time_query_parameters(document: dict) -> list[tuple[str, str]]:
    found = []
    for template, operations in document["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            schema = parameter["schema"]
            formats = {s.get("format") for s in [schema, *schema.get("anyOf", [])]}
            if parameter["in"] == "query" and "date-time" in formats:
                found.append((template, parameter["name"]))
    return found


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
async def test_a_date_time_query_parameter_refuses_a_number_as_its_format_says(
    documents, tokens, service
):
    parameters = date_time_query_parameters(documents[service])
    app = service_app(service, auth=tokens.settings)
    transport = httpx.ASGITransport(app=app)
    admin = tokens.headers(Role.admin)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        for template, name in parameters:
            path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), template)
            answer = await client.get(path, params={name: "-59445614"}, headers=admin)

            assert answer.status_code == 422, (template, name)
            locations = [error["location"] for error in answer.json()["errors"]]
            assert ["query", name] in locations, (template, name, locations)


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
def test_the_audit_log_states_that_until_comes_after_since(documents, service):
    parameters = documents[service]["paths"]["/audit"]["get"]["parameters"]
    until = next(p for p in parameters if p["name"] == "until")

    assert "invalid-period" in until["description"]
