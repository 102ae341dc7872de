"""Every message type renders from the real template files in both languages, with the details
the real events carry; a variable a template lacks fails here, not in a send."""

import uuid
from datetime import UTC, date, datetime

import pytest
from jinja2 import UndefinedError

from contracts.booking import (
    BookingCancelled,
    BookingConfirmed,
    BookingNoShow,
    BookingRejected,
    BookingWaitlistPromoted,
    CancellationReason,
    ClosureReason,
    Occurrence,
    QuotaExhausted,
    SeriesCreated,
)
from contracts.tenancy import (
    LeaseEnded,
    LeaseExpiring,
    LeaseSigned,
    OffboardingReason,
    Site,
    SpaceType,
    SuspensionReason,
    TenantActivated,
    TenantKind,
    TenantOffboarded,
    TenantReinstated,
    TenantSuspended,
)
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.domain.categories import Category
from services.notifications.domain.message_catalog import category_of, details_of

TENANT = uuid.UUID("7d5e2b7c-1f7a-4c52-9b7e-1a2b3c4d5e6f")
NOW = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
STARTS = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # 19.00 WIB
ENDS = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
LEASE = {"lease_id": uuid.uuid4(), "unit_id": uuid.uuid4(), "site": Site.BITC}
BOOKING = {
    "booking_id": uuid.UUID("0b6f7d1e-8a43-4d0e-9a51-3b2f1c0d9e8a"),
    "tenant_id": TENANT,
    "space_id": uuid.uuid4(),
    "space_code": "BITC-MUSIC-2",
    "space_type": SpaceType.MUSIC_ROOM,
    "site": Site.BITC,
    "starts_at": STARTS,
    "ends_at": ENDS,
    "occurred_at": NOW,
}

EVENTS = [
    TenantActivated(
        tenant_id=TENANT, occurred_at=NOW, kind=TenantKind.COMMUNITY, plan_code="community"
    ),
    TenantSuspended(tenant_id=TENANT, occurred_at=NOW, reason=SuspensionReason.PAYMENT_OVERDUE),
    TenantReinstated(tenant_id=TENANT, occurred_at=NOW),
    TenantOffboarded(tenant_id=TENANT, occurred_at=NOW, reason=OffboardingReason.GRADUATED),
    BookingConfirmed(**BOOKING),
    BookingRejected(**BOOKING, reason="over-quota"),
    BookingCancelled(**BOOKING, reason=CancellationReason.SPACE_CLOSED),
    BookingNoShow(**BOOKING),
    BookingWaitlistPromoted(**BOOKING),
    SeriesCreated(
        series_id=uuid.uuid4(),
        tenant_id=TENANT,
        space_id=uuid.uuid4(),
        space_code="BITC-MUSIC-2",
        occurrences=[
            Occurrence(starts_at=STARTS, ends_at=ENDS, booking_id=uuid.uuid4()),
            Occurrence(
                starts_at=STARTS.replace(day=15),
                ends_at=ENDS.replace(day=15),
                skipped_because="space-closed",
                closure_id=uuid.uuid4(),
                closure_reason=ClosureReason.PUBLIC_HOLIDAY,
            ),
            Occurrence(
                starts_at=STARTS.replace(day=22),
                ends_at=ENDS.replace(day=22),
                skipped_because="booking-conflict",
            ),
        ],
        occurred_at=NOW,
    ),
    QuotaExhausted(
        tenant_id=TENANT,
        space_type=SpaceType.DUBBING_STUDIO,
        month="2026-12",
        quota_hours=20,
        occurred_at=NOW,
    ),
    LeaseSigned(
        tenant_id=TENANT,
        occurred_at=NOW,
        **LEASE,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        monthly_rent_idr=3_500_000,
        deposit_idr=7_000_000,
    ),
    LeaseExpiring(
        tenant_id=TENANT, occurred_at=NOW, **LEASE, ends_on=date(2027, 1, 30), days_left=60
    ),
    LeaseEnded(tenant_id=TENANT, occurred_at=NOW, **LEASE, ended_on=date(2026, 11, 30)),
]
TENANT_CONTEXT = {"contact_name": "Asep", "organisation": "Komunitas Musik Baros"}
STAFF_CONTEXT = {"tenant_names": {str(TENANT): "Komunitas Musik Baros"}}
REQUEST_ITEM = details_of(BookingConfirmed(**BOOKING)) | {"tenant_id": str(TENANT)}
LEASE_ITEM = {
    "lease_id": str(LEASE["lease_id"]),
    "tenant_id": str(TENANT),
    "unit_id": str(LEASE["unit_id"]),
    "site": "bitc",
    "ends_on": "2026-12-10",
}
OTHERS = {
    Category.BOOKING_REMINDER: TENANT_CONTEXT
    | {"details": details_of(BookingConfirmed(**BOOKING))},
    Category.STAFF_REQUESTS_DIGEST: STAFF_CONTEXT | {"details": {"items": [REQUEST_ITEM]}},
    Category.STAFF_LEASE_DIGEST: STAFF_CONTEXT
    | {"details": {"week_start": "2026-12-07", "week_end": "2026-12-13", "items": [LEASE_ITEM]}},
}


def examples() -> dict[Category, dict]:
    found = {category_of(e): TENANT_CONTEXT | {"details": details_of(e)} for e in EVENTS}
    return found | OTHERS


def test_every_category_has_an_example():
    assert set(examples()) == set(Category)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("category", list(Category))
def test_each_message_renders_in_both_languages(category, language):
    rendered = MessageRenderer().render(category, language, examples()[category])

    assert rendered.subject
    assert "\n" not in rendered.subject
    assert rendered.body
    assert rendered.short
    assert len(rendered.short) <= 320, "WhatsApp/SMS text stays short"


def test_times_are_in_jakarta_and_money_the_indonesian_way():
    renderer = MessageRenderer()
    confirmed = renderer.render(
        Category.BOOKING_CONFIRMED, "id", examples()[Category.BOOKING_CONFIRMED]
    )
    lease = renderer.render(Category.LEASE_SIGNED, "en", examples()[Category.LEASE_SIGNED])

    assert "Selasa, 8 Desember 2026 pukul 19.00 WIB" in confirmed.body
    assert "ruang latihan musik" in confirmed.body
    assert "Rp3.500.000" in lease.body
    assert (
        "Tuesday 8 December 2026, 19:00 WIB"
        in renderer.render(
            Category.BOOKING_CONFIRMED, "en", examples()[Category.BOOKING_CONFIRMED]
        ).body
    )


@pytest.mark.parametrize(
    ("language", "closed", "taken"),
    [
        ("en", "the space is closed at that time (public holiday)", "that time is already booked"),
        ("id", "ruangan tutup pada waktu tersebut (hari libur)", "waktu tersebut sudah dipesan"),
    ],
)
def test_a_series_summary_names_the_closure_a_skipped_date_fell_on(language, closed, taken):
    summary = examples()[Category.SERIES_SUMMARY]
    body = MessageRenderer().render(Category.SERIES_SUMMARY, language, summary).body
    skipped = [line for line in body.splitlines() if line.endswith((closed, taken))]
    assert skipped[0].endswith(closed)
    assert skipped[1].endswith(taken), "no closure named where there was none"
    # An occurrence stored before closures were named in it still renders.
    older = [o for o in summary["details"]["occurrences"] if o["closure_reason"] is None]
    for occurrence in older:
        occurrence.pop("closure_id")
        occurrence.pop("closure_reason")
    dated = summary | {"details": summary["details"] | {"occurrences": older}}
    assert taken in MessageRenderer().render(Category.SERIES_SUMMARY, language, dated).body


def test_the_welcome_names_the_plan_by_its_name():
    activated = TenantActivated(
        tenant_id=TENANT,
        occurred_at=NOW,
        kind=TenantKind.COMPANY,
        plan_code="office-tenant",
        plan_title="Office tenant",
    )
    context = TENANT_CONTEXT | {"details": details_of(activated)}
    welcome = MessageRenderer().render(Category.TENANT_ACTIVATED, "id", context)
    assert "sesuai paket Office tenant." in welcome.body
    assert "(paket Office tenant)" in welcome.short
    assert "office-tenant" not in welcome.body + welcome.short
    # A welcome queued before events carried the name still goes out, naming the code.
    queued_before = {k: v for k, v in details_of(activated).items() if k != "plan_title"}
    older = MessageRenderer().render(
        Category.TENANT_ACTIVATED, "en", TENANT_CONTEXT | {"details": queued_before}
    )
    assert "under the office-tenant plan" in older.body


def test_an_unknown_language_falls_back_to_bahasa_indonesia():
    rendered = MessageRenderer().render(
        Category.TENANT_REINSTATED, "fr", TENANT_CONTEXT | {"details": {}}
    )
    assert "aktif kembali" in rendered.subject


def test_a_missing_variable_fails_loudly():
    with pytest.raises(UndefinedError):
        MessageRenderer().render(Category.BOOKING_CONFIRMED, "id", TENANT_CONTEXT | {"details": {}})
