"""GET /exports/notifications over the real database: the list's rows as a file, with the list's
filters and visibility, and a staff address shown only to staff."""

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.entrypoints.http.exports import COLUMNS
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import Role
from tests.integration.test_notifications_api import add_notifications, notifications_api

pytestmark = pytest.mark.integration
CSV = {"Accept": "text/csv"}
STAFF_ADDRESS = "pengelola@bitc.example.id"


@pytest.fixture
async def api(infra, tokens):
    async with notifications_api(infra, tokens) as client_and_engine:
        yield client_and_engine


async def add_staff_notification(engine, tenant_id: uuid.UUID) -> uuid.UUID:
    """A message about ``tenant_id`` sent to a staff address (a person's e-mail)."""
    now = datetime.now(UTC)
    n = Notification(
        tenant_id=tenant_id,
        recipient=STAFF_ADDRESS,
        recipient_kind=RecipientKind.STAFF,
        category=Category.LEASE_EXPIRING,
        channel=Channel.EMAIL,
        source_event_id=str(uuid.uuid4()),
        event_time=now,
        created_at=now,
        details={"lease_id": str(uuid.uuid4())},
    )
    async with NotificationsUnitOfWork(engine) as uow:
        await uow.notifications.add(n)
        await uow.commit()
    return n.id


def parsed(answer) -> tuple[list[str], list[dict[str, str]]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


async def test_staff_export_has_the_contracted_header_and_the_lists_filters(api):
    client, engine = api
    tenant_id = uuid.uuid4()
    dead_id, alive_id = await add_notifications(engine, tenant_id, 2, dead=1)
    staff_id = await add_staff_notification(engine, tenant_id)
    await add_notifications(engine, uuid.uuid4(), 1)  # another tenant's

    answer = await client.get(
        "/exports/notifications", params={"tenant_id": str(tenant_id)}, headers=CSV
    )
    header, rows = parsed(answer)

    assert header == list(COLUMNS)
    assert "attachment" in answer.headers["content-disposition"]
    assert ".csv" in answer.headers["content-disposition"]
    assert {r["notification_id"] for r in rows} == {str(dead_id), str(alive_id), str(staff_id)}
    by_id = {r["notification_id"]: r for r in rows}
    assert by_id[str(staff_id)]["recipient"] == STAFF_ADDRESS
    assert by_id[str(dead_id)]["status"] == "dead"
    assert by_id[str(dead_id)]["last_error"] == "recipient refused"
    assert all(r["created_at"].endswith("+07:00") for r in rows), "times are WIB"
    listed = (await client.get("/notifications", params={"tenant_id": str(tenant_id)})).json()
    assert [r["notification_id"] for r in rows] == [n["id"] for n in listed["items"]]

    dead = await client.get(
        "/exports/notifications",
        params={"tenant_id": str(tenant_id), "status": "dead"},
        headers=CSV,
    )
    assert [r["notification_id"] for r in parsed(dead)[1]] == [str(dead_id)]


async def test_a_tenants_user_gets_only_its_own_rows_without_addresses(api, tokens):
    client, engine = api
    own, other = uuid.uuid4(), uuid.uuid4()
    own_ids = set(await add_notifications(engine, own, 2))
    own_ids.add(await add_staff_notification(engine, own))
    await add_notifications(engine, other, 2)
    member = tokens.headers(Role.tenant_member, tenant_id=own)

    answer = await client.get("/exports/notifications", headers=member | CSV)
    _, rows = parsed(answer)

    assert {r["notification_id"] for r in rows} == {str(i) for i in own_ids}
    assert {r["tenant_id"] for r in rows} == {str(own)}
    assert all(r["recipient"] == "" for r in rows), "addresses are for staff only"
    assert {r["recipient_kind"] for r in rows} == {"tenant", "staff"}
    naming_another = await client.get(
        "/exports/notifications", params={"tenant_id": str(other)}, headers=member | CSV
    )
    assert naming_another.status_code == 403


async def test_json_is_one_array_and_an_integrator_sees_no_addresses(api, tokens):
    client, engine = api
    tenant_id = uuid.uuid4()
    staff_id = await add_staff_notification(engine, tenant_id)
    integrator = tokens.headers(Role.integrator)

    answer = await client.get(
        "/exports/notifications", params={"tenant_id": str(tenant_id)}, headers=integrator
    )

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    [row] = answer.json()
    assert (row["notification_id"], row["recipient"]) == (str(staff_id), None)
    assert list(row) == list(COLUMNS)
    refused = await client.get("/exports/notifications", headers={"Accept": "text/html"})
    assert refused.status_code == 406
