"""Booking's reports and export over HTTP with real tokens against the real database: each
figure equals a count the test makes itself from the bookings it drove through their lives,
a booking in the first hours of a WIB month (the previous day in UTC) counts in that month and
one in the first hours of the next month does not; the roles and the sponsor scope hold; the
export has the agreed header, applies the list's filters and shows a tenant only its own."""

import csv
import io
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from contracts.booking import CancellationReason, ClosureReason, Site, SpaceType
from contracts.tenancy import TenantActivated, TenantKind
from services.booking.domain.booking import NO_SHOW_AFTER, Booking, Period
from services.booking.domain.local_time import WIB
from services.booking.service_layer import bookings, closures, tenant_projection
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import Role
from shared.domain.report_period import ReportPeriod
from tests.integration.test_booking_support import own_space

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"
CSV = {"Accept": "text/csv"}
APPROVED = {"confirmed", "checked_in", "completed", "no_show"}
EXPORT_HEADER = (
    "booking_id,space_id,space_code,site,space_type,tenant_id,tenant_kind,starts_at,ends_at,"
    "hours,status,status_reason,attendees,series_id,checked_in_at,created_at"
)


def following_month(after: date) -> ReportPeriod:
    return ReportPeriod.month(after.year + after.month // 12, after.month % 12 + 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WIB)


def wib_month(instant: datetime) -> str:
    return instant.astimezone(WIB).strftime("%Y-%m")


async def tenant(engine, kind: TenantKind, sponsor: str | None = None) -> uuid.UUID:
    """A tenant booking knows as tenancy's activation event would tell it."""
    tenant_id = uuid.uuid4()
    activated = TenantActivated(
        tenant_id=tenant_id,
        occurred_at=datetime.now(UTC),
        kind=kind,
        plan_code="test-plan",
        sponsor_agency=sponsor,
    )
    async with BookingUnitOfWork(engine) as uow:
        await tenant_projection.on_tenant_activated(activated, None, uow)
        await uow.commit()
    return tenant_id


async def step(engine, booking_id: uuid.UUID, act: Callable[[Booking], None]) -> None:
    """One of the booking's own steps whose time matters (check-in, completion, no-show),
    taken at the booking's times rather than now, then stored as the services store it."""
    async with BookingUnitOfWork(engine) as uow:
        found = await uow.bookings.get(booking_id, for_update=True)
        act(found)
        await uow.bookings.save(found)
        await uow.commit()


@dataclass
class Booked:
    """What the test knows of a booking it made, to count the figures on its own."""

    booking: Booking
    kind: str
    status: str = "confirmed"
    checked_in: bool = False

    @property
    def hours(self) -> float:
        return self.booking.period.duration.total_seconds() / 3600


class Calendar:
    """Books through the service layer and walks each booking to its final state."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.made: list[Booked] = []

    async def book(
        self, space: uuid.UUID, who: uuid.UUID, kind: str, starts: datetime, hours: float
    ) -> Booked:
        made = await bookings.book_space(
            BookingUnitOfWork(self.engine),
            space_id=space,
            tenant_id=who,
            period=Period(starts, starts + timedelta(hours=hours)),
        )
        booked = Booked(made, kind, made.status.value)
        self.made.append(booked)
        return booked

    async def cancel(self, booked: Booked) -> None:
        await bookings.cancel_booking(
            BookingUnitOfWork(self.engine), booked.booking.id, CancellationReason.BY_BOOKER,
            actor="siti",
        )  # fmt: skip
        booked.status = "cancelled"

    async def approve(self, booked: Booked) -> None:
        await bookings.approve_booking(
            BookingUnitOfWork(self.engine), booked.booking.id, actor="ayu"
        )
        booked.status = "confirmed"

    async def reject(self, booked: Booked) -> None:
        await bookings.reject_booking(
            BookingUnitOfWork(self.engine), booked.booking.id, "room-needed", actor="ayu"
        )
        booked.status = "rejected"

    async def check_in(self, booked: Booked) -> None:
        await step(self.engine, booked.booking.id, lambda b: b.check_in(b.period.starts_at))
        booked.status, booked.checked_in = "checked_in", True

    async def complete(self, booked: Booked) -> None:
        await step(self.engine, booked.booking.id, lambda b: b.complete(b.period.ends_at))
        booked.status = "completed"

    async def no_show(self, booked: Booked) -> None:
        await step(
            self.engine,
            booked.booking.id,
            lambda b: b.mark_no_show(b.period.starts_at + NO_SHOW_AFTER),
        )
        booked.status = "no_show"

    async def stored_statuses(self) -> dict[uuid.UUID, str]:
        found = {}
        for booked in self.made:
            got = await bookings.get_booking(BookingUnitOfWork(self.engine), booked.booking.id)
            found[got.id] = got.status.value
        return found


@dataclass(frozen=True)
class Month:
    period: ReportPeriod
    next: ReportPeriod

    @property
    def text(self) -> str:
        return self.period.first_day.strftime("%Y-%m")

    def day(self, n: int) -> date:
        return self.period.first_day + timedelta(days=n - 1)


@pytest.fixture
def month() -> Month:
    """The next WIB month: every booking of it is still in the future, so it can be booked."""
    period = following_month(datetime.now(WIB).date())
    return Month(period, following_month(period.first_day))


@dataclass(frozen=True)
class Lived:
    """What the reports are checked against: who booked what, and how each booking ended."""

    cal: Calendar
    month: Month
    sponsors: dict[uuid.UUID, str]
    agency: str
    other_agency: str
    room: uuid.UUID
    hall: uuid.UUID
    band: uuid.UUID
    startup: uuid.UUID


@pytest.fixture
async def lived(booking, month) -> Lived:
    """Two agencies' communities and a startup, their bookings of one month walked to every
    end a booking can have."""
    _, engine = booking
    agency, other_agency = f"Dispudpar-{uuid.uuid4().hex[:6]}", f"Disbud-{uuid.uuid4().hex[:6]}"
    band = await tenant(engine, TenantKind.COMMUNITY, agency)
    choir = await tenant(engine, TenantKind.COMMUNITY, agency)
    other = await tenant(engine, TenantKind.COMMUNITY, other_agency)
    startup = await tenant(engine, TenantKind.STARTUP)
    room = await own_space(engine, SpaceType.MUSIC_ROOM)
    hall = await own_space(engine, SpaceType.MEETING_ROOM, approval_kinds=["community"])
    cal = Calendar(engine)
    community = TenantKind.COMMUNITY.value

    # 06:00 WIB on the 1st is 23:00 UTC on the last day of the month before.
    first_hours = await cal.book(room, band, community, at(month.day(1), 6), 2)
    assert wib_month(first_hours.booking.period.starts_at) == month.text
    assert first_hours.booking.period.starts_at.astimezone(UTC).date() < month.day(1)
    await cal.check_in(first_hours)
    await cal.complete(first_hours)
    await cal.no_show(await cal.book(room, band, community, at(month.day(2), 10), 1.5))
    await cal.cancel(await cal.book(room, band, community, at(month.day(3), 10), 2))
    await cal.check_in(await cal.book(room, choir, community, at(month.day(2), 14), 1))
    await cal.book(room, choir, community, at(month.day(4), 9), 1)
    await cal.book(room, other, community, at(month.day(2), 16), 2)
    await cal.book(room, startup, "startup", at(month.day(5), 10), 3)
    await cal.no_show(await cal.book(room, startup, "startup", at(month.day(6), 10), 1))
    # In the month after, though its UTC day is still this month's last.
    await cal.book(room, band, community, at(month.next.first_day, 6), 1)
    await cal.reject(await cal.book(hall, band, community, at(month.day(6), 10), 1))
    await cal.approve(await cal.book(hall, band, community, at(month.day(6), 12), 2))
    await cal.book(hall, choir, community, at(month.day(7), 10), 1)  # left requested
    assert await cal.stored_statuses() == {b.booking.id: b.status for b in cal.made}

    closed = [
        (at(month.day(20), 10), at(month.day(20), 13)),  # 3 open hours
        (at(month.day(21), 22), at(month.day(22), 1)),  # only 22:00-23:00 is open
    ]
    for starts_at, ends_at in closed:
        await closures.close(
            BookingUnitOfWork(engine),
            site=Site.TECHNO_PARK,
            space_id=room,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=ClosureReason.MAINTENANCE,
            key=None,
            actor="ayu",
        )
    sponsors = {band: agency, choir: agency, other: other_agency}
    return Lived(cal, month, sponsors, agency, other_agency, room, hall, band, startup)


def expected_sponsor_rows(cal: Calendar, sponsors: dict, agency: str, month: str) -> dict:
    """The sponsor report's rows as the test counts them from its own bookings."""
    figures: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for booked in cal.made:
        b = booked.booking
        if sponsors.get(b.tenant_id) != agency or wib_month(b.period.starts_at) != month:
            continue
        row = figures[(str(b.tenant_id), b.site.value, b.space_type.value)]
        row["hours_requested"] += booked.hours
        row["hours_approved"] += booked.hours if booked.status in APPROVED else 0
        row["hours_used"] += booked.hours if booked.checked_in else 0
        row["hours_cancelled"] += booked.hours if booked.status == "cancelled" else 0
        row["hours_no_show"] += booked.hours if booked.status == "no_show" else 0
    return {key: {name: round(v, 2) for name, v in row.items()} for key, row in figures.items()}


async def test_the_sponsor_report_counts_each_community_as_the_test_does(booking, tokens, lived):
    client, _ = booking
    cal, agency, month = lived.cal, lived.agency, lived.month.text
    manager = tokens.headers(Role.manager)

    answer = await client.get(
        "/reports/sponsors", params={"month": month, "sponsor_agency": agency}, headers=manager
    )

    assert answer.status_code == 200, answer.text
    report = answer.json()
    period = ReportPeriod.of_month_text(month)
    assert (report["from"], report["to"]) == (str(period.first_day), str(period.last_day))
    got = {
        (r["tenant_id"], r["site"], r["space_type"]): {k: v for k, v in r.items() if "hours" in k}
        for r in report["rows"]
    }
    assert got == expected_sponsor_rows(cal, lived.sponsors, agency, month)
    assert {(r["month"], r["sponsor_agency"]) for r in report["rows"]} == {(month, agency)}
    band_room = got[(str(lived.band), "techno_park", "music_room")]
    assert band_room["hours_used"] == 2.0, "the visit in the month's first WIB hours counts"

    as_csv = await client.get(
        "/reports/sponsors",
        params={"month": month, "sponsor_agency": agency},
        headers=manager | CSV,
    )
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.headers["content-disposition"] == (
        f'attachment; filename="sponsors-{period.first_day}-{period.last_day}.csv"'
    )
    table = list(csv.DictReader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    assert list(table[0]) == [
        "month", "sponsor_agency", "tenant_id", "site", "space_type", "hours_requested",
        "hours_approved", "hours_used", "hours_cancelled", "hours_no_show",
    ]  # fmt: skip
    assert [{k: float(v) for k, v in row.items() if "hours" in k} for row in table] == [
        {k: v for k, v in row.items() if "hours" in k} for row in report["rows"]
    ]


async def test_a_sponsors_integrator_sees_its_own_agency_only(booking, tokens, lived):
    client, _ = booking
    agency, other_agency, month = lived.agency, lived.other_agency, lived.month.text
    own = {"Authorization": f"Bearer {tokens.key.mint([Role.integrator], sponsor_agency=agency)}"}

    forced = await client.get("/reports/sponsors", params={"month": month}, headers=own)
    named = await client.get(
        "/reports/sponsors", params={"month": month, "sponsor_agency": agency}, headers=own
    )
    other = await client.get(
        "/reports/sponsors", params={"month": month, "sponsor_agency": other_agency}, headers=own
    )
    city_wide = await client.get("/reports/utilisation", params={"month": month}, headers=own)

    assert forced.status_code == 200, forced.text
    assert {r["sponsor_agency"] for r in forced.json()["rows"]} == {agency}
    assert forced.json() == named.json()
    assert (other.status_code, other.headers["content-type"]) == (403, PROBLEM)
    assert other.json()["type"] == "urn:bitc:problem:other-sponsor"
    assert city_wide.status_code == 403
    assert city_wide.json()["type"] == "urn:bitc:problem:sponsor-scoped"
    everyone = await client.get(
        "/reports/sponsors",
        params={"month": month, "sponsor_agency": other_agency},
        headers=tokens.headers(Role.integrator),
    )
    assert {r["sponsor_agency"] for r in everyone.json()["rows"]} == {other_agency}


async def test_the_utilisation_report_counts_each_space_as_the_test_does(booking, tokens, lived):
    client, _ = booking
    cal, room, period, month = lived.cal, lived.room, lived.month.period, lived.month.text

    answer = await client.get(
        "/reports/utilisation",
        params={"from": str(period.first_day), "to": str(period.last_day), "space_id": str(room)},
        headers=tokens.headers(Role.admin),
    )

    assert answer.status_code == 200, answer.text
    rows = {r["tenant_kind"]: r for r in answer.json()["rows"]}
    assert set(rows) == {"community", "startup", "all"}
    assert {(r["month"], r["space_id"]) for r in rows.values()} == {(month, str(room))}
    # Open 06:00-23:00 every day, less the two closures' 3 + 1 open hours.
    opening = 17 * period.days - 4
    mine = [
        b for b in cal.made if b.booking.space_id == room and wib_month(b.booking.period.starts_at)
        == month
    ]  # fmt: skip
    for kind in ("community", "startup", "all"):
        counted = [b for b in mine if kind in ("all", b.kind)]
        booked = [b for b in counted if b.status in APPROVED]
        booked_hours = sum(b.hours for b in booked)
        no_shows = sum(1 for b in booked if b.status == "no_show")
        figures = ("booked_hours", "used_hours", "opening_hours", "share_of_opening")
        assert {name: rows[kind][name] for name in (*figures, "no_show_rate")} == {
            "booked_hours": round(booked_hours, 2),
            "used_hours": round(sum(b.hours for b in counted if b.checked_in), 2),
            "opening_hours": opening,
            "share_of_opening": round(booked_hours / opening, 4),
            "no_show_rate": round(no_shows / len(booked), 4),
        }, kind
    assert rows["all"]["space_type"] == "music_room"

    as_csv = await client.get(
        "/reports/utilisation",
        params={"month": month, "space_id": str(room)},
        headers=tokens.headers(Role.manager) | CSV,
    )
    lines = as_csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "month,site,space_id,space_code,space_name,space_type,tenant_kind,booked_hours,"
        "used_hours,opening_hours,share_of_opening,no_show_rate"
    )
    assert len(lines) == 1 + len(rows)


async def test_reports_refuse_tenant_users_and_a_bad_period(booking, tokens):
    client, _ = booking
    member = tokens.headers(Role.tenant_member, tenant_id=uuid.uuid4())
    lead = tokens.headers(Role.community_lead, tenant_id=uuid.uuid4())
    manager = tokens.headers(Role.manager)
    for path in ("/reports/sponsors", "/reports/utilisation"):
        for headers in (member, lead):
            refused = await client.get(path, params={"month": "2026-11"}, headers=headers)
            assert (refused.status_code, refused.json()["type"]) == (
                403,
                "urn:bitc:problem:forbidden",
            ), path
        for bad in (
            {"from": "2026-11-30", "to": "2026-11-01"},
            {"from": "2025-01-01", "to": "2026-06-30"},
            {"month": "2026-11", "from": "2026-11-01", "to": "2026-11-30"},
            {},
        ):
            answer = await client.get(path, params=bad, headers=manager)
            assert (answer.status_code, answer.headers["content-type"]) == (422, PROBLEM), bad
            assert answer.json()["type"] == "urn:bitc:problem:invalid-period", bad
        unreadable = await client.get(path, params={"month": "2026-13"}, headers=manager)
        assert unreadable.status_code == 422
        xml = await client.get(
            path, params={"month": "2026-11"}, headers=manager | {"Accept": "application/xml"}
        )
        assert xml.status_code == 406


async def test_the_export_has_the_agreed_header_applies_filters_and_shows_a_tenant_its_own(
    booking, tokens, lived
):
    client, _ = booking
    cal, room, hall, band = lived.cal, lived.room, lived.hall, lived.band
    mine = {str(b.booking.id): b for b in cal.made}
    staff = tokens.headers(Role.manager)

    every = await client.get(
        "/exports/bookings", params={"space_id": str(room)}, headers=staff | CSV
    )

    assert every.status_code == 200, every.text
    assert every.headers["content-disposition"] == 'attachment; filename="bookings.csv"'
    text = every.text.lstrip("\ufeff")
    assert text.split("\r\n")[0] == EXPORT_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    room_ids = [str(b.booking.id) for b in cal.made if b.booking.space_id == room]
    assert sorted(r["booking_id"] for r in rows) == sorted(room_ids)
    assert [r["starts_at"] for r in rows] == sorted(r["starts_at"] for r in rows)
    first = next(r for r in rows if mine[r["booking_id"]] is cal.made[0])
    starts = datetime.fromisoformat(first["starts_at"])
    assert (starts.utcoffset(), starts.hour) == (timedelta(hours=7), 6), "shown in WIB"
    assert starts == cal.made[0].booking.period.starts_at
    assert (first["hours"], first["status"], first["tenant_kind"]) == (
        "2.0",
        "completed",
        "community",
    )
    assert first["checked_in_at"] == first["starts_at"]
    for row in rows:
        assert row["status"] == mine[row["booking_id"]].status

    no_shows = await client.get(
        "/exports/bookings", params={"space_id": str(room), "status": "no_show"}, headers=staff
    )
    assert no_shows.headers["content-type"] == "application/json"
    assert sorted(r["booking_id"] for r in no_shows.json()) == sorted(
        str(b.booking.id) for b in cal.made if b.booking.space_id == room and b.status == "no_show"
    )

    own = tokens.headers(Role.community_lead, tenant_id=band)
    theirs = await client.get("/exports/bookings", headers=own | CSV)
    got = {r["booking_id"] for r in csv.DictReader(io.StringIO(theirs.text.lstrip("\ufeff")))}
    assert got == {str(b.booking.id) for b in cal.made if b.booking.tenant_id == band}
    other = await client.get(
        "/exports/bookings", params={"tenant_id": str(lived.startup)}, headers=own
    )
    assert (other.status_code, other.json()["type"]) == (403, "urn:bitc:problem:forbidden-tenant")
    hall_only = await client.get("/exports/bookings", params={"space_id": str(hall)}, headers=own)
    assert {r["booking_id"] for r in hall_only.json()} == {
        str(b.booking.id)
        for b in cal.made
        if b.booking.tenant_id == band and b.booking.space_id == hall
    }
